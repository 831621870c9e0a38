"""The standings, from the database through the rules to rows, computed once per change.

Input: ONLY the published final places (:class:`~meet.models.EventPlace` with
``published``). The rules are :mod:`meet.rules.standings` (medal table, team points,
shared places, 减一录取, multipliers, record bonus, countback); this module only feeds
them and shapes their answer:

* an event's finishes: one per final place row, the delegation as the team; the
  entrants for 减一录取 are the rows that started (every status but DNS);
* multiplier: the event's own ``points_multiplier`` when it is not 1, otherwise the
  meet's ``team_event_multiplier`` for a team event or relay, otherwise 1;
* a record: a row flagged ``MR`` (or any record mark) earns the meet's ``record_bonus``;
* scopes: the whole meet; per unit kind (the delegations of that kind, ranked among
  themselves on what they earned in the whole meet, equal rows still equal); per
  category (only that category's events).

The cache: the tables of every scope are computed together into a :class:`Snapshot`
keyed by the meet and its generation (``StandingsState.generation``, bumped by the one
listener on ``results_changed`` in :mod:`meet.standings.live`). Each worker process keeps
the snapshot of the newest generation it has seen; a request reads the generation (one
tiny query, itself cached for ``STANDINGS_GENERATION_TTL`` seconds) and computes only
when it is new. Nothing per user is cached here: the rows are the same for everyone.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import Category, Delegation, Event, EventPlace, Meet, StandingsState, UnitKind
from meet.rules import standings as rules
from meet.rules.ranking import competition_ranks

TIE_BREAK_RULES = {"places": ("places",), "records,places": ("records", "places"), "shared": ()}


@dataclass(frozen=True)
class Team:
    id: int
    code: str
    name: str
    short_name: str
    name_en: str
    unit_kind_id: int

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class MedalLine:
    rank: int
    team: Team
    gold: int
    silver: int
    bronze: int
    total: int


@dataclass(frozen=True)
class PointsLine:
    rank: int
    team: Team
    points: Fraction
    places: tuple[int, ...]
    records: int

    @property
    def points_text(self) -> str:
        return rules.format_points(self.points)


@dataclass(frozen=True)
class Scope:
    key: str  # "all", "kind:township", "category:ATH"
    name: str
    name_en: str


@dataclass
class Snapshot:
    meet_id: int
    generation: int
    teams: dict[int, Team]
    scopes: list[Scope]
    medals: dict[str, list[MedalLine]]
    points: dict[str, list[PointsLine]]
    entry_points: dict[tuple[int, int], Fraction]  # (event_id, entry_id) -> points
    published_events: list[int]  # newest published first
    new_records: list[tuple[int, int, int, str]]  # event_id, entry_id, delegation_id, mark
    api_body: bytes = b""
    extra: dict = field(default_factory=dict)

    def medal_line(self, team_id: int) -> MedalLine | None:
        return next((m for m in self.medals["all"] if m.team.id == team_id), None)

    def points_line(self, team_id: int) -> PointsLine | None:
        return next((p for p in self.points["all"] if p.team.id == team_id), None)


class _Store:
    """Per app: the newest snapshot per meet, the generation read, a computation count."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshots: dict[int, Snapshot] = {}
        self.generations: dict[int, tuple[tuple[int, int], float]] = {}
        self.computations = 0


def store() -> _Store:
    return current_app.extensions.setdefault("standings", _Store())


# -- the generation -------------------------------------------------------------------

def generations(meet_id: int) -> tuple[int, int]:
    """(results generation, registration generation) of the meet, as the database has
    them; read at most once per ``STANDINGS_GENERATION_TTL`` seconds per process."""
    st = store()
    ttl = current_app.config.get("STANDINGS_GENERATION_TTL", 0.25)
    now = time.monotonic()
    seen = st.generations.get(meet_id)
    if seen and now - seen[1] < ttl:
        return seen[0]
    row = db.session.execute(
        select(StandingsState.generation, StandingsState.registration_generation)
        .where(StandingsState.meet_id == meet_id)
    ).first()
    value = (row[0], row[1]) if row else (0, 0)
    st.generations[meet_id] = (value, now)
    return value


