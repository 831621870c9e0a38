"""The timetable as people read it: by day, by venue, now and next, per delegation and
per athlete, with everyone in each unit (and, for a knockout match not yet decided,
everyone who may still play it). Read-only; one pass over the meet."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Delegation, Event, Meet, Person, Round, RoundStatus, Unit, Venue
from meet.schedule.problem import Problem, build, entry_members, local


@dataclass
class Item:
    unit: Unit
    event: Event
    round: Round
    venue: Venue | None
    start: dt.datetime
    end: dt.datetime
    persons: list[Person] = field(default_factory=list)  # in it, slot order
    potential: list[Person] = field(default_factory=list)  # may still reach it
    lineup_public: bool = False

    @property
    def bibs(self) -> list[str]:
        return [p.bib for p in self.persons if p.bib]

    @property
    def delegation_ids(self) -> set[int]:
        return {p.delegation_id for p in self.persons}

    @property
    def title(self) -> str:
        return " ".join(x for x in (self.round.name, self.unit.shown_label) if x)

    @property
    def day(self) -> dt.date:
        return self.start.date()


def lineups_public(meet: Meet, rnd: Round, book_published: bool) -> bool:
    """Who is in a heat or match is public once its round's start list is published,
    or the order book that prints every start list is."""
    return book_published or rnd.status in (RoundStatus.PUBLISHED.value,
                                            RoundStatus.COMPLETE.value)


def items(meet: Meet, problem: Problem | None = None) -> list[Item]:
    """Every scheduled unit of the meet in time order, its people in slot order (lanes,
    order of appearance, sides)."""
    problem = problem or build(meet)
    members = entry_members(meet.id)
    people = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.meet_id == meet.id).options(selectinload(Person.delegation)))}
    published = bool(problem.settings.order_book_published)
    out = []
    for uid, row in problem.rows.items():
        if not (row.starts_at and row.ends_at):
            continue
        persons = [people[pid] for s in row.slots if s.entry_id
                   for pid in members.get(s.entry_id, ()) if pid in people]
        potential = sorted((people[int(p[1:])] for p in problem.units[uid].potential
                            if int(p[1:]) in people), key=lambda p: (p.bib or "", p.id))
        out.append(Item(row, problem.events[row.event_id], row.round,
                        problem.venue_rows.get(f"v{row.venue_id}"), local(row.starts_at),
                        local(row.ends_at), persons, potential,
                        lineups_public(meet, row.round, published)))
    out.sort(key=lambda i: (i.start, i.venue.sort_order if i.venue else 0, i.unit.court,
                            i.event.sort_order, i.unit.number))
    return out


def days(result: list[Item]) -> list[dt.date]:
    return sorted({i.day for i in result})


def by_venue(result: list[Item]) -> dict[Venue, list[Item]]:
    out: dict[Venue, list[Item]] = defaultdict(list)
    for i in result:
        if i.venue:
            out[i.venue].append(i)
    return dict(sorted(out.items(), key=lambda kv: kv[0].sort_order))


def for_delegation(result: list[Item], delegation_id: int) -> list[Item]:
    return [i for i in result if delegation_id in i.delegation_ids
            or any(p.delegation_id == delegation_id for p in i.potential)]


def for_person(result: list[Item], person_id: int) -> list[Item]:
    return [i for i in result if any(p.id == person_id for p in i.persons + i.potential)]


def now_and_next(result: list[Item], now: dt.datetime) -> tuple[list[Item], list[Item]]:
    """What is on at ``now``, and the next unit to start at each venue."""
    current = [i for i in result if i.start <= now < i.end]
    upcoming: dict[int, Item] = {}
    for i in result:
        key = i.venue.id if i.venue else 0
        if i.start > now and key not in upcoming:
            upcoming[key] = i
    return current, sorted(upcoming.values(), key=lambda i: i.start)


def person_by_bib(meet: Meet, bib: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.meet_id == meet.id,
                                                  Person.bib == bib.strip()))


def delegation(meet: Meet, delegation_id: int) -> Delegation | None:
    d = db.session.get(Delegation, delegation_id)
    return d if d is not None and d.meet_id == meet.id else None
