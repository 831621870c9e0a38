"""The competition timetable (竞赛日程) and the checker that lists every clash in it.

The rules a competition secretary (编排记录组) applies when placing heats (分组/赛次),
flights, round-robin (循环赛) and knockout (淘汰赛) matches on venues and times:

1. **Venue capacity.** A venue (场地) holds at most ``capacity`` units at once: one heat
   on a track, four matches in a hall with four basketball courts, eight table tennis
   tables (ITTF and FIBA play one match per court/table).
2. **Sessions.** A unit runs inside one opening session (场次: 上午/下午/晚上) of its
   venue, between its own earliest start and latest end, and never spans a break.
3. **One place at a time, with rest.** Nobody is in two units that overlap, and between
   two of a person's units there are at least ``rest`` minutes (default 30). This is
   checked per *person*, across all events, relay squads and teams, not per entry, and it
   counts the *potential* participants of knockout matches: everyone who can still reach
   the match by winning or losing (CourtHive's "potential matchUps", research notes).
   One exception: two units of the same event and the same round in which the person is
   only a potential participant of one (the final and the bronze-medal match) are
   alternatives - the person plays at most one of them - so they may run together.
4. **Rounds in order.** A unit starts only after its predecessors have ended plus a gap:
   the units named in ``after`` (the matches feeding a knockout match) and every unit of
   the same event in the previous stage (heats before semi-finals before the final).
   Before a final the gap is ``final_gap`` (default 60 min). World Athletics asks for
   45 min between rounds up to 200 m and 90 min up to 1000 m "where practicable"
   (Technical Rules, minimum time between rounds; rule number not verified here), so
   set ``round_gap``/``final_gap`` or a unit's own ``gap`` accordingly.
5. **Daily limit.** A team (代表队 squad in a ball game) plays at most
   ``max_per_team_day`` matches a day, when the meet's regulations (竞赛规程) set one.
6. **A Swiss round starts at once.** Every board of one round of a Swiss-system
   tournament (象棋, 围棋, 掼蛋) starts at the same time: the next round is paired from
   the whole round's scores (research notes formats_anchors.md, "Swiss"), so a round
   spread over two sessions holds every player up and lets the late boards know the
   early results.

Sources: /work/shared/docs/research/formats_anchors.md, "Scheduling across venues and
days" (hard constraints; CourtHive conflict = start + minutes + recovery > next start,
potential matchUps; overlap test ``a.start < b.end and b.start < a.end``; re-planning pins
played matches) and cn_meet.md (竞赛日程 in the 秩序册, sessions per day).

Time is an integer number of minutes since 00:00 of the meet's first day (day 0);
``clock(day, "14:30")`` and ``sessions(...)`` build such times, ``to_datetime`` converts
back at the boundary. Day of a unit = its start // 1440.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

DAY = 1440

# Conflict kinds
DOUBLE_BOOKED = "double_booked"
SHORT_REST = "short_rest"
VENUE_OVER_CAPACITY = "venue_over_capacity"
OUTSIDE_HOURS = "outside_hours"
WRONG_VENUE = "wrong_venue"
ORDER_VIOLATED = "order_violated"
DAILY_LIMIT = "daily_limit_exceeded"
NOT_TOGETHER = "not_together"


def clock(day: int, hhmm: str) -> int:
    """Minutes since the meet's first day 00:00 for ``hhmm`` on ``day`` (0-based)."""
    hours, minutes = hhmm.split(":")
    return day * DAY + int(hours) * 60 + int(minutes)


def sessions(days: int, periods: Iterable[tuple[str, str]]) -> tuple[tuple[int, int], ...]:
    """The same sessions every day, e.g. ``sessions(3, [("08:00", "12:00")])``."""
    periods = list(periods)
    return tuple((clock(d, a), clock(d, b)) for d in range(days) for a, b in periods)


