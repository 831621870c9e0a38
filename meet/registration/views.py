"""Registration pages: the delegation's roster and entries, its errors, submission, the
organiser's progress page and approval. Views parse, call an operation, render."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meet.access import current_meet_or_404, own_delegation_or_organiser, roles
from meet.extensions import db
from meet.models import Delegation, Entry, Event, Person, Role
from meet.operations import OperationError
from meet.registration import bp, messages, operations, queries
from meet.registration.forms import EligibilityForm, PersonForm, ReturnForm, VersionForm
from meet.site import queries as site_queries

TEAM = (Role.ORGANISER, Role.LEADER)


@bp.context_processor
def _labels() -> dict:
    return {"eligibility_names": messages.ELIGIBILITY_NAMES}


def _delegation(delegation_id: int):
    """The meet and the delegation, or 404 for a delegation that is not the user's."""
    meet = current_meet_or_404()
    own_delegation_or_organiser(delegation_id)
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    return meet, delegation


def _person(delegation: Delegation, person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or person.delegation_id != delegation.id:
        abort(404)
    return person


def _refused(form, err: OperationError, delegation: Delegation) -> int:
    """Put a refusal next to its field (or on top), keep what was typed; the status."""
    db.session.rollback()
    if isinstance(err, operations.StaleDelegation):
        # Saving the form shown again now overwrites knowingly.
        form.version.data, form.version.raw_data = delegation.version, [str(delegation.version)]
        flash(err.message, "error")
        return 409
    field = getattr(form, err.field, None) if err.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, err.message]
    else:
        flash(err.message, "error")
    return 400


@bp.route("/teams/<int:delegation_id>/roster")
@roles(*TEAM)
def roster(delegation_id: int):
    """A delegation's roster with personal data: its own leader and the organiser only."""
    meet, delegation = _delegation(delegation_id)
    staff, athletes, events_of = site_queries.delegation_roster(delegation.id)
    return render_template("registration/roster.html", meet=meet, delegation=delegation,
                           staff=staff, athletes=athletes, events_of=events_of)


