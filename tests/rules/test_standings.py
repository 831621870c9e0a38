from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules import standings as sd
from meet.rules.ranking import competition_ranks
from meet.rules.standings import Event, Finish, Scoring


def pts(event, scoring=Scoring()):
    return [(f.team, p) for f, p in sd.event_points(event, scoring)]


# --- medals -----------------------------------------------------------------------------


def test_two_tied_for_first_both_gold_and_the_next_is_bronze():
    rows = sd.medal_table([[("A", 1), ("B", 1), ("C", 3), ("D", 4)]])
    got = {r.team: (r.gold, r.silver, r.bronze, r.total, r.rank) for r in rows}
    assert got == {"A": (1, 0, 0, 1, 1), "B": (1, 0, 0, 1, 1), "C": (0, 0, 1, 1, 3),
                   "D": (0, 0, 0, 0, 4)}


def test_medal_table_gold_first_and_shared_ranks_skip():
    events = [
        [("A", 1), ("B", 2), ("C", 3)],
        [("B", 1), ("A", 2), ("C", 3)],
        [("C", 1), ("D", 2), ("E", 3)],
        [("D", 1), ("E", 2), ("F", 3), ("G", None)],
    ]
    rows = sd.medal_table(events, teams=["H"])
    assert [(r.team, r.rank) for r in rows] == [
        ("A", 1), ("B", 1), ("D", 1), ("C", 4), ("E", 5), ("F", 6), ("G", 7), ("H", 7)]


def test_medal_total_first_when_configured():
    events = [[("A", 1), ("B", 2)], [("B", 3)], [("B", 3)]]
    assert [(r.team, r.rank) for r in sd.medal_table(events)] == [("A", 1), ("B", 2)]
    rows = sd.medal_table(events, by_total=True)
    assert [(r.team, r.total, r.rank) for r in rows] == [("B", 3, 1), ("A", 1, 2)]


# --- place points -------------------------------------------------------------------------


def test_default_top_eight_and_tied_places_share():
    event = [("A", 1), ("B", 2), ("C", 3), ("D", 3), ("E", 5), ("F", 6), ("G", 7), ("H", 8),
             ("I", 9)]
    assert pts(event) == [("A", 9), ("B", 7), ("C", Fraction(11, 2)), ("D", Fraction(11, 2)),
                          ("E", 4), ("F", 3), ("G", 2), ("H", 1), ("I", 0)]


def test_three_way_tie_and_tie_across_the_last_scoring_place():
    event = [("A", 1), ("B", 2), ("C", 2), ("D", 2)] + [(c, 5) for c in "EF"] + [
        ("G", 7), ("H", 8), ("I", 8), ("J", 10)]
    got = dict(pts(event))
    assert got["B"] == got["C"] == got["D"] == 6  # (7+6+5)/3
    assert got["E"] == got["F"] == Fraction(7, 2)  # (4+3)/2
    assert got["H"] == got["I"] == Fraction(1, 2)  # (1+0)/2
    assert got["J"] == 0


def test_presets_and_custom_tables():
    event = [("A", 1), ("B", 2), ("C", 3), ("D", 4), ("E", 5), ("F", 6), ("G", 7), ("H", 8)]
    assert [p for _, p in pts(event, Scoring(points=sd.TOP6))] == [7, 5, 4, 3, 2, 1, 0, 0]
    assert [p for _, p in pts(event, Scoring(points=sd.TOP6_9))] == [9, 7, 6, 5, 4, 3, 0, 0]
    relay = Scoring(points=(14, 12, 10, 8, 6, 4, 2))
    assert [p for _, p in pts(event, relay)][:3] == [14, 12, 10]


def test_team_event_multiplier_and_record_bonus():
    event = [Finish("A", 1, True), Finish("B", 2, 3), Finish("C", 3, 1, record=True)]
    scoring = Scoring(record_bonus=5)
    assert pts(event + [Finish("X", None), Finish("Y", None)] * 3, scoring)[:3] == [
        ("A", 18), ("B", 21), ("C", 11)]
    doubled = Scoring(record_multiplier=2)
    assert pts([Finish("A", 1, 1, True)] + [Finish(t, 2 + i) for i, t in enumerate("BCDEFGHI")],
               doubled)[0] == ("A", 18)


def test_reduce_by_one_when_fewer_entrants_than_scoring_places():
    event = [("A", 1), ("B", 2), ("C", 3), ("D", 4)]
    assert [p for _, p in pts(event)] == [9, 7, 6, 0]
    assert [p for _, p in pts(event, Scoring(reduce_by_one=False))] == [9, 7, 6, 5]
    assert [p for _, p in pts(Event(tuple(Finish(*f) for f in event), entrants=9))] == [
        9, 7, 6, 5]
    assert pts([("A", 1)]) == [("A", 0)]  # a lone entrant scores nothing
    tied = [("A", 1), ("B", 2), ("C", 2)]  # the tie straddles the cut: (7+0)/2
    assert [p for _, p in pts(tied)] == [9, Fraction(7, 2), Fraction(7, 2)]


