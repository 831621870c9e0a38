"""Routes of the scoring area: the referee's units, a unit's sheet, the chief referee's
confirm / return / publish, the history of versions and protests.

The sheet answers JSON to the tablet's script (``Accept: application/json``): 200 sent
(or already received), 409 another version, 422 errors per field, 403 not yours; and
HTML to a plain form post, with the errors next to the fields and what was typed kept.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from meet.access import current_meet_or_404, roles
from meet.extensions import db
from meet.models import Delegation, Protest, Role, Unit, UnitStatus
from meet.operations import OperationError
from meet.schedule.problem import local
from meet.scoring import bp, operations, queries
from meet.scoring.forms import DecisionForm, ProtestForm, ReturnForm, SheetForm, StepForm
from meet.scoring.sheets import BOARD_RESULTS, STATUS_CHOICES, layout_of

SCORERS = (Role.REFEREE, Role.CHIEF)
UNIT_STATUS_NAMES = {
    "not_started": _l("未开始"), "in_progress": _l("进行中"), "submitted": _l("已提交"),
    "confirmed": _l("已确认"), "published": _l("已公布"),
}
RESULT_STATUS_NAMES = {
    "": _l("正常"), "OK": _l("正常"), "DNS": _l("DNS 未起跑/弃权"), "DNF": _l("DNF 未完成"),
    "DQ": _l("DQ 取消资格"), "NM": _l("NM 无成绩"), "r": _l("r 退出比赛"),
}
ACTION_NAMES = {
    "submit": _l("提交"), "confirm": _l("确认"), "return": _l("退回"), "publish": _l("公布"),
    "correct": _l("更正"),
}
FILTERS = ("", "not_started", "in_progress", "submitted", "confirmed", "published")


def _unit_or_404(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.event.meet_id != current_meet_or_404().id:
        abort(404)
    if not current_user.may_score(unit.event_id):
        abort(403)
    return unit


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _version_json(v) -> dict | None:
    if v is None:
        return None
    user = queries.users_by_id([v.by_user_id]).get(v.by_user_id)
    return {"number": v.number, "action": v.action, "at": v.at.isoformat(),
            "by": (user.display_name or user.username) if user else "",
            "values": v.sheet.get("values", {}),
            "lines": [{k: line.get(k) for k in ("slot_id", "status", "mark", "place")}
                      for line in v.sheet.get("lines", [])]}


def _when(moment, pattern: str) -> str:
    """A unit's time in China Standard Time (SQLite returns it without its zone)."""
    if moment is None:
        return ""
    if pattern == "date":
        return format_date(local(moment), "full")
    return format_datetime(local(moment), pattern)


@bp.context_processor
def labels() -> dict:
    return {"unit_status_names": UNIT_STATUS_NAMES, "result_status_names": RESULT_STATUS_NAMES,
            "action_names": ACTION_NAMES, "when": _when}


@bp.route("/scoring/")
@roles(*SCORERS)
def units():
    meet = current_meet_or_404()
    status = request.args.get("status", "")
    if status not in FILTERS:
        status = ""
    return render_template("scoring/units.html", meet=meet, status=status, filters=FILTERS,
                           units=queries.units_for(current_user, meet.id, status))


def _render_sheet(unit: Unit, values: dict, errors: dict, form: SheetForm, code: int = 200,
                  conflict=None):
    latest = operations.latest_version(unit)
    returned = latest if latest is not None and latest.action == "return" else None
    return render_template(
        "scoring/sheet.html", meet=current_meet_or_404(),
        unit=unit, lay=layout_of(unit), lines=queries.start_list(unit), values=values,
        errors=errors, form=form, statuses=STATUS_CHOICES, board_results=BOARD_RESULTS,
        returned=returned, conflict=conflict, step=StepForm(), back=ReturnForm(),
        correcting=unit.status == UnitStatus.PUBLISHED.value,
    ), code


