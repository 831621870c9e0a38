"""Next rounds without retyping: the scoring area calls :func:`advance_round` after it
publishes a unit's results.

What this module reads from the scoring area's :class:`~meet.models.Result` rows (one
per slot): ``status`` ("OK" or DNS/DNF/DQ/NM/r), ``place`` within the unit, and
``mark_value`` (thousandths of a second, centimetres, counts; for a match, the side's
score x 1000, sets won in a best-of-N sport; ``detail["sets"]`` the set scores
``[[own, opponent], ...]`` when there are sets). In a match the winner has place 1, the
loser place 2; a draw gives both place 1; a side with status DNS or DQ forfeits.

* heats -> final: Q by place and q by mark (:func:`meet.rules.advancement.advance`, ties
  for the last spot by a recorded lot, qD), then lanes drawn by rank
  (:func:`meet.rules.heats.next_round`); the qualifiers' results get their Q/q/qD.
* group stage -> knockout: each group's table (:func:`meet.rules.roundrobin.standings`,
  points preset of the event, ties left by every criterion decided by a recorded lot)
  fills the knockout slots named "A1", "B2" ...
* knockout: slots "W:M3" / "L:M3" get the winner / loser of M3 once it is decided
  (:func:`meet.rules.bracket.participants`), in every later round at once.
* Swiss: when every board of a round has a result, the next round is paired from the
  standings (:func:`meet.rules.swiss.pair_round`).

Each random choice is stored as a DrawRecord (kind "advance") and can be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass

from meet.extensions import db
from meet.models import DrawRecord, Result, Round, RoundStatus, Unit, UnitSlot, Venue
from meet.operations import actor_id, audit, commit
from meet.rules import advancement as adv
from meet.rules import bracket as br
from meet.rules import heats as ht
from meet.rules import roundrobin as rr
from meet.rules import swiss as sw
from meet.rules.draw import new_seed
from meet.rules.ranking import Placing
from meet.schedule import formats, queries
from meet.signals import registration_changed

PRESETS = {"fiba": rr.FIBA, "fivb": rr.FIVB, "ittf": rr.TABLE_TENNIS, "football": rr.FOOTBALL}


@dataclass(frozen=True)
class Advance:
    """What :func:`advance_round` did: slots filled, or why it waits."""

    filled: int
    waiting: str = ""  # "results" (a unit has no results yet), "" when done


def _results(rnd: Round) -> dict[int, Result]:
    ids = [s.id for u in rnd.units for s in u.slots]
    if not ids:
        return {}
    rows = db.session.scalars(db.select(Result).where(Result.slot_id.in_(ids)))
    return {r.slot_id: r for r in rows}


def _complete(rnd: Round, results: dict[int, Result]) -> bool:
    return all(s.id in results for u in rnd.units for s in u.slots if s.entry_id is not None)


def advance_round(rnd: Round, *, seed: int | None = None) -> Advance:
    """Fill what the published results of ``rnd`` decide, commit, and say what it did.

    Safe to call after every published unit: it waits (``waiting="results"``) until the
    round it needs is complete, and filling twice gives the same slots.
    """
    stage = rnd.stage
    if stage == "knockout":
        filled = fill_knockout(rnd.event_id)
        return _done(rnd, filled, "knockout")
    results = _results(rnd)
    if not _complete(rnd, results):
        return Advance(0, "results")
    nxt = db.session.scalar(db.select(Round).where(Round.event_id == rnd.event_id,
                                                   Round.number == rnd.number + 1))
    rnd.status = RoundStatus.COMPLETE.value
    if nxt is None:
        return _done(rnd, 0, stage)
    if stage == "heats":
        filled = _heats_to_final(rnd, nxt, results, seed)
    elif stage == "group":
        filled = _groups_to_knockout(rnd, nxt, results, seed)
        filled += fill_knockout(rnd.event_id)
    elif stage == "swiss":
        filled = _pair_next(rnd, nxt)
    else:
        filled = 0
    return _done(rnd, filled, stage)


def _done(rnd: Round, filled: int, stage: str) -> Advance:
    audit("schedule.advanced", rnd, meet_id=rnd.event.meet_id, stage=stage, filled=filled)
    commit((registration_changed, {"meet_id": rnd.event.meet_id}))
    return Advance(filled)


def _record(rnd: Round, seed: int, detail: dict) -> None:
    db.session.add(DrawRecord(round_id=rnd.id, kind="advance", seed=seed,
                              drawn_by_id=actor_id(), detail=detail))


def _layout(rnd: Round) -> list[list]:
    return sorted([rnd.number, u.number, s.position, s.entry_id, s.lane]
                  for u in rnd.units for s in u.slots if s.entry_id is not None)


# --- heats -> final -----------------------------------------------------------------


def _next_heats(inputs: dict, seed: int) -> list[ht.Heat]:
    qualifiers = [ht.Qualifier(ht.Entry(str(e), d), place, mark)
                  for e, d, place, mark in inputs["qualifiers"]]
    return ht.next_round(qualifiers, heats=inputs["heats"], lane_groups=inputs["lane_groups"],
                         lower_is_better=True, seed=seed).result


def _next_lane_groups(nxt: Round, fmt: dict, qualifiers: int) -> list[list[int]]:
    """The lane-draw groups of the next round, read now (a lane that broke after the heats
    is not drawn in the final): the venue the round's units are placed on when they share
    one with lanes, else the event's draw venue, with the event's own unusable lanes left
    out as well. When those lanes are fewer than the ``qualifiers`` the published
    qualification table promises, or no venue has lanes any more, the groups of the
    event's draw are kept (they had room for the table)."""
    drawn = fmt.get("lane_groups")
    if drawn is None:
        drawn = ht.standard_lane_groups(fmt.get("lanes") or 8, fmt.get("unusable") or ())
    placed = {u.venue_id for u in nxt.units}
    venue = db.session.get(Venue, placed.pop()) if len(placed) == 1 and None not in placed \
        else None
    if venue is None or not venue.lanes:
        venue = db.session.get(Venue, fmt["venue_id"]) if fmt.get("venue_id") else None
    if venue is not None and venue.lanes:
        now = formats.complete(fmt, venue)["lane_groups"]
        if len(nxt.units) * sum(len(g) for g in now) >= qualifiers:
            return now
    return [list(g) for g in drawn]


