"""An event's published results for the public API: the final classification (EventPlace
rows, one per athlete or squad, with the team points each place earns) and beside it
every round, heat and match with the results of its published units. Nothing that is
not published, and no personal data beyond bib, name and delegation."""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Delegation, Entry, EntryMember, Event, EventPlace, Meet, Result
from meet.rules import standings
from meet.schedule.problem import local
from meet.scoring.progress import event_rounds


def scoring_of(meet: Meet) -> standings.Scoring:
    return standings.Scoring(
        points=tuple(Fraction(str(p)) for p in (meet.points_scheme or standings.TOP8)),
        team_event_multiplier=Fraction(str(meet.team_event_multiplier)),
        record_bonus=Fraction(str(meet.record_bonus or 0)),
        reduce_by_one=bool(meet.minus_one_rule),
    )


def points_number(value: Fraction) -> int | float:
    """5.5 and 7.33, never 5.499999: the decimal ``format_points`` prints."""
    text = standings.format_points(value)
    return float(text) if "." in text else int(text)


def _who(entry: Entry | None, event: Event) -> dict:
    if entry is None:
        return {"entry_id": None, "bib": None, "name": "", "team_id": None, "team": ""}
    starters = [m.person for m in entry.members if not m.reserve]
    team = entry.delegation
    out = {"entry_id": entry.id, "team_id": team.id, "team": team.short_name or team.name}
    if event.is_team:
        out |= {"bib": None, "name": out["team"], "members": [p.name for p in starters]}
    else:
        person = starters[0] if starters else None
        out |= {"bib": person.bib if person else None, "name": person.name if person else ""}
    return out


def _entries(ids: set[int]) -> dict[int, Entry]:
    return {e.id: e for e in db.session.scalars(
        select(Entry).where(Entry.id.in_(ids or {-1}))
        .options(selectinload(Entry.members).selectinload(EntryMember.person),
                 selectinload(Entry.delegation).load_only(Delegation.id, Delegation.name,
                                                          Delegation.short_name)))}


def event_results(event: Event, meet: Meet) -> dict:
    places = list(db.session.scalars(
        select(EventPlace).where(EventPlace.event_id == event.id, EventPlace.published)))
    places.sort(key=lambda p: (p.place is None, p.place or 0, p.entry_id))
    rounds = event_rounds(event.id)
    ids = {p.entry_id for p in places} | {
        s.entry_id for _, units in rounds for u, _ in units for s in u.slots if s.entry_id}
    entries = _entries(ids)
    own = Fraction(str(event.points_multiplier or 1))
    multiplier = own if own != 1 else (True if event.is_team else 1)
    finishes = standings.Event(
        tuple(standings.Finish(p.delegation_id, p.place, multiplier, bool(p.record))
              for p in places),
        entrants=sum(1 for p in places if p.status != "DNS"))
    points = [pts for _, pts in standings.event_points(finishes, scoring_of(meet))]
    results = [
        {"place": p.place, **_who(entries.get(p.entry_id), event), "mark": p.mark,
         "status": p.status, "record": p.record or None, "points": points_number(pts)}
        for p, pts in zip(places, points, strict=True)
    ]
    published_any = any(u.status == "published" for _, units in rounds for u, _ in units)
    return {
        "event_id": event.id, "code": event.code, "name": event.name, "name_en": event.name_en,
        "kind": event.kind, "team_event": event.is_team,
        "status": "final" if places else ("in_progress" if published_any else "not_started"),
        "results": results,
        "rounds": [_round(r, units, entries, event) for r, units in rounds],
    }


def _round(r, units, entries: dict[int, Entry], event: Event) -> dict:
    return {
        "number": r.number, "name": r.name, "stage": r.stage,
        "units": [{
            "number": u.number, "code": u.code or None, "label": u.label, "group": u.group or None,
            "status": "published" if u.status == "published" else "not_published",
            "starts_at": local(u.starts_at).isoformat() if u.starts_at else None,
            "results": _unit_results(u, results, entries, event)
            if u.status == "published" else [],
        } for u, results in units],
    }


def _unit_results(unit, results: list[Result], entries: dict[int, Entry], event: Event):
    by_slot = {r.slot_id: r for r in results}
    rows = []
    for slot in unit.slots:
        r = by_slot.get(slot.id)
        if r is None:
            continue
        rows.append({"position": slot.position, "lane": slot.lane,
                     **_who(entries.get(r.entry_id), event), "place": r.place,
                     "mark": r.mark, "status": r.status, "qualified": r.qualified or None,
                     "detail": _public_detail(r.detail)})
    rows.sort(key=lambda x: (x["place"] is None, x["place"] or 0, x["position"]))
    return rows


def _public_detail(detail: dict) -> dict:
    """Attempts, judges' scores, a card, set scores: what a results board shows."""
    keep = ("attempts", "scores", "card", "sets")
    return {k: detail[k] for k in keep if k in (detail or {})}
