"""Places after publication: countback in a field event, a round-robin group decided
head-to-head, a knockout bracket, Swiss standings, heats with Q/q, a timed final run in
several heats."""

from __future__ import annotations

from sqlalchemy import select

from meet.extensions import db
from meet.models import EventPlace, Result
from meet.scoring import operations as ops
from tests import factories
from tests.scoring import factories as sf
from tests.scoring.factories import sheet_form

_keys = iter(range(10**6))


def publish(w, unit, form):
    ops.save_sheet(unit, form, user=w.chief, version=unit.version, key=f"k{next(_keys)}")
    ops.confirm(unit, user=w.chief)
    ops.publish(unit, user=w.chief)


def final_places(event) -> dict:
    return {p.entry_id: p.place for p in db.session.scalars(
        select(EventPlace).where(EventPlace.event_id == event.id))}


def entry_at(unit, position):
    return next(s.entry_id for s in unit.slots if s.position == position)


def test_long_jump_tie_decided_by_countback(sw):
    form = sheet_form(sw.flight, {1: {"a1": "5.80", "a2": "5.62", "a3": "x"},
                                  2: {"a1": "5.80", "a2": "5.71", "a3": "5.10"},
                                  3: {"a1": "x", "a2": "x", "a3": "x"},
                                  4: {"a1": "5.80", "a2": "5.62", "a3": "-"}})
    publish(sw, sw.flight, form)
    got = final_places(sw.lj)
    assert got[entry_at(sw.flight, 2)] == 1  # 5.80 then 5.71 beats 5.80 then 5.62
    assert got[entry_at(sw.flight, 1)] == got[entry_at(sw.flight, 4)] == 2  # still equal
    assert got[entry_at(sw.flight, 3)] is None
    nm = db.session.scalar(select(EventPlace).where(
        EventPlace.entry_id == entry_at(sw.flight, 3)))
    assert nm.status == "NM"


def test_judged_event_places(sw):
    a = {"j1": "9.5", "j2": "9.1", "j3": "9.3", "j4": "8.2", "j5": "9.4"}
    b = {"j1": "9.0", "j2": "9.2", "j3": "9.3", "j4": "9.9", "j5": "9.4"}
    publish(sw, sw.session_unit, sheet_form(sw.session_unit, {1: a, 2: b, 3: {"status": "DNS"}}))
    got = final_places(sw.radio)
    assert got[entry_at(sw.session_unit, 2)] == 1 and got[entry_at(sw.session_unit, 1)] == 2


def _match(w, group, home, away, score):
    unit = next(u for u in group.units if {s.entry_id for s in u.slots} == {home.id, away.id})
    first = entry_at(unit, 1)
    a, b = score if first == home.id else score[::-1]
    publish(w, unit, {"score-1": str(a), "score-2": str(b)})


def test_round_robin_three_way_tie_decided_head_to_head(sw):
    t1, t2, t3 = sw.teams
    _match(sw, sw.group, t1, t2, (60, 58))
    assert final_places(sw.bb) == {}  # group not complete
    _match(sw, sw.group, t2, t3, (80, 50))
    _match(sw, sw.group, t3, t1, (70, 60))
    # each won once (2 + 1 points): the mini-league's difference decides: +28, -8, -20
    assert final_places(sw.bb) == {t2.id: 1, t1.id: 2, t3.id: 3}


def test_walkover_in_round_robin(sw):
    t1, t2, t3 = sw.teams
    u = next(u for u in sw.group.units if {s.entry_id for s in u.slots} == {t1.id, t2.id})
    side_of_t2 = "1" if entry_at(u, 1) == t2.id else "2"
    publish(sw, u, {"forfeit": side_of_t2})
    r = db.session.scalar(select(Result).where(Result.entry_id == t2.id))
    assert r.status == "DNS" and r.place is None
    assert db.session.scalar(select(Result).where(Result.entry_id == t1.id)).place == 1


def test_knockout_fills_the_next_match_and_places(sw):
    ev = factories.event(sw.meet, sw.cat, "MBD", name="羽毛球", kind="match",
                         result_unit="match", scoring_preset="bwf")
    players = sf.athletes(sw, ev, 4)
    ko = sf.knockout(ev, players)
    by_name = {u.label: u for u in ko.units}
    semis = [u for u in ko.units if u.label == "Semi-final"]
    for u in semis:  # the first side wins 2-0
        publish(sw, u, {"set1-1": "21", "set1-2": "15", "set2-1": "21", "set2-2": "17"})
    final, third = by_name["Final"], by_name["3rd place"]
    db.session.refresh(final)
    assert {s.entry_id for s in final.slots} == {entry_at(semis[0], 1), entry_at(semis[1], 1)}
    assert final_places(ev) == {}
    publish(sw, final, {"set1-1": "15", "set1-2": "21", "set2-1": "19", "set2-2": "21"})
    publish(sw, third, {"forfeit": "2"})
    got = final_places(ev)
    assert got[entry_at(final, 2)] == 1 and got[entry_at(final, 1)] == 2
    assert got[entry_at(third, 1)] == 3 and got[entry_at(third, 2)] is None


