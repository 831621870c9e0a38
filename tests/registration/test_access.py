"""Another delegation's registration: not readable, not changeable, by URL or forged post."""

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, EntryMember, Person
from tests import factories
from tests.conftest import login
from tests.registration.conftest import person_form


def _pages(reg, d, p):
    return [
        f"/teams/{d.id}/registration", f"/teams/{d.id}/people/new",
        f"/teams/{d.id}/people/{p.id}", f"/teams/{d.id}/people/{p.id}/events",
        f"/teams/{d.id}/events/{reg.relay.id}/squad", f"/teams/{d.id}/errors",
        f"/teams/{d.id}/roster",
    ]


def _posts(reg, d, p):
    v = d.version
    return [
        (f"/teams/{d.id}/people/new", person_form(version=v)),
        (f"/teams/{d.id}/people/{p.id}", person_form(version=v, id_number=p.id_number)),
        (f"/teams/{d.id}/people/{p.id}/remove", {"version": v}),
        (f"/teams/{d.id}/people/{p.id}/events", {"version": v, "event": [reg.w100.id]}),
        (f"/teams/{d.id}/events/{reg.relay.id}/squad", {"version": v, "leg": [p.id]}),
        (f"/teams/{d.id}/submit", {"version": v}),
        (f"/teams/{d.id}/withdraw", {"version": v}),
    ]


def test_leader_cannot_read_another_delegation(client, reg):
    login(client, "leader01")
    for path in _pages(reg, reg.d2, reg.a2):
        r = client.get(path)
        assert r.status_code == 404, path
        assert reg.a2.id_number not in r.get_data(as_text=True)


def test_leader_cannot_change_another_delegation_by_forged_posts(client, reg):
    login(client, "leader01")
    version = reg.d2.version
    for path, data in _posts(reg, reg.d2, reg.a2):
        assert client.post(path, data=data).status_code == 404, path
    db.session.expire_all()
    assert reg.d2.version == version and db.session.get(Person, reg.a2.id).name == "王芳"


def test_another_delegations_person_under_the_own_url_is_404(client, reg):
    login(client, "leader01")
    d, p = reg.d1, reg.a2
    for path in [f"/teams/{d.id}/people/{p.id}", f"/teams/{d.id}/people/{p.id}/events"]:
        assert client.get(path).status_code == 404
    for path, data in _posts(reg, d, p)[1:4]:
        assert client.post(path, data=data).status_code == 404, path
    assert db.session.get(Person, p.id) is not None


def test_forged_squad_with_another_delegations_athlete_is_404(client, reg):
    man = factories.person(reg.meet, reg.d1, "男甲", "M")
    db.session.commit()
    login(client, "leader01")
    r = client.post(f"/teams/{reg.d1.id}/events/{reg.relay.id}/squad",
                    data={"version": reg.d1.version, "leg": [reg.a2.id, man.id]})
    assert r.status_code == 404
    assert db.session.scalar(select(EntryMember).where(EntryMember.person_id == reg.a2.id)) is None


def test_another_delegations_squad_entry_is_404(client, reg):
    woman = factories.person(reg.meet, reg.d2, "女乙", "F")
    other = factories.entry(reg.relay, reg.d2, reg.a2, woman)
    db.session.commit()
    login(client, "leader01")
    url = f"/teams/{reg.d1.id}/events/{reg.relay.id}/squad?entry={other.id}"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"version": reg.d1.version, "leg": []}).status_code == 404
    assert db.session.get(Entry, other.id) is not None


@pytest.mark.parametrize("who", ["referee01", "chief", "marshal01"])
def test_officials_are_refused_403(client, reg, who):
    login(client, who)
    for path in _pages(reg, reg.d1, reg.a1) + ["/registration/progress"]:
        assert client.get(path).status_code == 403, path
    for path, data in _posts(reg, reg.d1, reg.a1):
        assert client.post(path, data=data).status_code == 403, path


def test_leaders_cannot_use_organiser_pages(client, reg):
    login(client, "leader01")
    assert client.get("/registration/progress").status_code == 403
    for path in [f"/teams/{reg.d1.id}/approve", f"/teams/{reg.d1.id}/return"]:
        assert client.post(path, data={"version": reg.d1.version}).status_code == 403
    assert client.get(f"/teams/{reg.d1.id}/people/{reg.a1.id}/eligibility").status_code == 403


def test_anonymous_goes_to_login(client, reg):
    for path in _pages(reg, reg.d1, reg.a1) + ["/registration/progress"]:
        r = client.get(path)
        assert r.status_code == 302 and "/login?next=" in r.headers["Location"], path


def test_csrf_is_required_on_writes(make_app):
    from tests.registration.conftest import registration_world

    app = make_app(WTF_CSRF_ENABLED=True)
    reg = registration_world()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", data={"username": "leader01", "password": factories.PASSWORD,
                                "csrf_token": token})
    r = client.post(f"/teams/{reg.d1.id}/people/new", data=person_form(version=reg.d1.version))
    assert r.status_code == 400 and "表单已过期或来源无效" in r.get_data(as_text=True)
