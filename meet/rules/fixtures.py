"""Round-robin fixtures (单循环/双循环赛程) and seeded groups (分组).

The rules:

* Single round robin by the circle method as printed in the Berger tables
  (贝格尔编排法, FIDE Handbook C.05 Annex 1): the teams get the numbers 1..n in the
  order given (seed or drawn numbers); with an odd n a dummy number n+1 is added
  and the team drawn against it has a bye (轮空) in that round. Team n stays put
  while the others rotate: in round r the partner of n is p = (r-1)·n/2 mod (n-1)
  + 1, and the other pairs are p+k against p-k (k = 1..n/2-1, counted round
  1..n-1), the team written first being at home (主/先). Team n is at home in even
  rounds. This gives n-1 rounds in which every pair meets once, no team plays
  twice in a round, and every team's number of home games differs from any other
  team's by at most one.
* Double round robin: the second leg (第二循环) repeats the first leg's rounds in
  the same order with home and away swapped (formats_anchors.md (c): keep the
  round order, do not reverse it).
* Groups from seeding pots (种子分档): the teams in seeding order are dealt
  serpentine (蛇形) over the groups, 1-8 into four groups giving A B C D D C B A.
  Optionally two teams of the same delegation are kept in different groups when
  possible, by exchanging teams within the same pot (which keeps the pots fair).

Sources: FIDE Handbook C.05 Annex 1 (Berger tables); research notes
formats_anchors.md (c) "Round robin"; brackets-manager PR #249 (return leg).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from meet.rules.draw import serpentine, spread_delegations

T = TypeVar("T")


@dataclass(frozen=True)
class Fixture:
    round: int  # 1-based
    home: Hashable
    away: Hashable


@dataclass(frozen=True)
class Round:
    number: int
    fixtures: tuple[Fixture, ...]
    bye: Hashable | None = None


def berger_pairs(n: int) -> list[list[tuple[int, int]]]:
    """Berger table for numbers 1..n (n even): per round, (home, away) pairs."""
    if n % 2 or n < 2:
        raise ValueError("Berger tables need an even number of at least 2")
    half = n // 2
    rounds = []
    for r in range(1, n):
        p = ((r - 1) * half) % (n - 1) + 1
        pairs = [(n, p) if r % 2 == 0 else (p, n)]
        for k in range(1, half):
            home = (p - 1 + k) % (n - 1) + 1
            away = (p - 1 - k) % (n - 1) + 1
            pairs.append((home, away))
        rounds.append(pairs)
    return rounds


def round_robin(teams: Sequence[Hashable], *, double: bool = False) -> list[Round]:
    """All rounds of a (double) round robin for ``teams`` in draw-number order."""
    teams = list(teams)
    if len(set(teams)) != len(teams):
        raise ValueError("a team is listed twice")
    if len(teams) < 2:
        return []
    n = len(teams) + len(teams) % 2
    dummy = len(teams) + 1 if len(teams) % 2 else None
    first_leg: list[Round] = []
    for number, pairs in enumerate(berger_pairs(n), start=1):
        fixtures, bye = [], None
        for h, a in pairs:
            if dummy in (h, a):
                bye = teams[(a if h == dummy else h) - 1]
                continue
            fixtures.append(Fixture(number, teams[h - 1], teams[a - 1]))
        first_leg.append(Round(number, tuple(fixtures), bye))
    if not double:
        return first_leg
    legs = len(first_leg)
    second_leg = [
        Round(
            r.number + legs,
            tuple(Fixture(r.number + legs, f.away, f.home) for f in r.fixtures),
            r.bye,
        )
        for r in first_leg
    ]
    return first_leg + second_leg


def home_counts(rounds: Sequence[Round]) -> dict[Hashable, int]:
    counts: dict[Hashable, int] = {}
    for r in rounds:
        for f in r.fixtures:
            counts[f.home] = counts.get(f.home, 0) + 1
            counts.setdefault(f.away, 0)
    return counts


def group_letters(count: int) -> list[str]:
    if not 1 <= count <= 26:
        raise ValueError("between 1 and 26 groups")
    return [chr(ord("A") + i) for i in range(count)]


def seeded_groups(
    teams: Sequence[T],
    groups: int,
    *,
    delegation_of: Callable[[T], Hashable | None] | None = None,
) -> dict[str, list[T]]:
    """Deal ``teams`` (best seed first) serpentine into groups A, B, C...

    Each group's list is in pot order (its seed first). With ``delegation_of``,
    teams of one delegation are kept apart where an exchange within a pot allows it.
    """
    letters = group_letters(groups)
    dealt = serpentine(len(teams), groups)
    if delegation_of is not None:
        dealt = spread_delegations(dealt, lambda i: delegation_of(teams[i]), groups)
    out: dict[str, list[T]] = {letter: [] for letter in letters}
    for team, g in zip(teams, dealt, strict=True):
        out[letters[g]].append(team)
    return out
