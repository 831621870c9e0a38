"""What the standings add to the results: the live generation counter, the meet's
table settings, meet records (大会纪录), the honours the organiser names (体育道德风尚奖,
优秀组织奖) and the printed documents built in the background (成绩册, 获奖证书).

* :class:`StandingsState`: one row per meet. ``generation`` goes up by one each time a
  published result changes (the one listener on ``results_changed`` bumps it), so every
  gunicorn worker sees the change, the in-process tables cache is keyed by it and the
  ETags derive from it. ``registration_generation`` does the same for rosters. The
  settings of the tables the Meet row does not hold live here too.
* :class:`MeetRecord`: a meet record standing before this edition (per event: mark,
  holder, delegation, year). Records set at this meet come from the published final
  places flagged ``MR``; they are not copied here.
* :class:`Award`: a named honour, for a delegation, an athlete or a referee.
* :class:`DocumentBuild`: a results book or a certificates file built in a thread and
  served as the last built file.
"""

from __future__ import annotations

import datetime as dt

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
from meet.models.base import created_at, in_values

MEDAL_ORDERS = ("gold", "total")  # gold-silver-bronze first, or total medals first
TIE_BREAKS = ("places", "records,places", "shared")
AWARD_KINDS = (
    "sportsmanship_delegation",  # 体育道德风尚奖（代表队）
    "sportsmanship_athlete",  # 体育道德风尚奖（运动员）
    "sportsmanship_referee",  # 体育道德风尚奖（裁判员）
    "organisation",  # 优秀组织奖
)
DELEGATION_AWARDS = ("sportsmanship_delegation", "organisation")
BUILD_KINDS = ("results_book", "certificates")
BUILD_STATES = ("queued", "running", "done", "failed")


class StandingsState(db.Model):
    __tablename__ = "standings_state"
    __table_args__ = (
        UniqueConstraint("meet_id"),
        CheckConstraint("generation >= 0", name="generation_not_negative"),
        CheckConstraint("registration_generation >= 0", name="registration_gen_not_negative"),
        CheckConstraint(in_values("medal_order", MEDAL_ORDERS), name="medal_order"),
        CheckConstraint(in_values("tie_break", TIE_BREAKS), name="tie_break"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"))
    generation: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    registration_generation: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    medal_order: Mapped[str] = mapped_column(String(10), default="gold")
    tie_break: Mapped[str] = mapped_column(String(20), default="places")
    results_book_public: Mapped[bool] = mapped_column(Boolean, default=False)


class MeetRecord(db.Model):
    """A meet record (大会纪录) standing before this edition."""

    __tablename__ = "meet_record"
    __table_args__ = (UniqueConstraint("meet_id", "event_id"),
                      CheckConstraint("year >= 1949 AND year <= 2200", name="year_plausible"))

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    mark: Mapped[str] = mapped_column(String(40))
    holder: Mapped[str] = mapped_column(String(80))
    delegation_name: Mapped[str] = mapped_column(String(80), default="")
    year: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = created_at()

    event: Mapped[Event] = relationship()  # noqa: F821


class Award(db.Model):
    """An honour named by the organiser: a delegation, an athlete or a referee."""

    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint(in_values("kind", AWARD_KINDS), name="kind"),
        CheckConstraint(
            "(kind NOT IN ('sportsmanship_delegation', 'organisation')) "
            "OR delegation_id IS NOT NULL", name="delegation_award_names_a_delegation"),
        CheckConstraint("kind != 'sportsmanship_athlete' OR person_id IS NOT NULL",
                        name="athlete_award_names_a_person"),
        CheckConstraint("kind != 'sportsmanship_referee' OR user_id IS NOT NULL",
                        name="referee_award_names_a_referee"),
        UniqueConstraint("meet_id", "kind", "delegation_id", "person_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"))
    named_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_at()

    delegation: Mapped[Delegation | None] = relationship()  # noqa: F821
    person: Mapped[Person | None] = relationship()  # noqa: F821
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])  # noqa: F821


class DocumentBuild(db.Model):
    """A document built in the background; the newest ``done`` one is served."""

    __tablename__ = "document_build"
    __table_args__ = (
        CheckConstraint(in_values("kind", BUILD_KINDS), name="kind"),
        CheckConstraint(in_values("state", BUILD_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # scope, places, layout
    state: Mapped[str] = mapped_column(String(10), default="queued")
    generation: Mapped[int] = mapped_column(Integer, default=0)  # results it was built from
    path: Mapped[str] = mapped_column(String(300), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_at()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
