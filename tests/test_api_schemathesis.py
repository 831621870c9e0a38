"""Schemathesis against /api/v1: every operation of the OpenAPI document, generated
requests (valid and invalid parameters, boundary values, the documented examples) sent
in-process to the demo meet through WSGI, each response checked with all of
Schemathesis' default checks (no server error, documented status code, content type,
headers, response body valid against the schema, invalid input rejected, valid input
accepted) and one of ours: no ID number (身份证号) or mobile number in any response.

The API only reads, so the session's demo meet is used as is. Beside the generated cases,
every real delegation and event of the demo is asked for, so the 200 branches (rounds,
heats, matches, results) are validated against the schema, not only the 404s.
"""

from __future__ import annotations

import json
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import select

from meet.api.openapi import document
from meet.extensions import db
from meet.models import Delegation, Event, Person, Venue

pytestmark = pytest.mark.demo

BASE_URL = "http://localhost/api/v1"  # what the test client's requests are served under
# Built at import from the same function the app serves it with (a test below checks the
# served one is equal): the demo app is a session fixture, and Schemathesis' lazy
# ``pytest.from_fixture`` loader breaks on pytest 9.2 (it sets ``Function._nodeid``).
schema = schemathesis.openapi.from_dict(document(BASE_URL))

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def _readable(content: bytes) -> str:
    """The body as text, JSON's \\u escapes decoded (names are Chinese)."""
    text = content.decode("utf-8", "replace")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def personal_data_in(content: bytes) -> list[str]:
    text = _readable(content)
    return ID_NUMBER.findall(text) + MOBILE.findall(text)


def no_personal_data(ctx, response, case):
    """Our check: nothing shaped like an 18-character ID number or an 11-digit mobile."""
    found = personal_data_in(response.content)
    if found:
        raise AssertionError(f"personal data in {case.operation.label}: {found[:3]}")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
def test_every_operation_conforms_to_the_document(case, demo_app):
    case.call_and_validate(app=demo_app, additional_checks=[no_personal_data])


def test_the_document_tested_is_the_one_served(demo_client):
    assert demo_client.get("/api/v1/openapi.json").get_json() == document(BASE_URL)


@pytest.fixture(scope="module")
def real(demo_app):
    """Every delegation, event and venue id of the demo meet, and its people's ID and
    phone numbers."""
    with demo_app.app_context():
        found = {
            "delegation_id": db.session.scalars(select(Delegation.id)).all(),
            "event_id": db.session.scalars(select(Event.id)).all(),
            "venue_id": db.session.scalars(select(Venue.id)).all(),
            "personal": {v for row in db.session.execute(select(Person.id_number,
                                                                Person.phone))
                         for v in row if v},
        }
        db.session.remove()
    return found


def _call(demo_app, path: str, **parameters):
    case = schema[path]["GET"].Case(**parameters)
    return case.call_and_validate(app=demo_app, additional_checks=[no_personal_data])


def test_every_real_delegation_and_event_conforms(demo_app, real):
    """Each real id through the schema: 200 for each, validated, and none of the demo's
    actual ID or phone numbers in any body (the pattern check aside)."""
    bodies = []
    for path, name, count in [("/teams/{delegation_id}/athletes", "delegation_id", None),
                              ("/events/{event_id}/results", "event_id", None),
                              # each feed builds the whole timetable (~0.3 s): a few
                              ("/teams/{delegation_id}/schedule.ics", "delegation_id", 4)]:
        statuses = set()
        for row_id in real[name][:count]:
            response = _call(demo_app, path, path_parameters={name: row_id})
            statuses.add(response.status_code)
            bodies.append(response.content.decode())
        assert statuses == {200}, path
    started = [_call(demo_app, "/events/{event_id}/startlist", path_parameters={"event_id": i})
               for i in real["event_id"]]
    assert {r.status_code for r in started} <= {200, 404}  # 404 until published
    assert 200 in {r.status_code for r in started}
    bodies += [r.content.decode() for r in started]
    bodies += [_call(demo_app, p).content.decode()
               for p in ("/teams", "/events", "/standings", "/schedule")]
    text = "\n".join(_readable(b.encode()) for b in bodies)
    assert real["personal"] and not [v for v in real["personal"] if v in text]


def test_schedule_filters_with_real_values_conform(demo_app, real):
    days = {item["start"][:10] for item in _call(demo_app, "/schedule").json()}
    for day in sorted(days):
        assert _call(demo_app, "/schedule", query={"day": day}).json()
    for venue_id in real["venue_id"][:2]:
        assert _call(demo_app, "/schedule", query={"venue_id": venue_id}).json()
    for delegation_id in real["delegation_id"][:2]:
        assert _call(demo_app, "/schedule", query={"delegation_id": delegation_id}).json()


def test_the_personal_data_check_fails_on_an_id_or_phone_number():
    assert personal_data_in(b'{"x": "110101199003071234"}') == ["110101199003071234"]
    assert personal_data_in(b'{"x": "11010119900307123X"}') == ["11010119900307123X"]
    assert personal_data_in('{"电话": "13800138000"}'.encode()) == ["13800138000"]
    assert personal_data_in(b'{"bib": "2301", "entry_id": 514, "at": "20270501T093800"}') == []
