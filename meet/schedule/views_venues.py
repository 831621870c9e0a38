"""The organiser's venue lanes (场地道次): lane count, unusable lanes and the lane-draw
priority of each venue, read by every later draw (meet.rules.lanes)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from meet.access import current_meet_or_404, roles
from meet.extensions import db
from meet.models import Role, Venue
from meet.operations import OperationError
from meet.rules import lanes as lane_rules
from meet.schedule import bp
from meet.schedule import timetable_setup as setup
from meet.schedule.forms_timetable import VenueLanesForm


def standard_hint(venue: Venue) -> str:
    """The standard groups for the venue's usable lanes, shown when it has none of its own."""
    count = venue.lanes or 8
    return lane_rules.format_groups(lane_rules.lane_groups(
        count, None, [x for x in venue.unusable_lanes or [] if x <= count]))


@bp.route("/schedule/venues")
@roles(Role.ORGANISER)
def venue_lanes_list():
    meet = current_meet_or_404()
    venues = list(db.session.scalars(select(Venue).where(Venue.meet_id == meet.id)
                                     .order_by(Venue.sort_order, Venue.id)))
    groups = {v.id: lane_rules.format_groups(lane_rules.lane_groups(
        v.lanes, v.lane_priority, v.unusable_lanes or ())) for v in venues if v.lanes}
    return render_template("schedule/venue_lanes_list.html", meet=meet, venues=venues,
                           groups=groups,
                           fmt=lane_rules.format_lanes)


@bp.route("/schedule/venues/<int:venue_id>", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def venue_lanes(venue_id: int):
    meet = current_meet_or_404()
    venue = db.session.get(Venue, venue_id)
    if venue is None or venue.meet_id != meet.id:
        abort(404)
    form = VenueLanesForm()
    status = 200
    if not form.is_submitted():
        form.lanes.data = venue.lanes
        form.unusable.data = lane_rules.format_lanes(venue.unusable_lanes)
        form.priority.data = lane_rules.format_groups(venue.lane_priority)
    elif form.validate_on_submit():
        parsed = form.parsed()
        if parsed is not None:
            try:
                setup.set_venue_lanes(venue, meet, form.lanes.data, *parsed)
            except OperationError as e:
                getattr(form, e.field or "lanes").errors = [e.message]
            else:
                flash(_("{name}的道次设置已保存").format(name=venue.name), "success")
                return redirect(url_for("schedule.venue_lanes_list"))
        status = 422
    else:
        form.parsed()  # every field's error at once
        status = 422
    hint = standard_hint(venue)
    form.priority.render_kw = {"placeholder": hint}
    return render_template("schedule/venue_lanes.html", meet=meet, venue=venue, form=form,
                           hint=hint), status
