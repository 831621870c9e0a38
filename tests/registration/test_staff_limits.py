"""Staff limits by role (领队, 教练, 队医, 工作人员) set per meet on the settings page."""

import dataclasses

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import AuditEntry, Meet
from meet.operations import OperationError
from meet.registration import checks
from meet.registration import settings_ops as ops
from tests.conftest import login
from tests.registration.test_settings import URL, form


def _meet(reg) -> Meet:
    meet = db.session.get(Meet, reg.meet.id)
    db.session.refresh(meet)
    return meet


def test_page_shows_the_defaults(client, reg):
    login(client, "admin")
    page = client.get(URL).get_data(as_text=True)
    assert "随队人员" in page
    for name, value in [("leader_min", 1), ("coach_max", 2), ("doctor_min", 0),
                        ("staff_max", 2)]:
        assert f'id="{name}"' in page and f'name="{name}"' in page
        assert f'value="{value}"' in page


def test_saving_staff_limits_is_audited_and_reported(client, reg):
    login(client, "admin")
    reg.m100.age_group_code = None  # d1 now meets every rule; d2 has no leader
    db.session.commit()
    rules = checks.entry_rules(reg.meet)
    assert rules.staff_limits["doctor"] == (0, 1)
    assert checks.delegation_errors(reg.d1) == []
    before = ops.delegations_with_errors(reg.meet)
    r = client.post(URL, data=form(reg, doctor_min="1", coach_max="3"))
    assert r.status_code == 302
    meet = _meet(reg)
    assert meet.staff_limits["doctor"] == (1, 1) and meet.staff_limits["coach"] == (1, 3)
    assert checks.entry_rules(meet).staff_limits == meet.staff_limits
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.settings_changed"))
    assert entry.detail["doctor_limits"] == [[0, 1], [1, 1]]
    assert entry.detail["coach_limits"] == [[1, 2], [1, 3]]
    assert "leader_limits" not in entry.detail
    # d1 has no doctor: the stricter rule breaks it, and the page says so
    assert (before, ops.delegations_with_errors(meet)) == (1, 2)
    page = client.get(URL).get_data(as_text=True)
    assert "按新规则，现有 2 个代表队的报名存在问题（修改前 1 个）" in page
    d1_errors = checks.delegation_errors(reg.d1)
    assert [e.params for e in d1_errors if e.code == "staff_too_few"] == [
        {"role": "doctor", "count": 0, "min": 1}]


def _refused(client, reg, field, message, **overrides):
    r = client.post(URL, data=form(reg, **overrides))
    page = r.get_data(as_text=True)
    assert r.status_code == 400, page
    assert f'id="{field}-error"' in page and message in page
    for name, value in overrides.items():
        assert f'name="{name}" type="text" value="{value}"' in page or (
            f'value="{value}"' in page)
    assert _meet(reg).staff_limits == ops.current(reg.meet).staff_limits
    return page


def test_fewest_above_most_is_refused_next_to_most(client, reg):
    login(client, "admin")
    _refused(client, reg, "coach_max", "最多人数不能少于最少人数（3）", coach_min="3",
             coach_max="2")
    assert _meet(reg).staff_limits["coach"] == (1, 2)


@pytest.mark.parametrize("field, value, message", [
    ("doctor_min", "-1", "人数应在 0–99 之间"),
    ("staff_max", "-2", "人数应在 0–99 之间"),
    ("leader_max", "一", "请填写整数"),
    ("coach_min", "", "请填写人数"),
])
def test_bad_numbers_are_refused_and_kept(client, reg, field, value, message):
    login(client, "admin")
    _refused(client, reg, field, message, **{field: value})


def test_operation_refuses_negative_and_inverted_limits(reg):
    settings = ops.current(reg.meet)
    for limits, field in [({"doctor": (-1, 1)}, "doctor_min"),
                          ({"staff": (0, -1)}, "staff_max"),
                          ({"leader": (2, 1)}, "leader_max")]:
        new = dataclasses.replace(settings, staff_limits={**settings.staff_limits, **limits})
        with pytest.raises(OperationError) as err:
            ops.update(reg.admin, reg.meet, new)
        assert err.value.field == field
    assert _meet(reg).staff_limits == settings.staff_limits


