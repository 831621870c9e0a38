"""Advancement from heats to the next round (预赛/复赛录取): Q, q and qD.

The rules, as World Athletics TR 21 and the seeding rule TR 20 write them:

* The first ``k`` of each heat qualify by place (Q, 按名次录取); then the next ``m``
  best performances over all heats qualify by mark (q, 按成绩录取).
* Places are the heat's competition ranks, which already use the photo-finish
  thousandths or the field countback where the event has them; so a tie that reaches
  this module is a true tie.
* A tie for the last Q or q spot: if the next round has room (``capacity``: lanes or
  places in the next round), all the tied athletes advance; otherwise lots are drawn
  (抽签) among them for the remaining spots, with a recorded seed, and the winners are
  marked qD. When several heats have a tie for their last Q spot and not all of them
  fit, each of those heats draws; an athlete who loses a Q draw can still qualify by
  mark (q).
* An entry with a status (DNS, DNF, DQ, NM, r) never advances.
* A heat with fewer placed finishers than ``k``: only its placed finishers qualify by
  place; its unused Q spots stay empty (the qualification table is fixed in advance),
  unless ``refill`` is set, in which case they are added to the q spots (a technical
  delegate's choice).
* Seeding for the next round (TR 20.4.3): the heat winners by performance, then the
  second places by performance, and so on, then the time/mark qualifiers by
  performance. Equal performances share a seed rank; the lane draw separates them.

Sources: World Athletics Technical Rules TR 20.4, TR 21.2-21.3 (ties for qualifying
places, qD since 1 Nov 2023); research notes ``docs/research/meet_anchors.md`` (d) 3, 6
and (c) 2, 7.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from meet.rules.ranking import Key, Placing, competition_ranks, entry_order

BY_PLACE = "Q"
BY_MARK = "q"
BY_DRAW = "qD"


class AdvancementError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Qualifier:
    """An athlete going through. ``route`` is "place" or "mark" (a qD took part in a
    draw on that route); ``seed_rank`` orders the next round's seeding."""

    entry: Hashable
    heat: int  # index of the heat in the input
    place: int
    key: Key
    code: str  # "Q", "q" or "qD"
    route: str
    seed_rank: int


@dataclass(frozen=True)
class Draw:
    """A drawing of lots, kept for the record: who was in it, for how many spots."""

    seed: int
    route: str
    heat: int | None
    contenders: tuple[Hashable, ...]
    spots: int
    winners: tuple[Hashable, ...]


@dataclass(frozen=True)
class Advancement:
    qualifiers: tuple[Qualifier, ...]
    draws: tuple[Draw, ...]
    empty_spots: int  # spots of the nominal table left unfilled

    def entries(self) -> list[Hashable]:
        return [q.entry for q in self.qualifiers]


def _draw(rng: random.Random | None, seed: int | None, route: str, heat: int | None,
          group: list[Placing], spots: int) -> tuple[list[Placing], Draw]:
    if rng is None or seed is None:
        raise AdvancementError("seed", "a tie needs a drawing of lots: give a seed")
    ordered = sorted(group, key=lambda p: entry_order(p.entry))
    winners = rng.sample(ordered, spots)
    winners.sort(key=lambda p: entry_order(p.entry))
    record = Draw(seed, route, heat, tuple(p.entry for p in ordered), spots,
                  tuple(p.entry for p in winners))
    return winners, record


def advance(
    heats: Sequence[Sequence[Placing]],
    by_place: int,
    by_mark: int = 0,
    capacity: int | None = None,
    seed: int | None = None,
    refill: bool = False,
) -> Advancement:
    """Pick the qualifiers from ranked heats (each a list from :mod:`ranking`).

    ``capacity`` is how many the next round can take (default: exactly
    ``by_place * len(heats) + by_mark``); ``seed`` feeds ``random.Random`` when lots
    must be drawn (raises ``AdvancementError("seed")`` if needed and missing).
    """
    if by_place < 0 or by_mark < 0:
        raise ValueError("qualifying numbers cannot be negative")
    nominal = by_place * len(heats) + by_mark
    capacity = nominal if capacity is None else capacity
    if capacity < nominal:
        raise ValueError("capacity is smaller than the qualification table")
    rng = random.Random(seed) if seed is not None else None
    placed_by_heat = [
        sorted((p for p in heat if p.rank is not None),
               key=lambda p: (p.rank, entry_order(p.entry)))
        for heat in heats
    ]
    seen = [p.entry for heat in placed_by_heat for p in heat]
    if len(seen) != len(set(seen)):
        raise ValueError("an entry appears in more than one heat")

    chosen: list[tuple[int, Placing, str, str]] = []  # heat, placing, code, route
    draws: list[Draw] = []
    candidates = [[p for p in heat if p.rank <= by_place] for heat in placed_by_heat]
    unused = sum(max(0, by_place - len(c)) for c in candidates)
    mark_spots = by_mark + (unused if refill else 0)
    empty = 0 if refill else unused
    ties_fit = sum(len(c) for c in candidates) + mark_spots <= capacity
    for h, cands in enumerate(candidates):
        if len(cands) <= by_place or ties_fit:
            chosen.extend((h, p, BY_PLACE, "place") for p in cands)
            continue
        last = cands[-1].rank
        sure = [p for p in cands if p.rank < last]
        group = [p for p in cands if p.rank == last]
        chosen.extend((h, p, BY_PLACE, "place") for p in sure)
        winners, record = _draw(rng, seed, "place", h, group, by_place - len(sure))
        draws.append(record)
        chosen.extend((h, p, BY_DRAW, "place") for p in winners)

    taken = {p.entry for _, p, _, _ in chosen}
    heat_of = {p.entry: h for h, heat in enumerate(placed_by_heat) for p in heat}
    pool = sorted((p for heat in placed_by_heat for p in heat if p.entry not in taken),
                  key=lambda p: (p.key, entry_order(p.entry)))
    if mark_spots and pool:
        if len(pool) <= mark_spots:
            chosen.extend((heat_of[p.entry], p, BY_MARK, "mark") for p in pool)
            empty += mark_spots - len(pool)
        else:
            edge = pool[mark_spots - 1].key
            ahead = [p for p in pool if p.key < edge]
            group = [p for p in pool if p.key == edge]
            chosen.extend((heat_of[p.entry], p, BY_MARK, "mark") for p in ahead)
            if len(chosen) + len(group) <= capacity:
                chosen.extend((heat_of[p.entry], p, BY_MARK, "mark") for p in group)
            else:
                winners, record = _draw(rng, seed, "mark", None, group,
                                        mark_spots - len(ahead))
                draws.append(record)
                chosen.extend((heat_of[p.entry], p, BY_DRAW, "mark") for p in winners)
    else:
        empty += mark_spots

    def seeding(item: tuple[int, Placing, str, str]) -> tuple:
        _, p, _, route = item
        return (0, p.rank, p.key) if route == "place" else (1, 0, p.key)

    chosen.sort(key=lambda item: (seeding(item), entry_order(item[1].entry)))
    ranks = competition_ranks([seeding(item) for item in chosen])
    qualifiers = tuple(
        Qualifier(p.entry, h, p.rank, p.key, code, route, r)  # type: ignore[arg-type]
        for (h, p, code, route), r in zip(chosen, ranks, strict=True)
    )
    return Advancement(qualifiers, tuple(draws), empty)
