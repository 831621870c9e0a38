from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules import roundrobin as rr
from meet.rules.roundrobin import Match


def table(rows):
    return {r.team: (r.rank, r.decided_by) for r in rows}


def test_fiba_points_and_row_totals():
    t = rr.standings("AB", [Match("A", "B", 80, 70)], rr.FIBA)
    a, b = t.rows
    assert (a.team, a.played, a.won, a.lost, a.points, a.scored, a.conceded, a.difference) == (
        "A", 1, 1, 0, 2, 80, 70, 10)
    assert (b.team, b.points, b.rank, b.decided_by) == ("B", 1, 2, "points")
    assert a.decided_by_label == "points"


def test_three_way_tie_splits_one_and_two_then_restarts_for_the_two():
    # A, B, C each 2-1; among themselves a circle. Head-to-head difference: A +10,
    # B -5, C -5. Restarting for B and C, their own game (B won) decides; without the
    # restart, head-to-head points scored (C 140, B 115) would wrongly put C ahead.
    matches = [
        Match("A", "B", 70, 50), Match("B", "C", 65, 50), Match("C", "A", 90, 80),
        Match("A", "D", 60, 50), Match("B", "D", 60, 50), Match("C", "D", 60, 50),
    ]
    t = rr.standings("ABCD", matches, rr.FIBA)
    assert [r.team for r in t.rows] == ["A", "B", "C", "D"]
    assert table(t.rows) == {"A": (1, "h2h_difference"), "B": (2, "h2h_points"),
                             "C": (3, "h2h_points"), "D": (4, "points")}
    assert t.rows[1].decided_by_label == "head-to-head"
    assert t.rows[0].points == t.rows[1].points == t.rows[2].points == 5


def test_circular_head_to_head_goes_to_overall_difference_then_restarts():
    matches = [
        Match("A", "B", 80, 70), Match("B", "C", 80, 70), Match("C", "A", 80, 70),
        Match("A", "D", 80, 70), Match("B", "D", 90, 70), Match("C", "D", 60, 50),
    ]
    t = rr.standings("ABCD", matches, rr.FIBA)
    assert table(t.rows) == {"B": (1, "difference"), "C": (2, "h2h_points"),
                             "A": (3, "h2h_points"), "D": (4, "points")}


def test_perfect_tie_shares_a_rank_without_a_seed():
    matches = [Match("A", "B", 70, 60), Match("B", "C", 70, 60), Match("C", "A", 70, 60)]
    t = rr.standings("CBA", matches, rr.FIBA)
    assert [(r.team, r.rank, r.decided_by) for r in t.rows] == [
        ("A", 1, None), ("B", 1, None), ("C", 1, None)]
    assert t.rows[0].decided_by_label == "tied"
    assert t.draws == ()


def test_lot_orders_the_listing_and_is_recorded():
    matches = [Match("A", "B", 70, 60), Match("B", "C", 70, 60), Match("C", "A", 70, 60)]
    t = rr.standings("ABC", matches, rr.FIBA, seed=42)
    assert [r.rank for r in t.rows] == [1, 1, 1]  # lot excluded from ranks by default
    assert {r.decided_by for r in t.rows} == {"lot"}
    (draw,) = t.draws
    assert draw.seed == 42 and draw.teams == ("A", "B", "C")
    assert tuple(r.team for r in t.rows) == draw.order
    decided = rr.standings("ABC", matches, rr.FIBA, seed=42, lot_decides_rank=True)
    assert [r.rank for r in decided.rows] == [1, 2, 3]
    assert tuple(r.team for r in decided.rows) == draw.order
    orders = {rr.standings("ABC", matches, rr.FIBA, seed=s).draws[0].order for s in range(30)}
    assert len(orders) > 1  # the seed matters


def test_lot_can_be_left_out_of_the_criteria():
    matches = [Match("A", "B", 70, 60), Match("B", "C", 70, 60), Match("C", "A", 70, 60)]
    t = rr.standings("ABC", matches, rr.FIBA, criteria=("points",), seed=1)
    assert t.draws == () and [r.rank for r in t.rows] == [1, 1, 1]


def test_equal_points_is_not_a_tie_when_difference_separates():
    matches = [Match("A", "C", 3, 0), Match("B", "C", 1, 0), Match("A", "B", 1, 1)]
    t = rr.standings("ABC", matches, rr.FOOTBALL)
    assert table(t.rows) == {"A": (1, "difference"), "B": (2, "difference"),
                             "C": (3, "points")}
    assert (t.rows[0].drawn, t.rows[0].points) == (1, 4)


def test_fiba_forfeit_scores_20_0_and_zero_points():
    t = rr.standings("AB", [Match("A", "B", forfeit="away")], rr.FIBA)
    a, b = t.rows
    assert (a.team, a.points, a.scored, a.conceded, a.forfeits) == ("A", 2, 20, 0, 0)
    assert (b.team, b.points, b.lost, b.forfeits, b.played) == ("B", 0, 1, 1, 1)


def test_double_forfeit_and_unplayed_matches():
    t = rr.standings("ABC", [Match("A", "B", forfeit="both"), Match("A", "C")], rr.FIBA)
    rows = {r.team: r for r in t.rows}
    assert (rows["A"].forfeits, rows["B"].forfeits, rows["A"].points) == (1, 1, 0)
    assert rows["C"].played == 0
    with pytest.raises(ValueError):
        rr.standings("AB", [Match("A", "B", forfeit="nobody")])


