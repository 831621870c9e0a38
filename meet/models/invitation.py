"""Invitations (邀请链接) of team leaders, one delegation at a time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from meet.extensions import db
from meet.models.base import created_at


class Invitation(db.Model):
    """One invitation link sent to a delegation's team leader.

    The link carries a signed token naming the delegation and this row's ``nonce``; the
    row makes it one-time (``used_at``) and revocable (``revoked_at``): issuing a new
    link for the delegation revokes every unused older one.
    """

    __tablename__ = "invitation"
    __table_args__ = (
        UniqueConstraint("nonce"),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
        CheckConstraint("used_at IS NULL OR revoked_at IS NULL", name="used_or_revoked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = created_at()
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    delegation: Mapped[Delegation] = relationship()  # noqa: F821
    used_by: Mapped[User | None] = relationship(foreign_keys=[used_by_id])  # noqa: F821

    def status(self, now: dt.datetime) -> str:
        """pending, used, revoked or expired."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        expires = self.expires_at
        if expires.tzinfo is None:  # SQLite hands back naive datetimes
            expires = expires.replace(tzinfo=dt.UTC)
        return "expired" if expires <= now else "pending"
