"""The organiser's draw pages (竞赛处 编排抽签): the dashboard of every event, one event's
format and draw, draw all in the background. Public start lists: views_public.py."""

from __future__ import annotations

import threading

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from meet import background
from meet.access import current_meet_or_404, roles
from meet.extensions import db
from meet.models import Event, Role, RoundStatus
from meet.operations import OperationError
from meet.schedule import bp, display, formats, operations, queries
from meet.schedule.forms import DrawForm, FormatForm
from meet.site.queries import entry_counts_by_event

_jobs: dict[int, dict] = {}  # meet id -> {"running", "done", "total", "result"}
_jobs_lock = threading.Lock()


def event_or_404(event_id: int, meet) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or event.meet_id != meet.id:
        abort(404)
    return event


@bp.route("/draws")
@roles(Role.ORGANISER)
def dashboard():
    meet = current_meet_or_404()
    events = list(db.session.scalars(select(Event).where(Event.meet_id == meet.id)
                                     .order_by(Event.sort_order)))
    venues = queries.venues(meet.id)
    formats_of = {e.id: operations.event_settings(e, venues)["format"] for e in events}
    states = queries.event_states(meet.id)
    counts = entry_counts_by_event(meet.id)
    tally = {s: sum(1 for e in events if states.get(e.id, "planned") == s)
             for s in ("planned", "drawn", "published", "complete")}
    return render_template(
        "schedule/draws.html", meet=meet, events=events, formats_of=formats_of,
        states=states, counts=counts, tally=tally, form=DrawForm(),
        format_names=formats.FORMAT_NAMES, job=_jobs.get(meet.id),
        entry_rule=queries.entry_rule(meet))


def _run_draw_all(app, meet_id: int) -> None:
    with app.app_context():
        from meet.models import Meet

        meet = db.session.get(Meet, meet_id)

        def progress(done: int, total: int) -> None:
            with _jobs_lock:
                _jobs[meet_id] |= {"done": done, "total": total}

        try:
            result = operations.draw_all(meet, progress=progress)
        except Exception:  # the page must say it stopped; the log keeps the trace
            current_app.logger.exception("draw all failed")
            result = {"drawn": [], "skipped": [], "refused": [("*", _("抽签中断，请重试。"))]}
        finally:
            db.session.remove()
        with _jobs_lock:
            _jobs[meet_id] |= {"running": False, "result": result}


@bp.route("/draws/all", methods=["POST"])
@roles(Role.ORGANISER)
def draw_all():
    meet = current_meet_or_404()
    if not DrawForm().validate_on_submit():
        abort(400)
    with _jobs_lock:
        if _jobs.get(meet.id, {}).get("running"):
            flash(_("正在抽签，请稍候。"), "warning")
            return redirect(url_for("schedule.dashboard"))
        _jobs[meet.id] = {"running": True, "done": 0, "total": 0, "result": None}
    app = current_app._get_current_object()
    background.start(app, _run_draw_all, app, meet.id, name=f"draw-all-{meet.id}")
    return redirect(url_for("schedule.dashboard"))


@bp.route("/draws/progress.json")
@roles(Role.ORGANISER)
def draw_progress():
    meet = current_meet_or_404()
    job = dict(_jobs.get(meet.id) or {})
    states = queries.event_states(meet.id)
    total = db.session.scalar(select(db.func.count(Event.id)).where(Event.meet_id == meet.id))
    return jsonify({"running": bool(job.get("running")), "done": job.get("done", 0),
                    "total": job.get("total") or total,
                    "drawn": sum(1 for s in states.values() if s != "planned")})


@bp.route("/draws/publish-all", methods=["POST"])
@roles(Role.ORGANISER)
def publish_all():
    meet = current_meet_or_404()
    if not DrawForm().validate_on_submit():
        abort(400)
    states = queries.event_states(meet.id)
    published = 0
    for event_id, status in states.items():
        if status == RoundStatus.DRAWN.value:
            operations.publish_event(db.session.get(Event, event_id))
            published += 1
    flash(_("已公布%(n)s个项目的秩序（签表）。", n=published) if published
          else _("没有待公布的签表。"), "info" if published else "warning")
    return redirect(url_for("schedule.dashboard"))