def _heats_to_final(rnd: Round, nxt: Round, results: dict, seed: int | None) -> int:
    fmt = (queries.first_round(rnd.event_id).settings or {}).get("event_format", {})
    lower = fmt.get("lower_is_better", True)
    heats, delegation = [], {}
    for unit in rnd.units:
        placings = []
        for s in unit.slots:
            r = results.get(s.id)
            if s.entry_id is None or r is None:
                continue
            delegation[s.entry_id] = r.entry.delegation_id if r.entry else None
            ok = r.status == "OK" and r.place is not None and r.mark_value is not None
            key = (r.mark_value if lower else -r.mark_value,) if ok else None
            placings.append(Placing(s.entry_id, r.place if ok else None, key))
        heats.append(placings)
    by_place, by_mark = rnd.settings.get("Q", 0), rnd.settings.get("q", 0)
    groups = _next_lane_groups(nxt, fmt, by_place * len(heats) + by_mark)
    capacity = len(nxt.units) * sum(len(g) for g in groups)
    seed = new_seed() if seed is None else seed
    outcome = adv.advance(heats, by_place, by_mark, capacity=capacity, seed=seed)
    code = {q.entry: q.code for q in outcome.qualifiers}
    inputs = {"qualifiers": [[q.entry, delegation.get(q.entry),
                              q.place if q.route == "place" else None, q.key[0]]
                             for q in outcome.qualifiers],
              "heats": len(nxt.units), "lane_groups": groups}
    drawn = _next_heats(inputs, seed)
    for unit, heat in zip(nxt.units, drawn, strict=True):
        unit.slots.clear()
        db.session.flush()
        for pos, lane in enumerate(sorted(heat.lanes, key=lambda x: x.lane), start=1):
            entry = int(lane.entry.entry_id)
            unit.slots.append(UnitSlot(entry_id=entry, position=pos, lane=lane.lane,
                                       seed=lane.rank, qualified_from=code[entry]))
    for r in results.values():
        r.qualified = code.get(r.entry_id, "")
    db.session.flush()
    _record(nxt, seed, {"rule": "heats_next", "inputs": inputs, "layout": _layout(nxt),
                        "ties": [[list(d.contenders), d.spots, list(d.winners)]
                                 for d in outcome.draws]})
    return len(outcome.qualifiers)


