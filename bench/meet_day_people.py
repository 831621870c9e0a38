"""The people of ``bench/meet_day.py``, each doing what its device does with this app.

* Spectator (phone): opens a public page, looks at it for a while, puts the phone
  away, comes back. While the page is visible and carries the live channel
  (``data-live-url``), ``static/js/live.js`` polls ``GET /live`` every second with
  ``If-None-Match`` (a bodyless 304 while nothing changed) and, when the generation
  moves, fetches the page once more; while hidden it polls nothing (the
  ``visibilitychange`` rule of live.js). Every 10–30 s of looking it opens another
  page; a page seen before is revalidated with its ETag, as a browser does with
  ``Cache-Control: no-cache``. A few are big screens (always visible) and a few are
  press or scoreboard programs polling the JSON API.
* Referee (tablet): logs in, opens the units list, for each unit of theirs opens the
  sheet, watches the call room's start list (``start-list.json`` every 3 s, as
  scoring.js does), sends the sheet as scoring.js does (form post, ``Accept:
  application/json``, a fresh ``submission_key``), reloads it; sometimes the answer is
  lost and the tablet sends the same key again; sometimes a correction follows before
  the sheet is handed to the chief referee. Unknown outcome (network error) → the same
  key again, like the tablet's queue.
* Chief referee: confirms and publishes the handed-over sheets one by one; each
  publication moves the live generation, so the visible phones refetch their page.
* Marshal (tablet in the call room): opens the call room and a unit, scans each
  athlete's badge (JSON post with the badge URL, as badges.js does) and refreshes the
  start list; now and then a badge scanned twice, a typed bib, a badge of an athlete in
  no unit, a forged one; sometimes a phone camera opens the badge's public page.

Each writer keeps a ledger of what the server acknowledged (:class:`Ledger`).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from meet_day_http import (
    CSRF_DATA,
    CSRF_INPUT,
    LIVE_GEN,
    VERSION_INPUT,
    Client,
    Stats,
    find,
)

PASSWORD = "meet-demo"
PUBLIC_WEIGHTS = (("/", 25), ("/medals", 20), ("/points", 8), ("/results", 10),
                  ("event", 15), ("delegation", 6), ("athlete", 5), ("/records", 2),
                  ("/awards", 2), ("/timetable", 4), ("startlist", 3))


@dataclass
class Ledger:
    """What the server accepted, and the units waiting for the chief referee."""

    submissions: dict[str, tuple[int, int]] = field(default_factory=dict)
    last_sheet: dict[int, str] = field(default_factory=dict)
    checkins: set[tuple[int, int]] = field(default_factory=set)
    published: set[int] = field(default_factory=set)
    handed_over: asyncio.Queue = field(default_factory=asyncio.Queue)
    duplicates_answered: int = 0
    scans: dict[str, int] = field(default_factory=dict)


class Meet:
    """What every simulated person shares: the server, the stop signal, the ledgers."""

    def __init__(self, host: str, port: int, stats: Stats, plan, key_prefix: str,
                 duration: float, look: tuple[float, float], away: tuple[float, float],
                 publish_every: tuple[float, float]):
        self.host, self.port, self.stats, self.plan = host, port, stats, plan
        self.key_prefix, self.duration, self.look, self.away = key_prefix, duration, look, away
        self.publish_every = publish_every
        self.stop = asyncio.Event()
        self.ledger = Ledger()

    def client(self) -> Client:
        return Client(self.host, self.port, self.stats)

    async def pause(self, seconds: float) -> bool:
        """Sleep; True when the run ended meanwhile."""
        try:
            await asyncio.wait_for(self.stop.wait(), max(0.0, seconds))
        except TimeoutError:
            return False
        return True


# -- spectators --------------------------------------------------------------------------

def _public_url(rng: random.Random, plan) -> str:
    names, weights = zip(*PUBLIC_WEIGHTS, strict=True)
    name = rng.choices(names, weights)[0]
    if name == "event":
        return f"/results/{rng.choice(plan.event_ids)}"
    if name == "delegation":
        return f"/delegations/{rng.choice(plan.delegation_ids)}"
    if name == "athlete":
        return f"/athletes/{rng.choice(plan.bibs)}"
    if name == "startlist":
        return f"/startlists/events/{rng.choice(plan.event_ids)}"
    return name


async def spectator(meet: Meet, seed: int, ramp: float, big_screen: bool = False) -> None:
    rng = random.Random(seed)
    c = meet.client()
    etags: dict[str, str] = {}
    gens: dict[str, str | None] = {}
    live_etag: str | None = None
    interval = 1.0  # until /live says otherwise
    await asyncio.sleep(rng.uniform(0, ramp))
    url = "/bigscreen" if big_screen else _public_url(rng, meet.plan)

    async def open_page(path: str, conditional: bool = True) -> None:
        headers = {"If-None-Match": etags[path]} if conditional and path in etags else {}
        r = await c.request("public pages", "GET", path, headers=headers, expect=(200, 304))
        if r is not None and r.status == 200:
            if "etag" in r.headers:
                etags[path] = r.headers["etag"]
            gens[path] = find(LIVE_GEN, r.text)

    await open_page(url)
    while True:
        look_until = asyncio.get_running_loop().time() + (
            1e9 if big_screen else rng.uniform(*meet.look))
        next_page = asyncio.get_running_loop().time() + rng.uniform(10, 30)
        while asyncio.get_running_loop().time() < look_until:
            if gens.get(url) is None:  # no live channel on this page: just read it
                await asyncio.sleep(max(0.0, min(look_until, next_page)
                                        - asyncio.get_running_loop().time()))
            else:
                headers = {"If-None-Match": live_etag} if live_etag else {}
                r = await c.request("live", "GET", "/live", headers=headers, expect=(200, 304))
                if r is not None and r.status == 200:
                    live_etag = r.headers.get("etag")
                    body = _json(meet, r, "/live")
                    interval = max(0.5, body.get("poll", 1000) / 1000)  # as live.js does
                    if body.get("g") != gens.get(url):
                        await open_page(url, conditional=False)  # live.js: cache "no-store"
                        gens[url] = body.get("g")
                await asyncio.sleep(interval)
            if not big_screen and asyncio.get_running_loop().time() >= next_page:
                url = _public_url(rng, meet.plan)
                await open_page(url)
                next_page = asyncio.get_running_loop().time() + rng.uniform(10, 30)
        await asyncio.sleep(rng.uniform(*meet.away))  # phone in the pocket: nothing polls


async def api_reader(meet: Meet, seed: int, ramp: float) -> None:
    """A press room or scoreboard program: the standings with If-None-Match, now and
    then an event's results and the schedule."""
    rng = random.Random(seed)
    c = meet.client()
    etag = None
    await asyncio.sleep(rng.uniform(0, ramp))
    while True:
        r = await c.request("api", "GET", "/api/v1/standings",
                            headers={"If-None-Match": etag} if etag else {}, expect=(200, 304))
        if r is not None and r.status == 200:
            etag = r.headers.get("etag")
        if rng.random() < 0.5:
            await c.request("api", "GET",
                            f"/api/v1/events/{rng.choice(meet.plan.event_ids)}/results")
        if rng.random() < 0.1:
            await c.request("api", "GET", "/api/v1/schedule")
        await asyncio.sleep(rng.uniform(10, 20))


