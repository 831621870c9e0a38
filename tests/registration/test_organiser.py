"""The organiser: progress of every delegation, eligibility rulings, the public athletes API."""

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, EntryMember
from meet.operations import OperationError
from meet.registration import messages
from meet.registration import operations as ops
from meet.rules import eligibility as el
from tests.conftest import login


def _approve(reg):
    ops.set_athlete_events(reg.leader1, reg.d1, reg.a1, {reg.mlj.id}, reg.d1.version)
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    ops.approve(reg.admin, reg.d1, reg.d1.version)


def test_progress_lists_every_delegation_on_one_page(client, reg):
    login(client, "admin")
    page = client.get("/registration/progress").get_data(as_text=True)
    assert "城关镇工会联合会" in page and "洋口镇工会联合会" in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    d1 = next(r for r in rows if "城关镇工会联合会" in r)
    cells = [c.split(">", 1)[1].split("<")[0] for c in d1.split('class="num')[1:]]
    assert cells[:3] == ["1", "2", "1"]  # athletes, staff, entries
    assert f"/teams/{reg.d1.id}/errors" in d1 and ">1</a>" in d1  # 1 error
    assert reg.a1.id_number not in page


def test_progress_handles_the_demo_meet(demo_client):
    login(demo_client, "admin", "meet-demo")
    page = demo_client.get("/registration/progress").get_data(as_text=True)
    assert page.count('<span class="badge badge-') == 28


def test_disqualifying_withdraws_entries_and_is_recorded(client, reg):
    login(client, "admin")
    url = f"/teams/{reg.d1.id}/people/{reg.a1.id}/eligibility"
    r = client.post(url, data={"status": "disqualified", "reason": ""})
    assert r.status_code == 400 and "请写明理由" in r.get_data(as_text=True)
    reason = "经核对花名册，非本单位职工，冒名顶替。"
    r = client.post(url, data={"status": "disqualified", "reason": reason})
    assert r.status_code == 302
    assert db.session.scalar(select(EntryMember).where(EntryMember.person_id == reg.a1.id)) is None
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.eligibility_disqualified"))
    assert entry.reason.startswith("经核对") and entry.detail["withdrawn"] == ["M100"]
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert "已取消资格" in page and "冒名顶替" in page
    with pytest.raises(OperationError, match="取消参赛资格"):
        ops.set_athlete_events(reg.leader1, reg.d1, reg.a1, {reg.mlj.id}, reg.d1.version)


def test_query_then_clear(reg):
    ruling = ops.rule_eligibility(reg.admin, reg.a1, "queried", "请提供工会会员证明。")
    assert ruling.status == "queried"
    ops.rule_eligibility(reg.admin, reg.a1, "cleared", "已核实会员证。")
    assert ops.ruling_of(reg.a1).status == "cleared"
    with pytest.raises(OperationError, match="只有组委会"):
        ops.rule_eligibility(reg.leader1, reg.a1, "cleared", "自己说了算")


def test_api_lists_approved_athletes_without_personal_data(client, reg):
    url = f"/api/v1/teams/{reg.d1.id}/athletes"
    assert client.get(url).get_json() == []  # not approved yet
    _approve(reg)
    rows = client.get(url).get_json()
    assert [(r["bib"], r["name"], r["gender"]) for r in rows] == [("101", "李明", "M")]
    assert [(e["code"], e["name"]) for e in rows[0]["events"]] == [("MLJ", "男子跳远")]
    assert set(rows[0]) == {"bib", "name", "gender", "events"}
    body = client.get(url).get_data(as_text=True)
    assert reg.a1.id_number not in body and reg.a1.phone not in body
    assert "1990" not in body and reg.head.name not in body  # no birth dates, no staff


def test_api_leaves_out_disqualified_and_unknown_teams(client, reg):
    _approve(reg)
    ops.rule_eligibility(reg.admin, reg.a1, "disqualified", "冒名顶替")
    assert client.get(f"/api/v1/teams/{reg.d1.id}/athletes").get_json() == []
    r = client.get("/api/v1/teams/99999/athletes")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == 404


def test_every_error_code_has_a_message():
    assert set(messages.ENTRY_MESSAGES) == set(el.ERROR_CODES)
    assert set(messages.ID_MESSAGES) == {"length", "chars", "region", "date", "check"}


def test_every_error_code_is_worded_with_its_parameters(app, reg):
    people = {reg.a1.id: reg.a1}
    events = {"M100": reg.m100}
    params = {"count": 3, "min": 1, "max": 2, "age": 37, "leg": 1, "gender": "F",
              "role": "coach"}
    with app.test_request_context():
        for code in el.ERROR_CODES:
            text = messages.describe(el.EntryError(code, params, reg.a1.id, "M100"), people,
                                     events)
            assert "%(" not in text and text.endswith("。"), code
            url = messages.fix_url(el.EntryError(code, params, reg.a1.id, "M100"), reg.d1.id,
                                   people, events)
            assert url.startswith(f"/teams/{reg.d1.id}/"), code


def test_batched_rule_inputs_match_one_delegations(demo):
    from meet.access import current_meet
    from meet.models import Delegation
    from meet.registration import checks

    with demo.test_request_context():
        meet = current_meet()
        batched = checks.rules_inputs(meet)
        delegations = db.session.scalars(select(Delegation).where(
            Delegation.meet_id == meet.id)).all()
        assert len(delegations) == 28
        for d in delegations:
            assert batched[d.id] == checks.rules_input(d), d.code


def test_batched_rule_inputs_see_the_same_errors(reg):
    from meet.registration import checks

    batched = checks.rules_inputs(reg.meet)
    rules = checks.entry_rules(reg.meet)
    for d in (reg.d1, reg.d2):
        assert batched[d.id] == checks.rules_input(d)
        assert el.validate_entries(rules, *batched[d.id]) == checks.delegation_errors(d)


def test_window_times_are_china_time_on_every_database(demo_client):
    login(demo_client, "admin", "meet-demo")
    page = demo_client.get("/registration/progress").get_data(as_text=True)
    assert "2026-11-01 09:00 – 2027-04-10 18:00" in page  # the demo's window, 北京时间
