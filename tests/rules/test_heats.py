from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules import heats
from meet.rules.heats import Entry, Qualifier


def runners(n, delegations=None, marks=True):
    return [
        Entry(f"a{i}", None if delegations is None else delegations[i % len(delegations)],
              10.0 + i * 0.1 if marks else None)
        for i in range(n)
    ]


def test_lane_groups_for_eight_six_and_nine_lanes():
    assert heats.standard_lane_groups(8) == [[3, 4, 5, 6], [7, 8], [1, 2]]
    assert heats.standard_lane_groups(6) == [[3, 4], [5, 6], [1, 2]]
    assert heats.standard_lane_groups(9) == [[4, 5, 6], [7, 8, 9], [1, 2, 3]]


def test_unusable_lanes_are_left_out():
    groups = heats.standard_lane_groups(9, unusable=[1])
    assert [lane for g in groups for lane in g if lane == 1] == []
    assert groups == [[4, 5, 6, 7], [8, 9], [2, 3]]


def test_top_four_draw_middle_lanes_next_two_outer_last_two_inner():
    ranked = runners(8)
    for seed in range(20):
        lanes = {ln.entry.entry_id: ln.lane for ln in
                 heats.draw_lanes(ranked, heats.standard_lane_groups(8), seed).result}
        assert {lanes[f"a{i}"] for i in range(4)} == {3, 4, 5, 6}
        assert {lanes["a4"], lanes["a5"]} == {7, 8}
        assert {lanes["a6"], lanes["a7"]} == {1, 2}


def test_lane_draw_actually_draws():
    ranked = runners(8)
    seen = {heats.draw_lanes(ranked, heats.standard_lane_groups(8), s).result[0].lane
            for s in range(30)}
    assert seen == {3, 4, 5, 6}


def test_final_of_five_leaves_outer_lanes_empty():
    lanes = heats.draw_lanes(runners(5), heats.standard_lane_groups(8), 7).result
    used = sorted(ln.lane for ln in lanes)
    assert used == [3, 4, 5, 6, 7]


def test_final_of_seven_uses_lane_2_not_lane_1():
    used = sorted(ln.lane for ln in heats.draw_lanes(runners(7), heats.standard_lane_groups(8),
                                                      3).result)
    assert used == [2, 3, 4, 5, 6, 7, 8]


def test_priority_order_assigns_lanes_by_rank_without_a_draw():
    groups = heats.priority_lane_groups([4, 5, 3, 6, 2, 7, 1, 8])
    lanes = [ln.lane for ln in heats.draw_lanes(runners(8), groups, 1).result]
    assert lanes == [4, 5, 3, 6, 2, 7, 1, 8]


def test_too_many_athletes_for_the_lanes_is_refused():
    with pytest.raises(ValueError):
        heats.draw_lanes(runners(9), heats.standard_lane_groups(8), 1)


def test_more_lanes_unusable_than_athletes_makes_more_heats():
    draw = heats.first_round(runners(5), lanes=8, unusable=[1, 2, 3, 7, 8], seed=4).result
    assert len(draw) == 2
    assert sorted(len(h.entries) for h in draw) == [2, 3]
    for h in draw:
        assert {ln.lane for ln in h.lanes} <= {4, 5, 6}


def test_all_lanes_unusable_is_refused():
    with pytest.raises(ValueError):
        heats.first_round(runners(3), lanes=2, unusable=[1, 2], seed=1)


def test_zig_zag_heats_are_balanced_by_mark():
    draw = heats.first_round(runners(16), lanes=8, seed=1).result
    assert [[e.entry_id for e in h.entries] for h in draw] == [
        ["a0", "a3", "a4", "a7", "a8", "a11", "a12", "a15"],
        ["a1", "a2", "a5", "a6", "a9", "a10", "a13", "a14"],
    ]


def test_measured_events_seed_longest_mark_first():
    throwers = [Entry("short", mark=30.0), Entry("long", mark=60.0), Entry("mid", mark=45.0)]
    order = heats.seeding_order(throwers, lower_is_better=False, seed=0)
    assert [e.entry_id for e in order] == ["long", "mid", "short"]


def test_athletes_without_a_mark_are_seeded_last():
    field = [Entry("none1"), Entry("fast", mark=10.5), Entry("none2"), Entry("slow", mark=11.9)]
    order = [e.entry_id for e in heats.seeding_order(field, lower_is_better=True, seed=3)]
    assert order[:2] == ["fast", "slow"]
    assert set(order[2:]) == {"none1", "none2"}


def test_team_mates_are_spread_over_heats():
    # a0, a1, a2, a3 are the four fastest and all from 甲; with 4 heats they split.
    entries = [Entry(f"a{i}", "甲" if i < 4 else f"u{i}", 10 + i / 10) for i in range(16)]
    draw = heats.first_round(entries, lanes=4, seed=2).result
    assert len(draw) == 4
    assert all(sum(e.delegation == "甲" for e in h.entries) == 1 for h in draw)


def test_team_mates_in_one_band_are_swapped_apart():
    # Zig-zag would put a1 and a2 (甲) together in heat 2 (ranks 2 and 3 of 4 in 2 heats).
    entries = [Entry("a0", "乙", 10.0), Entry("a1", "甲", 10.1), Entry("a2", "甲", 10.2),
               Entry("a3", "乙", 10.3)]
    draw = heats.first_round(entries, lanes=2, seed=0).result
    for h in draw:
        assert Counter(e.delegation for e in h.entries) == {"甲": 1, "乙": 1}


