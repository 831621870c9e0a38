"""Meet records on publication: the bridge from the published results of an event and
its standing :class:`MeetRecord` to the rule :func:`meet.rules.records.evaluate`.

Called inside the publishing (or correcting) transaction, after the event's places are
written: every result of the event's published units is flagged again from scratch
(``Result.record``: ``MR`` new record, ``=MR`` equals it, ``""`` otherwise; results of
units not published carry no flag), and the event's final places (EventPlace) carry
``MR`` for each entry that holds the new record, so the standings add the meet's
``record_bonus`` and the records page lists the new holder. ``=MR`` never reaches an
EventPlace: equalling earns nothing. Also called when the organiser enters, changes or
removes a standing record, so the flags always follow the record table.
"""

from __future__ import annotations

from sqlalchemy import select

from meet.extensions import db
from meet.models import EventPlace, MeetRecord, Result, Unit
from meet.rules import records as rule
from meet.scoring.sheets import layout_of


def reflag_event(event) -> set[int]:
    """Re-evaluate the meet record of ``event``; return the entry ids holding a new one."""
    units = list(db.session.scalars(select(Unit).where(Unit.event_id == event.id)))
    if not units:
        return set()
    style = layout_of(units[0]).style
    if not rule.has_records(style):
        return set()
    published = {u.id for u in units if u.status == "published"}
    results = list(db.session.scalars(
        select(Result).where(Result.unit_id.in_([u.id for u in units]))))
    standing = db.session.scalars(select(MeetRecord).where(
        MeetRecord.meet_id == event.meet_id, MeetRecord.event_id == event.id)).first()
    value = rule.record_value(style, standing.mark) if standing is not None else None
    marks = [rule.Mark(r.id, r.status, r.mark_value) for r in results
             if r.unit_id in published and r.entry_id is not None]
    if standing is not None and value is None:
        marks = []  # a record typed in another unit ("10.8秒"): nothing can be compared
    outcome = rule.evaluate(style, value, marks)
    holders = set()
    for r in results:
        flag = outcome.flags.get(r.id, "")
        if r.record != flag:
            r.record = flag
        if flag == rule.NEW:
            holders.add(r.entry_id)
    for place in db.session.scalars(select(EventPlace).where(EventPlace.event_id == event.id)):
        flag = rule.NEW if place.entry_id in holders else ""
        if place.record != flag:
            place.record = flag
    db.session.flush()
    return holders