def test_database_refuses_inverted_limits(reg):
    reg.meet.coach_min, reg.meet.coach_max = 3, 1
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_leader_cannot_change_staff_limits(client, reg):
    login(client, "leader01")
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=form(reg, coach_max="5")).status_code == 403
    assert _meet(reg).staff_limits["coach"] == (1, 2)
    new = dataclasses.replace(ops.current(reg.meet),
                              staff_limits={**reg.meet.staff_limits, "coach": (0, 5)})
    with pytest.raises(OperationError, match="只有组委会"):
        ops.update(reg.leader1, reg.meet, new)


def test_leader_sees_the_meets_limits(client, reg):
    reg.meet.doctor_min, reg.meet.coach_max = 1, 3
    db.session.commit()
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/registration").get_data(as_text=True)
    assert "领队 1 人，教练 1–3 人，队医 1 人，工作人员 0–2 人" in page
    assert "每队运动员最多 60 人" in page


def test_order_book_prints_the_staff_limits(reg):
    from meet.schedule import orderbook_data, orderbook_parts

    reg.meet.doctor_max, reg.meet.coach_min = 0, 2
    db.session.commit()
    text = " ".join(getattr(f, "text", "") for f in orderbook_parts.regulations(
        orderbook_data.gather(reg.meet)))
    assert "每队领队 1 人、教练 2 人、工作人员不超过 2 人。" in text
    assert "队医" not in text and "联队" not in text


def test_a_second_leader_over_the_limit_is_refused_at_the_role_field(client, reg):
    """A second 领队 (the most is 1) was saved with "已保存" and the rule only showed up
    later on the errors page."""
    from meet.models import Person
    from tests.registration.conftest import YOUNG_MAN, person_form

    login(client, "leader01")
    before = db.session.scalar(select(db.func.count(Person.id)).where(
        Person.delegation_id == reg.d1.id))
    r = client.post(f"/teams/{reg.d1.id}/people/new",
                    data=person_form(role="leader", name="赵领队", id_number=YOUNG_MAN,
                                     version=reg.d1.version))
    page = r.get_data(as_text=True)
    assert r.status_code in (400, 422), page
    assert 'id="role-error"' in page
    assert "每队领队最多 1 人，本队已有：陈领队。" in page
    assert 'value="赵领队"' in page and YOUNG_MAN in page  # what was typed is kept
    assert db.session.scalar(select(db.func.count(Person.id)).where(
        Person.delegation_id == reg.d1.id)) == before
    # The leader himself may still be edited, and a third coach is fine when allowed.
    reg.meet.coach_max = 3
    db.session.commit()
    r = client.post(f"/teams/{reg.d1.id}/people/new",
                    data=person_form(role="coach", name="吴教练", id_number=YOUNG_MAN,
                                     version=reg.d1.version))
    assert r.status_code == 302


def test_too_many_staff_links_to_the_staff_list(app, reg):
    from meet.registration import messages
    from meet.rules.eligibility import EntryError

    err = EntryError("staff_too_many", {"role": "leader", "count": 2, "max": 1}, None, None,
                     "role")
    with app.test_request_context():
        assert messages.fix_url(err, reg.d1.id, {}, {}).endswith("#staff")


def test_two_mistakes_are_both_shown_at_once(client, reg):
    """Coach 3–1 and doctor −1 typed together: only −1 was marked; the order showed
    only after a second submit."""
    login(client, "admin")
    page = _refused(client, reg, "doctor_max", "人数应在 0–99 之间", coach_min="3",
                    coach_max="1", doctor_max="-1")
    assert 'id="coach_max-error"' in page and "最多人数不能少于最少人数（3）" in page
