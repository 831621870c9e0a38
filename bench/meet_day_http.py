"""The load generator's HTTP side for ``bench/meet_day.py``: a small asyncio HTTP/1.1
client (standard library only) and the per-route-family statistics.

gunicorn's sync workers answer one request per connection and close it, which is what
a phone gets through the reverse proxy too; so each request opens a loopback
connection, sends ``Connection: close`` and reads to the end. Cookies are kept per
simulated user by hand: the production config marks the session cookie ``Secure``
(HTTPS ends at nginx), which a cookie jar would refuse to send over loopback HTTP.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

TIMEOUT = 60.0  # seconds; gunicorn's own worker timeout is 30 s


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


@dataclass
class Family:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0


class Stats:
    """Every request's route family, status and latency; errors with samples."""

    def __init__(self) -> None:
        self.families: dict[str, Family] = {}
        self.error_samples: list[str] = []
        self.errors = 0
        self.started = time.monotonic()

    def record(self, family: str, status: int, seconds: float, ok: bool, what: str) -> None:
        f = self.families.setdefault(family, Family())
        f.latencies.append(seconds)
        f.statuses[status] = f.statuses.get(status, 0) + 1
        if not ok:
            f.errors += 1
            self.error(f"{family}: {what} -> {status}")

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 40:
            self.error_samples.append(text[:300])

    def report(self, seconds: float) -> dict:
        out, total = {}, 0
        for name, f in sorted(self.families.items()):
            n = len(f.latencies)
            total += n
            lat = sorted(f.latencies)
            out[name] = {
                "requests": n, "rps": round(n / seconds, 2), "errors": f.errors,
                "statuses": {str(k): v for k, v in sorted(f.statuses.items())},
                **{f"p{q}_ms": round(1000 * _quantile(lat, q / 100), 1) for q in (50, 95, 99)},
                "max_ms": round(1000 * lat[-1], 1) if lat else 0.0,
            }
        return {"requests": total, "rps": round(total / seconds, 2), "families": out}


def _quantile(ordered: list[float], q: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Client:
    """One simulated browser or tablet: its own cookies, requests recorded in ``stats``."""

    def __init__(self, host: str, port: int, stats: Stats) -> None:
        self.host, self.port, self.stats = host, port, stats
        self.cookies: dict[str, str] = {}

    async def request(self, family: str, method: str, path: str, *, form: dict | None = None,
                      body_json: dict | None = None, headers: dict | None = None,
                      expect: tuple[int, ...] = (200,)) -> Response | None:
        """Send one request; ``None`` after a network failure or timeout (an error)."""
        headers = dict(headers or {})
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body_json is not None:
            body = json.dumps(body_json).encode()
            headers["Content-Type"] = "application/json"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        try:
            response = await asyncio.wait_for(self._send(method, path, headers, body), TIMEOUT)
        except (TimeoutError, OSError, ValueError, IndexError) as err:
            self.stats.record(family, 0, time.monotonic() - started, False,
                              f"{method} {path}: {type(err).__name__} {err}")
            return None
        self.stats.record(family, response.status, time.monotonic() - started,
                          response.status in expect, f"{method} {path}")
        for raw in response.cookies:
            self._keep_cookie(raw)
        return response

    async def _send(self, method: str, path: str, headers: dict, body: bytes) -> Response:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                     "Connection: close", "User-Agent: meet-day-bench",
                     f"Content-Length: {len(body)}"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        return _parse(raw)

    def _keep_cookie(self, raw: str) -> None:
        pair, _sep, attrs = raw.partition(";")
        name, _eq, value = pair.strip().partition("=")
        gone = re.search(r"(?i)max-age=0|expires=thu, 01 jan 1970", attrs)
        if gone or not value:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


def _parse(raw: bytes) -> Response:
    head, _sep, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers, cookies = {}, []
    for line in lines[1:]:
        name, _c, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            cookies.append(value)
        headers[name] = value
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunk(body)
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return Response(status, headers, cookies, body)


def _unchunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2:end + 2 + size]
        pos = end + 2 + size + 2


CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_DATA = re.compile(r'data-csrf="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version"[^>]*value="(\d+)"')
LIVE_GEN = re.compile(r'data-live-gen="([^"]*)"')


def find(pattern: re.Pattern, text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None
