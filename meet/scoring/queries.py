"""Reads of the scoring area: a referee's units, a unit's start list with check-ins,
a unit's versions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    CheckIn,
    Delegation,
    Entry,
    EntryMember,
    Event,
    Protest,
    Result,
    ResultVersion,
    Round,
    Unit,
    UnitSlot,
    User,
)


def units_for(user: User, meet_id: int, status: str = "") -> list[Unit]:
    """The units this user scores (the chief referee: all), in time order."""
    q = (select(Unit).join(Event, Unit.event_id == Event.id).join(Round, Round.id == Unit.round_id)
         .where(Event.meet_id == meet_id)
         .options(selectinload(Unit.event), selectinload(Unit.round), selectinload(Unit.venue),
                  selectinload(Unit.slots)))
    if not user.has_role("chief"):
        q = q.where(Unit.event_id.in_(user.assigned_event_ids or {-1}))
    if status:
        q = q.where(Unit.status == status)
    q = q.order_by(Unit.starts_at.is_(None), Unit.starts_at, Event.sort_order, Round.number,
                   Unit.number)
    return list(db.session.scalars(q))


@dataclass
class StartLine:
    slot: UnitSlot
    bib: str
    name: str
    delegation: Delegation | None
    checked_in: bool | None  # None: nobody to check in yet
    result: Result | None


def start_list(unit: Unit) -> list[StartLine]:
    entry_ids = [s.entry_id for s in unit.slots if s.entry_id is not None]
    entries = {e.id: e for e in db.session.scalars(
        select(Entry).where(Entry.id.in_(entry_ids or [-1]))
        .options(selectinload(Entry.members).selectinload(EntryMember.person),
                 selectinload(Entry.delegation)))}
    checked = set(db.session.scalars(select(CheckIn.person_id).where(CheckIn.unit_id == unit.id)))
    results = {r.slot_id: r for r in db.session.scalars(
        select(Result).where(Result.unit_id == unit.id))}
    lines = []
    for slot in unit.slots:
        entry = entries.get(slot.entry_id)
        if entry is None:
            lines.append(StartLine(slot, "", "", None, None, None))
            continue
        starters = [m.person for m in entry.members if not m.reserve]
        if entry.event.is_team:
            name = entry.delegation.short_name or entry.delegation.name
            bib = ""
        else:
            name = starters[0].name if starters else ""
            bib = (starters[0].bib or "") if starters else ""
        checked_in = any(p.id in checked for p in starters) if starters else None
        lines.append(StartLine(slot, bib, name, entry.delegation, checked_in,
                               results.get(slot.id)))
    return lines


def versions(unit: Unit) -> list[ResultVersion]:
    return list(db.session.scalars(
        select(ResultVersion).where(ResultVersion.unit_id == unit.id)
        .order_by(ResultVersion.number.desc())))


def users_by_id(ids) -> dict[int, User]:
    ids = {i for i in ids if i is not None}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids or {-1})))}


def protests(unit: Unit) -> list[Protest]:
    return list(db.session.scalars(select(Protest).where(Protest.unit_id == unit.id)
                                   .order_by(Protest.lodged_at)))