# -- staff -------------------------------------------------------------------------------

async def sign_in(meet: Meet, username: str) -> Client | None:
    """The staff sign in before the gates open (outside the timed window)."""
    c = meet.client()
    return c if await login(meet, c, username) else None


async def login(meet: Meet, c: Client, username: str) -> bool:
    r = await c.request("login", "GET", "/login")
    token = find(CSRF_INPUT, r.text) if r is not None else None
    if token is None:
        meet.stats.error(f"login: no form for {username}")
        return False
    r = await c.request("login", "POST", "/login", expect=(302,), form={
        "csrf_token": token, "username": username, "password": PASSWORD})
    return r is not None and r.status == 302


async def referee(meet: Meet, c: Client, units: list, seed: int, ramp: float) -> None:
    rng = random.Random(seed)
    if await meet.pause(rng.uniform(0, ramp)):
        return
    await c.request("scoring pages", "GET", "/scoring/")
    # a unit every one or two minutes per field of play, spread over the run
    pace = min(150.0, max(20.0, meet.duration / (len(units) + 0.5))) if units else 0
    for n, work in enumerate(units):
        if meet.stop.is_set():
            return
        sheet_url = f"/scoring/units/{work.unit_id}"
        r = await c.request("scoring pages", "GET", sheet_url)
        if r is None or r.status != 200:
            continue
        csrf, version = find(CSRF_INPUT, r.text), find(VERSION_INPUT, r.text)
        # the heat is run; the sheet watches the call room's start list every 3 s
        until = asyncio.get_running_loop().time() + pace * rng.uniform(0.7, 1.3) - 4
        while asyncio.get_running_loop().time() < until:
            if await meet.pause(3):
                break
            await c.request("start-list poll", "GET", f"/call-room/{work.unit_id}/start-list.json")
        sent = await _send_sheet(meet, c, rng, work, 0, csrf, version)
        if sent is not None and rng.random() < 0.25 and not meet.stop.is_set():
            await meet.pause(rng.uniform(3, 8))
            sent = await _send_sheet(meet, c, rng, work, 1, csrf, str(sent["version"]))
        if sent is not None:
            await meet.ledger.handed_over.put(work.unit_id)
        if n % 3 == 2:
            await c.request("scoring pages", "GET", "/scoring/")


