"""The timetable's inputs and outputs beside the units: venue opening hours per day and
session (场地开放时间), where and on which days each event is played, the meet's
scheduling settings (rest, gaps, unit durations, daily match limit, the officials printed
in the order book), and the background jobs that schedule the meet or build the order
book (秩序册) with their progress and the last built files.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at, in_values


class DaySession(enum.StrEnum):
    """A session (场次) of a competition day."""

    MORNING = "morning"  # 上午
    AFTERNOON = "afternoon"  # 下午
    EVENING = "evening"  # 晚上


class VenueSession(db.Model):
    """A venue is open for competition on ``day`` from ``opens`` to ``closes``."""

    __tablename__ = "venue_session"
    __table_args__ = (
        UniqueConstraint("venue_id", "day", "session"),
        CheckConstraint(in_values("session", [s.value for s in DaySession]), name="session"),
        CheckConstraint("closes > opens", name="hours_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(10))
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)

    venue: Mapped[Venue] = relationship()  # noqa: F821


class EventVenue(db.Model):
    """An event may be played at a venue, optionally only between two days."""

    __tablename__ = "event_venue"
    __table_args__ = (
        UniqueConstraint("event_id", "venue_id"),
        CheckConstraint(
            "first_day IS NULL OR last_day IS NULL OR last_day >= first_day",
            name="days_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[dt.date | None] = mapped_column(Date)
    last_day: Mapped[dt.date | None] = mapped_column(Date)

    event: Mapped[Event] = relationship()  # noqa: F821
    venue: Mapped[Venue] = relationship()  # noqa: F821


ORDER_BOOK_SORTS = ("strokes", "registration")


class ScheduleSettings(db.Model):
    """The meet's scheduling rules and order-book options (one row per meet).

    ``durations`` overrides the default minutes of a unit per event code
    (``{"MBB": 50}``); ``officials`` lists the organising committee (组委会) and the
    jury of appeal (仲裁委员会) as ``{"committee": [[title, name], ...], "jury": [...]}``.
    """

    __tablename__ = "schedule_settings"
    __table_args__ = (
        UniqueConstraint("meet_id"),
        CheckConstraint("rest_minutes >= 0", name="rest_not_negative"),
        CheckConstraint("round_gap >= 0 AND final_gap >= 0", name="gaps_not_negative"),
        CheckConstraint(
            "max_matches_per_team_day IS NULL OR max_matches_per_team_day >= 1",
            name="daily_limit_positive",
        ),
        CheckConstraint("solver_seconds >= 0", name="solver_seconds_not_negative"),
        CheckConstraint(in_values("order_book_sort", ORDER_BOOK_SORTS), name="order_book_sort"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"))
    rest_minutes: Mapped[int] = mapped_column(Integer, default=30)
    round_gap: Mapped[int] = mapped_column(Integer, default=30)
    final_gap: Mapped[int] = mapped_column(Integer, default=60)
    max_matches_per_team_day: Mapped[int | None] = mapped_column(Integer)
    solver_seconds: Mapped[int] = mapped_column(Integer, default=20)
    durations: Mapped[dict] = mapped_column(JSON, default=dict)
    officials: Mapped[dict] = mapped_column(JSON, default=dict)
    order_book_published: Mapped[bool] = mapped_column(Boolean, default=False)
    order_book_sort: Mapped[str] = mapped_column(String(12), default="strokes")


JOB_KINDS = ("schedule", "order_book")
JOB_STATES = ("queued", "running", "done", "failed")


class ScheduleJob(db.Model):
    """A background run: automatic scheduling, or a build of the order book.

    ``result`` holds what the page shows afterwards: units placed, what is left and why;
    for a build, ``files`` maps a format ("pdf", "xlsx") to the file written.
    """

    __tablename__ = "schedule_job"
    __table_args__ = (
        CheckConstraint(in_values("kind", JOB_KINDS), name="kind"),
        CheckConstraint(in_values("state", JOB_STATES), name="state"),
        CheckConstraint("done >= 0 AND total >= 0 AND done <= total", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=100)
    stage: Mapped[str] = mapped_column(String(80), default="")
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    files: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = created_at()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")