# --- groups -> knockout -------------------------------------------------------------


def _match(unit: Unit, results: dict) -> rr.Match | None:
    if len(unit.slots) != 2:
        return None
    home, away = unit.slots
    rh, ra = results.get(home.id), results.get(away.id)
    if rh is None or ra is None:
        return None
    forfeit = None
    out_h, out_a = rh.status in ("DNS", "DQ"), ra.status in ("DNS", "DQ")
    if out_h or out_a:
        forfeit = rr.BOTH if out_h and out_a else (rr.HOME if out_h else rr.AWAY)
        return rr.Match(home.entry_id, away.entry_id, forfeit=forfeit)
    sets = tuple(tuple(s) for s in (rh.detail or {}).get("sets", []))
    return rr.Match(home.entry_id, away.entry_id, (rh.mark_value or 0) // 1000,
                    (ra.mark_value or 0) // 1000, sets=sets)


def _groups_to_knockout(rnd: Round, nxt: Round, results: dict, seed: int | None) -> int:
    scheme = PRESETS.get(rnd.settings.get("preset", ""), rr.GENERIC)
    seed = new_seed() if seed is None else seed
    places: dict[str, int] = {}
    for letter, members in (rnd.settings.get("groups") or {}).items():
        matches = [m for u in rnd.units if u.group == letter
                   for m in [_match(u, results)] if m is not None]
        table = rr.standings(members, matches, scheme, seed=seed, lot_decides_rank=True)
        for i, row in enumerate(table.rows, start=1):
            places[f"{letter}{i}"] = row.team
    filled = 0
    later = db.session.scalars(db.select(Round).where(Round.event_id == rnd.event_id,
                                                      Round.number > rnd.number))
    for r in later:
        for unit in r.units:
            for s in unit.slots:
                if s.source in places and s.entry_id is None:
                    s.entry_id = places[s.source]
                    filled += 1
    _record(nxt, seed, {"rule": "group_tables", "places": places, "layout": _layout(nxt)})
    return filled


# --- knockout ------------------------------------------------------------------------


def _bracket_of(event_id: int) -> tuple[br.Bracket, dict[str, Unit]]:
    units = [u for r in queries.rounds_of(event_id) if r.stage == "knockout" for u in r.units]
    matches = []
    for u in units:
        sides = []
        for s in u.slots:
            if s.source.startswith(("W:", "L:")):
                kind = br.WINNER if s.source[0] == "W" else br.LOSER
                sides.append(br.Slot(kind, s.source[2:]))
            else:
                sides.append(br.Slot(br.ENTRY, s.entry_id if s.entry_id else s.source))
        if len(sides) == 2:
            matches.append(br.Match(u.code, u.round.number, u.label, sides[0], sides[1]))
    return br.Bracket(0, tuple(matches)), {u.code: u for u in units}


def fill_knockout(event_id: int) -> int:
    """Fill every "W:M3"/"L:M3" slot whose match is decided; returns how many were filled."""
    bracket, units = _bracket_of(event_id)
    winners = {}
    for code, unit in units.items():
        results = _results_of(unit)
        for s in unit.slots:
            r = results.get(s.id)
            if r is not None and r.place == 1 and s.entry_id is not None and all(
                    o.id in results and results[o.id].place != 1
                    for o in unit.slots if o.id != s.id):
                winners[code] = s.entry_id
    known = br.participants(bracket, winners)
    filled = 0
    for code, unit in units.items():
        for s, who in zip(unit.slots, known.get(code, (None, None)), strict=False):
            if s.entry_id is None and who is not None and not isinstance(who, str):
                s.entry_id = who
                filled += 1
    db.session.flush()
    return filled


def _results_of(unit: Unit) -> dict[int, Result]:
    ids = [s.id for s in unit.slots]
    return {r.slot_id: r for r in db.session.scalars(
        db.select(Result).where(Result.slot_id.in_(ids)))} if ids else {}


# --- Swiss ---------------------------------------------------------------------------


def _game(rnd: Round, unit: Unit, results: dict) -> sw.Game | None:
    if len(unit.slots) != 2 or unit.slots[0].entry_id is None:
        return None
    a, b = unit.slots
    ra, rb = results.get(a.id), results.get(b.id)
    res = None
    if ra is not None and rb is not None:
        out_a, out_b = ra.status != "OK", rb.status != "OK"
        if out_a or out_b:
            res = sw.DOUBLE_FORFEIT if out_a and out_b else (
                sw.FORFEIT_SECOND if out_a else sw.FORFEIT_FIRST)
        elif ra.place == rb.place:
            res = sw.DRAW
        else:
            res = sw.WIN if ra.place == 1 else sw.LOSS
    return sw.Game(rnd.number, str(a.entry_id), str(b.entry_id), res)


def _pair_next(rnd: Round, nxt: Round) -> int:
    rounds = [r for r in queries.rounds_of(rnd.event_id) if r.number <= rnd.number]
    games = []
    for r in rounds:
        res = _results(r)
        games += [g for u in r.units for g in [_game(r, u, res)] if g is not None]
        if r.settings.get("bye"):
            games.append(sw.Game(r.number, str(r.settings["bye"]), None))
    players = [str(p) for p in rnd.settings.get("players", [])]
    inputs = {"players": players, "colours": bool(rnd.settings.get("colours", True)),
              "games": [[g.round, g.first, g.second, g.result] for g in games],
              "round": nxt.number}
    pairing = _pair(inputs)
    for unit in list(nxt.units):
        nxt.units.remove(unit)
    db.session.flush()
    for p in pairing.pairings:
        unit = Unit(event_id=nxt.event_id, number=p.board, label=f"第{p.board}台",
                    venue_id=rnd.units[0].venue_id if rnd.units else None)
        unit.slots = [UnitSlot(entry_id=int(p.first), position=1),
                      UnitSlot(entry_id=int(p.second), position=2)]
        nxt.units.append(unit)
    nxt.settings = dict(nxt.settings) | {"bye": int(pairing.bye) if pairing.bye else None}
    db.session.flush()
    _record(nxt, 0, {"rule": "swiss", "inputs": inputs, "layout": _layout(nxt)})
    return 2 * len(pairing.pairings)


def _pair(inputs: dict) -> sw.RoundPairing:
    games = [sw.Game(r, f, s, res) for r, f, s, res in inputs["games"]]
    return sw.pair_round(inputs["players"], games, round_number=inputs["round"],
                         colours=inputs["colours"])


def recompute(record: DrawRecord) -> set[tuple]:
    """Replay an advancement record from its stored inputs."""
    d = record.detail or {}
    rnd = db.session.get(Round, record.round_id)
    if d.get("rule") == "heats_next":
        heats = _next_heats(d["inputs"], record.seed)
        return {(rnd.number, h.number, pos, int(ln.entry.entry_id), ln.lane)
                for h in heats
                for pos, ln in enumerate(sorted(h.lanes, key=lambda x: x.lane), start=1)}
    if d.get("rule") == "swiss":
        pairing = _pair(d["inputs"])
        return {(rnd.number, p.board, pos, int(who), None) for p in pairing.pairings
                for pos, who in ((1, p.first), (2, p.second))}
    return {tuple(x) for x in d.get("layout", [])}
