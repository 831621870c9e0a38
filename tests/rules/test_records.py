"""Meet records: which published marks set (MR) or equal (=MR) the record."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules.records import (
    EQUAL,
    NEW,
    STYLES,
    Mark,
    better,
    evaluate,
    has_records,
    record_value,
)


def ok(key, value):
    return Mark(key, "OK", value)


def test_a_faster_time_sets_a_new_record():
    out = evaluate("time", 10830, [ok("a", 10790), ok("b", 10950)])
    assert out.flags == {"a": NEW}
    assert out.best == 10790
    assert out.new == {"a"}


def test_only_the_best_of_several_beating_marks_is_the_record():
    out = evaluate("time", 10830, [ok("a", 10800), ok("b", 10790), ok("c", 10820)])
    assert out.flags == {"b": NEW}


def test_equalling_is_not_breaking():
    out = evaluate("time", 10830, [ok("a", 10830), ok("b", 10900)])
    assert out.flags == {"a": EQUAL}
    assert out.new == set()
    assert out.best == 10830


def test_a_slower_time_is_nothing():
    assert evaluate("time", 10830, [ok("a", 10840)]).flags == {}


@pytest.mark.parametrize("status", ["DNS", "DNF", "DQ", "NM", "r"])
def test_a_status_never_sets_a_record(status):
    out = evaluate("time", 10830, [Mark("a", status, 9000), ok("b", 11000)])
    assert out.flags == {}
    assert out.best == 10830


def test_a_mark_without_value_is_ignored():
    assert evaluate("distance", 700, [ok("a", None)]).flags == {}


@pytest.mark.parametrize("style", ["distance", "height", "count"])
def test_measured_and_counted_higher_wins(style):
    out = evaluate(style, 700, [ok("a", 712), ok("b", 690)])
    assert out.flags == {"a": NEW}
    assert evaluate(style, 700, [ok("a", 690)]).flags == {}
    assert evaluate(style, 700, [ok("a", 700)]).flags == {"a": EQUAL}


@pytest.mark.parametrize("style", ["judged", "score", "sets", "pulls", "board"])
def test_judged_and_match_events_have_no_records(style):
    assert not has_records(style)
    out = evaluate(style, 9000, [ok("a", 9999), ok("b", 1)])
    assert out.flags == {}
    assert out.best == 9000


def test_no_standing_record_first_mark_is_not_a_record():
    out = evaluate("time", None, [ok("a", 10790)])
    assert out.flags == {}
    assert out.best is None


def test_no_standing_record_with_fresh_records_the_best_is_the_first_record():
    out = evaluate("time", None, [ok("a", 10790), ok("b", 10800)], fresh=True)
    assert out.flags == {"a": NEW}
    assert out.best == 10790


def test_a_shared_best_new_mark_is_a_record_for_both():
    out = evaluate("time", 10830, [ok("a", 10790), ok("b", 10790), ok("c", 10800)])
    assert out.flags == {"a": NEW, "b": NEW}


def test_no_marks_leaves_the_record():
    assert evaluate("time", 10830, []).best == 10830


@pytest.mark.parametrize(("style", "text", "value"), [
    ("time", "10.83", 10830), ("time", "1:58.32", 118320), ("time", "10.8", 10800),
    ("distance", "7.12", 712), ("height", "1.80", 180), ("count", " 180 ", 180),
    ("time", "10.8秒", None), ("distance", "七米", None), ("count", "-1", None),
    ("judged", "9.35", None),
])
def test_record_value_reads_the_standing_mark_on_the_marks_scale(style, text, value):
    assert record_value(style, text) == value


def test_better():
    assert better("time", 1, 2) and not better("time", 2, 2)
    assert better("distance", 3, 2) and not better("count", 2, 2)


values = st.integers(min_value=0, max_value=10**7)
statuses = st.sampled_from(["OK", "OK", "OK", "DNF", "DQ", "DNS", "NM"])
marks = st.lists(st.tuples(statuses, st.one_of(st.none(), values)), max_size=12)


@given(st.sampled_from(sorted(STYLES)), st.one_of(st.none(), values), marks, st.booleans())
def test_flags_agree_with_the_rule(style, standing, raw, fresh):
    ms = [Mark(i, s, v) for i, (s, v) in enumerate(raw)]
    out = evaluate(style, standing, ms, fresh=fresh)
    valid = [m for m in ms if m.status == "OK" and m.value is not None]
    for key, flag in out.flags.items():
        m = ms[key]
        assert m.status == "OK" and m.value is not None
        if flag == NEW:
            assert m.value == out.best
            assert standing is None or better(style, m.value, standing)
            assert not any(better(style, o.value, m.value) for o in valid)
        else:
            assert flag == EQUAL and m.value == standing
    if standing is not None:
        assert out.best == standing or better(style, out.best, standing)
        beat = any(better(style, m.value, standing) for m in valid)
        assert bool(out.new) == beat
        if not beat:
            assert {k for k, f in out.flags.items() if f == EQUAL} == {
                m.key for m in valid if m.value == standing}
    elif not fresh:
        assert out.flags == {}
    else:
        assert bool(out.new) == bool(valid)
