"""The tables against hand-computed cases, through the database (both databases)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from meet.extensions import db
from meet.standings import operations, tables
from tests.standings import factories as sf


def three_events(g):
    """E1 men's 100 m: a tie for 3rd; E2 women's 100 m: a tie for 1st; E3 basketball
    (team event, double points) with 4 entrants (减一录取: only 3 places score)."""
    t = g.t
    e1 = sf.event(g.meet, g.ath, "M100")
    e2 = sf.event(g.meet, g.ath, "W100", gender="F")
    e3 = sf.event(g.meet, g.ball, "MBB", is_team=True, squad_min=5, squad_max=12)
    sf.publish(e1, [(t[0], 1), (t[1], 2), (t[2], 3), (t[3], 3), (t[4], 5), (t[5], 6),
                    (t[0], 7), (t[1], 8)])
    sf.publish(e2, [(t[1], 1), (t[2], 1), (t[0], 3), (t[3], 4), (t[4], 5), (t[5], 6),
                    (t[0], 7), (t[2], 8)])
    sf.publish(e3, [(t[3], 1), (t[4], 2), (t[5], 3), (t[0], 4)])
    return e1, e2, e3


def medals_of(snap, scope="all"):
    return [(m.team.code, m.rank, m.gold, m.silver, m.bronze, m.total)
            for m in snap.medals[scope]]


def points_of(snap, scope="all"):
    return [(p.team.code, p.rank, p.points) for p in snap.points[scope]]


def test_medal_table_shared_places_share_medals_and_ranks(games):
    three_events(games)
    snap = tables.snapshot(games.meet)
    assert medals_of(snap) == [
        ("02", 1, 1, 1, 0, 2),
        ("01", 2, 1, 0, 1, 2), ("03", 2, 1, 0, 1, 2), ("04", 2, 1, 0, 1, 2),
        ("05", 5, 0, 1, 0, 1),
        ("06", 6, 0, 0, 1, 1),
    ]


def test_team_points_shared_places_team_double_and_minus_one(games):
    three_events(games)
    snap = tables.snapshot(games.meet)
    assert points_of(snap) == [
        ("04", 1, Fraction(57, 2)),  # 5.5 + 5 + 18 (basketball 9 x 2)
        ("05", 2, Fraction(22)),  # 4 + 4 + 14
        ("01", 3, Fraction(19)),  # 9 + 2 + 6 + 2, basketball 4th of 4 scores nothing
        ("06", 4, Fraction(18)),
        ("02", 5, Fraction(16)),
        ("03", 6, Fraction(29, 2)),
    ]
    assert [p.points_text for p in snap.points["all"]][0] == "28.5"


def test_per_unit_kind_ranks_among_the_kind(games):
    three_events(games)
    snap = tables.snapshot(games.meet)
    assert points_of(snap, "kind:township") == [("05", 1, 22), ("01", 2, 19),
                                                ("03", 3, Fraction(29, 2))]
    assert points_of(snap, "kind:system") == [("04", 1, Fraction(57, 2)), ("06", 2, 18),
                                              ("02", 3, 16)]
    assert medals_of(snap, "kind:township") == [("01", 1, 1, 0, 1, 2), ("03", 1, 1, 0, 1, 2),
                                                ("05", 3, 0, 1, 0, 1)]


def test_per_category_uses_only_its_events(games):
    three_events(games)
    snap = tables.snapshot(games.meet)
    assert points_of(snap, "category:BALL") == [("04", 1, 18), ("05", 2, 14), ("06", 3, 12)]
    assert points_of(snap, "category:ATH")[:3] == [("01", 1, 19), ("02", 2, 16),
                                                   ("03", 3, Fraction(29, 2))]
    assert [s.key for s in snap.scopes] == ["all", "kind:township", "kind:system",
                                            "category:ATH", "category:BALL"]


def test_only_published_places_count(games):
    e1 = sf.event(games.meet, games.ath, "M100")
    sf.publish(e1, [(games.t[0], 1), (games.t[1], 2)], published=False)
    snap = tables.snapshot(games.meet)
    assert snap.medals["all"] == [] and snap.points["all"] == []


def test_record_bonus_and_an_events_own_multiplier(games):
    games.meet.record_bonus = 2
    db.session.commit()
    t = games.t
    long_jump = sf.event(games.meet, games.ath, "MLJ")
    relay = sf.event(games.meet, games.ath, "R4X100", is_team=True, squad_min=4, squad_max=4,
                     points_multiplier=Decimal("1.5"))
    eight = [(t[i % 6], i + 1) for i in range(8)]
    sf.publish(long_jump, [(t[0], 1, "OK", "7.12", "MR"), *eight[1:]])
    sf.publish(relay, eight)
    snap = tables.snapshot(games.meet)
    pts = dict((p.team.code, p.points) for p in snap.points["all"])
    # long jump 1st + MR bonus, and 7th; relay 1st and 7th at x1.5
    assert pts["01"] == (9 + 2) + 2 + Fraction(27, 2) + 2 * Fraction(3, 2)
    assert snap.new_records == [(long_jump.id, snap.new_records[0][1], t[0].id, "7.12")]


def test_three_tied_first_print_without_float_noise(games):
    t = games.t
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(t[0], 1), (t[1], 1), (t[2], 1), *[(t[i % 6], i + 1) for i in range(3, 8)]])
    snap = tables.snapshot(games.meet)
    line = next(p for p in snap.points["all"] if p.team.code == "01")
    assert line.points == Fraction(22, 3) + 2  # (9+7+6)/3, and 8th place
    assert line.points_text == "9.33"
    assert tables.points_number(Fraction(22, 3)) == 7.33


def tie_break_world(g):
    g.meet.points_scheme = [5, 3, 1]
    g.meet.minus_one_rule = False
    db.session.commit()
    t = g.t
    a, b, c = (sf.event(g.meet, g.ath, code) for code in ("A", "B", "C"))
    sf.publish(a, [(t[0], 1), (t[1], 2), (t[2], 3)])
    sf.publish(b, [(t[2], 1), (t[3], 2), (t[1], 3)])
    sf.publish(c, [(t[2], 1), (t[3], 2), (t[1], 3)])


def test_equal_totals_broken_by_more_firsts(games):
    tie_break_world(games)
    snap = tables.snapshot(games.meet)
    assert points_of(snap) == [("03", 1, 11), ("04", 2, 6), ("01", 3, 5), ("02", 4, 5)]


def test_equal_totals_shared_when_the_meet_says_so(games):
    tie_break_world(games)
    operations.update_settings(games.meet, "gold", "shared")
    snap = tables.snapshot(games.meet)
    assert points_of(snap) == [("03", 1, 11), ("04", 2, 6), ("01", 3, 5), ("02", 3, 5)]


def test_medal_table_by_total_when_configured(games):
    t = games.t
    for code, podium in [("A", (0, 1, 2)), ("B", (1, 2, 3)), ("C", (3, 1, 2))]:
        e = sf.event(games.meet, games.ath, code)
        sf.publish(e, [(t[i], n + 1) for n, i in enumerate(podium)])
    by_gold = medals_of(tables.snapshot(games.meet))
    assert [r[0] for r in by_gold] == ["02", "04", "01", "03"]
    operations.update_settings(games.meet, "total", "places")
    by_total = medals_of(tables.snapshot(games.meet))
    assert [r[:2] for r in by_total] == [("02", 1), ("03", 2), ("04", 3), ("01", 4)]


def test_minus_one_off_scores_every_place(games):
    games.meet.minus_one_rule = False
    db.session.commit()
    e = sf.event(games.meet, games.ball, "MBB", is_team=True, squad_min=5, squad_max=12)
    sf.publish(e, [(games.t[0], 1), (games.t[1], 2)])
    assert points_of(tables.snapshot(games.meet)) == [("01", 1, 18), ("02", 2, 14)]


def test_a_non_starter_does_not_count_as_an_entrant(games):
    t = games.t
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(t[0], 1), (t[1], 2), (t[2], 3), (t[3], None, "DNS")])
    # three started: 减一录取 scores two places
    assert points_of(tables.snapshot(games.meet)) == [("01", 1, 9), ("02", 2, 7)]
