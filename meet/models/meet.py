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
from meet.rules.eligibility import DEFAULT_STAFF_LIMITS, STAFF_ROLES

DEFAULT_POINTS = [9, 7, 6, 5, 4, 3, 2, 1]


def _staff_limit(role: str, bound: int) -> Mapped[int]:
    """A column holding the fewest (bound 0) or most (1) people of a staff role."""
    value = DEFAULT_STAFF_LIMITS[role][bound]
    return mapped_column(Integer, default=value, server_default=str(value), nullable=False)


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
        *(CheckConstraint(f"{role}_min >= 0 AND {role}_max >= {role}_min",
                          name=f"{role}_limits_in_order") for role in STAFF_ROLES),
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
    # Staff per delegation (随队人员): fewest and most of each role.
    leader_min: Mapped[int] = _staff_limit("leader", 0)
    leader_max: Mapped[int] = _staff_limit("leader", 1)
    coach_min: Mapped[int] = _staff_limit("coach", 0)
    coach_max: Mapped[int] = _staff_limit("coach", 1)
    doctor_min: Mapped[int] = _staff_limit("doctor", 0)
    doctor_max: Mapped[int] = _staff_limit("doctor", 1)
    staff_min: Mapped[int] = _staff_limit("staff", 0)
    staff_max: Mapped[int] = _staff_limit("staff", 1)
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

    @property
    def staff_limits(self) -> dict[str, tuple[int, int]]:
        """Fewest and most people of each staff role, in role order."""
        return {role: (getattr(self, f"{role}_min"), getattr(self, f"{role}_max"))
                for role in STAFF_ROLES}

    def __repr__(self) -> str:
        return f"<Meet {self.id} {self.name}>"


class Venue(db.Model):
    """A place of competition: a track, a field area, a hall of courts, a pool."""

    __tablename__ = "venue"
    __table_args__ = (
        UniqueConstraint("meet_id", "code"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("lanes IS NULL OR lanes >= 1", name="lanes_positive"),
        CheckConstraint("lane_priority IS NULL OR lanes IS NOT NULL",
                        name="lane_priority_needs_lanes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20))  # track, field, court, table, pool, hall, square
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # units at once (courts, tables)
    lanes: Mapped[int | None] = mapped_column(Integer)
    # Lane draw (meet.rules.lanes): the venue's own groups best first, e.g.
    # [[4, 5, 3, 6], [2, 7], [1, 8]]; NULL = World Athletics standard groups.
    lane_priority: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    unusable_lanes: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    address: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    meet: Mapped[Meet] = relationship(back_populates="venues")
