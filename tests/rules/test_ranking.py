from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules import ranking
from meet.rules.marks import MarkError, Status, Timing, Unplaced


def ranks(placings):
    return {p.entry: p.rank for p in placings}


def order(placings):
    return [p.entry for p in placings]


# --- competition ranks ----------------------------------------------------------------


def test_competition_ranks_skip_after_a_tie():
    assert ranking.competition_ranks([1, 2, 2, 3]) == [1, 2, 2, 4]
    assert ranking.competition_ranks([5, 5, 5]) == [1, 1, 1]
    assert ranking.competition_ranks([]) == []


# --- track ------------------------------------------------------------------------------


def test_times_lower_wins_and_equal_rounded_times_share():
    result = ranking.rank_times({"a": 10821, "b": 10830, "c": 10700, "d": 10900})
    assert ranks(result) == {"c": 1, "a": 2, "b": 2, "d": 4}
    assert [p.tied for p in result] == [False, True, True, False]


def test_photo_finish_thousandths_split_a_tie():
    result = ranking.rank_times({"a": 10821, "b": 10830}, thousandths=True)
    assert ranks(result) == {"a": 1, "b": 2}


def test_hand_times_compare_to_the_tenth():
    assert ranks(ranking.rank_times({"a": 11010, "b": 11090}, Timing.HAND)) == {"a": 1, "b": 1}


def test_statuses_are_listed_after_the_placed_in_the_documented_order():
    result = ranking.rank_times({
        "dns": Status.DNS, "dq": Unplaced(Status.DQ, "TR 16.8"), "nm": Status.NM,
        "dnf": Status.DNF, "r": Status.R, "fast": 10500, "slow": 11000,
    })
    assert order(result) == ["fast", "slow", "dnf", "r", "nm", "dq", "dns"]
    assert [p.rank for p in result] == [1, 2, None, None, None, None, None]
    assert result[5].status.rule == "TR 16.8"
    assert not any(p.placed for p in result[2:])


def test_all_dns_heat_and_empty_heat_and_one_entrant():
    all_dns = ranking.rank_times({"a": Status.DNS, "b": Status.DNS})
    assert [p.rank for p in all_dns] == [None, None]
    assert ranking.rank_times({}) == []
    solo = ranking.rank_times({"a": 12000})
    assert (solo[0].rank, solo[0].tied) == (1, False)


@pytest.mark.parametrize("tie_at", range(1, 6))
def test_ties_at_every_position(tie_at):
    times = {f"e{i}": 10000 + 100 * i for i in range(1, 7)}
    times[f"e{tie_at + 1}"] = times[f"e{tie_at}"]
    got = [p.rank for p in ranking.rank_times(times)]
    expected = list(range(1, 7))
    expected[tie_at] = tie_at
    assert got == expected


# --- measured -----------------------------------------------------------------------------


def test_countback_on_second_and_third_best():
    result = ranking.rank_distances({
        "a": ["7.12", "x", "6.90"],
        "b": ["7.12", "7.00", "x"],
        "c": ["x", "7.12", "6.90"],
        "d": ["7.12", "x", "x"],
    })
    assert ranks(result) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_measured_with_cm_and_attempt_objects_and_still_equal_shares():
    from meet.rules.marks import parse_attempt
    result = ranking.rank_distances({
        "a": [712, 690],
        "b": [parse_attempt("6.90"), parse_attempt("7.129")],
        "c": ["-", "x", "r"],
        "d": [],
        "e": Status.DQ,
    })
    assert ranks(result) == {"a": 1, "b": 1, "c": None, "d": None, "e": None}
    status = {p.entry: p.status.status for p in result if p.status}
    assert status == {"c": Status.NM, "d": Status.DNS, "e": Status.DQ}


def test_retired_athlete_keeps_the_marks_made():
    assert ranks(ranking.rank_distances({"a": ["6.00", "r"], "b": ["5.00"]})) == {"a": 1, "b": 2}


def test_negative_centimetres_refused():
    with pytest.raises(MarkError):
        ranking.rank_distances({"a": [-5]})


def test_counts_higher_wins_and_tie():
    assert ranks(ranking.rank_counts({"a": 150, "b": 180, "c": 150, "d": Status.DNS})) == {
        "b": 1, "a": 2, "c": 2, "d": None}
    with pytest.raises(MarkError):
        ranking.rank_counts({"a": -1})


# --- judged --------------------------------------------------------------------------------


def test_trimmed_mean_drops_one_highest_and_one_lowest():
    assert ranking.judged_score(["9.0", "9.5", "9.4", "9.3", "9.6"]) == Decimal("9.400")
    assert ranking.judged_score(["9.0", "9.0", "9.9"]) == Decimal("9.000")  # median of 3
    assert ranking.judged_score(["9.0", "9.5"]) == Decimal("9.250")  # 2 judges: no trim
    assert ranking.judged_score(["8.7"]) == Decimal("8.700")
    assert ranking.judged_score(["9.1", "9.2", "9.2", "9.3"], places=1) == Decimal("9.2")
    # half-up: 9.2345 -> 9.235 at 3 places
    assert ranking.judged_score(["0", "9.234", "9.235", "10"]) == Decimal("9.235")
    with pytest.raises(MarkError):
        ranking.judged_score([])


