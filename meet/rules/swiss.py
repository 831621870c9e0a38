"""Swiss-system pairing (瑞士制编排) for 象棋, 围棋 and 掼蛋, with tie-breaks.

The rules, after the FIDE Handbook C.04 (Swiss rules) in the form a meet uses:

* Rounds: about ceil(log2 n) rounds separate a clear winner among n players
  (:func:`recommended_rounds`), never more than n-1.
* Each round players are paired within their score group (同分组), top half
  against bottom half; a player who cannot be paired there floats to the next
  group. Two players never meet twice (不重复对阵), and no player gets more than
  one bye (轮空). With an odd number the bye goes to the lowest-ranked player who
  has not had one; it scores as a win unless the regulations say otherwise.
  A forfeit win also counts as the bye (FIDE C.04.1 c); a forfeited game is not a
  game played, so the two players may still be paired later.
* Colours (先后手: white/black, 红/黑, 执黑/执白) where the game has them: the
  player who has had fewer first moves gets the first move, colours alternate,
  and nobody gets the same colour three times running when that can be avoided.
* Withdrawn players (退赛) are not paired; their games so far stand.
* The pairing is chosen as a whole, by maximum-weight matching (Edmonds'
  blossom algorithm, networkx), so a rematch that a greedy top-down pairing would
  force is avoided whenever some rematch-free pairing exists. The weights rank,
  in this order: no rematch, no second bye, bye to the lowest-ranked, same score
  group, colour, top half against bottom half.
* Standings: points, then the tie-breaks in the order the regulations list
  (configurable): Buchholz (对手分: sum of opponents' points), median Buchholz
  (drop the highest and the lowest opponent), Sonneborn-Berger (累进分 is another
  system; SB = points of opponents beaten plus half those drawn with), wins.
  Equal on all keys gives an equal competition rank (1, 2, 2, 4).
  Our convention for unplayed rounds (bye, forfeit): for Buchholz the missing
  opponent counts with the player's own points (FIDE's "virtual opponent" idea,
  simplified); Sonneborn-Berger counts played games only.

Sources: FIDE Handbook C.04.1 (basic rules), C.04.3 (Dutch system), C.07
(tie-breaks); research notes formats_anchors.md (c) "Swiss" (greedy rematch
counterexample phase-rs/phase#7937; bye to lowest-ranked, lichess-org/lila#6619).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

WIN, DRAW, LOSS = "1-0", "draw", "0-1"
FORFEIT_FIRST, FORFEIT_SECOND, DOUBLE_FORFEIT = "+/-", "-/+", "-/-"
RESULTS = (WIN, DRAW, LOSS, FORFEIT_FIRST, FORFEIT_SECOND, DOUBLE_FORFEIT)
TIEBREAKS = ("buchholz", "median_buchholz", "sonneborn_berger", "wins")

_BIG = 10**12
_BYE = "__bye__"


@dataclass(frozen=True)
class Scoring:
    win: float = 1.0
    draw: float = 0.5
    loss: float = 0.0
    bye: float = 1.0


@dataclass(frozen=True)
class Game:
    """One board of one round. ``second`` is None for a bye; ``result`` None = not
    yet played. ``first`` is the player with the first move (white, 红方, 黑棋)."""

    round: int
    first: str
    second: str | None
    result: str | None = None


@dataclass(frozen=True)
class Pairing:
    board: int
    first: str
    second: str


@dataclass(frozen=True)
class RoundPairing:
    round: int
    pairings: tuple[Pairing, ...]
    bye: str | None
    rematches: int = 0  # forced rematches (only when no rematch-free pairing exists)


@dataclass(frozen=True)
class Standing:
    player: str
    rank: int
    points: float
    tiebreaks: tuple[float, ...]


def recommended_rounds(players: int) -> int:
    if players < 2:
        return 0
    return min(players - 1, math.ceil(math.log2(players)))


def _points(game: Game, player: str, scoring: Scoring) -> float:
    if game.second is None:
        return scoring.bye
    if game.result is None:
        return 0.0
    if game.result not in RESULTS:
        raise ValueError(f"unknown result {game.result!r}")
    is_first = player == game.first
    won = {WIN: is_first, FORFEIT_FIRST: is_first, LOSS: not is_first,
           FORFEIT_SECOND: not is_first}.get(game.result, False)
    if game.result == DRAW:
        return scoring.draw
    return scoring.win if won else scoring.loss


def _played(game: Game) -> bool:
    return game.second is not None and game.result in (WIN, DRAW, LOSS)


def _had_bye(game: Game, player: str) -> bool:
    if game.second is None:
        return game.first == player
    return (game.result == FORFEIT_FIRST and game.first == player) or (
        game.result == FORFEIT_SECOND and game.second == player)


@dataclass
class _Record:
    points: float = 0.0
    opponents: list[str | None] = field(default_factory=list)  # None = unplayed round
    results: list[float] = field(default_factory=list)  # own points per round
    colours: str = ""  # "F"/"S" per played game
    met: set[str] = field(default_factory=set)
    byes: int = 0


def _records(
    players: Sequence[str], games: Sequence[Game], scoring: Scoring
) -> dict[str, _Record]:
    recs = {p: _Record() for p in players}
    for g in sorted(games, key=lambda g: g.round):
        for who in (g.first, g.second):
            if who is None:
                continue
            if who not in recs:
                raise ValueError(f"unknown player {who!r} in round {g.round}")
            rec = recs[who]
            pts = _points(g, who, scoring)
            rec.points += pts
            rec.results.append(pts)
            other = g.second if who == g.first else g.first
            rec.opponents.append(other if _played(g) else None)
            if _played(g):
                rec.met.add(other)
                rec.colours += "F" if who == g.first else "S"
            if _had_bye(g, who):
                rec.byes += 1
    return recs


def _colour_wish(colours: str) -> tuple[float, bool]:
    """(> 0 wants first move, < 0 wants second; strong = must not repeat)."""
    diff = colours.count("F") - colours.count("S")
    last = colours[-1:] or ""
    wish = -diff + (0.5 if last == "S" else -0.5 if last == "F" else 0.0)
    strong = abs(diff) >= 2 or colours[-2:] in ("FF", "SS")
    return wish, strong


def pair_round(
    players: Sequence[str],
    games: Sequence[Game],
    *,
    round_number: int | None = None,
    withdrawn: Sequence[str] = (),
    colours: bool = True,
    scoring: Scoring = Scoring(),
) -> RoundPairing:
    """Pair the next round. ``players`` is the initial ranking (rating order)."""
    recs = _records(players, games, scoring)
    number = round_number or (max((g.round for g in games), default=0) + 1)
    active = [p for p in players if p not in set(withdrawn)]
    initial = {p: i for i, p in enumerate(players)}
    order = sorted(active, key=lambda p: (-recs[p].points, initial[p]))
    pos = {p: i for i, p in enumerate(order)}
    groups: dict[float, list[str]] = {}
    for p in order:
        groups.setdefault(recs[p].points, []).append(p)
    in_group = {p: (i, len(g)) for g in groups.values() for i, p in enumerate(g)}

    graph = nx.Graph()
    graph.add_nodes_from(order)
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            if b in recs[a].met:
                graph.add_edge(a, b, weight=1)
                continue
            halves = round(abs(recs[a].points - recs[b].points) * 2)
            cost = 10_000 * halves * halves
            if recs[a].points == recs[b].points:
                (ia, size), (ib, _) = in_group[a], in_group[b]
                cost += int((abs(ia - ib) - size / 2) ** 2)
            if colours:
                (wa, sa), (wb, sb) = _colour_wish(recs[a].colours), _colour_wish(recs[b].colours)
                if wa * wb > 0:
                    cost += 5_000 if (sa and sb) else 300
            graph.add_edge(a, b, weight=_BIG - cost)
    if len(order) % 2:
        for p in order:
            if recs[p].byes:
                graph.add_edge(_BYE, p, weight=1)
            else:
                graph.add_edge(_BYE, p, weight=_BIG - 200_000 * (len(order) - 1 - pos[p]))
    matching = nx.max_weight_matching(graph, maxcardinality=True)

    bye, pairs, rematches = None, [], 0
    for a, b in matching:
        if _BYE in (a, b):
            bye = b if a == _BYE else a
            continue
        a, b = sorted((a, b), key=pos.__getitem__)
        rematches += b in recs[a].met
        pairs.append((a, b))
    pairs.sort(key=lambda ab: pos[ab[0]])
    boards = []
    for board, (a, b) in enumerate(pairs, start=1):
        first, second = a, b
        if colours:
            wa, wb = _colour_wish(recs[a].colours)[0], _colour_wish(recs[b].colours)[0]
            if wb > wa or (wa == wb and not recs[a].colours and board % 2 == 0):
                first, second = b, a
        boards.append(Pairing(board, first, second))
    return RoundPairing(number, tuple(boards), bye, rematches)


def pairing_games(pairing: RoundPairing) -> list[Game]:
    """The round's games (results still open) plus the bye, ready to store."""
    games = [Game(pairing.round, p.first, p.second) for p in pairing.pairings]
    if pairing.bye is not None:
        games.append(Game(pairing.round, pairing.bye, None))
    return games


