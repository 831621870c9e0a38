"""Call-room check-in (检录): the marshal scans a badge or types a bib for a unit
(a heat, flight, session or match).

The outcomes, each with its own colour and sound on the marshal's tablet:

* ``ok``: the person is in this unit's start list and was not yet checked in: a
  :class:`CheckIn` is kept (who scanned, when, how);
* ``already``: checked in before (the first time is shown);
* ``wrong_unit``: not in this unit, but in another unit not yet finished: it is named;
* ``not_entered``: a valid badge or bib, but the person is in no unit of this kind;
* ``invalid``: an unknown, forged or revoked badge, or an unknown bib.

Only a marshal or the organiser checks in. An athlete is in a unit when an entry of
theirs (as the athlete, a squad member or a reserve) holds a slot of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from blinker import Namespace
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from meet.badges.tokens import token_from_scan, well_formed
from meet.extensions import db
from meet.models import Badge, CheckIn, Entry, EntryMember, Person, Role, Unit, UnitSlot, User
from meet.models.competition import UnitStatus
from meet.operations import OperationError, audit, commit

_signals = Namespace()
#: sent with ``meet_id`` and ``unit_id`` after a check-in: the referee's start list shows it.
checked_in = _signals.signal("checked-in")

FINISHED = (UnitStatus.SUBMITTED.value, UnitStatus.CONFIRMED.value, UnitStatus.PUBLISHED.value)


@dataclass
class Outcome:
    status: str  # ok, already, wrong_unit, not_entered, invalid
    person: Person | None = None
    at: dt.datetime | None = None
    right_units: list[Unit] = field(default_factory=list)


def unit_title(unit: Unit) -> str:
    """男子100米 预赛 第2组."""
    label = unit.heat_label
    return " ".join(x for x in (unit.event.name, unit.round.name, label) if x)


def start_list(unit: Unit) -> list[dict]:
    """The unit's slots in order, each with its athletes and their check-in time. A few
    queries whatever the unit's size: the referee's tablet polls this every 3 s."""
    checked = {c.person_id: c for c in db.session.scalars(
        db.select(CheckIn).where(CheckIn.unit_id == unit.id))}
    entry = selectinload(UnitSlot.entry)
    slots = db.session.scalars(
        db.select(UnitSlot).where(UnitSlot.unit_id == unit.id).order_by(UnitSlot.position)
        .options(entry.selectinload(Entry.members).selectinload(EntryMember.person),
                 entry.selectinload(Entry.delegation)))
    rows = []
    for slot in slots:
        members = []
        if slot.entry is not None:
            for m in slot.entry.members:
                c = checked.get(m.person_id)
                members.append({"person": m.person, "reserve": m.reserve,
                                "checked_in_at": c.at if c else None})
        rows.append({"slot": slot, "delegation": slot.entry.delegation if slot.entry else None,
                     "members": members})
    return rows


def _resolve(meet_id: int, code: str, bib: str) -> Person | None:
    if code:
        token = token_from_scan(code)
        if not well_formed(token):
            return None
        badge = db.session.scalars(db.select(Badge).where(
            Badge.token == token, Badge.meet_id == meet_id)).first()
        if badge is None or not badge.is_valid or badge.person_id is None:
            return None
        return badge.person
    return db.session.scalars(db.select(Person).where(
        Person.meet_id == meet_id, Person.bib == bib)).first()


def _units_of(person: Person) -> list[Unit]:
    """The units (not yet finished) whose start lists hold one of the person's entries."""
    return list(db.session.scalars(
        db.select(Unit).join(UnitSlot, UnitSlot.unit_id == Unit.id)
        .join(EntryMember, EntryMember.entry_id == UnitSlot.entry_id)
        .where(EntryMember.person_id == person.id, Unit.status.not_in(FINISHED))
        .order_by(Unit.starts_at, Unit.id).distinct()))


def check_in(unit: Unit, *, by: User, code: str = "", bib: str = "") -> Outcome:
    """Check the person of a scanned badge (``code``) or typed ``bib`` into ``unit``."""
    if not by.has_role(Role.MARSHAL, Role.ORGANISER):
        raise OperationError(_("只有检录员或组委会可以检录"))
    code, bib = (code or "").strip(), (bib or "").strip()
    if not code and not bib:
        raise OperationError(_("请扫描证件二维码或输入号码布"), field="bib")
    if len(code) > 300 or len(bib) > 10:
        raise OperationError(_("无法识别的证件或号码"), field="bib")
    meet_id = unit.event.meet_id
    person = _resolve(meet_id, code, bib)
    if person is None:
        return Outcome("invalid")
    in_unit = db.session.scalar(
        db.select(db.func.count()).select_from(UnitSlot)
        .join(EntryMember, EntryMember.entry_id == UnitSlot.entry_id)
        .where(UnitSlot.unit_id == unit.id, EntryMember.person_id == person.id))
    if not in_unit:
        others = [u for u in _units_of(person) if u.id != unit.id]
        return Outcome("wrong_unit" if others else "not_entered", person, right_units=others)
    existing = db.session.scalars(db.select(CheckIn).where(
        CheckIn.unit_id == unit.id, CheckIn.person_id == person.id)).first()
    if existing:
        return Outcome("already", person, at=existing.at)
    entry = CheckIn(unit_id=unit.id, person_id=person.id, by_user_id=by.id,
                    method="scan" if code else "bib")
    db.session.add(entry)
    db.session.flush()
    audit("checkin.create", entry, meet_id=meet_id, unit=unit.id, person=person.id,
          method=entry.method)
    try:
        commit((checked_in, {"meet_id": meet_id, "unit_id": unit.id}))
    except IntegrityError:  # two tablets scanned the same badge at once: the first one counts
        existing = db.session.scalars(db.select(CheckIn).where(
            CheckIn.unit_id == unit.id, CheckIn.person_id == person.id)).first()
        if existing is None:
            raise
        return Outcome("already", person, at=existing.at)
    return Outcome("ok", person, at=entry.at)
