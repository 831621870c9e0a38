"""Results: what a referee entered for each slot, every version of it, and the final
places of an event that feed the medal table and team points.

* :class:`Result`: one per slot of a unit (a lane in a heat, a side of a match). The
  mark is kept as the referee would write it (``mark``: "10.83", "7.12", "3:1") and as a
  sortable value (``mark_value``: thousandths of a second, centimetres, counts, score x
  1000); the status (DNS, DNF, DQ with ``status_rule``, NM, r) is a separate field, so a
  DNF is never shown as a time. ``detail`` holds attempts, judges' scores or set scores.
* :class:`ResultVersion`: every saved version of a unit's results, with who, when and
  why, so corrections after publication keep their trail.
* :class:`EventPlace`: an event's published final classification, one row per entry:
  ``place`` 1..n (None for the unplaced), shared places repeat. The standings read only
  these rows, and only while ``published``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
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

STATUSES = ("OK", "DNS", "DNF", "DQ", "NM", "r")


class Result(db.Model):
    __tablename__ = "result"
    __table_args__ = (
        UniqueConstraint("slot_id"),
        CheckConstraint(in_values("status", STATUSES), name="status"),
        CheckConstraint("place IS NULL OR place >= 1", name="place_positive"),
        CheckConstraint("status = 'OK' OR place IS NULL", name="unplaced_has_no_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("unit_slot.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(4), default="OK")
    status_rule: Mapped[str] = mapped_column(String(40), default="")  # DQ: the rule cited
    mark: Mapped[str] = mapped_column(String(40), default="")
    mark_value: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    place: Mapped[int | None] = mapped_column(Integer)  # place within the unit
    qualified: Mapped[str] = mapped_column(String(4), default="")  # Q, q, qD
    record: Mapped[str] = mapped_column(String(10), default="")  # "MR" meet record

    slot: Mapped[UnitSlot] = relationship()  # noqa: F821
    entry: Mapped[Entry | None] = relationship()  # noqa: F821


class ResultVersion(db.Model):
    """A saved version of a unit's results: the whole sheet, as it was submitted."""

    __tablename__ = "result_version"
    __table_args__ = (UniqueConstraint("unit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # submit, confirm, return, publish, correct
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    at: Mapped[dt.datetime] = created_at()
    reason: Mapped[str] = mapped_column(Text, default="")
    # Idempotency key of the tablet's submission: a resend never makes a second version.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    sheet: Mapped[dict] = mapped_column(JSON, default=dict)  # every slot's result as saved


class EventPlace(db.Model):
    """An event's final classification (places 1..n), written when its last unit is
    published and rewritten on a correction; the standings' only input."""

    __tablename__ = "event_place"
    __table_args__ = (
        UniqueConstraint("event_id", "entry_id"),
        CheckConstraint("place IS NULL OR place >= 1", name="place_positive"),
        CheckConstraint(in_values("status", STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    place: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(4), default="OK")
    mark: Mapped[str] = mapped_column(String(40), default="")
    record: Mapped[str] = mapped_column(String(10), default="")  # "MR": new meet record
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    entry: Mapped[Entry] = relationship()  # noqa: F821
    delegation: Mapped[Delegation] = relationship()  # noqa: F821


PROTEST_STATUSES = ("pending", "upheld", "rejected")


class Protest(db.Model):
    """A protest (申诉) against a unit's result, and the jury's decision on it.

    Recorded by the chief referee as the delegation lodged it; ``decision`` says what
    was decided and why. An upheld protest is followed by a correction (a new
    :class:`ResultVersion` with the reason), so the trail shows both.
    """

    __tablename__ = "protest"
    __table_args__ = (
        CheckConstraint(in_values("status", PROTEST_STATUSES), name="status"),
        CheckConstraint("status = 'pending' OR decided_at IS NOT NULL", name="decided_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    lodged_at: Mapped[dt.datetime] = created_at()
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decision: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    delegation: Mapped[Delegation | None] = relationship()  # noqa: F821
