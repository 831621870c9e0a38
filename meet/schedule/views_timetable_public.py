"""Public timetable pages (by day, by venue, now and next, per delegation, per athlete),
the iCalendar feed per delegation, and the order book (秩序册) downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from meet.access import current_meet_or_404, public, roles
from meet.models import Role
from meet.operations import OperationError
from meet.schedule import bp, ical, jobs, listing
from meet.schedule import timetable_setup as setup
from meet.schedule.problem import CST, default_settings, local
from meet.schedule.views_timetable import job_status


def _parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@bp.route("/timetable")
@public
def public_timetable():
    meet = current_meet_or_404()
    result = listing.items(meet)
    days = listing.days(result)
    day = _parse_day(request.args.get("day"))
    if day not in days:
        today = dt.datetime.now(CST).date()
        day = today if today in days else (days[0] if days else None)
    shown = [i for i in result if i.day == day]
    return render_template("schedule/timetable_public.html", view="day", meet=meet,
                           items=shown, days=days, day=day,
                           venues=list(listing.by_venue(result)),
                           delegations=_delegations(meet))


@bp.route("/timetable/venues/<int:venue_id>")
@public
def public_timetable_venue(venue_id: int):
    meet = current_meet_or_404()
    result = listing.items(meet)
    groups = listing.by_venue(result)
    venue = next((v for v in groups if v.id == venue_id), None)
    if venue is None:
        abort(404)
    return render_template("schedule/timetable_public.html", view="venue", meet=meet,
                           items=groups[venue], venue=venue, venues=list(groups),
                           days=listing.days(result), delegations=_delegations(meet))


@bp.route("/timetable/now")
@public
def public_timetable_now():
    meet = current_meet_or_404()
    at = request.args.get("at", "")
    try:
        now = dt.datetime.fromisoformat(at).replace(tzinfo=CST) if at else dt.datetime.now(CST)
    except ValueError:
        now = dt.datetime.now(CST)
    current, upcoming = listing.now_and_next(listing.items(meet), now)
    return render_template("schedule/timetable_now.html", meet=meet, now=now,
                           current=current, upcoming=upcoming)


@bp.route("/timetable/delegations/<int:delegation_id>")
@public
def public_timetable_delegation(delegation_id: int):
    meet = current_meet_or_404()
    delegation = listing.delegation(meet, delegation_id) or abort(404)
    shown = listing.for_delegation(listing.items(meet), delegation.id)
    return render_template("schedule/timetable_public.html", view="delegation", meet=meet,
                           items=shown, delegation=delegation, days=listing.days(shown),
                           delegations=_delegations(meet))


@bp.route("/timetable/delegations/<int:delegation_id>.ics")
@public
def public_timetable_ics(delegation_id: int):
    meet = current_meet_or_404()
    delegation = listing.delegation(meet, delegation_id) or abort(404)
    shown = listing.for_delegation(listing.items(meet), delegation.id)

    def describe(item):
        if not item.lineup_public:
            return ""
        ours = [f"{p.bib or ''} {p.name}".strip() for p in item.persons
                if p.delegation_id == delegation.id]
        return "、".join(ours) if ours else _("可能晋级的场次")

    body = ical.calendar(f"{meet.short_name or meet.name} · {delegation.display_name}", shown,
                         request.host.split(":")[0] or "meet", describe=describe)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f"inline; filename=delegation-{delegation.code}.ics"})


@bp.route("/timetable/athlete")
@public
def public_timetable_athlete():
    meet = current_meet_or_404()
    bib = (request.args.get("bib") or "").strip()
    person = listing.person_by_bib(meet, bib) if bib else None
    error = _("没有找到号码为 {bib} 的运动员").format(bib=bib) if bib and person is None else ""
    shown = listing.for_person(listing.items(meet), person.id) if person else []
    return render_template("schedule/timetable_public.html", view="athlete", meet=meet,
                           items=shown, person=person, bib=bib, error=error,
                           days=listing.days(shown), delegations=_delegations(meet))


def _delegations(meet):
    from meet.site.queries import delegations

    return delegations(meet.id)


# -- the order book --------------------------------------------------------------------

def _may_read_book(meet) -> bool:
    return default_settings(meet).order_book_published or (
        current_user.is_authenticated and current_user.has_role(Role.ORGANISER))


def _serve(meet, key: str, mimetype: str, download: str, delegation_id: int | None = None):
    if not _may_read_book(meet):
        abort(404)
    done = jobs.last_done(meet.id, "order_book")
    path = None
    if done:
        files = done.files or {}
        path = files.get("delegations", {}).get(str(delegation_id)) if delegation_id \
            else files.get(key)
    if not path or not Path(path).is_file():
        # Never built, or the built file is gone (a restore, a cleaned folder): build
        # again rather than answer "building" for ever.
        if not jobs.active_job(meet.id, "order_book"):
            try:
                jobs.start(meet, "order_book")
            except OperationError:
                pass
        response = Response(render_template("schedule/orderbook_building.html", meet=meet),
                            status=503)
        response.headers["Retry-After"] = "15"
        return response
    response = send_file(path, mimetype=mimetype, download_name=download,
                         as_attachment=key == "xlsx", max_age=0)
    built = local(done.finished_at)
    response.headers["X-Built-At"] = built.isoformat()
    response.last_modified = built
    return response


@bp.route("/order-book.pdf")
@public
def order_book_pdf():
    meet = current_meet_or_404()
    return _serve(meet, "pdf", "application/pdf", f"{meet.name}秩序册.pdf")


@bp.route("/order-book.xlsx")
@public
def order_book_xlsx():
    meet = current_meet_or_404()
    return _serve(meet, "xlsx",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  f"{meet.name}秩序册.xlsx")


@bp.route("/order-book/delegations/<int:delegation_id>.pdf")
@public
def order_book_delegation(delegation_id: int):
    meet = current_meet_or_404()
    delegation = listing.delegation(meet, delegation_id) or abort(404)
    return _serve(meet, "delegation", "application/pdf",
                  f"{delegation.name}竞赛分组.pdf", delegation.id)


@bp.route("/schedule/order-book")
@roles(Role.ORGANISER)
def order_book_admin():
    meet = current_meet_or_404()
    return render_template("schedule/orderbook_admin.html", meet=meet,
                           settings=default_settings(meet),
                           built=jobs.last_done(meet.id, "order_book"),
                           job=job_status(jobs.last_job(meet.id, "order_book")),
                           delegations=_delegations(meet))


@bp.route("/schedule/order-book/publish", methods=["POST"])
@roles(Role.ORGANISER)
def order_book_publish():
    meet = current_meet_or_404()
    published = request.form.get("published") == "1"
    setup.publish_order_book(meet, published)
    flash(_("秩序册已公布，正在后台生成") if published else _("秩序册已撤回，不再公开"), "success")
    return redirect(url_for("schedule.order_book_admin"))


@bp.route("/schedule/order-book/build", methods=["POST"])
@roles(Role.ORGANISER)
def order_book_build():
    meet = current_meet_or_404()
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        job = jobs.start(meet, "order_book")
    except OperationError as e:
        if wants_json:
            return jsonify({"error": e.message}), 409
        flash(e.message, "error")
    else:
        if wants_json:
            return jsonify(job_status(job)), 202
        flash(_("秩序册正在后台生成"), "success")
    return redirect(url_for("schedule.order_book_admin"))


@bp.app_template_filter("unit_time")
def unit_time(moment: dt.datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    """A unit's start or end in China time, on either database: SQLite hands the stored
    wall time back without its zone, PostgreSQL an instant in UTC (Babel's
    ``format_datetime`` read the first as UTC, 08:00 showed as 16:00; ``strftime`` printed
    the second in UTC, 08:00 as 00:00)."""
    return local(moment).strftime(fmt) if moment is not None else ""
