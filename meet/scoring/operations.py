"""Scoring writes: a referee submits a unit's sheet, the chief referee (总裁判) confirms
or returns it, publishes it, corrects it after publication with a reason; protests (申诉).

Nothing typed is lost and nothing is doubled:

* every submission carries an idempotency key (``ResultVersion.submission_key``): the
  same key again returns the version it made, never a second one;
* the sheet carries the unit's ``version`` it was loaded at; if the unit moved on
  meanwhile (another tablet saved, the chief confirmed), the save is refused with a
  :class:`Conflict` showing the other version, and the referee chooses;
* every save, confirmation, return, publication and correction is a
  :class:`ResultVersion` (who, when, what, why).

Only published units count: publishing places the unit, fills knockout slots, marks
Q/q/qD when the round is complete and hands over to the draw's ``advance_round``, and
writes the event's final places (EventPlace) once decided, then sends
``results_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from meet.extensions import db
from meet.models import (
    Delegation,
    Protest,
    Result,
    ResultVersion,
    Role,
    Unit,
    UnitStatus,
    User,
)
from meet.models.base import utcnow
from meet.operations import OperationError, audit, commit
from meet.scoring import classification, progress
from meet.scoring.sheets import Sheet, read_sheet
from meet.signals import results_changed

PUBLISHED = UnitStatus.PUBLISHED.value
SHEETS = ("submit", "correct")  # the versions that carry a whole sheet


class Refused(OperationError):
    """Not this user's to do (the view answers 403)."""


class Invalid(OperationError):
    """The sheet has errors; ``sheet.errors`` per field, ``sheet.values`` as typed."""

    def __init__(self, sheet: Sheet):
        super().__init__(next(iter(sheet.errors.values())))
        self.sheet = sheet


@dataclass
class Conflict(Exception):
    """The unit changed since the sheet was loaded: here is the other version."""

    unit: Unit
    other: ResultVersion | None


@dataclass
class Saved:
    version: ResultVersion
    duplicate: bool = False


def latest_version(unit: Unit, actions: tuple[str, ...] = ()) -> ResultVersion | None:
    q = select(ResultVersion).where(ResultVersion.unit_id == unit.id)
    if actions:
        q = q.where(ResultVersion.action.in_(actions))
    return db.session.scalars(q.order_by(ResultVersion.number.desc()).limit(1)).first()


def results_of(unit: Unit) -> list[Result]:
    return list(db.session.scalars(select(Result).where(Result.unit_id == unit.id)))


def _by_key(key: str | None) -> ResultVersion | None:
    if not key:
        return None
    return db.session.scalar(select(ResultVersion).where(ResultVersion.submission_key == key))


def _require_chief(user: User) -> None:
    if not user.has_role(Role.CHIEF):
        raise Refused(_("只有总裁判可以这样做"))


def _check_version(unit: Unit, version: int | None) -> None:
    if version is not None and int(version) != unit.version:
        raise Conflict(unit, latest_version(unit, SHEETS))


def _record(unit: Unit, action: str, user: User, reason: str = "", key: str | None = None,
            values: dict | None = None) -> ResultVersion:
    """A version: a submission or correction keeps the whole sheet (what was typed and
    every line as saved); a confirmation, return or publication names the version it
    acted on (``{"of": n}``)."""
    number = (db.session.scalar(
        select(func.max(ResultVersion.number)).where(ResultVersion.unit_id == unit.id)) or 0) + 1
    if values is None:
        sheet: dict = {"of": getattr(latest_version(unit, SHEETS), "number", None)}
    else:
        sheet = {
            "values": values,
            "lines": [
                {"slot_id": r.slot_id, "entry_id": r.entry_id, "status": r.status,
                 "rule": r.status_rule, "mark": r.mark, "mark_value": r.mark_value,
                 "place": r.place, "qualified": r.qualified, "detail": r.detail}
                for r in sorted(results_of(unit), key=lambda r: r.slot_id)
            ],
        }
    version = ResultVersion(unit_id=unit.id, number=number, action=action, by_user_id=user.id,
                            reason=reason, submission_key=key or None, sheet=sheet)
    db.session.add(version)
    return version


def _touch(unit: Unit, status: str) -> None:
    unit.status = status
    unit.updated_at = utcnow()  # always an UPDATE, so the version moves and is checked


