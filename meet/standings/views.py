"""Public pages of the standings (no login): medal table, team points, results by event
and round, delegations, athletes by bib, records, honours, the big screen, the live
channel, exports and the results book. Every page answers ``If-None-Match`` with 304
(:func:`meet.standings.live.conditional_page`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import (
    Response,
    abort,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from meet.access import current_meet, current_meet_or_404, public
from meet.extensions import db
from meet.i18n import is_english
from meet.models import Delegation, Event
from meet.standings import bp, exports, live, operations, queries, tables
from meet.standings.forms import AWARD_NAMES, BibSearchForm


@bp.app_template_filter("team_name")
def team_name(team) -> str:
    """A delegation's short name in Chinese, its English name in English if it has one."""
    if is_english() and getattr(team, "name_en", ""):
        return team.name_en
    return team.short_name or team.name


def _scope(snap: tables.Snapshot) -> str:
    key = request.args.get("scope", "all")
    return key if key in snap.medals else "all"


def latest_results(meet, snap: tables.Snapshot, count: int, top: int = 3) -> list:
    ids = snap.published_events[:count]
    events = {e.id: e for e in db.session.scalars(db.select(Event).where(Event.id.in_(ids)))}
    places = queries.final_places_of(ids)
    return [(events[eid], places[eid][:top]) for eid in ids if eid in events]


def _context(meet, snap: tables.Snapshot, **kw) -> dict:
    gen, reg = tables.generations(meet.id)
    return dict(meet=meet, snap=snap, live_gen=f"{gen}-{reg}", award_names=AWARD_NAMES,
                format_points=exports.format_points, **kw)


@bp.route("/medals")
@public
@live.conditional_page()
def medals():
    meet = current_meet_or_404()
    snap = tables.snapshot(meet)
    scope = _scope(snap)
    return render_template("standings/medals.html", **_context(meet, snap, scope=scope,
                                                               lines=snap.medals[scope]))


@bp.route("/points")
@public
@live.conditional_page()
def points():
    meet = current_meet_or_404()
    snap = tables.snapshot(meet)
    scope = _scope(snap)
    settings = tables.state(meet.id)
    return render_template("standings/points.html", **_context(
        meet, snap, scope=scope, lines=snap.points[scope], settings=settings,
        scheme=[exports.format_points(p) for p in tables.scoring_of(meet, settings).points]))


@bp.route("/results")
@public
@live.conditional_page()
def results_index():
    meet = current_meet_or_404()
    snap = tables.snapshot(meet)
    published = set(snap.published_events)
    return render_template("standings/results_index.html", **_context(
        meet, snap, events=queries.events_in_order(meet.id), published=published,
        latest=latest_results(meet, snap, 6)))


@bp.route("/results/<int:event_id>")
@public
@live.conditional_page()
def event_results(event_id: int):
    meet = current_meet_or_404()
    event = db.session.get(Event, event_id)
    if event is None or event.meet_id != meet.id:
        abort(404)
    snap = tables.snapshot(meet)
    return render_template("standings/event.html", **_context(
        meet, snap, event=event, places=queries.final_places(event.id),
        rounds=queries.rounds_with_results(event.id),
        record=queries.standing_records(meet.id).get(event.id)))


@bp.route("/delegations/<int:delegation_id>")
@public
@live.conditional_page()
def delegation(delegation_id: int):
    meet = current_meet_or_404()
    d = db.session.get(Delegation, delegation_id)
    if d is None or d.meet_id != meet.id:
        abort(404)
    snap = tables.snapshot(meet)
    return render_template("standings/delegation.html", **_context(
        meet, snap, delegation=d, athletes=queries.delegation_athletes(d),
        places=queries.delegation_places(d.id), medal=snap.medal_line(d.id),
        points_line=snap.points_line(d.id),
        awards=[a for kind in queries.awards(meet.id).values() for a in kind
                if a.delegation_id == d.id]))


