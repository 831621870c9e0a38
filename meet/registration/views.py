from flask import abort, render_template

from meet.access import current_meet_or_404, own_delegation_or_organiser, roles
from meet.extensions import db
from meet.models import Delegation, Role
from meet.registration import bp
from meet.site import queries


@bp.route("/teams/<int:delegation_id>/roster")
@roles(Role.ORGANISER, Role.LEADER)
def roster(delegation_id: int):
    """A delegation's roster with personal data: its own leader and the organiser only."""
    meet = current_meet_or_404()
    own_delegation_or_organiser(delegation_id)
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    staff, athletes, events_of = queries.delegation_roster(delegation.id)
    return render_template(
        "registration/roster.html",
        meet=meet,
        delegation=delegation,
        staff=staff,
        athletes=athletes,
        events_of=events_of,
    )
