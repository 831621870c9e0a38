"""The roster: adding and changing people, the ID number read and checked."""

import datetime as dt

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, Person
from meet.rules import idcard
from meet.signals import registration_changed
from tests.conftest import login
from tests.registration.conftest import MAN, WOMAN, YOUNG_MAN, person_form


def _new(client, reg, **overrides):
    data = person_form(version=reg.d1.version, **overrides)
    return client.post(f"/teams/{reg.d1.id}/people/new", data=data)


def test_leader_adds_an_athlete_birth_date_and_gender_read_from_the_id(client, reg):
    login(client, "leader01")
    seen = []
    registration_changed.connect(lambda sender, **kw: seen.append(kw), weak=False)
    r = _new(client, reg, id_number=YOUNG_MAN.lower().replace("x", "x"))
    assert r.status_code == 302
    p = db.session.scalar(select(Person).where(Person.name == "赵强"))
    assert p.birth_date == dt.date(1998, 1, 9) and p.gender == "M" and p.delegation_id == reg.d1.id
    assert p.union_member and p.employer == "城关镇政府"
    assert "/events" in r.headers["Location"]  # next: choose the new athlete's events
    assert seen and seen[-1]["delegation_id"] == reg.d1.id
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.person_added"))
    assert entry.target_id == p.id and entry.detail["by"] == "leader"
    assert YOUNG_MAN not in str(entry.detail) and "13900001111" not in str(entry.detail)


def test_full_width_and_spaced_id_number_is_accepted(client, reg):
    login(client, "leader01")
    spaced = " ".join([YOUNG_MAN[:6], YOUNG_MAN[6:14], YOUNG_MAN[14:]])
    wide = spaced.translate({ord(str(i)): 0xFF10 + i for i in range(10)})
    assert _new(client, reg, id_number=wide).status_code == 302
    assert db.session.scalar(select(Person.id_number).where(Person.name == "赵强")) == YOUNG_MAN


def test_gender_mismatch_is_refused_next_to_the_gender_and_the_form_is_kept(client, reg):
    login(client, "leader01")
    r = _new(client, reg, id_number=WOMAN, gender="M", name="钱多多")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "身份证号显示为女性，与所选性别“男”不符" in page
    assert 'id="gender-error"' in page
    assert WOMAN in page and "钱多多" in page and "城关镇政府" in page
    assert db.session.scalar(select(Person).where(Person.name == "钱多多")) is None


@pytest.mark.parametrize("number, words", [
    ("35072119900315", "应为 18 位，现在是 14 位"),
    ("3507211990031541A1", "前 17 位须为数字"),
    ("99072119900315411X", "省级行政区划代码"),
    (idcard.make("350721", dt.date(1990, 3, 15), 41, "M")[:10] + "1399" +
     idcard.make("350721", dt.date(1990, 3, 15), 41, "M")[14:], "出生日期不是有效日期"),
    (MAN[:17] + ("0" if MAN[17] != "0" else "1"), "校验位不符"),
])
def test_each_id_error_code_has_its_own_message(client, reg, number, words):
    login(client, "leader01")
    r = _new(client, reg, id_number=number)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and words in page
    assert 'id="id_number-error"' in page and number in page


def test_duplicate_id_in_another_delegation_is_refused_without_naming_it(client, reg):
    login(client, "leader01")
    r = _new(client, reg, id_number=reg.a2.id_number, gender="F")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "已在本届运动会的其他代表队报名" in page
    assert reg.d2.name not in page and reg.a2.name not in page


def test_duplicate_id_names_the_other_delegation_to_the_organiser(client, reg):
    login(client, "admin")
    r = _new(client, reg, id_number=reg.a2.id_number, gender="F")
    page = r.get_data(as_text=True)
    assert r.status_code == 400
    assert f"此身份证号已在「{reg.d2.name}」报名（{reg.a2.name}）" in page


def test_duplicate_id_in_the_own_delegation(client, reg):
    login(client, "leader01")
    r = _new(client, reg, id_number=reg.a1.id_number)
    assert "本队名单中已有此身份证号（李明）" in r.get_data(as_text=True)


@pytest.mark.parametrize("field, value, words", [
    ("name", "", "请填写姓名"),
    ("phone", "12345", "11 位手机号"),
    ("gender", "", "请选择性别"),
    ("id_number", "", "请填写身份证号"),
])
def test_field_errors_next_to_the_field(client, reg, field, value, words):
    login(client, "leader01")
    r = _new(client, reg, **{field: value})
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and words in page and f'id="{field}-error"' in page


def test_edit_keeps_the_person_and_reads_the_new_id(client, reg):
    login(client, "leader01")
    r = client.post(f"/teams/{reg.d1.id}/people/{reg.a1.id}",
                    data=person_form(version=reg.d1.version, name="李明明", id_number=MAN))
    assert r.status_code == 302
    db.session.refresh(reg.a1)
    assert reg.a1.name == "李明明" and reg.a1.id_number == MAN
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.person_changed"))
    assert set(entry.detail["fields"]) >= {"name", "id_number"}


def test_staff_are_added_with_their_role(client, reg):
    login(client, "leader01")
    page = client.get(f"/teams/{reg.d1.id}/people/new?role=doctor").get_data(as_text=True)
    assert '<option selected value="doctor">' in page or 'value="doctor" selected' in page
    assert _new(client, reg, role="doctor", name="吴医生").status_code == 302
    p = db.session.scalar(select(Person).where(Person.name == "吴医生"))
    assert p.role == "doctor"
    assert client.get(f"/teams/{reg.d1.id}/people/{p.id}/events").status_code == 200


def test_remove_person_withdraws_entries(client, reg):
    login(client, "leader01")
    r = client.post(f"/teams/{reg.d1.id}/people/{reg.a1.id}/remove",
                    data={"version": reg.d1.version})
    assert r.status_code == 302
    assert db.session.get(Person, reg.a1.id) is None
    removed = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.person_removed"))
    assert removed.detail["events"] == ["M100"] and removed.detail["name"] == "李明"
