import re
from typing import NoReturn

from flask import abort, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest

from meet.access import current_meet, public
from meet.api import bp
from meet.api.openapi import document
from meet.extensions import db
from meet.models import Delegation, Event
from meet.routing import ROW_ID_MAX
from meet.site.queries import athlete_counts, entry_counts_by_event


@bp.route("/teams")
@public
def teams():
    meet = current_meet()
    if meet is None:
        return jsonify([])
    counts = athlete_counts(meet.id)
    rows = db.session.scalars(
        select(Delegation)
        .where(Delegation.meet_id == meet.id)
        .options(selectinload(Delegation.unit_kind))
        .order_by(Delegation.code)
    )
    return jsonify(
        [
            {
                "id": d.id,
                "code": d.code,
                "name": d.name,
                "short_name": d.short_name,
                "name_en": d.name_en,
                "unit_kind": d.unit_kind.code,
                "unit_kind_name": d.unit_kind.name,
                "athletes": counts.get(d.id, 0),
            }
            for d in rows
        ]
    )


@bp.route("/teams/<int:delegation_id>/athletes")
@public
def team_athletes(delegation_id: int):
    """A delegation's approved athletes: bib, name, gender, events; no personal data."""
    from meet.registration.queries import approved_athletes

    meet = current_meet()
    delegation = db.session.get(Delegation, delegation_id)
    if meet is None or delegation is None or delegation.meet_id != meet.id:
        abort(404)
    return jsonify([
        {
            "bib": person.bib,
            "name": person.name,
            "gender": person.gender,
            "events": [{"code": e.code, "name": e.name, "name_en": e.name_en} for e in events],
        }
        for person, events in approved_athletes(delegation)
    ])


@bp.route("/events")
@public
def events():
    meet = current_meet()
    if meet is None:
        return jsonify([])
    counts = entry_counts_by_event(meet.id)
    rows = db.session.scalars(
        select(Event)
        .where(Event.meet_id == meet.id)
        .options(selectinload(Event.category))
        .order_by(Event.sort_order)
    )
    return jsonify(
        [
            {
                "id": e.id,
                "code": e.code,
                "name": e.name,
                "name_en": e.name_en,
                "category": e.category.code,
                "category_name": e.category.name,
                "kind": e.kind,
                "gender": e.gender,
                "age_group": e.age_group_code,
                "team_event": e.is_team,
                "entries": counts.get(e.id, 0),
            }
            for e in rows
        ]
    )


@bp.route("/standings")
@public
def standings():
    """Both tables from published results, computed once per change; ETag from the
    results generation, ``If-None-Match`` answered with 304."""
    from flask import Response

    from meet.standings import live, tables

    meet = current_meet()
    if meet is None:
        return jsonify(medals=[], points=[])
    snap = tables.snapshot(meet)
    etag = f"s{meet.id}-{snap.generation}"
    cached = live.not_modified(etag)
    if cached is not None:
        return cached
    response = Response(snap.api_body, mimetype="application/json")
    return live.tagged(response, etag, vary_cookie=False)


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(document(request.url_root.rstrip("/") + "/api/v1"))


@bp.route("/events/<int:event_id>/startlist")
@public
def event_startlist(event_id: int):
    """Published rounds of an event: units with bibs, names, delegation, lane, order."""
    from flask import abort

    from meet.schedule import display, queries

    meet = current_meet()
    event = db.session.get(Event, event_id) if meet else None
    if event is None or event.meet_id != meet.id:
        abort(404)
    rounds = display.start_list(queries.rounds_of(event.id), only_public=True)
    if not rounds:
        abort(404)
    return jsonify({
        "event_id": event.id, "code": event.code, "name": event.name,
        "rounds": [{
            "number": r.number, "name": r.name, "stage": r.stage, "status": r.status,
            "units": [{
                "number": u.number, "code": u.code, "label": u.label, "group": u.group,
                "slots": [{
                    "position": line.position, "lane": line.lane, "entry_id": line.entry_id,
                    "bibs": line.bibs,
                    "names": line.names, "delegation": line.delegation,
                    "delegation_id": line.delegation_id, "source": line.source,
                    "qualified": line.qualified,
                } for line in u.lines],
            } for u in r.units],
        } for r in rounds],
    })


@bp.route("/schedule")
@public
def schedule():
    """Every scheduled unit: event, round, venue, start and end (ISO 8601, +08:00), and
    the bib of every participant, squad members included (once its start list is public).
    Filters: ``day`` (YYYY-MM-DD), ``venue_id``, ``delegation_id``."""
    import datetime as dt

    from meet.schedule import listing

    day = request.args.get("day")
    wanted = None
    if day is not None:
        try:
            wanted = dt.date.fromisoformat(day) if DAY.fullmatch(day) else None
        except ValueError:
            pass
        if wanted is None:
            _bad_filter(_("day 须为日期，格式 YYYY-MM-DD，例如 2027-05-01"))
    venue_id = _row_id_filter("venue_id")
    delegation_id = _row_id_filter("delegation_id")
    meet = current_meet()
    if meet is None:
        return jsonify([])
    result = listing.items(meet)
    if wanted:
        result = [i for i in result if i.day == wanted]
    if venue_id:
        result = [i for i in result if i.venue and i.venue.id == venue_id]
    if delegation_id:
        result = listing.for_delegation(result, delegation_id)
    return jsonify([{
        "unit_id": i.unit.id, "event_id": i.event.id, "event": i.event.name,
        "round": i.round.name, "round_number": i.round.number, "unit": i.unit.label,
        "venue": i.venue.name if i.venue else None, "venue_id": i.venue.id if i.venue else None,
        "court": i.unit.court or None, "start": i.start.isoformat(), "end": i.end.isoformat(),
        "status": i.unit.status, "bibs": i.bibs if i.lineup_public else [],
    } for i in result])


DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ROW_ID = re.compile(r"[1-9][0-9]{0,9}")


def _bad_filter(message: str) -> NoReturn:
    """400 with the message in the JSON error (which filter, what it must be)."""
    error = BadRequest(description=message)
    error.meet_message = True
    raise error


def _row_id_filter(name: str) -> int | None:
    """A row id in the query; absent is no filter, anything but an id (1..2**31-1) is a
    400 (not silently ignored: ``venue_id=abc`` must not answer with the whole timetable)."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if not ROW_ID.fullmatch(raw) or int(raw) > ROW_ID_MAX:
        _bad_filter(_("%(name)s 须为 1 至 %(max)d 的整数", name=name, max=ROW_ID_MAX))
    return int(raw)


@bp.route("/teams/<int:delegation_id>/schedule.ics")
@public
def team_schedule_ics(delegation_id: int):
    """The delegation's timetable as an iCalendar feed (same as the public page's)."""
    from meet.schedule.views_timetable_public import public_timetable_ics

    return public_timetable_ics(delegation_id)


@bp.route("/events/<int:event_id>/results")
@public
def event_results(event_id: int):
    """Published results of an event: final places with points, rounds beside them."""
    from meet.scoring.public import event_results as build

    meet = current_meet()
    event = db.session.get(Event, event_id) if meet else None
    if event is None or event.meet_id != meet.id:
        abort(404)
    return jsonify(build(event, meet))
