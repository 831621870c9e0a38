import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meet.rules import timetable as tt
from meet.rules.timetable_check import (
    DAILY_LIMIT,
    DOUBLE_BOOKED,
    NOT_TOGETHER,
    ORDER_VIOLATED,
    OUTSIDE_HOURS,
    SHORT_REST,
    VENUE_OVER_CAPACITY,
    WRONG_VENUE,
    Placement,
    Rules,
    Unit,
    Venue,
    check,
    clock,
    from_datetime,
    sessions,
    to_datetime,
)

MORNING = sessions(1, [("08:00", "12:00")])
LIMIT = 5.0  # seconds per solve; the small cases below are proven optimal in milliseconds


def unit(uid, event="e", duration=30, venues=("v",), stage=0, people=(), **kw):
    return Unit(uid, event, duration, tuple(venues), stage, frozenset(people), **kw)


def solve(units, venues, rules=Rules(), time_limit=LIMIT):
    result = tt.solve(units, venues, rules, time_limit=time_limit)
    assert check(units, venues, result.placements, rules) == []
    assert set(result.placements) | {u.unit_id for u in result.unplaced} == {u.id for u in units}
    assert not set(result.placements) & {u.unit_id for u in result.unplaced}
    before, _after = tt.in_round_order(units)
    at = result.placements
    for uid, earlier in before.items():  # a round's heats start in their order
        for e in earlier:
            if uid in at and e in at:
                assert at[e].start <= at[uid].start, (e, uid)
    return result


# -- time at the boundary -------------------------------------------------------------

def test_minutes_count_from_the_first_day_midnight():
    assert clock(0, "08:00") == 480
    assert clock(2, "14:30") == 2 * 1440 + 870
    assert sessions(2, [("08:00", "12:00"), ("14:30", "18:00")]) == (
        (480, 720), (870, 1080), (1920, 2160), (2310, 2520))
    first = dt.date(2025, 5, 1)
    assert to_datetime(first, clock(1, "19:05")) == dt.datetime(2025, 5, 2, 19, 5)
    assert from_datetime(first, dt.datetime(2025, 5, 2, 19, 5)) == clock(1, "19:05")


# -- the solver ---------------------------------------------------------------------------

def test_two_events_sharing_an_athlete_never_overlap_and_keep_the_rest():
    venues = [Venue("track", "Track", 1, MORNING), Venue("pit", "Long jump", 1, MORNING)]
    units = [unit("100m", "100m", 20, ["track"], people={"li", "wang"}),
             unit("lj", "long jump", 60, ["pit"], people={"li", "zhao"})]
    result = solve(units, venues, Rules(rest=45))
    a, b = sorted(result.placements.values(), key=lambda p: p.start)
    assert b.start >= a.end + 45
    assert result.status == "optimal"
    assert a.start == 480  # compact: the first one opens the session


def test_without_rest_the_athlete_may_go_straight_from_one_to_the_next():
    venues = [Venue("track", "Track", 1, MORNING), Venue("pit", "Long jump", 1, MORNING)]
    units = [unit("100m", "100m", 20, ["track"], people={"li"}),
             unit("lj", "long jump", 60, ["pit"], people={"li"})]
    result = solve(units, venues, Rules(rest=0))
    assert sorted(p.start for p in result.placements.values()) in ([480, 500], [480, 540])


def test_a_venue_of_capacity_two_never_holds_three():
    venues = [Venue("hall", "Hall, 2 courts", 2, MORNING)]
    units = [unit(f"m{i}", duration=60, venues=["hall"], people={f"p{i}"}) for i in range(7)]
    result = solve(units, venues)
    assert len(result.placements) == 7  # 4 hours x 2 courts hold 8 matches of an hour
    for minute in range(480, 720):
        assert sum(p.start <= minute < p.end for p in result.placements.values()) <= 2


def test_the_final_comes_after_all_heats_with_the_final_gap():
    venues = [Venue("track", "Track", 1, sessions(1, [("08:00", "12:00"), ("15:00", "18:00")]))]
    heats = [unit(f"h{i}", "100m", 10, ["track"], people={f"a{i}"}) for i in range(3)]
    final = unit("final", "100m", 10, ["track"], stage=1, final=True,
                 potential=frozenset({"a0", "a1", "a2"}))
    result = solve(heats + [final], venues, Rules(final_gap=60))
    last_heat = max(result.placements[h.id].end for h in heats)
    assert result.placements["final"].start >= last_heat + 60
    assert result.placements["final"].start == last_heat + 60  # and no later than needed


