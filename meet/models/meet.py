"""The meet (运动会) and its venues."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at

DEFAULT_POINTS = [9, 7, 6, 5, 4, 3, 2, 1]


class Meet(db.Model):
    """One edition of a meet, e.g. 顺昌县第四届职工运动会.

    The rules of the competition (竞赛规程) that the software enforces live here as
    columns, so every check reads them from one place.
    """

    __tablename__ = "meet"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint(
            "registration_closes IS NULL OR registration_opens IS NULL "
            "OR registration_closes > registration_opens",
            name="registration_window_in_order",
        ),
        CheckConstraint("edition >= 1", name="edition_positive"),
        CheckConstraint("max_events_per_athlete >= 1", name="max_events_positive"),
        CheckConstraint("athletes_per_event >= 1", name="athletes_per_event_positive"),
        CheckConstraint("team_event_multiplier > 0", name="multiplier_positive"),
        CheckConstraint("record_bonus >= 0", name="record_bonus_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(160), default="")
    short_name: Mapped[str] = mapped_column(String(60), default="")
    edition: Mapped[int] = mapped_column(Integer, default=1)
    theme: Mapped[str] = mapped_column(String(120), default="")
    theme_en: Mapped[str] = mapped_column(String(160), default="")
    # {"hosts": [...], "organisers": [...], "co_organisers": [...]} (主办, 承办, 协办)
    organisers: Mapped[dict] = mapped_column(JSON, default=dict)
    location: Mapped[str] = mapped_column(String(120), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    registration_opens: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    registration_closes: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    # Entry rules (参加办法).
    max_events_per_athlete: Mapped[int] = mapped_column(Integer, default=2)
    athletes_per_event: Mapped[int] = mapped_column(Integer, default=2)
    max_athletes_per_delegation: Mapped[int] = mapped_column(Integer, default=60)
    # Scoring (录取与计分).
    points_scheme: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_POINTS))
    team_event_multiplier: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=2)
    record_bonus: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=0)
    minus_one_rule: Mapped[bool] = mapped_column(Boolean, default=True)  # 减一录取

    public_base_url: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = created_at()

    venues: Mapped[list[Venue]] = relationship(
        back_populates="meet", order_by="Venue.sort_order", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Meet {self.id} {self.name}>"


class Venue(db.Model):
    """A place of competition: a track, a field area, a hall of courts, a pool."""

    __tablename__ = "venue"
    __table_args__ = (
        UniqueConstraint("meet_id", "code"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("lanes IS NULL OR lanes >= 1", name="lanes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20))  # track, field, court, table, pool, hall, square
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # units at once (courts, tables)
    lanes: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    meet: Mapped[Meet] = relationship(back_populates="venues")
