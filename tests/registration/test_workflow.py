"""Submit, return, resubmit, approve; bibs; the deadline; the organiser's edits audited."""

import datetime as dt

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, BibAllocation, Person
from meet.operations import OperationError
from meet.registration import operations as ops
from tests import factories
from tests.conftest import login
from tests.registration.conftest import close_window, person_form


def _valid(reg):
    """Make d1 valid: 李明 out of the men's 100 m A (he is group B) into the long jump."""
    ops.set_athlete_events(reg.leader1, reg.d1, reg.a1, {reg.mlj.id}, reg.d1.version)
    assert ops.checks.delegation_errors(reg.d1) == []


def test_submit_is_refused_while_errors_remain(client, reg):
    login(client, "leader01")
    r = client.post(f"/teams/{reg.d1.id}/submit", data={"version": reg.d1.version})
    assert r.headers["Location"].endswith(f"/teams/{reg.d1.id}/errors")
    db.session.refresh(reg.d1)
    assert reg.d1.status == "draft"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "还有 1 个问题未解决，不能提交。" in page


def test_submit_return_resubmit_approve(client, reg):
    _valid(reg)
    login(client, "leader01")
    client.post(f"/teams/{reg.d1.id}/submit", data={"version": reg.d1.version})
    db.session.refresh(reg.d1)
    assert reg.d1.status == "submitted"
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert "报名已提交，等待组委会审核" in page and "添加运动员" not in page
    r = client.post(f"/teams/{reg.d1.id}/people/new", data=person_form(version=reg.d1.version))
    assert r.status_code == 400 and "如需修改请先撤回提交" in r.get_data(as_text=True)

    login(client, "admin")
    r = client.post(f"/teams/{reg.d1.id}/return", data={"version": reg.d1.version, "comment": ""})
    db.session.refresh(reg.d1)
    assert reg.d1.status == "submitted"  # a return needs a reason
    client.post(f"/teams/{reg.d1.id}/return",
                data={"version": reg.d1.version, "comment": "请补充队医。"})
    db.session.refresh(reg.d1)
    assert reg.d1.status == "returned" and reg.d1.status_comment == "请补充队医。"

    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert "请补充队医。" in page and "已退回" in page
    assert client.post(f"/teams/{reg.d1.id}/people/new", data=person_form(
        version=reg.d1.version, role="doctor", name="吴医生")).status_code == 302
    client.post(f"/teams/{reg.d1.id}/submit", data={"version": reg.d1.version})
    db.session.refresh(reg.d1)
    assert reg.d1.status == "submitted"

    assert client.post(f"/teams/{reg.d1.id}/approve",
                       data={"version": reg.d1.version}).status_code == 403
    login(client, "admin")
    client.post(f"/teams/{reg.d1.id}/approve", data={"version": reg.d1.version})
    db.session.refresh(reg.d1)
    db.session.refresh(reg.a1)
    assert reg.d1.status == "approved" and reg.a1.bib == "101"
    assert db.session.scalar(select(Person.bib).where(Person.name == "吴医生")) is None
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert "报名已审核通过" in page and ">101<" in page


def test_leader_withdraws_a_submission(reg):
    _valid(reg)
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    ops.withdraw(reg.leader1, reg.d1, reg.d1.version)
    assert reg.d1.status == "draft"


def test_bibs_are_stable_and_never_reused(app, reg):
    _valid(reg)
    men = [factories.person(reg.meet, reg.d1, f"男{i}", "M", birth_date=dt.date(1996, 1, i + 1))
           for i in range(3)]
    db.session.commit()
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    ops.approve(reg.admin, reg.d1, reg.d1.version)
    assert [reg.a1.bib, *[m.bib for m in men]] == ["101", "102", "103", "104"]
    ops.return_delegation(reg.admin, reg.d1, "请删去男2。", reg.d1.version)
    ops.remove_person(reg.leader1, reg.d1, men[2], reg.d1.version)
    newcomer = ops.save_person(reg.leader1, reg.d1, ops.PersonData(
        "新人", "athlete", "M", factories.idcard.make("350721", dt.date(1999, 5, 5), 7, "M")),
        reg.d1.version)
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    ops.approve(reg.admin, reg.d1, reg.d1.version)
    assert reg.a1.bib == "101" and men[0].bib == "102"  # unchanged by re-approval
    assert newcomer.bib == "105"  # 104 stays retired with the removed athlete
    retired = db.session.scalar(select(BibAllocation).where(BibAllocation.bib == "104"))
    assert retired.person_id is None and retired.released_at and retired.person_name == "男2"