def _event_page(event, meet, form=None, draw_form=None, status=200):
    venues = queries.venues(meet.id)
    settings = operations.event_settings(event, venues)
    if form is None:
        form = FormatForm().setup(event, venues)
        form.fill(settings)
    rounds = queries.rounds_of(event.id)
    first = rounds[0] if rounds else None
    record = queries.latest_draw(event.id)
    notes = display.note_texts(record.detail.get("notes") if record else [])
    venue = next((v for v in venues if v.id == settings.get("venue_id")), None)
    lane_groups = formats.complete(settings, venue).get("lane_groups")
    # The groups the draw on the page used (kept in its record): the venue may have
    # changed since, and the hint above shows what a new draw would use.
    drawn_groups = (record.detail.get("settings") or {}).get("lane_groups") if record else None
    return render_template(
        "schedule/event_draw.html", meet=meet, event=event, form=form,
        draw_form=draw_form or DrawForm(), settings=settings,
        status=first.status if first else "planned", rounds=display.start_list(
            rounds, only_public=False), notes=notes, records=queries.draw_records(event.id),
        entries=len(queries.draw_entries(event)), entry_rule=queries.entry_rule(meet),
        has_results=queries.has_results(event.id), venues={v.id: v for v in venues},
        format_names=formats.FORMAT_NAMES, preset_names=formats.PRESET_NAMES,
        lane_groups=lane_groups, lane_venue=venue, drawn_groups=drawn_groups,
    ), status


@bp.route("/draws/events/<int:event_id>", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def event_draw(event_id: int):
    meet = current_meet_or_404()
    event = event_or_404(event_id, meet)
    if request.method == "GET":
        return _event_page(event, meet)
    venues = queries.venues(meet.id)
    form = FormatForm().setup(event, venues)
    valid = form.validate_on_submit()
    settings = form.settings(event, venues)  # every field's error at once
    if not valid:
        settings = None
    if settings is None:
        return _event_page(event, meet, form=form, status=422)
    try:
        operations.set_format(event, settings, reason=form.reason.data or "")
    except OperationError as error:
        target = getattr(form, error.field, None) if error.field else None
        if target is not None:
            target.errors = [error.message]
        else:
            flash(error.message, "error")
        return _event_page(event, meet, form=form, status=422)
    flash(_("赛制已保存。"), "info")
    return redirect(url_for("schedule.event_draw", event_id=event.id))


@bp.route("/draws/events/<int:event_id>/draw", methods=["POST"])
@roles(Role.ORGANISER)
def run_draw(event_id: int):
    meet = current_meet_or_404()
    event = event_or_404(event_id, meet)
    form = DrawForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        record = operations.draw_event(event, reason=form.reason.data or "")
    except OperationError as error:
        if error.field == "reason":
            form.reason.errors = [error.message]
            return _event_page(event, meet, draw_form=form, status=422)
        flash(error.message, "error")
        return _event_page(event, meet, draw_form=form, status=422)
    flash(_("%(event)s抽签完成，随机种子 %(seed)s。", event=event.name, seed=record.seed),
          "info")
    return redirect(_back(event))


@bp.route("/draws/events/<int:event_id>/publish", methods=["POST"])
@roles(Role.ORGANISER)
def publish(event_id: int):
    meet = current_meet_or_404()
    event = event_or_404(event_id, meet)
    if not DrawForm().validate_on_submit():
        abort(400)
    try:
        operations.publish_event(event)
    except OperationError as error:
        flash(error.message, "error")
        return _event_page(event, meet, status=422)
    flash(_("%(event)s签表已公布。", event=event.name), "info")
    return redirect(_back(event))


def _back(event: Event) -> str:
    if request.form.get("next") == "dashboard":
        return url_for("schedule.dashboard") + f"#event-{event.id}"
    return url_for("schedule.event_draw", event_id=event.id)


from meet.schedule import views_public  # noqa: E402,F401
