"""A render cache for the public pages anonymous visitors read (the meet-day crowd).

What is cached
--------------
Only the endpoints in :data:`PAGES` (each must be ``@public``; the app refuses to start
otherwise), only ``GET``, only for a visitor who is not logged in and whose session holds
no flashed message, and only a ``200`` HTML answer that set no cookie, touched no session
and generated no CSRF token (a page carrying anything of one visitor is never stored).
A logged-in user never reads from nor writes to the cache, so an anonymous visitor never
sees a page rendered for a user, and a user never sees an anonymous one.

The key
-------
``(meet, full path with query, language, results generation, registration generation,
minute)``, and for the start lists and the timetable also ``(change stamp, local
commits)``:

* the two generations are the database counters the one listener per signal bumps after
  the commit (:mod:`meet.standings.live`); a published result moves the results
  generation, so the next request of any worker renders afresh;
* the change stamp is the newest ``audit_entry`` id: every write (schedule, draws,
  check-in, settings) adds one in its own transaction (:mod:`meet.operations`), so a
  change with no generation of its own still moves the key. It is read at most once per
  ``STANDINGS_GENERATION_TTL`` seconds per process, like the generations;
* local commits counts every commit this process made on the database (a SQLAlchemy
  engine ``commit`` hook), so a change made here is seen at once, audited or not;
* the minute: pages that show the clock ("now and next") and anything written without
  an audit entry or generation by another process (or a sequence number committed out
  of order on PostgreSQL) are at most a minute old. The standings pages do not take the
  stamp: on a meet day every check-in and saved sheet moves it, which would empty the
  cache every few seconds, and those pages change only with their generations (which
  their ETags already rely on). The pages' ETags already include the minute or
  coarser windows, so a cached answer carries the right ETag.

There is no clearing by hand: a change moves the key, and the old entries fall out of
the small per-process LRU (``PAGE_CACHE_SIZE`` entries, 0 turns the cache off).
``If-None-Match`` is answered ``304`` from the cached ETag as the view would.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from weakref import WeakKeyDictionary

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from meet.access import PUBLIC

#: The public HTML pages worth caching: the same for every anonymous visitor of a language.
#: The standings pages and the home page depend only on the two generations (and the
#: minute): exactly what their ETags hash, so the cache is never staler than a 304.
GENERATION_PAGES = frozenset({
    "site.home",
    "standings.medals",
    "standings.points",
    "standings.results_index",
    "standings.event_results",
    "standings.delegation",
    "standings.records",
    "standings.awards",
    "standings.bigscreen",
})
#: Start lists and the timetable have no generation of their own: they are keyed also by
#: the change stamp and this process's commits (every write moves them).
CHANGE_PAGES = frozenset({
    "schedule.startlists",
    "schedule.event_startlist",
    "schedule.delegation_startlist",
    "schedule.public_timetable",
    "schedule.public_timetable_venue",
    "schedule.public_timetable_now",
    "schedule.public_timetable_delegation",
})
PAGES = GENERATION_PAGES | CHANGE_PAGES

MAX_BODY = 1024 * 1024  # a bigger page is rendered each time rather than held
_commits: WeakKeyDictionary[Engine, int] = WeakKeyDictionary()  # per database engine


@sa_event.listens_for(Engine, "commit")
def _count_commit(connection) -> None:
    engine = connection.engine
    _commits[engine] = _commits.get(engine, 0) + 1


def local_commits() -> int:
    """Commits this process made on the app's database: part of every key."""
    from meet.extensions import db

    return _commits.get(db.engine, 0)


class PageCache:
    """A bounded LRU of rendered pages, one per app per process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[tuple, tuple[bytes, int, list]] = OrderedDict()
        self.stamp: tuple[int, int, float] | None = None  # (id, local commits, read at)
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return page

    def put(self, key: tuple, page: tuple) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def cache() -> PageCache:
    return current_app.extensions["pagecache"]


def change_stamp() -> int:
    """The newest audit entry id, read at most once per TTL (and after every local commit)."""
    from meet.extensions import db
    from meet.models import AuditEntry

    pc = cache()
    ttl = current_app.config.get("STANDINGS_GENERATION_TTL", 0.25)
    now = time.monotonic()
    seen = pc.stamp
    commits = local_commits()
    if seen and seen[1] == commits and now - seen[2] < ttl:
        return seen[0]
    value = db.session.scalar(select(func.max(AuditEntry.id))) or 0
    pc.stamp = (value, commits, now)
    return value


def _cacheable_request() -> bool:
    return (
        request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def _key() -> tuple | None:
    from meet.access import current_meet
    from meet.i18n import current_language
    from meet.standings import tables

    meet = current_meet()
    if meet is None:
        return None
    gen, reg = tables.generations(meet.id)
    key = (meet.id, request.full_path, current_language(), gen, reg, int(time.time() // 60))
    if request.endpoint in CHANGE_PAGES:
        key += (change_stamp(), local_commits())
    return key


def _storable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and response.mimetype == "text/html"
        and "Set-Cookie" not in response.headers
        and "csrf_token" not in g
        and not session.modified
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def _answer(page: tuple) -> Response:
    body, status, headers = page
    response = Response(body, status=status, headers=headers)
    etag, _weak = response.get_etag()
    if etag and request.if_none_match and request.if_none_match.contains_weak(etag):
        not_modified = Response("", status=304)
        not_modified.set_etag(etag, weak=True)
        not_modified.headers["Cache-Control"] = response.headers.get("Cache-Control", "no-cache")
        not_modified.vary.update(response.vary)
        return not_modified
    return response


def cached_page(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _cacheable_request():
            return view(*args, **kwargs)
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        page = cache().get(key)
        if page is not None:
            return _answer(page)
        response = current_app.make_response(view(*args, **kwargs))
        if _storable(response):
            body = response.get_data()
            if len(body) <= MAX_BODY:
                headers = [(k, v) for k, v in response.headers.items()
                           if k.lower() != "content-length"]
                cache().put(key, (body, response.status_code, headers))
        return response

    return wrapped


def init_app(app: Flask) -> None:
    """Wrap the :data:`PAGES` views; call after every blueprint is registered."""
    size = int(app.config.get("PAGE_CACHE_SIZE", 256))
    app.extensions["pagecache"] = PageCache(size)
    if size <= 0:
        return
    for endpoint in sorted(PAGES):
        view = app.view_functions.get(endpoint)
        if view is None or getattr(view, "access", None) != (PUBLIC,):
            raise RuntimeError(f"page cache: {endpoint} is not a @public route")
        app.view_functions[endpoint] = cached_page(view)