def test_heats_of_a_round_start_in_their_order():
    """Heat 1's athlete is busy until 08:30: heats 2 and 3 used to run first, so the
    order book listed 第3组 at 09:08 before 第1组 at 09:44."""
    busy = unit("other", event="lj", venues=("pit",), people=["p"],
                pin=(clock(0, "08:00"), "pit"))
    heats = [unit(f"h{n}", event="m100", duration=20, people=[f"a{n}"] + (["p"] if n == 1
                                                                           else []), seq=n)
             for n in (1, 2, 3)]
    venues = [Venue("v", "track", 1, MORNING), Venue("pit", "pit", 1, MORNING)]
    for limit in (0, LIMIT):
        result = solve([busy, *heats], venues, Rules(rest=30), time_limit=limit)
        starts = [result.placements[f"h{n}"].start for n in (1, 2, 3)]
        assert starts == sorted(starts) and starts[0] == clock(0, "09:00")
    # units of one round without an order (seq 0), or of two groups, are free
    free = [unit("g1", event="bb", people=["x"], seq=1, group="A"),
            unit("g2", event="bb", people=["y"], seq=1, group="B")]
    before, after = tt.in_round_order(free + [unit("z", seq=0)])
    assert (dict(before), dict(after)) == ({}, {})


def test_a_group_match_of_round_two_waits_for_round_one_where_it_can():
    """A is busy until 09:00, so A-B (round 1) starts at 09:00; B-D (round 2) fitted
    at 08:30 and the order book printed 第2轮 before 第1轮. It now waits until round 1
    has started, and the solver keeps that order."""
    busy = unit("other", event="lj", duration=60, venues=("pit",), people=["A"],
                pin=(clock(0, "08:00"), "pit"))
    matches = [unit(uid, event="bb", people=teams, group="A", hint=k)
               for uid, teams, k in (("r1ab", "AB", 1), ("r1cd", "CD", 1),
                                     ("r2ac", "AC", 2), ("r2bd", "BD", 2))]
    venues = [Venue("v", "courts", 2, MORNING), Venue("pit", "pit", 1, MORNING)]
    for limit in (0, LIMIT):
        result = solve([busy, *matches], venues, Rules(rest=0), time_limit=limit)
        assert not result.unplaced
        assert tt.rounds_inverted(matches, result.placements) == 0, limit
        assert result.placements["r1ab"].start == clock(0, "09:00")


def test_fixture_rounds_stay_in_order_when_the_solver_compacts_a_meet():
    """Eight round-robin groups of 4-6 teams on two venues of two courts: the solver,
    starting every match as early as it could, played 73 pairs of matches out of
    their fixture round order (the greedy plan it started from had none)."""
    import random

    from meet.rules.fixtures import round_robin

    rnd, matches = random.Random(2), []
    for ev in range(2):
        for g in range(4):
            teams = [f"e{ev}g{g}t{i}" for i in range(rnd.randint(4, 6))]
            for k, fixture_round in enumerate(round_robin(teams), 1):
                for j, f in enumerate(fixture_round.fixtures):
                    if f.home is not None and f.away is not None:
                        matches.append(unit(
                            f"e{ev}g{g}r{k}m{j}", event=f"e{ev}", duration=60,
                            venues=(f"v{ev}",), group="ABCD"[g], hint=k,
                            people=[f"{t}p{x}" for t in (f.home, f.away) for x in range(3)],
                            teams=frozenset({f.home, f.away})))
    days = sessions(4, [("08:00", "12:00"), ("14:00", "18:00")])
    venues = [Venue(f"v{ev}", "courts", 2, days) for ev in range(2)]
    for limit in (0, LIMIT):
        result = solve(matches, venues, Rules(), time_limit=limit)
        assert not result.unplaced
        assert tt.rounds_inverted(matches, result.placements) == 0, limit


def test_the_fixture_round_order_gives_way_to_placing_a_match():
    """Round 1's match cannot start before 09:00 and round 2's must end by 08:30:
    both are played, out of order, rather than one left out."""
    matches = [unit("r1", event="bb", people="AB", group="A", hint=1,
                    earliest=clock(0, "09:00")),
               unit("r2", event="bb", people="CD", group="A", hint=2,
                    latest=clock(0, "08:30"))]
    for limit in (0, LIMIT):
        result = solve(matches, [Venue("v", "courts", 1, MORNING)], time_limit=limit)
        assert not result.unplaced
        assert result.placements["r2"].start < result.placements["r1"].start