def test_unplaced_and_bad_places():
    assert pts([("A", None)]) == [("A", 0)]
    with pytest.raises(ValueError):
        sd.event_points([("A", 0)])


# --- team table ---------------------------------------------------------------------------


def test_team_ties_go_to_more_firsts_then_seconds():
    off = Scoring(reduce_by_one=False)
    events = [
        [("A", 1), ("B", 2), ("C", 3)],  # A 9, B 7, C 6
        [("B", 1), ("C", 4), ("A", 5)],  # B 9, C 5, A 4
        [("C", 1), ("A", 3)],  # C 9, A 6
    ]
    got = {r.team: (r.points, r.rank) for r in sd.team_table(events, off)}
    assert got == {"C": (20, 1), "A": (19, 2), "B": (16, 3)}
    firsts = [[("A", 1)], [("A", 7)], [("B", 2)], [("B", 5)]]  # both 11, A has a 1st
    assert [(r.team, r.rank) for r in sd.team_table(firsts, off)] == [("A", 1), ("B", 2)]
    same = [[("A", 2)], [("A", 5)], [("B", 3)], [("B", 4)]]  # both 11: A has a 2nd
    rows = sd.team_table(same, off)
    assert [(r.team, r.rank, r.places[:4]) for r in rows] == [
        ("A", 1, (0, 1, 0, 0)), ("B", 2, (0, 0, 1, 1))]
    shared = sd.team_table(same, Scoring(reduce_by_one=False, tie_break=()))
    assert [r.rank for r in shared] == [1, 1]


def test_records_first_tie_break_and_teams_without_points():
    off = Scoring(reduce_by_one=False, tie_break=("records", "places"))
    events = [[Finish("A", 1)], [Finish("B", 1, record=True)]]
    rows = sd.team_table(events, off, teams=["Z"])
    assert [(r.team, r.rank, r.records) for r in rows] == [("B", 1, 1), ("A", 2, 0), ("Z", 3, 0)]
    with pytest.raises(ValueError):
        sd.team_table(events, Scoring(tie_break=("coin",)))


def test_subset_of_events_is_just_filtered_input():
    events = {"athletics": [[("A", 1), ("B", 2)]], "fun": [[("B", 1), ("A", 2)]]}
    assert sd.team_table(events["athletics"])[0].team == "A"
    assert sd.team_table(events["fun"])[0].team == "B"


@pytest.mark.parametrize(
    "value, text",
    [(Fraction(11, 2), "5.5"), (12, "12"), (Fraction(24, 2), "12"), (Fraction(22, 3), "7.33"),
     (Fraction(1, 4), "0.25"), (Decimal("5.50"), "5.5"), (Fraction(0), "0"),
     (Fraction(2, 3), "0.67"), (Fraction(-1, 2), "-0.5")],
)
def test_points_print_without_float_noise(value, text):
    assert sd.format_points(value) == text


def test_format_points_refuses_floats():
    with pytest.raises(TypeError):
        sd.format_points(5.5)


# --- properties -------------------------------------------------------------------------


@st.composite
def ranked_events(draw):
    n = draw(st.integers(1, 10))
    keys = sorted(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)))
    places = competition_ranks(keys)
    teams = draw(st.lists(st.sampled_from("ABCDEF"), min_size=n, max_size=n))
    return [Finish(t, p) for t, p in zip(teams, places, strict=True)]


@settings(max_examples=80)
@given(ranked_events(), st.booleans())
def test_property_shared_points_sum_to_the_covered_places(event, reduce):
    scoring = Scoring(reduce_by_one=reduce)
    got = sd.event_points(event, scoring)
    awarded = len(scoring.points)
    if reduce and len(event) < awarded:
        awarded = max(len(event) - 1, 0)
    table = [p if i < awarded else 0 for i, p in enumerate(scoring.points)]
    total = sum(p for _, p in got)
    assert total == sum(table[: len(event)])
    for (f, p), (g, q) in zip(got, got[1:], strict=False):
        if f.place == g.place:
            assert p == q


@settings(max_examples=60)
@given(st.lists(ranked_events(), max_size=6), st.randoms())
def test_property_tables_are_order_free_competition_ranked(events, rnd):
    rows = sd.team_table(events)
    medals = sd.medal_table(events)
    shuffled = [list(e) for e in events]
    rnd.shuffle(shuffled)
    for e in shuffled:
        rnd.shuffle(e)
    assert sd.team_table(shuffled) == rows
    assert sd.medal_table(shuffled) == medals
    for table in (rows, medals):
        for i in range(1, len(table)):
            assert table[i].rank in (table[i - 1].rank, i + 1)
    for a in rows:
        for b in rows:
            if a.points > b.points:
                assert a.rank < b.rank
    assert sum(r.points for r in rows) == sum(
        p for e in events for _, p in sd.event_points(e))
