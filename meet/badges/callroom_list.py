"""The call room's list of units to check in: one day and one venue at a time.

A marshal works one venue's call room on one day; the whole meet's unfinished units
(470 in the demo, over a week) on one page hid the next heat among the rest. The list
opens on today (China time), or on the next day that still has units when today has
none, or on the last (after the meet); "all days" and units not yet timed are one tap away.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import contains_eager, selectinload

from meet.badges.checkin import FINISHED
from meet.extensions import db
from meet.models import CheckIn, Event, Meet, Round, Unit, Venue
from meet.schedule.problem import CST, local

ALL = "all"
UNTIMED = "untimed"


@dataclass
class CallRoomList:
    units: list[Unit]
    counts: dict[int, int]  # unit id -> persons checked in
    days: list[dt.date]  # days with units to check in
    day: dt.date | str  # the day shown, ALL or UNTIMED
    untimed: int  # units without a time yet
    venues: list[Venue]  # venues of the day shown
    venue: Venue | None


def _day_of(unit: Unit) -> dt.date | None:
    return local(unit.starts_at).date() if unit.starts_at else None


def parse_day(text: str | None) -> dt.date | str | None:
    if text in (ALL, UNTIMED):
        return text
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def call_room_list(meet: Meet, day: dt.date | str | None = None, venue_id: int | None = None,
                   today: dt.date | None = None) -> CallRoomList:
    """The unfinished units of ``meet`` on ``day`` at ``venue_id``, in time order; an
    unknown day or venue falls back to the default rather than to an empty page."""
    units = list(db.session.scalars(
        db.select(Unit).join(Event, Event.id == Unit.event_id)
        .join(Round, Round.id == Unit.round_id)
        .where(Event.meet_id == meet.id, Unit.status.not_in(FINISHED))
        .options(contains_eager(Unit.event), contains_eager(Unit.round),
                 selectinload(Unit.venue))  # one query, not one per event and round
        .order_by(Unit.starts_at.is_(None), Unit.starts_at, Event.sort_order, Round.number,
                  Unit.number)))
    days = sorted({d for d in map(_day_of, units) if d is not None})
    untimed = sum(1 for u in units if u.starts_at is None)
    if day not in days and day not in (ALL, UNTIMED) or day == UNTIMED and not untimed:
        today = today or dt.datetime.now(CST).date()
        day = next((d for d in days if d >= today), days[-1] if days else ALL)
        if day == ALL and untimed:
            day = UNTIMED
    if day == UNTIMED:
        units = [u for u in units if u.starts_at is None]
    elif day != ALL:
        units = [u for u in units if _day_of(u) == day]
    venues = sorted({u.venue for u in units if u.venue is not None},
                    key=lambda v: (v.sort_order, v.id))
    venue = next((v for v in venues if v.id == venue_id), None)
    if venue is not None:
        units = [u for u in units if u.venue_id == venue.id]
    counts = dict(db.session.execute(
        db.select(CheckIn.unit_id, db.func.count()).where(
            CheckIn.unit_id.in_([u.id for u in units] or [0])).group_by(CheckIn.unit_id)).all())
    return CallRoomList(units, counts, days, day, untimed, venues, venue)


def back_to_list(unit: Unit) -> dict:
    """The list arguments that lead back to ``unit``'s day and venue."""
    day = _day_of(unit)
    return {"day": day.isoformat() if day else UNTIMED, "venue": unit.venue_id}
