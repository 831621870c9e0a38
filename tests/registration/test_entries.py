"""Entries: eligible events only, quotas shown, squads with size and composition."""

import datetime as dt

from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, EntryMember
from meet.operations import OperationError
from meet.registration import operations as ops
from tests import factories
from tests.conftest import login


def _events_of(person):
    return sorted(db.session.scalars(
        select(EntryMember.event_id).where(EntryMember.person_id == person.id)))


def _athletes(reg, n_men=2, n_women=2):
    men = [factories.person(reg.meet, reg.d1, f"男{i}", "M", birth_date=dt.date(1996, 1, i + 1))
           for i in range(n_men)]
    women = [factories.person(reg.meet, reg.d1, f"女{i}", "F",
                              birth_date=dt.date(1997, 2, i + 1)) for i in range(n_women)]
    db.session.commit()
    return men, women


def test_events_page_lists_only_eligible_events_with_quota_left(client, reg):
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/people/{reg.a1.id}/events").get_data(as_text=True)
    # 李明 is a man of 37: men B; the men's 100 m is for group A, the women's for women.
    assert "男子跳远" in page and "男女混合4×100米接力" in page
    assert "男子100米" not in page and "女子100米" not in page and "女子跳远" not in page
    assert "本队剩余名额 <b>2</b>" in page


def test_quota_left_counts_the_delegations_other_entries(client, reg):
    men, _ = _athletes(reg)
    factories.entry(reg.m100, reg.d1, men[0])
    db.session.commit()
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/people/{men[1].id}/events").get_data(as_text=True)
    assert "男子100米" in page and "本队名额已满" in page  # 李明's old entry + men[0]
    assert f'value="{reg.m100.id}" disabled' in page


def test_leader_sets_individual_events(client, reg):
    men, _ = _athletes(reg)
    login(client, "leader01")
    r = client.post(f"/teams/{reg.d1.id}/people/{men[0].id}/events",
                    data={"version": reg.d1.version, "event": [reg.mlj.id]})
    assert r.status_code == 302
    assert _events_of(men[0]) == [reg.mlj.id]


def test_forged_ineligible_event_is_refused_by_the_validator(client, reg):
    login(client, "leader01")
    r = client.post(f"/teams/{reg.d1.id}/people/{reg.a1.id}/events",
                    data={"version": reg.d1.version, "event": [reg.w100.id, reg.mlj.id]})
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "李明 的性别不符合女子100米的要求" in page
    assert _events_of(reg.a1) == [reg.m100.id]  # nothing written


def test_too_many_events_and_quota_refused(reg):
    men, _ = _athletes(reg, n_men=3)
    extra = factories.event(reg.meet, reg.cat, "MSP", name="男子铅球", kind="measured")
    db.session.commit()
    try:
        ops.set_athlete_events(reg.leader1, reg.d1, men[0], {reg.m100.id, reg.mlj.id, extra.id},
                               reg.d1.version)
    except OperationError as err:
        assert "每人限报 2 项" in err.message
    else:
        raise AssertionError("three individual events accepted")
    db.session.rollback()
    ops.set_athlete_events(reg.leader1, reg.d1, men[0], {reg.m100.id}, reg.d1.version)
    try:  # 李明 (wrong group, entered by the factory) and men[0] fill the quota of 2
        ops.set_athlete_events(reg.leader1, reg.d1, men[1], {reg.m100.id}, reg.d1.version)
    except OperationError as err:
        assert "超过限报数 2" in err.message
    else:
        raise AssertionError("quota exceeded")


def test_existing_error_does_not_block_removing_an_entry(reg):
    # 李明 is in the men's 100 m A though he is in group B: he can still be taken out.
    ops.set_athlete_events(reg.leader1, reg.d1, reg.a1, set(), reg.d1.version)
    assert _events_of(reg.a1) == []
    assert db.session.scalar(select(Entry).where(Entry.event_id == reg.m100.id)) is None


