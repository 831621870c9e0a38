"""Heats (分组), lanes (道次) and orders of appearance (试跳/试掷顺序) in athletics.

The rules, after World Athletics Technical Rules (Book C1.1), TR 20 and TR 25:

* First round: athletes are seeded from their declared best marks (报名成绩);
  for a race the lower time is better, for a jump or throw the longer mark. An
  athlete with no mark is seeded after all athletes with one; ties and
  no-marks are ordered by lot. The seeded list is dealt zig-zag (蛇形) into the
  heats so that heats are of equal strength and differ in size by at most one;
  the number of heats is the fewest that fit the lanes. Athletes of the same
  delegation (代表队) are put into different heats where possible, by exchanging
  athletes within the same seeding band, which keeps the heats balanced.
* Lane draw (抽签定道): the four best-ranked athletes of a heat draw for lanes
  3, 4, 5 and 6; the 5th and 6th for lanes 7 and 8; the last two for lanes 1 and
  2. "Where there are fewer or more than 8 lanes, the above system with necessary
  modifications should be followed": we take the middle half of the usable lanes
  first, then the outer (higher-numbered) quarter, then the inner quarter. For a
  9-lane track that is 4-5-6, 7-8-9, 1-2-3; for 6 lanes 3-4, 5-6, 1-2. Lanes a
  venue cannot use are left out before the groups are formed. A venue can also
  give its own groups (one lane per group means lanes strictly by rank). When a
  heat has fewer athletes than lanes, the last group that is only partly filled
  draws among its lanes nearest the centre, so the outermost lanes stay empty.
* Later rounds: qualifiers are ranked (by place in their heat first, fastest heat
  winner first, then those who qualified on time), dealt zig-zag into heats, and
  draw lanes by that ranking.
* Field events: athletes are dealt into flights (小组) the same way; the order of
  trials within a flight is drawn by lot. With more than 8 athletes the best 8
  after three trials get three more, in the reverse order of their ranking after
  three trials ("3 + 3", TR 25.5-25.6); all athletes tied for 8th go through, and
  tied athletes keep their order of the original draw.
* Judged events (评分项目): order of appearance by lot.

Sources: World Athletics Book C1.1 Technical Rules, TR 20 (Heats, lane draw)
and TR 25 (field events, trials); research notes meet_anchors.md (c)6-7, (d)1.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from meet.rules.draw import Drawn, lot_order, make_rng, serpentine, spread_delegations


@dataclass(frozen=True)
class Entry:
    """One athlete (or relay team) entered in an event."""

    entry_id: str
    delegation: Hashable | None = None
    mark: float | None = None  # declared best: seconds for races, metres for field


@dataclass(frozen=True)
class Lane:
    entry: Entry
    lane: int
    rank: int  # seeding rank within the heat, 1 = best


@dataclass(frozen=True)
class Heat:
    number: int  # 1-based
    entries: tuple[Entry, ...]  # in seeding order, best first
    lanes: tuple[Lane, ...] = ()


@dataclass(frozen=True)
class Qualifier:
    """An athlete who goes through to the next round.

    ``heat_place`` is the place in the heat for a place qualifier (Q), ``None`` for
    a time qualifier (q); ``mark`` is the result in this round.
    """

    entry: Entry
    heat_place: int | None
    mark: float | None


def seeding_order(entries: Sequence[Entry], *, lower_is_better: bool, seed: int) -> list[Entry]:
    """Entries best first; equal marks and missing marks ordered by lot."""
    shuffled = lot_order(entries, seed).result

    def key(e: Entry) -> tuple[int, float]:
        if e.mark is None:
            return (1, 0.0)
        return (0, e.mark if lower_is_better else -e.mark)

    return sorted(shuffled, key=key)


def heat_count(entries: int, lanes: int) -> int:
    if lanes < 1:
        raise ValueError("need at least one lane")
    return max(1, math.ceil(entries / lanes)) if entries else 0


def deal_into_heats(ranked: Sequence[Entry], heats: int) -> list[list[Entry]]:
    """Zig-zag deal of an already ranked list, delegations spread within bands."""
    if not ranked:
        return []
    groups = serpentine(len(ranked), heats)
    groups = spread_delegations(groups, lambda i: ranked[i].delegation, heats)
    out: list[list[Entry]] = [[] for _ in range(heats)]
    for entry, grp in zip(ranked, groups, strict=True):
        out[grp].append(entry)
    return out


def standard_lane_groups(lanes: int, unusable: Sequence[int] = ()) -> list[list[int]]:
    """Lane-draw groups best first: middle half, outer quarter, inner quarter.

    >>> standard_lane_groups(8)
    [[3, 4, 5, 6], [7, 8], [1, 2]]
    """
    usable = [lane for lane in range(1, lanes + 1) if lane not in set(unusable)]
    m = len(usable)
    if m == 0:
        return []
    side = math.ceil(m / 4) if m > 2 else 0
    middle = usable[side:m - side]
    inner, outer = usable[:side], usable[m - side:]
    return [g for g in (middle, outer, inner) if g]


def priority_lane_groups(order: Sequence[int]) -> list[list[int]]:
    """Lanes strictly by rank in the given priority order (no draw), e.g. 4,5,3,6,2,7,1,8."""
    return [[lane] for lane in order]


def draw_lanes(
    ranked: Sequence[Entry], lane_groups: Sequence[Sequence[int]], seed: int
) -> Drawn[list[Lane]]:
    """Draw lanes for one heat whose athletes are given best first."""
    capacity = sum(len(g) for g in lane_groups)
    flat = [lane for g in lane_groups for lane in g]
    if len(set(flat)) != len(flat):
        raise ValueError("a lane appears in two groups")
    if len(ranked) > capacity:
        raise ValueError(f"{len(ranked)} athletes for {capacity} usable lanes")
    centre = (min(flat) + max(flat)) / 2 if flat else 0
    rng = make_rng(seed)
    out: list[Lane] = []
    pos = 0
    for group in lane_groups:
        take = min(len(group), len(ranked) - pos)
        if take <= 0:
            break
        lanes = sorted(group, key=lambda lane: (abs(lane - centre), lane))[:take]
        rng.shuffle(lanes)
        for offset, lane in enumerate(lanes):
            out.append(Lane(entry=ranked[pos + offset], lane=lane, rank=pos + offset + 1))
        pos += take
    return Drawn(out, seed)


def _heats_with_lanes(
    dealt: list[list[Entry]], lane_groups: Sequence[Sequence[int]], seed: int
) -> list[Heat]:
    rng = make_rng(seed)
    heats = []
    for number, members in enumerate(dealt, start=1):
        lanes = draw_lanes(members, lane_groups, rng.randrange(2**31)).result
        heats.append(Heat(number=number, entries=tuple(members), lanes=tuple(lanes)))
    return heats


def first_round(
    entries: Sequence[Entry],
    *,
    lanes: int = 8,
    unusable: Sequence[int] = (),
    lane_groups: Sequence[Sequence[int]] | None = None,
    lower_is_better: bool = True,
    heats: int | None = None,
    seed: int,
) -> Drawn[list[Heat]]:
    """Seed ``entries`` into heats and draw their lanes (one seed for the whole draw)."""
    groups = list(lane_groups) if lane_groups is not None else standard_lane_groups(lanes, unusable)
    capacity = sum(len(g) for g in groups)
    if entries and capacity == 0:
        raise ValueError("no usable lanes")
    count = heats if heats is not None else heat_count(len(entries), capacity)
    if entries and count * capacity < len(entries):
        raise ValueError(f"{len(entries)} athletes do not fit {count} heats of {capacity} lanes")
    ranked = seeding_order(entries, lower_is_better=lower_is_better, seed=seed)
    dealt = deal_into_heats(ranked, count)
    return Drawn(_heats_with_lanes(dealt, groups, seed), seed)


def rank_qualifiers(
    qualifiers: Sequence[Qualifier], *, lower_is_better: bool = True
) -> list[Entry]:
    """Order qualifiers for the next round: place qualifiers by place then mark
    (fastest heat winner first), then time qualifiers by mark."""

    def mark_key(q: Qualifier) -> float:
        if q.mark is None:
            return math.inf
        return q.mark if lower_is_better else -q.mark

    def key(q: Qualifier) -> tuple[int, int, float]:
        if q.heat_place is None:
            return (1, 0, mark_key(q))
        return (0, q.heat_place, mark_key(q))

    return [q.entry for q in sorted(qualifiers, key=key)]


def next_round(
    qualifiers: Sequence[Qualifier],
    *,
    heats: int,
    lanes: int = 8,
    unusable: Sequence[int] = (),
    lane_groups: Sequence[Sequence[int]] | None = None,
    lower_is_better: bool = True,
    seed: int,
) -> Drawn[list[Heat]]:
    """Fill the next round's heats from the qualifiers' ranking and draw lanes."""
    groups = list(lane_groups) if lane_groups is not None else standard_lane_groups(lanes, unusable)
    ranked = rank_qualifiers(qualifiers, lower_is_better=lower_is_better)
    if len(ranked) > heats * sum(len(g) for g in groups):
        raise ValueError("more qualifiers than lanes in the next round")
    dealt = deal_into_heats(ranked, heats)
    return Drawn(_heats_with_lanes(dealt, groups, seed), seed)


# --- field and judged events -------------------------------------------------


def flights(
    entries: Sequence[Entry], *, flights: int, lower_is_better: bool = False, seed: int
) -> Drawn[list[list[Entry]]]:
    """Deal athletes into flights (balanced, delegations spread); each flight's
    order of trials is drawn by lot."""
    if flights < 1:
        raise ValueError("need at least one flight")
    ranked = seeding_order(entries, lower_is_better=lower_is_better, seed=seed)
    dealt = deal_into_heats(ranked, flights) if ranked else [[] for _ in range(flights)]
    rng = make_rng(seed)
    ordered = [lot_order(group, rng.randrange(2**31)).result for group in dealt]
    return Drawn(ordered, seed)


def order_of_appearance(entries: Sequence[Entry], seed: int) -> Drawn[list[Entry]]:
    """Order of trials or of appearance in a judged event, by lot."""
    return lot_order(entries, seed)


def final_trials_order(
    draw_order: Sequence[Entry],
    rank_after_three: dict[str, int | None],
    *,
    finalists: int = 8,
) -> list[Entry]:
    """Who takes trials 4-6 and in what order ("3 + 3").

    ``rank_after_three`` maps entry_id to its rank after three trials (competition
    ranks, ``None`` = no valid trial). With ``finalists`` or fewer athletes, all go
    on. Otherwise those ranked ``finalists`` or better go on (ties for the last
    place all go on). The order is the reverse of the ranking; tied athletes keep
    their order of the original draw.
    """
    position = {e.entry_id: i for i, e in enumerate(draw_order)}
    worst = len(draw_order) + 1

    def rank(e: Entry) -> int:
        r = rank_after_three.get(e.entry_id)
        return worst if r is None else r

    going_on = [e for e in draw_order if len(draw_order) <= finalists or rank(e) <= finalists]
    return sorted(going_on, key=lambda e: (-rank(e), position[e.entry_id]))
