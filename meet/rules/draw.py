"""Drawing of lots (抽签) and the shared placement helpers of heats and groups.

The rule: every draw a meet makes (heat order of unseeded athletes, lane draw,
order of appearance in a field or judged event, 编排 of groups) is made with a
recorded seed, so that the organiser can show the draw (公开抽签) and anyone
can replay it: the same seed and the same entries give the same result.
A draw therefore takes an explicit integer seed and hands back the seed with
its result; :func:`new_seed` makes a fresh one from the operating system's
secure random source (``secrets.randbits(31)``).

Python's ``random.Random(int)`` is deterministic for an integer seed and its
``shuffle`` has been stable since Python 3.2, which is what makes replay work.

Two placement helpers used by heats (World Athletics Technical Rules, Book C1.1,
TR 20: zig-zag seeding, members of one team in different heats where possible)
and by group draws (serpentine pots, 蛇形排列) live here as well:
:func:`serpentine` and :func:`spread_delegations`.

Source: World Athletics Book C1.1 TR 20; research notes formats_anchors.md (c).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import networkx as nx

T = TypeVar("T")


@dataclass(frozen=True)
class DrawRecord:
    """What to print under a start list: 'lane draw, seed 123456789'."""

    seed: int
    kind: str  # "heats", "lanes", "order", "groups", ...
    description: str


@dataclass(frozen=True)
class Drawn(Generic[T]):
    """The result of a draw together with the seed that produced it."""

    result: T
    seed: int


def new_seed() -> int:
    """A fresh non-negative 31-bit seed (fits a signed 32-bit database column)."""
    return secrets.randbits(31)


def check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError("a draw seed must be an int")
    if seed < 0:
        raise ValueError("a draw seed must be non-negative")
    return seed


def make_rng(seed: int) -> random.Random:
    """The random source for one draw; always built from an explicit seed."""
    return random.Random(check_seed(seed))


def lot_order(items: Sequence[T], seed: int) -> Drawn[list[T]]:
    """Order ``items`` by lot (抽签排序)."""
    order = list(items)
    make_rng(seed).shuffle(order)
    return Drawn(order, seed)


def record(seed: int, kind: str, description: str) -> DrawRecord:
    return DrawRecord(seed=check_seed(seed), kind=kind, description=description)


def serpentine(count: int, groups: int) -> list[int]:
    """Group index of each of ``count`` ranked items dealt zig-zag into ``groups``.

    Ranks 1-8 into 4 groups give A B C D D C B A. Group sizes differ by at most one.
    """
    if groups < 1:
        raise ValueError("need at least one group")
    out = []
    for i in range(count):
        band, pos = divmod(i, groups)
        out.append(pos if band % 2 == 0 else groups - 1 - pos)
    return out


def spread_delegations(
    group_of: list[int],
    delegation_of: Callable[[int], Hashable | None],
    groups: int,
) -> list[int]:
    """Re-deal ``group_of`` (item index -> group) inside each seeding band so that
    items of the same delegation land in different groups where possible.

    A band is the run of ``groups`` consecutive ranks; exchanging two items of one
    band between their groups keeps the groups exactly as balanced as before.
    Bands are settled from the top rank down; within a band the assignment that
    meets the fewest team-mates already placed is chosen (an assignment problem,
    solved exactly), preferring the zig-zag place when nothing is gained.
    """
    result = list(group_of)
    members: list[list[int]] = [[] for _ in range(groups)]
    for start in range(0, len(group_of), groups):
        band = list(range(start, min(start + groups, len(group_of))))
        slots = [group_of[i] for i in band]
        graph = nx.Graph()
        for i in band:
            dlg = delegation_of(i)
            for g in slots:
                clash = 0 if dlg is None else sum(1 for m in members[g] if delegation_of(m) == dlg)
                cost = clash * clash * 100 + (0 if g == group_of[i] else 1)
                graph.add_edge(("item", i), ("group", g), weight=100_000 - cost)
        matching = nx.max_weight_matching(graph, maxcardinality=True)
        for a, b in matching:
            item, grp = (a, b) if a[0] == "item" else (b, a)
            result[item[1]] = grp[1]
        for i in band:
            members[result[i]].append(i)
    return _settle_clashes(result, delegation_of, groups)


def _settle_clashes(
    result: list[int], delegation_of: Callable[[int], Hashable | None], groups: int
) -> list[int]:
    """Exchange two items of one band between their groups while that lowers the number
    of team-mate pairs sharing a group: the band-by-band pass above cannot see that a
    later band will be forced into a clash an earlier exchange would have avoided."""
    count: dict[tuple[int, Hashable], int] = {}
    for i, g in enumerate(result):
        dlg = delegation_of(i)
        if dlg is not None:
            count[(g, dlg)] = count.get((g, dlg), 0) + 1
    improved = True
    while improved:
        improved = False
        for start in range(0, len(result), groups):
            band = range(start, min(start + groups, len(result)))
            for i in band:
                for j in band:
                    a, b = result[i], result[j]
                    x, y = delegation_of(i), delegation_of(j)
                    if i >= j or a == b or x == y:
                        continue
                    before = (count.get((a, x), 0) - 1 if x is not None else 0) + (
                        count.get((b, y), 0) - 1 if y is not None else 0)
                    after = (count.get((b, x), 0) if x is not None else 0) + (
                        count.get((a, y), 0) if y is not None else 0)
                    if after < before:
                        for g, d, step in ((a, x, -1), (b, x, 1), (b, y, -1), (a, y, 1)):
                            if d is not None:
                                count[(g, d)] = count.get((g, d), 0) + step
                        result[i], result[j] = b, a
                        improved = True
    return result