async def _send_sheet(meet: Meet, c: Client, rng: random.Random, work, which: int,
                      csrf: str | None, version: str | None) -> dict | None:
    key = f"{meet.key_prefix}{work.unit_id}-{which + 1}"
    form = dict(work.sheets[which]) | {"csrf_token": csrf or "", "version": version or "",
                                       "submission_key": key}
    path = f"/scoring/units/{work.unit_id}"
    body = None
    for attempt in range(4):  # the tablet's queue: the same key until an answer comes
        r = await c.request("scoring submit", "POST", path, form=form,
                            headers={"Accept": "application/json"})
        if r is not None and r.status == 200:
            body = _json(meet, r, path)
            if attempt == 0 and rng.random() < 0.1:  # the answer was lost on the way back
                again = await c.request("scoring submit", "POST", path, form=form,
                                        headers={"Accept": "application/json"})
                if again is not None and again.status == 200:
                    dup = _json(meet, again, path)
                    meet.ledger.duplicates_answered += 1
                    if not dup.get("duplicate") or dup.get("number") != body.get("number"):
                        meet.stats.error(f"resent key {key} made a new version: {dup}")
            break
        if r is not None:
            meet.stats.error(f"submit {path}: {r.status} {r.text[:200]}")
            return None
        await asyncio.sleep(2)
    if body is None or body.get("status") != "sent":
        return None
    meet.ledger.submissions[key] = (work.unit_id, body["number"])
    meet.ledger.last_sheet[work.unit_id] = key
    await c.request("scoring pages", "GET", path)  # scoring.js reloads the sheet
    return body


async def chief(meet: Meet, c: Client, seed: int, ramp: float) -> None:
    rng = random.Random(seed)
    if await meet.pause(rng.uniform(0, ramp)):
        return
    while not meet.stop.is_set():
        try:
            unit_id = await asyncio.wait_for(meet.ledger.handed_over.get(), 2)
        except TimeoutError:
            continue
        if await meet.pause(rng.uniform(*meet.publish_every)):  # the chief reads the sheet
            return
        for step in ("confirm", "publish"):
            r = await c.request("scoring pages", "GET", f"/scoring/units/{unit_id}")
            if r is None or r.status != 200:
                break
            form = {"csrf_token": find(CSRF_INPUT, r.text) or "",
                    "version": find(VERSION_INPUT, r.text) or ""}
            r = await c.request("chief steps", "POST", f"/scoring/units/{unit_id}/{step}",
                                form=form, expect=(302,))
            if r is None or r.status != 302:
                break
            page = await c.request("scoring pages", "GET", f"/scoring/units/{unit_id}")
            if page is not None and ("flash-error" in page.text or "flash-warning" in page.text):
                meet.stats.error(f"chief {step} of unit {unit_id} refused")
                break
            if step == "publish":
                meet.ledger.published.add(unit_id)


async def marshal(meet: Meet, c: Client, units: list, seed: int, ramp: float) -> None:
    rng = random.Random(seed)
    if await meet.pause(rng.uniform(0, ramp)):
        return
    strangers = meet.plan.strangers
    for work in units:
        if meet.stop.is_set():
            return
        await c.request("call room pages", "GET", "/call-room")
        r = await c.request("call room pages", "GET", f"/call-room/{work.unit_id}")
        csrf = find(CSRF_DATA, r.text) if r is not None else None
        if not csrf:
            continue
        for person_id, token, bib in work.people:
            if await meet.pause(rng.uniform(2, 6)):
                return
            roll = rng.random()
            if roll < 0.03 and strangers:
                await _scan(meet, c, work.unit_id, csrf, {"code": _badge_url(
                    rng.choice(strangers)[1])}, ("not_entered", "wrong_unit"), None)
            elif roll < 0.05:
                await _scan(meet, c, work.unit_id, csrf, {"code": "https://x/badge/forged1234xyz"},
                            ("invalid",), None)
            if rng.random() < 0.1 and token:
                await c.request("badge page", "GET", f"/badge/{token}")
            body = ({"bib": bib} if (rng.random() < 0.05 or not token) and bib
                    else {"code": _badge_url(token)})
            ok = await _scan(meet, c, work.unit_id, csrf, body, ("ok",), (work.unit_id, person_id))
            if ok and rng.random() < 0.05:  # the same badge held up twice
                await _scan(meet, c, work.unit_id, csrf, body, ("already",), None)
            await c.request("call room pages", "GET", f"/call-room/{work.unit_id}/start-list.json")


def _json(meet: Meet, r, what: str) -> dict:
    try:
        body = r.json()
    except ValueError:
        meet.stats.error(f"{what}: not JSON: {r.text[:200]}")
        return {}
    return body if isinstance(body, dict) else {}


def _badge_url(token: str) -> str:
    return f"https://meet.example.gov.cn/badge/{token}"


async def _scan(meet: Meet, c: Client, unit_id: int, csrf: str, body: dict,
                expected: tuple[str, ...], key: tuple[int, int] | None) -> bool:
    r = await c.request("check-in", "POST", f"/call-room/{unit_id}/check-in", body_json=body,
                        headers={"X-CSRFToken": csrf, "Accept": "application/json"})
    if r is None or r.status != 200:
        return False
    status = _json(meet, r, "check-in").get("status")
    meet.ledger.scans[status] = meet.ledger.scans.get(status, 0) + 1
    if status not in expected:
        meet.stats.error(f"check-in unit {unit_id} {body}: {status}, expected {expected}")
        return False
    if key is not None:
        meet.ledger.checkins.add(key)
    return True
