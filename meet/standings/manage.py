"""The organiser's pages of the standings: honours (with the eligible suggested),
meet records, the tables' settings, publishing the results book, certificates."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from meet.access import current_meet_or_404, roles
from meet.extensions import db
from meet.models import Award, Delegation, DocumentBuild, MeetRecord, Role
from meet.operations import OperationError
from meet.standings import bp, operations, queries, tables
from meet.standings.forms import (
    AWARD_NAMES,
    AwardForm,
    BookForm,
    CertificatesForm,
    RecordForm,
    SettingsForm,
    WithdrawForm,
)


def _delegation_choices(meet_id: int) -> list[tuple[int, str]]:
    return [(0, "—")] + [(d.id, f"{d.code} {d.name}") for d in db.session.scalars(
        db.select(Delegation).where(Delegation.meet_id == meet_id).order_by(Delegation.code))]


def _refused(form, exc: OperationError) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


# -- honours --------------------------------------------------------------------------

@bp.route("/awards/manage", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def manage_awards():
    meet = current_meet_or_404()
    form = AwardForm()
    form.delegation_id.choices = _delegation_choices(meet.id)
    form.user_id.choices = [(0, "—")] + [
        (u.id, u.display_name or u.username) for u in queries.referees(meet.id)]
    status = 200
    if form.validate_on_submit():
        try:
            operations.name_award(meet, form.kind.data, delegation_id=form.delegation_id.data,
                                  bib=form.bib.data or "", user_id=form.user_id.data)
            flash(_("已授予：%(name)s", name=AWARD_NAMES[form.kind.data]), "success")
            return redirect(url_for("standings.manage_awards"))
        except OperationError as exc:
            _refused(form, exc)
            status = 422
    elif request.method == "POST":
        status = 422
    ok_d, ok_a, bad_d, bad_a = queries.eligible(meet.id)
    return render_template(
        "standings/manage_awards.html", meet=meet, form=form, award_names=AWARD_NAMES,
        awards=queries.awards(meet.id), eligible_delegations=ok_d, eligible_athletes=ok_a,
        barred=bad_d, delegations={d.id: d for d in db.session.scalars(
            db.select(Delegation).where(Delegation.meet_id == meet.id))},
        withdraw=WithdrawForm(), trail=operations.audit_trail(meet)), status


@bp.route("/awards/<int:award_id>/withdraw", methods=["POST"])
@roles(Role.ORGANISER)
def withdraw_award(award_id: int):
    meet = current_meet_or_404()
    award = db.session.get(Award, award_id)
    if award is None or award.meet_id != meet.id:
        abort(404)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("请写明撤销原因"), "error")
    else:
        try:
            operations.withdraw_award(meet, award, form.reason.data)
        except OperationError as e:
            flash(str(e), "error")
        else:
            flash(_("已撤销"), "success")
    return redirect(url_for("standings.manage_awards"))


# -- records --------------------------------------------------------------------------

@bp.route("/records/manage", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def manage_records():
    meet = current_meet_or_404()
    form = RecordForm()
    events = queries.events_in_order(meet.id)
    form.event_id.choices = [(e.id, e.name) for e in events]
    status = 200
    if form.validate_on_submit():
        try:
            operations.set_record(meet, form.event_id.data, form.mark.data, form.holder.data,
                                  form.delegation_name.data, form.year.data)
            flash(_("纪录已保存"), "success")
            return redirect(url_for("standings.manage_records"))
        except OperationError as exc:
            _refused(form, exc)
            status = 422
    elif request.method == "POST":
        status = 422
    return render_template("standings/manage_records.html", meet=meet, form=form,
                           events=events, standing=queries.standing_records(meet.id),
                           remove=BookForm()), status


@bp.route("/records/<int:record_id>/remove", methods=["POST"])
@roles(Role.ORGANISER)
def remove_record(record_id: int):
    meet = current_meet_or_404()
    record = db.session.get(MeetRecord, record_id)
    if record is None or record.meet_id != meet.id:
        abort(404)
    if BookForm().validate_on_submit():
        operations.remove_record(meet, record)
        flash(_("纪录已删除"), "success")
    return redirect(url_for("standings.manage_records"))


# -- settings, results book, certificates ---------------------------------------------

def _certificates_form(meet_id: int, formdata=None) -> CertificatesForm:
    form = CertificatesForm(formdata) if formdata is not None else CertificatesForm()
    form.event_id.choices = [(0, "—")] + [(e.id, e.name)
                                          for e in queries.events_in_order(meet_id)]
    form.delegation_id.choices = _delegation_choices(meet_id)
    return form


def _manage_page(meet, settings_form=None, cert_form=None, status=200):
    st = tables.state(meet.id)
    settings_form = settings_form or SettingsForm(data={"medal_order": st.medal_order,
                                                        "tie_break": st.tie_break})
    builds = db.session.scalars(db.select(DocumentBuild).where(
        DocumentBuild.meet_id == meet.id).order_by(DocumentBuild.id.desc()).limit(12)).all()
    return render_template(
        "standings/manage.html", meet=meet, state=st, settings_form=settings_form,
        cert_form=cert_form or _certificates_form(meet.id), book_form=BookForm(),
        builds=builds, book=operations.last_built(meet.id, "results_book"),
        pending=any(b.state in ("queued", "running") for b in builds),
        trail=operations.audit_trail(meet)), status


@bp.route("/standings/manage")
@roles(Role.ORGANISER)
def manage():
    return _manage_page(current_meet_or_404())


@bp.route("/standings/manage/settings", methods=["POST"])
@roles(Role.ORGANISER)
def manage_settings():
    meet = current_meet_or_404()
    form = SettingsForm()
    if form.validate_on_submit():
        try:
            operations.update_settings(meet, form.medal_order.data, form.tie_break.data)
            flash(_("排名办法已保存"), "success")
            return redirect(url_for("standings.manage"))
        except OperationError as exc:
            _refused(form, exc)
    return _manage_page(meet, settings_form=form, status=422)


@bp.route("/standings/manage/results-book", methods=["POST"])
@roles(Role.ORGANISER)
def manage_results_book():
    meet = current_meet_or_404()
    form = BookForm()
    if not form.validate_on_submit() or form.action.data not in ("publish", "withdraw", "build"):
        abort(400)
    if form.action.data == "build":
        if operations.running(meet.id, "results_book") is None:
            operations.start_build(meet, "results_book", {})
        flash(_("成绩册正在后台生成"), "success")
    else:
        operations.publish_results_book(meet, form.action.data == "publish")
        flash(_("成绩册已公开") if form.action.data == "publish" else _("成绩册已撤回"),
              "success")
    return redirect(url_for("standings.manage"))


@bp.route("/standings/manage/certificates", methods=["POST"])
@roles(Role.ORGANISER)
def manage_certificates():
    meet = current_meet_or_404()
    form = _certificates_form(meet.id, request.form)
    if form.validate_on_submit():
        target = {"event": form.event_id.data, "delegation": form.delegation_id.data}.get(
            form.scope.data)
        try:
            operations.request_certificates(meet, form.scope.data, target or None,
                                            form.places.data, form.layout.data,
                                            form.awards.data)
            flash(_("证书正在后台生成"), "success")
            return redirect(url_for("standings.manage"))
        except OperationError as exc:
            _refused(form, exc)
    return _manage_page(meet, cert_form=form, status=422)


@bp.route("/standings/documents/<int:build_id>.pdf")
@roles(Role.ORGANISER)
def document(build_id: int):
    meet = current_meet_or_404()
    build = db.session.get(DocumentBuild, build_id)
    if build is None or build.meet_id != meet.id or build.state != "done" \
            or not build.path or not Path(build.path).is_file():
        abort(404)
    name = "成绩册" if build.kind == "results_book" else "获奖证书"
    return send_file(build.path, mimetype="application/pdf",
                     download_name=f"{meet.short_name or meet.name}{name}-{build.id}.pdf")
