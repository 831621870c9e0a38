"""Joint teams (联队): the organiser marks a delegation and lists its member units; its
people must work for one of them; the leader cannot change that."""

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, Delegation, MemberUnit
from meet.operations import OperationError
from meet.registration import checks, joint_ops
from meet.registration.operations import PersonData, StaleDelegation, save_person
from meet.signals import registration_changed
from tests import factories
from tests.conftest import login
from tests.registration.conftest import WOMAN, YOUNG_MAN, person_form

PAPER, TEXTILE, STEEL = "金山纸业有限公司", "元丰纺织有限公司", "闽北钢铁有限公司"


def url(d):
    return f"/teams/{d.id}/joint"


def make_joint(reg, *units, d=None):
    d = d or reg.d1
    joint_ops.set_joint(reg.admin, d, True, list(units), d.version)
    return d


def test_organiser_makes_a_joint_team_audited_and_signalled(client, reg):
    login(client, "admin")
    page = client.get(url(reg.d1)).get_data(as_text=True)
    assert "联队设置" in page and 'name="units"' in page
    sent = []
    registration_changed.connect(lambda _s, **kw: sent.append(kw), weak=False)
    r = client.post(url(reg.d1), data={"version": reg.d1.version, "joint": "y",
                                       "units": f"{PAPER}\n\n  {TEXTILE}  \n"})
    registration_changed.receivers.clear()
    assert r.status_code == 302
    d = db.session.get(Delegation, reg.d1.id)
    db.session.refresh(d)
    assert d.joint and d.unit_names == (PAPER, TEXTILE)
    assert d.joint_name == "城关镇工会联合会（联队）"
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.joint_set"))
    assert entry.detail["joint"] == [False, True]
    assert entry.detail["added"] == [PAPER, TEXTILE] and entry.detail["removed"] == []
    assert sent == [{"meet_id": reg.meet.id, "delegation_id": d.id}]
    # the people already on the roster work elsewhere: reported, not refused
    assert "需由领队修改" in client.get(r.location).get_data(as_text=True)
    page = client.get(f"/teams/{d.id}/registration").get_data(as_text=True)
    assert "成员单位" in page and f"{PAPER}、{TEXTILE}" in page


def test_leader_cannot_change_joint_membership(client, reg):
    login(client, "leader01")
    assert client.get(url(reg.d1)).status_code == 403
    r = client.post(url(reg.d1), data={"version": reg.d1.version, "joint": "y",
                                       "units": f"{PAPER}\n{TEXTILE}"})
    assert r.status_code == 403
    assert not db.session.get(Delegation, reg.d1.id).joint
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert url(reg.d1) not in page
    with pytest.raises(OperationError, match="只有组委会"):
        joint_ops.set_joint(reg.leader1, reg.d1, True, [PAPER, TEXTILE], reg.d1.version)
    assert db.session.scalar(select(MemberUnit)) is None


@pytest.mark.parametrize("joint, units, message", [
    ("y", PAPER, "至少由 2 个单位组成"),
    ("y", "", "至少由 2 个单位组成"),
    ("y", f"{PAPER}\n {PAPER}", "成员单位重复"),
    ("y", f"{PAPER}\n{'长' * 81}", "最多 80 个字"),
    ("", f"{PAPER}\n{TEXTILE}", "未勾选“联队”时不填写成员单位"),
])
def test_bad_units_are_refused_next_to_the_field_and_kept(client, reg, joint, units, message):
    login(client, "admin")
    data = {"version": reg.d1.version, "units": units, **({"joint": joint} if joint else {})}
    r = client.post(url(reg.d1), data=data)
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'id="units-error"' in page and message in page
    for line in units.splitlines():
        assert line.strip() in page
    assert not db.session.get(Delegation, reg.d1.id).joint


def test_a_unit_joins_one_joint_team_only(client, reg):
    make_joint(reg, PAPER, TEXTILE, d=reg.d2)
    login(client, "admin")
    r = client.post(url(reg.d1), data={"version": reg.d1.version, "joint": "y",
                                       "units": f"{STEEL}\n{TEXTILE.replace('有限', '有限 ')}"})
    assert r.status_code == 400
    assert "已是「洋口镇工会联合会」的成员单位" in r.get_data(as_text=True)


def test_stale_form_is_refused(client, reg):
    version = reg.d1.version
    make_joint(reg, PAPER, TEXTILE)
    with pytest.raises(StaleDelegation):
        joint_ops.set_joint(reg.admin, reg.d1, True, [PAPER, STEEL], version)
    login(client, "admin")
    r = client.post(url(reg.d1), data={"version": version, "joint": "y",
                                       "units": f"{PAPER}\n{STEEL}"})
    assert r.status_code == 409 and STEEL in r.get_data(as_text=True)
    assert db.session.get(Delegation, reg.d1.id).unit_names == (PAPER, TEXTILE)


def test_editing_the_units_and_ending_the_joint_team(reg):
    d = make_joint(reg, PAPER, TEXTILE)
    first = {u.name: u.id for u in d.member_units}
    joint_ops.set_joint(reg.admin, d, True, [STEEL, PAPER], d.version)
    assert d.unit_names == (STEEL, PAPER)
    assert {u.name: u.id for u in d.member_units}[PAPER] == first[PAPER]
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "registration.joint_set").order_by(AuditEntry.id.desc())).first()
    assert entry.detail["added"] == [STEEL] and entry.detail["removed"] == [TEXTILE]
    joint_ops.set_joint(reg.admin, d, False, [], d.version)
    assert not d.joint and d.unit_names is None
    assert db.session.scalar(select(MemberUnit)) is None
    assert joint_ops.outside_units(d) == 0


