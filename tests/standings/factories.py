"""Factories of published final places: the standings' only input, written directly
(as the scoring area's classification writes them) and announced with the one signal."""

from __future__ import annotations

import datetime as dt
import itertools

from meet.extensions import db
from meet.models import Delegation, Entry, Event, EventPlace, Meet
from meet.signals import results_changed
from tests import factories

_clock = itertools.count(1)


def teams(m: Meet, n: int, kinds=None) -> list[Delegation]:
    """``n`` delegations "01".."nn"; ``kinds`` a list of UnitKinds to cycle through."""
    kinds = kinds or [factories.unit_kind(m)]
    return [factories.delegation(m, kinds[i % len(kinds)], f"{i + 1:02d}", f"第{i + 1}代表队")
            for i in range(n)]


def event(m: Meet, cat, code: str, **kw) -> Event:
    kw.setdefault("name", code)
    return factories.event(m, cat, code, **kw)


def publish(ev: Event, finishes, *, send: bool = True, published: bool = True) -> list[EventPlace]:
    """Write an event's final places: ``finishes`` is a list of ``(delegation, place)``
    or ``(delegation, place, status, mark, record)``. Replaces what was there."""
    db.session.execute(db.delete(EventPlace).where(EventPlace.event_id == ev.id))
    rows = []
    stamp = dt.datetime(2027, 5, 1, 8, tzinfo=dt.UTC) + dt.timedelta(minutes=next(_clock))
    for f in finishes:
        d, place, *rest = f
        status, mark, record = (list(rest) + ["OK", "", ""][len(rest):])[:3]
        entry = Entry(event_id=ev.id, delegation_id=d.id)
        db.session.add(entry)
        db.session.flush()
        row = EventPlace(event_id=ev.id, entry_id=entry.id, delegation_id=d.id, place=place,
                         status=status, mark=mark, record=record, published=published,
                         published_at=stamp if published else None)
        db.session.add(row)
        rows.append(row)
    db.session.commit()
    if send:
        results_changed.send(None, meet_id=ev.meet_id, reason="test")
    return rows


def heat(ev: Event, entries_results, *, published: bool = True, number: int = 1):
    """A round with one unit holding ``entries_results``: ``(entry, place, status, mark,
    status_rule, detail)``; the unit is published unless told otherwise."""
    from meet.models import Result, Round, Unit, UnitSlot

    rnd = db.session.scalars(db.select(Round).where(Round.event_id == ev.id)).first()
    if rnd is None:
        rnd = Round(event_id=ev.id, number=1, name="决赛", name_en="Final", stage="final")
        db.session.add(rnd)
        db.session.flush()
    unit = Unit(round_id=rnd.id, event_id=ev.id, number=number,
                status="published" if published else "confirmed")
    db.session.add(unit)
    db.session.flush()
    for pos, (entry, place, status, mark, rule, detail) in enumerate(entries_results, 1):
        slot = UnitSlot(unit_id=unit.id, entry_id=entry.id, position=pos, lane=pos)
        db.session.add(slot)
        db.session.flush()
        db.session.add(Result(slot_id=slot.id, unit_id=unit.id, entry_id=entry.id,
                              status=status, status_rule=rule, mark=mark, place=place,
                              detail=detail or {}))
    db.session.commit()
    return unit
