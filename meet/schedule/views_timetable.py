"""The organiser's timetable (编排竞赛日程) and order book (秩序册) pages."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from meet.access import current_meet_or_404, roles
from meet.extensions import db
from meet.models import Event, EventVenue, Role, ScheduleJob, Unit, Venue, VenueSession
from meet.operations import OperationError
from meet.schedule import bp, jobs, listing
from meet.schedule import timetable as ops
from meet.schedule import timetable_setup as setup
from meet.schedule.forms_timetable import EventVenuesForm, HoursForm, MoveForm, SettingsForm
from meet.schedule.problem import default_settings, local


def _unit(unit_id: int) -> Unit:
    meet = current_meet_or_404()
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.event.meet_id != meet.id:
        abort(404)
    return unit


def job_status(job: ScheduleJob | None) -> dict | None:
    if job is None:
        return None
    percent = job.percent
    since, limit = (job.result or {}).get("solving_since"), (job.result or {}).get("time_limit")
    if job.active and since and limit:  # the solver reports nothing while it searches
        elapsed = dt.datetime.now(dt.UTC).timestamp() - since
        percent = max(percent, min(89, 10 + int(80 * elapsed / max(float(limit), 0.1))))
    return {"id": job.id, "kind": job.kind, "state": job.state, "percent": percent,
            "stage": job.stage, "error": job.error, "result": job.result,
            "finished_at": local(job.finished_at).isoformat() if job.finished_at else None,
            "url": url_for("schedule.job_json", job_id=job.id)}


@bp.route("/schedule/timetable")
@roles(Role.ORGANISER)
def timetable_admin():
    meet = current_meet_or_404()
    problem, conflicts = ops.current_conflicts(meet)
    result = listing.items(meet, problem)
    unscheduled = [row for row in problem.rows.values() if not row.starts_at]
    last = jobs.last_job(meet.id, "schedule")
    return render_template(
        "schedule/timetable_admin.html", meet=meet, items=result, conflicts=conflicts,
        unscheduled=unscheduled, days=listing.days(result), job=job_status(last),
        settings=default_settings(meet), total=len(problem.rows),
        no_hours=[v for vid, v in problem.venue_rows.items()
                  if not problem.venues[vid].windows])


@bp.route("/schedule/timetable/run", methods=["POST"])
@roles(Role.ORGANISER)
def timetable_run():
    meet = current_meet_or_404()
    try:
        job = jobs.start(meet, "schedule")
    except OperationError as e:
        if request.accept_mimetypes.best == "application/json":
            return jsonify({"error": e.message}), 409
        flash(e.message, "error")
        return redirect(url_for("schedule.timetable_admin"))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(job_status(job)), 202
    flash(_("自动编排已开始，完成后本页自动刷新"), "success")
    return redirect(url_for("schedule.timetable_admin"))


@bp.route("/schedule/jobs/<int:job_id>.json")
@roles(Role.ORGANISER)
def job_json(job_id: int):
    meet = current_meet_or_404()
    job = db.session.get(ScheduleJob, job_id)
    if job is None or job.meet_id != meet.id:
        abort(404)
    return jsonify(job_status(job))


@bp.route("/schedule/units/<int:unit_id>/move", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def unit_move(unit_id: int):
    unit = _unit(unit_id)
    meet = current_meet_or_404()
    venues = list(db.session.scalars(select(Venue).where(Venue.meet_id == meet.id)
                                     .order_by(Venue.sort_order)))
    form = MoveForm()
    form.venue_id.choices = [(v.id, v.name) for v in venues]
    if request.method == "GET" and unit.starts_at:
        start = local(unit.starts_at)
        form.venue_id.data, form.court.data = unit.venue_id, unit.court
        form.day.data, form.start.data = start.date(), start.time()
    conflicts = []
    if form.validate_on_submit():
        venue = db.session.get(Venue, form.venue_id.data)
        start = dt.datetime.combine(form.day.data, form.start.data)
        try:
            accepted = ops.move_unit(unit, venue=venue, start=start, court=form.court.data or "",
                                     override=form.override.data, reason=form.reason.data or "")
        except ops.MoveRefused as e:
            conflicts = e.conflicts
            form.override.errors = [_("该调整会造成冲突，见上方列表；如确需调整请勾选并填写理由")]
        except OperationError as e:
            getattr(form, e.field or "start").errors = [e.message]
        else:
            flash(_("已调整并锁定") + ("，" + _("冲突已记录") if accepted else ""), "success")
            return redirect(url_for("schedule.timetable_admin", _anchor=f"u{unit.id}"))
    return render_template("schedule/timetable_move.html", meet=meet, unit=unit, form=form,
                           conflicts=conflicts, title=ops.unit_title(unit))


@bp.route("/schedule/units/<int:unit_id>/pin", methods=["POST"])
@roles(Role.ORGANISER)
def unit_pin(unit_id: int):
    unit = _unit(unit_id)
    try:
        ops.set_pinned(unit, request.form.get("pinned") == "1")
    except OperationError as e:
        flash(e.message, "error")
    return redirect(url_for("schedule.timetable_admin", _anchor=f"u{unit.id}"))


@bp.route("/schedule/units/<int:unit_id>/unschedule", methods=["POST"])
@roles(Role.ORGANISER)
def unit_unschedule(unit_id: int):
    unit = _unit(unit_id)
    try:
        ops.unschedule(unit)
    except OperationError as e:
        flash(e.message, "error")
    return redirect(url_for("schedule.timetable_admin"))


@bp.route("/schedule/timetable/settings", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def timetable_settings():
    meet = current_meet_or_404()
    s = default_settings(meet)
    form = SettingsForm()
    if request.method == "GET":
        form.process(obj=s)
        form.durations.data = setup.durations_text(s.durations or {})
        form.committee.data = setup.officials_text((s.officials or {}).get("committee", []))
        form.jury.data = setup.officials_text((s.officials or {}).get("jury", []))
        form.referees.data = setup.officials_text((s.officials or {}).get("referees", []))
    if form.validate_on_submit():
        try:
            setup.update_settings(
                meet, rest_minutes=form.rest_minutes.data, round_gap=form.round_gap.data,
                final_gap=form.final_gap.data,
                max_matches_per_team_day=form.max_matches_per_team_day.data,
                solver_seconds=form.solver_seconds.data, durations=form.durations.data or "",
                committee=form.committee.data or "", jury=form.jury.data or "",
                referees=form.referees.data or "",
                order_book_sort=form.order_book_sort.data)
        except OperationError as e:
            getattr(form, e.field or "durations").errors = [e.message]
        else:
            flash(_("编排设置已保存"), "success")
            return redirect(url_for("schedule.timetable_admin"))
    from meet.schedule.problem import DEFAULT_MINUTES

    defaults = _("、").join(f"{setup.duration_name(k)} {v}" for k, v in DEFAULT_MINUTES.items())
    return render_template("schedule/timetable_settings.html", meet=meet, form=form,
                           duration_defaults=defaults)


@bp.route("/schedule/timetable/hours", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def timetable_hours():
    meet = current_meet_or_404()
    venues = list(db.session.scalars(select(Venue).where(Venue.meet_id == meet.id)
                                     .order_by(Venue.sort_order)))
    form = HoursForm()
    form.venue_id.choices = [(v.id, v.name) for v in venues]
    if form.validate_on_submit():
        try:
            setup.set_venue_session(db.session.get(Venue, form.venue_id.data), meet,
                                    form.day.data, form.session.data, form.opens.data,
                                    form.closes.data)
        except OperationError as e:
            getattr(form, e.field or "day").errors = [e.message]
        else:
            flash(_("开放时间已保存"), "success")
            return redirect(url_for("schedule.timetable_hours"))
    rows = db.session.scalars(select(VenueSession).where(
        VenueSession.venue_id.in_([v.id for v in venues]))
        .order_by(VenueSession.day, VenueSession.opens)).all()
    by_venue = {v: [r for r in rows if r.venue_id == v.id] for v in venues}
    return render_template("schedule/timetable_hours.html", meet=meet, form=form,
                           by_venue=by_venue)


@bp.route("/schedule/timetable/hours/<int:row_id>/delete", methods=["POST"])
@roles(Role.ORGANISER)
def timetable_hours_delete(row_id: int):
    meet = current_meet_or_404()
    row = db.session.get(VenueSession, row_id)
    if row is None or row.venue.meet_id != meet.id:
        abort(404)
    setup.remove_venue_session(row)
    flash(_("已删除该时段"), "success")
    return redirect(url_for("schedule.timetable_hours"))


@bp.route("/schedule/timetable/event-venues", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def timetable_event_venues():
    meet = current_meet_or_404()
    venues = list(db.session.scalars(select(Venue).where(Venue.meet_id == meet.id)
                                     .order_by(Venue.sort_order)))
    events = list(db.session.scalars(select(Event).where(Event.meet_id == meet.id)
                                     .order_by(Event.sort_order)))
    form = EventVenuesForm()
    form.venue_ids.choices = [(v.id, v.name) for v in venues]
    failed = None
    if form.validate_on_submit():
        event = db.session.get(Event, form.event_id.data)
        if event is None or event.meet_id != meet.id:
            abort(404)
        chosen = [v for v in venues if v.id in (form.venue_ids.data or [])]
        try:
            setup.set_event_venues(event, chosen, form.first_day.data, form.last_day.data)
        except OperationError as e:
            getattr(form, e.field or "venue_ids").errors = [e.message]
            failed = event.id
        else:
            flash(_("{name}的场地和日期已保存").format(name=event.name), "success")
            return redirect(url_for("schedule.timetable_event_venues", _anchor=f"e{event.id}"))
    elif request.method == "POST":
        failed = form.event_id.data
    links = db.session.scalars(select(EventVenue).where(
        EventVenue.event_id.in_([e.id for e in events]))).all()
    return render_template("schedule/timetable_event_venues.html", meet=meet, events=events,
                           venues=venues, links=links, form=form, failed=failed)
