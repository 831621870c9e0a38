"""The draw's writes: choose a format, draw (and redraw), publish, replay.

Every draw stores a :class:`~meet.models.DrawRecord` on the event's first round with the
seed, who drew, when, why (a redraw of a published start list needs a reason) and the
inputs (the entries with their delegation and seeding mark, the format settings), so
:func:`replay` can recompute the draw and show it comes out the same. Redrawing keeps the
rounds and units that still exist (their place in the timetable stays) and replaces the
slots. Once any result exists for the event, the draw can no longer change.

Next rounds (advancement from heats, groups into the knockout, knockout winners, Swiss
pairings) live in :mod:`meet.schedule.advance`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from meet.extensions import db
from meet.models import DrawRecord, Event, Round, RoundStatus, Unit, UnitSlot
from meet.operations import OperationError, actor_id, audit, commit
from meet.rules import draw as lots
from meet.rules.plan import Competitor, Plan, PlanError, RoundPlan, plan_event
from meet.schedule import formats, queries
from meet.signals import registration_changed

PLAN_MESSAGES = {
    "final_too_small": _l("决赛只有%(lanes)s条道，%(heats)s组各取前%(Q)s名再按成绩取%(q)s名放不下，"
                          "请减少录取人数。"),
    "nobody_advances": _l("至少要有2人进入决赛。"),
    "races_too_few": _l("%(n)s个报名、每组%(lanes)s条道，至少要分%(need)s组，"
                        "不能只分%(races)s组。"),
    "races_too_many": _l("只有%(n)s个报名，分不成%(races)s组。"),
    "no_usable_lanes": _l("该场地没有可用的道次。"),
    "groups_positive": _l("至少分1个组。"),
    "too_many_groups": _l("只有%(n)s个报名，分不成%(groups)s个组。"),
    "advance_more_than_group": _l("最小的组只有%(smallest)s队，不能每组出线%(advance)s队。"),
    "unknown_format": _l("未知赛制。"),
}


def plan_message(error: PlanError) -> str:
    """The organiser's sentence for a format that cannot be drawn."""
    template = PLAN_MESSAGES.get(error.code)
    if template is None:
        return error.code
    return str(template) % error.params if error.params else str(template)


def event_settings(event: Event, venues=None) -> dict:
    """The event's chosen format settings, or the default proposal."""
    first = queries.first_round(event.id)
    if first is not None and first.settings.get("event_format"):
        return dict(first.settings["event_format"])
    venues = venues if venues is not None else queries.venues(event.meet_id)
    venue = formats.guess_venue(event, venues)
    return formats.default_settings(event, len(queries.draw_entries(event)), venue)


def draw_venue(settings: dict):
    """The venue the event's format names (its lanes and lane-draw groups), or None."""
    from meet.models import Venue

    return db.session.get(Venue, settings["venue_id"]) if settings.get("venue_id") else None


def _first_round(event: Event) -> Round:
    first = queries.first_round(event.id)
    if first is None:
        first = Round(event_id=event.id, number=1, name="", stage="", settings={},
                      status=RoundStatus.PLANNED.value)
        db.session.add(first)
    return first


def _guard_no_results(event: Event) -> None:
    if queries.has_results(event.id):
        raise OperationError(_("该项目已有成绩，签表不能再改。"))


def set_format(event: Event, settings: dict, *, reason: str = "") -> Round:
    """Keep ``settings`` as the event's format. A published draw is redrawn at once with
    the new format (a reason is required); a draw not yet published is undone."""
    errors = formats.check(settings, event.kind)
    if errors:
        field, key = next(iter(errors.items()))
        raise OperationError(_("赛制设置有误，请检查。"), field)
    _guard_no_results(event)
    first = _first_round(event)
    published = first.status in queries.PUBLIC_STATUSES
    if published and not reason.strip():
        raise OperationError(_("签表已公布：更改赛制会重新抽签，请填写原因。"), "reason")
    settings = formats.complete(settings, draw_venue(settings))
    first.settings = dict(first.settings or {}) | {"event_format": settings}
    audit("schedule.format_set", event, meet_id=event.meet_id, reason=reason,
          format=settings["format"])
    if published:
        draw_event(event, reason=reason, _commit=False)
    elif first.status == RoundStatus.DRAWN.value:
        _clear(event, first)
    commit()
    return first