def generation(meet_id: int) -> int:
    return generations(meet_id)[0]


def bump(meet_id: int, column: str = "generation") -> int:
    """Add one to the meet's counter in its own transaction; answer the new value."""
    col = getattr(StandingsState, column)
    for _ in range(3):
        done = db.session.execute(
            update(StandingsState).where(StandingsState.meet_id == meet_id)
            .values({column: col + 1})
        ).rowcount
        if not done:
            db.session.add(StandingsState(meet_id=meet_id, **{column: 1}))
        try:
            db.session.commit()
            break
        except IntegrityError:  # another worker created the row first: bump it
            db.session.rollback()
    store().generations.pop(meet_id, None)
    return generations(meet_id)[0 if column == "generation" else 1]


def state(meet_id: int) -> StandingsState:
    """The meet's settings row (created on first use)."""
    query = select(StandingsState).where(StandingsState.meet_id == meet_id)
    row = db.session.scalars(query).first()
    if row is None:
        row = StandingsState(meet_id=meet_id, generation=0, registration_generation=0)
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            row = db.session.scalars(query).one()
    return row


# -- the snapshot ---------------------------------------------------------------------

def snapshot(meet: Meet) -> Snapshot:
    """The tables of the meet's current generation, computed at most once per process."""
    gen = generation(meet.id)
    st = store()
    snap = st.snapshots.get(meet.id)
    if snap is not None and snap.generation == gen:
        return snap
    with st.lock:
        snap = st.snapshots.get(meet.id)
        if snap is not None and snap.generation == gen:
            return snap
        snap = compute(meet, gen)
        st.computations += 1
        st.snapshots[meet.id] = snap
    return snap


def scoring_of(meet: Meet, settings: StandingsState) -> rules.Scoring:
    return rules.Scoring(
        points=tuple(Fraction(str(p)) for p in (meet.points_scheme or rules.TOP8)),
        team_event_multiplier=Fraction(str(meet.team_event_multiplier)),
        record_bonus=Fraction(str(meet.record_bonus or 0)),
        reduce_by_one=bool(meet.minus_one_rule),
        tie_break=TIE_BREAK_RULES[settings.tie_break],
    )


def multiplier_of(is_team: bool, points_multiplier) -> Fraction | bool:
    own = Fraction(str(points_multiplier or 1))
    if own != 1:
        return own
    return True if is_team else 1


