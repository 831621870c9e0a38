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
from meet.models import AgeGroup, Delegation, Entry, Event, Meet, Person
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
    )


def rules_input(delegation: Delegation):
    """The delegation's roster, individual entries and squads as validator records.
    People are keyed by their id."""
    people = db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id).order_by(Person.id)
    ).all()
    roster = [
        el.RosterPerson(p.id, p.name, p.gender, p.birth_date, p.role, p.union_member)
        for p in people
    ]
    entries = db.session.scalars(
        select(Entry)
        .where(Entry.delegation_id == delegation.id)
        .options(selectinload(Entry.event), selectinload(Entry.members))
        .order_by(Entry.id)
    ).all()
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