@bp.route("/scoring/units/<int:unit_id>", methods=["GET", "POST"])
@roles(*SCORERS)
def sheet(unit_id: int):
    unit = _unit_or_404(unit_id)
    form = SheetForm()
    if request.method == "GET":
        latest = operations.latest_version(unit, operations.SHEETS)
        form.version.data = unit.version
        return _render_sheet(unit, latest.sheet.get("values", {}) if latest else {}, {}, form)
    if not form.validate():  # the hidden fields' errors go above the sheet
        errors = {name if name == "reason" else "_": errs[0]
                  for name, errs in form.errors.items()}
        if _wants_json():
            return jsonify(status="invalid", errors=errors), 400
        return _render_sheet(unit, request.form.to_dict(), errors, form, 400)
    try:
        saved = operations.save_sheet(
            unit, request.form, user=current_user, version=form.version.data or None,
            key=form.submission_key.data or None, reason=form.reason.data or "")
    except operations.Refused:
        abort(403)
    except operations.Invalid as err:
        if _wants_json():
            return jsonify(status="invalid", errors=err.sheet.errors), 422
        return _render_sheet(unit, err.sheet.values, err.sheet.errors, form, 422)
    except operations.Conflict as err:
        if _wants_json():
            return jsonify(status="conflict", version=err.unit.version,
                           unit_status=err.unit.status, other=_version_json(err.other)), 409
        flash(_("这一组的成绩已被另一台设备修改：请对照后选择。"), "warning")
        form.version.data = err.unit.version
        return _render_sheet(err.unit, request.form.to_dict(), {}, form, 409, err.other)
    except OperationError as err:
        if _wants_json():
            return jsonify(status="invalid", errors={err.field or "_": err.message}), 422
        return _render_sheet(unit, request.form.to_dict(), {err.field or "_": err.message},
                             form, 422)
    if _wants_json():
        return jsonify(status="sent", duplicate=saved.duplicate, number=saved.version.number,
                       version=unit.version, unit_status=unit.status)
    flash(_("已发送，等待总裁判确认。") if unit.status == UnitStatus.SUBMITTED.value
          else _("更正已保存并公布。"), "success")
    return redirect(url_for("scoring.sheet", unit_id=unit.id))


def _chief_step(unit_id: int, run) -> object:
    unit = _unit_or_404(unit_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        run(unit, form)
    except operations.Refused:
        abort(403)
    except operations.Conflict:
        flash(_("成绩在您查看后又被修改，请重新核对。"), "warning")
    except OperationError as err:
        flash(err.message, "error")
    return redirect(url_for("scoring.sheet", unit_id=unit_id))


@bp.route("/scoring/units/<int:unit_id>/confirm", methods=["POST"])
@roles(Role.CHIEF)
def confirm(unit_id: int):
    def run(unit, form):
        operations.confirm(unit, user=current_user, version=form.version.data or None)
        flash(_("已确认。"), "success")
    return _chief_step(unit_id, run)


@bp.route("/scoring/units/<int:unit_id>/return", methods=["POST"])
@roles(Role.CHIEF)
def send_back(unit_id: int):
    def run(unit, form):
        operations.send_back(unit, user=current_user, comment=form.comment.data or "",
                             version=form.version.data or None)
        flash(_("已退回裁判员。"), "success")
    return _chief_step(unit_id, run)


@bp.route("/scoring/units/<int:unit_id>/publish", methods=["POST"])
@roles(Role.CHIEF)
def publish(unit_id: int):
    def run(unit, form):
        operations.publish(unit, user=current_user, version=form.version.data or None)
        flash(_("已公布。"), "success")
    return _chief_step(unit_id, run)


@bp.route("/scoring/units/<int:unit_id>/history", methods=["GET", "POST"])
@roles(*SCORERS)
def history(unit_id: int):
    unit = _unit_or_404(unit_id)
    form = ProtestForm()
    delegations = db.session.scalars(select(Delegation).where(
        Delegation.meet_id == unit.event.meet_id).order_by(Delegation.code)).all()
    form.delegation_id.choices = [(0, "—")] + [(d.id, d.short_name or d.name)
                                               for d in delegations]
    errors = {}
    if request.method == "POST":
        if not current_user.has_role(Role.CHIEF):
            abort(403)
        if form.validate_on_submit():
            try:
                operations.record_protest(unit, user=current_user, text=form.text.data or "",
                                          delegation_id=form.delegation_id.data or None)
                flash(_("申诉已登记。"), "success")
                return redirect(url_for("scoring.history", unit_id=unit.id))
            except OperationError as err:
                errors[err.field or "text"] = err.message
        else:
            errors = {name: errs[0] for name, errs in form.errors.items()}
    versions = queries.versions(unit)
    protests = queries.protests(unit)
    names = queries.users_by_id([v.by_user_id for v in versions]
                                + [p.decided_by_id for p in protests])
    lines = {line.slot.id: line for line in queries.start_list(unit)}
    return render_template("scoring/history.html", meet=current_meet_or_404(), unit=unit,
                           versions=versions, names=names, lines=lines, protests=protests,
                           form=form, errors=errors, decision=DecisionForm()
                           ), 422 if errors else 200


@bp.route("/scoring/protests/<int:protest_id>/decision", methods=["POST"])
@roles(Role.CHIEF)
def decide(protest_id: int):
    protest = db.session.get(Protest, protest_id)
    if protest is None:
        abort(404)
    unit = _unit_or_404(protest.unit_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.decide_protest(protest, user=current_user, upheld=form.upheld.data == "1",
                                  decision=form.decision.data or "")
        flash(_("裁决已记录。"), "success")
    except OperationError as err:
        flash(err.message, "error")
    return redirect(url_for("scoring.history", unit_id=unit.id))
