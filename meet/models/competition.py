"""The structure of competition: rounds (赛次), units (a heat 组, a flight, a match 场次,
a judged session), the slots in them (lane 道次, order of appearance, home/away side),
the draws that filled them, and call-room check-ins (检录).

One shape serves every kind of event:

=========== ============================ ============================== ==================
event kind  round                        unit                           slot
=========== ============================ ============================== ==================
timed       预赛 / 决赛 (heats, final)   a heat                         a lane (道次)
measured    决赛 (or qualification)      a flight (组)                  order of trial
judged      决赛                         a session                      order of appearance
match       小组赛 / 1/4决赛 / Swiss R1  a match (场次); ``group`` "A"  side 1 (home/white)
                                                                        and side 2
=========== ============================ ============================== ==================

A knockout slot not yet known names where its entry comes from (``source``: "W:M3",
the winner of match M3) and gets its entry when that match is decided. Results are
recorded per slot by the scoring area; the schedule places units on venues and times.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
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
from meet.models.base import created_at, in_values, utcnow


class RoundStatus(enum.StrEnum):
    PLANNED = "planned"  # format chosen, not drawn
    DRAWN = "drawn"  # heats/lanes/fixtures drawn, not yet public
    PUBLISHED = "published"  # start lists public
    COMPLETE = "complete"  # every unit's results published


class UnitStatus(enum.StrEnum):
    """A referee's view of a heat or match (issue: scoring workflow)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"  # referee sent it; the chief referee has not confirmed
    CONFIRMED = "confirmed"
    PUBLISHED = "published"  # counts in public results and standings


class Round(db.Model):
    """A round of an event: heats, a final, a group stage, a knockout round, a Swiss round.

    ``settings`` holds the format's parameters: lanes, advancement (``{"Q": 2, "q": 2}``),
    attempts (3, or 3 + 3), points preset, tie-breakers, third-place match ...
    """

    __tablename__ = "round"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(in_values("status", [s.value for s in RoundStatus]), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 = first round
    name: Mapped[str] = mapped_column(String(40))  # 预赛, 决赛, 小组赛, 半决赛, 第1轮
    name_en: Mapped[str] = mapped_column(String(60), default="")
    stage: Mapped[str] = mapped_column(String(20))  # heats, final, flights, order, group,
    #                                                 knockout, swiss, best_of
    status: Mapped[str] = mapped_column(String(12), default=RoundStatus.PLANNED.value)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = created_at()

    event: Mapped[Event] = relationship()  # noqa: F821
    units: Mapped[list[Unit]] = relationship(
        back_populates="round", order_by="Unit.number", cascade="all, delete-orphan"
    )


class Unit(db.Model):
    """A unit of competition: what one referee scores and the timetable places."""

    __tablename__ = "unit"
    __table_args__ = (
        UniqueConstraint("round_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(in_values("status", [s.value for s in UnitStatus]), name="status"),
        CheckConstraint(
            "ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at", name="times_in_order"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # heat 1, 2 ...; match number in the round
    code: Mapped[str] = mapped_column(String(20), default="")  # "M3" for bracket references
    label: Mapped[str] = mapped_column(String(40), default="")  # 第1组, A组第2轮, 半决赛1
    group: Mapped[str] = mapped_column(String(10), default="")  # round-robin group "A"
    status: Mapped[str] = mapped_column(String(12), default=UnitStatus.NOT_STARTED.value)
    # Schedule (竞赛日程): where and when. ``pinned`` keeps it in place on re-planning.
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL"), index=True
    )
    court: Mapped[str] = mapped_column(String(20), default="")  # court / table within a venue
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    # Optimistic locking: two tablets saving one heat never overwrite silently.
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    round: Mapped[Round] = relationship(back_populates="units")
    event: Mapped[Event] = relationship()  # noqa: F821
    venue: Mapped[Venue | None] = relationship()  # noqa: F821
    slots: Mapped[list[UnitSlot]] = relationship(
        back_populates="unit", order_by="UnitSlot.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def shown_label(self) -> str:
        """The label to print after the round's name: none when it only repeats it (the
        one "决赛" of the round 决赛 printed "决赛 决赛")."""
        return "" if self.label == self.round.name else self.label

    @property
    def heat_label(self) -> str:
        """As :attr:`shown_label`, with "第n组" for a unit that has no label of its own."""
        return self.shown_label if self.label else f"第{self.number}组"


class UnitSlot(db.Model):
    """A place in a unit: a lane, a position in the order, or a side of a match.

    ``entry_id`` is empty while a knockout slot waits for ``source`` ("W:M3" / "L:M3"),
    and for a bye (``source`` "BYE"). An entry appears at most once per unit.
    """

    __tablename__ = "unit_slot"
    __table_args__ = (
        UniqueConstraint("unit_id", "position"),
        UniqueConstraint("unit_id", "entry_id"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint("lane IS NULL OR lane >= 1", name="lane_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)  # order of appearance, or side 1/2
    lane: Mapped[int | None] = mapped_column(Integer)
    seed: Mapped[int | None] = mapped_column(Integer)  # seeding rank used by the draw
    source: Mapped[str] = mapped_column(String(20), default="")  # "W:M3", "L:M3", "A1", "BYE"
    qualified_from: Mapped[str] = mapped_column(String(4), default="")  # Q, q, qD

    unit: Mapped[Unit] = relationship(back_populates="slots")
    entry: Mapped[Entry | None] = relationship()  # noqa: F821


class DrawRecord(db.Model):
    """A random draw, kept so it can be shown and replayed: seed, who, when, why."""

    __tablename__ = "draw_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # heats, lanes, groups, bracket, pairing
    seed: Mapped[int] = mapped_column(Integer)
    drawn_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    drawn_at: Mapped[dt.datetime] = created_at()
    reason: Mapped[str] = mapped_column(Text, default="")  # required for a redraw
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # inputs, to replay


class CheckIn(db.Model):
    """An athlete checked in at the call room (检录) for a unit: who scanned, when."""

    __tablename__ = "check_in"
    __table_args__ = (
        UniqueConstraint("unit_id", "person_id"),
        CheckConstraint(in_values("method", ["scan", "bib", "manual"]), name="method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    method: Mapped[str] = mapped_column(String(10), default="scan")
    at: Mapped[dt.datetime] = created_at()

    unit: Mapped[Unit] = relationship()
    person: Mapped[Person] = relationship()  # noqa: F821
