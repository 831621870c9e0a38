"""Places (名次) from results, by the rules of :mod:`meet.rules`: within a unit, across
a round, and the event's final classification (EventPlace rows, the standings' input).

* A unit's places: the ranking rule of its kind (times, distances with countback,
  counts, judged trimmed mean, heights; a match: the winner 1st, the loser 2nd, a draw
  shares 1st, a side that forfeits is unplaced).
* Heats with ``settings`` ``Q``/``q`` are not a classification: the final decides
  (the draw's ``advance_round`` marks Q/q/qD and fills it).
* The event's classification, once its last round is complete: that round ranked as a
  whole (a timed final run in several heats ranks by time across them), then those
  knocked out earlier, round by round, after every entry of the later round (a
  finalist disqualified or not finishing keeps his lane's rank from them); statuses
  unplaced. Matches: the
  bracket's final places (:func:`bracket.final_places`), a single group's round-robin
  table, or the Swiss standings after the last round; teams out in the group stage
  follow, group rank by group rank, sharing the place. Knockout places come from the
  round's ``unit_labels`` (the draw's plan: "f" final 1-2, "place_match" {place}), else
  the main line: the final 1-2, a match of two semi-final losers 3-4, other losers
  share 2^k+1 (semi-final 3, quarter-final 5, round of 16 9).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from meet.rules import bracket as brk
from meet.rules import ranking, roundrobin, swiss
from meet.rules.marks import Status, Unplaced
from meet.rules.ranking import Placing, competition_ranks
from meet.scoring.sheets import Layout, layout_of

POINTS = {"fiba": roundrobin.FIBA, "fivb": roundrobin.FIVB, "ittf": roundrobin.TABLE_TENNIS,
          "football": roundrobin.FOOTBALL}


def _unplaced(result) -> Unplaced | None:
    if result.status == "OK":
        return None
    return Unplaced(Status(result.status), result.status_rule)


def rank_results(lay: Layout, results: Sequence[Any]) -> dict[Hashable, Placing]:
    """Placings of results (any objects with status, mark_value, detail, entry_id),
    keyed by entry id, by the rule of the sheet's kind."""
    if lay.is_match:
        return _rank_match(results)
    perf: dict[Hashable, Any] = {}
    for r in results:
        u = _unplaced(r)
        if u is not None:
            perf[r.entry_id] = u
        elif lay.style == "distance":
            perf[r.entry_id] = [a for a in r.detail.get("attempts", []) if a]
        elif lay.style == "judged":
            perf[r.entry_id] = r.detail.get("scores", [])
        elif lay.style == "height":
            perf[r.entry_id] = {int(h): v for h, v in r.detail.get("card", {}).items()}
        elif r.mark_value is None:
            perf[r.entry_id] = Unplaced(Status.NM)
        else:
            perf[r.entry_id] = r.mark_value
    if lay.style == "time":
        placings = ranking.rank_times(perf, lay.timing, lay.thousandths)
    elif lay.style == "distance":
        placings = ranking.rank_distances(perf)
    elif lay.style == "count":
        placings = ranking.rank_counts(perf)
    elif lay.style == "judged":
        placings = ranking.rank_judged(perf)
    else:
        placings = ranking.rank_heights(perf)
    return {p.entry: p for p in placings}


def _rank_match(results: Sequence[Any]) -> dict[Hashable, Placing]:
    out: dict[Hashable, Placing] = {}
    ok = [r for r in results if r.status == "OK"]
    best = max((r.mark_value or 0 for r in ok), default=0)
    for r in results:
        if r.status != "OK":
            out[r.entry_id] = Placing(r.entry_id, None, None, Unplaced(Status(r.status)))
        else:
            won = (r.mark_value or 0) == best
            out[r.entry_id] = Placing(r.entry_id, 1 if won else 2, (0 if won else 1,))
    return out


def place_unit(unit, results: Sequence[Any]) -> None:
    """Write each result's place within its unit (and NM where the attempts say so)."""
    placings = rank_results(layout_of(unit), results)
    for r in results:
        p = placings.get(r.entry_id)
        if p is None:
            continue
        if p.status is not None and r.status == "OK":
            r.status = p.status.status.value  # e.g. NM: no valid attempt
        r.place = p.rank


# --- matches -----------------------------------------------------------------------


def winner_of(results: Sequence[Any]) -> Hashable | None:
    """The entry that won a published match (None for a draw or a double forfeit)."""
    placed = [r for r in results if r.place == 1]
    return placed[0].entry_id if len(placed) == 1 else None


