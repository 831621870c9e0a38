"""The Excel round trip: download the sheet, upload it, preview, confirm; exports."""

from __future__ import annotations

from urllib.parse import quote

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge

from meet.access import current_meet_or_404, own_delegation_or_organiser, roles
from meet.extensions import db
from meet.models import Delegation, Role
from meet.operations import OperationError
from meet.registration import bp, excel, excel_export
from meet.registration import excel_check as chk
from meet.registration import excel_import as imp
from meet.registration import roster_pdf as pdf_roster
from meet.site import queries


class SheetForm(FlaskForm):
    """CSRF for the upload, confirm and discard forms (the file is read by hand)."""


def _delegation(delegation_id: int):
    meet = current_meet_or_404()
    own_delegation_or_organiser(delegation_id)
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    return meet, delegation


def _organiser() -> bool:
    return current_user.has_role(Role.ORGANISER)


def _key(delegation: Delegation) -> str:
    return f"sheet-upload-{delegation.id}"


def _xlsx(data: bytes, filename: str) -> Response:
    return Response(data, mimetype=excel.XLSX_MIME, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "private, no-store",
    })


def _limit_mb() -> int:
    return (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(err):
    """A request over MAX_CONTENT_LENGTH is refused before its body is read."""
    back = None
    if request.view_args and "delegation_id" in request.view_args:
        back = url_for("registration.sheet", delegation_id=request.view_args["delegation_id"])
    return render_template(
        "registration/excel_too_large.html", limit=_limit_mb(), back=back,
    ), 413


def _page(meet, delegation, *, error: str | None = None, status: int = 200):
    upload = imp.staged(session.get(_key(delegation)), delegation, current_user.id)
    return render_template(
        "registration/excel_upload.html", meet=meet, delegation=delegation, form=SheetForm(),
        error=error, pending=upload, refusal=imp.may_change(current_user, delegation),
        limit=_limit_mb(), max_rows=imp.max_rows(),
    ), status


@bp.route("/teams/<int:delegation_id>/excel")
@roles(Role.ORGANISER, Role.LEADER)
def sheet(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    return _page(meet, delegation)


@bp.route("/teams/<int:delegation_id>/excel/template.xlsx")
@roles(Role.ORGANISER, Role.LEADER)
def sheet_template(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    data = excel_export.template_for(meet, delegation)
    return _xlsx(data, f"{delegation.code}-{delegation.name}-报名表.xlsx")


@bp.route("/teams/<int:delegation_id>/excel/upload", methods=["POST"])
@roles(Role.ORGANISER, Role.LEADER)
def sheet_upload(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    if not SheetForm().validate_on_submit():
        abort(400)
    refusal = imp.may_change(current_user, delegation)
    if refusal:
        return _page(meet, delegation, error=refusal, status=409)
    upload = request.files.get("sheet")
    if upload is None or not upload.filename:
        return _page(meet, delegation, error=_("请选择要上传的报名表文件（.xlsx）。"), status=400)
    try:
        read = excel.read_sheet(upload.read(), upload.filename, max_rows=imp.max_rows())
    except excel.SheetRefused as refused:
        return _page(meet, delegation, error=refused.message, status=400)
    if read.delegation_code and read.delegation_code != delegation.code:
        other = db.session.scalar(db.select(Delegation.name).where(
            Delegation.meet_id == meet.id, Delegation.code == read.delegation_code))
        return _page(meet, delegation, status=400, error=_(
            "这是%(other)s（序号 %(code)s）的报名表，不是本队的。请下载本队的报名表模板。",
            other=other if other and _organiser() else _("其他代表队"),
            code=read.delegation_code))
    if not read.rows:
        return _page(meet, delegation, error=_("报名表中没有填写任何人员。"), status=400)
    session[_key(delegation)] = imp.stage(delegation, current_user.id, upload.filename,
                                          read.rows)
    return redirect(url_for("registration.sheet_preview", delegation_id=delegation.id))


@bp.route("/teams/<int:delegation_id>/excel/preview")
@roles(Role.ORGANISER, Role.LEADER)
def sheet_preview(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    upload = imp.staged(session.get(_key(delegation)), delegation, current_user.id)
    if upload is None:
        flash(_("没有待确认的上传（预览保留 1 小时）。请重新上传报名表。"), "warning")
        return redirect(url_for("registration.sheet", delegation_id=delegation.id))
    result = imp.preview(upload.rows, delegation, _organiser())
    return render_template(
        "registration/excel_preview.html", meet=meet, delegation=delegation, upload=upload,
        result=result, form=SheetForm(), REPLACE=chk.REPLACE, MERGE=chk.MERGE,
        refusal=imp.may_change(current_user, delegation),
        stale=upload.delegation_version != delegation.version,
    )


@bp.route("/teams/<int:delegation_id>/excel/confirm", methods=["POST"])
@roles(Role.ORGANISER, Role.LEADER)
def sheet_confirm(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    if not SheetForm().validate_on_submit():
        abort(400)
    upload = imp.staged(session.get(_key(delegation)), delegation, current_user.id)
    if upload is None:
        flash(_("没有待确认的上传（预览保留 1 小时）。请重新上传报名表。"), "warning")
        return redirect(url_for("registration.sheet", delegation_id=delegation.id))
    try:
        done = imp.import_sheet(current_user._get_current_object(), upload,
                                request.form.get("mode", ""))
    except OperationError as err:
        flash(err.message, "error")
        return redirect(url_for("registration.sheet_preview", delegation_id=delegation.id))
    session.pop(_key(delegation), None)
    flash(_("报名表已导入：新增 %(a)d 人，修改 %(u)d 人，移除 %(r)d 人，共 %(e)d 项报名。",
            a=done.added, u=done.updated, r=done.removed, e=done.entries), "info")
    return redirect(url_for("registration.delegation", delegation_id=delegation.id))


@bp.route("/teams/<int:delegation_id>/excel/discard", methods=["POST"])
@roles(Role.ORGANISER, Role.LEADER)
def sheet_discard(delegation_id: int):
    _meet, delegation = _delegation(delegation_id)
    if not SheetForm().validate_on_submit():
        abort(400)
    upload = imp.staged(session.pop(_key(delegation), None), delegation, current_user.id)
    if upload is not None:
        imp.discard(upload)
    flash(_("已放弃这次上传，名单没有改动。"), "info")
    return redirect(url_for("registration.sheet", delegation_id=delegation.id))


@bp.route("/teams/<int:delegation_id>/export.xlsx")
@roles(Role.ORGANISER, Role.LEADER)
def export_delegation(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    data = excel_export.export_workbook(meet, [delegation])
    return _xlsx(data, f"{delegation.code}-{delegation.name}-报名名单.xlsx")


@bp.route("/teams/<int:delegation_id>/roster.pdf")
@roles(Role.ORGANISER, Role.LEADER)
def roster_pdf(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    data = pdf_roster.roster_pdf(meet, delegation)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": "inline; filename*=UTF-8''"
                               + quote(f"{delegation.code}-{delegation.name}-报名表.pdf"),
        "Cache-Control": "private, no-store",
    })


@bp.route("/registration/export.xlsx")
@roles(Role.ORGANISER)
def export_all():
    meet = current_meet_or_404()
    data = excel_export.export_workbook(meet, queries.delegations(meet.id))
    return _xlsx(data, f"{meet.short_name or meet.name}-全部代表队报名名单.xlsx")
