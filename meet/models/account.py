"""Accounts, roles and login attempts."""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from meet.extensions import db
from meet.models.base import created_at, in_values, utcnow


class Role(enum.StrEnum):
    ORGANISER = "organiser"  # 组委会/竞赛处
    LEADER = "leader"  # 领队, bound to one delegation
    REFEREE = "referee"  # 裁判员, bound to events
    CHIEF = "chief"  # 总裁判, confirms and publishes
    MARSHAL = "marshal"  # 检录员


class User(UserMixin, db.Model):
    """A login. Passwords are hashed with scrypt (Werkzeug's default KDF).

    ``session_version`` is part of the session id: raising it (password change, logout
    everywhere) ends every session the account has open.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        UniqueConstraint("username"),
        CheckConstraint(in_values("role", [r.value for r in Role]), name="role"),
        CheckConstraint(
            "(role = 'leader') = (delegation_id IS NOT NULL)", name="leader_has_delegation"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int | None] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(60), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(12))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at()

    delegation: Mapped[Delegation | None] = relationship()  # noqa: F821
    assignments: Mapped[list[RefereeAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {r.value if isinstance(r, Role) else r for r in roles}

    @property
    def assigned_event_ids(self) -> set[int]:
        return {a.event_id for a in self.assignments}

    def may_score(self, event_id: int) -> bool:
        """The chief referee scores every event; a referee only their assigned ones."""
        if self.role == Role.CHIEF.value:
            return True
        return self.role == Role.REFEREE.value and event_id in self.assigned_event_ids


class RefereeAssignment(db.Model):
    """A referee (or chief referee) bound to an event."""

    __tablename__ = "referee_assignment"
    __table_args__ = (UniqueConstraint("user_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship(back_populates="assignments")
    event: Mapped[Event] = relationship()  # noqa: F821


class LoginAttempt(db.Model):
    """One try at logging in, kept to throttle guessing across all workers."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), index=True)
    address: Mapped[str] = mapped_column(String(45), index=True)
    success: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
