"""Uploaded registration sheets (报名表) waiting for the leader's confirmation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from meet.extensions import db
from meet.models.base import created_at


class StagedUpload(db.Model):
    """The rows read from one uploaded sheet, kept server-side between the preview and
    the confirmation, for a short while (``expires_at``). The session holds only the
    random ``token``. ``delegation_version`` is the delegation's version when the sheet
    was read: a change in between makes the confirmation refuse rather than overwrite.
    """

    __tablename__ = "staged_upload"
    __table_args__ = (
        UniqueConstraint("token"),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    meet_id: Mapped[int] = mapped_column(ForeignKey("meet.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200), default="")
    delegation_version: Mapped[int] = mapped_column(Integer)
    rows: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = created_at()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