def save_sheet(unit: Unit, form, *, user: User, version: int | None, key: str | None,
               reason: str = "") -> Saved:
    """Submit a unit's sheet (a correction when the unit is published)."""
    if not user.may_score(unit.event_id):
        raise Refused(_("您没有被分配到这个项目"))
    if (done := _by_key(key)) is not None:
        if done.unit_id != unit.id:
            raise OperationError(_("提交编号重复，请重新提交"))
        return Saved(done, duplicate=True)
    correcting = unit.status == PUBLISHED
    if correcting:
        _require_chief(user)
        if not reason.strip():
            raise OperationError(_("成绩公布后的更正必须填写理由"), "reason")
    elif unit.status == UnitStatus.CONFIRMED.value and not user.has_role(Role.CHIEF):
        raise Refused(_("成绩已由总裁判确认；如需修改，请总裁判退回"))
    _check_version(unit, version)
    sheet = read_sheet(unit, form)
    if not sheet.ok:
        raise Invalid(sheet)
    try:
        existing = {r.slot_id: r for r in results_of(unit)}
        for slot_id, line in sheet.lines.items():
            result = existing.pop(slot_id, None) or Result(slot_id=slot_id, unit_id=unit.id)
            result.entry_id, result.status = line.entry_id, line.status
            result.status_rule, result.mark = line.status_rule, line.mark
            result.mark_value, result.detail = line.mark_value, line.detail
            result.place = None
            db.session.add(result)
        for stale in existing.values():
            db.session.delete(stale)
        db.session.flush()
        classification.place_unit(unit, results_of(unit))
        action = "correct" if correcting else "submit"
        _touch(unit, PUBLISHED if correcting else UnitStatus.SUBMITTED.value)
        saved = _record(unit, action, user, reason.strip(), key, sheet.values)
        audit(f"result.{action}", unit, meet_id=unit.event.meet_id, reason=reason.strip(),
              event=unit.event.code, version=saved.number)
        signals = ()
        if correcting:
            progress.after_publish(unit)
            signals = ((results_changed, {"meet_id": unit.event.meet_id,
                                          "reason": "correction"}),)
        commit(*signals)
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        if (done := _by_key(key)) is not None:
            return Saved(done, duplicate=True)
        unit = db.session.get(Unit, unit.id)
        raise Conflict(unit, latest_version(unit, SHEETS)) from None
    if correcting:
        progress.hand_over(unit)
    return Saved(saved)


def _step(unit: Unit, user: User, version: int | None, allowed: tuple[str, ...],
          status: str, action: str, reason: str = "") -> ResultVersion:
    _require_chief(user)
    _check_version(unit, version)
    if unit.status not in allowed:
        raise OperationError(_("当前状态下不能这样做"))
    _touch(unit, status)
    record = _record(unit, action, user, reason)
    audit(f"result.{action}", unit, meet_id=unit.event.meet_id, reason=reason,
          event=unit.event.code, version=record.number)
    return record


def confirm(unit: Unit, *, user: User, version: int | None = None) -> ResultVersion:
    """The chief referee confirms a submitted sheet."""
    record = _step(unit, user, version, (UnitStatus.SUBMITTED.value,),
                   UnitStatus.CONFIRMED.value, "confirm")
    commit()
    return record


def send_back(unit: Unit, *, user: User, comment: str,
              version: int | None = None) -> ResultVersion:
    """The chief referee returns a sheet to the referee, saying why."""
    if not comment.strip():
        raise OperationError(_("退回时请写明原因"), "comment")
    record = _step(unit, user, version,
                   (UnitStatus.SUBMITTED.value, UnitStatus.CONFIRMED.value),
                   UnitStatus.IN_PROGRESS.value, "return", comment.strip())
    commit()
    return record


def publish(unit: Unit, *, user: User, version: int | None = None) -> ResultVersion:
    """Publish a confirmed unit: places, advancement, final places, then the signal."""
    record = _step(unit, user, version, (UnitStatus.CONFIRMED.value,), PUBLISHED, "publish")
    progress.after_publish(unit)
    commit((results_changed, {"meet_id": unit.event.meet_id, "reason": "published"}))
    progress.hand_over(unit)
    return record


def record_protest(unit: Unit, *, user: User, text: str,
                   delegation_id: int | None = None) -> Protest:
    """Record a protest (申诉) lodged against a unit's result."""
    _require_chief(user)
    if not text.strip():
        raise OperationError(_("请填写申诉内容"), "text")
    if delegation_id is not None:
        delegation = db.session.get(Delegation, delegation_id) if delegation_id > 0 else None
        if delegation is None or delegation.meet_id != unit.event.meet_id:
            raise OperationError(_("请从列表中选择申诉单位"), "delegation_id")
    protest = Protest(unit_id=unit.id, delegation_id=delegation_id, text=text.strip(),
                      recorded_by_id=user.id)
    db.session.add(protest)
    db.session.flush()
    audit("protest.recorded", protest, meet_id=unit.event.meet_id, unit=unit.id)
    commit()
    return protest


def decide_protest(protest: Protest, *, user: User, upheld: bool, decision: str) -> Protest:
    """Record the decision on a protest; an upheld one is followed by a correction."""
    _require_chief(user)
    if protest.status != "pending":
        raise OperationError(_("这项申诉已经裁决"))
    if not decision.strip():
        raise OperationError(_("请写明裁决内容"), "decision")
    protest.status = "upheld" if upheld else "rejected"
    protest.decision, protest.decided_by_id = decision.strip(), user.id
    protest.decided_at = utcnow()
    audit("protest.decided", protest, meet_id=db.session.get(Unit, protest.unit_id).event.meet_id,
          upheld=upheld)
    commit()
    return protest

