"""Bib numbers (号码布), allocated inside the approving operation's transaction.

Each delegation has a block: its athletes without a bib get the next sequence numbers,
formatted by the app's ``BIB_FORMAT`` (default ``"{k}{seq:02d}"``: ``k`` is the
delegation's order as a number, so delegation 03 gets 301, 302 ... ; ``{code}`` is the
order as written, "03"); ``BIB_BLOCK`` (default 99) is the size of a block. A bib is never
reused: the sequence continues after the highest ever allocated to the delegation, removed
athletes included (:class:`meet.models.BibAllocation`).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import BibAllocation, Delegation, Person, PersonRole
from meet.operations import OperationError


def bib_for(delegation: Delegation, seq: int) -> str:
    fmt = current_app.config.get("BIB_FORMAT", "{k}{seq:02d}")
    k = int(delegation.code) if delegation.code.isdigit() else delegation.code
    return fmt.format(k=k, code=delegation.code, seq=seq)


def allocate_bibs(delegation: Delegation) -> list[Person]:
    """Give each athlete without a bib the next number of the delegation's block."""
    block = int(current_app.config.get("BIB_BLOCK", 99))
    last = db.session.scalar(select(func.max(BibAllocation.seq)).where(
        BibAllocation.delegation_id == delegation.id)) or 0
    waiting = db.session.scalars(select(Person).where(
        Person.delegation_id == delegation.id, Person.role == PersonRole.ATHLETE.value,
        Person.bib.is_(None)).order_by(Person.id)).all()
    if last + len(waiting) > block:
        raise OperationError(_("本队号码段（%(n)s 个）已用完，请组委会调整号码方案。", n=block))
    for seq, person in enumerate(waiting, last + 1):
        person.bib = bib_for(delegation, seq)
        db.session.add(BibAllocation(meet_id=delegation.meet_id, delegation_id=delegation.id,
                                     person_id=person.id, seq=seq, bib=person.bib,
                                     person_name=person.name))
    db.session.flush()
    return list(waiting)