def test_all_from_one_delegation_still_makes_balanced_heats():
    draw = heats.first_round(runners(11, ["甲"]), lanes=4, seed=5).result
    assert sorted(len(h.entries) for h in draw) == [3, 4, 4]


def test_one_athlete_and_no_athletes():
    one = heats.first_round(runners(1), seed=1).result
    assert len(one) == 1 and one[0].lanes[0].lane in (3, 4, 5, 6)
    assert heats.first_round([], seed=1).result == []


def test_qualifiers_are_ranked_place_first_then_time():
    qs = [
        Qualifier(Entry("q_fast"), None, 10.20),
        Qualifier(Entry("w_slow"), 1, 10.50),
        Qualifier(Entry("w_fast"), 1, 10.30),
        Qualifier(Entry("second"), 2, 10.25),
    ]
    assert [e.entry_id for e in heats.rank_qualifiers(qs)] == [
        "w_fast", "w_slow", "second", "q_fast"]


def test_final_from_qualifiers_draws_lanes_by_rank():
    qs = [Qualifier(Entry(f"h{i}"), 1, 10.0 + i / 10) for i in range(3)] + \
        [Qualifier(Entry(f"t{i}"), None, 10.5 + i / 10) for i in range(5)]
    final = heats.next_round(qs, heats=1, seed=11).result[0]
    lane = {ln.entry.entry_id: ln.lane for ln in final.lanes}
    assert {lane["h0"], lane["h1"], lane["h2"], lane["t0"]} == {3, 4, 5, 6}
    assert {lane["t1"], lane["t2"]} == {7, 8}
    assert {lane["t3"], lane["t4"]} == {1, 2}


def test_semi_finals_from_qualifiers_are_zig_zag():
    qs = [Qualifier(Entry(f"r{i}"), 1, 10.0 + i / 100) for i in range(16)]
    semis = heats.next_round(qs, heats=2, seed=1).result
    assert semis[0].entries[0].entry_id == "r0" and semis[1].entries[0].entry_id == "r1"
    assert semis[1].entries[1].entry_id == "r2"


def test_flights_split_and_order_by_lot():
    jumpers = runners(12, ["甲", "乙", "丙"])
    first = heats.flights(jumpers, flights=2, seed=8).result
    again = heats.flights(jumpers, flights=2, seed=8).result
    assert first == again
    assert sorted(len(f) for f in first) == [6, 6]
    assert sorted(e.entry_id for f in first for e in f) == sorted(e.entry_id for e in jumpers)


def test_judged_order_of_appearance_is_a_replayable_lot():
    teams = runners(6, marks=False)
    assert heats.order_of_appearance(teams, 5) == heats.order_of_appearance(teams, 5)
    assert sorted(heats.order_of_appearance(teams, 5).result, key=lambda e: e.entry_id) == \
        sorted(teams, key=lambda e: e.entry_id)


def test_three_plus_three_best_eight_in_reverse_order():
    draw = [Entry(f"d{i}") for i in range(12)]
    rank = {f"d{i}": 12 - i for i in range(12)}  # d11 leads, d0 is last
    order = [e.entry_id for e in heats.final_trials_order(draw, rank)]
    assert order == ["d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11"]


def test_three_plus_three_tie_for_eighth_both_go_on_in_draw_order():
    draw = [Entry(f"d{i}") for i in range(10)]
    rank = {"d0": 1, "d1": 2, "d2": 3, "d3": 4, "d4": 5, "d5": 6, "d6": 7,
            "d7": 8, "d8": 8, "d9": 10}
    order = [e.entry_id for e in heats.final_trials_order(draw, rank)]
    assert order[:2] == ["d7", "d8"] and order[-1] == "d0" and "d9" not in order


def test_three_plus_three_with_eight_or_fewer_everyone_continues():
    draw = [Entry(f"d{i}") for i in range(6)]
    rank = {"d0": 2, "d1": None, "d2": 1, "d3": 3, "d4": 4, "d5": 5}
    order = [e.entry_id for e in heats.final_trials_order(draw, rank)]
    assert order == ["d1", "d5", "d4", "d3", "d0", "d2"]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 40),
    st.integers(4, 9),
    st.lists(st.integers(1, 9), max_size=3),
    st.integers(0, 4),
    st.integers(0, 2**31 - 1),
)
def test_every_entry_in_exactly_one_heat_and_one_lane(n, lanes, unusable, dlgs, seed):
    unusable = [u for u in unusable if u <= lanes]
    entries = [Entry(f"e{i}", f"d{i % dlgs}" if dlgs else None,
                     None if i % 5 == 0 else 10 + (i * 7 % 13) / 10) for i in range(n)]
    drawn = heats.first_round(entries, lanes=lanes, unusable=unusable, seed=seed)
    placed = [e.entry_id for h in drawn.result for e in h.entries]
    assert sorted(placed) == sorted(e.entry_id for e in entries)
    sizes = [len(h.entries) for h in drawn.result]
    assert not sizes or max(sizes) - min(sizes) <= 1
    for h in drawn.result:
        used = [ln.lane for ln in h.lanes]
        assert len(used) == len(set(used)) == len(h.entries)
        assert not set(used) & set(unusable)
        assert all(1 <= u <= lanes for u in used)
    assert heats.first_round(entries, lanes=lanes, unusable=unusable, seed=seed) == drawn
