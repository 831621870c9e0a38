"""Read models for the home page and the dashboards (one query each, no N+1)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    Category,
    Delegation,
    Entry,
    EntryMember,
    Event,
    Meet,
    Person,
    PersonRole,
    UnitKind,
)


def athlete_counts(meet_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(Person.delegation_id, func.count(Person.id))
        .where(Person.meet_id == meet_id, Person.role == PersonRole.ATHLETE.value)
        .group_by(Person.delegation_id)
    )
    return dict(rows.all())


def entry_counts_by_event(meet_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(Entry.event_id, func.count(Entry.id))
        .join(Event, Event.id == Entry.event_id)
        .where(Event.meet_id == meet_id)
        .group_by(Entry.event_id)
    )
    return dict(rows.all())


def delegations(meet_id: int) -> list[Delegation]:
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.meet_id == meet_id)
            .options(selectinload(Delegation.unit_kind))
            .order_by(Delegation.code)
        )
    )


def categories(meet_id: int) -> list[Category]:
    return list(
        db.session.scalars(
            select(Category)
            .where(Category.meet_id == meet_id)
            .options(selectinload(Category.events))
            .order_by(Category.sort_order)
        )
    )


def meet_summary(meet: Meet) -> dict:
    counts = athlete_counts(meet.id)
    kinds = db.session.execute(
        select(UnitKind.id, func.count(Delegation.id))
        .join(Delegation, Delegation.unit_kind_id == UnitKind.id)
        .where(UnitKind.meet_id == meet.id)
        .group_by(UnitKind.id)
    )
    return {
        "delegations": sum(1 for _ in delegations(meet.id)),
        "athletes": sum(counts.values()),
        "events": db.session.scalar(select(func.count(Event.id)).where(Event.meet_id == meet.id)),
        "categories": db.session.scalar(
            select(func.count(Category.id)).where(Category.meet_id == meet.id)
        ),
        "by_kind": dict(kinds.all()),
    }


def delegation_roster(delegation_id: int) -> tuple[list[Person], list[Person], dict]:
    """Staff, athletes, and each athlete's entered events."""
    people = list(
        db.session.scalars(
            select(Person).where(Person.delegation_id == delegation_id).order_by(Person.id)
        )
    )
    events_of: dict[int, list[Event]] = {}
    rows = db.session.execute(
        select(EntryMember.person_id, Event)
        .join(Event, Event.id == EntryMember.event_id)
        .join(Person, Person.id == EntryMember.person_id)
        .where(Person.delegation_id == delegation_id)
        .order_by(Event.sort_order)
    )
    for person_id, event in rows:
        events_of.setdefault(person_id, []).append(event)
    staff = [p for p in people if not p.is_athlete]
    athletes = [p for p in people if p.is_athlete]
    return staff, athletes, events_of


def status_counts(meet_id: int) -> Counter:
    rows = db.session.execute(
        select(Delegation.status, func.count(Delegation.id))
        .where(Delegation.meet_id == meet_id)
        .group_by(Delegation.status)
    )
    return Counter(dict(rows.all()))


def events_with_counts(meet_id: int, only_ids: set[int] | None = None) -> list[tuple[Event, int]]:
    counts = entry_counts_by_event(meet_id)
    query = (
        select(Event)
        .where(Event.meet_id == meet_id)
        .options(selectinload(Event.category))
        .order_by(Event.sort_order)
    )
    if only_ids is not None:
        query = query.where(Event.id.in_(only_ids or {-1}))
    return [(e, counts.get(e.id, 0)) for e in db.session.scalars(query)]
