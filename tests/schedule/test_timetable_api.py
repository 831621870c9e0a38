"""GET /api/v1/schedule: every scheduled unit with ISO 8601 times and every participant's
bib (relay squad members included), matching its OpenAPI schema; filters; no personal
data."""

from __future__ import annotations

import datetime as dt

from meet.schedule import timetable as ops
from meet.schedule import timetable_setup as setup

TYPES = {"string": str, "integer": int, "array": list, "null": type(None), "boolean": bool}


def check_schema(row: dict, schema: dict) -> None:
    assert set(schema["required"]) <= row.keys()
    for key, value in row.items():
        declared = schema["properties"][key]["type"]
        allowed = declared if isinstance(declared, list) else [declared]
        assert isinstance(value, tuple(TYPES[t] for t in allowed)), (key, value)


def test_schedule_items_match_the_schema_with_every_bib(client, sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    setup.publish_order_book(sched.meet, True)  # start lists public with the book
    from meet.schedule import jobs

    jobs.wait_all()
    rows = client.get("/api/v1/schedule").get_json()
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"][
        "ScheduleItem"]
    assert len(rows) == 3 + 1 + 8  # 2 heats + final, 1 relay heat, 4+2+1 matches + bronze
    for row in rows:
        check_schema(row, schema)
        start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
        assert start.utcoffset() == dt.timedelta(hours=8) and end > start
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)
    relay = next(r for r in rows if r["event_id"] == sched.relay.id)
    assert sorted(relay["bibs"]) == sorted(p.bib for p in sched.runners[1:8:2])
    heats = [r for r in rows if r["event_id"] == sched.m100.id and r["round_number"] == 1]
    assert sorted(b for r in heats for b in r["bibs"]) == sorted(p.bib for p in sched.runners)
    text = client.get("/api/v1/schedule").get_data(as_text=True)
    assert sched.a1.id_number not in text and "13800138000" not in text


def test_bibs_stay_private_until_the_start_list_is_public(client, sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    rows = client.get("/api/v1/schedule").get_json()
    assert rows and all(r["bibs"] == [] for r in rows)  # rounds drawn, not published


def test_filters_and_bad_day(client, sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    everything = client.get("/api/v1/schedule").get_json()
    day = everything[0]["start"][:10]
    by_day = client.get(f"/api/v1/schedule?day={day}").get_json()
    assert by_day and all(r["start"].startswith(day) for r in by_day)
    hall = client.get(f"/api/v1/schedule?venue_id={sched.hall.id}").get_json()
    assert hall and all(r["venue_id"] == sched.hall.id for r in hall)
    assert client.get("/api/v1/schedule?day=5月1日").status_code == 400


def test_openapi_documents_the_schedule_routes(client, world):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/schedule" in paths and "/teams/{delegation_id}/schedule.ics" in paths
