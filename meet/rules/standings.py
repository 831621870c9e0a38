"""The medal table (奖牌榜) and the team points table (团体总分) from final places.

The rules, as Chinese meet regulations (竞赛规程, 录取与计分) write them:

* Medals: 1st place gold (金牌), 2nd silver (银牌), 3rd bronze (铜牌). Places are
  competition ranks, so two tied for 1st both get gold and the next is 3rd: bronze,
  no silver. A relay or team event gives one medal to the team.
* Medal table: most golds, then silvers, then bronzes (IOC practice, as 潍坊市运会
  ranks its delegations); or, if configured, most medals in total first, then golds,
  silvers, bronzes (a total after the bronzes could never separate anyone). Delegations
  still equal share the rank and the next rank is skipped.
* Place points (名次分): by default the first eight score 9-7-6-5-4-3-2-1 (前八名);
  presets 7-5-4-3-2-1 (前六名) and 9-7-6-5-4-3; any list may be given.
* Tied places share the points of the places they cover: two tied for 3rd get
  (6+5)/2 = 5.5 each; the next place is dropped (成绩相同名次并列，取消下一名次).
* Team events and relays (集体项目) score double where the meet says so: each finish
  carries a multiplier, or ``True`` for the meet's team-event multiplier.
* A record (破纪录) adds a bonus to the team total, or multiplies the points
  (破纪录者计分加倍): both configurable.
* 减一录取: when an event has fewer entrants than scoring places, only
  (entrants - 1) places score. Places beyond the cut carry no points, also inside a tie.
* Team total ties: more 1st places, then more 2nd places, and so on over the scoring
  places (以第一名多者列前); or, if configured, more records first, or simply shared.

Points are exact Fractions (5.5, never 5.499999); :func:`format_points` prints them.
Both tables work on any subset of events (per unit kind, per category): filter the
input. Sources: research notes ``docs/research/cn_meet.md`` §3 (gh.zafu.edu.cn,
yyvtc.cn, 六安, xuexibi.com, 哈尔滨, qz26.com, fsou.com) and ``formats_anchors.md`` (e).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from meet.rules.ranking import competition_ranks, entry_order

Number = int | Fraction

TOP8 = (9, 7, 6, 5, 4, 3, 2, 1)
TOP6 = (7, 5, 4, 3, 2, 1)
TOP6_9 = (9, 7, 6, 5, 4, 3)


@dataclass(frozen=True)
class Finish:
    """One delegation's final place in one event (``None`` when unplaced: DNS, DQ...).
    ``multiplier``: a number, or ``True`` for the meet's team-event multiplier."""

    team: Hashable
    place: int | None
    multiplier: Number | bool = 1
    record: bool = False


@dataclass(frozen=True)
class Event:
    """The finishes of one event; ``entrants`` (starters) defaults to the number of rows."""

    finishes: tuple[Finish, ...]
    entrants: int | None = None

    @property
    def size(self) -> int:
        return len(self.finishes) if self.entrants is None else self.entrants


@dataclass(frozen=True)
class Scoring:
    """A meet's 计分办法."""

    points: tuple[Number, ...] = TOP8
    team_event_multiplier: Number = 2
    record_bonus: Number = 0
    record_multiplier: Number = 1
    reduce_by_one: bool = True  # 减一录取
    tie_break: tuple[str, ...] = ("places",)  # "records", "places"; () shares ties


@dataclass(frozen=True)
class MedalRow:
    team: Hashable
    gold: int
    silver: int
    bronze: int
    total: int
    rank: int


@dataclass(frozen=True)
class TeamRow:
    team: Hashable
    points: Fraction
    places: tuple[int, ...]  # how many 1st, 2nd, ... over the scoring places
    records: int
    rank: int


EventInput = Event | Sequence[Finish | tuple]


def _event(raw: EventInput) -> Event:
    if isinstance(raw, Event):
        return raw
    return Event(tuple(f if isinstance(f, Finish) else Finish(*f) for f in raw))


def _teams(events: list[Event], teams: Iterable[Hashable] | None) -> list[Hashable]:
    found = {f.team for e in events for f in e.finishes}
    found.update(teams or ())
    return sorted(found, key=entry_order)


