import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules import swiss
from meet.rules.swiss import DRAW, FORFEIT_FIRST, LOSS, WIN, Game, Scoring


def players(n):
    return [f"p{i}" for i in range(1, n + 1)]


def with_results(pairing, pick):
    return [g if g.second is None else Game(g.round, g.first, g.second, pick(g))
            for g in swiss.pairing_games(pairing)]


def met(games):
    return {frozenset((g.first, g.second)) for g in games
            if g.second is not None and g.result in (WIN, DRAW, LOSS)}


@pytest.mark.parametrize("n, rounds", [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3),
                                       (8, 3), (9, 4), (16, 4), (40, 6)])
def test_recommended_rounds_is_about_log2(n, rounds):
    assert swiss.recommended_rounds(n) == rounds


def test_first_round_top_half_against_bottom_half_with_alternating_colours():
    rp = swiss.pair_round(players(8), [])
    assert [(p.first, p.second) for p in rp.pairings] == [
        ("p1", "p5"), ("p6", "p2"), ("p3", "p7"), ("p8", "p4")]
    assert rp.bye is None and rp.round == 1


def test_odd_number_bye_goes_to_lowest_ranked_then_next_lowest():
    ps = players(5)
    r1 = swiss.pair_round(ps, [])
    assert r1.bye == "p5"
    games = with_results(r1, lambda g: WIN)
    r2 = swiss.pair_round(ps, games)
    assert r2.bye != "p5"
    # the lowest-ranked player without a bye is the one with the fewest points
    pts = {s.player: s.points for s in swiss.standings(ps, games)}
    assert pts[r2.bye] == min(v for p, v in pts.items() if p != "p5")


def test_bye_scores_as_a_win_by_default_and_is_configurable():
    games = [Game(1, "p1", None)]
    assert swiss.standings(["p1"], games)[0].points == 1.0
    half = swiss.standings(["p1"], games, scoring=Scoring(bye=0.5))
    assert half[0].points == 0.5


def test_a_forfeit_win_counts_as_the_bye():
    ps = players(3)
    games = [Game(1, "p1", "p3", FORFEIT_FIRST), Game(1, "p2", None)]
    # p3 is lowest but has not had a bye; p1 won by forfeit, p2 had the bye.
    assert swiss.pair_round(ps, games).bye == "p3"
    games = [Game(1, "p2", "p3", FORFEIT_FIRST), Game(1, "p1", None)]
    assert swiss.pair_round(ps, games).bye == "p3"


def test_forfeited_game_is_not_a_meeting():
    games = [Game(1, "p1", "p2", FORFEIT_FIRST)]
    rp = swiss.pair_round(["p1", "p2"], games)
    assert rp.rematches == 0 and len(rp.pairings) == 1


def test_withdrawn_player_is_not_paired_but_keeps_results():
    ps = players(4)
    games = with_results(swiss.pair_round(ps, []), lambda g: WIN)
    rp = swiss.pair_round(ps, games, withdrawn=["p2"])
    paired = {x for p in rp.pairings for x in (p.first, p.second)} | {rp.bye}
    assert "p2" not in paired and paired == {"p1", "p3", "p4"}
    assert any(s.player == "p2" for s in swiss.standings(ps, games))


def test_matching_avoids_the_rematch_greedy_top_down_pairing_forces():
    ps = players(6)
    games = [
        Game(1, "p1", "p4", WIN), Game(1, "p5", "p2", WIN), Game(1, "p3", "p6", LOSS),
        Game(2, "p2", "p1", WIN), Game(2, "p6", "p5", LOSS), Game(2, "p4", "p3", DRAW),
    ]
    # Greedy: standings p5 2, p1 1, p2 1, p6 1, p3 .5, p4 .5 -> p5-p1, p2-p6, then p3-p4 again.
    order = [s.player for s in swiss.standings(ps, games, tiebreaks=())]
    remaining, greedy = list(order), []
    while remaining:
        a = remaining.pop(0)
        b = next((x for x in remaining if frozenset((a, x)) not in met(games)), remaining[0])
        remaining.remove(b)
        greedy.append(frozenset((a, b)))
    assert frozenset(("p3", "p4")) in greedy and frozenset(("p3", "p4")) in met(games)
    ours = swiss.pair_round(ps, games)
    assert ours.rematches == 0
    assert not {frozenset((p.first, p.second)) for p in ours.pairings} & met(games)


def test_no_third_same_colour_when_avoidable():
    games = [Game(1, "a", "b", DRAW), Game(2, "a", "c", DRAW), Game(1, "c", "d", DRAW),
             Game(2, "d", "b", DRAW)]
    # a had the first move twice, b the second move twice: round 3 is a-d, b-c.
    rp = swiss.pair_round(["a", "b", "c", "d"], games)
    assert {(p.first, p.second) for p in rp.pairings} == {("d", "a"), ("b", "c")}


def test_games_without_colours_pair_the_higher_ranked_first():
    rp = swiss.pair_round(players(4), [], colours=False)
    assert [(p.first, p.second) for p in rp.pairings] == [("p1", "p3"), ("p2", "p4")]


