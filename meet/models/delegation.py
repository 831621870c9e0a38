"""Delegations (代表队) and the kinds of union they come from."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
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
    """A team (代表队) of one union in one meet. ``code`` is its order, "01".."28".

    A joint team (联队, ``joint``) is one delegation of several small units entered
    together under one leader; it competes and scores as one delegation, and its
    :class:`MemberUnit` rows name the units whose people may be on its roster
    (:mod:`meet.rules.eligibility`).
    """

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
    joint: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(),
                                        nullable=False)  # 联队
    # Optimistic locking: two browsers saving the same delegation never overwrite silently.
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[dt.datetime] = created_at()

    unit_kind: Mapped[UnitKind] = relationship()
    people: Mapped[list[Person]] = relationship(  # noqa: F821
        back_populates="delegation", order_by="Person.id"
    )
    member_units: Mapped[list[MemberUnit]] = relationship(
        back_populates="delegation", order_by="MemberUnit.sort_order",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def unit_names(self) -> tuple[str, ...] | None:
        """A joint team's member units (the validator's ``member_units``); None otherwise."""
        return tuple(u.name for u in self.member_units) if self.joint else None

    @property
    def joint_name(self) -> str:
        """The name with "（联队）" after it for a joint team whose name does not say so."""
        if self.joint and "联队" not in self.name:
            return f"{self.name}（联队）"
        return self.name

    def __repr__(self) -> str:
        return f"<Delegation {self.code} {self.name}>"


class MemberUnit(db.Model):
    """One member unit (成员单位) of a joint team (联队): a small unit, by its 名称, whose
    people may be on the joint team's roster. A unit is in one joint team of a meet."""

    __tablename__ = "member_unit"
    __table_args__ = (
        UniqueConstraint("meet_id", "name"),
        CheckConstraint("name <> ''", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    delegation: Mapped[Delegation] = relationship(back_populates="member_units")

    def __repr__(self) -> str:
        return f"<MemberUnit {self.delegation_id} {self.name}>"
