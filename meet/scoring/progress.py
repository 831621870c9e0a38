"""What publishing a unit sets in motion (inside the publishing transaction):

1. the unit's places (by the rules of its kind);
2. in a knockout, the winner and the loser go into the slots that wait for them
   ("W:M3", "L:M3");
3. when every unit of the round is published, the round is complete;
4. the event's final places are (re)written as EventPlace rows once decided;
5. the meet record is re-evaluated (:mod:`meet.scoring.records`): MR / =MR flags.

After the commit, :func:`hand_over` calls the draw's ``advance_round(round)``
(:mod:`meet.schedule.advance`): it marks the heats' qualifiers Q/q/qD (a tie for the
last spot by a recorded lot) and fills the final's lanes, the bracket from the group
tables, the next Swiss round.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import EventPlace, Result, Round, RoundStatus, Unit, UnitSlot
from meet.models.base import utcnow
from meet.operations import OperationError
from meet.schedule.advance import advance_round
from meet.scoring import classification, records


def _results(unit_ids: list[int]) -> dict[int, list[Result]]:
    out: dict[int, list[Result]] = {i: [] for i in unit_ids}
    if unit_ids:
        for r in db.session.scalars(select(Result).where(Result.unit_id.in_(unit_ids))):
            out[r.unit_id].append(r)
    return out


def event_rounds(event_id: int):
    """``[(round, [(unit, results)])]`` of an event, in order."""
    rounds = list(db.session.scalars(
        select(Round).where(Round.event_id == event_id).order_by(Round.number)
        .options(selectinload(Round.units).selectinload(Unit.slots))))
    results = _results([u.id for r in rounds for u in r.units])
    return [(r, [(u, results[u.id]) for u in r.units]) for r in rounds]


def after_publish(unit: Unit) -> None:
    db.session.flush()
    results = list(db.session.scalars(select(Result).where(Result.unit_id == unit.id)))
    classification.place_unit(unit, results)
    if unit.event.kind == "match" and unit.code:
        _fill_knockout(unit, results)
    round_ = unit.round
    db.session.flush()
    if all(u.status == "published" for u in round_.units):
        round_.status = RoundStatus.COMPLETE.value
    waiting = db.session.scalar(select(func.count()).select_from(Unit).where(
        Unit.event_id == unit.event_id, Unit.status != "published"))
    if not waiting:  # every unit of the event is published: its classification is due
        write_event_places(unit.event)
    records.reflag_event(unit.event)  # MR / =MR on the results, MR on the final places


def _fill_knockout(unit: Unit, results: list[Result]) -> None:
    winner = classification.winner_of(results)
    if winner is None:
        return
    loser = next((r.entry_id for r in results if r.entry_id != winner), None)
    waiting = db.session.scalars(
        select(UnitSlot).join(Unit).where(
            Unit.event_id == unit.event_id,
            UnitSlot.source.in_([f"W:{unit.code}", f"L:{unit.code}"])))
    for slot in waiting:
        if slot.unit.status == "published":
            continue
        slot.entry_id = winner if slot.source.startswith("W:") else loser


def write_event_places(event) -> bool:
    """Rewrite the event's EventPlace rows if its classification is decided."""
    rounds = event_rounds(event.id)
    places = classification.event_places(event, rounds)
    if places is None:
        return False
    latest: dict[int, Result] = {}
    for _, units in rounds:
        for _, results in units:
            latest.update({r.entry_id: r for r in results if r.entry_id is not None})
    db.session.execute(EventPlace.__table__.delete().where(EventPlace.event_id == event.id))
    now = utcnow()
    entries = {u_slot.entry_id: u_slot.entry for _, units in rounds for u, _ in units
               for u_slot in u.slots if u_slot.entry_id is not None}
    for entry_id, place in places.items():
        r = latest.get(entry_id)
        status = r.status if r is not None and r.status != "OK" else "OK"
        if place is None and status == "OK":
            status = "DNS"
        mark = r.mark if r is not None and event.kind != "match" else ""
        db.session.add(EventPlace(
            event_id=event.id, entry_id=entry_id, delegation_id=entries[entry_id].delegation_id,
            place=place if status == "OK" else None, status=status, mark=mark,
            record=(r.record if r is not None else ""), published=True, published_at=now))
    return True


def hand_over(unit: Unit) -> str:
    """After the commit: the draw's :func:`advance_round` fills the next round from a
    complete one (Q/q/qD into the final, group places into the bracket, the next Swiss
    round). Returns a message for the chief referee when it could not."""
    round_ = db.session.get(Round, unit.round_id)
    if round_ is None or round_.status != RoundStatus.COMPLETE.value:
        return ""
    try:
        advance_round(round_)
    except (OperationError, ValueError) as err:
        db.session.rollback()
        current_app.logger.warning("advance_round failed for round %s: %s", round_.id, err)
        return str(err)
    return ""