def test_the_boards_of_a_swiss_round_start_together():
    """One chess player also ran at 08:00, so his board went to 14:30 and the other
    thirteen at 08:00: the round could not be paired on until the afternoon anyway,
    and the late board knew the early results. Now the whole round waits for him."""
    busy = unit("run", event="m100", venues=("track",), people=["p0"],
                pin=(clock(0, "08:00"), "track"))
    boards = [unit(f"b{i}", event="chess", duration=60, venues=("hall",),
                   people=[f"p{2 * i}", f"p{2 * i + 1}"], together="chess r1")
              for i in range(6)]
    venues = [Venue("hall", "chess room", 10, sessions(1, [("08:00", "12:00"),
                                                           ("14:30", "18:00")])),
              Venue("track", "track", 1, MORNING)]
    for limit in (0, LIMIT):
        result = solve([busy, *boards], venues, Rules(rest=30), time_limit=limit)
        starts = {result.placements[b.id].start for b in boards}
        assert starts == {clock(0, "09:00")}, limit  # 08:30 + 30 min rest


def test_a_swiss_round_that_cannot_fit_at_once_is_left_out_whole():
    """Five boards in a room of four tables: no start holds them all."""
    boards = [unit(f"b{i}", event="chess", duration=60, venues=("hall",),
                   people=[f"p{2 * i}", f"p{2 * i + 1}"], together="r1") for i in range(5)]
    for limit in (0, LIMIT):
        result = solve(boards, [Venue("hall", "room", 4, MORNING)], time_limit=limit)
        assert result.placements == {} and len(result.unplaced) == 5


def test_a_swiss_round_with_a_board_that_has_no_session_is_left_out_whole():
    """One board could not start before day 2, when the room is closed: the solver
    placed the other board, then the left-out pass put this one beside it at 08:40 on
    day 1, outside its own limits (found by the property test)."""
    boards = [unit("b0", event="chess", duration=20, venues=("hall",), together="r"),
              unit("b1", event="chess", duration=20, venues=("hall",), together="r",
                   earliest=1440 + 480)]
    for limit in (0, LIMIT):
        result = solve(boards, [Venue("hall", "room", 2, MORNING)], time_limit=limit)
        assert result.placements == {} and len(result.unplaced) == 2


def test_a_swiss_round_split_over_two_times_is_a_conflict():
    boards = [unit(f"b{i}", event="chess", venues=("hall",), people=[f"p{i}"],
                   together="r1") for i in range(3)]
    at_ = {"b0": Placement("b0", "hall", 480, 510), "b1": Placement("b1", "hall", 480, 510),
           "b2": Placement("b2", "hall", 540, 570)}
    found = check(boards, [Venue("hall", "room", 4, MORNING)], at_)
    assert [(c.kind, c.units) for c in found] == [(NOT_TOGETHER, ("b0", "b1", "b2"))]
    at_["b2"] = Placement("b2", "hall", 480, 510)
    assert check(boards, [Venue("hall", "room", 4, MORNING)], at_) == []


def test_the_meet_falls_apart_into_parts_that_share_no_person_venue_or_round():
    """The greedy pass is chosen per part: ten divisions of the demo took one pass for
    all, so one division's tight table-tennis final cost every division its fixture
    round order (2,270 pairs out of order at 10x)."""
    units = [unit("a1", venues=("v1",), people=["p"]), unit("a2", venues=("v1",)),
             unit("b1", event="f", venues=("v2",), people=["q"]),
             unit("b2", event="f", venues=("v3",), people=["q"]),
             unit("c1", event="g", venues=("v4",), together="r"),
             unit("c2", event="g", venues=("v5",), together="r"),
             unit("d1", event="h", venues=("v6",))]
    part = tt._parts({u.id: u for u in units}, tt.predecessors(units))
    groups = {}
    for uid, k in part.items():
        groups.setdefault(k, set()).add(uid)
    assert sorted(map(sorted, groups.values())) == [["a1", "a2"], ["b1", "b2"], ["c1", "c2"],
                                                   ["d1"]]


