"""Delegations (代表队) and the kinds of union they come from."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at, in_values


class UnitKind(db.Model):
    """A kind of unit: 乡镇工会联合会, 系统工会, 厂矿企业工会, 园区工会联合会, 县直机关工会.

    Per meet, because a city meet has other kinds (区县总工会, 产业工会). Both standings
    tables exist per unit kind.
    """

    __tablename__ = "unit_kind"
    __table_args__ = (UniqueConstraint("meet_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class DelegationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Delegation(db.Model):
    """A team (代表队) of one union in one meet. ``code`` is its order, "01".."28"."""

    __tablename__ = "delegation"
    __table_args__ = (
        UniqueConstraint("meet_id", "code"),
        UniqueConstraint("meet_id", "name"),
        CheckConstraint(in_values("status", [s.value for s in DelegationStatus]), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    unit_kind_id: Mapped[int] = mapped_column(ForeignKey("unit_kind.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(80))
    short_name: Mapped[str] = mapped_column(String(20), default="")
    name_en: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(12), default=DelegationStatus.DRAFT.value)
    status_comment: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking: two browsers saving the same delegation never overwrite silently.
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[dt.datetime] = created_at()

    unit_kind: Mapped[UnitKind] = relationship()
    people: Mapped[list[Person]] = relationship(  # noqa: F821
        back_populates="delegation", order_by="Person.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def __repr__(self) -> str:
        return f"<Delegation {self.code} {self.name}>"
