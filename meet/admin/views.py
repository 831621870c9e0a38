from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.access import current_meet_or_404, roles
from meet.admin import bp
from meet.extensions import db
from meet.models import RefereeAssignment, Role, User


@bp.route("/accounts")
@roles(Role.ORGANISER)
def accounts():
    meet = current_meet_or_404()
    users = db.session.scalars(
        select(User)
        .where(User.meet_id == meet.id)
        .options(
            selectinload(User.delegation),
            selectinload(User.assignments).selectinload(RefereeAssignment.event),
        )
        .order_by(User.role, User.username)
    ).all()
    return render_template("admin/accounts.html", meet=meet, users=users)