def test_a_unit_longer_than_every_session_is_left_out_with_the_reason():
    venues = [Venue("hall", "Hall", 1, sessions(2, [("08:00", "12:00"), ("14:00", "17:00")]))]
    units = [unit("marathon chess", duration=300, venues=["hall"]), unit("ok", venues=["hall"])]
    result = solve(units, venues)
    assert set(result.placements) == {"ok"}
    (out,) = result.unplaced
    assert out.unit_id == "marathon chess" and out.reason == tt.NO_WINDOW
    assert "300" in out.detail


def test_an_unknown_venue_is_no_window():
    result = solve([unit("x", venues=["moon"])], [Venue("v", "V", 1, MORNING)])
    assert [u.reason for u in result.unplaced] == [tt.NO_WINDOW]


def test_pinned_units_stay_where_they_are_and_others_go_around_them():
    venues = [Venue("v", "Court", 1, MORNING)]
    units = [unit("fixed", duration=60, people={"p"}, pin=(clock(0, "09:00"), "v")),
             unit("a", duration=60, people={"p"}), unit("b", duration=60, people={"q"})]
    result = solve(units, venues, Rules(rest=30))
    assert result.placements["fixed"] == Placement("fixed", "v", 540, 600)
    assert result.placements["b"].start == 480
    assert result.placements["a"].start >= 630  # p rests 30 min after the pinned match


def test_a_pinned_unit_outside_the_sessions_is_kept_and_reported_by_the_checker():
    venues = [Venue("v", "Court", 1, MORNING)]
    units = [unit("late", duration=60, pin=(clock(0, "12:30"), "v")), unit("a", duration=60)]
    result = tt.solve(units, venues, time_limit=LIMIT)
    assert result.placements["late"].start == clock(0, "12:30")
    assert [c.kind for c in check(units, venues, result.placements)] == [OUTSIDE_HOURS]


def test_pinned_units_that_clash_do_not_stop_the_solver():
    venues = [Venue("v", "Court", 1, sessions(1, [("08:00", "18:00")]))]
    units = [unit("x", duration=60, people={"p"}, pin=(600, "v")),
             unit("y", duration=60, people={"p"}, pin=(630, "v")),
             unit("z", duration=60, people={"p"})]
    result = tt.solve(units, venues, time_limit=LIMIT)
    assert result.placements["x"].start == 600 and result.placements["y"].start == 630
    z = result.placements["z"]
    assert z.end + 30 <= 600 or z.start >= 690 + 30
    kinds = sorted(c.kind for c in check(units, venues, result.placements))
    assert kinds == [DOUBLE_BOOKED, VENUE_OVER_CAPACITY]


def test_replanning_after_an_overrun_keeps_the_past_and_moves_the_rest():
    venues = [Venue("v", "Court", 1, sessions(1, [("08:00", "18:00")]))]
    units = [unit(f"m{i}", duration=60, people={f"p{i}", f"p{i + 1}"}) for i in range(5)]
    first = solve(units, venues)
    now = clock(0, "10:15")
    again = solve(tt.replan(units, first.placements, now), venues)
    for uid, p in first.placements.items():
        if p.start < now:
            assert again.placements[uid] == p
        else:
            assert again.placements[uid].start >= now
    assert len(again.placements) == 5


def test_person_over_booked_is_reported_with_the_persons_and_units():
    venues = [Venue("a", "A", 1, MORNING), Venue("b", "B", 1, MORNING), Venue("c", "C", 1, MORNING)]
    units = [unit(f"u{v}", f"event {v}", 100, [v], people={"li", f"x{v}"}) for v in "abc"]
    result = solve(units, venues)
    assert len(result.placements) == 2 and result.status == "optimal"
    (out,) = result.unplaced
    assert out.reason == tt.PARTICIPANTS_BUSY
    assert out.persons == ("li",)
    assert set(out.units) == set(result.placements)


def test_venue_full_is_reported():
    venues = [Venue("v", "Track", 1, sessions(1, [("08:00", "10:00")]))]
    units = [unit(f"h{i}", duration=60, people={f"p{i}"}) for i in range(3)]
    result = solve(units, venues)
    assert [u.reason for u in result.unplaced] == [tt.VENUE_FULL]