def test_squad_saved_in_leg_order_with_draft_errors_listed(client, reg):
    men, women = _athletes(reg)
    login(client, "leader01")
    url = f"/teams/{reg.d1.id}/events/{reg.relay.id}/squad"
    page = client.get(url).get_data(as_text=True)
    assert "第 1、3 棒由女子运动员跑" in page and "至少男子 2 人、女子 2 人" in page
    # men on legs 1 and 3: saved as a draft, the errors page says what to fix
    r = client.post(url, data={"version": reg.d1.version, "entry": "new",
                               "leg": [men[0].id, women[0].id, men[1].id, women[1].id],
                               "reserve": ["", ""]})
    assert r.status_code == 302
    entry = db.session.scalar(select(Entry).where(Entry.event_id == reg.relay.id))
    assert [m.person_id for m in entry.members] == [men[0].id, women[0].id, men[1].id,
                                                   women[1].id]
    errors = client.get(f"/teams/{reg.d1.id}/errors").get_data(as_text=True)
    assert "男女混合4×100米接力：第 1 棒应由女运动员跑，现在是 男0。" in errors
    assert f"/events/{reg.relay.id}/squad?entry={entry.id}" in errors
    r = client.post(url, data={"version": reg.d1.version, "entry": str(entry.id),
                               "leg": [women[0].id, men[0].id, women[1].id, men[1].id]})
    assert r.status_code == 302
    assert "第 1 棒" not in client.get(f"/teams/{reg.d1.id}/errors").get_data(as_text=True)


def test_squad_member_of_the_wrong_gender_or_too_many_reserves_is_refused(client, reg):
    men, women = _athletes(reg, n_men=4, n_women=2)
    login(client, "leader01")
    url = f"/teams/{reg.d1.id}/events/{reg.relay.id}/squad"
    r = client.post(url, data={"version": reg.d1.version, "entry": "new",
                               "leg": [women[0].id, men[0].id, women[1].id, men[1].id],
                               "reserve": [men[2].id, men[3].id, reg.a1.id]})
    assert r.status_code == 400 and "替补 3 人，最多 2 人" in r.get_data(as_text=True)
    r = client.post(url, data={"version": reg.d1.version, "entry": "new",
                               "leg": [women[0].id, men[0].id, women[0].id, men[1].id]})
    assert r.status_code == 400 and "在同一队中出现了 2 次" in r.get_data(as_text=True)
    assert db.session.scalar(select(Entry).where(Entry.event_id == reg.relay.id)) is None


def test_staff_cannot_run_a_leg(reg):
    men, women = _athletes(reg)
    try:
        ops.save_squad(reg.leader1, reg.d1, reg.relay, [reg.coach.id, men[0].id, women[0].id],
                       [], reg.d1.version)
    except OperationError as err:
        assert "周教练 不是运动员" in err.message
    else:
        raise AssertionError("a coach in the relay")


def test_emptying_a_squad_withdraws_it(reg):
    men, women = _athletes(reg)
    entry = ops.save_squad(reg.leader1, reg.d1, reg.relay, [women[0].id, men[0].id], [],
                           reg.d1.version)
    assert ops.save_squad(reg.leader1, reg.d1, reg.relay, [], [], reg.d1.version,
                          db.session.get(Entry, entry.id)) is None
    assert db.session.get(Entry, entry.id) is None


def test_errors_page_translates_every_code_with_a_link(client, reg):
    reg.a1.union_member = False
    db.session.commit()
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/errors").get_data(as_text=True)
    assert "李明 未声明为本单位在职工会会员。" in page
    assert "李明 比赛首日 37 岁，不属于男子100米的年龄组。" in page
    assert f"/teams/{reg.d1.id}/people/{reg.a1.id}" in page  # fix the declaration
    assert f"/teams/{reg.d1.id}/people/{reg.a1.id}/events" in page  # fix the entry
