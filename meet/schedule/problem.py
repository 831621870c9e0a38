"""From the database to the timetable solver (:mod:`meet.rules.timetable`) and back.

Every unit (a heat, a flight, a judged session, a match) becomes a solver unit whose
participants are every person of every entry in its slots, squad members and reserves
included. A knockout slot still waiting for its entry ("W:M3", "L:M3", "A1") makes the
unit's *potential* participants everyone who can still reach it, followed back through
the bracket; a later round with no entries yet (a final after heats) may be reached by
everyone of the round before. Time is minutes from 00:00 of the meet's first day in
China Standard Time (UTC+8), the clock printed in the order book.

Ids in the solver: units "u<id>", venues "v<id>", persons "p<id>", teams "e<entry id>".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    Entry,
    EntryMember,
    Event,
    EventVenue,
    Meet,
    ScheduleSettings,
    Unit,
    UnitStatus,
    Venue,
    VenueSession,
)
from meet.rules import timetable_check as tc

CST = dt.timezone(dt.timedelta(hours=8), "CST")

#: Sessions offered by the hours form, and their usual times.
SESSION_HOURS = {
    "morning": (dt.time(8, 0), dt.time(12, 0)),
    "afternoon": (dt.time(14, 30), dt.time(18, 0)),
    "evening": (dt.time(19, 0), dt.time(21, 30)),
}

#: Minutes of one unit by kind; the meet overrides per key or per event code.
DEFAULT_MINUTES = {
    "sprint_heat": 6,  # a 100 m heat, with the start and the clearing of the lanes
    "relay_heat": 8,
    "swim_heat": 5,
    "fun_heat": 10,  # 毛毛虫, 三人四足
    "field_flight": 45,  # a flight of long jump or shot put, 3 attempts
    "count_flight": 20,  # a flight of rope skipping, spot shooting, jianzi
    "judged_slot": 5,  # one appearance of a judged event (广播操, 太极拳)
    "judged_min": 30,
    "basketball": 60,
    "volleyball": 40,
    "table_tennis": 25,
    "table_tennis_team": 90,
    "badminton": 30,
    "tug_of_war": 15,
    "chess": 75,  # 象棋/围棋 rapid: 30 min a side, with pairing and reporting
    "guandan": 60,
    "match": 45,
}
_PRESET_KEYS = {"fiba": "basketball", "fivb": "volleyball", "ittf": "table_tennis",
                "bwf": "badminton", "tug": "tug_of_war", "chess": "chess",
                "guandan": "guandan"}


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored time in China Standard Time (SQLite gives it back without its zone)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=CST) if moment.tzinfo is None else moment.astimezone(CST)


def to_minutes(first_day: dt.date, moment: dt.datetime) -> int:
    return tc.from_datetime(first_day, local(moment).replace(tzinfo=None))


def to_moment(first_day: dt.date, minutes: int) -> dt.datetime:
    return tc.to_datetime(first_day, minutes).replace(tzinfo=CST)


def default_settings(meet: Meet) -> ScheduleSettings:
    """The meet's settings, or unsaved defaults when it has none yet."""
    found = db.session.scalar(select(ScheduleSettings).where(ScheduleSettings.meet_id == meet.id))
    return found or ScheduleSettings(
        meet_id=meet.id, rest_minutes=30, round_gap=30, final_gap=60,
        max_matches_per_team_day=None, solver_seconds=20, durations={}, officials={},
        order_book_published=False, order_book_sort="strokes")


def duration_key(event: Event, venue_kinds: set[str]) -> str:
    if event.kind == "match":
        key = _PRESET_KEYS.get(event.scoring_preset, "match")
        return "table_tennis_team" if key == "table_tennis" and event.is_team else key
    if event.kind == "timed":
        if "pool" in venue_kinds:
            return "swim_heat"
        if event.is_team:
            return "relay_heat" if event.squad_min == 4 and "track" in venue_kinds else "fun_heat"
        return "sprint_heat"
    if event.kind == "measured":
        return "field_flight" if event.result_unit == "distance" else "count_flight"
    return "judged_slot"


def unit_minutes(event: Event, slots: int, venue_kinds: set[str],
                 settings: ScheduleSettings) -> int:
    """How long a unit of ``event`` with ``slots`` places lasts."""
    table = {**DEFAULT_MINUTES, **(settings.durations or {})}
    if event.code in (settings.durations or {}):
        return int(settings.durations[event.code])
    key = duration_key(event, venue_kinds)
    if key == "judged_slot":
        return max(int(table["judged_min"]), int(table["judged_slot"]) * max(slots, 1))
    return int(table[key])


