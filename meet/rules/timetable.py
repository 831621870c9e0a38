"""Automatic timetable (自动编排竞赛日程): place every unit on a venue and a time.

The rules are those of ``timetable_check`` (venue capacity, sessions, one place at a
time with rest, rounds in order with a gap, daily limit per team); the source is the
research note /work/shared/docs/research/formats_anchors.md, "Scheduling across venues
and days". Units already played or fixed by hand carry ``pin`` and keep their place;
the rest is placed around them (re-planning after a session overran: ``replan``).

How: a greedy pass places the units in round order, each at the earliest start that
breaks no rule; its plan is the hint of a CP-SAT model (OR-Tools) with, per unit, a
start variable and one optional interval per allowed venue (start limited to the venue's
sessions), ``AddNoOverlap`` per person (intervals lengthened by the rest time),
``AddCumulative`` per venue, precedence and daily-limit sums. Objective: place as many
units as possible - a unit that cannot be placed is left out, never overlapped - then
start every unit as early as it can (a compact meet; a final still waits for its gap),
with a round-robin group's fixture rounds in their order wherever that costs no unit
(a soft rule that outweighs starting early; the greedy passes keep it where they can).
A unit still unplaced gets a reason code from a cheap diagnosis against the final plan.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from ortools.sat.python import cp_model

from meet.rules.timetable_check import (
    DAY,
    Placement,
    Rules,
    Unit,
    Venue,
    alternatives,
    gap_before,
    in_round_order,
    predecessors,
)

NO_WINDOW = "no_window"  # no session of an allowed venue is long enough
PRECEDENCE = "precedence"  # a unit before it is unplaced, or no session left after it
PARTICIPANTS_BUSY = "participants_busy"  # persons over-booked at every possible time
VENUE_FULL = "venue_full"  # every possible time the venue is at capacity
DAILY_LIMIT = "daily_limit"  # its teams have played their daily quota on every day
TIME_OUT = "time_out"  # blocked by other units; the solver ran out of time to rearrange

INF = 10**9


@dataclass(frozen=True)
class Unplaced:
    unit_id: str
    reason: str
    detail: str
    persons: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


@dataclass
class Timetable:
    placements: dict[str, Placement]
    unplaced: list[Unplaced]
    status: str  # "optimal" (proven), "feasible" (time limit reached), "greedy"
    seconds: float


class _Board:
    """A partial plan with the bookings needed to test one more unit quickly."""

    def __init__(self, units: dict[str, Unit], venues: dict[str, Venue], rules: Rules,
                 preds: dict[str, tuple[str, ...]]):
        self.units, self.venues, self.rules, self.preds = units, venues, rules, preds
        self.succs: dict[str, list[str]] = defaultdict(list)
        for uid, ps in preds.items():
            for p in ps:
                self.succs[p].append(uid)
        self.before, self.after = in_round_order(units.values())
        self.at: dict[str, Placement] = {}
        self.busy: dict[str, list[str]] = defaultdict(list)
        self.on_venue: dict[str, list[str]] = defaultdict(list)
        self.team_day: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.by_hint: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        self.keep_hint_order = True

    def put(self, uid: str, vid: str, start: int) -> None:
        u = self.units[uid]
        self.at[uid] = Placement(uid, vid, start, start + u.duration)
        for person in u.persons:
            self.busy[person].append(uid)
        self.on_venue[vid].append(uid)
        for team in u.teams:
            self.team_day[(team, start // DAY)].append(uid)
        if u.hint:
            self.by_hint[_hint_row(u)].append((u.hint, start))

    def remove(self, uid: str) -> None:
        u, p = self.units[uid], self.at.pop(uid)
        for person in u.persons:
            self.busy[person].remove(uid)
        self.on_venue[p.venue_id].remove(uid)
        for team in u.teams:
            self.team_day[(team, p.start // DAY)].remove(uid)
        if u.hint:
            self.by_hint[_hint_row(u)].remove((u.hint, p.start))

    def place_together(self, members: list[Unit]) -> bool:
        """Put every unit of one ``together`` key at one start, the earliest at which all
        of them fit (at the start of a placed one, if any); False and nothing put if
        there is none."""
        fixed = {self.at[m.id].start for m in members if m.id in self.at}
        todo = [m for m in members if m.id not in self.at]
        if not todo:
            return True
        if len(fixed) > 1:
            return False
        rooms = {v for m in members for v in m.venues if v in self.venues}
        if len(members) > sum(self.venues[v].capacity for v in rooms):
            return False  # more boards than tables: no start holds them all
        bounds = [self.bounds(m) for m in todo]
        if any(missing for _, _, missing in bounds):
            return False
        lo = max(b[0] for b in bounds)
        hi = min(b[1] for b in bounds)
        t = next(iter(fixed)) if fixed else lo
        while True:
            put = []
            for m, (m_lo, m_hi, _) in zip(todo, bounds, strict=True):
                spot = None
                if m_lo <= t and t + m.duration <= m_hi:  # its own limits, then exactly t
                    spot = self._earliest(m, t, t + m.duration, None)
                if spot is None:
                    break
                self.put(m.id, *spot)
                put.append(m.id)
            if len(put) == len(todo):
                return True
            # where the board that did not fit fits next, beside the boards already put
            # (stepping past them, not a minute at a time)
            later = None if fixed else self._earliest(todo[len(put)], t + 1, hi, None)
            for uid in put:
                self.remove(uid)
            if later is None:
                return False
            t = later[1]

    def bounds(self, u: Unit) -> tuple[int, int, list[str]]:
        """Earliest start and latest end allowed by placed neighbours; unplaced preds."""
        lo = u.earliest if u.earliest is not None else -INF
        hi = u.latest if u.latest is not None else INF
        missing = []
        for p in self.preds[u.id]:
            if p in self.at:
                lo = max(lo, self.at[p].end + gap_before(u, self.rules))
            else:
                missing.append(p)
        for s in self.succs[u.id]:
            if s in self.at:
                hi = min(hi, self.at[s].start - gap_before(self.units[s], self.rules))
        for s in self.before.get(u.id, ()):  # heat 2 starts no earlier than heat 1
            if s in self.at:
                lo = max(lo, self.at[s].start)
        for s in self.after.get(u.id, ()):
            if s in self.at:
                hi = min(hi, self.at[s].start + u.duration)
        return lo, hi, missing

    def blockers(self, u: Unit, vid: str, t: int) -> list[tuple[str, int, set, set]]:
        """What forbids ``u`` at ``vid`` from ``t``: (kind, next start worth trying,
        blocking units, blocking persons). Each next start skips no feasible time."""
        end, rest, found = t + u.duration, self.rules.rest, []
        nxt, units, persons = t, set(), set()
        for person in u.persons:
            for wid in self.busy.get(person, ()):
                w, q = self.units[wid], self.at[wid]
                if t < q.end + rest and q.start < end + rest and not alternatives(u, w, person):
                    nxt, units, persons = max(nxt, q.end + rest), units | {wid}, persons | {person}
        if units:
            found.append((PARTICIPANTS_BUSY, nxt, units, persons))
        over = [self.at[w] for w in self.on_venue.get(vid, ()) if
                self.at[w].start < end and t < self.at[w].end]
        if len(over) >= self.venues[vid].capacity:
            marks = sorted([(q.start, 1) for q in over] + [(q.end, -1) for q in over])
            load = peak = 0
            for moment, step in marks:
                load += step
                if moment < end:
                    peak = max(peak, load)
            if peak >= self.venues[vid].capacity:
                found.append((VENUE_FULL, min(q.end for q in over),
                              {q.unit_id for q in over}, set()))
        limit = self.rules.max_per_team_day
        if limit is not None:
            for team in u.teams:
                played = self.team_day.get((team, t // DAY), [])
                if len(played) >= limit:
                    found.append((DAILY_LIMIT, (t // DAY + 1) * DAY, set(played), {team}))
        return found

    def scan(self, u: Unit, record: list | None = None) -> tuple[str, int] | None:
        """Earliest (venue, start) for ``u`` that breaks no rule, or None. A unit with a
        ``hint`` starts, where it can, no earlier than the placed units of its row with
        a lower hint (round 2 of a group after round 1); where it cannot, the order
        gives way."""
        lo, hi, missing = self.bounds(u)
        if missing:
            return None
        if u.hint and record is None and self.keep_hint_order:
            earlier = [s for h, s in self.by_hint.get(_hint_row(u), ()) if h < u.hint]
            if earlier and max(earlier) > lo:
                spot = self._earliest(u, max(earlier), hi, None)
                if spot:
                    return spot
        return self._earliest(u, lo, hi, record)

    def _earliest(self, u: Unit, lo: int, hi: int, record: list | None):
        best: tuple[int, str] | None = None
        for vid in u.venues:
            venue = self.venues.get(vid)
            for ws, we in venue.windows if venue else ():
                t, stop = max(ws, lo), min(we, hi)
                while t + u.duration <= stop and (best is None or t < best[0]):
                    found = self.blockers(u, vid, t)
                    if not found:
                        best = (t, vid)
                        break
                    if record is not None:
                        record.extend(found)
                    t = max(f[1] for f in found)
        return (best[1], best[0]) if best else None


def _hint_row(u: Unit) -> tuple:
    return (u.event_id, u.stage, u.group)


def _window(u: Unit) -> int:
    return (u.latest if u.latest is not None else INF) - (u.earliest or 0)


ORDERS = (  # greedy passes: by time; the narrowest time window first; round by round.
    # A round that starts at once needs many people free together: it goes first.
    lambda u: (not u.together, u.earliest or 0, u.final, u.stage, u.event_id, u.hint,
               u.seq, u.id),
    lambda u: (_window(u), u.stage, u.event_id, u.hint, -len(u.persons), u.earliest or 0,
               u.seq, u.id),
    lambda u: (u.stage, u.event_id, u.hint, -len(u.persons), u.earliest or 0, u.seq, u.id),
)


def rounds_inverted(units: Iterable[Unit], at: dict[str, Placement]) -> int:
    """Pairs of one row's units (a round-robin group) where the unit of the later
    fixture round starts first."""
    rows: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for u in units:
        if u.hint and u.id in at:
            rows[_hint_row(u)].append((u.hint, at[u.id].start))
    return sum(1 for row in rows.values() for h, s in row for h2, s2 in row
               if h < h2 and s > s2)


def _round_order(units: dict[str, Unit], preds: dict[str, tuple[str, ...]],
                 key=ORDERS[0]) -> tuple[list, set]:
    """Units in precedence order (Kahn) by ``key``, a round's heats in their order; the
    ids caught in a cycle."""
    before, _after = in_round_order(units.values())
    preds = {uid: tuple(ps) + tuple(s for s in before.get(uid, ()) if s not in ps)
             for uid, ps in preds.items()}
    waiting = {uid: len(ps) for uid, ps in preds.items()}
    succs = defaultdict(list)
    for uid, ps in preds.items():
        for p in ps:
            succs[p].append(uid)
    heap = [(key(units[uid]), uid) for uid, n in waiting.items() if n == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        uid = heapq.heappop(heap)[-1]
        order.append(uid)
        for s in succs[uid]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(heap, (key(units[s]), s))
    return order, set(units) - set(order)


def _start_ranges(u: Unit, venues: dict[str, Venue], lo: int, hi: int) -> dict[str, list]:
    """Allowed venue -> [(first start, last start)] inside its sessions and [lo, hi]."""
    out = {}
    for vid in u.venues:
        if vid in venues:
            spans = [(max(ws, lo), min(we, hi) - u.duration) for ws, we in venues[vid].windows]
            spans = [(a, b) for a, b in spans if a <= b]
            if spans:
                out[vid] = sorted(spans)
    return out


def _cliques(person: str, uids: list[str], units: dict[str, Unit]) -> list[list[str]]:
    """Groups of the person's units that must be pairwise apart (a cover of the clash
    graph: alternatives of one event round go to different groups)."""
    rounds: dict[tuple[str, int], list[str]] = defaultdict(list)
    for uid in uids:
        rounds[(units[uid].event_id, units[uid].stage)].append(uid)
    common, options = [], []
    for members in rounds.values():
        actual = [m for m in members if person in units[m].participants]
        if len(members) == 1 or len(actual) == len(members):
            common += members
        else:
            options.append(([actual] if actual else []) + [[m] for m in members if m not in actual])
    combos = 1
    for choice in options:
        combos *= len(choice)
    if combos > 16:  # too many combinations: each option with the rest, then pairs
        pairs = [[a, b] for i, one in enumerate(options) for other in options[i + 1:]
                 for x in one for y in other for a in x for b in y]
        return [common + x for choice in options for x in choice] + pairs
    groups = [common]
    for choice in options:
        groups = [g + c for g in groups for c in choice]
    return groups


def _cp_sat(units, venues, rules, preds, order, board, time_limit, workers):
    """Solve with CP-SAT; returns (placements of free units, status) or None."""
    m = cp_model.CpModel()
    pinned = {uid for uid in units if units[uid].pin is not None}
    start, placed, on, ranges = {}, {}, defaultdict(dict), {}
    for uid in (uid for uid in order if uid in units):
        u = units[uid]
        if uid in pinned or any(p not in pinned and p not in start for p in preds[uid]):
            continue
        lo = max([u.earliest or 0] + [board.at[p].end + gap_before(u, rules)
                                      for p in preds[uid] if p in pinned])
        hi = min([u.latest if u.latest is not None else INF] +
                 [board.at[s].start - gap_before(units[s], rules)
                  for s in board.succs[uid] if s in pinned])
        ranges[uid] = _start_ranges(u, venues, lo, hi)
        if not ranges[uid]:
            continue
        spans = [list(s) for r in ranges[uid].values() for s in r]
        start[uid] = m.NewIntVarFromDomain(cp_model.Domain.FromIntervals(spans), f"s{uid}")
        for vid, vspans in ranges[uid].items():
            y = on[uid][vid] = m.NewBoolVar(f"y{uid}@{vid}")
            dom = cp_model.Domain.FromIntervals([list(s) for s in vspans])
            m.AddLinearExpressionInDomain(start[uid], dom).OnlyEnforceIf(y)
        if len(on[uid]) == 1:
            placed[uid] = next(iter(on[uid].values()))
        else:
            placed[uid] = m.NewBoolVar(f"p{uid}")
            m.Add(sum(on[uid].values()) == placed[uid])
        for p in preds[uid]:
            if p in start:
                m.Add(start[uid] >= start[p] + units[p].duration + gap_before(u, rules)
                      ).OnlyEnforceIf(placed[uid])
                m.AddImplication(placed[uid], placed[p])

    for uid in start:  # a round's units start in their order (heat 1, heat 2 ...)
        for s in board.before.get(uid, ()):
            if s in start:
                m.Add(start[uid] >= start[s]).OnlyEnforceIf([placed[uid], placed[s]])
            elif s in pinned:
                m.Add(start[uid] >= board.at[s].start).OnlyEnforceIf(placed[uid])
        for s in board.after.get(uid, ()):
            if s in pinned:
                m.Add(start[uid] <= board.at[s].start).OnlyEnforceIf(placed[uid])

    rounds: dict[str, list[str]] = defaultdict(list)  # a Swiss round: every board at once
    for uid in units:
        if units[uid].together:
            rounds[units[uid].together].append(uid)
    for uids in rounds.values():
        fixed = [board.at[u].start for u in uids if u in pinned]
        loose = [u for u in uids if u in start]
        if any(u not in start and u not in pinned for u in uids):  # one cannot be placed
            for u in loose:
                m.Add(placed[u] == 0)
            continue
        for a, b in pairwise(loose):
            m.Add(placed[a] == placed[b])
            m.Add(start[a] == start[b]).OnlyEnforceIf(placed[a])
        if loose and fixed:
            m.Add(start[loose[0]] == fixed[0]).OnlyEnforceIf(placed[loose[0]])

    rows: dict[tuple, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for uid in start:
        if units[uid].hint:
            rows[_hint_row(units[uid])][units[uid].hint].append(uid)
    in_order = {}  # (a, b): b of the next fixture round starts no earlier than a
    for by_hint in rows.values():
        for lower, higher in pairwise(sorted(by_hint)):
            for a in by_hint[lower]:
                for b in by_hint[higher]:
                    ok = in_order[(a, b)] = m.NewBoolVar(f"o{a}<{b}")
                    m.Add(start[b] >= start[a]).OnlyEnforceIf(ok)

    rest = rules.rest
    person_iv = {uid: m.NewOptionalFixedSizeIntervalVar(start[uid], units[uid].duration + rest,
                                                        placed[uid], f"r{uid}") for uid in start}
    for uid in pinned:
        q = board.at[uid]
        person_iv[uid] = m.NewIntervalVar(q.start, q.end - q.start + rest, q.end + rest, f"f{uid}")
    by_person = defaultdict(list)
    for uid in person_iv:
        for person in units[uid].persons:
            by_person[person].append(uid)
    done = set()
    for person, uids in by_person.items():
        if len(uids) < 2 or all(uid in pinned for uid in uids):
            continue
        for group in _cliques(person, sorted(uids), units):
            free = [g for g in group if g not in pinned]
            fixed = sorted((board.at[g].start, g) for g in group if g in pinned)
            chains: list[list[str]] = []  # pinned units that do not clash among themselves
            for s, g in fixed:
                for chain in chains:
                    if board.at[chain[-1]].end + rest <= s:
                        chain.append(g)
                        break
                else:
                    chains.append([g])
            for chain in chains or [[]]:
                key = frozenset(free + chain)
                if free and len(key) > 1:
                    done.add(key)
    kept: list[frozenset] = []  # a group inside a larger group adds nothing
    holder: dict[str, list[int]] = defaultdict(list)
    for key in sorted(done, key=len, reverse=True):
        rare = min(key, key=lambda g: len(holder[g]))
        if not any(key <= kept[i] for i in holder[rare]):
            for g in key:
                holder[g].append(len(kept))
            kept.append(key)
            m.AddNoOverlap([person_iv[g] for g in key])

    for vid, venue in venues.items():
        ivs = [m.NewOptionalFixedSizeIntervalVar(start[uid], units[uid].duration, y, f"v{uid}")
               for uid in start for v, y in on[uid].items() if v == vid]
        marks = sorted(x for uid in pinned if board.at[uid].venue_id == vid for x in
                       ((board.at[uid].start, 1), (board.at[uid].end, -1)))
        demands = [1] * len(ivs)
        load = 0
        for (a, step), (b, _) in pairwise(marks):
            load += step
            if load > 0 and b > a:  # pinned load, clipped to capacity
                ivs.append(m.NewIntervalVar(a, b - a, b, f"pin{vid}{a}"))
                demands.append(min(load, venue.capacity))
        if not ivs:
            continue
        if venue.capacity == 1:
            m.AddNoOverlap(ivs)
        else:
            m.AddCumulative(ivs, demands, venue.capacity)

    day_of: dict[str, dict[int, object]] = {}
    if rules.max_per_team_day is not None:
        per_team_day = defaultdict(list)
        for uid in (uid for uid in start if units[uid].teams):
            days = sorted({d for r in ranges[uid].values() for a, b in r
                           for d in range(a // DAY, b // DAY + 1)})
            if len(days) == 1:
                day_of[uid] = {days[0]: placed[uid]}
            else:
                day_of[uid] = {d: m.NewBoolVar(f"d{uid}_{d}") for d in days}
                for d, b in day_of[uid].items():
                    m.AddLinearConstraint(start[uid], d * DAY, d * DAY + DAY - 1).OnlyEnforceIf(b)
                m.Add(sum(day_of[uid].values()) == placed[uid])
            for d, b in day_of[uid].items():
                for team in units[uid].teams:
                    per_team_day[(team, d)].append(b)
        for (team, d), bs in per_team_day.items():
            fixed = [w for w in board.team_day.get((team, d), []) if w in pinned]
            cap = max(0, rules.max_per_team_day - len(fixed))
            if len(bs) > cap:
                m.Add(sum(bs) <= cap)

    low = {uid: min(a for r in ranges[uid].values() for a, _ in r) for uid in start}
    span = sum(max(b for r in ranges[uid].values() for _, b in r) - low[uid] for uid in start)
    # placing one more unit beats keeping every order, and one order kept beats
    # starting any one unit at the other end of its range
    order_weight = max((max(b for r in ranges[uid].values() for _, b in r) - low[uid]
                        for uid in start), default=0) + 1
    weight = span + order_weight * len(in_order) + 1
    m.Maximize(weight * sum(placed.values()) - sum(start[uid] - low[uid] for uid in start)
               - order_weight * sum(1 - ok for ok in in_order.values()))

    for uid in start:
        q = board.at.get(uid)
        m.AddHint(placed[uid], q is not None)
        m.AddHint(start[uid], q.start if q else low[uid])
        for vid, y in on[uid].items():
            if y is not placed[uid]:
                m.AddHint(y, q is not None and q.venue_id == vid)
        for d, b in day_of.get(uid, {}).items():
            if b is not placed[uid]:
                m.AddHint(b, q is not None and q.start // DAY == d)
    for (a, b), ok in in_order.items():
        qa, qb = board.at.get(a), board.at.get(b)
        m.AddHint(ok, qa is None or qb is None or qb.start >= qa.start)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    status = solver.Solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    out = {}
    for uid in start:
        for vid, y in on[uid].items():
            if solver.BooleanValue(y):
                s = solver.Value(start[uid])
                out[uid] = Placement(uid, vid, s, s + units[uid].duration)
    return out, ("optimal" if status == cp_model.OPTIMAL else "feasible")


def _diagnose(u: Unit, board: _Board, cycle: set, status: str) -> Unplaced:
    """Why ``u`` has no place in the final plan (cheap: one scan of its sessions)."""
    if u.id in cycle:
        return Unplaced(u.id, PRECEDENCE, f"{u.id} is in a cycle of rounds that wait for "
                        "each other", units=tuple(sorted(cycle)))
    lo = u.earliest if u.earliest is not None else -INF
    hi = u.latest if u.latest is not None else INF
    if not _start_ranges(u, board.venues, lo, hi):
        where = ", ".join(u.venues) or "no venue"
        return Unplaced(u.id, NO_WINDOW, f"no session of {where} has {u.duration} free "
                        "minutes inside the unit's own time limits")
    lo, hi, missing = board.bounds(u)
    if missing:
        return Unplaced(u.id, PRECEDENCE, f"{u.id} waits for {', '.join(missing)}, not "
                        "scheduled", units=tuple(missing))
    if not _start_ranges(u, board.venues, lo, hi):
        around = [p for p in board.preds[u.id] + tuple(board.succs[u.id]) if p in board.at]
        return Unplaced(u.id, PRECEDENCE, f"no session is left between the units before "
                        f"and after {u.id} with the required gaps", units=tuple(around))
    record: list = []
    board.scan(u, record)
    kinds = Counter(k for k, _, _, _ in record)
    units = tuple(sorted(set().union(*(r[2] for r in record)))) if record else ()
    persons = tuple(sorted(set().union(*(r[3] for r in record if r[0] == PARTICIPANTS_BUSY))))
    if not record or (status != "optimal" and not any(board.units[w].pin for w in units)):
        return Unplaced(u.id, TIME_OUT, "the solver ran out of time before it could make "
                        f"room; in this plan it is blocked by {', '.join(units[:8])}",
                        persons, units)
    kind = max((PARTICIPANTS_BUSY, VENUE_FULL, DAILY_LIMIT), key=lambda k: kinds[k])
    if kind == PARTICIPANTS_BUSY:
        who = sorted(set().union(*(r[3] for r in record if r[0] == kind)))
        busy = sorted(set().union(*(r[2] for r in record if r[0] == kind)))
        detail = (f"{', '.join(who[:8])} are busy (or without {board.rules.rest} min rest) "
                  f"in {', '.join(busy[:8])} at every possible time")
        return Unplaced(u.id, kind, detail, tuple(who), tuple(busy))
    if kind == VENUE_FULL:
        full = sorted(set().union(*(r[2] for r in record if r[0] == kind)))
        return Unplaced(u.id, kind, f"{', '.join(u.venues)} is at capacity at every time "
                        f"{u.id} could be played", (), tuple(full))
    played = sorted(set().union(*(r[2] for r in record if r[0] == kind)))
    teams = sorted(set().union(*(r[3] for r in record if r[0] == kind)))
    return Unplaced(u.id, kind, f"{', '.join(teams)} already play "
                    f"{board.rules.max_per_team_day} a day on every day {u.id} could be "
                    "played", (), tuple(played))


CHUNK = 400  # units per CP-SAT model; a larger meet is solved chunk by chunk


def _linked(uids: Iterable[str], keys_of, preds: dict) -> dict[str, str]:
    """Unit id -> one unit of its group: units sharing a key of ``keys_of`` or linked by
    round order (``preds``) are one group (union-find)."""
    parent = {uid: uid for uid in uids}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_of: dict[str, str] = {}
    for uid in parent:
        for other in [first_of.setdefault(k, uid) for k in keys_of(uid)] + list(
                preds.get(uid, ())):
            if other in parent:
                parent[root(other)] = root(uid)
    return {uid: root(uid) for uid in parent}


def _chunks(units: dict[str, Unit], preds: dict, free: list[str]) -> list[set[str]]:
    """Free units in groups of at most CHUNK: units linked by a person or by round
    order stay together when they can (a larger group is cut in round order)."""
    group_of = _linked(free, lambda uid: [f"p:{p}" for p in units[uid].persons] + (
        [f"r:{units[uid].together}"] if units[uid].together else []), preds)
    groups: dict[str, list[str]] = defaultdict(list)
    for uid in free:  # free is in round order, so each group is too
        groups[group_of[uid]].append(uid)
    chunks: list[set[str]] = [set()]
    for group in sorted(groups.values(), key=len, reverse=True):
        for i in range(0, len(group), CHUNK):
            piece = group[i:i + CHUNK]
            if len(chunks[-1]) + len(piece) > CHUNK:
                chunks.append(set())
            chunks[-1].update(piece)
    return [c for c in chunks if c]


def _greedy(board: _Board, uids: list[str], together: dict[str, list[Unit]]) -> None:
    """Place ``uids`` in this order, each at its earliest start (a ``together`` key's
    units all at once, when the first of them comes)."""
    for uid in uids:
        u = board.units[uid]
        if uid in board.at:
            continue
        if u.together:
            board.place_together(together[u.together])
            continue
        spot = board.scan(u)
        if spot:
            board.put(uid, *spot)


def _parts(units: dict[str, Unit], preds: dict) -> dict[str, int]:
    """Unit id -> the independent part of the meet it belongs to: units linked by a
    person (potential ones included), a team, an allowed venue, round order or a
    ``together`` key are in one part."""

    def keys(uid: str) -> list[str]:
        u = units[uid]
        out = [f"p:{p}" for p in u.persons] + [f"t:{t}" for t in u.teams]
        out += [f"v:{v}" for v in u.venues] + ([f"r:{u.together}"] if u.together else [])
        return out + ([f"v:{u.pin[1]}"] if u.pin else [])

    group_of = _linked(units, keys, preds)
    roots: dict[str, int] = {}
    return {uid: roots.setdefault(group_of[uid], len(roots)) for uid in units}


def _pinned_board(units, venues, rules, preds) -> _Board:
    board = _Board(units, venues, rules, preds)
    for u in units.values():
        if u.pin is not None:
            board.put(u.id, u.pin[1], u.pin[0])
    return board


def solve(units: Iterable[Unit], venues: Iterable[Venue], rules: Rules = Rules(),
          time_limit: float = 20.0, workers: int = 2) -> Timetable:
    """Place the units. Pinned units keep their place; ``time_limit`` (seconds) bounds
    the CP-SAT search (0: greedy only)."""
    began = time.monotonic()
    units_by_id = {u.id: u for u in units}
    venues_by_id = {v.id: v for v in venues}
    preds = predecessors(units_by_id.values())
    together: dict[str, list[Unit]] = defaultdict(list)
    for u in units_by_id.values():
        if u.together:
            together[u.together].append(u)
    # Greedy passes; the best pass is taken per independent part of the meet (units that
    # share no person, venue or round), so one tight part does not cost the others.
    part = _parts(units_by_id, preds)
    members: dict[int, list[Unit]] = defaultdict(list)
    for u in units_by_id.values():
        members[part[u.id]].append(u)
    best: dict[int, tuple[tuple[int, int], dict[str, Placement]]] = {}
    for keep_hint_order in (True, False):  # the fixture-round order costs no unit
        if best and all(score[0] == len(members[k]) for k, (score, _) in best.items()):
            break
        for key in ORDERS:
            order, cycle = _round_order(units_by_id, preds, key)
            trial = _pinned_board(units_by_id, venues_by_id, rules, preds)
            trial.keep_hint_order = keep_hint_order
            free = [uid for uid in order if units_by_id[uid].pin is None]
            _greedy(trial, free, together)
            for k, us in members.items():
                at = {u.id: trial.at[u.id] for u in us if u.id in trial.at}
                score = (len(at), -rounds_inverted(us, at))
                if k not in best or score > best[k][0]:
                    best[k] = (score, at)
    board = _pinned_board(units_by_id, venues_by_id, rules, preds)
    for _score, at in best.values():
        for p in at.values():
            if p.unit_id not in board.at:
                board.put(p.unit_id, p.venue_id, p.start)
    status = "greedy"
    chunks = _chunks(units_by_id, preds, free) if time_limit > 0 else []
    for i, chunk in enumerate(chunks):
        left = time_limit - (time.monotonic() - began)
        share = left * len(chunk) / sum(len(c) for c in chunks[i:])
        if len(chunks) == 1:
            sub = units_by_id
        else:  # re-solve this chunk around the current plan of the others
            sub = {uid: u if uid in chunk else replace(u, pin=(board.at[uid].start,
                                                                board.at[uid].venue_id))
                   for uid, u in units_by_id.items() if uid in chunk or uid in board.at}
        found = _cp_sat(sub, venues_by_id, rules, preds, order, board, share, workers)
        if found and len(found[0]) >= sum(uid in board.at for uid in chunk):
            status = found[1] if len(chunks) == 1 else "feasible"
            kept = [p for uid, p in board.at.items() if uid not in chunk]
            board = _pinned_board(units_by_id, venues_by_id, rules, preds)
            for p in kept + list(found[0].values()):
                if p.unit_id not in board.at:
                    board.put(p.unit_id, p.venue_id, p.start)
    _greedy(board, [uid for uid in free if uid not in board.at], together)  # left out: may fit
    unplaced = [_diagnose(units_by_id[uid], board, cycle, status)
                for uid in sorted(units_by_id) if uid not in board.at]
    return Timetable(dict(board.at), unplaced, status, time.monotonic() - began)


def replan(units: Iterable[Unit], placements: dict[str, Placement], now: int) -> list[Unit]:
    """Units ready for ``solve`` at ``now``: what started before ``now`` keeps its place
    (pinned), everything else may start from ``now`` on."""
    out = []
    for u in units:
        p = placements.get(u.id)
        if u.pin is None and p is not None and p.start < now:
            u = replace(u, pin=(p.start, p.venue_id))
        elif u.pin is None:
            u = replace(u, earliest=max(now, u.earliest if u.earliest is not None else now))
        out.append(u)
    return out
