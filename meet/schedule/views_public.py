"""Public start lists (秩序/签表): per event, per delegation, and the draw's replay.

A round is public once the organiser publishes its start list; before that these pages
answer 404 to everyone but the organiser, who sees a preview.
"""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import select

from meet.access import current_meet_or_404, public
from meet.extensions import db
from meet.models import Category, Delegation, DrawRecord, Event, Role, Round
from meet.schedule import bp, display, formats, operations, queries
from meet.schedule.views import event_or_404


def _organiser() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.ORGANISER)


@bp.route("/startlists")
@public
def startlists():
    meet = current_meet_or_404()
    states = queries.event_states(meet.id)
    cats = db.session.scalars(select(Category).where(Category.meet_id == meet.id)
                              .order_by(Category.sort_order))
    listed = [(c, [e for e in c.events if states.get(e.id) in queries.PUBLIC_STATUSES])
              for c in cats]
    delegations = db.session.scalars(select(Delegation).where(Delegation.meet_id == meet.id)
                                     .order_by(Delegation.code))
    return render_template("schedule/startlists.html", meet=meet, listed=listed,
                           delegations=list(delegations))


@bp.route("/startlists/events/<int:event_id>")
@public
def event_startlist(event_id: int):
    meet = current_meet_or_404()
    event = event_or_404(event_id, meet)
    preview = _organiser()
    rounds = display.start_list(queries.rounds_of(event.id), only_public=not preview)
    if not rounds or not (preview or any(r.public for r in rounds)):
        abort(404)
    record = queries.latest_draw(event.id)
    settings = operations.event_settings(event)
    return render_template(
        "schedule/startlist.html", meet=meet, event=event, rounds=rounds, record=record,
        notes=display.note_texts(record.detail.get("notes") if record else []),
        preview=preview and not any(r.public for r in rounds), settings=settings,
        format_names=formats.FORMAT_NAMES, preset_names=formats.PRESET_NAMES)


@bp.route("/startlists/delegations/<int:delegation_id>")
@public
def delegation_startlist(delegation_id: int):
    meet = current_meet_or_404()
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.meet_id != meet.id:
        abort(404)
    rows = queries.delegation_slots(delegation.id)
    ids = {slot.entry_id for _r, _u, slot in rows}
    people = queries.entry_people(ids)
    events = {r.event_id: db.session.get(Event, r.event_id) for r, _u, _s in rows}
    lines = [(events[r.event_id], r, u, s, people.get(s.entry_id, [])) for r, u, s in rows]
    return render_template("schedule/delegation.html", meet=meet, delegation=delegation,
                           lines=lines, source_label=display.source_label)


@bp.route("/startlists/draws/<int:record_id>")
@public
def replay(record_id: int):
    """The draw's seed and inputs, recomputed: anyone can see it comes out the same."""
    meet = current_meet_or_404()
    record = db.session.get(DrawRecord, record_id)
    rnd = db.session.get(Round, record.round_id) if record else None
    event = db.session.get(Event, rnd.event_id) if rnd else None
    if event is None or event.meet_id != meet.id:
        abort(404)
    first = queries.first_round(event.id)
    if not _organiser() and first.status not in queries.PUBLIC_STATUSES:
        abort(404)
    check = operations.replay(record)
    detail = record.detail or {}
    entries = queries.entries_by_id({c[0] for c in detail.get("competitors", [])})
    people = queries.entry_people(set(entries))
    return render_template("schedule/replay.html", meet=meet, event=event, record=record,
                           check=check, detail=detail, entries=entries, people=people,
                           notes=display.note_texts(detail.get("notes")),
                           format_names=formats.FORMAT_NAMES)