@dataclass
class Problem:
    """The meet as the solver sees it, with the rows behind each id."""

    meet: Meet
    settings: ScheduleSettings
    first_day: dt.date
    rules: tc.Rules
    units: dict[str, tc.Unit] = field(default_factory=dict)
    venues: dict[str, tc.Venue] = field(default_factory=dict)
    rows: dict[str, Unit] = field(default_factory=dict)
    venue_rows: dict[str, Venue] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)

    def placements(self) -> dict[str, tc.Placement]:
        """Where the units are now, as stored."""
        out = {}
        for uid, row in self.rows.items():
            if row.venue_id and row.starts_at and row.ends_at:
                out[uid] = tc.Placement(uid, f"v{row.venue_id}",
                                        to_minutes(self.first_day, row.starts_at),
                                        to_minutes(self.first_day, row.ends_at))
        return out

    def check(self, placements: dict[str, tc.Placement] | None = None) -> list[tc.Conflict]:
        return tc.check(self.units.values(), self.venues.values(),
                        self.placements() if placements is None else placements, self.rules)


def _round_order(units: list[Unit], by_group: dict) -> dict[int, int]:
    """Unit id -> its place in the order its round is run: heats, flights and
    appearances by number (``tc.Unit.seq``, a rule); a round-robin group's matches by
    the fixture round they belong to (``tc.Unit.hint``, tried first, no rule: the draw
    numbers a group's matches round by round, ⌊n/2⌋ to a round). Knockout matches and
    Swiss boards: none."""
    order: dict[int, int] = {}
    for u in units:
        if u.event.kind != "match":
            order[u.id] = u.number
    for (_event, _round, _group), matches in by_group.items():
        if matches[0].round.stage != "group":
            continue
        teams = {s.entry_id for m in matches for s in m.slots if s.entry_id}
        per_round = max(1, len(teams) // 2)
        for i, m in enumerate(sorted(matches, key=lambda m: m.number)):
            order[m.id] = i // per_round + 1
    return order


def rules_of(settings: ScheduleSettings) -> tc.Rules:
    return tc.Rules(rest=settings.rest_minutes, round_gap=settings.round_gap,
                    final_gap=settings.final_gap,
                    max_per_team_day=settings.max_matches_per_team_day)


def entry_members(meet_id: int) -> dict[int, list[int]]:
    """Entry id -> person ids, every member and reserve of every entry of the meet."""
    rows = db.session.execute(
        select(EntryMember.entry_id, EntryMember.person_id)
        .join(Entry, Entry.id == EntryMember.entry_id)
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet_id))
    out: dict[int, list[int]] = defaultdict(list)
    for entry_id, person_id in rows:
        out[entry_id].append(person_id)
    return out


def meet_units(meet_id: int) -> list[Unit]:
    return list(db.session.scalars(
        select(Unit).join(Event, Event.id == Unit.event_id)
        .where(Event.meet_id == meet_id)
        .options(selectinload(Unit.slots), selectinload(Unit.round))
        .order_by(Unit.event_id, Unit.round_id, Unit.number)))


def venue_windows(meet: Meet) -> dict[int, tuple[tuple[int, int], ...]]:
    rows = db.session.scalars(
        select(VenueSession).join(Venue, Venue.id == VenueSession.venue_id)
        .where(Venue.meet_id == meet.id).order_by(VenueSession.day, VenueSession.opens))
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s in rows:
        day = (s.day - meet.start_date).days
        out[s.venue_id].append((tc.clock(day, s.opens.strftime("%H:%M")),
                                tc.clock(day, s.closes.strftime("%H:%M"))))
    return {vid: tuple(w) for vid, w in out.items()}


