"""The competition plan of one event (编排): its rounds, units and slots, from its entries,
its format and one draw seed.

The rule in words: the organiser chooses the event's format; the draw then fixes every
round of the event at once, so the timetable can place all of them and the order book
can print them:

* the first round is filled with every entry: heats with lanes (TR 20), flights with an
  order of trials (TR 25), a judged session in an order of appearance, round-robin
  groups with their Berger fixtures, the first knockout round, or the first Swiss round;
* later rounds are created empty, each slot naming where its entry will come from:
  ``Q`` / ``q`` (a final filled by advancement), ``A1`` (winner of group A), ``W:M3`` /
  ``L:M3`` (winner / loser of match M3), ``SWISS`` (paired when the previous round is
  complete);
* every choice made by lot comes from the one seed, so the same entries, format and
  seed give the same plan (replay, 公开抽签).

Sizes the rules must survive are explained with a note instead of failing: no entries
(nothing to draw), a final with fewer athletes than lanes (outer lanes stay empty), a
group of one (placed without a match), a bracket of 3 (the top seed has a bye), a venue
with no lane count (an order of start by lot instead of lanes), heats that are not needed
(one race: a straight final). Impossible choices raise :class:`PlanError` with a code.

Sources: the rule modules this one combines (:mod:`heats`, :mod:`fixtures`,
:mod:`bracket`, :mod:`swiss`); research notes formats_anchors.md (c), meet_anchors.md (c).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from meet.rules import bracket as br
from meet.rules import heats as ht
from meet.rules import swiss as sw
from meet.rules.draw import lot_order, make_rng
from meet.rules.fixtures import round_robin, seeded_groups

LANE_FORMATS = ("final", "heats_final")
FIELD_FORMATS = ("flights",)
JUDGED_FORMATS = ("order",)
MATCH_FORMATS = ("round_robin", "knockout", "groups_knockout", "swiss")
FORMATS = LANE_FORMATS + FIELD_FORMATS + JUDGED_FORMATS + MATCH_FORMATS


class PlanError(ValueError):
    """A format that cannot be drawn for these entries; ``code`` names why, ``params``
    give the numbers for the message."""

    def __init__(self, code: str, **params):
        super().__init__(f"{code} {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Competitor:
    """An entry as the draw sees it: id, delegation, and a seeding mark (seconds or
    metres for athletics; for matches a seeding rank, 1 = best)."""

    id: int
    delegation: Hashable | None = None
    mark: float | None = None


@dataclass
class SlotPlan:
    position: int
    entry: int | None = None
    lane: int | None = None
    seed: int | None = None
    source: str = ""


@dataclass
class UnitPlan:
    number: int
    label: str  # the label is a key: the view translates it (see LABELS in the area)
    params: dict = field(default_factory=dict)
    code: str = ""
    group: str = ""
    slots: list[SlotPlan] = field(default_factory=list)


@dataclass
class RoundPlan:
    number: int
    name: str  # heats, final, flights, order, group, r16, qf, sf, f, swiss
    stage: str
    settings: dict = field(default_factory=dict)
    units: list[UnitPlan] = field(default_factory=list)


@dataclass
class Plan:
    rounds: list[RoundPlan] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)

    def layout(self) -> set[tuple[int, int, int, int, int | None]]:
        """(round, unit, position, entry, lane) of every slot the draw filled."""
        return {
            (r.number, u.number, s.position, s.entry, s.lane)
            for r in self.rounds for u in r.units for s in u.slots if s.entry is not None
        }


def _ht_entries(competitors: Sequence[Competitor]) -> list[ht.Entry]:
    return [ht.Entry(str(c.id), c.delegation, c.mark) for c in competitors]


def _lane_groups(settings: dict) -> list[list[int]]:
    """The groups the settings carry (the venue's, see meet.rules.lanes), else the
    standard groups of the lane count without the unusable lanes."""
    if settings.get("lane_groups") is not None:
        return [list(g) for g in settings["lane_groups"]]
    return ht.standard_lane_groups(settings["lanes"], settings.get("unusable") or ())


def _heat_units(heats: Sequence[ht.Heat], label: str) -> list[UnitPlan]:
    units = []
    for heat in heats:
        slots = [SlotPlan(i, int(ln.entry.entry_id), ln.lane, ln.rank)
                 for i, ln in enumerate(sorted(heat.lanes, key=lambda x: x.lane), start=1)]
        units.append(UnitPlan(heat.number, label, {"n": heat.number}, slots=slots))
    return units


def _ordered_units(groups: Sequence[Sequence[ht.Entry]], label: str) -> list[UnitPlan]:
    return [
        UnitPlan(n, label, {"n": n},
                 slots=[SlotPlan(i, int(e.entry_id)) for i, e in enumerate(members, 1)])
        for n, members in enumerate(groups, start=1)
    ]


def _races(plan: Plan, comps, settings, seed, *, stage: str, name: str, number: int = 1,
           heats: int | None = None) -> RoundPlan:
    """One round of races: lanes drawn when the venue has lanes, else an order by lot."""
    entries = _ht_entries(comps)
    lower = settings.get("lower_is_better", True)
    if not settings.get("lanes"):
        per = settings.get("per_unit") or 8
        count = heats or max(1, math.ceil(len(entries) / per))
        plan.notes.append(("no_lanes", {"per": per}))
        dealt = ht.flights(entries, flights=count, lower_is_better=lower, seed=seed).result
        return RoundPlan(number, name, stage, {}, _ordered_units(dealt, "race"))
    groups = _lane_groups(settings)
    capacity = sum(len(g) for g in groups)
    if capacity == 0:
        raise PlanError("no_usable_lanes")
    drawn = ht.first_round(entries, lane_groups=groups, lower_is_better=lower, heats=heats,
                           seed=seed).result
    if len(drawn) == 1 and len(entries) < capacity:
        plan.notes.append(("fewer_than_lanes", {"n": len(entries), "lanes": capacity}))
    return RoundPlan(number, name, stage, {}, _heat_units(drawn, "heat" if stage == "heats"
                                                           else "race"))


def _plan_lanes(plan: Plan, comps, settings, seed) -> None:
    lanes = settings.get("lanes")
    fmt = settings["format"]
    capacity = sum(len(g) for g in _lane_groups(settings)) if lanes else 0
    if fmt == "heats_final" and lanes and len(comps) <= capacity:
        plan.notes.append(("heats_not_needed", {"n": len(comps), "lanes": capacity}))
        fmt = "final"
    if fmt == "final" or not lanes:
        if fmt == "heats_final":
            plan.notes.append(("heats_need_lanes", {}))
        races = settings.get("heats") if lanes else None  # the organiser's race count
        if races:
            need = math.ceil(len(comps) / capacity)
            if races < need:
                raise PlanError("races_too_few", races=races, n=len(comps), lanes=capacity,
                                need=need)
            if races > len(comps):
                raise PlanError("races_too_many", races=races, n=len(comps))
        rnd = _races(plan, comps, settings, seed, stage="final", name="final",
                     heats=races or None)
        if len(rnd.units) > 1:
            plan.notes.append(("timed_final", {"races": len(rnd.units)}))
        plan.rounds.append(rnd)
        return
    heats = settings.get("heats") or ht.heat_count(len(comps), capacity)
    by_place = settings.get("Q")
    by_mark = settings.get("q")
    if by_place is None and by_mark is None:
        by_place = capacity // heats
        by_mark = capacity - by_place * heats
    by_place, by_mark = by_place or 0, by_mark or 0
    if by_place * heats + by_mark > capacity:
        raise PlanError("final_too_small", heats=heats, Q=by_place, q=by_mark, lanes=capacity)
    if by_place * heats + by_mark < 2:
        raise PlanError("nobody_advances")
    first = _races(plan, comps, settings, seed, stage="heats", name="heats", heats=heats)
    first.settings = {"Q": by_place, "q": by_mark, "next_heats": 1}
    plan.rounds.append(first)
    slots = [SlotPlan(i, source="Q") for i in range(1, by_place * heats + 1)]
    slots += [SlotPlan(len(slots) + i, source="q") for i in range(1, by_mark + 1)]
    plan.rounds.append(RoundPlan(2, "final", "final", {},
                                 [UnitPlan(1, "final", {}, slots=slots)]))


def _plan_flights(plan: Plan, comps, settings, seed) -> None:
    per = settings.get("per_unit") or 12
    count = settings.get("heats") or max(1, math.ceil(len(comps) / per))
    entries = _ht_entries(comps)
    dealt = ht.flights(entries, flights=count, lower_is_better=settings.get(
        "lower_is_better", False), seed=seed).result
    attempts = settings.get("attempts", "3")
    if attempts == "3+3" and len(comps) <= 8:
        plan.notes.append(("all_get_six", {"n": len(comps)}))
    plan.rounds.append(RoundPlan(1, "final", "flights", {"attempts": attempts},
                                 _ordered_units(dealt, "flight")))


def _plan_order(plan: Plan, comps, settings, seed) -> None:
    order = ht.order_of_appearance(_ht_entries(comps), seed).result
    sessions = max(1, min(settings.get("heats") or 1, len(order)))
    size = math.ceil(len(order) / sessions)
    parts = [order[i:i + size] for i in range(0, len(order), size)]
    plan.rounds.append(RoundPlan(1, "final", "order", {}, _ordered_units(parts, "session")))


def match_seeding(comps: Sequence[Competitor], seed: int) -> list[Competitor]:
    """Seeded entries first (lower rank number better), the rest by lot."""
    shuffled = lot_order(list(comps), seed).result
    return sorted(shuffled, key=lambda c: (c.mark is None, c.mark or 0))


def _group_stage(plan: Plan, comps, settings, seed, groups: int) -> RoundPlan:
    if groups < 1:
        raise PlanError("groups_positive")
    if groups > max(1, len(comps)):
        raise PlanError("too_many_groups", groups=groups, n=len(comps))
    ordered = match_seeding(comps, seed)
    dealt = seeded_groups(ordered, groups, delegation_of=lambda c: c.delegation)
    rnd = RoundPlan(1, "group", "group", {"groups": {g: [c.id for c in m]
                                                     for g, m in dealt.items()}})
    number = 0
    double = bool(settings.get("double"))
    odd = [g for g, m in dealt.items() if len(m) % 2 and len(m) > 1]
    if odd:
        plan.notes.append(("odd_groups", {"groups": odd}))
    for letter, members in dealt.items():
        if len(members) == 1:
            plan.notes.append(("group_of_one", {"group": letter}))
        rounds = round_robin([c.id for c in members], double=double)
        for r in rounds:
            for f in r.fixtures:
                number += 1
                rnd.units.append(UnitPlan(
                    number, "group_match", {"group": letter, "round": r.number},
                    code=f"G{number}", group=letter,
                    slots=[SlotPlan(1, f.home), SlotPlan(2, f.away)]))
    return rnd


_MAIN_NAMES = {"Final": "f", "Semi-final": "sf", "Quarter-final": "qf"}


def _round_key(matches: Sequence[br.Match]) -> str:
    names = [m.name for m in matches]
    for name in names:
        if name in _MAIN_NAMES:
            return _MAIN_NAMES[name]
        if name.startswith("Round of "):
            return "r" + name.removeprefix("Round of ")
    return "classification"


def _unit_label(match: br.Match) -> tuple[str, dict]:
    if match.name in _MAIN_NAMES:
        return _MAIN_NAMES[match.name], {}
    if match.name.startswith("Round of "):
        return "round_of", {"n": int(match.name.removeprefix("Round of "))}
    if match.name.endswith(" place"):
        return "place_match", {"place": match.places[0] if match.places else 0}
    first, last = match.name.removeprefix("Classification ").split("-")
    return "classification", {"first": int(first), "last": int(last)}


def _slot(slot: br.Slot, position: int, seeds: dict) -> SlotPlan:
    if slot.kind == br.ENTRY:
        if isinstance(slot.ref, int):
            return SlotPlan(position, slot.ref, seed=seeds.get(slot.ref))
        return SlotPlan(position, source=str(slot.ref))  # "A1": from the group stage
    prefix = "W" if slot.kind == br.WINNER else "L"
    return SlotPlan(position, source=f"{prefix}:{slot.ref}")


def knockout_rounds(bracket: br.Bracket, first_number: int, seeds: dict) -> list[RoundPlan]:
    """The bracket's matches as rounds of units; a match keeps its code (M1, M2 ...)."""
    by_round: dict[int, list[br.Match]] = {}
    for m in bracket.matches:
        by_round.setdefault(m.round, []).append(m)
    out = []
    for offset, r in enumerate(sorted(by_round)):
        matches = by_round[r]
        rnd = RoundPlan(first_number + offset, _round_key(matches), "knockout")
        for n, m in enumerate(matches, start=1):
            label, params = _unit_label(m)
            rnd.units.append(UnitPlan(n, label, params, code=m.id,
                                      slots=[_slot(m.a, 1, seeds), _slot(m.b, 2, seeds)]))
        out.append(rnd)
    return out


def _bracket_notes(plan: Plan, n: int) -> None:
    size = br.next_power_of_two(n)
    if n == 1:
        plan.notes.append(("bracket_of_one", {}))
    elif n == 3:
        plan.notes.append(("bracket_of_three", {}))
    elif size > n:
        plan.notes.append(("byes", {"byes": size - n, "size": size}))


def _plan_matches(plan: Plan, comps, settings, seed) -> None:
    fmt = settings["format"]
    best_of = settings.get("best_of") or 1
    common = {"best_of": best_of, "preset": settings.get("preset", "")}
    if fmt == "round_robin":
        rnd = _group_stage(plan, comps, settings, seed, settings.get("groups") or 1)
        rnd.settings |= common | {"double": bool(settings.get("double"))}
        plan.rounds.append(rnd)
    elif fmt == "knockout":
        ordered = match_seeding(comps, seed)
        seeds = {c.id: i for i, c in enumerate(ordered, start=1)}
        _bracket_notes(plan, len(ordered))
        bracket = br.single_elimination(
            [c.id for c in ordered], third_place=bool(settings.get("third_place")),
            classify_5_8=bool(settings.get("classify_5_8")))
        for rnd in knockout_rounds(bracket, 1, seeds):
            rnd.settings = dict(common)
            plan.rounds.append(rnd)
    elif fmt == "groups_knockout":
        groups = settings.get("groups") or 2
        advance = settings.get("advance") or 2
        first = _group_stage(plan, comps, settings, seed, groups)
        smallest = min(len(m) for m in first.settings["groups"].values())
        if advance > smallest:
            raise PlanError("advance_more_than_group", advance=advance, smallest=smallest)
        first.settings |= common | {"advance": advance}
        plan.rounds.append(first)
        positions = br.crossover_positions(list(first.settings["groups"]), advance)
        refs = [None if p is None else f"{p[0]}{p[1]}" for p in positions]
        _bracket_notes(plan, len([r for r in refs if r]))
        bracket = br.bracket_from_positions(
            refs, third_place=bool(settings.get("third_place")),
            classify_5_8=bool(settings.get("classify_5_8")))
        for rnd in knockout_rounds(bracket, 2, {}):
            rnd.settings = dict(common)
            plan.rounds.append(rnd)
    elif fmt == "swiss":
        _plan_swiss(plan, comps, settings, seed)
    else:
        raise PlanError("unknown_format", format=fmt)


def swiss_units(pairing: sw.RoundPairing) -> list[UnitPlan]:
    return [UnitPlan(p.board, "board", {"n": p.board},
                     slots=[SlotPlan(1, int(p.first)), SlotPlan(2, int(p.second))])
            for p in pairing.pairings]


def _plan_swiss(plan: Plan, comps, settings, seed) -> None:
    ordered = match_seeding(comps, seed)
    rounds = settings.get("rounds") or sw.recommended_rounds(len(ordered))
    rounds = max(1, min(rounds, max(1, len(ordered) - 1)))
    players = [str(c.id) for c in ordered]
    common = {"players": [c.id for c in ordered], "rounds": rounds,
              "tiebreaks": list(settings.get("tiebreaks") or
                                ("buchholz", "median_buchholz", "sonneborn_berger")),
              "colours": bool(settings.get("colours", True))}
    pairing = sw.pair_round(players, [], round_number=1, colours=common["colours"])
    first = RoundPlan(1, "swiss", "swiss", common | {"bye": _int(pairing.bye)},
                      swiss_units(pairing))
    plan.rounds.append(first)
    if pairing.bye is not None:
        plan.notes.append(("swiss_bye", {}))
    boards = len(ordered) // 2
    for r in range(2, rounds + 1):
        units = [UnitPlan(b, "board", {"n": b}, slots=[SlotPlan(1, source="SWISS"),
                                                       SlotPlan(2, source="SWISS")])
                 for b in range(1, boards + 1)]
        plan.rounds.append(RoundPlan(r, "swiss", "swiss", dict(common), units))


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


def plan_event(settings: dict, competitors: Sequence[Competitor], seed: int) -> Plan:
    """The whole plan of an event. ``settings`` are validated format settings
    (``meet.schedule.formats``); ``competitors`` in a stable order (entry id)."""
    plan = Plan()
    make_rng(seed)  # checks the seed
    fmt = settings.get("format")
    if fmt not in FORMATS:
        raise PlanError("unknown_format", format=fmt)
    comps = sorted(competitors, key=lambda c: c.id)
    if not comps:
        plan.notes.append(("no_entries", {}))
        return plan
    if fmt in LANE_FORMATS:
        _plan_lanes(plan, comps, settings, seed)
    elif fmt in FIELD_FORMATS:
        _plan_flights(plan, comps, settings, seed)
    elif fmt in JUDGED_FORMATS:
        _plan_order(plan, comps, settings, seed)
    else:
        if len(comps) == 1:
            plan.notes.append(("single_entry", {}))
        _plan_matches(plan, comps, settings, seed)
    return plan
