"""Reads of the draw area: which entries a draw takes, an event's rounds, start lists.

Which entries are drawn (the rule): once registration has closed, the entries of
delegations whose registration the organiser approved; while registration is still open
(the demo meet, a draw rehearsal), every entry of every delegation whose registration was
not returned for correction. :func:`entry_rule` names the rule in force for the page.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import (
    Delegation,
    DelegationStatus,
    DrawRecord,
    Entry,
    EntryMember,
    Event,
    Person,
    Result,
    Round,
    RoundStatus,
    Unit,
    UnitSlot,
    Venue,
)
from meet.models.base import utcnow
from meet.rules import marks
from meet.rules.plan import Competitor

PUBLIC_STATUSES = (RoundStatus.PUBLISHED.value, RoundStatus.COMPLETE.value)

ROUND_NAMES = {
    "heats": ("预赛", "Heats"), "final": ("决赛", "Final"), "group": ("小组赛", "Group stage"),
    "r64": ("1/32决赛", "Round of 64"), "r32": ("1/16决赛", "Round of 32"),
    "r16": ("1/8决赛", "Round of 16"), "qf": ("1/4决赛", "Quarter-finals"),
    "sf": ("半决赛", "Semi-finals"), "f": ("决赛", "Final"),
    "classification": ("排位赛", "Classification"),
}
PLACE_WORDS = {3: "三四", 5: "五六", 7: "七八", 9: "九十"}


def unit_label(key: str, p: dict) -> tuple[str, str]:
    """(Chinese, English) label of a unit from the plan's key and parameters."""
    n = p.get("n")
    labels = {
        "heat": (f"第{n}组", f"Heat {n}"), "race": (f"第{n}组", f"Race {n}"),
        "flight": (f"第{n}组", f"Flight {n}"), "session": (f"第{n}场", f"Session {n}"),
        "final": ("决赛", "Final"), "board": (f"第{n}台", f"Board {n}"),
        "f": ("决赛", "Final"), "sf": ("半决赛", "Semi-final"), "qf": ("1/4决赛", "Quarter-final"),
    }
    if key in labels:
        return labels[key]
    if key == "group_match":
        return f"{p['group']}组第{p['round']}轮", f"Group {p['group']} R{p['round']}"
    if key == "round_of":
        return f"1/{n // 2}决赛", f"Round of {n}"
    if key == "place_match":
        place = p["place"]
        word = PLACE_WORDS.get(place, f"{place}-{place + 1}")
        return f"{word}名决赛", f"Places {place}-{place + 1}"
    if key == "classification":
        return (f"{p['first']}-{p['last']}名排位赛",
                f"Classification {p['first']}-{p['last']}")
    return key, key


def round_name(key: str, number: int) -> tuple[str, str]:
    if key == "swiss":
        return f"第{number}轮", f"Round {number}"
    return ROUND_NAMES.get(key, (key, key))


def registration_open(meet) -> bool:
    from meet.registration.window import window_bounds

    _opens, closes = window_bounds(meet)  # SQLite's zone-less time is China time
    return closes is None or utcnow() < closes


def entry_rule(meet) -> str:
    return "open" if registration_open(meet) else "approved"


def draw_entries(event: Event) -> list[Entry]:
    """The entries a draw of ``event`` takes, by the rule in the module docstring."""
    q = select(Entry).join(Delegation, Entry.delegation_id == Delegation.id).where(
        Entry.event_id == event.id)
    if registration_open(event_meet(event)):
        q = q.where(Delegation.status != DelegationStatus.RETURNED.value)
    else:
        q = q.where(Delegation.status == DelegationStatus.APPROVED.value)
    return list(db.session.scalars(q.order_by(Entry.id)))


def event_meet(event: Event):
    from meet.models import Meet

    return db.session.get(Meet, event.meet_id)