def test_swiss_standings_after_the_last_round(sw):
    ev = factories.event(sw.meet, sw.cat, "XQ", name="象棋", kind="match",
                         result_unit="match", scoring_preset="chess", gender="O")
    p = sf.athletes(sw, ev, 4)
    r1 = sf.new_round(ev, 1, "swiss", "第1轮", rounds=2)
    g1 = [sf.unit(r1, [p[0], p[2]], lanes=False), sf.unit(r1, [p[1], p[3]], lanes=False)]
    publish(sw, g1[0], {"outcome": "1-0"})
    publish(sw, g1[1], {"outcome": "draw"})
    assert final_places(ev) == {}
    r2 = sf.new_round(ev, 2, "swiss", "第2轮", rounds=2)
    g2 = [sf.unit(r2, [p[0], p[1]], lanes=False), sf.unit(r2, [p[3], p[2]], lanes=False)]
    publish(sw, g2[0], {"outcome": "1-0"})
    publish(sw, g2[1], {"outcome": "0-1"})
    got = final_places(ev)
    assert got[p[0].id] == 1  # 2 points
    assert got[p[3].id] == 4  # 0.5 points


def test_heats_hand_over_to_the_final(sw):
    ev = factories.event(sw.meet, sw.cat, "W100H", name="女子100米", gender="F")
    people = sf.athletes(sw, ev, 8, "F")
    rnd = sf.heats(ev, [people[:4], people[4:]], Q=1, q=2)
    final_round = sf.new_round(ev, 2, "final", "决赛")
    final = sf.unit(final_round, [None] * 4, sources=["Q", "Q", "q", "q"])
    h1, h2 = rnd.units
    publish(sw, h1, sheet_form(h1, {1: {"mark": "12.50"}, 2: {"mark": "12.60"},
                                    3: {"mark": "13.40"}, 4: {"status": "DNS"}}))
    assert {s.entry_id for s in final.slots} == {None}  # the round is not complete
    publish(sw, h2, sheet_form(h2, {1: {"mark": "12.90"}, 2: {"mark": "12.70"},
                                    3: {"mark": "12.95"}, 4: {"status": "DQ", "rule": "TR16.8"}}))
    q = {r.entry_id: r.qualified for r in db.session.scalars(select(Result).where(
        Result.unit_id.in_([h1.id, h2.id])))}
    assert q[entry_at(h1, 1)] == "Q" and q[entry_at(h2, 2)] == "Q"
    assert q[entry_at(h1, 2)] == "q" and q[entry_at(h2, 1)] == "q"
    assert q[entry_at(h2, 4)] == "" and q[entry_at(h1, 3)] == ""
    db.session.refresh(final)
    assert {s.entry_id for s in final.slots} == {entry_at(h1, 1), entry_at(h2, 2),
                                                 entry_at(h1, 2), entry_at(h2, 1)}
    assert final_places(ev) == {}  # the final is still to run
    publish(sw, final, sheet_form(final, {1: {"mark": "12.40"}, 2: {"mark": "12.45"},
                                          3: {"mark": "12.41"}, 4: {"mark": "12.80"}}))
    got = final_places(ev)
    assert sorted(v for v in got.values() if v) == [1, 2, 3, 4, 5, 6]
    assert got[entry_at(h2, 3)] == 5 and got[entry_at(h1, 3)] == 6  # after the finalists
    assert got[entry_at(h1, 4)] is None


def test_a_disqualified_finalists_place_is_not_given_to_the_heats(sw):
    """A finalist DQ'd: two athletes out in the heats shared 8th and its points."""
    ev = factories.event(sw.meet, sw.cat, "W100D", name="女子100米", gender="F")
    people = sf.athletes(sw, ev, 6, "F")
    rnd = sf.heats(ev, [people[:3], people[3:]], Q=2, q=0)
    final_round = sf.new_round(ev, 2, "final", "决赛")
    final = sf.unit(final_round, [None] * 4, sources=["Q", "Q", "Q", "Q"])
    h1, h2 = rnd.units
    publish(sw, h1, sheet_form(h1, {1: {"mark": "12.50"}, 2: {"mark": "12.60"},
                                    3: {"mark": "13.00"}}))
    publish(sw, h2, sheet_form(h2, {1: {"mark": "12.55"}, 2: {"mark": "12.65"},
                                    3: {"mark": "13.00"}}))
    db.session.refresh(final)
    publish(sw, final, sheet_form(final, {1: {"mark": "12.40"}, 2: {"mark": "12.45"},
                                          3: {"mark": "12.41"},
                                          4: {"status": "DQ", "rule": "TR16.8"}}))
    got = final_places(ev)
    assert sorted(v for v in got.values() if v) == [1, 2, 3, 5, 5]
    assert got[entry_at(final, 4)] is None
    assert got[entry_at(h1, 3)] == got[entry_at(h2, 3)] == 5  # after all four finalists


def test_timed_final_in_two_heats_ranks_across_heats(sw):
    ev = factories.event(sw.meet, sw.cat, "M50FR", name="男子50米自由泳")
    people = sf.athletes(sw, ev, 4)
    rnd = sf.heats(ev, [people[:2], people[2:]], stage="final", name="计时决赛")
    h1, h2 = rnd.units
    publish(sw, h1, sheet_form(h1, {1: {"mark": "30.00"}, 2: {"mark": "31.00"}}))
    assert final_places(ev) == {}
    publish(sw, h2, sheet_form(h2, {1: {"mark": "29.50"}, 2: {"mark": "31.00"}}))
    got = final_places(ev)
    assert got[entry_at(h2, 1)] == 1 and got[entry_at(h1, 1)] == 2
    assert got[entry_at(h1, 2)] == got[entry_at(h2, 2)] == 3