def test_daily_limit_per_team():
    one_day = [Venue("v", "Hall", 4, sessions(1, [("08:00", "20:00")]))]
    two_days = [Venue("v", "Hall", 4, sessions(2, [("08:00", "20:00")]))]
    units = [unit(f"m{i}", duration=60, people={f"p{i}"}, teams=frozenset({"steel", f"t{i}"}))
             for i in range(3)]
    rules = Rules(max_per_team_day=2)
    result = solve(units, one_day, rules)
    assert len(result.placements) == 2
    (out,) = result.unplaced
    assert out.reason == tt.DAILY_LIMIT and "steel" in out.detail
    assert not any(f"t{i}" in out.detail for i in range(3))
    result = solve(units, two_days, rules)
    assert len(result.placements) == 3
    assert sorted(p.start // 1440 for p in result.placements.values()) == [0, 0, 1]


def test_a_final_whose_heat_cannot_be_placed_is_left_out_for_precedence():
    venues = [Venue("v", "Track", 1, MORNING)]
    units = [unit("heat", "800m", 300), unit("final", "800m", 10, stage=1, final=True)]
    result = solve(units, venues)
    reasons = {u.unit_id: u.reason for u in result.unplaced}
    assert reasons == {"heat": tt.NO_WINDOW, "final": tt.PRECEDENCE}
    assert "heat" in next(u.detail for u in result.unplaced if u.unit_id == "final")


def test_rounds_waiting_for_each_other_are_a_precedence_cycle():
    units = [unit("a", after=("b",)), unit("b", after=("a",)), unit("c")]
    result = solve(units, [Venue("v", "V", 1, MORNING)])
    assert {u.unit_id: u.reason for u in result.unplaced} == {"a": tt.PRECEDENCE,
                                                             "b": tt.PRECEDENCE}


def test_potential_participants_of_a_knockout_match_count_for_rest():
    venues = [Venue("tt", "Tables", 2, MORNING), Venue("gym", "Gym", 1, MORNING)]
    sf = unit("sf", "singles", 30, ["tt"], stage=1, potential=frozenset({"li", "wu"}))
    other = unit("dbl", "doubles", 30, ["gym"], people={"li", "ma"})
    result = solve([sf, other], venues)
    a, b = sorted(result.placements.values(), key=lambda p: p.start)
    assert b.start >= a.end + 30


def test_final_and_bronze_match_may_run_together_on_two_tables():
    venues = [Venue("tt", "Tables", 2, sessions(1, [("08:00", "08:30")]))]
    semis = frozenset({"a", "b", "c", "d"})
    final = unit("final", "singles", 30, ["tt"], stage=2, potential=semis)
    bronze = unit("bronze", "singles", 30, ["tt"], stage=2, potential=semis)
    result = solve([final, bronze], venues)
    assert result.placements["final"].start == result.placements["bronze"].start == 480


def test_greedy_only_reports_time_out_where_the_solver_finds_room():
    morning = sessions(1, [("08:00", "10:00")])
    venues = [Venue("v", "Court", 1, morning), Venue("w", "Pit", 1, morning)]
    units = [unit("warm-up", "z", 20, ["w"], people={"p"}, pin=(480, "w")),
             unit("x", "a", 60, ["v"], people={"p"}, earliest=480),
             unit("y", "b", 60, ["v"], earliest=480)]
    greedy = solve(units, venues, time_limit=0)
    assert greedy.status == "greedy"
    assert greedy.placements["x"].start == 530  # p rests 30 min after the warm-up
    assert [(u.unit_id, u.reason) for u in greedy.unplaced] == [("y", tt.TIME_OUT)]
    assert greedy.unplaced[0].units == ("x",)
    best = solve(units, venues)
    assert best.status == "optimal" and best.unplaced == []
    assert (best.placements["y"].start, best.placements["x"].start) == (480, 540)


# -- the checker on hand-made timetables (after "move this heat to 10:30 at court 2") ---

VENUES = [Venue("c1", "Court 1", 1, MORNING), Venue("c2", "Court 2", 1, MORNING)]
UNITS = [unit("h1", "100m", 30, ["c1", "c2"], people={"li", "wang"}, teams=frozenset({"T"})),
         unit("h2", "100m", 30, ["c1", "c2"], people={"zhao"}, teams=frozenset({"T"})),
         unit("f", "100m", 30, ["c1", "c2"], stage=1, final=True, people={"li"}),
         unit("bb", "basketball", 60, ["c2"], people={"li"}, teams=frozenset({"T"}))]


def at(uid, vid, start):
    return Placement(uid, vid, start, start + next(u.duration for u in UNITS if u.id == uid))


GOOD = {p.unit_id: p for p in [at("h1", "c1", 480), at("h2", "c1", 510), at("bb", "c2", 540),
                               at("f", "c1", 630)]}


def test_a_clean_timetable_has_no_conflict():
    assert check(UNITS, VENUES, GOOD) == []


def test_moving_a_heat_onto_the_other_match_of_an_athlete_is_double_booking():
    moved = {**GOOD, "h1": at("h1", "c1", 550)}
    conflicts = check(UNITS, VENUES, moved)
    double = [c for c in conflicts if c.kind == DOUBLE_BOOKED]
    assert [(c.units, c.persons) for c in double] == [(("bb", "h1"), ("li",))]


def test_too_little_rest_names_the_person_and_both_units():
    moved = {**GOOD, "bb": at("bb", "c2", 520)}  # li ends h1 at 510
    (c,) = check(UNITS, VENUES, moved)
    assert c.kind == SHORT_REST and c.units == ("h1", "bb") and c.persons == ("li",)
    assert "10 min" in c.detail


def test_over_capacity_outside_hours_wrong_venue_and_order():
    assert [c.kind for c in check(UNITS, VENUES, {**GOOD, "h2": at("h2", "c1", 490)})] == [
        VENUE_OVER_CAPACITY]
    assert [c.kind for c in check(UNITS, VENUES, {**GOOD, "f": at("f", "c1", 700)})] == [
        OUTSIDE_HOURS]
    assert [c.kind for c in check(UNITS, VENUES, {**GOOD, "bb": at("bb", "c1", 540)})] == [
        WRONG_VENUE]
    early_final = check(UNITS, VENUES, {**GOOD, "h2": at("h2", "c1", 600)})
    assert [(c.kind, c.units) for c in early_final] == [(ORDER_VIOLATED, ("h2", "f"))]
    without_heat = {k: v for k, v in GOOD.items() if k != "h2"}
    assert [c.kind for c in check(UNITS, VENUES, without_heat)] == [ORDER_VIOLATED]


def test_daily_limit_exceeded_names_the_team():
    conflicts = check(UNITS, VENUES, GOOD, Rules(max_per_team_day=2))
    assert [(c.kind, c.team, c.units) for c in conflicts] == [
        (DAILY_LIMIT, "T", ("bb", "h1", "h2"))]


# -- properties over small random meets ------------------------------------------------

@st.composite
def meets(draw):
    days = draw(st.integers(1, 2))
    periods = st.sampled_from([[("08:00", "11:00")], [("08:00", "09:30"), ("14:00", "17:00")]])
    venues = [Venue(f"v{i}", f"V{i}", draw(st.integers(1, 3)), sessions(days, draw(periods)))
              for i in range(draw(st.integers(1, 2)))]
    people = [f"p{i}" for i in range(6)]
    units = []
    for i in range(draw(st.integers(1, 9))):
        event = draw(st.sampled_from(["e0", "e1", "e2"]))
        stage = draw(st.integers(0, 2))
        units.append(Unit(
            f"u{i}", event, draw(st.sampled_from([20, 30, 45, 60, 100, 150])),
            tuple(draw(st.sets(st.sampled_from([v.id for v in venues]), min_size=1))),
            stage,
            frozenset(draw(st.sets(st.sampled_from(people), max_size=3))),
            frozenset(draw(st.sets(st.sampled_from(["ta", "tb"]), max_size=2))),
            frozenset(draw(st.sets(st.sampled_from(people), max_size=2))),
            earliest=draw(st.sampled_from([None, 500, 1440 + 480])),
            final=draw(st.booleans()), seq=draw(st.integers(0, 3)),
            group=draw(st.sampled_from(["", "A"])), hint=draw(st.integers(0, 3)),
            together=draw(st.sampled_from(["", "", f"{event}:{stage}"]))))
    rules = Rules(rest=draw(st.sampled_from([0, 15, 30])), round_gap=draw(st.sampled_from([0, 20])),
                  final_gap=draw(st.sampled_from([30, 60])),
                  max_per_team_day=draw(st.sampled_from([None, 1, 2])))
    return units, venues, rules


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meets())
def test_whatever_the_solver_returns_the_checker_accepts_and_every_unit_is_accounted(meet):
    units, venues, rules = meet
    result = solve(units, venues, rules, time_limit=2.0)
    greedy = solve(units, venues, rules, time_limit=0)
    if result.status == "optimal":  # the search never places fewer than the greedy pass
        assert len(result.placements) >= len(greedy.placements)
    now = 1440 // 2
    again = solve(tt.replan(units, result.placements, now), venues, rules, time_limit=1.0)
    for uid, p in result.placements.items():
        if p.start < now:
            assert again.placements[uid] == p
