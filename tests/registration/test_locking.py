"""Two browsers saving the same delegation: the second is refused, nothing typed is lost."""

import pytest
from sqlalchemy import select, text

from meet.extensions import db
from meet.models import Person
from meet.registration import operations as ops
from tests.conftest import login
from tests.registration.conftest import WOMAN, person_form


def test_second_browser_is_refused_and_its_input_shown_again(client, reg):
    login(client, "leader01")
    stale = reg.d1.version  # both phones opened the form at this version
    assert client.post(f"/teams/{reg.d1.id}/people/new",
                       data=person_form(version=stale)).status_code == 302
    r = client.post(f"/teams/{reg.d1.id}/people/new", data=person_form(
        version=stale, name="孙丽", gender="F", id_number=WOMAN, employer="城关镇卫生院"))
    page = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "本队报名刚刚被他人" in page and "您填写的内容仍在下方" in page
    assert "孙丽" in page and WOMAN in page and "城关镇卫生院" in page
    db.session.expire_all()
    assert f'name="version" type="hidden" value="{reg.d1.version}"' in page
    assert db.session.scalar(select(Person).where(Person.name == "孙丽")) is None
    # saving the shown form again now works
    r = client.post(f"/teams/{reg.d1.id}/people/new", data=person_form(
        version=reg.d1.version, name="孙丽", gender="F", id_number=WOMAN))
    assert r.status_code == 302


def test_stale_events_and_squad_forms_keep_the_choice(client, reg):
    login(client, "leader01")
    stale = reg.d1.version
    client.post(f"/teams/{reg.d1.id}/people/new", data=person_form(version=stale))
    r = client.post(f"/teams/{reg.d1.id}/people/{reg.a1.id}/events",
                    data={"version": stale, "event": [reg.mlj.id]})
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and f'value="{reg.mlj.id}" checked' in page
    r = client.post(f"/teams/{reg.d1.id}/events/{reg.relay.id}/squad",
                    data={"version": stale, "entry": "new", "leg": [reg.a1.id]})
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and f'<option value="{reg.a1.id}" selected>' in page


def test_a_true_race_is_caught_by_the_version_column(reg):
    """Both requests read version v; the other commits first: our UPDATE finds no row."""
    version = reg.d1.version
    db.session.execute(text("UPDATE delegation SET version = version + 1 WHERE id = :id"),
                       {"id": reg.d1.id})  # the other worker's commit, behind our back
    with pytest.raises(ops.StaleDelegation):
        ops.save_person(reg.leader1, reg.d1, ops.PersonData(
            "孙丽", "athlete", "F", WOMAN), version)
    db.session.rollback()
    assert db.session.scalar(select(Person).where(Person.name == "孙丽")) is None


def test_every_write_raises_the_version(reg):
    v = reg.d1.version
    ops.set_athlete_events(reg.leader1, reg.d1, reg.a1, {reg.mlj.id}, v)
    assert reg.d1.version == v + 1
    ops.submit(reg.leader1, reg.d1, reg.d1.version)
    assert reg.d1.version == v + 2
