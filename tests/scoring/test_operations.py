"""Scoring operations: submit, idempotent resend, optimistic lock, confirm, return,
publish, correction, protests, and every refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import AuditEntry, EventPlace, Result, ResultVersion, UnitStatus
from meet.operations import OperationError
from meet.scoring import operations as ops
from meet.signals import results_changed
from tests.scoring.factories import sheet_form

TIMES = {1: {"mark": "10.83"}, 2: {"mark": "10.91"}, 3: {"mark": "10.832"},
         4: {"status": "DNF"}, 5: {"status": "DQ", "rule": "TR16.8"}}


def versions(unit) -> int:
    return db.session.scalar(select(func.count()).select_from(ResultVersion)
                             .where(ResultVersion.unit_id == unit.id))


def submit(w, unit, marks, key="k1", user=None, version=None, reason=""):
    return ops.save_sheet(unit, sheet_form(unit, marks), user=user or w.referee,
                          version=unit.version if version is None else version, key=key,
                          reason=reason)


def places(unit):
    return {r.slot.position: (r.place, r.status, r.mark)
            for r in db.session.scalars(select(Result).where(Result.unit_id == unit.id))}


def test_submit_places_and_rounds_times(sw):
    saved = submit(sw, sw.heat, TIMES)
    assert not saved.duplicate and sw.heat.status == UnitStatus.SUBMITTED.value
    got = places(sw.heat)
    # 10.832 rounds up to 10.84 (TR 19), so it is 2nd and 10.91 3rd
    assert got[1] == (1, "OK", "10.83")
    assert got[3] == (2, "OK", "10.84")
    assert got[2] == (3, "OK", "10.91")
    assert got[4] == (None, "DNF", "") and got[5] == (None, "DQ", "")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "result.submit"))


def test_same_key_twice_makes_one_version(sw):
    first = submit(sw, sw.heat, TIMES, key="tablet-1")
    again = submit(sw, sw.heat, TIMES, key="tablet-1", version=1)
    assert again.duplicate and again.version.id == first.version.id
    assert versions(sw.heat) == 1


def test_second_tablet_gets_a_conflict_with_the_other_version(sw):
    loaded_at = sw.heat.version
    submit(sw, sw.heat, TIMES, key="a")
    other = {**TIMES, 1: {"mark": "10.70"}}
    with pytest.raises(ops.Conflict) as info:
        submit(sw, sw.heat, other, key="b", version=loaded_at)
    assert info.value.other.sheet["values"][f"s{sw.heat.slots[0].id}-mark"] == "10.83"
    assert places(sw.heat)[1][2] == "10.83"  # not overwritten
    chosen = submit(sw, sw.heat, other, key="b", version=sw.heat.version)  # chooses: mine
    assert chosen.version.number == 2 and places(sw.heat)[1][2] == "10.70"


def test_bad_sheet_is_refused_with_a_message_per_field(sw):
    bad = {**TIMES, 1: {"mark": "10:83"}, 2: {"mark": ""}, 5: {"status": "DQ"}}
    with pytest.raises(ops.Invalid) as info:
        submit(sw, sw.heat, bad)
    s = {sl.position: sl.id for sl in sw.heat.slots}
    errors, values = info.value.sheet.errors, info.value.sheet.values
    assert "时间格式" in errors[f"s{s[1]}-mark"] or "分、秒" in errors[f"s{s[1]}-mark"]
    assert errors[f"s{s[2]}-mark"] == "请填写成绩或选择状态"
    assert "规则条款" in errors[f"s{s[5]}-rule"]
    assert values[f"s{s[1]}-mark"] == "10:83" and values[f"s{s[3]}-mark"] == "10.832"
    assert versions(sw.heat) == 0


def test_referee_of_another_event_is_refused(sw):
    from meet.models import Role
    from tests import factories
    other = factories.user("referee02", Role.REFEREE, sw.meet)
    with pytest.raises(ops.Refused):
        submit(sw, sw.heat, TIMES, user=other)
    with pytest.raises(ops.Refused):
        submit(sw, sw.heat, TIMES, user=sw.marshal)


def test_only_the_chief_confirms_publishes_and_returns(sw):
    submit(sw, sw.heat, TIMES)
    for step in (ops.confirm, ops.publish):
        with pytest.raises(ops.Refused):
            step(sw.heat, user=sw.referee)
    with pytest.raises(ops.Refused):
        ops.send_back(sw.heat, user=sw.referee, comment="重测")
    with pytest.raises(OperationError):
        ops.publish(sw.heat, user=sw.chief)  # not confirmed yet
    with pytest.raises(OperationError) as info:
        ops.send_back(sw.heat, user=sw.chief, comment=" ")
    assert info.value.field == "comment"
    ops.send_back(sw.heat, user=sw.chief, comment="第3道计时有误，请复核")
    assert sw.heat.status == UnitStatus.IN_PROGRESS.value
    submit(sw, sw.heat, TIMES, key="k2")
    ops.confirm(sw.heat, user=sw.chief)
    with pytest.raises(ops.Refused):
        submit(sw, sw.heat, TIMES, key="k3")  # confirmed: only after a return


def test_publish_writes_event_places_and_signals(sw):
    seen = []
    results_changed.connect(lambda sender, **kw: seen.append(kw), weak=False)
    submit(sw, sw.heat, TIMES)
    ops.confirm(sw.heat, user=sw.chief)
    assert db.session.scalar(select(func.count()).select_from(EventPlace)) == 0
    ops.publish(sw.heat, user=sw.chief, version=sw.heat.version)
    rows = {p.entry_id: (p.place, p.status, p.mark) for p in
            db.session.scalars(select(EventPlace).where(EventPlace.event_id == sw.m100.id))}
    by_pos = {s.position: s.entry_id for s in sw.heat.slots}
    assert rows[by_pos[1]] == (1, "OK", "10.83") and rows[by_pos[2]] == (3, "OK", "10.91")
    assert rows[by_pos[4]] == (None, "DNF", "") and rows[by_pos[5]] == (None, "DQ", "")
    assert {"meet_id": sw.meet.id, "reason": "published"} in seen


def test_correction_needs_the_chief_and_a_reason_and_keeps_the_trail(sw):
    submit(sw, sw.heat, TIMES)
    ops.confirm(sw.heat, user=sw.chief)
    ops.publish(sw.heat, user=sw.chief)
    fixed = {**TIMES, 2: {"mark": "10.80"}}
    with pytest.raises(ops.Refused):
        submit(sw, sw.heat, fixed, key="c1")
    with pytest.raises(OperationError) as info:
        submit(sw, sw.heat, fixed, key="c1", user=sw.chief)
    assert info.value.field == "reason"
    submit(sw, sw.heat, fixed, key="c1", user=sw.chief, reason="终点录像复核")
    assert sw.heat.status == UnitStatus.PUBLISHED.value
    trail = db.session.scalars(select(ResultVersion).where(ResultVersion.unit_id == sw.heat.id)
                               .order_by(ResultVersion.number)).all()
    assert [v.action for v in trail] == ["submit", "confirm", "publish", "correct"]
    assert trail[-1].reason == "终点录像复核" and trail[-1].by_user_id == sw.chief.id
    winner = db.session.scalar(select(EventPlace).where(EventPlace.place == 1,
                                                        EventPlace.event_id == sw.m100.id))
    assert winner.mark == "10.80"


def test_protest_is_recorded_and_decided_by_the_chief(sw):
    with pytest.raises(ops.Refused):
        ops.record_protest(sw.heat, user=sw.referee, text="抢跑未判")
    with pytest.raises(OperationError):
        ops.record_protest(sw.heat, user=sw.chief, text="")
    p = ops.record_protest(sw.heat, user=sw.chief, text="第2道认为第1道抢跑",
                           delegation_id=sw.d2.id)
    with pytest.raises(OperationError):
        ops.decide_protest(p, user=sw.chief, upheld=False, decision="")
    ops.decide_protest(p, user=sw.chief, upheld=False, decision="经查录像，起跑正常，驳回")
    assert p.status == "rejected" and p.decided_at is not None
    with pytest.raises(OperationError):
        ops.decide_protest(p, user=sw.chief, upheld=True, decision="再议")
