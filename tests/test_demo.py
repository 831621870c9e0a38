"""The demo meet, as `make run` loads it."""

import pytest
from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Delegation, Event, Meet, Person, Role, User
from meet.registration.checks import delegation_errors, entry_rules
from meet.rules import idcard
from tests.conftest import login

pytestmark = pytest.mark.demo


def test_twenty_eight_delegations_of_five_kinds(demo_client):
    teams = demo_client.get("/api/v1/teams").get_json()
    assert len(teams) == 28
    kinds = [t["unit_kind"] for t in teams]
    assert [kinds.count(k) for k in ("township", "system", "enterprise", "park", "organs")] == [
        14, 9, 3, 1, 1]
    assert [t["code"] for t in teams] == [f"{i:02d}" for i in range(1, 29)]


def test_thirty_seven_events_in_eight_categories_of_every_kind(demo_client):
    events = demo_client.get("/api/v1/events").get_json()
    assert len(events) == 37
    assert len({e["category"] for e in events}) == 8
    assert {e["kind"] for e in events} == {"timed", "measured", "judged", "match"}
    assert {e["gender"] for e in events} >= {"M", "F", "X"}
    assert {e["age_group"] for e in events} >= {"A", "B", None}


def test_at_least_600_athletes_with_valid_id_numbers(demo):
    athletes = db.session.scalars(select(Person).where(Person.role == "athlete")).all()
    assert len(athletes) >= 600
    for p in athletes:
        info = idcard.parse(p.id_number)
        assert (info.birth_date, info.gender) == (p.birth_date, p.gender), p.name


def test_the_demo_passes_its_own_entry_rules(demo):
    delegations = db.session.scalars(select(Delegation)).all()
    rules = entry_rules(db.session.get(Meet, delegations[0].meet_id))
    errors = {d.code: delegation_errors(d, rules) for d in delegations}
    assert errors == {d.code: [] for d in delegations}


def test_demo_accounts_one_leader_per_delegation_in_order(demo):
    leaders = db.session.scalars(
        select(User).where(User.role == Role.LEADER.value).order_by(User.username)
    ).all()
    assert [u.username for u in leaders] == [f"leader{i:02d}" for i in range(1, 29)]
    assert [u.delegation.code for u in leaders] == [f"{i:02d}" for i in range(1, 29)]
    referees = db.session.scalars(select(User).where(User.role == Role.REFEREE.value)).all()
    assert referees and all(r.assignments for r in referees)
    every_event = {a.event_id for r in referees for a in r.assignments}
    assert every_event == set(db.session.scalars(select(Event.id)))


@pytest.mark.parametrize("username", ["admin", "leader01", "leader28", "chief", "referee01",
                                      "marshal01"])
def test_every_demo_account_logs_in_with_the_demo_password(demo_app, username):
    client = demo_app.test_client()
    assert login(client, username, "meet-demo").status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_loading_again_changes_nothing(demo):
    from meet.demo.loader import load_demo

    before = db.session.scalar(select(func.count(Person.id)))
    meet, created = load_demo()
    assert not created
    assert db.session.scalar(select(func.count(Person.id))) == before


def test_cli_demo_command_is_idempotent_and_prints_the_accounts(demo_app):
    result = demo_app.test_cli_runner().invoke(args=["meet", "demo"])
    assert result.exit_code == 0
    assert "already loaded" in result.output
    assert "admin" in result.output and "leader01" in result.output
    assert "meet-demo" in result.output
