"""Request ids, one structured log line per request, and counters an operator can read.

Every response carries ``X-Request-ID`` (the proxy's, if it sent a sane one, else a new
one); the log line for the request names it, so a referee's "it failed at 10:31" can be
found. Log lines are JSON with no personal data: method, path (never the query string,
which may carry tokens), status, duration, user id.

``GET /metrics`` serves the counters in the Prometheus text format. They are per worker
process (gunicorn runs several): scrape each, or sum them in the collector.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
from collections import Counter

from flask import Flask, Response, g, request

log = logging.getLogger("meet.requests")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_lock = threading.Lock()
_requests: Counter[tuple[str, str]] = Counter()  # (method, status class) -> count
_seconds = {"sum": 0.0}
_started = time.time()


def request_id() -> str:
    return getattr(g, "request_id", "")


def _family(path: str) -> str:
    """A low-cardinality route family for the counters: /api, /static, /teams ..."""
    first = path.strip("/").split("/", 1)[0]
    return first if first in {"api", "static", "teams", "badge", "scoring", "admin",
                              "schedule", "standings", "login", "healthz"} else "pages"


def init_app(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _SANE_ID.match(incoming) else secrets.token_hex(8)
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        elapsed = time.perf_counter() - getattr(g, "started", time.perf_counter())
        response.headers["X-Request-ID"] = request_id()
        with _lock:
            _requests[(request.method, f"{response.status_code // 100}xx")] += 1
            _requests[("family:" + _family(request.path), f"{response.status_code // 100}xx")] += 1
            _seconds["sum"] += elapsed
        if not app.testing:
            user = getattr(g, "_login_user", None)
            log.info(json.dumps({
                "request_id": request_id(),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round(elapsed * 1000, 1),
                "user": getattr(user, "id", None),
            }))
        return response


def metrics_text() -> str:
    lines = [
        "# HELP meet_requests_total Requests served by this worker.",
        "# TYPE meet_requests_total counter",
    ]
    with _lock:
        for (method, status), count in sorted(_requests.items()):
            if method.startswith("family:"):
                continue
            lines.append(f'meet_requests_total{{method="{method}",status="{status}"}} {count}')
        lines += [
            "# HELP meet_requests_by_family_total Requests by route family.",
            "# TYPE meet_requests_by_family_total counter",
        ]
        for (method, status), count in sorted(_requests.items()):
            if method.startswith("family:"):
                family = method.split(":", 1)[1]
                lines.append(
                    f'meet_requests_by_family_total{{family="{family}",status="{status}"}} {count}'
                )
        lines += [
            "# HELP meet_request_seconds_sum Time spent serving requests.",
            "# TYPE meet_request_seconds_sum counter",
            f"meet_request_seconds_sum {_seconds['sum']:.6f}",
            "# HELP meet_uptime_seconds Seconds since this worker started.",
            "# TYPE meet_uptime_seconds gauge",
            f"meet_uptime_seconds {time.time() - _started:.0f}",
        ]
    return "\n".join(lines) + "\n"
