"""Registration records kept beside the roster: bib numbers (号码布) ever allocated, and
the organiser's rulings on an athlete's eligibility (资格审查, 冒名顶替).

A bib is allocated once and never given to anyone else: the allocation row stays when
the athlete is removed (``person_id`` becomes NULL, ``released_at`` is set), so the
next allocation of the delegation continues after the highest sequence ever used.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import in_values, utcnow


class BibAllocation(db.Model):
    """One bib number, allocated to one athlete of one delegation, for ever."""

    __tablename__ = "bib_allocation"
    __table_args__ = (
        UniqueConstraint("meet_id", "bib"),
        UniqueConstraint("delegation_id", "seq"),
        UniqueConstraint("person_id"),
        CheckConstraint("seq >= 1", name="seq_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    seq: Mapped[int] = mapped_column(Integer)
    bib: Mapped[str] = mapped_column(String(10))
    person_name: Mapped[str] = mapped_column(String(40), default="")  # kept after removal
    allocated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class EligibilityStatus(enum.StrEnum):
    QUERIED = "queried"  # 存疑: the leader is asked to prove it
    DISQUALIFIED = "disqualified"  # 取消资格: entries withdrawn, cannot be entered again
    CLEARED = "cleared"  # 审查通过


class EligibilityRuling(db.Model):
    """The organiser's current ruling on one athlete; each change is also audited."""

    __tablename__ = "eligibility_ruling"
    __table_args__ = (
        UniqueConstraint("person_id"),
        CheckConstraint(in_values("status", [s.value for s in EligibilityStatus]),
                        name="status"),
        CheckConstraint("length(reason) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person: Mapped[Person] = relationship()  # noqa: F821

    @property
    def disqualified(self) -> bool:
        return self.status == EligibilityStatus.DISQUALIFIED.value