def compute(meet: Meet, gen: int) -> Snapshot:
    settings = state(meet.id)
    scoring = scoring_of(meet, settings)
    teams = {
        d.id: Team(d.id, d.code, d.name, d.short_name, d.name_en, d.unit_kind_id)
        for d in db.session.scalars(select(Delegation).where(Delegation.meet_id == meet.id))
    }
    rows = db.session.execute(
        select(EventPlace.event_id, EventPlace.entry_id, EventPlace.delegation_id,
               EventPlace.place, EventPlace.status, EventPlace.record, EventPlace.mark,
               EventPlace.published_at, Event.is_team, Event.points_multiplier,
               Event.category_id)
        .join(Event, Event.id == EventPlace.event_id)
        .where(Event.meet_id == meet.id, EventPlace.published.is_(True))
        .order_by(EventPlace.event_id, EventPlace.place, EventPlace.entry_id)
    ).all()
    by_event: dict[int, list] = defaultdict(list)
    for r in rows:
        by_event[r.event_id].append(r)
    events: dict[int, rules.Event] = {}
    category_of: dict[int, int] = {}
    entry_points: dict[tuple[int, int], Fraction] = {}
    for event_id, places in by_event.items():
        finishes = tuple(
            rules.Finish(r.delegation_id, r.place, multiplier_of(r.is_team, r.points_multiplier),
                         bool(r.record))
            for r in places
        )
        ev = rules.Event(finishes, entrants=sum(1 for r in places if r.status != "DNS"))
        events[event_id] = ev
        category_of[event_id] = places[0].category_id
        for r, (_, pts) in zip(places, rules.event_points(ev, scoring), strict=True):
            entry_points[(event_id, r.entry_id)] = pts

    by_total = settings.medal_order == "total"
    scopes = [Scope("all", "全部", "All")]
    medals = {"all": _medal_lines(rules.medal_table(events.values(), by_total=by_total), teams)}
    points = {"all": _points_lines(rules.team_table(events.values(), scoring), teams)}
    for kind in db.session.scalars(
            select(UnitKind).where(UnitKind.meet_id == meet.id).order_by(UnitKind.sort_order)):
        key = f"kind:{kind.code}"
        scopes.append(Scope(key, kind.name, kind.name_en))
        members = {t.id for t in teams.values() if t.unit_kind_id == kind.id}
        medals[key] = subset(medals["all"], members)
        points[key] = subset(points["all"], members)
    for cat in db.session.scalars(
            select(Category).where(Category.meet_id == meet.id).order_by(Category.sort_order)):
        key = f"category:{cat.code}"
        scopes.append(Scope(key, cat.name, cat.name_en))
        own = [ev for eid, ev in events.items() if category_of[eid] == cat.id]
        medals[key] = _medal_lines(rules.medal_table(own, by_total=by_total), teams)
        points[key] = _points_lines(rules.team_table(own, scoring), teams)

    newest: dict[int, float] = {}
    for r in rows:
        stamp = r.published_at.timestamp() if r.published_at else 0.0
        newest[r.event_id] = max(newest.get(r.event_id, 0.0), stamp)
    published = sorted(newest, key=lambda e: (-newest[e], -e))
    records = [(r.event_id, r.entry_id, r.delegation_id, r.mark) for r in rows if r.record]
    snap = Snapshot(meet.id, gen, teams, scopes, medals, points, entry_points, published,
                    records)
    snap.api_body = api_body(snap)
    return snap


def _medal_lines(table: list[rules.MedalRow], teams: dict[int, Team]) -> list[MedalLine]:
    return [MedalLine(r.rank, teams[r.team], r.gold, r.silver, r.bronze, r.total)
            for r in table if r.total and r.team in teams]


def _points_lines(table: list[rules.TeamRow], teams: dict[int, Team]) -> list[PointsLine]:
    return [PointsLine(r.rank, teams[r.team], r.points, r.places, r.records)
            for r in table if r.points and r.team in teams]


def subset(lines: list, members: set[int]) -> list:
    """The rows of ``members`` ranked among themselves: rows equal in the whole table stay
    equal (their ranks were equal there), the next rank is skipped as usual."""
    kept = [ln for ln in lines if ln.team.id in members]
    ranks = competition_ranks([ln.rank for ln in kept])
    return [type(ln)(r, *[getattr(ln, f) for f in ln.__dataclass_fields__ if f != "rank"])
            for ln, r in zip(kept, ranks, strict=True)]


def points_number(value: Fraction) -> int | float:
    """Points for JSON: an integer, or the decimal ``format_points`` prints (5.5, 7.33)."""
    text = rules.format_points(value)
    return int(text) if "." not in text else float(text)


def api_body(snap: Snapshot) -> bytes:
    return json.dumps({
        "medals": [{"rank": m.rank, "team_id": m.team.id, "team": m.team.name,
                    "gold": m.gold, "silver": m.silver, "bronze": m.bronze, "total": m.total}
                   for m in snap.medals["all"]],
        "points": [{"rank": p.rank, "team_id": p.team.id, "team": p.team.name,
                    "points": points_number(p.points)} for p in snap.points["all"]],
    }, ensure_ascii=False, separators=(",", ":")).encode()
