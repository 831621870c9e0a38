"""The meet's entry rules read from the database, and one delegation checked against them.

The rules themselves live in :mod:`meet.rules.eligibility`; this module only turns rows
into the records it takes, so every check (the leader's error page, approval, the Excel
upload, the demo data) asks the same validator.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    AgeGroup,
    Delegation,
    Entry,
    EntryMember,
    Event,
    Meet,
    MemberUnit,
    Person,
)
from meet.rules import eligibility as el


def entry_rules(meet: Meet) -> el.EntryRules:
    events = db.session.scalars(
        select(Event).where(Event.meet_id == meet.id).order_by(Event.sort_order)
    )
    bands = db.session.scalars(select(AgeGroup).where(AgeGroup.meet_id == meet.id))
    rules = []
    for e in events:
        counts, legs = el.split_composition(e.composition or {})
        rules.append(el.EventRule(
            e.code, e.gender, e.age_group_code, e.is_team, e.squad_min, e.squad_max,
            e.reserves, counts, legs, e.per_team_limit,
        ))
    return el.EntryRules(
        first_day=meet.start_date,
        events=tuple(rules),
        age_bands=tuple(
            el.AgeBand(b.code, b.name, b.gender, b.min_age, b.max_age, b.name_en) for b in bands
        ) or el.DEFAULT_AGE_BANDS,
        max_individual_events_per_athlete=meet.max_events_per_athlete,
        athletes_per_individual_event=meet.athletes_per_event,
        max_athletes=meet.max_athletes_per_delegation,
        staff_limits=meet.staff_limits,
    )


def member_units(delegation: Delegation) -> tuple[str, ...] | None:
    """A joint team's (联队) member units, None for a delegation of one unit."""
    if not delegation.joint:
        return None
    return tuple(db.session.scalars(
        select(MemberUnit.name).where(MemberUnit.delegation_id == delegation.id)
        .order_by(MemberUnit.sort_order, MemberUnit.id)))


def rules_input(delegation: Delegation):
    """The delegation's roster, individual entries, squads and member units (None unless
    a joint team) as the validator's arguments. People are keyed by their id."""
    people = db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id).order_by(Person.id)
    ).all()
    entries = db.session.scalars(
        select(Entry)
        .where(Entry.delegation_id == delegation.id)
        .options(selectinload(Entry.event), selectinload(Entry.members))
        .order_by(Entry.id)
    ).all()
    return (*_records(people, entries), member_units(delegation))


def rules_inputs(meet: Meet) -> dict[int, tuple]:
    """:func:`rules_input` of every delegation of the meet, in three queries of plain rows."""
    out: dict[int, list] = defaultdict(lambda: [[], [], [], None])
    for row in db.session.execute(
            select(Person.delegation_id, Person.id, Person.name, Person.gender,
                   Person.birth_date, Person.role, Person.union_member, Person.employer)
            .where(Person.meet_id == meet.id).order_by(Person.id)):
        out[row[0]][0].append(el.RosterPerson(*row[1:]))
    squads: dict[int, tuple[int, str, dict]] = {}
    for delegation_id, entry_id, code, is_team, person_id, reserve in db.session.execute(
            select(Entry.delegation_id, Entry.id, Event.code, Event.is_team,
                   EntryMember.person_id, EntryMember.reserve)
            .join(Event, Event.id == Entry.event_id)
            .join(EntryMember, EntryMember.entry_id == Entry.id)
            .where(Event.meet_id == meet.id).order_by(Entry.id, EntryMember.position)):
        if is_team:
            squads.setdefault(entry_id, (delegation_id, code, defaultdict(list)))[2][
                reserve].append(person_id)
        else:
            out[delegation_id][1].append(el.IndividualEntry(person_id, code))
    for entry_id, (delegation_id, code, members) in squads.items():
        out[delegation_id][2].append(el.SquadEntry(
            code, tuple(members[False]), tuple(members[True]), str(entry_id)))
    joint: dict[int, list[str]] = defaultdict(list)
    for delegation_id, name in db.session.execute(
            select(Delegation.id, MemberUnit.name)
            .outerjoin(MemberUnit, MemberUnit.delegation_id == Delegation.id)
            .where(Delegation.meet_id == meet.id, Delegation.joint.is_(True))
            .order_by(MemberUnit.sort_order, MemberUnit.id)):
        joint[delegation_id] += [name] if name is not None else []
    for delegation_id, names in joint.items():
        out[delegation_id][3] = tuple(names)
    return {d: tuple(inputs) for d, inputs in out.items()}


def _records(people, entries):
    roster = [
        el.RosterPerson(p.id, p.name, p.gender, p.birth_date, p.role, p.union_member,
                        p.employer)
        for p in people
    ]
    individual, squads = [], []
    for entry in entries:
        if entry.event.is_team:
            members = defaultdict(list)
            for m in entry.members:
                members[m.reserve].append(m.person_id)
            squads.append(el.SquadEntry(
                entry.event.code, tuple(members[False]), tuple(members[True]), str(entry.id)
            ))
        else:
            individual += [el.IndividualEntry(m.person_id, entry.event.code)
                           for m in entry.members]
    return roster, individual, squads


def delegation_errors(delegation: Delegation, rules: el.EntryRules | None = None):
    """Every broken entry rule of the delegation (empty when it may be submitted)."""
    meet = db.session.get(Meet, delegation.meet_id)
    rules = rules or entry_rules(meet)
    return el.validate_entries(rules, *rules_input(delegation))
