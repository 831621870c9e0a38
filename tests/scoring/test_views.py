"""The referee's screens over HTTP: who may see and send what, the JSON answers the
tablet's script relies on, and forms that keep what was typed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Protest, ResultVersion, Role
from tests import factories
from tests.conftest import login
from tests.scoring.factories import sheet_form

JSON = {"Accept": "application/json"}
TIMES = {1: {"mark": "10.83"}, 2: {"mark": "10.91"}, 3: {"mark": "11.02"},
         4: {"status": "DNF"}, 5: {"status": "DNS"}}


def post_sheet(client, unit, marks, key="key-1", version=None, headers=JSON, **extra):
    data = {**sheet_form(unit, marks), "submission_key": key,
            "version": str(unit.version if version is None else version), **extra}
    return client.post(f"/scoring/units/{unit.id}", data=data, headers=headers)


def count_versions(unit):
    return db.session.scalar(select(func.count()).select_from(ResultVersion)
                             .where(ResultVersion.unit_id == unit.id))


def test_anonymous_goes_to_login(client, sw):
    for path in ["/scoring/", f"/scoring/units/{sw.heat.id}",
                 f"/scoring/units/{sw.heat.id}/history"]:
        r = client.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    r = client.post(f"/scoring/units/{sw.heat.id}/publish")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


@pytest.mark.parametrize("who", ["admin", "leader01", "marshal01"])
def test_other_roles_cannot_score(client, sw, who):
    login(client, who)
    assert client.get("/scoring/").status_code == 403
    assert client.get(f"/scoring/units/{sw.heat.id}").status_code == 403
    assert post_sheet(client, sw.heat, TIMES).status_code == 403
    assert count_versions(sw.heat) == 0


def test_referee_sees_only_assigned_units(client, sw):
    other = factories.user("referee02", Role.REFEREE, sw.meet)
    db.session.commit()
    login(client, "referee02")
    assert client.get(f"/scoring/units/{sw.heat.id}").status_code == 403
    assert post_sheet(client, sw.heat, TIMES).status_code == 403
    assert "还没有分配给您的赛次" in client.get("/scoring/").get_data(as_text=True)
    assert other.id and count_versions(sw.heat) == 0
    client.post("/logout")
    login(client, "referee01")
    page = client.get("/scoring/").get_data(as_text=True)
    assert "男子100米" in page and "男子跳远" in page and "未开始" in page


def test_unknown_unit_is_404(client, sw):
    login(client, "chief")
    assert client.get("/scoring/units/99999").status_code == 404


def test_sheet_shows_start_list_with_check_in(client, sw):
    from meet.models import CheckIn
    first = sw.heat.slots[0]
    db.session.add(CheckIn(unit_id=sw.heat.id, person_id=first.entry.members[0].person_id))
    db.session.commit()
    login(client, "referee01")
    page = client.get(f"/scoring/units/{sw.heat.id}").get_data(as_text=True)
    assert first.entry.members[0].person.name in page
    assert page.count('sc-in">已检录') == 1 and page.count('sc-out">未检录') == 4
    assert 'inputmode="decimal"' in page and first.entry.members[0].person.bib in page


def test_json_submit_resend_and_conflict(client, sw):
    login(client, "referee01")
    loaded = sw.heat.version
    r = post_sheet(client, sw.heat, TIMES, key="abc")
    assert r.status_code == 200 and r.json["status"] == "sent" and not r.json["duplicate"]
    again = post_sheet(client, sw.heat, TIMES, key="abc", version=loaded)
    assert again.status_code == 200 and again.json["duplicate"]
    assert count_versions(sw.heat) == 1
    clash = post_sheet(client, sw.heat, {**TIMES, 1: {"mark": "10.50"}}, key="def",
                       version=loaded)
    assert clash.status_code == 409 and clash.json["status"] == "conflict"
    assert clash.json["other"]["values"][f"s{sw.heat.slots[0].id}-mark"] == "10.83"
    assert clash.json["version"] == r.json["version"]
    assert count_versions(sw.heat) == 1


def test_json_errors_per_field(client, sw):
    login(client, "referee01")
    r = post_sheet(client, sw.heat, {**TIMES, 2: {"mark": "ten"}})
    assert r.status_code == 422
    assert list(r.json["errors"]) == [f"s{sw.heat.slots[1].id}-mark"]


def test_html_form_keeps_what_was_typed(client, sw):
    login(client, "referee01")
    r = post_sheet(client, sw.heat, {**TIMES, 2: {"mark": "10;91"}}, headers={})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "时间格式不对" in page and 'value="10;91"' in page and 'value="10.83"' in page


def test_chief_confirms_publishes_and_corrects(client, sw):
    login(client, "referee01")
    post_sheet(client, sw.heat, TIMES)
    assert client.post(f"/scoring/units/{sw.heat.id}/confirm").status_code == 403
    client.post("/logout")
    login(client, "chief")
    assert "男子100米" in client.get("/scoring/?status=submitted").get_data(as_text=True)
    r = client.post(f"/scoring/units/{sw.heat.id}/confirm", data={"version": sw.heat.version})
    assert r.status_code == 302 and sw.heat.status == "confirmed"
    client.post(f"/scoring/units/{sw.heat.id}/publish", data={"version": sw.heat.version})
    assert sw.heat.status == "published"
    page = client.get(f"/scoring/units/{sw.heat.id}").get_data(as_text=True)
    assert "更正理由" in page
    no_reason = post_sheet(client, sw.heat, {**TIMES, 3: {"mark": "11.00"}}, key="fix")
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    ok = post_sheet(client, sw.heat, {**TIMES, 3: {"mark": "11.00"}}, key="fix",
                    reason="计时复核")
    assert ok.status_code == 200
    history = client.get(f"/scoring/units/{sw.heat.id}/history").get_data(as_text=True)
    assert "计时复核" in history and "更正" in history and "公布" in history


def test_referee_cannot_correct_after_publication(client, sw):
    login(client, "chief")
    post_sheet(client, sw.heat, TIMES)
    client.post(f"/scoring/units/{sw.heat.id}/confirm", data={"version": sw.heat.version})
    client.post(f"/scoring/units/{sw.heat.id}/publish", data={"version": sw.heat.version})
    client.post("/logout")
    login(client, "referee01")
    r = post_sheet(client, sw.heat, TIMES, key="late", reason="我想改")
    assert r.status_code == 403


def test_return_needs_a_comment_and_is_shown_to_the_referee(client, sw):
    login(client, "referee01")
    post_sheet(client, sw.heat, TIMES)
    client.post("/logout")
    login(client, "chief")
    client.post(f"/scoring/units/{sw.heat.id}/return", data={"comment": ""})
    assert sw.heat.status == "submitted"
    client.post(f"/scoring/units/{sw.heat.id}/return", data={"comment": "第2道成绩请复核"})
    assert sw.heat.status == "in_progress"
    client.post("/logout")
    login(client, "referee01")
    assert "第2道成绩请复核" in client.get(f"/scoring/units/{sw.heat.id}").get_data(as_text=True)


def test_protests_only_by_the_chief(client, sw):
    login(client, "referee01")
    url = f"/scoring/units/{sw.heat.id}/history"
    assert client.post(url, data={"text": "抗议"}).status_code == 403
    client.post("/logout")
    login(client, "chief")
    r = client.post(url, data={"text": "", "delegation_id": "0"})
    assert r.status_code == 422 and "请填写申诉内容" in r.get_data(as_text=True)
    client.post(url, data={"text": "第2道认为抢跑", "delegation_id": str(sw.d2.id)})
    page = client.get(url).get_data(as_text=True)
    assert "第2道认为抢跑" in page and "待裁决" in page


def test_csrf_is_required_for_the_tablet_post(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    w = factories.small_world()
    from tests.scoring import factories as sf
    unit = sf.heats(w.m100, [sf.athletes(w, w.m100, 2)], stage="final").units[0]
    db.session.commit()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": "referee01", "password": factories.PASSWORD,
                                "csrf_token": token})
    marks = {1: {"mark": "10.9"}, 2: {"mark": "11.0"}}
    assert post_sheet(client, unit, marks).status_code == 400
    sheet = client.get(f"/scoring/units/{unit.id}").get_data(as_text=True)
    token = sheet.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert post_sheet(client, unit, marks, csrf_token=token).status_code == 200


def test_a_blank_version_is_no_version_not_a_server_error(client, sw):
    """Found by the form fuzzer: a hidden version of " " reached ``int()`` in the
    operation and answered 500."""
    login(client, "referee01")
    r = post_sheet(client, sw.heat, TIMES, version=" ")
    assert r.status_code == 200 and r.get_json()["status"] == "sent"


@pytest.mark.parametrize("version", ["abc", "1.5", "１", "-1", "9" * 30])
def test_a_version_that_is_not_a_number_is_refused_not_a_server_error(client, sw, version):
    login(client, "referee01")
    r = post_sheet(client, sw.heat, TIMES, version=version, headers={})
    assert r.status_code == 400
    assert "版本号无效，请刷新页面后重新提交" in r.get_data(as_text=True)
    assert post_sheet(client, sw.heat, TIMES, version=version).get_json()["errors"] == {
        "_": "版本号无效，请刷新页面后重新提交"}
    assert count_versions(sw.heat) == 0
    login(client, "chief")
    assert client.post(f"/scoring/units/{sw.heat.id}/confirm",
                       data={"version": version}).status_code == 400


@pytest.mark.parametrize("delegation", ["-1", "999999", "abc", "9" * 30])
def test_a_protest_naming_no_delegation_of_the_meet_is_refused(client, sw, delegation):
    """Found by the form fuzzer: the protest's delegation was not checked and a made-up
    id broke the foreign key (500 on PostgreSQL)."""
    login(client, "chief")
    r = client.post(f"/scoring/units/{sw.heat.id}/history",
                    data={"delegation_id": delegation, "text": "第4道抢跑未判"})
    assert r.status_code == 422
    assert "请从列表中选择申诉单位" in r.get_data(as_text=True)
    assert "第4道抢跑未判" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Protest)) == 0


def test_protest_and_decision_texts_with_a_nul_character_are_refused(client, sw):
    """Found by the form fuzzer: a NUL character in the protest reached PostgreSQL,
    which cannot store it (500). Refused for every request (meet/security.py)."""
    login(client, "chief")
    r = client.post(f"/scoring/units/{sw.heat.id}/history",
                    data={"delegation_id": str(sw.d1.id), "text": "抢跑\x00未判"})
    assert r.status_code == 400 and "空字符" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Protest)) == 0
    r = client.post(f"/scoring/units/{sw.heat.id}/history",
                    data={"delegation_id": str(sw.d1.id), "text": "抢跑未判"})
    assert r.status_code == 302
    protest = db.session.scalars(select(Protest)).one()
    assert protest.delegation_id == sw.d1.id
    r = client.post(f"/scoring/protests/{protest.id}/decision",
                    data={"upheld": "0", "decision": "驳回\x00"})
    assert r.status_code == 400
    db.session.refresh(protest)
    assert protest.status == "pending"


def test_referee_list_shows_each_unit_once_when_an_event_has_two_rounds(client, sw):
    """The list joined rounds through the event: with heats and a final every unit of
    that event was listed once per round."""
    from tests.scoring import factories as sf

    sf.heats(sw.lj, [sf.athletes(sw, sw.lj, 2)], number=2, stage="final", name="第二轮")
    db.session.commit()
    login(client, "referee01")
    page = client.get("/scoring/").get_data(as_text=True)
    assert page.count(f"/scoring/units/{sw.flight.id}\"") == 1