def _clear(event: Event, first: Round) -> None:
    for rnd in queries.rounds_of(event.id):
        if rnd.number > 1:
            db.session.delete(rnd)
    for unit in list(first.units):
        db.session.delete(unit)
    first.status = RoundStatus.PLANNED.value
    db.session.flush()


def _apply(event: Event, first: Round, plan: Plan, venue_id: int | None, status: str) -> None:
    """Make the event's rounds, units and slots those of ``plan``, reusing rows."""
    existing = {r.number: r for r in queries.rounds_of(event.id)}
    existing[1] = first
    keep = {r.number for r in plan.rounds} | {1}
    for number, rnd in existing.items():
        if number not in keep:
            db.session.delete(rnd)
    for rp in plan.rounds:
        rnd = existing.get(rp.number)
        if rnd is None:
            rnd = Round(event_id=event.id, number=rp.number)
            db.session.add(rnd)
        _apply_round(event, rnd, rp, venue_id, status)
    if not plan.rounds:
        for unit in list(first.units):
            db.session.delete(unit)
        first.name, first.name_en, first.stage = "决赛", "Final", "final"
        first.status = status
    db.session.flush()


def _apply_round(event: Event, rnd: Round, rp: RoundPlan, venue_id, status: str) -> None:
    rnd.name, rnd.name_en = queries.round_name(rp.name, rp.number)
    rnd.stage = rp.stage
    rnd.status = status
    kept = {"event_format": rnd.settings.get("event_format")} if rp.number == 1 else {}
    labels = {str(u.number): [u.label, u.params] for u in rp.units}
    rnd.settings = {k: v for k, v in kept.items() if v} | rp.settings | {"unit_labels": labels}
    units = {u.number: u for u in rnd.units}
    wanted = {u.number for u in rp.units}
    for number, unit in units.items():
        if number not in wanted:
            rnd.units.remove(unit)
    for up in rp.units:
        unit = units.get(up.number)
        if unit is None:
            unit = Unit(event_id=event.id, number=up.number, venue_id=venue_id)
            rnd.units.append(unit)
        unit.label = queries.unit_label(up.label, up.params)[0]
        unit.code, unit.group = up.code, up.group
        if unit.venue_id is None:
            unit.venue_id = venue_id
        unit.slots.clear()
    db.session.flush()
    by_number = {u.number: u for u in rnd.units}
    for up in rp.units:
        for sp in up.slots:
            by_number[up.number].slots.append(UnitSlot(
                entry_id=sp.entry, position=sp.position, lane=sp.lane, seed=sp.seed,
                source=sp.source))


def layout_of(event_id: int) -> set[tuple]:
    """(round, unit, position, entry, lane) of every filled slot of the event."""
    return {
        (r.number, u.number, s.position, s.entry_id, s.lane)
        for r in queries.rounds_of(event_id) for u in r.units for s in u.slots
        if s.entry_id is not None
    }


def draw_event(event: Event, *, seed: int | None = None, reason: str = "",
               _commit: bool = True) -> DrawRecord:
    """Draw (or redraw) the whole event. A published start list needs a ``reason``."""
    _guard_no_results(event)
    first = _first_round(event)
    was = first.status
    published = was in queries.PUBLIC_STATUSES
    if published and not reason.strip():
        raise OperationError(_("签表已公布，重新抽签必须填写原因。"), "reason")
    settings = dict(first.settings.get("event_format") or event_settings(event))
    settings = formats.complete(settings, draw_venue(settings))
    first.settings = dict(first.settings or {}) | {"event_format": settings}
    comps = queries.competitors(event)
    seed = lots.new_seed() if seed is None else seed
    status = was if published else RoundStatus.DRAWN.value
    kind = "redraw" if was != RoundStatus.PLANNED.value else "draw"
    try:
        record = store_draw(event, first, settings, comps, seed, status, kind, reason)
    except PlanError as error:
        db.session.rollback()
        raise OperationError(plan_message(error), error.code) from error
    audit("schedule.redrawn" if published else "schedule.drawn", event, meet_id=event.meet_id,
          reason=reason.strip(), seed=seed, entries=len(comps))
    if _commit:
        commit((registration_changed, {"meet_id": event.meet_id}))
    return record