def _share(points: float, scoring: Scoring) -> float:
    return 1.0 if points == scoring.win else 0.5 if points == scoring.draw else 0.0


def standings(
    players: Sequence[str],
    games: Sequence[Game],
    *,
    tiebreaks: Sequence[str] = ("buchholz", "median_buchholz", "sonneborn_berger"),
    scoring: Scoring = Scoring(),
) -> list[Standing]:
    """Final or current standings with competition ranks."""
    for tb in tiebreaks:
        if tb not in TIEBREAKS:
            raise ValueError(f"unknown tie-break {tb!r}")
    recs = _records(players, games, scoring)

    def values(p: str) -> tuple[float, ...]:
        rec = recs[p]
        opp = [rec.points if o is None else recs[o].points for o in rec.opponents]
        played = [(o, r) for o, r in zip(rec.opponents, rec.results, strict=True) if o is not None]
        out = []
        for tb in tiebreaks:
            if tb == "buchholz":
                out.append(sum(opp))
            elif tb == "median_buchholz":
                out.append(sum(sorted(opp)[1:-1]) if len(opp) >= 3 else sum(opp))
            elif tb == "sonneborn_berger":
                out.append(sum(recs[o].points * _share(r, scoring) for o, r in played))
            else:
                out.append(float(sum(1 for _, r in played if r == scoring.win)))
        return tuple(out)

    initial = {p: i for i, p in enumerate(players)}
    keyed = [(recs[p].points, values(p), p) for p in players]
    keyed.sort(key=lambda t: (-t[0], tuple(-v for v in t[1]), initial[t[2]]))
    out: list[Standing] = []
    for i, (pts, tbs, p) in enumerate(keyed):
        tied = out and out[-1].points == pts and out[-1].tiebreaks == tbs
        out.append(Standing(p, out[-1].rank if tied else i + 1, pts, tbs))
    return out
