from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules import fixtures


def test_berger_table_for_six_matches_the_fide_table():
    assert fixtures.berger_pairs(6) == [
        [(1, 6), (2, 5), (3, 4)],
        [(6, 4), (5, 3), (1, 2)],
        [(2, 6), (3, 1), (4, 5)],
        [(6, 5), (1, 4), (2, 3)],
        [(3, 6), (4, 2), (5, 1)],
    ]


def test_berger_needs_an_even_number():
    with pytest.raises(ValueError):
        fixtures.berger_pairs(5)


def test_one_team_has_no_fixtures_two_teams_play_once():
    assert fixtures.round_robin(["甲"]) == []
    assert fixtures.round_robin([]) == []
    rounds = fixtures.round_robin(["甲", "乙"])
    assert len(rounds) == 1 and len(rounds[0].fixtures) == 1 and rounds[0].bye is None


def test_three_teams_each_have_one_bye():
    rounds = fixtures.round_robin(["甲", "乙", "丙"])
    assert len(rounds) == 3
    assert sorted(r.bye for r in rounds) == sorted(["甲", "乙", "丙"])
    assert all(len(r.fixtures) == 1 for r in rounds)


def test_duplicate_team_refused():
    with pytest.raises(ValueError):
        fixtures.round_robin(["甲", "甲", "乙"])


def test_double_round_robin_return_leg_swaps_home_and_keeps_round_order():
    teams = ["A", "B", "C", "D"]
    rounds = fixtures.round_robin(teams, double=True)
    assert len(rounds) == 6
    for first, second in zip(rounds[:3], rounds[3:], strict=True):
        assert second.number == first.number + 3
        assert [(f.away, f.home) for f in first.fixtures] == \
            [(f.home, f.away) for f in second.fixtures]
    pairs = Counter((f.home, f.away) for r in rounds for f in r.fixtures)
    assert set(pairs.values()) == {1} and len(pairs) == 12


@given(st.integers(2, 24), st.booleans())
def test_each_pair_meets_once_per_leg_and_nobody_plays_twice_in_a_round(n, double):
    teams = [f"t{i}" for i in range(n)]
    rounds = fixtures.round_robin(teams, double=double)
    legs = 2 if double else 1
    assert len(rounds) == legs * (n - 1 + n % 2)
    meetings = Counter(frozenset((f.home, f.away)) for r in rounds for f in r.fixtures)
    assert set(meetings) == {frozenset(p) for p in combinations(teams, 2)}
    assert set(meetings.values()) == {legs}
    for r in rounds:
        playing = [t for f in r.fixtures for t in (f.home, f.away)]
        assert len(playing) == len(set(playing))
        idle = set(teams) - set(playing)
        assert idle == ({r.bye} if n % 2 else set())
        assert all(f.round == r.number for f in r.fixtures)
    byes = Counter(r.bye for r in rounds if r.bye is not None)
    assert set(byes.values()) <= {legs}


@given(st.integers(2, 24))
def test_home_counts_differ_by_at_most_one(n):
    counts = fixtures.home_counts(fixtures.round_robin([f"t{i}" for i in range(n)]))
    assert len(counts) == n
    assert max(counts.values()) - min(counts.values()) <= 1
    double = fixtures.home_counts(fixtures.round_robin(list(range(n)), double=True))
    assert set(double.values()) == {n - 1}


def test_serpentine_groups_from_pots():
    groups = fixtures.seeded_groups([f"s{i}" for i in range(1, 9)], 4)
    assert groups == {"A": ["s1", "s8"], "B": ["s2", "s7"], "C": ["s3", "s6"],
                      "D": ["s4", "s5"]}


def test_groups_keep_one_delegation_apart_when_possible():
    teams = [("s1", "甲"), ("s2", "乙"), ("s3", "丙"), ("s4", "丁"),
             ("s5", "戊"), ("s6", "己"), ("s7", "甲"), ("s8", "庚")]
    plain = fixtures.seeded_groups(teams, 4)
    assert ("s7", "甲") in plain["B"] and ("s1", "甲") in plain["A"]
    apart = fixtures.seeded_groups(teams, 4, delegation_of=lambda t: t[1])
    for members in apart.values():
        dlgs = [d for _, d in members]
        assert len(dlgs) == len(set(dlgs))
    # seeds stay in their pots: every group has one team of 1-4 and one of 5-8
    for members in apart.values():
        assert sorted(int(name[1:]) > 4 for name, _ in members) == [False, True]


def test_all_from_one_delegation_still_fills_groups_evenly():
    groups = fixtures.seeded_groups(list(range(7)), 3, delegation_of=lambda t: "甲")
    assert sorted(len(g) for g in groups.values()) == [2, 2, 3]


@given(st.integers(0, 40), st.integers(1, 8), st.integers(1, 5))
def test_every_team_in_exactly_one_group(n, g, dlgs):
    teams = [f"t{i}" for i in range(n)]
    groups = fixtures.seeded_groups(teams, g, delegation_of=lambda t: int(t[1:]) % dlgs)
    placed = [t for members in groups.values() for t in members]
    assert sorted(placed) == sorted(teams)
    sizes = [len(m) for m in groups.values()]
    assert max(sizes) - min(sizes) <= 1
