"""Invitation links: the organiser's page, and the leader's first visit through a link."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from meet.access import current_meet_or_404, public, roles
from meet.extensions import db
from meet.models import Delegation, Role
from meet.models.base import utcnow
from meet.registration import bp
from meet.registration import invitations as inv
from meet.site import queries


class InviteForm(FlaskForm):
    """Issue or re-issue one delegation's link (CSRF only)."""


class AcceptForm(FlaskForm):
    username = StringField(
        _l("用户名"), validators=[DataRequired(_l("请输入用户名。")), Length(max=40)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("密码"), validators=[DataRequired(_l("请设置密码。"))],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("再次输入密码"),
        validators=[DataRequired(_l("请再输入一次密码。")),
                    EqualTo("password", _l("两次输入的密码不一致。"))],
        render_kw={"autocomplete": "new-password"},
    )


def _delegation_or_404(delegation_id: int, meet) -> Delegation:
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    return delegation


def _invitations_page(meet, new_link: str | None = None, new_for: int | None = None):
    delegations = queries.delegations(meet.id)
    leaders = {d.id: inv.leader_account(d) for d in delegations}
    return render_template(
        "registration/invite_list.html", meet=meet, delegations=delegations,
        newest=inv.statuses(meet.id), leaders=leaders, now=utcnow(), form=InviteForm(),
        new_link=new_link, new_for=new_for, max_days=inv.max_age() // 86400,
    )


@bp.route("/registration/invitations")
@roles(Role.ORGANISER)
def invitations():
    return _invitations_page(current_meet_or_404())


@bp.route("/registration/invitations/<int:delegation_id>", methods=["POST"])
@roles(Role.ORGANISER)
def issue_invitation(delegation_id: int):
    meet = current_meet_or_404()
    delegation = _delegation_or_404(delegation_id, meet)
    if not InviteForm().validate_on_submit():
        abort(400)
    token = inv.issue(delegation)
    link = url_for("registration.accept_invitation", token=token, _external=True)
    base = (meet.public_base_url or "").rstrip("/")
    if base:
        link = base + url_for("registration.accept_invitation", token=token)
    # Rendered, not redirected: the link is shown this once and kept nowhere else.
    response = _invitations_page(meet, new_link=link, new_for=delegation.id)
    return response, 201, {"Cache-Control": "no-store"}


_INVALID = {
    "tampered": (400, _l("链接无效"), _l(
        "这个邀请链接不完整或被改动过。请从组委会发来的消息中完整复制链接，或请组委会重新生成。")),
    "expired": (410, _l("链接已过期"), _l(
        "这个邀请链接已过有效期。请联系组委会重新生成一个邀请链接。")),
    "used": (410, _l("链接已使用"), _l(
        "这个邀请链接已经用过，每个链接只能使用一次。如果账号是您设置的，请直接登录；"
        "否则请联系组委会。")),
    "revoked": (410, _l("链接已作废"), _l(
        "组委会已为该代表队生成了新的邀请链接，这个旧链接不再有效。请使用最新的链接。")),
}


def _invalid(reason: str):
    code, title, message = _INVALID[reason]
    return render_template("registration/invite_invalid.html", title=title, message=message,
                            reason=reason), code, {"Cache-Control": "no-store"}


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    meet = current_meet_or_404()
    try:
        invitation = inv.load(token)
    except inv.InvitationInvalid as err:
        return _invalid(err.reason)
    delegation = db.session.get(Delegation, invitation.delegation_id)
    account = inv.leader_account(delegation)
    form = AcceptForm()
    if request.method == "GET":
        form.username.data = account.username if account else inv.default_username(delegation)
    status = 200
    if form.validate_on_submit():
        try:
            accepted = inv.accept(token, form.username.data, form.password.data)
        except inv.InvitationInvalid as err:
            return _invalid(err.reason)
        except inv.Refused as err:
            getattr(form, err.field).errors.extend(err.messages)
            status = 400
        else:
            session.clear()
            login_user(accepted.user)
            session.permanent = True
            return redirect(url_for("site.dashboard"))
    elif request.method == "POST":
        status = 400
    form.password.data = form.confirm.data = ""
    return render_template(
        "registration/invite_accept.html", meet=meet, form=form, delegation=delegation,
        existing=account, expires_at=invitation.expires_at,
    ), status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