def _employers(reg, employer):
    for p in reg.d1.people:
        p.employer = employer
    db.session.commit()


def test_people_outside_the_units_are_errors_of_the_delegation(reg):
    _employers(reg, PAPER)
    d = make_joint(reg, PAPER, TEXTILE)
    assert joint_ops.outside_units(d) == 0
    reg.a1.employer = "城关镇人民政府"
    db.session.commit()
    errors = [e for e in checks.delegation_errors(d) if e.code == "employer_not_member_unit"]
    assert [(e.person_key, e.field) for e in errors] == [(reg.a1.id, "employer")]
    # the batched reading (progress page, settings page) agrees
    assert checks.rules_inputs(reg.meet)[d.id] == checks.rules_input(d)
    assert joint_ops.outside_units(d) == 1


def test_leader_gets_the_error_next_to_the_employer_field(client, reg):
    make_joint(reg, PAPER, TEXTILE)
    login(client, "leader01")
    d = db.session.get(Delegation, reg.d1.id)
    page = client.get(f"/teams/{d.id}/people/new").get_data(as_text=True)
    assert 'list="member-units"' in page and f'<option value="{TEXTILE}">' in page
    r = client.post(f"/teams/{d.id}/people/new",
                    data=person_form(version=d.version, employer="城关镇政府"))
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert 'id="employer-error"' in page and "须为本联队的成员单位之一" in page
    assert 'value="城关镇政府"' in page and 'value="赵强"' in page
    r = client.post(f"/teams/{d.id}/people/new",
                    data=person_form(version=d.version, employer=f" {TEXTILE}"))
    assert r.status_code == 302
    errors = client.get(f"/teams/{d.id}/errors").get_data(as_text=True)
    assert "不是本联队的成员单位" in errors  # the people entered before it became joint


def test_organiser_is_held_to_the_same_rule(reg):
    d = make_joint(reg, PAPER, TEXTILE)
    data = PersonData("钱医生", "doctor", "M", YOUNG_MAN, employer=STEEL)
    with pytest.raises(OperationError) as err:
        save_person(reg.admin, d, data, d.version)
    assert err.value.field == "employer"
    data.employer = PAPER
    assert save_person(reg.admin, d, data, d.version).employer == PAPER


def test_ordinary_delegation_employer_is_free(reg):
    data = PersonData("钱医生", "doctor", "M", YOUNG_MAN, employer="任意单位")
    assert save_person(reg.leader1, reg.d1, data, reg.d1.version).id is not None


def test_joint_team_is_one_delegation_in_the_order_book(reg):
    from meet.schedule import orderbook_data, orderbook_parts

    _employers(reg, PAPER)
    make_joint(reg, PAPER, TEXTILE)
    factories.delegation(reg.meet, reg.kind, "03", "园区企业联队")
    db.session.commit()
    book = orderbook_data.gather(reg.meet)
    texts = [getattr(f, "text", "") for f in orderbook_parts.delegations(book)]
    assert "01 城关镇工会联合会（联队）" in texts
    assert f"成员单位：{PAPER}、{TEXTILE}" in texts
    assert "03 园区企业联队" in texts  # its name already says so
    rules = " ".join(getattr(f, "text", "") for f in orderbook_parts.regulations(book))
    assert "共 3 个代表队（其中联队 1 个）" in rules
    assert "联队队员须为联队成员单位的职工" in rules


def test_unknown_delegation_is_404(client, reg):
    login(client, "admin")
    assert client.get("/teams/99999/joint").status_code == 404


def test_excel_sheet_states_the_rules_and_upload_checks_the_employer(client, reg):
    from tests.registration.test_excel_refusals import preview_of
    from tests.registration.test_excel_roundtrip import download

    make_joint(reg, PAPER, TEXTILE)
    login(client, "leader01")
    help_text = [c.value for (c,) in download(client, reg.d1)["填表说明"].iter_rows(
        min_col=2, max_col=2) if c.value]
    assert any("每队随队人员：领队 1 人，教练 1–2 人" in line for line in help_text)
    assert any(f"成员单位之一：{PAPER}、{TEXTILE}" in line for line in help_text)
    page = preview_of(client, reg, [["赵强", "男", YOUNG_MAN, "运动员", "", "城关镇政府", "是"],
                                    ["孙医生", "女", WOMAN, "队医", "", PAPER, "是"]])
    assert "按此方式导入会违反报名规则" in page
    assert '<td class="num">4</td><td>工作单位</td>' in page
    assert '<td class="num">5</td><td>工作单位</td>' not in page


def test_progress_page_marks_the_joint_team(client, reg):
    login(client, "admin")
    assert "联队" not in client.get("/registration/progress").get_data(as_text=True)
    make_joint(reg, PAPER, TEXTILE)
    page = client.get("/registration/progress").get_data(as_text=True)
    assert f'title="{PAPER}、{TEXTILE}">联队</span>' in page
