"""What the order book (秩序册) prints, read in a few queries: delegations and their
people with their events, officials, the timetable, every unit's start list."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
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
    Role,
    UnitKind,
    User,
)
from meet.rules.names import sort_by_name
from meet.schedule import listing
from meet.schedule.display import source_label
from meet.schedule.problem import Problem, build, local


@dataclass
class Book:
    meet: Meet
    problem: Problem
    settings: object
    delegations: list[Delegation]
    people: dict[int, list[Person]]  # delegation id -> people, in the book's order
    events_of: dict[int, list[Event]]  # person id -> events entered
    members: dict[int, list[Person]]  # entry id -> people
    entries: dict[int, Entry]
    categories: list[Category]
    events: list[Event]
    kinds: list[UnitKind]
    referees: list[User]
    items: list[listing.Item]
    records: list = field(default_factory=list)

    def side(self, slot) -> str:
        """A slot as printed: the entry's athletes or delegation, or where it comes from."""
        if slot.entry_id:
            entry = self.entries.get(slot.entry_id)
            team = entry.delegation.display_name if entry else ""
            names = [p.name for p in self.members.get(slot.entry_id, [])]
            if entry and entry.event.is_team:
                return team
            return f"{'、'.join(names)}（{team}）"
        return source_text(slot.source)

    def when(self, unit) -> str:
        if not unit.starts_at:
            return "待定"
        start = local(unit.starts_at)
        return f"{start.month}月{start.day}日 {start:%H:%M}"


def source_text(source: str) -> str:
    """Where a slot's entry will come from, in the start lists' words."""
    if source == "BYE":
        return "轮空"
    return source_label(source) if source else "待定"


def gather(meet: Meet) -> Book:
    problem = build(meet)
    settings = problem.settings
    delegations = list(db.session.scalars(select(Delegation).where(
        Delegation.meet_id == meet.id).order_by(Delegation.code)))
    everyone = list(db.session.scalars(select(Person).where(Person.meet_id == meet.id)
                                       .order_by(Person.id)))
    by_delegation: dict[int, list[Person]] = defaultdict(list)
    for p in everyone:
        by_delegation[p.delegation_id].append(p)
    if settings.order_book_sort == "strokes":
        by_delegation = {k: sort_by_name(v, lambda p: p.name) for k, v in by_delegation.items()}
    events = list(db.session.scalars(select(Event).where(Event.meet_id == meet.id)
                                     .order_by(Event.sort_order)))
    event_by_id = {e.id: e for e in events}
    entries = {e.id: e for e in db.session.scalars(
        select(Entry).join(Event).where(Event.meet_id == meet.id)
        .options(selectinload(Entry.delegation)))}
    people = {p.id: p for p in everyone}
    members: dict[int, list[Person]] = defaultdict(list)
    events_of: dict[int, list[Event]] = defaultdict(list)
    rows = db.session.execute(select(EntryMember.entry_id, EntryMember.person_id,
                                     EntryMember.event_id)
                              .join(Event, Event.id == EntryMember.event_id)
                              .where(Event.meet_id == meet.id)
                              .order_by(EntryMember.entry_id, EntryMember.position))
    for entry_id, person_id, event_id in rows:
        members[entry_id].append(people[person_id])
        events_of[person_id].append(event_by_id[event_id])
    referees = list(db.session.scalars(
        select(User).where(User.meet_id == meet.id,
                           User.role.in_((Role.CHIEF.value, Role.REFEREE.value)))
        .options(selectinload(User.assignments)).order_by(User.role, User.username)))
    try:
        from meet.models import MeetRecord

        records = list(db.session.scalars(select(MeetRecord).where(
            MeetRecord.meet_id == meet.id)))
    except ImportError:  # the standings area keeps the records
        records = []
    return Book(
        meet=meet, problem=problem, settings=settings, delegations=delegations,
        people=by_delegation, events_of=events_of, members=members, entries=entries,
        categories=list(db.session.scalars(select(Category).where(
            Category.meet_id == meet.id).order_by(Category.sort_order))),
        events=events,
        kinds=list(db.session.scalars(select(UnitKind).where(
            UnitKind.meet_id == meet.id).order_by(UnitKind.sort_order))),
        referees=referees, items=listing.items(meet, problem), records=records)


def athletes(book: Book, delegation_id: int) -> list[Person]:
    return [p for p in book.people.get(delegation_id, []) if p.role == PersonRole.ATHLETE.value]


def staff(book: Book, delegation_id: int, role: str) -> list[Person]:
    return [p for p in book.people.get(delegation_id, []) if p.role == role]


def entry_counts(book: Book) -> tuple[Counter, Counter]:
    """Entries per event, and delegations per event."""
    per_event, teams = Counter(), defaultdict(set)
    for entry in book.entries.values():
        per_event[entry.event_id] += 1
        teams[entry.event_id].add(entry.delegation_id)
    return per_event, Counter({k: len(v) for k, v in teams.items()})


def units_by_event(book: Book) -> dict[int, list]:
    """Event id -> its units in round and number order (scheduled or not)."""
    out: dict[int, list] = defaultdict(list)
    for row in book.problem.rows.values():
        out[row.event_id].append(row)
    for units in out.values():
        units.sort(key=lambda u: (u.round.number, u.number))
    return out
