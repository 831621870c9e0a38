"""Walk every route of the app: anonymous users and every wrong role are refused on
every route and method, and no one allowed gets a server error.

A new route is covered the moment it exists: its declared access (meet/access.py)
decides who must be refused. Refusal means 401/403/404 or a redirect to the login page.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from meet.access import AUTHENTICATED, PUBLIC
from meet.extensions import db
from meet.models import Delegation, Event, Person, Role
from tests.conftest import login
from tests.routes import ACCOUNTS, routes

pytestmark = pytest.mark.demo

@pytest.fixture(scope="module")
def sweep(demo_app):
    with demo_app.app_context():
        d1 = db.session.scalar(select(Delegation).where(Delegation.code == "01"))
        event = db.session.scalar(select(Event).order_by(Event.id))
        athlete = db.session.scalar(
            select(Person).where(Person.delegation_id == d1.id, Person.role == "athlete")
        )
        ids = {"delegation_id": d1.id, "team_id": d1.id, "event_id": event.id, "id": d1.id,
               "person_id": athlete.id}
        table = routes(demo_app, ids)
    clients = {}
    for role, username in ACCOUNTS.items():
        client = demo_app.test_client()
        assert login(client, username, "meet-demo").status_code == 302
        clients[role] = client
    other_leader = demo_app.test_client()
    assert login(other_leader, "leader02", "meet-demo").status_code == 302
    return table, clients, other_leader, demo_app


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code in (302, 303) and "/login" in response.headers.get(
        "Location", "")


def _call(client, method, url):
    return client.open(url, method=method, data={}, follow_redirects=False)


def test_every_route_refuses_anonymous_users_unless_public(sweep):
    routes, _clients, _other, app = sweep
    anonymous = app.test_client()
    failures = []
    for _rule, method, access, url in routes:
        if access == (PUBLIC,):
            continue
        r = _call(anonymous, method, url)
        if not _refused(r):
            failures.append(f"{method} {url} -> {r.status_code}")
    assert failures == []


def test_every_route_refuses_every_wrong_role(sweep):
    routes, clients, _other, _app = sweep
    failures = []
    for _rule, method, access, url in routes:
        if access in ((PUBLIC,), (AUTHENTICATED,)):
            continue
        for role, client in clients.items():
            if role in access:
                continue
            r = _call(client, method, url)
            if not _refused(r):
                failures.append(f"{role}: {method} {url} -> {r.status_code}")
    assert failures == []


def test_a_leader_is_refused_another_delegations_routes(sweep):
    routes, _clients, other_leader, _app = sweep
    failures = []
    for rule, method, access, url in routes:
        if Role.LEADER.value not in access or not (
            {"delegation_id", "team_id"} & set(rule.arguments)
        ):
            continue
        r = _call(other_leader, method, url)
        if not _refused(r):
            failures.append(f"leader02: {method} {url} -> {r.status_code}")
    assert failures == []


def test_no_allowed_role_gets_a_server_error_on_a_page(sweep):
    routes, clients, _other, app = sweep
    anonymous = app.test_client()
    failures = []
    for _rule, method, access, url in routes:
        if method != "GET":
            continue  # writes are tested in each area, on worlds of their own
        who = [anonymous] if access == (PUBLIC,) else [
            c for role, c in clients.items() if access == (AUTHENTICATED,) or role in access]
        for client in who:
            r = client.get(url)
            if r.status_code >= 500:
                failures.append(f"{method} {url} -> {r.status_code}")
    assert failures == []