def test_judged_ties_share_unless_a_tie_break_is_given():
    panels = {"a": ["9.0", "9.4", "9.4", "9.8"], "b": ["9.3", "9.4", "9.4", "9.5"]}
    assert ranks(ranking.rank_judged(panels)) == {"a": 1, "b": 1}
    # equal untrimmed totals (37.6 each): the tie-break cannot split them either
    still = ranking.rank_judged(panels, tie_break=ranking.untrimmed_total)
    assert ranks(still) == {"a": 1, "b": 1}


def test_untrimmed_total_breaks_a_tie():
    panels = {"a": ["9.0", "9.4", "9.4", "9.9"], "b": ["9.3", "9.4", "9.4", "9.5"]}
    assert ranks(ranking.rank_judged(panels)) == {"a": 1, "b": 1}
    assert ranks(ranking.rank_judged(panels, tie_break=ranking.untrimmed_total)) == {
        "a": 1, "b": 2}


def test_panel_size_is_enforced():
    with pytest.raises(MarkError) as err:
        ranking.rank_judged({"a": ["9", "9", "9"], "b": ["9", "9"]}, panel=3)
    assert err.value.code == "panel"
    with pytest.raises(ValueError):
        ranking.rank_judged({}, panel=0)


# --- vertical jumps ------------------------------------------------------------------------


def test_high_jump_tr_26_8():
    cards = {
        "a": {180: "O", 185: "XO", 190: "XXX"},  # 1.85, 1 at best, 1 total
        "b": {180: "XO", 185: "O", 190: "XXX"},  # 1.85, 0 at best, 1 total
        "c": {180: "O", 185: "O", 190: "XXX"},  # 1.85, 0 at best, 0 total
        "d": {180: "-", 185: "XXO", 190: "X-", 193: "XX"},  # 1.85 after passing
        "e": {180: "XXX"},
        "f": {},
    }
    result = ranking.rank_heights(cards)
    assert ranks(result) == {"c": 1, "b": 2, "a": 3, "d": 4, "e": None, "f": None}
    assert {p.entry: p.status.status for p in result if p.status} == {
        "e": Status.NM, "f": Status.DNS}


def test_high_jump_failures_after_the_best_height_do_not_count_and_equal_share():
    cards = {"a": {180: "XO", 185: "XXX"}, "b": {180: "XO", 185: "XX-", 188: "X"}}
    assert ranks(ranking.rank_heights(cards)) == {"a": 1, "b": 1}


def test_card_reading_counts_failures():
    info = ranking.read_card({150: "O", 155: "XO", 160: "XXO", 165: "XXX"})
    assert (info.best, info.failures_at_best, info.failures_total) == (160, 2, 3)
    assert ranking.read_card({150: "xo", 155: "r"}).best == 150


@pytest.mark.parametrize(
    "card",
    [{150: "OX"}, {150: "XXXX"}, {150: "XXX", 155: "O"}, {150: "XX-", 155: "XO"},
     {150: "Q"}, {150: ""}, {150: "rO"}, {150: "-O"}, {150: "O", 155: "r", 160: "O"}],
)
def test_impossible_cards_are_refused(card):
    with pytest.raises(MarkError):
        ranking.read_card(card)


# --- properties ---------------------------------------------------------------------------

statuses = st.sampled_from(list(Status))
heat = st.dictionaries(
    st.integers(1, 40), st.one_of(st.integers(9000, 9100), statuses), max_size=12)


def assert_competition_ranks(placings):
    placed = [p.rank for p in placings if p.placed]
    for i, r in enumerate(placed):
        # the rank is one more than the number of entries strictly ahead
        assert r == 1 + sum(1 for q in placings if q.placed and q.key < placings[i].key)
    assert placed == sorted(placed)
    assert all(p.rank is None for p in placings[len(placed):])


@given(heat)
def test_property_ranks_are_competition_ranks(times):
    assert_competition_ranks(ranking.rank_times(times, thousandths=True))


@given(heat, st.randoms())
def test_property_input_order_never_changes_the_output(times, rnd):
    items = list(times.items())
    rnd.shuffle(items)
    assert ranking.rank_times(dict(items)) == ranking.rank_times(times)


@given(st.dictionaries(st.integers(1, 30),
                       st.lists(st.integers(600, 610), min_size=1, max_size=3), max_size=10))
def test_property_countback_ranks(series):
    result = ranking.rank_distances(series)
    assert_competition_ranks(result)
    # a shared place means the same marks, in some order
    for p in result:
        for q in result:
            if p.rank == q.rank:
                assert sorted(series[p.entry]) == sorted(series[q.entry])


def test_mixed_id_types_sort_deterministically():
    a = ranking.rank_times({1: 10000, "x": 10000, 2: Status.DNS, "y": Status.DNS})
    b = ranking.rank_times(dict(reversed(list({1: 10000, "x": 10000, 2: Status.DNS,
                                                "y": Status.DNS}.items()))))
    assert a == b
    assert [p.entry for p in a] == [1, "x", 2, "y"]