def seeding_mark(declared: str, event: Event) -> float | None:
    """A declared best mark (报名成绩) as the draw compares it; None if absent or unreadable."""
    text = (declared or "").strip()
    if not text:
        return None
    try:
        if event.kind == "match":
            return float(int(text))
        if event.result_unit == "time":
            return marks.parse_time(text) / 1000
        if event.result_unit == "distance":
            return marks.parse_distance(text) / 100
        if event.result_unit == "count":
            return float(marks.parse_count(text))
        return float(marks.parse_score(text))
    except (ValueError, TypeError):
        return None


def competitors(event: Event) -> list[Competitor]:
    return [Competitor(e.id, e.delegation_id, seeding_mark(e.declared_mark, event))
            for e in draw_entries(event)]


def rounds_of(event_id: int) -> list[Round]:
    return list(db.session.scalars(
        select(Round).where(Round.event_id == event_id).order_by(Round.number)
        .options(selectinload(Round.units).selectinload(Unit.slots))))


def first_round(event_id: int) -> Round | None:
    return db.session.scalar(select(Round).where(Round.event_id == event_id, Round.number == 1))


def has_results(event_id: int) -> bool:
    return bool(db.session.scalar(select(func.count(Result.id)).join(
        Unit, Result.unit_id == Unit.id).where(Unit.event_id == event_id)))


def latest_draw(event_id: int) -> DrawRecord | None:
    return db.session.scalar(
        select(DrawRecord).join(Round, DrawRecord.round_id == Round.id)
        .where(Round.event_id == event_id, Round.number == 1)
        .order_by(DrawRecord.id.desc()).limit(1))


def draw_records(event_id: int) -> list[DrawRecord]:
    return list(db.session.scalars(
        select(DrawRecord).join(Round, DrawRecord.round_id == Round.id)
        .where(Round.event_id == event_id).order_by(DrawRecord.id.desc())))


def event_states(meet_id: int) -> dict[int, str]:
    """Event id -> status of its first round (absent: no format chosen yet)."""
    rows = db.session.execute(
        select(Round.event_id, Round.status).join(Event, Round.event_id == Event.id)
        .where(Event.meet_id == meet_id, Round.number == 1))
    return dict(rows.all())


def venues(meet_id: int) -> list[Venue]:
    return list(db.session.scalars(
        select(Venue).where(Venue.meet_id == meet_id).order_by(Venue.sort_order)))


def entry_people(entry_ids: set[int]) -> dict[int, list[Person]]:
    """Entry id -> its competing members (reserves left out), in squad order."""
    if not entry_ids:
        return {}
    rows = db.session.execute(
        select(EntryMember.entry_id, Person).join(Person, EntryMember.person_id == Person.id)
        .where(EntryMember.entry_id.in_(entry_ids), EntryMember.reserve.is_(False))
        .order_by(EntryMember.entry_id, EntryMember.position))
    out: dict[int, list[Person]] = {}
    for entry_id, person in rows:
        out.setdefault(entry_id, []).append(person)
    return out


def entries_by_id(entry_ids: set[int]) -> dict[int, Entry]:
    if not entry_ids:
        return {}
    rows = db.session.scalars(select(Entry).where(Entry.id.in_(entry_ids))
                              .options(selectinload(Entry.delegation)))
    return {e.id: e for e in rows}


def delegation_slots(delegation_id: int) -> list[tuple[Round, Unit, UnitSlot]]:
    """Every drawn slot of a delegation's entries in public rounds, in event order."""
    rows = db.session.execute(
        select(Round, Unit, UnitSlot).join(Unit, UnitSlot.unit_id == Unit.id)
        .join(Round, Unit.round_id == Round.id).join(Entry, UnitSlot.entry_id == Entry.id)
        .join(Event, Round.event_id == Event.id)
        .where(Entry.delegation_id == delegation_id, Round.status.in_(PUBLIC_STATUSES))
        .order_by(Event.sort_order, Round.number, Unit.number, UnitSlot.position))
    return [tuple(r) for r in rows.all()]
