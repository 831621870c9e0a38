"""Read models of registration pages (a fixed number of queries per page, no N+1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    AgeGroup,
    Delegation,
    DelegationStatus,
    EligibilityRuling,
    Entry,
    EntryMember,
    Event,
    Meet,
    Person,
    PersonRole,
)
from meet.registration import checks, messages
from meet.rules import eligibility as el
from meet.rules.idcard import age_on

STAFF_ORDER = ("leader", "coach", "doctor", "staff")


@dataclass
class Squad:
    event: Event
    entry: Entry
    members: list[Person]
    reserves: list[Person]


@dataclass
class DelegationView:
    delegation: Delegation
    staff: list[Person]
    athletes: list[Person]
    events_of: dict[int, list[Event]]
    squads: dict[int, list[Squad]]  # by event id
    team_events: list[Event]
    rulings: dict[int, EligibilityRuling]
    bands: dict[int, str]  # person id -> age group name
    errors: list[tuple[str, str]] = field(default_factory=list)  # message, fix url


def events_by_code(meet_id: int) -> dict[str, Event]:
    return {e.code: e for e in db.session.scalars(
        select(Event).where(Event.meet_id == meet_id).order_by(Event.sort_order))}


def error_list(delegation: Delegation, people: dict[int, Person] | None = None,
               events: dict[str, Event] | None = None) -> list[tuple[str, str]]:
    """Every remaining error of the delegation, worded, with where to fix it."""
    if people is None:
        people = {p.id: p for p in db.session.scalars(
            select(Person).where(Person.delegation_id == delegation.id))}
    events = events if events is not None else events_by_code(delegation.meet_id)
    return [(messages.describe(e, people, events),
             messages.fix_url(e, delegation.id, people, events))
            for e in checks.delegation_errors(delegation)]


def band_names(meet: Meet, people: list[Person]) -> dict[int, str]:
    rules = checks.entry_rules(meet)
    names = {(b.code, b.gender): b for b in db.session.scalars(
        select(AgeGroup).where(AgeGroup.meet_id == meet.id))}
    out = {}
    for p in people:
        band = el.band_for(rules.age_bands, p.gender, p.birth_date, rules.first_day)
        if band is not None:
            out[p.id] = names.get((band.code, band.gender)) or band
    return out


def delegation_view(meet: Meet, delegation: Delegation) -> DelegationView:
    people = list(db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id).order_by(Person.id)))
    by_id = {p.id: p for p in people}
    events = events_by_code(meet.id)
    entries = db.session.scalars(
        select(Entry).where(Entry.delegation_id == delegation.id)
        .options(selectinload(Entry.members)).order_by(Entry.id)).all()
    event_of = {e.id: e for e in events.values()}
    events_of: dict[int, list[Event]] = defaultdict(list)
    squads: dict[int, list[Squad]] = defaultdict(list)
    for entry in entries:
        event = event_of[entry.event_id]
        for m in entry.members:
            events_of[m.person_id].append(event)
        if event.is_team:
            squads[event.id].append(Squad(
                event, entry, [by_id[m.person_id] for m in entry.members if not m.reserve],
                [by_id[m.person_id] for m in entry.members if m.reserve]))
    for evs in events_of.values():
        evs.sort(key=lambda e: e.sort_order)
    rulings = {r.person_id: r for r in db.session.scalars(
        select(EligibilityRuling).where(EligibilityRuling.person_id.in_(by_id or {-1})))}
    staff = sorted((p for p in people if not p.is_athlete),
                   key=lambda p: (STAFF_ORDER.index(p.role), p.id))
    athletes = [p for p in people if p.is_athlete]
    return DelegationView(
        delegation, staff, athletes, dict(events_of), dict(squads),
        [e for e in events.values() if e.is_team], rulings, band_names(meet, athletes),
        error_list(delegation, by_id, events))


def athlete_options(meet: Meet, delegation: Delegation, person: Person):
    """The events the athlete may enter, as (event, option) in programme order."""
    rules = checks.entry_rules(meet)
    roster, individual, squads, _units = checks.rules_input(delegation)
    events = events_by_code(meet.id)
    return [(events[o.event_code], o) for o in el.eligible_events(
        rules, roster, person.id, individual, squads)]


def squad_candidates(meet: Meet, delegation: Delegation, event: Event) -> list[Person]:
    """Athletes of the delegation whom the event admits (gender and age group)."""
    rules = checks.entry_rules(meet)
    roster, individual, squads, _units = checks.rules_input(delegation)
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id).order_by(Person.id))}
    out = []
    for key, person in people.items():
        options = el.eligible_events(rules, roster, key, individual, squads)
        if any(o.event_code == event.code for o in options):
            out.append(person)
    return out


@dataclass
class ProgressRow:
    delegation: Delegation
    athletes: int
    staff: int
    entries: int
    errors: int


def progress(meet: Meet) -> list[ProgressRow]:
    """Every delegation's state of registration, for the organiser's one page."""
    delegations = db.session.scalars(
        select(Delegation).where(Delegation.meet_id == meet.id)
        .options(selectinload(Delegation.unit_kind)).order_by(Delegation.code)).all()
    roles = db.session.execute(
        select(Person.delegation_id, Person.role, func.count())
        .where(Person.meet_id == meet.id).group_by(Person.delegation_id, Person.role))
    athletes, staff = Counter(), Counter()
    for delegation_id, role, n in roles:
        (athletes if role == PersonRole.ATHLETE.value else staff)[delegation_id] += n
    entries = dict(db.session.execute(
        select(Entry.delegation_id, func.count(EntryMember.id))
        .join(EntryMember, EntryMember.entry_id == Entry.id)
        .join(Delegation, Delegation.id == Entry.delegation_id)
        .where(Delegation.meet_id == meet.id).group_by(Entry.delegation_id)).all())
    rules = checks.entry_rules(meet)
    inputs = checks.rules_inputs(meet)
    return [ProgressRow(d, athletes[d.id], staff[d.id], entries.get(d.id, 0),
                        len(el.validate_entries(rules, *inputs.get(d.id, ([], [], [])))))
            for d in delegations]


def approved_athletes(delegation: Delegation) -> list[tuple[Person, list[Event]]]:
    """The athletes of an approved delegation with their events; none otherwise.
    Disqualified athletes are left out."""
    if delegation.status != DelegationStatus.APPROVED.value:
        return []
    disqualified = select(EligibilityRuling.person_id).where(
        EligibilityRuling.status == "disqualified")
    people = db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id,
                             Person.role == PersonRole.ATHLETE.value,
                             Person.id.not_in(disqualified))
        .order_by(Person.bib, Person.id)).all()
    events_of: dict[int, list[Event]] = defaultdict(list)
    for person_id, event in db.session.execute(
            select(EntryMember.person_id, Event).join(Event, Event.id == EntryMember.event_id)
            .where(EntryMember.person_id.in_([p.id for p in people] or [-1]))
            .order_by(Event.sort_order)):
        events_of[person_id].append(event)
    return [(p, events_of.get(p.id, [])) for p in people]


def age_of(meet: Meet, person: Person) -> int:
    return age_on(person.birth_date, meet.start_date)
