"""Categories (大类), age groups (组别), events (项目) and entries (报名).

Rounds, heats, matches and results come later, on top of these.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at, in_values


class EventKind(enum.StrEnum):
    TIMED = "timed"  # lower wins: 100 m, relays, swimming
    MEASURED = "measured"  # higher wins: long jump, shot put, counts
    JUDGED = "judged"  # panel scores: 广播操, 太极拳
    MATCH = "match"  # head to head: ball games, 拔河, board and card games


GENDERS = ("M", "F", "X", "O")  # men, women, mixed, open


class Category(db.Model):
    """One of the meet's categories (大类): 田径, 游泳, 球类, 棋牌 ..."""

    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("meet_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    events: Mapped[list[Event]] = relationship(
        back_populates="category", order_by="Event.sort_order"
    )


class AgeGroup(db.Model):
    """An age group (组别) by completed years on the meet's first day; bands may differ
    for men and women (men A <=35, women A <=32 ...)."""

    __tablename__ = "age_group"
    __table_args__ = (
        UniqueConstraint("meet_id", "code", "gender"),
        CheckConstraint(in_values("gender", ["M", "F"]), name="gender"),
        CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="ages_in_order"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    gender: Mapped[str] = mapped_column(String(1))
    name: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)

    def covers(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )


class Event(db.Model):
    """An event (项目) as the regulations define it: kind, gender, age group, squad."""

    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("meet_id", "code"),
        CheckConstraint(in_values("kind", [k.value for k in EventKind]), name="kind"),
        CheckConstraint(in_values("gender", GENDERS), name="gender"),
        CheckConstraint("squad_min >= 1 AND squad_max >= squad_min", name="squad_size"),
        CheckConstraint("reserves >= 0", name="reserves_not_negative"),
        CheckConstraint("per_team_limit >= 1", name="per_team_limit_positive"),
        CheckConstraint("points_multiplier > 0", name="multiplier_positive"),
        CheckConstraint("is_team OR (squad_min = 1 AND squad_max = 1)", name="individual_is_one"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    age_group_code: Mapped[str | None] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(10))
    gender: Mapped[str] = mapped_column(String(1))
    is_team: Mapped[bool] = mapped_column(Boolean, default=False)
    squad_min: Mapped[int] = mapped_column(Integer, default=1)
    squad_max: Mapped[int] = mapped_column(Integer, default=1)
    reserves: Mapped[int] = mapped_column(Integer, default=0)
    # e.g. {"M": 2, "F": 2, "legs": {"F": [1, 3]}} for a mixed relay.
    composition: Mapped[dict] = mapped_column(JSON, default=dict)
    per_team_limit: Mapped[int] = mapped_column(Integer, default=2)
    points_multiplier: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=1)
    result_unit: Mapped[str] = mapped_column(String(10), default="time")
    format: Mapped[str] = mapped_column(String(20), default="final")
    scoring_preset: Mapped[str] = mapped_column(String(20), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship(back_populates="events")
    entries: Mapped[list[Entry]] = relationship(back_populates="event", order_by="Entry.id")

    def __repr__(self) -> str:
        return f"<Event {self.code}>"


class Entry(db.Model):
    """An entry (报名) of a delegation into an event: one athlete, or one squad.

    Members are listed in :class:`EntryMember` for both, so "every event of a person"
    is one query whatever the kind of event.
    """

    __tablename__ = "entry"
    __table_args__ = (
        # Target of the composite key from entry_member: a member's event is its entry's.
        UniqueConstraint("id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    declared_mark: Mapped[str] = mapped_column(String(20), default="")  # 报名成绩, for seeding
    created_at: Mapped[dt.datetime] = created_at()

    event: Mapped[Event] = relationship(back_populates="entries")
    delegation: Mapped[Delegation] = relationship()  # noqa: F821
    members: Mapped[list[EntryMember]] = relationship(
        back_populates="entry", order_by="EntryMember.position", cascade="all, delete-orphan"
    )


class EntryMember(db.Model):
    """An athlete in an entry. A person is in at most one entry per event (database
    constraint), and the member's event is always the entry's (composite key)."""

    __tablename__ = "entry_member"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        UniqueConstraint("entry_id", "position"),
        ForeignKeyConstraint(
            ["entry_id", "event_id"], ["entry.id", "entry.event_id"], ondelete="CASCADE"
        ),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, index=True)
    event_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)  # leg or order in the squad
    reserve: Mapped[bool] = mapped_column(Boolean, default=False)

    entry: Mapped[Entry] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()  # noqa: F821
