"""Scheduling operations (编排竞赛日程): place every unit automatically, move one by hand,
pin, take off, and list the conflicts of the timetable as it stands.

The rules are :mod:`meet.rules.timetable_check`'s, applied by its solver
(:mod:`meet.rules.timetable`): venue capacity and hours, nobody in two units at once
(with rest), rounds in order with a gap before a final, a daily limit per team. Units
already played, or pinned by the organiser, keep their place; so re-planning after a
session overran keeps what has been played. A hand move that creates a conflict is
refused with the conflicts named, unless the organiser overrides it with a reason,
which is recorded in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meet.extensions import db
from meet.models import Delegation, Meet, Person, ScheduleSettings, Unit, UnitStatus, Venue
from meet.operations import OperationError, audit, commit
from meet.rules import timetable as solver
from meet.rules import timetable_check as tc
from meet.schedule.problem import Problem, build, default_settings, to_minutes, to_moment
from meet.signals import schedule_changed

REASONS = {
    solver.NO_WINDOW: _l("可用场地在允许的日期内没有足够长的开放时段"),
    solver.PRECEDENCE: _l("前一赛次未排入，或其后已没有满足间隔的时段"),
    solver.PARTICIPANTS_BUSY: _l("参赛人员在每个可用时段都有其他比赛（或休息不足）"),
    solver.VENUE_FULL: _l("场地在每个可用时段都已满"),
    solver.DAILY_LIMIT: _l("参赛队在每个可用日期都已达到每日场次上限"),
    solver.TIME_OUT: _l("求解时间已到，未能为其腾出位置"),
}
CONFLICTS = {
    tc.DOUBLE_BOOKED: _l("同一人同时参加两项"),
    tc.SHORT_REST: _l("两项之间休息不足"),
    tc.VENUE_OVER_CAPACITY: _l("场地超出容量"),
    tc.OUTSIDE_HOURS: _l("不在场地开放时间内"),
    tc.WRONG_VENUE: _l("不在该项目的比赛场地"),
    tc.ORDER_VIOLATED: _l("赛次顺序或间隔不符"),
    tc.NOT_TOGETHER: _l("瑞士制同一轮各台未同时开始"),
    tc.DAILY_LIMIT: _l("超过每日场次上限"),
    "court_taken": _l("同一块场地同时安排两场"),
}


@dataclass
class ConflictView:
    kind: str
    label: str
    units: list[Unit]
    persons: list[Person]
    detail: str


def unit_title(unit: Unit) -> str:
    """男子100米 预赛 第1组."""
    parts = [unit.event.name, unit.round.name, unit.heat_label]
    return " ".join(p for p in parts if p)


def describe(problem: Problem, conflicts: list[tc.Conflict]) -> list[ConflictView]:
    """Conflicts with the units and the people concerned, for a page."""
    ids = {int(p[1:]) for c in conflicts for p in c.persons if p.startswith("p")}
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))} \
        if ids else {}
    out = []
    for c in conflicts:
        units = [problem.rows[u] for u in c.units if u in problem.rows]
        persons = [people[int(p[1:])] for p in c.persons if int(p[1:]) in people]
        out.append(ConflictView(c.kind, str(CONFLICTS.get(c.kind, c.kind)), units, persons,
                                c.detail))
    return out


def court_clashes(problem: Problem, placements: dict[str, tc.Placement]) -> list[tc.Conflict]:
    """Two units on the same court of a venue at overlapping times."""
    by_court: dict[tuple[str, str], list[str]] = defaultdict(list)
    for uid, p in placements.items():
        court = problem.rows[uid].court
        if court:
            by_court[(p.venue_id, court)].append(uid)
    out = []
    for (vid, court), uids in sorted(by_court.items()):
        uids.sort(key=lambda u: placements[u].start)
        for a, b in zip(uids, uids[1:], strict=False):
            if placements[b].start < placements[a].end:
                out.append(tc.Conflict("court_taken", (a, b),
                                       f"{a} and {b} on court {court}", venue_id=vid))
    return out


def current_conflicts(meet: Meet) -> tuple[Problem, list[ConflictView]]:
    problem = build(meet)
    placements = problem.placements()
    found = problem.check(placements) + court_clashes(problem, placements)
    return problem, describe(problem, found)


def conflicts_for_people(meet: Meet, person_ids: set[int]) -> list[ConflictView]:
    """What a change of these people's entries breaks in the timetable (a late entry
    change): every current conflict one of them is in."""
    problem, views = current_conflicts(meet)
    return [v for v in views if any(p.id in person_ids for p in v.persons)]


def assign_courts(problem: Problem, placements: dict[str, tc.Placement],
                  keep: set[str]) -> dict[str, str]:
    """A court number per unit at a venue of several courts: kept units keep theirs,
    the others take the lowest court free for their whole time."""
    out: dict[str, str] = {}
    by_venue: dict[str, list[str]] = defaultdict(list)
    for uid, p in placements.items():
        by_venue[p.venue_id].append(uid)
    for vid, uids in by_venue.items():
        capacity = problem.venues[vid].capacity if vid in problem.venues else 1
        if capacity <= 1:
            out.update({u: "" for u in uids if u not in keep})
            continue
        busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for uid in uids:
            if uid in keep and problem.rows[uid].court:
                busy[problem.rows[uid].court].append((placements[uid].start, placements[uid].end))
        for uid in sorted((u for u in uids if u not in keep),
                          key=lambda u: (placements[u].start, u)):
            p = placements[uid]
            for n in range(1, capacity + 1):
                if all(p.end <= s or e <= p.start for s, e in busy[str(n)]):
                    busy[str(n)].append((p.start, p.end))
                    out[uid] = str(n)
                    break
            else:
                out[uid] = ""
    return out


def in_number_order(problem: Problem, placements: dict[str, tc.Placement],
                    keep: set[str]) -> dict[str, tc.Placement]:
    """Heat 1 before heat 2: within a round at a venue, the solver's slots are handed to
    the units in their numbers' order (same durations), wherever that breaks no rule;
    a round whose reordering would create a conflict keeps the solver's order."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for uid, p in placements.items():
        if uid not in keep:
            row = problem.rows[uid]
            groups[(row.round_id, p.venue_id, problem.units[uid].duration)].append(uid)
    before = {(c.kind, c.units) for c in problem.check(placements)}
    out, changed = dict(placements), {}
    for key, uids in groups.items():
        slots = sorted((placements[u].start, placements[u].venue_id) for u in uids)
        ordered = sorted(uids, key=lambda u: problem.rows[u].number)
        if [placements[u].start for u in ordered] != [s for s, _ in slots]:
            changed[key] = ordered
            for uid, (start, vid) in zip(ordered, slots, strict=True):
                out[uid] = tc.Placement(uid, vid, start, start + problem.units[uid].duration)
    for _ in range(3):
        bad = {u for c in problem.check(out) if (c.kind, c.units) not in before for u in c.units}
        undo = [k for k, uids in changed.items() if bad & set(uids)]
        if not undo:
            return out
        for k in undo:
            for uid in changed.pop(k):
                out[uid] = placements[uid]
    return placements