@bp.route("/athletes")
@public
def athlete_search():
    meet = current_meet_or_404()
    form = BibSearchForm(request.args)
    person = None
    if request.args and form.validate():
        person = queries.athlete(meet, form.bib.data)
        if person is not None:
            return redirect(url_for("standings.athlete", bib=person.bib))
        form.bib.errors.append(_("没有号码为 %(bib)s 的运动员。", bib=form.bib.data.strip()))
    snap = tables.snapshot(meet)
    return render_template("standings/athlete_search.html", **_context(meet, snap, form=form))


@bp.route("/athletes/<bib>")
@public
@live.conditional_page()
def athlete(bib: str):
    meet = current_meet_or_404()
    person = queries.athlete(meet, bib)
    if person is None:
        abort(404)
    snap = tables.snapshot(meet)
    return render_template("standings/athlete.html", **_context(
        meet, snap, person=person, rows=queries.athlete_results(person),
        form=BibSearchForm(data={"bib": ""})))


@bp.route("/records")
@public
@live.conditional_page()
def records():
    meet = current_meet_or_404()
    snap = tables.snapshot(meet)
    new = {}
    labels = queries.entry_labels({r[1] for r in snap.new_records})
    for event_id, entry_id, _d, mark in snap.new_records:
        new.setdefault(event_id, []).append((labels[entry_id], mark))
    return render_template("standings/records.html", **_context(
        meet, snap, events=queries.events_in_order(meet.id),
        standing=queries.standing_records(meet.id), new=new))


@bp.route("/awards")
@public
@live.conditional_page()
def awards():
    meet = current_meet_or_404()
    snap = tables.snapshot(meet)
    return render_template("standings/awards.html", **_context(
        meet, snap, awards=queries.awards(meet.id)))


def _minute(**_kw) -> int:
    return int(dt.datetime.now(dt.UTC).timestamp() // 60)


@bp.route("/bigscreen")
@public
@live.conditional_page(extra=_minute)
def bigscreen():
    meet = current_meet_or_404()
    snap = tables.snapshot(meet)
    on, nxt = queries.now_and_next(meet, dt.datetime.now(dt.UTC), upcoming=5)
    return render_template("standings/bigscreen.html", **_context(
        meet, snap, latest=latest_results(meet, snap, 4, top=6), on=on, nxt=nxt,
        rotate_ms=min(max(request.args.get("rotate", 12, type=int), 4), 120) * 1000))


@bp.route("/live")
@public
def live_generation():
    meet = current_meet()
    return live.generation_response(meet.id if meet else None)


@bp.route("/export/<name>.<fmt>")
@public
def export(name: str, fmt: str):
    meet = current_meet_or_404()
    if fmt not in ("csv", "xlsx"):
        abort(404)
    snap = tables.snapshot(meet)
    etag = live.page_etag(meet.id, request.full_path, "export")
    cached = live.not_modified(etag)
    if cached is not None:
        return cached
    table = exports.table(name, meet, snap, _scope(snap))
    if table is None:
        abort(404)
    response = exports.respond(table, fmt)
    return live.tagged(response, etag)


@bp.route("/results-book.pdf")
@public
def results_book():
    """The last built results book, once the organiser has published it; never built
    inside the request (a build runs in the background and the page says so)."""
    meet = current_meet_or_404()
    st = tables.state(meet.id)
    if not st.results_book_public:
        abort(404)
    built = operations.last_built(meet.id, "results_book")
    if built is None or not built.path or not Path(built.path).is_file():
        if operations.running(meet.id, "results_book") is None:
            operations.start_build(meet, "results_book", {}, audited=False)
        snap = tables.snapshot(meet)
        page = render_template("standings/book_pending.html", **_context(meet, snap))
        return Response(page, 503, {"Retry-After": "10"})
    etag = f"book-{built.id}"
    cached = live.not_modified(etag)
    if cached is not None:
        return cached
    response = send_file(built.path, mimetype="application/pdf", conditional=False,
                         download_name=f"{meet.short_name or meet.name}成绩册.pdf",
                         as_attachment=False)
    return live.tagged(response, etag, vary_cookie=False)