def test_bib_format_is_configurable(make_app):
    from tests.registration.conftest import registration_world

    make_app(BIB_FORMAT="{code}-{seq:03d}")
    reg = registration_world()
    _valid(reg)
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    ops.approve(reg.admin, reg.d1, reg.d1.version)
    assert reg.a1.bib == "01-001"


def test_approval_is_refused_with_errors_and_for_leaders(reg):
    with pytest.raises(OperationError, match="只有组委会"):
        ops.approve(reg.leader1, reg.d1, reg.d1.version)
    with pytest.raises(OperationError, match="只有已提交"):
        ops.approve(reg.admin, reg.d1, reg.d1.version)


def test_organiser_adds_an_athlete_to_an_approved_delegation_gets_a_bib(reg):
    _valid(reg)
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    ops.approve(reg.admin, reg.d1, reg.d1.version)
    late = ops.save_person(reg.admin, reg.d1, ops.PersonData(
        "补报", "athlete", "F", factories.idcard.make("350721", dt.date(1994, 4, 4), 9, "F")),
        reg.d1.version)
    assert late.bib == "102"
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.person_added", AuditEntry.target_id == late.id))
    assert entry.detail["organiser_override"] is True and entry.detail["by"] == "organiser"


def _writes(reg):
    v = reg.d1.version
    return {
        "new person": (f"/teams/{reg.d1.id}/people/new", person_form(version=v)),
        "edit person": (f"/teams/{reg.d1.id}/people/{reg.a1.id}",
                        person_form(version=v, id_number=reg.a1.id_number)),
        "remove person": (f"/teams/{reg.d1.id}/people/{reg.a1.id}/remove", {"version": v}),
        "events": (f"/teams/{reg.d1.id}/people/{reg.a1.id}/events",
                   {"version": v, "event": [reg.mlj.id]}),
        "squad": (f"/teams/{reg.d1.id}/events/{reg.relay.id}/squad",
                  {"version": v, "entry": "new", "leg": [reg.a1.id]}),
        "submit": (f"/teams/{reg.d1.id}/submit", {"version": v}),
    }


@pytest.mark.parametrize("write", ["new person", "edit person", "remove person", "events",
                                   "squad", "submit"])
def test_after_the_deadline_every_leader_write_is_refused(client, reg, write):
    close_window(reg.meet)
    db.session.commit()
    before = reg.d1.version
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert "报名已于" in page and "截止" in page and "添加运动员" not in page
    url, data = _writes(reg)[write]
    r = client.post(url, data=data, follow_redirects=True)
    assert "报名已于" in r.get_data(as_text=True)
    db.session.expire_all()
    assert reg.d1.version == before and reg.d1.status == "draft"
    assert db.session.get(Person, reg.a1.id) is not None


def test_before_the_window_opens_leaders_read_only(client, reg):
    reg.meet.registration_opens = ops.utcnow() + dt.timedelta(days=3)
    reg.meet.registration_closes = ops.utcnow() + dt.timedelta(days=30)
    db.session.commit()
    with pytest.raises(OperationError, match="报名尚未开始"):
        ops.save_person(reg.leader1, reg.d1, ops.PersonData(
            "赵", "athlete", "M", reg.a1.id_number), reg.d1.version, reg.a1)


def test_organiser_edits_after_the_deadline_audited(client, reg):
    close_window(reg.meet)
    db.session.commit()
    login(client, "admin")
    r = client.post(f"/teams/{reg.d1.id}/people/{reg.a1.id}/events",
                    data={"version": reg.d1.version, "event": [reg.mlj.id]})
    assert r.status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.events_set"))
    assert entry.detail == entry.detail | {"organiser_override": True, "added": ["MLJ"],
                                           "dropped": ["M100"], "by": "organiser"}
    assert entry.user_id == reg.admin.id