def auto_schedule(meet: Meet, *, time_limit: float | None = None, workers: int = 2,
                  progress: Callable[[str, int], None] | None = None,
                  signal: bool = True) -> dict:
    """Place every unit that is neither played nor pinned; write the plan; say what is
    left and why. ``time_limit`` 0 is the deterministic greedy pass alone; ``signal``
    False (the demo loader) tells no listener."""
    report = progress or (lambda stage, percent: None)
    report(str(_l("读取比赛单元")), 5)
    problem = build(meet)
    limit = problem.settings.solver_seconds if time_limit is None else time_limit
    report(str(_l("求解中")), 10)
    plan = solver.solve(problem.units.values(), problem.venues.values(), problem.rules,
                        time_limit=limit, workers=workers)
    report(str(_l("写入日程")), 90)
    keep = {uid for uid, u in problem.units.items() if u.pin is not None}
    plan.placements = in_number_order(problem, plan.placements, keep)
    courts = assign_courts(problem, plan.placements, keep)
    for uid, row in problem.rows.items():
        if uid in keep:
            continue
        placed = plan.placements.get(uid)
        if placed is None:
            row.venue_id = row.starts_at = row.ends_at = None
            row.court = ""
        else:
            row.venue_id = problem.venue_rows[placed.venue_id].id
            row.starts_at = to_moment(problem.first_day, placed.start)
            row.ends_at = to_moment(problem.first_day, placed.end)
            row.court = courts.get(uid, "")
    unplaced = [{"unit_id": problem.rows[u.unit_id].id,
                 "title": unit_title(problem.rows[u.unit_id]),
                 "reason": str(REASONS.get(u.reason, u.reason)), "code": u.reason,
                 "persons": _names(u.persons)} for u in plan.unplaced]
    remaining = problem.check(plan.placements)
    summary = {"placed": len(plan.placements) - len(keep), "kept": len(keep),
               "total": len(problem.units), "unplaced": unplaced,
               "conflicts": len(remaining), "status": plan.status,
               "seconds": round(plan.seconds, 2)}
    audit("schedule.auto", meet, meet_id=meet.id, placed=summary["placed"],
          kept=summary["kept"], unplaced=len(unplaced), status=plan.status,
          conflicts=len(remaining))
    commit(*([(schedule_changed, {"meet_id": meet.id})] if signal else []))
    report(str(_l("完成")), 100)
    return summary


def _names(person_ids: tuple[str, ...]) -> list[str]:
    ids = [int(p[1:]) for p in person_ids[:12] if p.startswith("p")]
    if not ids:
        return []
    rows = db.session.execute(select(Person.name, Person.bib, Delegation.short_name)
                              .join(Delegation, Delegation.id == Person.delegation_id)
                              .where(Person.id.in_(ids)))
    return [f"{name}（{bib or '—'}，{team}）" for name, bib, team in rows]