def store_draw(event: Event, first: Round, settings: dict, comps: list[Competitor], seed: int,
               status: str, kind: str = "draw", reason: str = "") -> DrawRecord:
    """Plan the event from ``comps``, write its rounds and keep the DrawRecord (no commit).
    Raises PlanError when the format cannot be drawn for these entries."""
    plan = plan_event(settings, comps, seed)
    _apply(event, first, plan, settings.get("venue_id"), status)
    record = DrawRecord(
        round_id=first.id, kind=kind, seed=seed, drawn_by_id=actor_id(), reason=reason.strip(),
        detail={"rule": "plan", "settings": settings,
                "competitors": [[c.id, c.delegation, c.mark] for c in comps],
                "layout": sorted(list(x) for x in plan.layout()),
                "notes": [[code, params] for code, params in plan.notes]})
    db.session.add(record)
    return record


def publish_event(event: Event) -> int:
    """Make every drawn round of the event public; returns how many were published."""
    rounds = [r for r in queries.rounds_of(event.id) if r.status == RoundStatus.DRAWN.value]
    if not rounds:
        raise OperationError(_("请先抽签再公布。"))
    for rnd in rounds:
        rnd.status = RoundStatus.PUBLISHED.value
    audit("schedule.published", event, meet_id=event.meet_id, rounds=len(rounds))
    commit((registration_changed, {"meet_id": event.meet_id}))
    return len(rounds)


def publish_round(rnd: Round) -> None:
    if rnd.status != RoundStatus.DRAWN.value:
        raise OperationError(_("这一赛次还没有抽签，或已经公布。"))
    rnd.status = RoundStatus.PUBLISHED.value
    audit("schedule.round_published", rnd, meet_id=rnd.event.meet_id, event=rnd.event_id)
    commit((registration_changed, {"meet_id": rnd.event.meet_id}))


@dataclass(frozen=True)
class Replay:
    record: DrawRecord
    same_as_recorded: bool  # recomputing from the stored inputs gives the stored draw
    same_as_current: bool  # ... and the start list in force is that draw
    slots: int


def recompute(record: DrawRecord) -> set[tuple]:
    """The layout the record's rule gives from its stored inputs and seed."""
    d = record.detail or {}
    if d.get("rule") == "plan":
        comps = [Competitor(i, dlg, mark) for i, dlg, mark in d["competitors"]]
        return plan_event(d["settings"], comps, record.seed).layout()
    from meet.schedule import advance

    return advance.recompute(record)


def replay(record: DrawRecord) -> Replay:
    stored = {tuple(x) for x in (record.detail or {}).get("layout", [])}
    again = recompute(record)
    rnd = db.session.get(Round, record.round_id)
    current = layout_of(rnd.event_id)
    if record.detail.get("rule") != "plan":
        current = {x for x in current if x[0] in {s[0] for s in stored}}
    return Replay(record, again == stored, stored <= current, len(stored))


def draw_all(meet, *, seed: int | None = None, progress=None) -> dict[str, list]:
    """Draw every event not yet drawn and publish nothing; ``progress(done, total)``.

    Events already drawn or published, or with results, are left as they are.
    Returns {"drawn": [codes], "skipped": [codes], "refused": [(code, message)]}.
    """
    from sqlalchemy import select

    events = list(db.session.scalars(select(Event).where(Event.meet_id == meet.id)
                                     .order_by(Event.sort_order)))
    states = queries.event_states(meet.id)
    rng = lots.make_rng(seed) if seed is not None else None
    out: dict[str, list] = {"drawn": [], "skipped": [], "refused": []}
    for done, event in enumerate(events, start=1):
        event_seed = rng.randrange(2**31) if rng is not None else None
        if states.get(event.id, RoundStatus.PLANNED.value) != RoundStatus.PLANNED.value:
            out["skipped"].append(event.code)
        else:
            try:
                draw_event(event, seed=event_seed)
                out["drawn"].append(event.code)
            except OperationError as error:
                db.session.rollback()
                out["refused"].append((event.code, error.message))
        if progress is not None:
            progress(done, len(events))
    return out
