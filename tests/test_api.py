import re

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