def rr_match(results: Sequence[Any]) -> roundrobin.Match | None:
    """A round-robin match for the rules, home = side 1."""
    sides = sorted(results, key=lambda r: r.detail.get("side", 0))
    if len(sides) != 2:
        return None
    m = sides[0].detail.get("match", {})
    home, away = sides[0].entry_id, sides[1].entry_id
    forfeit = {"1": roundrobin.HOME, "2": roundrobin.AWAY, "both": roundrobin.BOTH}.get(
        m.get("forfeit") or "")
    if forfeit:
        return roundrobin.Match(home, away, forfeit=forfeit)
    if m.get("sets"):
        return roundrobin.Match(home, away, sets=tuple(tuple(s) for s in m["sets"]))
    if m.get("score"):
        return roundrobin.Match(home, away, *m["score"])
    if m.get("pulls"):
        return roundrobin.Match(home, away, sets=tuple(tuple(s) for s in sides[0].detail["sets"]))
    return roundrobin.Match(home, away, (sides[0].mark_value or 0) // 1000,
                            (sides[1].mark_value or 0) // 1000)


def group_table(event, round_, group: str, units_results) -> roundrobin.Table:
    """A group's table by the event's points preset and tie-breakers; a tie that every
    criterion leaves is shared (a lot is drawn only with ``settings["lot_seed"]``)."""
    settings = round_.settings or {}
    preset = settings.get("preset") or event.scoring_preset
    scheme = roundrobin.PRESETS.get(settings.get("points", ""),
                                    POINTS.get(preset, roundrobin.GENERIC))
    teams: set[Hashable] = set((settings.get("groups") or {}).get(group, []))
    matches = []
    for unit, results in units_results:
        if unit.group != group:
            continue
        teams.update(s.entry_id for s in unit.slots if s.entry_id is not None)
        if unit.status == "published" and (m := rr_match(results)) is not None:
            matches.append(m)
    return roundrobin.standings(teams, matches, scheme, settings.get("criteria"),
                                seed=settings.get("lot_seed"))


def swiss_games(round_, units_results) -> list[swiss.Game]:
    games = []
    if (round_.settings or {}).get("bye"):
        games.append(swiss.Game(round_.number, str(round_.settings["bye"]), None))
    for unit, results in units_results:
        sides = sorted(results, key=lambda r: r.detail.get("side", 0))
        if unit.status != "published" or len(sides) != 2:
            continue
        m = sides[0].detail.get("match", {})
        code = {"1": swiss.FORFEIT_SECOND, "2": swiss.FORFEIT_FIRST,
                "both": swiss.DOUBLE_FORFEIT}.get(m.get("forfeit") or "")
        outcome = code or {"1-0": swiss.WIN, "0-1": swiss.LOSS, "draw": swiss.DRAW}.get(
            m.get("outcome"), swiss.WIN if sides[0].place == 1 and sides[1].place != 1
            else swiss.LOSS if sides[1].place == 1 and sides[0].place != 1 else swiss.DRAW)
        games.append(swiss.Game(unit.round.number, str(sides[0].entry_id),
                                str(sides[1].entry_id), outcome))
    return games


def bracket_of(rounds_units) -> brk.Bracket:
    """The knockout bracket as its units stand. A unit's ``code`` is its match id; a
    slot's ``source`` "W:M3"/"L:M3" names where its entry comes from. Places come from
    the round's ``settings["places"]`` ({"M7": [1, 2]}) and ``settings["loser_place"]``
    ({"M5": 5}); without them the main line is placed the usual way (final 1-2, a match
    between two semi-final losers 3-4, other losers share 2^k+1)."""
    matches = []
    feeds: dict[str, str] = {}
    for _round, units in rounds_units:
        for unit in units:
            for slot in unit.slots:
                if slot.source[:2] == "W:":
                    feeds[slot.source[2:]] = unit.code
    level: dict[str, int] = {}

    def depth(code: str) -> int:
        if code not in level:
            nxt = feeds.get(code)
            level[code] = 0 if nxt is None else depth(nxt) + 1
        return level[code]

    for round_, units in rounds_units:
        settings = round_.settings or {}
        places, losers = dict(settings.get("places", {})), settings.get("loser_place", {})
        for number, (key, params) in (settings.get("unit_labels") or {}).items():
            code = next((u.code for u in units if str(u.number) == number), None)
            if code and key == "f":
                places.setdefault(code, [1, 2])
            elif code and key == "place_match" and params.get("place"):
                places.setdefault(code, [params["place"], params["place"] + 1])
            elif code and key == "classification":
                places.setdefault(code, None)
        for unit in units:
            sides = []
            for slot in sorted(unit.slots, key=lambda s: s.position)[:2]:
                if slot.source[:2] in ("W:", "L:"):
                    kind = brk.WINNER if slot.source[0] == "W" else brk.LOSER
                    sides.append(brk.Slot(kind, slot.source[2:]))
                else:
                    sides.append(brk.Slot(brk.ENTRY, slot.entry_id))
            if len(sides) < 2:
                continue
            pl = tuple(places[unit.code]) if places.get(unit.code) else None
            lp = losers.get(unit.code)
            if pl is None and lp is None and unit.code not in places:
                all_losers = all(s.kind == brk.LOSER for s in sides)
                if all_losers and all(depth(str(s.ref)) == 1 for s in sides):
                    pl = (3, 4)
                elif not all_losers:
                    d = depth(unit.code)
                    pl, lp = ((1, 2), None) if d == 0 else (None, 2 ** d + 1)
            matches.append(brk.Match(unit.code, round_.number, unit.label, sides[0], sides[1],
                                     pl, lp))
    return brk.Bracket(0, tuple(matches))


def tiers_after(start: int, tiers: Sequence[Sequence[Hashable]]) -> dict[Hashable, int]:
    """Places for groups of teams that share a place, after ``start - 1`` placed."""
    out, place = {}, start
    for tier in tiers:
        for team in tier:
            out[team] = place
        place += len(tier)
    return out


def ranked_places(placings: Sequence[Placing], start: int = 1) -> dict[Hashable, int | None]:
    """Competition ranks from ``start`` over placings compared by key."""
    placed = sorted((p for p in placings if p.rank is not None), key=lambda p: p.key)
    ranks = competition_ranks([p.key for p in placed])
    out: dict[Hashable, int | None] = {p.entry: r + start - 1
                                       for p, r in zip(placed, ranks, strict=True)}
    out.update({p.entry: None for p in placings if p.rank is None})
    return out


# --- the event's final classification ---------------------------------------------------


def _complete(units_results) -> bool:
    return bool(units_results) and all(u.status == "published" for u, _ in units_results)


def event_places(event, rounds) -> dict[Hashable, int | None] | None:
    """Final places of an event's entries, or None while not decided.

    ``rounds``: ``[(round, [(unit, results), ...]), ...]`` in round order."""
    if not rounds:
        return None
    last, last_units = rounds[-1]
    if not _complete(last_units):
        return None
    settings = last.settings or {}
    if event.kind != "match":
        if settings.get("Q") or settings.get("q"):
            return None  # heats whose final is still to be drawn
        out: dict[Hashable, int | None] = {}
        start = 1
        for _round, units in reversed(rounds):
            if not units:
                continue
            lay = layout_of(units[0][0])
            pool = [r for _, results in units for r in results if r.entry_id not in out]
            placed = ranked_places(list(rank_results(lay, pool).values()), start)
            out.update(placed)
            # Those knocked out earlier come after every entry of the later round,
            # placed or not: a disqualified finalist's 8th place is not handed to the
            # fastest of the heats, who never ran the final (nor are its points).
            start = 1 + len(out)
        return out
    stage = last.stage
    if stage == "swiss":
        total = int(settings.get("rounds") or last.number)
        if last.number < total:
            return None
        players = [str(p) for p in settings.get("players", [])] or sorted(
            {str(s.entry_id) for _, units in rounds for u, _ in units for s in u.slots
             if s.entry_id is not None})
        games = [g for r, units in rounds for g in swiss_games(r, units)]
        table = swiss.standings(players, games,
                                tiebreaks=settings.get("tiebreaks",
                                                       ("buchholz", "median_buchholz",
                                                        "sonneborn_berger")))
        return {int(s.player): s.rank for s in table}
    out = {}
    knockout = [(r, [u for u, _ in units]) for r, units in rounds if r.stage != "group"]
    if knockout:
        winners = {u.code: w for r, units in rounds if r.stage != "group"
                   for u, res in units if (w := winner_of(res)) is not None}
        out.update(brk.final_places(bracket_of(knockout), winners))
    groups = [(r, units) for r, units in rounds if r.stage == "group"]
    for round_, units in groups:
        if not _complete(units):
            return None
        names = sorted({u.group for u, _ in units})
        tables = [group_table(event, round_, g, units) for g in names]
        if not knockout and len(tables) == 1:
            return {row.team: row.rank for row in tables[0].rows}
        depth = max((len(t.rows) for t in tables), default=0)
        tiers = [[row.team for t in tables for row in t.rows
                  if row.rank == k and row.team not in out] for k in range(1, depth + 1)]
        out.update(tiers_after(len(out) + 1, [t for t in tiers if t]))
    return out
