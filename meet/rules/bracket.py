"""Single-elimination brackets (单败淘汰赛), byes (轮空), classification (排位赛).

The rules:

* The draw is sized to the next power of two. Seeds are placed in the standard
  order so that the two best seeds can only meet in the final: for 8 places
  1 v 8, 4 v 5, 2 v 7, 3 v 6; larger draws follow the same recursion (each seed s
  of the smaller draw is followed by its opponent size+1-s). The missing
  entries are byes, so byes fall to the top seeds; a bye is not a match, the
  seeded entry simply appears in the next round.
* Third-place match (三四名决赛, optional): the two semi-final losers play for
  3rd and 4th; without it both are placed 3rd.
* Classification for places 5-8 (optional): the quarter-final losers play two
  classification semi-finals, then the 5th-place and 7th-place matches; without
  it all four are placed 5th. Losers of earlier rounds share the next place
  (round of 16 losers are 9th).
* Groups then knockout (小组赛+淘汰赛): with the top two of 2^m groups the
  crossing is the one the FIFA World Cup uses: A1-B2, C1-D2, ... in the top half
  and B1-A2, D1-C2, ... in the bottom half, so teams from the same group can meet
  only in the final. For other numbers of groups or qualifiers, group winners
  take the top seed places, and each further tier is placed where it meets a team
  of its own group as late as possible.
* Each match slot is either an entry or "winner of M3" / "loser of M3"; recording
  winners fills the later matches automatically and yields final places.
* Small draws: one entry is 1st without a match; two entries play the final;
  three play one semi-final, the top seed having a bye, and the loser of that
  semi-final is 3rd.

Sources: standard seeding and byes, formats_anchors.md (c) "Elimination"
(pkg.go.dev Aquilabot/brackets); third-place and classification conventions of
FIBA/FIVB event regulations; FIFA World Cup 2018 round of 16 for the crossing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

ENTRY, WINNER, LOSER = "entry", "winner", "loser"


@dataclass(frozen=True)
class Slot:
    kind: str  # "entry" | "winner" | "loser"
    ref: Hashable  # the entry itself, or a match id

    def label(self) -> str:
        return str(self.ref) if self.kind == ENTRY else f"{self.kind} of {self.ref}"


@dataclass(frozen=True)
class Match:
    id: str  # "M1", in playing order
    round: int  # 1 = first round of the main draw
    name: str  # "Final", "Semi-final", "3rd place", "Classification 5-8"...
    a: Slot
    b: Slot
    places: tuple[int, int] | None = None  # (winner's place, loser's place)
    loser_place: int | None = None  # shared place of a loser who is not classified


@dataclass(frozen=True)
class Bracket:
    size: int
    matches: tuple[Match, ...]
    direct_places: tuple[tuple[Slot, int], ...] = ()  # places decided without a match


def next_power_of_two(n: int) -> int:
    return 1 if n <= 1 else 1 << (n - 1).bit_length()


def seed_order(size: int) -> list[int]:
    """Seed numbers in bracket position order: 8 -> [1, 8, 4, 5, 2, 7, 3, 6]."""
    if size < 1 or size & (size - 1):
        raise ValueError("size must be a power of two")
    order = [1]
    while len(order) < size:
        m = len(order) * 2
        order = [x for s in order for x in (s, m + 1 - s)]
    return order


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _main_name(k: int) -> str:
    return {2: "Final", 4: "Semi-final", 8: "Quarter-final"}.get(k, f"Round of {k}")


@dataclass
class _Builder:
    third_place: bool
    classify_5_8: bool
    made: list[tuple[int, bool, int, Match]] = field(default_factory=list)
    direct: list[tuple[Slot, int]] = field(default_factory=list)

    def build(self, slots: list[Slot | None], first: int, round_no: int) -> None:
        k = len(slots)
        if k == 1:
            if slots[0] is not None:
                self.direct.append((slots[0], first))
            return
        main = first == 1
        classify = (not main) or k == 2 or (k == 4 and self.third_place) or (
            k == 8 and self.classify_5_8)
        if main:
            name = _main_name(k)
        elif k == 2:
            name = f"{_ordinal(first)} place"
        else:
            name = f"Classification {first}-{first + k - 1}"
        winners: list[Slot | None] = []
        losers: list[Slot | None] = []
        for a, b in zip(slots[0::2], slots[1::2], strict=True):
            if a is None or b is None:
                alone = a if b is None else b
                if k == 2 and alone is not None:
                    self.direct.append((alone, first))  # walkover in a placing match
                winners.append(alone)
                losers.append(None)
                continue
            mid = f"_{len(self.made)}"
            places = (first, first + 1) if k == 2 else None
            loser_place = None if classify else first + k // 2
            match = Match(mid, round_no, name, a, b, places, loser_place)
            self.made.append((round_no, not main, len(self.made), match))
            winners.append(Slot(WINNER, mid))
            losers.append(Slot(LOSER, mid))
        if k > 2:
            self.build(winners, first, round_no + 1)
        if classify and k > 2:
            self.build(losers, first + k // 2, round_no + 1)

    def finish(self, size: int) -> Bracket:
        ordered = sorted(self.made, key=lambda t: t[:3])
        rename = {t[3].id: f"M{i}" for i, t in enumerate(ordered, start=1)}

        def fix(slot: Slot) -> Slot:
            return slot if slot.kind == ENTRY else Slot(slot.kind, rename[slot.ref])

        matches = tuple(
            Match(rename[m.id], m.round, m.name, fix(m.a), fix(m.b), m.places, m.loser_place)
            for *_, m in ordered
        )
        direct = tuple((fix(s), p) for s, p in self.direct)
        return Bracket(size, matches, direct)


def bracket_from_positions(
    positions: Sequence[Hashable | None], *, third_place: bool = False, classify_5_8: bool = False
) -> Bracket:
    """A bracket from entries already in position order (``None`` = bye)."""
    size = len(positions)
    if size == 0:
        return Bracket(0, ())
    if size & (size - 1):
        raise ValueError("number of positions must be a power of two")
    present = [p for p in positions if p is not None]
    if len(set(present)) != len(present):
        raise ValueError("an entry is placed twice")
    builder = _Builder(third_place, classify_5_8)
    builder.build([None if p is None else Slot(ENTRY, p) for p in positions], 1, 1)
    return builder.finish(size)


def single_elimination(
    entries: Sequence[Hashable], *, third_place: bool = False, classify_5_8: bool = False
) -> Bracket:
    """Bracket for ``entries`` given best seed first; byes go to the top seeds."""
    size = next_power_of_two(len(entries)) if entries else 0
    positions = [entries[s - 1] if s <= len(entries) else None for s in seed_order(size)] \
        if size else []
    return bracket_from_positions(positions, third_place=third_place, classify_5_8=classify_5_8)


def participants(
    bracket: Bracket, winners: Mapping[str, Hashable]
) -> dict[str, tuple[Hashable | None, Hashable | None]]:
    """Who plays each match so far, given the recorded ``winners`` (match id -> entry).

    Raises ValueError if a recorded winner is not one of that match's two players.
    """
    known: dict[str, tuple[Hashable | None, Hashable | None]] = {}

    def resolve(slot: Slot) -> Hashable | None:
        if slot.kind == ENTRY:
            return slot.ref
        a, b = known[slot.ref]
        w = winners.get(slot.ref)
        if w is None or a is None or b is None:
            return None
        return w if slot.kind == WINNER else (b if w == a else a)

    for m in bracket.matches:
        a, b = resolve(m.a), resolve(m.b)
        w = winners.get(m.id)
        if w is not None and (a is None or b is None or w not in (a, b)):
            raise ValueError(f"{w!r} cannot win {m.id}: players are {a!r} and {b!r}")
        known[m.id] = (a, b)
    return known


def final_places(bracket: Bracket, winners: Mapping[str, Hashable]) -> dict[Hashable, int]:
    """Places decided so far (ties allowed: two 3rd places without a 3rd-place match)."""
    known = participants(bracket, winners)
    places: dict[Hashable, int] = {}
    for m in bracket.matches:
        a, b = known[m.id]
        w = winners.get(m.id)
        if w is None:
            continue
        loser = b if w == a else a
        if m.places:
            places[w], places[loser] = m.places
        elif m.loser_place is not None:
            places[loser] = m.loser_place
    for slot, place in bracket.direct_places:
        if slot.kind == ENTRY:
            places[slot.ref] = place
            continue
        a, b = known[slot.ref]
        w = winners.get(slot.ref)
        if w is not None:
            places[w if slot.kind == WINNER else (b if w == a else a)] = place
    return places


# --- groups then knockout ----------------------------------------------------


def _meets_in(p: int, q: int) -> int:
    """Round in which bracket positions p and q can first meet (1 = first round)."""
    return (p ^ q).bit_length()


def crossover_positions(groups: Sequence[str], per_group: int) -> list[tuple[str, int] | None]:
    """Bracket positions for the top ``per_group`` of each group, as (group, place)."""
    g, k = len(groups), per_group
    if g == 0 or k < 1:
        return []
    if k == 2 and g >= 2 and g & (g - 1) == 0:
        top = [x for i in range(0, g, 2) for x in ((groups[i], 1), (groups[i + 1], 2))]
        bottom = [x for i in range(0, g, 2) for x in ((groups[i + 1], 1), (groups[i], 2))]
        return top + bottom
    size = next_power_of_two(g * k)
    order = seed_order(size)
    positions: list[tuple[str, int] | None] = [None] * size
    for tier in range(1, k + 1):
        seeds = range((tier - 1) * g + 1, tier * g + 1)
        free = [pos for pos, s in enumerate(order) if s in seeds]
        graph = nx.Graph()
        for gi, name in enumerate(groups):
            mates = [p for p, x in enumerate(positions) if x is not None and x[0] == name]
            for rank, pos in enumerate(free):
                late = min((_meets_in(pos, q) for q in mates), default=size.bit_length())
                weight = 10_000 * late * late - abs(rank - gi)
                graph.add_edge(("g", gi), ("p", pos), weight=weight)
        for u, v in nx.max_weight_matching(graph, maxcardinality=True):
            grp, pos = (u, v) if u[0] == "g" else (v, u)
            positions[pos[1]] = (groups[grp[1]], tier)
    return positions