@bp.route("/teams/<int:delegation_id>/registration")
@roles(*TEAM)
def delegation(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    view = queries.delegation_view(meet, delegation)
    return render_template(
        "registration/delegation.html", meet=meet, view=view, delegation=delegation,
        refusal=operations.edit_refusal(current_user, delegation),
        window=operations.window_state(meet), action=VersionForm(version=delegation.version),
        return_form=ReturnForm(version=delegation.version),
        staff_limits=messages.staff_limits_text(meet.staff_limits))


def _person_page(meet, delegation, form, person=None, status=200):
    if delegation.joint:  # offer the member units as the employer's choices
        form.employer.render_kw = {**(form.employer.render_kw or {}), "list": "member-units"}
    return render_template(
        "registration/person_form.html", meet=meet, delegation=delegation, form=form,
        person=person, refusal=operations.edit_refusal(current_user, delegation),
        remove=VersionForm(version=delegation.version)), status


def _save_person(meet, delegation, form, person=None):
    if not form.validate_on_submit():
        return _person_page(meet, delegation, form, person, 400)
    try:
        saved = operations.save_person(current_user, delegation, form.data_for_operation(),
                                       form.version.data, person)
    except OperationError as err:
        return _person_page(meet, delegation, form, person, _refused(form, err, delegation))
    flash(_("已保存 %(name)s。", name=saved.name), "info")
    if saved.is_athlete and person is None:
        return redirect(url_for(".athlete_events", delegation_id=delegation.id,
                                person_id=saved.id))
    return redirect(url_for(".delegation", delegation_id=delegation.id) + f"#p{saved.id}")


@bp.route("/teams/<int:delegation_id>/people/new", methods=["GET", "POST"])
@roles(*TEAM)
def new_person(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    form = PersonForm(version=delegation.version)
    if request.method == "GET" and request.args.get("role") in {c.value for c in form.role.choices}:
        form.role.data = request.args["role"]
    if request.method == "POST":
        return _save_person(meet, delegation, form)
    return _person_page(meet, delegation, form)


@bp.route("/teams/<int:delegation_id>/people/<int:person_id>", methods=["GET", "POST"])
@roles(*TEAM)
def edit_person(delegation_id: int, person_id: int):
    meet, delegation = _delegation(delegation_id)
    person = _person(delegation, person_id)
    form = PersonForm(obj=person if request.method == "GET" else None,
                      version=delegation.version)
    if request.method == "POST":
        return _save_person(meet, delegation, form, person)
    return _person_page(meet, delegation, form, person)


@bp.route("/teams/<int:delegation_id>/people/<int:person_id>/remove", methods=["POST"])
@roles(*TEAM)
def remove_person(delegation_id: int, person_id: int):
    _meet, delegation = _delegation(delegation_id)
    person = _person(delegation, person_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    name = person.name
    try:
        operations.remove_person(current_user, delegation, person, form.version.data)
    except OperationError as err:
        db.session.rollback()
        flash(err.message, "error")
        return redirect(url_for(".edit_person", delegation_id=delegation.id, person_id=person_id))
    flash(_("已将 %(name)s 移出名单。", name=name), "info")
    return redirect(url_for(".delegation", delegation_id=delegation.id))


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values if v.strip()]
    except ValueError:
        abort(400)


@bp.route("/teams/<int:delegation_id>/people/<int:person_id>/events", methods=["GET", "POST"])
@roles(*TEAM)
def athlete_events(delegation_id: int, person_id: int):
    meet, delegation = _delegation(delegation_id)
    person = _person(delegation, person_id)
    form = VersionForm(version=delegation.version)
    status, chosen = 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        chosen = set(_ids(request.form.getlist("event")))
        try:
            operations.set_athlete_events(current_user, delegation, person, chosen,
                                          form.version.data)
        except OperationError as err:
            status = _refused(form, err, delegation)
            if err.field == "events":
                flash(err.message, "error")
        else:
            flash(_("已保存 %(name)s 的报名项目。", name=person.name), "info")
            return redirect(url_for(".delegation", delegation_id=delegation.id) + f"#p{person.id}")
    options = queries.athlete_options(meet, delegation, person)
    if chosen is None:
        chosen = {e.id for e, o in options if o.entered and not e.is_team}
    return render_template(
        "registration/athlete_events.html", meet=meet, delegation=delegation, person=person,
        options=options, chosen=chosen, form=form, band=queries.band_names(meet, [person]),
        refusal=operations.edit_refusal(current_user, delegation), age=queries.age_of(meet, person),
        ruling=operations.ruling_of(person)), status


@bp.route("/teams/<int:delegation_id>/events/<int:event_id>/squad", methods=["GET", "POST"])
@roles(*TEAM)
def squad(delegation_id: int, event_id: int):
    meet, delegation = _delegation(delegation_id)
    event = db.session.get(Event, event_id)
    if event is None or event.meet_id != meet.id or not event.is_team:
        abort(404)
    existing = [s.entry for s in queries.delegation_view(meet, delegation).squads.get(event.id, [])]
    wanted = request.values.get("entry", "")
    entry: Entry | None = None
    if wanted and wanted != "new":
        entry = next((e for e in existing if str(e.id) == wanted), None)
        if entry is None:
            abort(404)
    elif not wanted and existing:
        entry = existing[0]
    form = VersionForm(version=delegation.version)
    status = 200
    members = [m.person_id for m in entry.members if not m.reserve] if entry else []
    reserves = [m.person_id for m in entry.members if m.reserve] if entry else []
    candidates = queries.squad_candidates(meet, delegation, event)
    chosen_ids = {*members, *reserves}
    candidates += [p for p in delegation.people if p.id in chosen_ids and p not in candidates]
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        members, reserves = _ids(request.form.getlist("leg")), _ids(request.form.getlist("reserve"))
        roster_ids = {p.id for p in delegation.people}
        if any(pid not in roster_ids for pid in (*members, *reserves)):
            abort(404)  # a forged post naming another delegation's athlete
        try:
            operations.save_squad(current_user, delegation, event, members, reserves,
                                  form.version.data, entry)
        except OperationError as err:
            status = _refused(form, err, delegation)
            if err.field:
                flash(err.message, "error")
        else:
            flash(_("已保存%(event)s的名单。", event=event.name), "info")
            return redirect(url_for(".delegation", delegation_id=delegation.id) + "#squads")
    return render_template(
        "registration/squad.html", meet=meet, delegation=delegation, event=event, entry=entry,
        members=members, reserves=reserves, candidates=candidates, form=form,
        refusal=operations.edit_refusal(current_user, delegation), wanted=wanted), status


@bp.route("/teams/<int:delegation_id>/errors")
@roles(*TEAM)
def errors(delegation_id: int):
    meet, delegation = _delegation(delegation_id)
    return render_template(
        "registration/errors.html", meet=meet, delegation=delegation,
        errors=queries.error_list(delegation), action=VersionForm(version=delegation.version),
        refusal=operations.edit_refusal(current_user, delegation))


def _state_change(delegation_id: int, operation, done: str, form_class=VersionForm):
    _meet, delegation = _delegation(delegation_id)
    form = form_class()
    if not form.validate_on_submit():
        for field_errors in form.errors.values():
            flash(field_errors[0], "error")
        return redirect(url_for(".delegation", delegation_id=delegation.id))
    try:
        operation(delegation, form)
    except OperationError as err:
        db.session.rollback()
        flash(err.message, "error")
        target = ".errors" if err.field == "errors" else ".delegation"
        return redirect(url_for(target, delegation_id=delegation.id))
    flash(done, "info")
    return redirect(url_for(".delegation", delegation_id=delegation.id))


@bp.route("/teams/<int:delegation_id>/submit", methods=["POST"])
@roles(*TEAM)
def submit(delegation_id: int):
    return _state_change(delegation_id, lambda d, f: operations.submit(
        current_user, d, f.version.data), _("报名已提交，请等待组委会审核。"))


@bp.route("/teams/<int:delegation_id>/withdraw", methods=["POST"])
@roles(*TEAM)
def withdraw(delegation_id: int):
    return _state_change(delegation_id, lambda d, f: operations.withdraw(
        current_user, d, f.version.data), _("已撤回提交，可以继续修改。"))


@bp.route("/teams/<int:delegation_id>/approve", methods=["POST"])
@roles(Role.ORGANISER)
def approve(delegation_id: int):
    return _state_change(delegation_id, lambda d, f: operations.approve(
        current_user, d, f.version.data), _("已审核通过，号码布已分配。"))


@bp.route("/teams/<int:delegation_id>/return", methods=["POST"])
@roles(Role.ORGANISER)
def return_delegation(delegation_id: int):
    return _state_change(delegation_id, lambda d, f: operations.return_delegation(
        current_user, d, f.comment.data, f.version.data), _("已退回领队修改。"), ReturnForm)


@bp.route("/teams/<int:delegation_id>/people/<int:person_id>/eligibility",
          methods=["GET", "POST"])
@roles(Role.ORGANISER)
def eligibility(delegation_id: int, person_id: int):
    meet, delegation = _delegation(delegation_id)
    person = _person(delegation, person_id)
    form = EligibilityForm()
    status = 200
    if form.validate_on_submit():
        try:
            operations.rule_eligibility(current_user, person, form.status.data, form.reason.data)
        except OperationError as err:
            status = _refused(form, err, delegation)
        else:
            flash(_("已记录对 %(name)s 的资格审查结论。", name=person.name), "info")
            return redirect(url_for(".delegation", delegation_id=delegation.id) + f"#p{person.id}")
    elif request.method == "POST":
        status = 400
    return render_template(
        "registration/eligibility.html", meet=meet, delegation=delegation, person=person,
        form=form, ruling=operations.ruling_of(person)), status


@bp.route("/registration/progress")
@roles(Role.ORGANISER)
def progress():
    meet = current_meet_or_404()
    rows = queries.progress(meet)
    return render_template("registration/progress.html", meet=meet, rows=rows,
                           window=operations.window_state(meet),
                           bounds=operations.window_bounds(meet))
