"""Round-robin group standings (循环赛积分排名).

The rules, per sport, each a preset of :class:`PointsScheme` (all configurable):

* FIBA basketball (篮球): win 2, loss 1, forfeit (弃权) 0; a forfeited game is scored
  20:0 for the opponent. Ties: among the tied teams only (相互间比赛) their game points,
  then their point difference, then their points scored; then all games' difference,
  then points scored; then lot (抽签). Whenever a criterion separates some of the
  tied teams, the procedure restarts from the first criterion for those still tied
  (FIBA Official Basketball Rules, Appendix D.1.3).
* FIVB volleyball (排球/气排球): 3-0 or 3-1 gives 3:0 points, 3-2 gives 2:1; ranking by
  matches won, points, set quotient (胜局比率), rally-point quotient (得分比率), then
  the matches between the tied teams (FIVB pool ranking criteria).
* Football (足球): win 3, draw 1, loss 0; forfeit recorded 3:0.
* ITTF table tennis (乒乓球): win 2, loss 1, no-show 0; ties are a mini-league of the
  tied players' own matches by match points, then game quotient, then point quotient,
  restarting whenever a player is separated (ITTF Handbook 3.7.5).
* Best-of-N matches (局/盘, e.g. 拔河 best of three pulls) are entered as set scores:
  the match score is the sets won, the rally points are the "small points" (小分).

Ranks are competition ranks. Equal points is not a tie while a later criterion
separates the teams; teams equal after every criterion share a rank. Lot is drawn with
``random.Random(seed)`` over the tied teams in id order and recorded; by default a lot
orders the listing but the teams still share the rank (``lot_decides_rank`` makes it
decide the rank). Without a seed no lot is drawn.

Quotients never divide by zero: x/0 with x > 0 is infinity (above every finite
quotient); 0/0 (nothing won, nothing lost) sorts below every real quotient, 0/n included.

Sources: FIBA Official Basketball Rules 2022 Appendix D.1 (research notes
``docs/research/formats_anchors.md`` (c), pronosoft copy); FIVB pool ranking criteria
(volleyballworld); ITTF Handbook 3.7.5 (pingskills); research notes
``formats_anchors.md`` (c) and (e), ``cn_meet.md`` §2 (拔河, 掼蛋 大积分/小积分).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from meet.rules.ranking import entry_order

Number = int | Fraction

H2H_CRITERIA = ("h2h_points", "h2h_wins", "h2h_difference", "h2h_scored",
                "h2h_quotient", "h2h_point_quotient")
OVERALL_CRITERIA = ("points", "wins", "difference", "scored", "quotient", "point_quotient")
CRITERIA = (*OVERALL_CRITERIA, *H2H_CRITERIA, "lot")
LABELS = {
    "points": "points", "wins": "matches won", "difference": "difference",
    "scored": "scored", "quotient": "set quotient", "point_quotient": "point quotient",
    "lot": "lot",
    **{c: "head-to-head" for c in H2H_CRITERIA},
}
DEFAULT_CRITERIA = ("points", "h2h_points", "h2h_difference", "h2h_scored",
                    "difference", "scored", "lot")


@dataclass(frozen=True)
class PointsScheme:
    """Points per result. ``by_sets`` maps (winner's sets, loser's sets) to (winner's,
    loser's) points; ``walkover`` is the score given for a forfeit, ``walkover_sets``
    the set scores given for a forfeit in a best-of-N sport."""

    name: str
    win: Number = 2
    draw: Number = 1
    loss: Number = 0
    forfeit: Number = 0
    by_sets: tuple[tuple[tuple[int, int], tuple[Number, Number]], ...] = ()
    walkover: tuple[int, int] = (0, 0)
    walkover_sets: tuple[tuple[int, int], ...] = ()
    criteria: tuple[str, ...] = DEFAULT_CRITERIA


FIBA = PointsScheme("FIBA", win=2, loss=1, forfeit=0, walkover=(20, 0))
FIVB = PointsScheme(
    "FIVB", win=3, loss=0, forfeit=0,
    by_sets=(((3, 0), (3, 0)), ((3, 1), (3, 0)), ((3, 2), (2, 1))),
    walkover_sets=((25, 0),) * 3,
    criteria=("wins", "points", "quotient", "point_quotient", "h2h_wins", "lot"),
)
FOOTBALL = PointsScheme("football", win=3, draw=1, loss=0, walkover=(3, 0))
TABLE_TENNIS = PointsScheme(
    "ITTF", win=2, loss=1, forfeit=0,
    criteria=("points", "h2h_points", "h2h_quotient", "h2h_point_quotient", "lot"),
)
GENERIC = PointsScheme("generic", win=2, draw=1, loss=0)
PRESETS = {s.name: s for s in (FIBA, FIVB, FOOTBALL, TABLE_TENNIS, GENERIC)}

HOME, AWAY, BOTH = "home", "away", "both"


@dataclass(frozen=True)
class Match:
    """A played match: a score, or set scores, or a forfeit (``forfeit`` names the side
    that forfeited: "home", "away" or "both"). With no score it is not yet played."""

    home: Hashable
    away: Hashable
    home_score: int | None = None
    away_score: int | None = None
    sets: tuple[tuple[int, int], ...] = ()
    forfeit: str | None = None


@dataclass(frozen=True)
class _Line:  # one team's side of one match
    team: Hashable
    opponent: Hashable
    result: str  # W, D, L
    forfeited: bool
    points: Number
    scored: int
    conceded: int
    small_scored: int
    small_conceded: int


@dataclass(frozen=True)
class Row:
    team: Hashable
    played: int
    won: int
    drawn: int
    lost: int  # forfeits included
    forfeits: int
    scored: int  # match units: goals, points, or sets won in a best-of-N sport
    conceded: int
    difference: int
    points: Number
    small_scored: int  # rally points inside sets (equal to scored without sets)
    small_conceded: int
    rank: int = 0
    decided_by: str | None = None  # the criterion that fixed this rank; None if shared

    @property
    def decided_by_label(self) -> str:
        return LABELS.get(self.decided_by or "", "tied")


@dataclass(frozen=True)
class LotDraw:
    seed: int
    teams: tuple[Hashable, ...]  # the tied teams, in id order
    order: tuple[Hashable, ...]  # the order drawn


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    draws: tuple[LotDraw, ...]


def quotient(won: int, lost: int) -> tuple[int, Fraction]:
    """A sortable quotient, higher is better: x/0 is infinite, 0/0 below everything."""
    if lost == 0:
        return (2, Fraction(0)) if won > 0 else (0, Fraction(0))
    return (1, Fraction(won, lost))


def _sets_points(scheme: PointsScheme, won: int, lost: int) -> tuple[Number, Number]:
    return dict(scheme.by_sets).get((won, lost), (scheme.win, scheme.loss))


def _lines(match: Match, scheme: PointsScheme) -> list[_Line]:
    h, a = match.home, match.away
    if match.forfeit == BOTH:
        return [_Line(h, a, "L", True, scheme.forfeit, 0, 0, 0, 0),
                _Line(a, h, "L", True, scheme.forfeit, 0, 0, 0, 0)]
    if match.forfeit in (HOME, AWAY):
        winner, loser = (a, h) if match.forfeit == HOME else (h, a)
        if scheme.walkover_sets:
            w, lo = len(scheme.walkover_sets), 0
            sw = sum(s[0] for s in scheme.walkover_sets)
            sl = sum(s[1] for s in scheme.walkover_sets)
            pts = _sets_points(scheme, w, lo)[0]
        else:
            w, lo = scheme.walkover
            sw, sl, pts = w, lo, scheme.win
        return [_Line(winner, loser, "W", False, pts, w, lo, sw, sl),
                _Line(loser, winner, "L", True, scheme.forfeit, lo, w, sl, sw)]
    if match.forfeit is not None:
        raise ValueError("forfeit is 'home', 'away' or 'both'")
    if match.sets:
        if any(x == y or x < 0 or y < 0 for x, y in match.sets):
            raise ValueError("a set has a winner and no negative score")
        hs = sum(1 for x, y in match.sets if x > y)
        as_ = len(match.sets) - hs
        small = (sum(x for x, _ in match.sets), sum(y for _, y in match.sets))
    elif match.home_score is None or match.away_score is None:
        return []
    else:
        hs, as_ = match.home_score, match.away_score
        if hs < 0 or as_ < 0:
            raise ValueError("a score cannot be negative")
        small = (hs, as_)
    if hs == as_:
        return [_Line(h, a, "D", False, scheme.draw, hs, as_, *small),
                _Line(a, h, "D", False, scheme.draw, as_, hs, small[1], small[0])]
    pw, pl = _sets_points(scheme, max(hs, as_), min(hs, as_)) if match.sets else (
        scheme.win, scheme.loss)
    hp, ap = (pw, pl) if hs > as_ else (pl, pw)
    return [_Line(h, a, "W" if hs > as_ else "L", False, hp, hs, as_, *small),
            _Line(a, h, "W" if as_ > hs else "L", False, ap, as_, hs, small[1], small[0])]


def _value(criterion: str, lines: list[_Line]):
    if criterion.endswith("points") and "quotient" not in criterion:
        return sum((x.points for x in lines), Fraction(0))
    if criterion.endswith("wins"):
        return sum(1 for x in lines if x.result == "W")
    if criterion.endswith("difference"):
        return sum(x.scored - x.conceded for x in lines)
    if criterion.endswith("scored"):
        return sum(x.scored for x in lines)
    if criterion.endswith("point_quotient"):
        return quotient(sum(x.small_scored for x in lines), sum(x.small_conceded for x in lines))
    if criterion.endswith("quotient"):
        return quotient(sum(x.scored for x in lines), sum(x.conceded for x in lines))
    raise ValueError(f"unknown criterion {criterion!r}")


def _row(team: Hashable, lines: list[_Line]) -> Row:
    scored = sum(x.scored for x in lines)
    conceded = sum(x.conceded for x in lines)
    points = sum((x.points for x in lines), Fraction(0))
    return Row(
        team=team, played=len(lines),
        won=sum(1 for x in lines if x.result == "W"),
        drawn=sum(1 for x in lines if x.result == "D"),
        lost=sum(1 for x in lines if x.result == "L"),
        forfeits=sum(1 for x in lines if x.forfeited),
        scored=scored, conceded=conceded, difference=scored - conceded,
        points=int(points) if points.denominator == 1 else points,
        small_scored=sum(x.small_scored for x in lines),
        small_conceded=sum(x.small_conceded for x in lines),
    )


def standings(
    teams: Iterable[Hashable],
    matches: Iterable[Match],
    scheme: PointsScheme = GENERIC,
    criteria: Sequence[str] | None = None,
    seed: int | None = None,
    lot_decides_rank: bool = False,
) -> Table:
    """The group table: rows in rank order with the criterion that decided each rank."""
    team_list = sorted(set(teams), key=entry_order)
    crit = tuple(scheme.criteria if criteria is None else criteria)
    if unknown := [c for c in crit if c not in CRITERIA]:
        raise ValueError(f"unknown criteria {unknown}")
    lines: dict[Hashable, list[_Line]] = {t: [] for t in team_list}
    for m in matches:
        if m.home == m.away or m.home not in lines or m.away not in lines:
            raise ValueError(f"match {m.home!r} v {m.away!r}: teams not in this group")
        for line in _lines(m, scheme):
            lines[line.team].append(line)
    rng = random.Random(seed) if seed is not None else None
    draws: list[LotDraw] = []

    def separate(group: list[Hashable]) -> list[list[tuple[Hashable, str | None]]]:
        """Blocks of teams that share a rank, best first; restart on every split."""
        if len(group) == 1:
            return [[(group[0], None)]]
        for c in crit:
            if c == "lot":
                if rng is None or seed is None:
                    continue
                order = tuple(rng.sample(group, len(group)))
                draws.append(LotDraw(seed, tuple(group), order))
                if lot_decides_rank:
                    return [[(t, "lot")] for t in order]
                return [[(t, "lot") for t in order]]
            scope = set(group) if c.startswith("h2h") else None
            vals = {t: _value(c, [x for x in lines[t] if scope is None or x.opponent in scope])
                    for t in group}
            levels = sorted(set(vals.values()), reverse=True)
            if len(levels) == 1:
                continue
            blocks: list[list[tuple[Hashable, str | None]]] = []
            for level in levels:
                sub = [t for t in group if vals[t] == level]
                blocks.extend([[(sub[0], c)]] if len(sub) == 1 else separate(sub))
            return blocks
        return [[(t, None) for t in group]]

    rows: list[Row] = []
    for block in separate(team_list) if team_list else []:
        rank = len(rows) + 1
        for team, decided in block:
            rows.append(replace(_row(team, lines[team]), rank=rank, decided_by=decided))
    return Table(tuple(rows), tuple(draws))
