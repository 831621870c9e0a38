from flask import abort, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.access import current_meet, public
from meet.api import bp
from meet.api.openapi import document
from meet.extensions import db
from meet.models import Delegation, Event
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


@bp.route("/openapi.json")
@public
def openapi():
    return jsonify(document(request.url_root.rstrip("/") + "/api/v1"))
