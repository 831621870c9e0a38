"""Sportsmanship eligibility: forfeits without excuse and fraud bar; nothing else does."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meet.rules.sportsmanship import Outcome, barred, bars, eligible, is_fraud


def test_each_outcome_exhaustively():
    for status in ("OK", "DNS", "DNF", "DQ", "NM", "r"):
        for note in ("", "冒名顶替", "TR16.8 起跑犯规", "伤病"):
            for excused in (False, True):
                why = bars(Outcome("d", ("a",), status, note, excused))
                if status == "DNS" and not excused:
                    assert why == "forfeit"
                elif status == "DQ" and note == "冒名顶替":
                    assert why == "fraud"
                else:
                    assert why is None, (status, note, excused)


def test_fraud_words():
    for note in ("冒名顶替", "年龄造假", "弄虚作假", "伪造身份证", "兴奋剂", "Fraud", "doping"):
        assert is_fraud(note)
    for note in ("", "起跑犯规", "踩线", "TR 17.3", "消极比赛"):
        assert not is_fraud(note)


def test_a_delegation_bars_its_athletes():
    ok_d, ok_a = eligible(["d1", "d2"], [("a1", "d1"), ("a2", "d2"), ("a3", "d2")],
                          [Outcome("d2", ("a3",), "DNS")])
    assert ok_d == ["d1"] and ok_a == ["a1"]


outcomes = st.lists(st.builds(
    Outcome, st.sampled_from(["d1", "d2", "d3"]),
    st.lists(st.sampled_from(["a1", "a2", "a3", "a4"]), max_size=2).map(tuple),
    st.sampled_from(["OK", "DNS", "DNF", "DQ", "NM"]),
    st.sampled_from(["", "冒名顶替", "起跑犯规"]), st.booleans()), max_size=12)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(outcomes)
def test_eligible_and_barred_partition_everyone(found):
    delegations = ["d1", "d2", "d3"]
    athletes = [("a1", "d1"), ("a2", "d2"), ("a3", "d3"), ("a4", "d1")]
    ok_d, ok_a = eligible(delegations, athletes, found)
    bad_d, bad_a = barred(found)
    assert set(ok_d) | set(bad_d) == set(delegations) and not set(ok_d) & set(bad_d)
    for a, d in athletes:
        assert (a in ok_a) == (a not in bad_a and d not in bad_d)
    # only DNS without excuse and fraud DQs ever bar
    assert all(bars(o) in (None, "forfeit", "fraud") for o in found)
    if all(o.status in ("OK", "DNF", "NM") for o in found):
        assert ok_d == delegations
