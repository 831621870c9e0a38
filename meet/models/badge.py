"""Badges (参赛证/证件): one version per issue, a photo per person, and the jobs that
print the whole meet's badges in the background.

A badge belongs either to a person of a delegation (athlete, leader, coach, doctor,
staff) or to an official's account (organiser, referee, chief referee, marshal). Each
issue is a new *version* with a new random token; re-issuing (lost badge, name
corrected) revokes the previous version in the same transaction, so at most one version
per holder is valid (a partial unique index says so in the database).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at, in_values, utcnow


class Badge(db.Model):
    """One issued version of a person's or an official's badge."""

    __tablename__ = "badge"
    __table_args__ = (
        UniqueConstraint("token"),
        UniqueConstraint("person_id", "version"),
        UniqueConstraint("user_id", "version"),
        CheckConstraint("(person_id IS NULL) <> (user_id IS NULL)", name="one_holder"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("length(token) >= 12", name="token_long_enough"),
        CheckConstraint(
            "(revoked_at IS NULL) OR (revoked_at >= created_at)", name="revoked_after_issue"
        ),
        Index("badge_one_valid_per_person", "person_id", unique=True,
              sqlite_where=text("revoked_at IS NULL AND person_id IS NOT NULL"),
              postgresql_where=text("revoked_at IS NULL AND person_id IS NOT NULL")),
        Index("badge_one_valid_per_user", "user_id", unique=True,
              sqlite_where=text("revoked_at IS NULL AND user_id IS NOT NULL"),
              postgresql_where=text("revoked_at IS NULL AND user_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    token: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = created_at()
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text, default="")  # why re-issued or revoked

    person: Mapped[Person | None] = relationship()  # noqa: F821
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])  # noqa: F821

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<Badge {self.id} v{self.version}>"


class PersonPhoto(db.Model):
    """A badge photo, re-encoded as a small JPEG (EXIF dropped) by the upload operation."""

    __tablename__ = "person_photo"
    __table_args__ = (
        UniqueConstraint("person_id"),
        CheckConstraint("width >= 1 AND height >= 1", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


BADGE_JOB_STATES = ("queued", "running", "done", "failed")


class BadgeJob(db.Model):
    """A background build of a large badge PDF (the whole meet), with its progress."""

    __tablename__ = "badge_job"
    __table_args__ = (
        CheckConstraint(in_values("state", BADGE_JOB_STATES), name="state"),
        CheckConstraint("done >= 0 AND total >= 0 AND done <= total", name="progress"),
        CheckConstraint(in_values("layout", ["sheet", "single"]), name="layout"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    layout: Mapped[str] = mapped_column(String(10), default="sheet")
    state: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[str] = mapped_column(String(300), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = created_at()
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
