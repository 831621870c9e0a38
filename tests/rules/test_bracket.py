import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules import bracket
from meet.rules.bracket import ENTRY


def first_round_pairs(b):
    return [(m.a.ref, m.b.ref) for m in b.matches if m.round == 1]


def play_out(b, pick=min):
    """Play every match in order; by default the better seed (smaller) wins."""
    winners = {}
    for m in b.matches:
        a, bb = bracket.participants(b, winners)[m.id]
        winners[m.id] = pick(a, bb)
    return winners


def test_standard_seed_order():
    assert bracket.seed_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    assert bracket.seed_order(16) == [1, 16, 8, 9, 4, 13, 5, 12, 2, 15, 7, 10, 3, 14, 6, 11]
    assert bracket.seed_order(1) == [1]
    with pytest.raises(ValueError):
        bracket.seed_order(6)


def test_eight_seeds_meet_1v8_4v5_2v7_3v6():
    b = bracket.single_elimination([1, 2, 3, 4, 5, 6, 7, 8])
    assert first_round_pairs(b) == [(1, 8), (4, 5), (2, 7), (3, 6)]


def test_six_entries_byes_go_to_seeds_one_and_two():
    b = bracket.single_elimination([1, 2, 3, 4, 5, 6])
    assert b.size == 8
    assert first_round_pairs(b) == [(4, 5), (3, 6)]
    semis = [m for m in b.matches if m.name == "Semi-final"]
    assert [m.a.ref for m in semis] == [1, 2]
    assert [m.b.label() for m in semis] == ["winner of M1", "winner of M2"]


def test_one_entry_is_first_without_a_match():
    b = bracket.single_elimination(["甲"], third_place=True, classify_5_8=True)
    assert b.matches == ()
    assert bracket.final_places(b, {}) == {"甲": 1}


def test_two_entries_play_the_final_only():
    b = bracket.single_elimination(["甲", "乙"], third_place=True)
    assert [m.name for m in b.matches] == ["Final"]
    assert bracket.final_places(b, {"M1": "乙"}) == {"乙": 1, "甲": 2}


def test_three_entries_top_seed_has_a_bye_and_semi_loser_is_third():
    b = bracket.single_elimination(["s1", "s2", "s3"], third_place=True)
    assert [(m.id, m.name) for m in b.matches] == [("M1", "Semi-final"), ("M2", "Final")]
    places = bracket.final_places(b, {"M1": "s3", "M2": "s3"})
    assert places == {"s3": 1, "s1": 2, "s2": 3}


def test_no_entries():
    assert bracket.single_elimination([]).matches == ()


def test_winner_advances_into_the_next_match():
    b = bracket.single_elimination(list("ABCDEFGH"))
    known = bracket.participants(b, {"M1": "H", "M2": "D"})
    assert known["M5"] == ("H", "D")
    assert known["M6"] == (None, None)


def test_a_winner_who_was_not_in_the_match_is_refused():
    b = bracket.single_elimination(list("ABCD"))
    with pytest.raises(ValueError):
        bracket.participants(b, {"M1": "C"})
    with pytest.raises(ValueError):
        bracket.participants(b, {"M3": "A"})  # final before semis are decided


def test_third_place_match_and_classification_5_to_8_give_places_1_to_8():
    b = bracket.single_elimination(list("ABCDEFGH"), third_place=True, classify_5_8=True)
    names = [m.name for m in b.matches]
    assert names.count("Quarter-final") == 4 and names.count("Classification 5-8") == 2
    assert {"Final", "3rd place", "5th place", "7th place"} <= set(names)
    places = bracket.final_places(b, play_out(b))
    assert places == {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8}


def test_without_classification_places_are_shared():
    b = bracket.single_elimination(list("ABCDEFGH"))
    places = bracket.final_places(b, play_out(b))
    assert sorted(places.values()) == [1, 2, 3, 3, 5, 5, 5, 5]


def test_sixteen_round_of_16_losers_share_ninth():
    b = bracket.single_elimination(list(range(1, 17)), third_place=True, classify_5_8=True)
    places = bracket.final_places(b, play_out(b))
    assert [places[s] for s in range(1, 9)] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [places[s] for s in range(9, 17)] == [9] * 8


def test_upsets_are_followed_through_the_classification():
    b = bracket.single_elimination(list("ABCDEFGH"), third_place=True, classify_5_8=True)
    places = bracket.final_places(b, play_out(b, pick=max))  # the lower seed always wins
    assert places["H"] == 1 and places["A"] == 8


def test_five_entries_with_classification_gives_one_fifth_place():
    b = bracket.single_elimination(list("ABCDE"), third_place=True, classify_5_8=True)
    places = bracket.final_places(b, play_out(b))
    assert sorted(places.values()) == [1, 2, 3, 4, 5]


def test_two_groups_cross_a1_b2_b1_a2():
    assert bracket.crossover_positions("AB", 2) == [("A", 1), ("B", 2), ("B", 1), ("A", 2)]


def test_four_groups_cross_and_same_group_meets_only_in_final():
    pos = bracket.crossover_positions("ABCD", 2)
    assert pos == [("A", 1), ("B", 2), ("C", 1), ("D", 2),
                   ("B", 1), ("A", 2), ("D", 1), ("C", 2)]
    for g in "ABCD":
        i, j = pos.index((g, 1)), pos.index((g, 2))
        assert (i < 4) != (j < 4)


@pytest.mark.parametrize("groups, k", [("ABC", 2), ("ABCDEF", 2), ("AB", 3), ("ABC", 3)])
def test_other_crossings_keep_group_mates_apart_as_long_as_possible(groups, k):
    pos = bracket.crossover_positions(groups, k)
    placed = [p for p in pos if p is not None]
    assert sorted(placed) == sorted((g, r) for g in groups for r in range(1, k + 1))
    # group winners get the top-seed places (and thus the byes)
    order = bracket.seed_order(len(pos))
    winners_at = sorted(order[i] for i, p in enumerate(pos) if p is not None and p[1] == 1)
    assert winners_at == list(range(1, len(groups) + 1))
    # no two teams of one group meet in the first round
    for i in range(0, len(pos), 2):
        a, b = pos[i], pos[i + 1]
        assert a is None or b is None or a[0] != b[0]


def test_groups_then_knockout_builds_a_playable_bracket():
    standings = {"A": ["a1", "a2"], "B": ["b1", "b2"]}
    pos = [standings[g][r - 1] for g, r in bracket.crossover_positions("AB", 2)]
    b = bracket.bracket_from_positions(pos, third_place=True)
    assert first_round_pairs(b) == [("a1", "b2"), ("b1", "a2")]
    assert len(bracket.final_places(b, play_out(b))) == 4


@given(st.integers(1, 40), st.booleans(), st.booleans())
def test_every_entry_in_exactly_one_first_slot_and_byes_to_top_seeds(n, third, classify):
    entries = list(range(1, n + 1))
    b = bracket.single_elimination(entries, third_place=third, classify_5_8=classify)
    slots = [s.ref for m in b.matches for s in (m.a, m.b) if s.kind == ENTRY]
    slots += [s.ref for s, _ in b.direct_places if s.kind == ENTRY]
    assert sorted(slots) == entries
    byes = b.size - n
    playing_first = {s for m in b.matches if m.round == 1 for s in (m.a.ref, m.b.ref)}
    if n > 1:
        assert set(entries[:byes]).isdisjoint(playing_first)
        assert set(entries[byes:]) <= playing_first
    places = bracket.final_places(b, play_out(b))
    assert sorted(places) == entries
    assert places[1] == 1
    if n >= 2:
        assert places[2] == 2
