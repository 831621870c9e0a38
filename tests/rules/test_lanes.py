"""Venue lanes: parsing the organiser's typed lanes, the faults named, the groups a draw
uses (venue priority or the standard groups, without unusable lanes), and the property
that every athlete gets a distinct usable lane with the top seeds in the first group."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules import heats, lanes
from meet.rules.heats import Entry


def runners(n):
    return [Entry(f"a{i}", None, 10.0 + i * 0.1) for i in range(n)]


def fault(lane_count, unusable, priority):
    _u, _g, errors = lanes.parse_venue_lanes(lane_count, unusable, priority)
    return {field: (e.code, e.params) for field, e in errors.items()}


def test_typed_groups_are_parsed_with_any_usual_separator():
    assert lanes.parse_groups("3,4,5,6 | 7,8 | 1,2") == [[3, 4, 5, 6], [7, 8], [1, 2]]
    assert lanes.parse_groups("4，5、3 6；2/7\n1｜8") == [[4, 5, 3, 6], [2], [7], [1], [8]]
    assert lanes.parse_groups(" | 3,4 || ") == [[3, 4]]
    assert lanes.format_groups([[3, 4], [5]]) == "3,4 | 5"
    assert lanes.parse_groups(lanes.format_groups([[4, 5], [3, 6]])) == [[4, 5], [3, 6]]


def test_a_valid_venue_gives_its_unusable_lanes_and_groups():
    unusable, groups, errors = lanes.parse_venue_lanes(9, "9", "4,5,6 | 3,7 | 2,8 | 1")
    assert errors == {} and unusable == [9] and groups == [[4, 5, 6], [3, 7], [2, 8], [1]]
    assert lanes.parse_venue_lanes(8, "", "") == ([], None, {})


@pytest.mark.parametrize("lane_count, unusable, priority, expected", [
    (8, "", "3,4,5,6 | 7,9 | 1,2,8", {"priority": ("outside", {"lanes": 8, "lane": "9"})}),
    (8, "0", "", {"unusable": ("outside", {"lanes": 8, "lane": "0"})}),
    (8, "", "3,4,5,6 | 6,7,8 | 1,2", {"priority": ("twice", {"lane": "6"})}),
    (8, "", "3,4,5,6 | 7,8", {"priority": ("missing", {"lane": "1,2"})}),
    (8, "1", "3,4,5,6 | 7,8 | 1,2", {"priority": ("unusable_in_priority", {"lane": "1"})}),
    (6, "1,2,3,4,5,6", "", {"unusable": ("all_unusable", {})}),
    (8, "一", "", {"unusable": ("not_numbers", {"text": "一"})}),
    (8, "²", "", {"unusable": ("not_numbers", {"text": "²"})}),
    (8, "", "9" * 5000, {"priority": ("not_numbers", {"text": "9" * 10})}),
    (8, "", "１,２ | 3,4,5,6,7,8", {}),
    (None, "1", "1,2", {"unusable": ("needs_lanes", {}), "priority": ("needs_lanes", {})}),
])
def test_each_fault_is_named_on_its_field(lane_count, unusable, priority, expected):
    assert fault(lane_count, unusable, priority) == expected


def test_venue_priority_and_both_unusable_sets_make_the_groups():
    assert lanes.lane_groups(8) == [[3, 4, 5, 6], [7, 8], [1, 2]]
    assert lanes.lane_groups(8, None, [1], [8]) == heats.standard_lane_groups(8, [1, 8])
    priority = [[4, 5, 3, 6], [2, 7], [1, 8]]
    assert lanes.lane_groups(8, priority) == priority
    assert lanes.lane_groups(8, priority, [], [1, 8]) == [[4, 5, 3, 6], [2, 7]]
    assert lanes.lane_groups(8, priority, [2], [7]) == [[4, 5, 3, 6], [1, 8]]


def best_lanes(groups, n, seed=1):
    drawn = heats.first_round(runners(n), lane_groups=groups, seed=seed).result
    assert len(drawn) == 1
    return {ln.rank: ln.lane for ln in drawn[0].lanes}


def test_six_lane_track_puts_the_best_seeds_in_its_priority_lanes():
    groups = lanes.lane_groups(6, [[3, 4], [2, 5], [1, 6]])
    for seed in range(20):
        by_rank = best_lanes(groups, 6, seed)
        assert {by_rank[1], by_rank[2]} == {3, 4}
        assert {by_rank[3], by_rank[4]} == {2, 5}
    # the standard groups on 6 lanes: 3-4, then 5-6, then 1-2
    assert {best_lanes(lanes.lane_groups(6), 6)[r] for r in (3, 4)} == {5, 6}


def test_nine_lane_track_with_an_unusable_lane_never_uses_it():
    groups = lanes.lane_groups(9, [[4, 5, 6], [3, 7], [2, 8], [1]], [9])
    for seed in range(20):
        by_rank = best_lanes(groups, 8, seed)
        assert {by_rank[r] for r in (1, 2, 3)} == {4, 5, 6}
        assert 9 not in by_rank.values()
        assert by_rank[8] == 1
    strict = lanes.lane_groups(9, [[5], [4], [6], [3], [7], [2], [8], [1], [9]])
    assert best_lanes(strict, 4) == {1: 5, 2: 4, 3: 6, 4: 3}


@st.composite
def venue_and_field(draw):
    count = draw(st.integers(1, 10))
    unusable = draw(st.sets(st.integers(1, count), max_size=count - 1))
    usable = draw(st.permutations([x for x in range(1, count + 1) if x not in unusable]))
    cuts = sorted(draw(st.sets(st.integers(1, len(usable) - 1), max_size=len(usable) - 1))
                  if len(usable) > 1 else set())
    bounds = [0, *cuts, len(usable)]
    priority = [list(usable[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    use_standard = draw(st.booleans())
    athletes = draw(st.integers(1, len(usable)))
    return count, sorted(unusable), None if use_standard else priority, athletes


@settings(max_examples=300, deadline=None)
@given(venue_and_field(), st.integers(0, 2**31 - 1))
def test_every_athlete_gets_a_distinct_usable_lane_and_top_seeds_the_first_group(case, seed):
    count, unusable, priority, athletes = case
    typed = lanes.parse_venue_lanes(count, lanes.format_lanes(unusable),
                                    lanes.format_groups(priority))
    assert typed == (unusable, priority, {})  # the organiser can type this venue
    groups = lanes.lane_groups(count, priority, unusable)
    drawn = heats.first_round(runners(athletes), lane_groups=groups, seed=seed).result
    used = [ln.lane for h in drawn for ln in h.lanes]
    assert len(used) == athletes == len(set(used))
    assert not set(used) & set(unusable) and all(1 <= x <= count for x in used)
    first = groups[0]
    for heat in drawn:
        top = [ln.lane for ln in heat.lanes if ln.rank <= len(first)]
        assert set(top) <= set(first)
