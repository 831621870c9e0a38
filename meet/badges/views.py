"""Badges: printing (a delegation, one person, the whole meet in the background, the
officials), photos, re-issue, and the public verification page ``/badge/<token>``."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from meet.access import current_meet_or_404, own_delegation_or_organiser, public, roles
from meet.badges import bp, operations
from meet.badges.forms import BuildForm, PhotoForm, ReissueForm
from meet.badges.tokens import public_base_url, well_formed
from meet.documents.badges_pdf import (
    build_badges_pdf,
    meet_officials,
    meet_people,
    official_cards,
    people_cards,
)
from meet.extensions import db
from meet.models import Badge, Delegation, EntryMember, Event, Meet, Person, PersonPhoto, Role, User
from meet.operations import OperationError


def _base_url(meet) -> str:
    return public_base_url(meet, current_app.config, request.host_url)


def _pdf(data: bytes, filename: str) -> Response:
    resp = Response(data, mimetype="application/pdf")
    resp.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def _layout() -> str:
    layout = request.args.get("layout", "sheet")
    return layout if layout in ("sheet", "single") else "sheet"


def _own_person(person_id: int) -> Person:
    meet = current_meet_or_404()
    person = db.session.get(Person, person_id)
    if person is None or person.meet_id != meet.id:
        abort(404)
    own_delegation_or_organiser(person.delegation_id)
    return person


# -- a delegation --------------------------------------------------------------------

def _team_page(delegation: Delegation, errors: dict | None = None, status: int = 200):
    meet = current_meet_or_404()
    people = meet_people(meet, delegation.id)
    ids = [p.id for p in people]
    badges = {b.person_id: b for b in db.session.scalars(db.select(Badge).where(
        Badge.person_id.in_(ids), Badge.revoked_at.is_(None)))} if ids else {}
    photos = set(db.session.scalars(db.select(PersonPhoto.person_id).where(
        PersonPhoto.person_id.in_(ids)))) if ids else set()
    return render_template(
        "badges/team.html", meet=meet, delegation=delegation, people=people, badges=badges,
        photos=photos, errors=errors or {}, photo_form=PhotoForm(), reissue_form=ReissueForm(),
        typed=request.form if errors else {},
    ), status


def _delegation(delegation_id: int) -> Delegation:
    meet = current_meet_or_404()
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    own_delegation_or_organiser(delegation.id)
    return delegation


@bp.route("/teams/<int:delegation_id>/badges")
@roles(Role.ORGANISER, Role.LEADER)
def team(delegation_id: int):
    return _team_page(_delegation(delegation_id))


@bp.route("/teams/<int:delegation_id>/badges.pdf")
@roles(Role.ORGANISER, Role.LEADER)
def team_pdf(delegation_id: int):
    delegation = _delegation(delegation_id)
    meet = current_meet_or_404()
    people = meet_people(meet, delegation.id)
    badges = operations.ensure_badges(meet, people)
    data = build_badges_pdf(people_cards(meet, people, badges, _base_url(meet)),
                            layout=_layout(), title=f"{delegation.name} 参赛证")
    return _pdf(data, f"badges-{delegation.code}.pdf")


@bp.route("/people/<int:person_id>/badge.pdf")
@roles(Role.ORGANISER, Role.LEADER)
def person_pdf(person_id: int):
    person = _own_person(person_id)
    meet = current_meet_or_404()
    badges = {("person", person.id): operations.issue_badge(meet, person=person)}
    data = build_badges_pdf(people_cards(meet, [person], badges, _base_url(meet)),
                            layout=request.args.get("layout", "single"), title=person.name)
    return _pdf(data, f"badge-{person.id}.pdf")


@bp.route("/people/<int:person_id>/photo", methods=["POST"])
@roles(Role.ORGANISER, Role.LEADER)
def photo_upload(person_id: int):
    person = _own_person(person_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.set_photo(person, request.files.get("photo"))
    except OperationError as e:
        return _team_page(person.delegation, {person.id: {"photo": e.message}}, 422)
    flash(_("已更新 %(name)s 的证件照", name=person.name), "success")
    return redirect(url_for("badges.team", delegation_id=person.delegation_id) + f"#p{person.id}")


@bp.route("/people/<int:person_id>/photo/delete", methods=["POST"])
@roles(Role.ORGANISER, Role.LEADER)
def photo_delete(person_id: int):
    person = _own_person(person_id)
    if not PhotoForm().validate_on_submit():
        abort(400)
    try:
        operations.remove_photo(person)
    except OperationError as e:
        return _team_page(person.delegation, {person.id: {"photo": e.message}}, 422)
    flash(_("已删除 %(name)s 的证件照", name=person.name), "success")
    return redirect(url_for("badges.team", delegation_id=person.delegation_id) + f"#p{person.id}")


@bp.route("/people/<int:person_id>/photo.jpg")
@roles(Role.ORGANISER, Role.LEADER)
def photo(person_id: int):
    person = _own_person(person_id)
    return _photo_response(person.id, private=True)


@bp.route("/people/<int:person_id>/badge/reissue", methods=["POST"])
@roles(Role.ORGANISER)
def reissue(person_id: int):
    person = _own_person(person_id)
    form = ReissueForm()
    if not form.validate_on_submit():
        too_long = {person.id: {"reason": _("补发原因请控制在200字以内")}}
        return _team_page(person.delegation, too_long, 422)
    try:
        badge = operations.reissue_badge(current_meet_or_404(), person=person,
                                         reason=form.reason.data)
    except OperationError as e:
        return _team_page(person.delegation, {person.id: {"reason": e.message}}, 422)
    flash(_("已补发 %(name)s 的证件（第%(v)s版），旧证件已作废", name=person.name, v=badge.version),
          "success")
    return redirect(url_for("badges.team", delegation_id=person.delegation_id) + f"#p{person.id}")


# -- the whole meet ------------------------------------------------------------------

@bp.route("/badges")
@roles(Role.ORGANISER)
def meet_badges():
    meet = current_meet_or_404()
    delegations = list(db.session.scalars(
        db.select(Delegation).where(Delegation.meet_id == meet.id).order_by(Delegation.code)))
    return render_template(
        "badges/meet.html", meet=meet, delegations=delegations, form=BuildForm(),
        job=operations.running_job(meet), built={
            layout: operations.last_built(meet, layout) for layout in ("sheet", "single")},
        officials=meet_officials(meet), people_count=len(meet_people(meet)),
    )


@bp.route("/badges/build", methods=["POST"])
@roles(Role.ORGANISER)
def build():
    meet = current_meet_or_404()
    form = BuildForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.start_meet_badges(meet, form.layout.data, _base_url(meet))
    except OperationError as e:
        flash(e.message, "warning")
    return redirect(url_for("badges.meet_badges"))


@bp.route("/badges/job.json")
@roles(Role.ORGANISER)
def job_status():
    meet = current_meet_or_404()
    job = operations.running_job(meet)
    if job is None:
        job = db.session.scalars(db.select(operations.BadgeJob).where(
            operations.BadgeJob.meet_id == meet.id).order_by(
            operations.BadgeJob.id.desc())).first()
    if job is None:
        return jsonify(state="none")
    return jsonify(id=job.id, state=job.state, done=job.done, total=job.total,
                   percent=job.percent, layout=job.layout, error=job.error)


@bp.route("/badges/meet.pdf")
@roles(Role.ORGANISER)
def meet_pdf():
    meet = current_meet_or_404()
    job = operations.last_built(meet, _layout())
    if job is None or not job.path:
        abort(404)
    try:
        return send_file(job.path, mimetype="application/pdf", max_age=0,
                         download_name=f"badges-all-{job.layout}.pdf")
    except FileNotFoundError:
        abort(404)


@bp.route("/badges/officials.pdf")
@roles(Role.ORGANISER)
def officials_pdf():
    meet = current_meet_or_404()
    users = meet_officials(meet)
    badges = operations.ensure_badges(meet, users=users)
    data = build_badges_pdf(official_cards(meet, users, badges, _base_url(meet)),
                            layout=_layout(), title="工作人员证件")
    return _pdf(data, "badges-officials.pdf")


@bp.route("/users/<int:user_id>/badge/reissue", methods=["POST"])
@roles(Role.ORGANISER)
def reissue_official(user_id: int):
    meet = current_meet_or_404()
    user = db.session.get(User, user_id)
    if user is None or user.meet_id != meet.id or user.role == Role.LEADER.value:
        abort(404)
    form = ReissueForm()
    try:
        if not form.validate_on_submit():
            raise OperationError(_("补发原因请控制在200字以内"), field="reason")
        operations.reissue_badge(meet, user=user, reason=form.reason.data)
        flash(_("已补发 %(name)s 的证件，旧证件已作废", name=user.display_name or user.username),
              "success")
    except OperationError as e:
        flash(f"{user.display_name or user.username}：{e.message}", "error")
    return redirect(url_for("badges.meet_badges") + "#officials")


# -- public verification -------------------------------------------------------------

def _badge_of(token: str) -> Badge | None:
    if not well_formed(token):
        return None
    return db.session.scalars(db.select(Badge).where(Badge.token == token)).first()


@bp.route("/badge/<token>")
@public
def verify(token: str):
    badge = _badge_of(token)
    if badge is None:
        return render_template("badges/verify.html", state="invalid", badge=None), 404
    events = []
    if badge.person_id:
        events = list(db.session.scalars(
            db.select(Event).join(EntryMember, EntryMember.event_id == Event.id)
            .where(EntryMember.person_id == badge.person_id)
            .order_by(Event.sort_order, Event.id)))
    has_photo = bool(badge.person_id and db.session.scalar(
        db.select(PersonPhoto.id).where(PersonPhoto.person_id == badge.person_id)))
    newer = None
    if not badge.is_valid:
        holder = (Badge.person_id == badge.person_id if badge.person_id
                  else Badge.user_id == badge.user_id)
        newer = db.session.scalar(db.select(db.func.max(Badge.version)).where(holder))
    resp = render_template(
        "badges/verify.html", state="valid" if badge.is_valid else "revoked", badge=badge,
        events=events, has_photo=has_photo and badge.is_valid, newer=newer,
        meet=db.session.get(Meet, badge.meet_id),
    )
    return resp, 200 if badge.is_valid else 410


@bp.route("/badge/<token>/photo.jpg")
@public
def verify_photo(token: str):
    badge = _badge_of(token)
    if badge is None or not badge.is_valid or badge.person_id is None:
        abort(404)
    return _photo_response(badge.person_id, private=False)


def _photo_response(person_id: int, private: bool) -> Response:
    data = db.session.scalar(db.select(PersonPhoto.data).where(
        PersonPhoto.person_id == person_id))
    if data is None:
        abort(404)
    resp = Response(data, mimetype="image/jpeg")
    resp.headers["Cache-Control"] = "private, max-age=60" if private else "no-store"
    return resp


from meet.badges import callroom_views  # noqa: E402,F401