def test_fivb_set_results_and_quotients():
    s = [(25, 20), (25, 20), (20, 25), (20, 25), (15, 10)]  # 3-2
    matches = [
        Match("A", "B", sets=tuple(s)),
        Match("C", "A", sets=((25, 10), (25, 10), (25, 10))),
        Match("B", "C", sets=((25, 23), (23, 25), (25, 23), (25, 20))),  # 3-1
    ]
    t = rr.standings("ABC", matches, rr.FIVB)
    rows = {r.team: r for r in t.rows}
    assert rows["A"].points == 2 and rows["B"].points == 1 + 3 and rows["C"].points == 3
    assert (rows["A"].scored, rows["A"].conceded) == (3, 5)  # sets
    assert (rows["A"].small_scored, rows["A"].small_conceded) == (135, 175)
    # each won one match: B (4 pts) ahead, then C (3) over A (2) by points
    assert [r.team for r in t.rows] == ["B", "C", "A"]
    assert table(t.rows)["B"] == (1, "points")


def test_fivb_forfeit_counts_three_sets_to_nil():
    t = rr.standings("AB", [Match("A", "B", forfeit="home")], rr.FIVB)
    b = t.rows[0]
    assert (b.team, b.points, b.scored, b.conceded, b.small_scored) == ("B", 3, 3, 0, 75)


def test_set_quotient_with_zero_lost_is_infinite_and_zero_over_zero_is_last():
    assert rr.quotient(3, 0) > rr.quotient(100, 1) > rr.quotient(0, 5) > rr.quotient(0, 0)
    assert rr.quotient(2, 4) == rr.quotient(1, 2)
    crit = ("quotient",)
    matches = [Match("A", "B", sets=((25, 1), (25, 1))), Match("C", "B", sets=((25, 1),))]
    t = rr.standings("ABCD", matches, rr.GENERIC, criteria=crit)
    # A 2/0 and C 1/0 are both infinite; B 0/3; D never played: 0/0 sorts last
    assert [(r.team, r.rank) for r in t.rows] == [("A", 1), ("C", 1), ("B", 3), ("D", 4)]


def test_best_of_three_tug_of_war():
    pulls = ((1, 0), (0, 1), (1, 0))
    t = rr.standings("XY", [Match("X", "Y", sets=pulls)], rr.GENERIC)
    x = t.rows[0]
    assert (x.team, x.won, x.scored, x.conceded, x.points) == ("X", 1, 2, 1, 2)


def test_table_tennis_preset_uses_games_among_the_tied():
    bo5 = lambda *g: tuple(g)  # noqa: E731
    matches = [
        Match("A", "B", sets=bo5((11, 5), (11, 5), (11, 5))),
        Match("B", "C", sets=bo5((11, 5), (11, 5), (5, 11), (11, 5))),
        Match("C", "A", sets=bo5((11, 9), (9, 11), (11, 9), (9, 11), (11, 9))),
    ]
    t = rr.standings("ABC", matches, rr.TABLE_TENNIS)
    # all 3 points; games among them: A 5/3, B 3/4, C 4/5
    assert [r.team for r in t.rows] == ["A", "C", "B"]
    assert {r.decided_by for r in t.rows} == {"h2h_quotient"}


def test_presets_are_named_and_bad_input_is_refused():
    assert set(rr.PRESETS) == {"FIBA", "FIVB", "football", "ITTF", "generic"}
    with pytest.raises(ValueError):
        rr.standings("AB", [Match("A", "Z", 1, 0)])
    with pytest.raises(ValueError):
        rr.standings("AB", [Match("A", "A", 1, 0)])
    with pytest.raises(ValueError):
        rr.standings("AB", [], criteria=("goals",))
    with pytest.raises(ValueError):
        rr.standings("AB", [Match("A", "B", sets=((25, 25),))])
    with pytest.raises(ValueError):
        rr.standings("AB", [Match("A", "B", -1, 0)])
    assert rr.standings([], []).rows == ()


def test_fractional_points_stay_exact():
    chess = rr.PointsScheme("chess", win=1, draw=Fraction(1, 2), loss=0)
    t = rr.standings("AB", [Match("A", "B", 1, 1)], chess)
    assert [r.points for r in t.rows] == [Fraction(1, 2), Fraction(1, 2)]


# --- properties -----------------------------------------------------------------------

TEAMS = "ABCDE"


@st.composite
def round_robins(draw):
    matches = []
    for i, h in enumerate(TEAMS):
        for a in TEAMS[i + 1:]:
            kind = draw(st.sampled_from(["score", "score", "score", "forfeit", "unplayed"]))
            if kind == "score":
                matches.append(Match(h, a, draw(st.integers(0, 3)), draw(st.integers(0, 3))))
            elif kind == "forfeit":
                matches.append(Match(h, a, forfeit=draw(st.sampled_from(["home", "away"]))))
            else:
                matches.append(Match(h, a))
    return matches


@settings(max_examples=80)
@given(round_robins(), st.sampled_from([rr.FOOTBALL, rr.FIBA, rr.GENERIC]),
       st.integers(0, 1000), st.booleans(), st.randoms())
def test_property_table_invariants(matches, scheme, seed, lot_rank, rnd):
    t = rr.standings(TEAMS, matches, scheme, seed=seed, lot_decides_rank=lot_rank)
    rows = t.rows
    ranks = [r.rank for r in rows]
    assert ranks[0] == 1
    for i in range(1, len(rows)):  # competition ranks: equal or the position
        assert ranks[i] in (ranks[i - 1], i + 1)
    for r in rows:
        assert r.played == r.won + r.drawn + r.lost and r.forfeits <= r.lost
        assert r.difference == r.scored - r.conceded
    for a in rows:  # strictly more points ranks strictly above
        for b in rows:
            if a.points > b.points:
                assert a.rank < b.rank
    shuffled = list(matches)
    rnd.shuffle(shuffled)
    teams = list(TEAMS)
    rnd.shuffle(teams)
    assert rr.standings(teams, shuffled, scheme, seed=seed, lot_decides_rank=lot_rank) == t
