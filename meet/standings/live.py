"""The live channel: how a published result reaches every open spectator page.

The one listener
----------------
:func:`on_results_changed` is the only thing connected to ``meet.signals.results_changed``
for the standings. The scoring operations send that signal after their commit; the
listener adds one to ``StandingsState.generation`` in its own small transaction. That
counter is in the database, so all gunicorn workers (and every process on any host
sharing the database) see the change; the in-process tables cache
(:mod:`meet.standings.tables`) is keyed by it, and every ETag derives from it. No view
ever clears a cache by hand. ``registration_changed`` bumps a second counter that only
rosters (the delegation and athlete pages) use.

Why conditional polling, not Server-Sent Events
-----------------------------------------------
Production runs gunicorn with *sync* workers (``gunicorn -w 4 wsgi:app``): a worker
serves one request at a time. An SSE stream is a request that never ends, so each open
phone would hold a whole worker; four phones and the site stops answering, whatever
the database does. Making SSE work would need gevent/eventlet workers or an extra
server (Redis pub/sub, a push service), which a county union's single machine should not
need. Conditional polling holds up under exactly the server we ship: each open page asks
``GET /live`` about once a second with ``If-None-Match``; while nothing changed the
answer is a bodyless ``304`` computed from one indexed read of the generation (itself
cached for ``STANDINGS_GENERATION_TTL`` = 0.25 s per worker, so 200 phones cost a
worker at most a few tiny queries a second). When the generation moves, the page
fetches its own URL once (one normal render from the cached tables) and swaps the
regions marked ``data-live``. Worst case publish-to-visible: poll interval (1 s) + TTL
(0.25 s) + one page fetch, well inside 2 s; it works the same on SQLite and
PostgreSQL, through any reverse proxy, and reconnects by itself after the stadium
Wi-Fi drops (the next poll simply succeeds). ``bench/bench_standings.py`` measures it.

ETags
-----
A page's ETag hashes the meet, both generations, the language, who is logged in (the
navigation differs; no page is ever shared between users) and a half-hour window (the
page holds a CSRF token for the language switch that expires). ``If-None-Match`` with
the same tag answers ``304`` before any rendering.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, jsonify, make_response, request
from flask_babel import get_locale
from flask_login import current_user

from meet.signals import registration_changed, results_changed
from meet.standings import tables

CSRF_WINDOW = 1800  # seconds


def on_results_changed(sender=None, meet_id: int | None = None, **_kw) -> None:
    """Published results changed: bump the generation (every worker sees it), and
    rebuild the public results book in the background if it is published."""
    if meet_id is None:
        return
    tables.bump(meet_id)
    from meet.standings.operations import refresh_results_book

    refresh_results_book(meet_id)


def on_registration_changed(sender=None, meet_id: int | None = None, **_kw) -> None:
    if meet_id is not None:
        tables.bump(meet_id, "registration_generation")


results_changed.connect(on_results_changed)
registration_changed.connect(on_registration_changed)


def page_etag(meet_id: int, *parts) -> str:
    gen, reg = tables.generations(meet_id)
    user = current_user.get_id() if current_user.is_authenticated else "-"
    window = int(time.time() // CSRF_WINDOW)
    raw = "|".join(map(str, (meet_id, gen, reg, get_locale(), user, window, *parts)))
    return hashlib.sha1(raw.encode()).hexdigest()[:24]


def not_modified(etag: str) -> Response | None:
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        response = make_response("", 304)
        response.set_etag(etag, weak=True)
        response.headers["Cache-Control"] = "no-cache"
        return response
    return None


def tagged(response: Response, etag: str, vary_cookie: bool = True) -> Response:
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "no-cache"
    if vary_cookie:
        response.vary.add("Cookie")
    return response


def conditional_page(extra: Callable[..., object] | None = None) -> Callable:
    """Answer ``If-None-Match`` with 304 before rendering; tag the rendered page.
    ``extra(**view_args)`` adds what else the page depends on (e.g. the clock)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            from meet.access import current_meet

            meet = current_meet()
            if meet is None:
                return view(*args, **kwargs)
            parts = [request.full_path]
            if extra:
                parts.append(extra(**kwargs))
            etag = page_etag(meet.id, *parts)
            cached = not_modified(etag)
            if cached is not None:
                return cached
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200:
                tagged(response, etag)
            return response

        return wrapped

    return decorator


def generation_response(meet_id: int | None) -> Response:
    """The tiny endpoint pages poll: ``{"g": "<results>-<registration>"}``."""
    gen, reg = tables.generations(meet_id) if meet_id else (0, 0)
    tag = f"g{meet_id or 0}-{gen}-{reg}"
    cached = not_modified(tag)
    if cached is not None:
        return cached
    response = jsonify(g=f"{gen}-{reg}", poll=current_app.config.get("LIVE_POLL_MS", 1000))
    return tagged(response, tag, vary_cookie=False)