def test_unknown_result_and_tie_break_refused():
    with pytest.raises(ValueError):
        swiss.standings(["a", "b"], [Game(1, "a", "b", "2-0")])
    with pytest.raises(ValueError):
        swiss.standings(["a"], [], tiebreaks=["elo"])
    with pytest.raises(ValueError):
        swiss.standings(["a"], [Game(1, "a", "zz", WIN)])


def test_buchholz_median_and_sonneborn_berger():
    ps = ["a", "b", "c", "d"]
    games = [Game(1, "a", "b", WIN), Game(1, "c", "d", DRAW),
             Game(2, "a", "c", DRAW), Game(2, "b", "d", WIN),
             Game(3, "a", "d", WIN), Game(3, "b", "c", LOSS)]
    # points: a 2.5, b 1, c 2, d 0.5
    table = {s.player: s for s in swiss.standings(
        ps, games, tiebreaks=("buchholz", "median_buchholz", "sonneborn_berger", "wins"))}
    assert [table[p].points for p in ps] == [2.5, 1.0, 2.0, 0.5]
    assert table["a"].tiebreaks == (3.5, 1.0, 1.0 + 1.0 + 0.5, 2.0)
    assert table["c"].tiebreaks == (4.0, 1.0, 1.0 + 1.25 + 0.25, 1.0)


def test_unplayed_round_counts_own_points_in_buchholz():
    games = [Game(1, "a", None), Game(1, "b", "c", WIN), Game(2, "a", "b", WIN)]
    table = {s.player: s for s in swiss.standings(["a", "b", "c"], games,
                                                 tiebreaks=("buchholz", "sonneborn_berger"))}
    # a: bye (own 2 points) + b (1 point) = 3; SB counts only the game against b.
    assert table["a"].tiebreaks == (3.0, 1.0)


def test_competition_ranks_share_and_skip():
    games = [Game(1, "a", "b", DRAW), Game(1, "c", "d", WIN)]
    table = swiss.standings(["a", "b", "c", "d"], games, tiebreaks=())
    assert [(s.player, s.rank) for s in table] == [("c", 1), ("a", 2), ("b", 2), ("d", 4)]


def test_tie_break_order_is_configurable():
    ps = ["a", "b", "c", "d", "e", "f"]
    games = [Game(1, "a", "e", WIN), Game(1, "c", "d", WIN), Game(1, "b", "f", WIN),
             Game(2, "a", "b", DRAW), Game(2, "c", "f", WIN), Game(2, "d", "e", WIN),
             Game(3, "a", "d", DRAW), Game(3, "b", "c", WIN), Game(3, "e", "f", WIN)]
    # a and c have 2 points; a met stronger opponents (Buchholz 5 v 4), c won more (2 v 1).
    by_bh = [s.player for s in swiss.standings(ps, games, tiebreaks=("buchholz", "wins"))]
    by_wins = [s.player for s in swiss.standings(ps, games, tiebreaks=("wins", "buchholz"))]
    assert by_bh[:3] == ["b", "a", "c"]
    assert by_wins[:3] == ["b", "c", "a"]


def _rematch_free_exists(ps, games, withdrawn=()):
    recs_met, had_bye = met(games), set()
    for g in games:
        if g.second is None:
            had_bye.add(g.first)
        elif g.result == FORFEIT_FIRST:
            had_bye.add(g.first)
    active = [p for p in ps if p not in withdrawn]
    graph = nx.Graph()
    graph.add_nodes_from(active)
    for i, a in enumerate(active):
        for b in active[i + 1:]:
            if frozenset((a, b)) not in recs_met:
                graph.add_edge(a, b)
    if len(active) % 2:
        graph.add_edges_from(("BYE", p) for p in active if p not in had_bye)
    need = len(active) + len(active) % 2
    return 2 * len(nx.max_weight_matching(graph, maxcardinality=True)) == need


@settings(max_examples=25, deadline=None)
@given(st.integers(5, 40), st.integers(0, 2**31 - 1), st.booleans())
def test_random_tournaments_never_rematch_or_give_two_byes(n, seed, colours):
    rng = random.Random(seed)
    ps = players(n)
    games = []
    for _ in range(swiss.recommended_rounds(n)):
        exists = _rematch_free_exists(ps, games)
        rp = swiss.pair_round(ps, games, colours=colours)
        pairs = [frozenset((p.first, p.second)) for p in rp.pairings]
        seated = [x for p in rp.pairings for x in (p.first, p.second)] + \
            ([rp.bye] if rp.bye else [])
        assert sorted(seated) == sorted(ps)
        if exists:
            assert rp.rematches == 0 and not set(pairs) & met(games)
        games += with_results(rp, lambda g: rng.choice([WIN, DRAW, LOSS]))
    byes = [g.first for g in games if g.second is None]
    assert len(byes) == len(set(byes))
    ranks = [s.rank for s in swiss.standings(ps, games)]
    assert ranks[0] == 1 and all(r <= i + 1 for i, r in enumerate(ranks))