def to_datetime(first_day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(first_day, dt.time()) + dt.timedelta(minutes=minutes)


def from_datetime(first_day: dt.date, moment: dt.datetime) -> int:
    delta = moment - dt.datetime.combine(first_day, dt.time())
    return int(delta.total_seconds() // 60)


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    capacity: int = 1
    windows: tuple[tuple[int, int], ...] = ()  # opening sessions, (start, end) minutes


@dataclass(frozen=True)
class Unit:
    """A unit of competition: a heat, a flight, a round-robin or knockout match."""

    id: str
    event_id: str
    duration: int
    venues: tuple[str, ...]
    stage: int = 0  # round order inside the event
    participants: frozenset[str] = frozenset()  # every person, squad members included
    teams: frozenset[str] = frozenset()  # for the daily limit
    potential: frozenset[str] = frozenset()  # persons who can still reach this match
    earliest: int | None = None
    latest: int | None = None  # latest end
    pin: tuple[int, str] | None = None  # (start, venue id): played or fixed by hand
    after: tuple[str, ...] = ()  # explicit predecessors
    final: bool = False  # predecessors end at least final_gap before it
    gap: int | None = None  # overrides round_gap / final_gap
    # Order inside its round (heat 1, 2 ...): the solver starts a unit no earlier than
    # the unit before it of the same event, round and ``group``. 0 = no order.
    seq: int = 0
    group: str = ""
    # The order the solver tries the units of a round in, no rule (a round-robin
    # group's matches by fixture round: a hard order there costs boards elsewhere).
    hint: int = 0
    # Units of one ``together`` key start at the same minute (the boards of a Swiss
    # round: every game of a round starts at once, the next round is paired from its
    # results). "" = no such rule.
    together: str = ""

    @property
    def persons(self) -> frozenset[str]:
        return self.participants | self.potential


@dataclass(frozen=True)
class Rules:
    rest: int = 30
    round_gap: int = 0
    final_gap: int = 60
    max_per_team_day: int | None = None


@dataclass(frozen=True)
class Placement:
    unit_id: str
    venue_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Conflict:
    kind: str
    units: tuple[str, ...]
    detail: str
    persons: tuple[str, ...] = ()
    venue_id: str | None = None
    team: str | None = None


def gap_before(unit: Unit, rules: Rules) -> int:
    if unit.gap is not None:
        return unit.gap
    return rules.final_gap if unit.final else rules.round_gap


def predecessors(units: Iterable[Unit]) -> dict[str, tuple[str, ...]]:
    """Unit id -> ids it must wait for: ``after`` plus the event's previous stage."""
    units = list(units)
    known = {u.id for u in units}
    stages: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u in units:
        stages[u.event_id][u.stage].append(u.id)
    previous: dict[tuple[str, int], list[str]] = {}
    for event, by_stage in stages.items():
        order = sorted(by_stage)
        for lower, higher in pairwise(order):
            previous[(event, higher)] = by_stage[lower]
    result = {}
    for u in units:
        preds = [p for p in u.after if p in known]
        preds += [p for p in previous.get((u.event_id, u.stage), ()) if p not in preds]
        result[u.id] = tuple(preds)
    return result


def in_round_order(units: Iterable[Unit]) -> tuple[dict[str, list[str]],
                                                  dict[str, list[str]]]:
    """(unit id -> the units just before it in its round, -> the units just after it):
    heats by ``seq``; units of equal ``seq`` are not ordered."""
    rows: dict[tuple[str, int, str], dict[int, list[str]]] = defaultdict(
        lambda: defaultdict(list))
    for u in units:
        if u.seq > 0:
            rows[(u.event_id, u.stage, u.group)][u.seq].append(u.id)
    before: dict[str, list[str]] = defaultdict(list)
    after: dict[str, list[str]] = defaultdict(list)
    for by_seq in rows.values():
        for lower, higher in pairwise(sorted(by_seq)):
            for a in by_seq[lower]:
                for b in by_seq[higher]:
                    before[b].append(a)
                    after[a].append(b)
    return before, after


def alternatives(a: Unit, b: Unit, person: str) -> bool:
    """True when ``person`` plays at most one of a and b (same event and round, and he
    is only a potential participant of at least one): they need not be kept apart."""
    if a.event_id != b.event_id or a.stage != b.stage:
        return False
    return person not in a.participants or person not in b.participants


def person_clash(a: Unit, b: Unit) -> list[str]:
    """Persons who must keep a and b apart (with rest)."""
    return sorted(p for p in a.persons & b.persons if not alternatives(a, b, p))


def fits_window(windows: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(ws <= start and end <= we for ws, we in windows)


def _fmt(minutes: int) -> str:
    return f"day {minutes // DAY + 1} {minutes % DAY // 60:02d}:{minutes % 60:02d}"


def check(
    units: Iterable[Unit],
    venues: Iterable[Venue],
    placements: Mapping[str, Placement] | Iterable[Placement],
    rules: Rules = Rules(),
) -> list[Conflict]:
    """Every conflict in a timetable. Units without a placement are ignored, except as
    missing predecessors of a placed unit."""
    unit_by_id = {u.id: u for u in units}
    venue_by_id = {v.id: v for v in venues}
    placed = placements.values() if isinstance(placements, Mapping) else placements
    at = {p.unit_id: p for p in placed if p.unit_id in unit_by_id}
    out: list[Conflict] = []

    for uid, p in sorted(at.items()):
        u = unit_by_id[uid]
        venue = venue_by_id.get(p.venue_id)
        if venue is None or p.venue_id not in u.venues:
            out.append(Conflict(WRONG_VENUE, (uid,), f"{uid} is not played at {p.venue_id}",
                                venue_id=p.venue_id))
            continue
        late = u.latest is not None and p.end > u.latest
        early = u.earliest is not None and p.start < u.earliest
        if not fits_window(venue.windows, p.start, p.end) or late or early:
            out.append(Conflict(OUTSIDE_HOURS, (uid,),
                                f"{uid} {_fmt(p.start)}-{_fmt(p.end)} is outside the "
                                f"sessions of {venue.name} or its own time limits",
                                venue_id=p.venue_id))

    by_person: dict[str, list[str]] = defaultdict(list)
    for uid in at:
        for person in unit_by_id[uid].persons:
            by_person[person].append(uid)
    seen: set[tuple[str, str]] = set()
    for uids in by_person.values():
        uids.sort(key=lambda i: (at[i].start, i))
        for i, first in enumerate(uids):
            for second in uids[i + 1:]:
                a, b = at[first], at[second]
                if b.start >= a.end + rules.rest:
                    break  # sorted by start: later ones are further away
                if (first, second) in seen:
                    continue
                who = person_clash(unit_by_id[first], unit_by_id[second])
                if not who:
                    continue
                seen.add((first, second))
                if a.start < b.end and b.start < a.end:
                    out.append(Conflict(DOUBLE_BOOKED, (first, second),
                                        f"{', '.join(who)} in {first} and {second} at once",
                                        persons=tuple(who)))
                else:
                    rest = b.start - a.end
                    out.append(Conflict(SHORT_REST, (first, second),
                                        f"{', '.join(who)}: {rest} min between {first} and "
                                        f"{second}, {rules.rest} required",
                                        persons=tuple(who)))

    for vid, venue in venue_by_id.items():
        events = sorted((p.start, 1, uid) for uid, p in at.items() if p.venue_id == vid)
        events += [(at[uid].end, -1, uid) for _, _, uid in events]
        events.sort(key=lambda e: (e[0], e[1]))  # ends before starts at the same minute
        running: set[str] = set()
        reported = False
        for moment, step, uid in events:
            if step < 0:
                running.discard(uid)
                reported = False
                continue
            running.add(uid)
            if len(running) > venue.capacity and not reported:
                reported = True
                out.append(Conflict(VENUE_OVER_CAPACITY, tuple(sorted(running)),
                                    f"{len(running)} units at {venue.name} at "
                                    f"{_fmt(moment)}, capacity {venue.capacity}",
                                    venue_id=vid))

    preds = predecessors(unit_by_id.values())
    for uid, p in sorted(at.items()):
        gap = gap_before(unit_by_id[uid], rules)
        for pred in preds[uid]:
            q = at.get(pred)
            if q is None:
                out.append(Conflict(ORDER_VIOLATED, (pred, uid),
                                    f"{uid} is scheduled but {pred}, which comes before it, "
                                    f"is not"))
            elif p.start < q.end + gap:
                out.append(Conflict(ORDER_VIOLATED, (pred, uid),
                                    f"{uid} starts {p.start - q.end} min after {pred} ends, "
                                    f"{gap} required"))

    rounds: dict[str, list[str]] = defaultdict(list)
    for uid in sorted(at):
        if unit_by_id[uid].together:
            rounds[unit_by_id[uid].together].append(uid)
    for key, uids in sorted(rounds.items()):
        if len({at[uid].start for uid in uids}) > 1:
            first = min(at[uid].start for uid in uids)
            out.append(Conflict(NOT_TOGETHER, tuple(uids),
                                f"{key}: {sum(at[u].start != first for u in uids)} of "
                                f"{len(uids)} units do not start at {_fmt(first)} with "
                                "the others"))

    if rules.max_per_team_day is not None:
        count: dict[tuple[str, int], list[str]] = defaultdict(list)
        for uid, p in at.items():
            for team in unit_by_id[uid].teams:
                count[(team, p.start // DAY)].append(uid)
        for (team, day), uids in sorted(count.items()):
            if len(uids) > rules.max_per_team_day:
                out.append(Conflict(DAILY_LIMIT, tuple(sorted(uids)),
                                    f"{team} plays {len(uids)} on day {day + 1}, "
                                    f"limit {rules.max_per_team_day}", team=team))
    return out