def medal_table(
    events: Iterable[EventInput],
    teams: Iterable[Hashable] | None = None,
    by_total: bool = False,
) -> list[MedalRow]:
    """Gold, silver, bronze per delegation, ranked; ``teams`` adds rows with no medal;
    ``by_total`` ranks by the total number of medals first."""
    evs = [_event(e) for e in events]
    counts: dict[Hashable, Counter] = defaultdict(Counter)
    for e in evs:
        for f in e.finishes:
            if f.place is not None and 1 <= f.place <= 3:
                counts[f.team][f.place] += 1

    def key(t: Hashable) -> tuple[int, ...]:
        c = counts[t]
        total = c[1] + c[2] + c[3]
        return (-total if by_total else 0, -c[1], -c[2], -c[3])

    order = sorted(_teams(evs, teams), key=lambda t: (key(t), entry_order(t)))
    ranks = competition_ranks([key(t) for t in order])
    return [
        MedalRow(t, counts[t][1], counts[t][2], counts[t][3], sum(counts[t].values()), r)
        for t, r in zip(order, ranks, strict=True)
    ]


def event_points(event: EventInput, scoring: Scoring = Scoring()) -> list[tuple[Finish, Fraction]]:
    """The points each finish earns, in input order (0 for unplaced and non-scoring)."""
    ev = _event(event)
    scored = len(scoring.points)
    if scoring.reduce_by_one and ev.size < scored:
        scored = max(ev.size - 1, 0)
    tied = Counter(f.place for f in ev.finishes if f.place is not None)
    out = []
    for f in ev.finishes:
        if f.place is None:
            out.append((f, Fraction(0)))
            continue
        if f.place < 1:
            raise ValueError("places start at 1")
        covered = range(f.place, f.place + tied[f.place])
        total = sum((Fraction(scoring.points[p - 1]) for p in covered if p <= scored), Fraction(0))
        share = total / tied[f.place]
        mult = scoring.team_event_multiplier if f.multiplier is True else f.multiplier
        pts = share * Fraction(mult)
        if f.record:
            pts = pts * Fraction(scoring.record_multiplier) + Fraction(scoring.record_bonus)
        out.append((f, pts))
    return out


def team_table(
    events: Iterable[EventInput],
    scoring: Scoring = Scoring(),
    teams: Iterable[Hashable] | None = None,
) -> list[TeamRow]:
    """团体总分: points per delegation, ranked, ties broken per ``scoring.tie_break``."""
    evs = [_event(e) for e in events]
    points: dict[Hashable, Fraction] = defaultdict(Fraction)
    places: dict[Hashable, Counter] = defaultdict(Counter)
    records: Counter = Counter()
    for e in evs:
        for f, pts in event_points(e, scoring):
            points[f.team] += pts
            if f.place is not None:
                places[f.team][f.place] += 1
                records[f.team] += int(f.record)
    depth = len(scoring.points)

    def key(t: Hashable) -> tuple:
        parts: list = [-points[t]]
        for rule in scoring.tie_break:
            if rule == "records":
                parts.append(-records[t])
            elif rule == "places":
                parts.extend(-places[t][p] for p in range(1, depth + 1))
            else:
                raise ValueError(f"unknown tie-break {rule!r}")
        return tuple(parts)

    order = sorted(_teams(evs, teams), key=lambda t: (key(t), entry_order(t)))
    ranks = competition_ranks([key(t) for t in order])
    return [
        TeamRow(t, points[t], tuple(places[t][p] for p in range(1, depth + 1)), records[t], r)
        for t, r in zip(order, ranks, strict=True)
    ]


def format_points(value: Number | Decimal, decimals: int = 2) -> str:
    """Print points without float noise: 5.5 -> "5.5", 12 -> "12", 22/3 -> "7.33"."""
    if isinstance(value, float):
        raise TypeError("points are exact: pass a Fraction, Decimal or int")
    frac = Fraction(value)
    if frac.denominator == 1:
        return str(frac.numerator)
    exact = Decimal(frac.numerator) / Decimal(frac.denominator)
    text = str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".") if "." in text else text
