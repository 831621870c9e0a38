"""Read-only queries of the public pages: what is on now and next, an event's published
results round by round, a delegation's and an athlete's page, records and honours.

Spectators see only what is published: results of units whose status is ``published``
and final places with ``published`` set. No ID number or phone leaves this module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    Award,
    Category,
    Delegation,
    Entry,
    EntryMember,
    Event,
    EventPlace,
    Meet,
    MeetRecord,
    Person,
    Result,
    Role,
    Round,
    Unit,
    User,
)
from meet.models.competition import UnitStatus
from meet.rules import sportsmanship

GENDER_ORDER = {"M": 0, "F": 1, "X": 2, "O": 3}


@dataclass
class Line:
    """One entry's line in a result list."""

    place: int | None
    names: str
    delegation: Delegation
    mark: str
    status: str
    record: str
    entry_id: int
    extra: str = ""
    bibs: str = ""


def events_in_order(meet_id: int) -> list[Event]:
    """The regulations' order: category by category, men before women, then as listed."""
    events = db.session.scalars(
        select(Event).join(Category).where(Event.meet_id == meet_id)
        .options(selectinload(Event.category))
    ).all()
    return sorted(events, key=lambda e: (e.category.sort_order, e.category_id,
                                         GENDER_ORDER.get(e.gender, 9), e.sort_order, e.id))


def entry_labels(entry_ids: set[int]) -> dict[int, tuple[str, str, Delegation]]:
    """entry id -> (names, bibs, delegation). A squad shows its delegation and starters."""
    if not entry_ids:
        return {}
    entries = db.session.scalars(
        select(Entry).where(Entry.id.in_(entry_ids)).options(
            selectinload(Entry.members).selectinload(EntryMember.person),
            selectinload(Entry.delegation), selectinload(Entry.event))
    ).all()
    out = {}
    for en in entries:
        people = [m.person for m in en.members if not m.reserve]
        if en.event.is_team:
            names = en.delegation.display_name
            bibs = "、".join(p.name for p in people)
        else:
            names = "、".join(p.name for p in people) or en.delegation.display_name
            bibs = " ".join(p.bib or "" for p in people)
        out[en.id] = (names, bibs, en.delegation)
    return out


def final_places(event_id: int) -> list[Line]:
    return final_places_of([event_id])[event_id]


def final_places_of(event_ids: list[int]) -> dict[int, list[Line]]:
    """The published final places of several events in a fixed number of queries (the
    latest results on the home page, the results index and the big screen, which every
    phone refetches when a result is published)."""
    rows = db.session.scalars(
        select(EventPlace).where(EventPlace.event_id.in_(event_ids or [-1]),
                                 EventPlace.published.is_(True))
    ).all()
    labels = entry_labels({r.entry_id for r in rows})
    out: dict[int, list[Line]] = {eid: [] for eid in event_ids}
    for r in rows:
        out[r.event_id].append(Line(r.place, labels[r.entry_id][0], labels[r.entry_id][2],
                                    r.mark, r.status, r.record, r.entry_id,
                                    bibs=labels[r.entry_id][1]))
    return {eid: sorted(lines, key=lambda ln: (ln.place is None, ln.place or 0, ln.names))
            for eid, lines in out.items()}


def rounds_with_results(event_id: int) -> list[tuple[Round, list[tuple[Unit, list[Line]]]]]:
    """Each round with its published units and their result lines, in order."""
    rounds = db.session.scalars(
        select(Round).where(Round.event_id == event_id).order_by(Round.number)
        .options(selectinload(Round.units))
    ).all()
    unit_ids = [u.id for r in rounds for u in r.units if u.status == UnitStatus.PUBLISHED.value]
    results = db.session.scalars(select(Result).where(Result.unit_id.in_(unit_ids))).all() \
        if unit_ids else []
    labels = entry_labels({r.entry_id for r in results if r.entry_id})
    by_unit: dict[int, list[Line]] = defaultdict(list)
    for r in results:
        if r.entry_id is None:
            continue
        names, bibs, delegation = labels[r.entry_id]
        extra = r.qualified or ""
        by_unit[r.unit_id].append(Line(r.place, names, delegation, r.mark, r.status, r.record,
                                       r.entry_id, extra, bibs))
    out = []
    for rnd in rounds:
        units = [(u, sorted(by_unit[u.id], key=lambda ln: (ln.place is None, ln.place or 0,
                                                           ln.names)))
                 for u in rnd.units if u.status == UnitStatus.PUBLISHED.value]
        if units:
            out.append((rnd, units))
    return out


def now_and_next(meet: Meet, now: dt.datetime, upcoming: int = 6) -> tuple[list, list]:
    """Units on now (started, not yet ended) and the next ones to start."""
    base = select(Unit).join(Event).where(Event.meet_id == meet.id, Unit.starts_at.is_not(None)) \
        .options(selectinload(Unit.event), selectinload(Unit.venue), selectinload(Unit.round))
    on = db.session.scalars(base.where(Unit.starts_at <= now, Unit.ends_at > now)
                            .order_by(Unit.starts_at).limit(12)).all()
    on = [u for u in on if u.status != UnitStatus.PUBLISHED.value]
    nxt = db.session.scalars(base.where(Unit.starts_at > now)
                             .order_by(Unit.starts_at, Unit.id).limit(upcoming)).all()
    return on, nxt


