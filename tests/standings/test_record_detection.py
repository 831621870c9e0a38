"""A new meet record is detected when results are published: the result and the final
place carry MR, the records page shows the new holder, the team earns the meet's
record bonus; equalling, statuses and corrections behave as meet.rules.records says."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from meet.extensions import db
from meet.models import EventPlace, Result
from meet.scoring import operations as ops
from meet.standings import operations as standings_ops
from meet.standings import tables
from tests import factories
from tests.scoring import factories as sf
from tests.scoring.factories import sheet_form

FAST = {1: {"mark": "10.79"}, 2: {"mark": "10.90"}, 3: {"status": "DNF"},
        4: {"status": "DQ", "rule": "TR16.8"}}


def race(w, n: int = 4):
    people = sf.athletes(w, w.m100, n)
    unit = sf.heats(w.m100, [people], stage="final", name="决赛").units[0]
    w.meet.record_bonus = Decimal("3")
    db.session.commit()
    return unit


def publish(w, unit, marks, key="k1"):
    ops.save_sheet(unit, sheet_form(unit, marks), user=w.referee, version=unit.version, key=key)
    ops.confirm(unit, user=w.chief)
    ops.publish(unit, user=w.chief)


def correct(w, unit, marks, key="c1"):
    ops.save_sheet(unit, sheet_form(unit, marks), user=w.chief, version=unit.version, key=key,
                   reason="终点录像复核")


def flags(unit):
    by_pos = {s.id: s.position for s in unit.slots}
    return {by_pos[r.slot_id]: r.record for r in db.session.scalars(
        select(Result).where(Result.unit_id == unit.id))}


def place_flags(w):
    return {p.entry_id: p.record for p in db.session.scalars(
        select(EventPlace).where(EventPlace.event_id == w.m100.id))}


def entry_at(unit, position):
    return next(s.entry_id for s in unit.slots if s.position == position)


def set_record(w, mark="10.83"):
    return standings_ops.set_record(w.meet, w.m100.id, mark, "张老纪录", "城关镇", 2019)


def test_faster_time_flags_result_place_records_page_and_bonus(world, client):
    w = world
    unit = race(w)
    set_record(w)
    publish(w, unit, FAST)
    assert flags(unit) == {1: "MR", 2: "", 3: "", 4: ""}
    winner = entry_at(unit, 1)
    assert place_flags(w)[winner] == "MR"
    assert {v for k, v in place_flags(w).items() if k != winner} == {""}
    snap = tables.snapshot(w.meet)
    assert snap.new_records == [(w.m100.id, winner, w.d1.id, "10.79")]
    line = snap.points_line(w.d1.id)
    assert line.records == 1
    page = client.get("/records").get_data(as_text=True)
    name = db.session.get(Result, next(r.id for r in db.session.scalars(
        select(Result).where(Result.entry_id == winner)))).entry.members[0].person.name
    assert "新纪录" in page and "10.79" in page and name in page
    assert "张老纪录" in page and "原纪录" in page  # the broken record stays listed
    with_bonus = line.points
    # a correction makes the winner slower than the record: the flag and the bonus go
    correct(w, unit, {**FAST, 1: {"mark": "10.85"}})
    assert flags(unit) == {1: "", 2: "", 3: "", 4: ""}
    assert place_flags(w)[winner] == ""
    snap = tables.snapshot(w.meet)
    assert snap.new_records == []
    assert snap.points_line(w.d1.id).records == 0
    assert with_bonus - snap.points_line(w.d1.id).points == 3
    page = client.get("/records").get_data(as_text=True)
    assert "新纪录" not in page and "张老纪录" in page


def test_equal_mark_is_flagged_equal_and_earns_nothing(world):
    w = world
    unit = race(w)
    set_record(w)
    publish(w, unit, {**FAST, 1: {"mark": "10.83"}})
    assert flags(unit)[1] == "=MR"
    assert set(place_flags(w).values()) == {""}
    assert tables.snapshot(w.meet).points_line(w.d1.id).records == 0


def test_dnf_and_dq_never_set_a_record(world):
    w = world
    unit = race(w)
    set_record(w, "20.00")
    publish(w, unit, {1: {"status": "DNF"}, 2: {"status": "DQ", "rule": "TR17.3"},
                      3: {"mark": "20.50"}, 4: {"status": "DNS"}})
    assert set(flags(unit).values()) == {""}
    assert set(place_flags(w).values()) == {""}


def test_measured_higher_wins(world):
    w = world
    lj = factories.event(w.meet, w.cat, "MLJ", name="男子跳远", kind="measured",
                         result_unit="distance")
    unit = sf.heats(lj, [sf.athletes(w, lj, 3)], stage="final", name="决赛").units[0]
    sf.assign(w.referee, lj)
    db.session.commit()
    standings_ops.set_record(w.meet, lj.id, "6.50", "李跳远", "教育系统", 2021)
    publish(w, unit, {1: {"a1": "6.40", "a2": "x", "a3": "6.48"},
                      2: {"a1": "6.62", "a2": "6.55", "a3": "x"},
                      3: {"a1": "6.50", "a2": "-", "a3": "x"}})
    assert flags(unit) == {1: "", 2: "MR", 3: ""}
    places = {p.entry_id: p.record for p in db.session.scalars(
        select(EventPlace).where(EventPlace.event_id == lj.id))}
    assert places[entry_at(unit, 2)] == "MR"


def test_no_standing_record_first_marks_are_not_records(world):
    w = world
    unit = race(w)
    publish(w, unit, FAST)
    assert set(flags(unit).values()) == {""}
    assert tables.snapshot(w.meet).new_records == []


def test_entering_the_record_after_publication_re_evaluates(world):
    w = world
    unit = race(w)
    publish(w, unit, FAST)
    record = set_record(w)
    assert flags(unit)[1] == "MR" and place_flags(w)[entry_at(unit, 1)] == "MR"
    standings_ops.set_record(w.meet, w.m100.id, "10.70", "王更快", "", 2020)
    assert flags(unit)[1] == "" and place_flags(w)[entry_at(unit, 1)] == ""
    standings_ops.set_record(w.meet, w.m100.id, "10.79", "王更快", "", 2020)
    assert flags(unit)[1] == "=MR" and place_flags(w)[entry_at(unit, 1)] == ""
    standings_ops.remove_record(w.meet, db.session.get(type(record), record.id))
    assert set(flags(unit).values()) == {""}


def test_heat_record_bettered_in_the_final_moves_to_the_final(world):
    w = world
    people = sf.athletes(w, w.m100, 4)
    heats = sf.heats(w.m100, [people[:2], people[2:]], stage="heats", name="预赛")
    set_record(w)
    publish(w, heats.units[0], {1: {"mark": "10.80"}, 2: {"mark": "11.00"}}, key="h1")
    assert flags(heats.units[0])[1] == "MR"  # a record in a heat counts while it stands
    publish(w, heats.units[1], {1: {"mark": "10.75"}, 2: {"mark": "11.10"}}, key="h2")
    assert flags(heats.units[0])[1] == "" and flags(heats.units[1])[1] == "MR"
    best = entry_at(heats.units[1], 1)
    assert {k for k, v in place_flags(w).items() if v} == {best}