def build(meet: Meet, settings: ScheduleSettings | None = None) -> Problem:
    """Read the meet's units, entries, venues and hours into a :class:`Problem`."""
    settings = settings or default_settings(meet)
    p = Problem(meet, settings, meet.start_date, rules_of(settings))
    windows = venue_windows(meet)
    for v in db.session.scalars(select(Venue).where(Venue.meet_id == meet.id)):
        p.venues[f"v{v.id}"] = tc.Venue(f"v{v.id}", v.name, v.capacity, windows.get(v.id, ()))
        p.venue_rows[f"v{v.id}"] = v
    p.events = {e.id: e for e in db.session.scalars(select(Event).where(Event.meet_id == meet.id))}
    allowed: dict[int, list[EventVenue]] = defaultdict(list)
    for ev in db.session.scalars(select(EventVenue).join(Event).where(Event.meet_id == meet.id)):
        allowed[ev.event_id].append(ev)
    members = entry_members(meet.id)
    units = meet_units(meet.id)
    by_code = {(u.event_id, u.code): u for u in units if u.code}
    by_round: dict[tuple[int, int], list[Unit]] = defaultdict(list)
    by_group: dict[tuple[int, int, str], list[Unit]] = defaultdict(list)
    for u in units:
        by_round[(u.event_id, u.round.number)].append(u)
        if u.group:
            by_group[(u.event_id, u.round.number, u.group)].append(u)
    direct = {u.id: frozenset(f"p{pid}" for s in u.slots if s.entry_id
                              for pid in members.get(s.entry_id, ())) for u in units}
    order = _round_order(units, by_group)
    reach: dict[int, frozenset[str]] = {}

    def reachable(u: Unit, depth: int = 0) -> frozenset[str]:
        """Everyone who is, or can still be, in ``u``."""
        if u.id in reach:
            return reach[u.id]
        found = set(direct[u.id])
        if depth < 64:
            for src in sources_of(u):
                found |= reachable(src, depth + 1)
        reach[u.id] = frozenset(found)
        return reach[u.id]

    def sources_of(u: Unit) -> list[Unit]:
        out: list[Unit] = []
        open_slots = [s for s in u.slots if not s.entry_id and s.source != "BYE"]
        for s in open_slots:
            kind, _, code = s.source.partition(":")
            if kind in ("W", "L") and (u.event_id, code) in by_code:
                out.append(by_code[(u.event_id, code)])
            elif len(s.source) >= 2 and s.source[0].isalpha() and s.source[1:].isdigit():
                for n in range(u.round.number - 1, 0, -1):  # "A1": a group's placings
                    if (u.event_id, n, s.source[0]) in by_group:
                        out += by_group[(u.event_id, n, s.source[0])]
                        break
        if (not u.slots or (open_slots and not out)) and u.round.number > 1:
            out += by_round.get((u.event_id, u.round.number - 1), [])  # a final after heats
        return out

    for u in units:
        event = p.events[u.event_id]
        options = allowed.get(u.event_id, [])
        vids = [f"v{o.venue_id}" for o in options]
        kinds = {p.venue_rows[v].kind for v in vids if v in p.venue_rows}
        earliest = latest = None
        if options and all(o.first_day for o in options):
            earliest = tc.clock((min(o.first_day for o in options) - meet.start_date).days, "00:00")
        if options and all(o.last_day for o in options):
            latest = tc.clock((max(o.last_day for o in options) - meet.start_date).days + 1,
                              "00:00")
        uid = f"u{u.id}"
        pin = None
        played = u.status != UnitStatus.NOT_STARTED.value
        if (u.pinned or played) and u.starts_at and u.venue_id:
            pin = (to_minutes(meet.start_date, u.starts_at), f"v{u.venue_id}")
            if pin[1] not in vids:
                vids.append(pin[1])
        if pin and u.ends_at:
            minutes = to_minutes(meet.start_date, u.ends_at) - pin[0]
        else:
            minutes = unit_minutes(event, len(u.slots), kinds, settings)
        participants = direct[u.id]
        potential = reachable(u) - participants
        after = tuple(f"u{s.id}" for s in sources_of(u) if s.round.number < u.round.number
                      and s.event_id == u.event_id and s.code)
        teams = frozenset(f"e{s.entry_id}" for s in u.slots if s.entry_id) \
            if event.kind == "match" and event.is_team else frozenset()
        final = u.round.number > 1 and (u.round.stage == "final" or "决赛" in u.round.name)
        p.units[uid] = tc.Unit(uid, f"ev{u.event_id}", minutes, tuple(vids), u.round.number,
                               participants, teams, potential, earliest, latest, pin, after,
                               final, seq=u.number if event.kind != "match" else 0,
                               group=u.group or "", hint=order.get(u.id, 0),
                               together=f"ev{u.event_id}r{u.round.number}"
                               if u.round.stage == "swiss" else "")
        p.rows[uid] = u
    return p
