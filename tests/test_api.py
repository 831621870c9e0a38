import re

import pytest

from tests.conftest import login


def test_teams_lists_delegations_with_kind_and_athlete_count(client, world):
    teams = client.get("/api/v1/teams").get_json()
    assert [t["name"] for t in teams] == ["城关镇工会联合会", "洋口镇工会联合会"]
    first = teams[0]
    assert {"id", "name", "unit_kind", "athletes"} <= first.keys()
    assert first["unit_kind"] == "township" and first["athletes"] == 1


def test_events_lists_code_name_category_kind_gender_age_group(client, world):
    events = client.get("/api/v1/events").get_json()
    m100 = next(e for e in events if e["code"] == "M100")
    assert m100 == m100 | {"name": "男子100米", "category": "ATH", "kind": "timed",
                           "gender": "M", "age_group": None}


def test_api_holds_no_personal_data(client, world):
    login(client, "admin")  # even for the organiser: the API is public
    body = client.get("/api/v1/teams").get_data(as_text=True) + client.get(
        "/api/v1/events").get_data(as_text=True)
    assert world.a1.id_number not in body and world.a1.phone not in body


def test_openapi_document_describes_every_api_route(client, world):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    routes = {  # Flask's <int:x> is OpenAPI's {x}
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule.removeprefix("/api/v1"))
        for r in client.application.url_map.iter_rules()
        if r.rule.startswith("/api/v1")
    }
    assert routes == set(doc["paths"])


def test_api_rows_match_their_schema(client, world):
    doc = client.get("/api/v1/openapi.json").get_json()
    types = {"integer": int, "string": str, "boolean": bool, "null": type(None)}
    for path, name in [("/teams", "Team"), ("/events", "Event")]:
        schema = doc["components"]["schemas"][name]
        for row in client.get("/api/v1" + path).get_json():
            assert set(schema["required"]) <= row.keys()
            for key, value in row.items():
                declared = schema["properties"][key]["type"]
                declared = declared if isinstance(declared, list) else [declared]
                assert isinstance(value, tuple(types[t] for t in declared)), (path, key)


def test_healthz_checks_the_database(client, world):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_json()["database"] == "ok"


def test_healthz_is_503_when_the_database_is_unreachable():
    from meet import create_app
    from tests.conftest import TestingConfig

    cfg = type("Down", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
    })
    r = create_app(cfg).test_client().get("/healthz")
    assert r.status_code == 503 and r.get_json()["database"] == "unreachable"


def test_an_id_too_large_for_the_database_is_404_not_500(client, world):
    """Werkzeug's <int:...> takes any number of digits; the database overflowed on
    them (SQLite OverflowError, PostgreSQL 'integer out of range') and answered 500."""
    huge = 2**31  # one past PostgreSQL's integer
    for path in (f"/api/v1/teams/{huge}/athletes", f"/api/v1/events/{huge}/results",
                 f"/api/v1/events/{huge}/startlist", f"/api/v1/teams/{huge}/schedule.ics",
                 "/api/v1/teams/403139742130490869069228867261038592/athletes"):
        r = client.get(path)
        assert r.status_code == 404 and r.get_json()["error"]["code"] == 404, path
    assert client.get(f"/timetable/delegations/{10**40}").status_code == 404
    assert client.get(f"/api/v1/teams/{world.d1.id}/athletes").status_code == 200


def test_schedule_filters_that_are_not_integers_or_dates_are_400(client, world):
    """venue_id=abc used to be ignored (the whole timetable came back); an empty day
    was taken as no filter. Each is now a 400 naming the filter; ids are 1..2**31-1."""
    for query, name in [("venue_id=abc", "venue_id"), ("venue_id=", "venue_id"),
                        ("delegation_id=1.5", "delegation_id"), ("venue_id=5_0", "venue_id"),
                        ("venue_id=0", "venue_id"), ("delegation_id=-3", "delegation_id"),
                        (f"delegation_id={10**30}", "delegation_id"),
                        ("day=", "day"), ("day=2027-13-01", "day"), ("day=20270501", "day")]:
        r = client.get(f"/api/v1/schedule?{query}")
        assert r.status_code == 400, query
        assert name in r.get_json()["error"]["message"], query
    for query in ("venue_id=2147483647", "delegation_id=1", "day=2027-05-01"):
        r = client.get(f"/api/v1/schedule?{query}")
        assert r.status_code == 200 and r.get_json() == [], query


@pytest.mark.demo
def test_result_units_start_times_carry_the_china_offset(demo_client):
    """starts_at came out without an offset on SQLite (not an RFC 3339 date-time) and
    in UTC on PostgreSQL; the timetable gives +08:00, and so do results now."""
    import datetime as dt

    schedule = {(i["event_id"], i["start"]) for i in demo_client.get("/api/v1/schedule").json}
    seen = 0
    for event in demo_client.get("/api/v1/events").json[:6]:
        body = demo_client.get(f"/api/v1/events/{event['id']}/results").json
        for unit in (u for r in body["rounds"] for u in r["units"] if u["starts_at"]):
            start = dt.datetime.fromisoformat(unit["starts_at"])
            assert start.utcoffset() == dt.timedelta(hours=8), unit["starts_at"]
            assert (event["id"], unit["starts_at"]) in schedule
            seen += 1
    assert seen
