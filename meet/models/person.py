"""People of a delegation: athletes (运动员) and staff (领队, 教练, 队医, 工作人员)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at, in_values
from meet.rules import idcard


class PersonRole(enum.StrEnum):
    ATHLETE = "athlete"
    LEADER = "leader"  # 领队
    COACH = "coach"  # 教练
    DOCTOR = "doctor"  # 队医
    STAFF = "staff"  # 工作人员


class Person(db.Model):
    """A member of a delegation.

    One person belongs to one delegation in a meet: the ID number (身份证号) is unique per
    meet in the database, and so is the bib number (号码布).
    """

    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("meet_id", "id_number"),
        UniqueConstraint("meet_id", "bib"),
        CheckConstraint(in_values("gender", ["M", "F"]), name="gender"),
        CheckConstraint(in_values("role", [r.value for r in PersonRole]), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(10), default=PersonRole.ATHLETE.value)
    name: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(18))
    phone: Mapped[str] = mapped_column(String(20), default="")
    employer: Mapped[str] = mapped_column(String(80), default="")
    union_member: Mapped[bool] = mapped_column(Boolean, default=True)
    bib: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = created_at()

    delegation: Mapped[Delegation] = relationship(back_populates="people")  # noqa: F821

    @property
    def is_athlete(self) -> bool:
        return self.role == PersonRole.ATHLETE.value

    @property
    def masked_id_number(self) -> str:
        return idcard.mask(self.id_number)

    @property
    def masked_phone(self) -> str:
        p = self.phone or ""
        return p[:3] + "****" + p[-4:] if len(p) >= 11 else ("*" * len(p))

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.name}>"