def delegation_athletes(delegation: Delegation) -> list[tuple[Person, list[Event]]]:
    people = db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id,
                             Person.role == "athlete").order_by(Person.bib, Person.id)
    ).all()
    events: dict[int, list[Event]] = defaultdict(list)
    for m in db.session.scalars(
            select(EntryMember).join(Entry).where(Entry.delegation_id == delegation.id)
            .options(selectinload(EntryMember.entry).selectinload(Entry.event))):
        events[m.person_id].append(m.entry.event)
    return [(p, sorted(events[p.id], key=lambda e: e.sort_order)) for p in people]


def delegation_places(delegation_id: int) -> list[tuple[Event, EventPlace]]:
    rows = db.session.execute(
        select(Event, EventPlace).join(EventPlace, EventPlace.event_id == Event.id)
        .where(EventPlace.delegation_id == delegation_id, EventPlace.published.is_(True))
        .order_by(Event.sort_order)
    ).all()
    return sorted([(e, p) for e, p in rows],
                  key=lambda ep: (ep[1].place is None, ep[1].place or 0, ep[0].sort_order))


def athlete(meet: Meet, bib: str) -> Person | None:
    bib = (bib or "").strip()
    if not bib:
        return None
    p = db.session.scalars(select(Person).where(Person.meet_id == meet.id, Person.bib == bib,
                                                Person.role == "athlete")).first()
    return p


def athlete_results(person: Person) -> list[tuple[Event, EventPlace | None, list[Result]]]:
    entries = db.session.scalars(
        select(Entry).join(EntryMember).where(EntryMember.person_id == person.id)
        .options(selectinload(Entry.event))).all()
    out = []
    for en in sorted(entries, key=lambda e: e.event.sort_order):
        place = db.session.scalars(select(EventPlace).where(
            EventPlace.entry_id == en.id, EventPlace.published.is_(True))).first()
        results = db.session.scalars(
            select(Result).join(Unit, Unit.id == Result.unit_id)
            .where(Result.entry_id == en.id, Unit.status == UnitStatus.PUBLISHED.value)
            .order_by(Unit.round_id, Unit.number)).all()
        out.append((en.event, place, results))
    return out


def standing_records(meet_id: int) -> dict[int, MeetRecord]:
    return {r.event_id: r for r in db.session.scalars(
        select(MeetRecord).where(MeetRecord.meet_id == meet_id))}


def awards(meet_id: int) -> dict[str, list[Award]]:
    out: dict[str, list[Award]] = defaultdict(list)
    for a in db.session.scalars(
            select(Award).where(Award.meet_id == meet_id).order_by(Award.id)
            .options(selectinload(Award.delegation), selectinload(Award.person),
                     selectinload(Award.user))):
        out[a.kind].append(a)
    return out


def referees(meet_id: int) -> list[User]:
    return db.session.scalars(select(User).where(
        User.role.in_((Role.REFEREE.value, Role.CHIEF.value)),
        (User.meet_id == meet_id) | User.meet_id.is_(None)).order_by(User.username)).all()


def outcomes(meet_id: int) -> list[sportsmanship.Outcome]:
    """Every published result and final place as the sportsmanship rule reads it. A DNS
    is excused when the referee recorded why (``status_rule`` or ``detail['excuse']``)."""
    found = []
    rows = db.session.execute(
        select(Result.status, Result.status_rule, Result.detail, Entry.id, Entry.delegation_id)
        .join(Unit, Unit.id == Result.unit_id).join(Entry, Entry.id == Result.entry_id)
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet_id, Unit.status == UnitStatus.PUBLISHED.value,
               Result.status.in_(("DNS", "DQ")))
    ).all()
    members: dict[int, list[int]] = defaultdict(list)
    ids = {r[3] for r in rows}
    if ids:
        for m in db.session.scalars(select(EntryMember).where(EntryMember.entry_id.in_(ids))):
            members[m.entry_id].append(m.person_id)
    for status, rule, detail, entry_id, delegation_id in rows:
        excuse = (detail or {}).get("excuse", "") if isinstance(detail, dict) else ""
        found.append(sportsmanship.Outcome(
            delegation_id, tuple(members[entry_id]), status, rule or "",
            excused=bool((rule or "").strip() or excuse)))
    return found


def eligible(meet_id: int) -> tuple[list[Delegation], list[Person], dict, dict]:
    delegations = db.session.scalars(select(Delegation).where(
        Delegation.meet_id == meet_id).order_by(Delegation.code)).all()
    people = db.session.scalars(select(Person).where(
        Person.meet_id == meet_id, Person.role == "athlete").order_by(Person.bib)).all()
    found = outcomes(meet_id)
    ok_d, ok_a = sportsmanship.eligible([d.id for d in delegations],
                                        [(p.id, p.delegation_id) for p in people], found)
    bad_d, bad_a = sportsmanship.barred(found)
    ok_d, ok_a = set(ok_d), set(ok_a)
    return ([d for d in delegations if d.id in ok_d], [p for p in people if p.id in ok_a],
            bad_d, bad_a)
