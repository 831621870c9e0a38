"""The call room (检录处): the marshal picks a unit, scans badges or types bibs; the
referee's start list reads who is checked in from a JSON endpoint."""

from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from meet.access import current_meet_or_404, roles
from meet.badges import bp
from meet.badges.callroom_list import ALL, UNTIMED, back_to_list, call_room_list, parse_day
from meet.badges.checkin import check_in, start_list, unit_title
from meet.badges.forms import BibForm
from meet.extensions import db
from meet.models import Role, Unit
from meet.operations import OperationError
from meet.schedule.problem import local

OUTCOME_TEXTS = {
    "ok": _l("检录成功"),
    "already": _l("已检录过"),
    "wrong_unit": _l("不在本组"),
    "not_entered": _l("未报名本项"),
    "invalid": _l("无效证件或号码"),
}


def _unit(unit_id: int) -> Unit:
    meet = current_meet_or_404()
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.event.meet_id != meet.id:
        abort(404)
    return unit


@bp.route("/call-room")
@roles(Role.MARSHAL, Role.ORGANISER)
def call_room():
    meet = current_meet_or_404()
    listing = call_room_list(meet, parse_day(request.args.get("day")),
                             request.args.get("venue", type=int))
    return render_template("badges/call_room.html", meet=meet, listing=listing,
                           unit_title=unit_title, ALL=ALL, UNTIMED=UNTIMED)


def _page(unit: Unit, outcome: dict | None = None, form: BibForm | None = None,
          status: int = 200):
    return render_template(
        "badges/check_in.html", meet=current_meet_or_404(), unit=unit, title=unit_title(unit),
        rows=start_list(unit), form=form or BibForm(), outcome=outcome,
        back=back_to_list(unit),
    ), status


@bp.route("/call-room/<int:unit_id>")
@roles(Role.MARSHAL, Role.ORGANISER)
def check_in_page(unit_id: int):
    return _page(_unit(unit_id))


def _outcome_json(result) -> dict:
    p = result.person
    message = str(OUTCOME_TEXTS[result.status])
    return {
        "status": result.status,
        "message": message,
        "person": {"id": p.id, "name": p.name, "bib": p.bib or "",
                   "delegation": p.delegation.display_name} if p else None,
        "at": result.at.isoformat() if result.at else None,
        "right_units": [{"id": u.id, "title": unit_title(u),
                         "starts_at": local(u.starts_at).isoformat() if u.starts_at else None}
                        for u in result.right_units],
    }


@bp.route("/call-room/<int:unit_id>/check-in", methods=["POST"])
@roles(Role.MARSHAL, Role.ORGANISER)
def check_in_post(unit_id: int):
    unit = _unit(unit_id)
    if request.is_json:
        body = request.get_json(silent=True) or {}
        code = body.get("code") if isinstance(body.get("code"), str) else ""
        bib = body.get("bib") if isinstance(body.get("bib"), str) else ""
        try:
            result = check_in(unit, by=current_user, code=code, bib=bib)
        except OperationError as e:
            return jsonify(status="error", message=e.message, field=e.field), 422
        return jsonify(_outcome_json(result))
    form = BibForm()
    if not form.validate_on_submit():
        form.bib.errors = list(form.bib.errors) or [_("号码布最多10位")]
        return _page(unit, form=form, status=422)
    try:
        result = check_in(unit, by=current_user, bib=form.bib.data or "")
    except OperationError as e:
        form.bib.errors = [e.message]
        return _page(unit, form=form, status=422)
    return _page(unit, outcome=_outcome_json(result), form=BibForm(formdata=None))


@bp.route("/call-room/<int:unit_id>/start-list.json")
@roles(Role.MARSHAL, Role.ORGANISER, Role.REFEREE, Role.CHIEF)
def start_list_json(unit_id: int):
    """The start list with check-in status, for the referee's tablet (polled)."""
    unit = _unit(unit_id)
    rows = []
    for row in start_list(unit):
        slot = row["slot"]
        rows.append({
            "position": slot.position, "lane": slot.lane,
            "delegation": row["delegation"].display_name if row["delegation"] else "",
            "athletes": [{"name": m["person"].name, "bib": m["person"].bib or "",
                          "reserve": m["reserve"],
                          "checked_in": m["checked_in_at"] is not None,
                          "checked_in_at": m["checked_in_at"].isoformat()
                          if m["checked_in_at"] else None} for m in row["members"]],
        })
    checked = sum(a["checked_in"] for r in rows for a in r["athletes"])
    total = sum(len(r["athletes"]) for r in rows)
    resp = jsonify(unit={"id": unit.id, "title": unit_title(unit), "status": unit.status},
                   checked_in=checked, athletes=total, slots=rows)
    resp.headers["Cache-Control"] = "no-store"
    return resp
