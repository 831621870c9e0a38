"""The organiser's 联队 page of one delegation: the flag and its member units."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meet.access import current_meet_or_404, roles
from meet.extensions import db
from meet.models import Delegation, Role
from meet.operations import OperationError
from meet.registration import bp, joint_ops
from meet.registration.forms import JointForm
from meet.registration.views import _refused
from meet.registration.window import leader_refusal


def _page(meet, delegation, form, status=200):
    return render_template(
        "registration/joint.html", meet=meet, delegation=delegation, form=form,
        outside=joint_ops.outside_units(delegation)), status


@bp.route("/teams/<int:delegation_id>/joint", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def joint(delegation_id: int):
    meet = current_meet_or_404()
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    form = JointForm(version=delegation.version)
    if not form.is_submitted():
        form.joint.data = delegation.joint
        form.units.data = "\n".join(u.name for u in delegation.member_units)
        return _page(meet, delegation, form)
    if not form.validate():
        return _page(meet, delegation, form, 400)
    try:
        outcome = joint_ops.set_joint(current_user, delegation, bool(form.joint.data),
                                      form.unit_lines(), form.version.data)
    except OperationError as err:
        return _page(meet, delegation, form, _refused(form, err, delegation))
    if outcome.outside_after and leader_refusal(delegation, meet):
        # The leader cannot change the roster now (submitted, approved or closed).
        flash(_("已保存。本队有 %(n)s 人的工作单位不在成员单位中（修改前 %(m)s 人）。"
                "领队现在不能修改名单（报名已提交、已审核或已截止），请由组委会修改，"
                "或退回后由领队修改。", n=outcome.outside_after, m=outcome.outside_before),
              "warning")
    elif outcome.outside_after:
        flash(_("已保存。本队有 %(n)s 人的工作单位不在成员单位中（修改前 %(m)s 人），"
                "需由领队修改。", n=outcome.outside_after, m=outcome.outside_before), "warning")
    else:
        flash(_("联队设置已保存。"), "success")
    return redirect(url_for("registration.delegation", delegation_id=delegation.id))