def move_unit(unit: Unit, *, venue: Venue, start: dt.datetime, court: str = "",
              override: bool = False, reason: str = "") -> list[ConflictView]:
    """Put ``unit`` at ``venue`` (court) from ``start``, pinned. Refused when it creates
    a conflict, unless ``override`` with a reason (recorded). Answers the conflicts
    accepted. A board of a Swiss round takes the round's other boards not yet played
    with it (a round starts at once), each on its own table when the venue stays."""
    meet = db.session.get(Meet, unit.event.meet_id)
    if venue.meet_id != unit.event.meet_id:
        raise OperationError(str(_l("场地不属于本届运动会")), field="venue_id")
    court = (court or "").strip()
    if court and (not court.isdigit() or not 1 <= int(court) <= venue.capacity):
        raise OperationError(str(_l("场地号应在 1 到 {n} 之间")).format(n=venue.capacity),
                             field="court")
    problem = build(meet)
    uid = f"u{unit.id}"
    u = problem.units[uid]
    begin = to_minutes(problem.first_day, start)
    before = problem.placements()
    after = dict(before)
    board_of = [k for k, x in problem.units.items() if u.together and x.together == u.together
                and k != uid and problem.rows[k].status == UnitStatus.NOT_STARTED.value]
    moved = {uid, *board_of}
    for k in moved:
        after[k] = tc.Placement(k, f"v{venue.id}", begin, begin + problem.units[k].duration)
    courts = {k: problem.rows[k].court for k in board_of}
    for k in board_of:  # the round's other boards lose their tables at another venue
        if problem.rows[k].venue_id != venue.id:
            problem.rows[k].court = ""
    old_court, unit.court = unit.court, court
    old = {(c.kind, c.units) for c in problem.check(before) + court_clashes(problem, before)}
    new = [c for c in problem.check(after) + court_clashes(problem, after)
           if moved & set(c.units) and (c.kind, c.units) not in old]
    unit.court = old_court
    for k, c in courts.items():
        problem.rows[k].court = c
    views = describe(problem, new)
    if views and not override:
        raise MoveRefused(views)
    if views and not reason.strip():
        raise OperationError(str(_l("强制调整须填写理由")), field="reason")
    was = {"venue_id": unit.venue_id, "court": unit.court,
           "starts_at": unit.starts_at.isoformat() if unit.starts_at else None}
    unit.venue_id, unit.court, unit.pinned = venue.id, court, True
    unit.starts_at = to_moment(problem.first_day, begin)
    unit.ends_at = to_moment(problem.first_day, begin + u.duration)
    for k in board_of:
        row = problem.rows[k]
        if row.venue_id != venue.id:
            row.court = ""
        row.venue_id, row.pinned = venue.id, True
        row.starts_at, row.ends_at = unit.starts_at, to_moment(
            problem.first_day, begin + problem.units[k].duration)
    audit("schedule.move_override" if views else "schedule.move", unit, meet_id=meet.id,
          reason=reason.strip(), was=was, with_round=[problem.rows[k].id for k in board_of],
          now={"venue_id": venue.id, "court": court, "starts_at": unit.starts_at.isoformat()},
          conflicts=[{"kind": v.kind, "units": [x.id for x in v.units],
                      "persons": [p.id for p in v.persons]} for v in views])
    commit((schedule_changed, {"meet_id": meet.id}))
    return views


class MoveRefused(OperationError):
    """A move that would create conflicts; ``conflicts`` names them."""

    def __init__(self, conflicts: list[ConflictView]):
        def who(c: ConflictView) -> str:
            return "、".join(p.name for p in c.persons[:6]) or "、".join(
                unit_title(u) for u in c.units)

        super().__init__(str(_l("该调整会造成冲突：")) + "；".join(
            f"{c.label}（{who(c)}）" for c in conflicts), field="start")
        self.conflicts = conflicts


def set_pinned(unit: Unit, pinned: bool) -> None:
    if pinned and not unit.starts_at:
        raise OperationError(str(_l("尚未安排时间的单元不能锁定")))
    unit.pinned = pinned
    audit("schedule.pin" if pinned else "schedule.unpin", unit,
          meet_id=unit.event.meet_id)
    commit((schedule_changed, {"meet_id": unit.event.meet_id}))


def unschedule(unit: Unit) -> None:
    if unit.status != "not_started":
        raise OperationError(str(_l("已开始或已结束的比赛不能撤出日程")))
    unit.venue_id = unit.starts_at = unit.ends_at = None
    unit.court, unit.pinned = "", False
    audit("schedule.unschedule", unit, meet_id=unit.event.meet_id)
    commit((schedule_changed, {"meet_id": unit.event.meet_id}))


def ensure_settings(meet: Meet) -> ScheduleSettings:
    found = default_settings(meet)
    if found.id is None:
        db.session.add(found)
        db.session.flush()
    return found
