"""GET /api/v1/events/<id>/results: published results only, places, statuses, points,
rounds beside them, and rows that match the OpenAPI schema."""

from __future__ import annotations

from meet.scoring import operations as ops
from tests.scoring.factories import sheet_form

TYPES = {"integer": int, "string": str, "boolean": bool, "null": type(None),
         "number": (int, float), "array": list, "object": dict}


def check(value, schema, doc, where="$"):
    """A small JSON-schema check: types, required keys, $ref, arrays, enums."""
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    declared = schema.get("type")
    if declared:
        names = declared if isinstance(declared, list) else [declared]
        ok = tuple(t for n in names for t in (TYPES[n] if isinstance(TYPES[n], tuple)
                                              else (TYPES[n],)))
        assert isinstance(value, ok) and not (isinstance(value, bool) and bool not in ok), where
    if "enum" in schema:
        assert value in schema["enum"], where
    if isinstance(value, dict):
        assert set(schema.get("required", [])) <= value.keys(), where
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check(value[key], sub, doc, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], doc, f"{where}[{i}]")


def publish(w, unit, marks):
    form = sheet_form(unit, marks) if all(isinstance(k, int) for k in marks) else marks
    ops.save_sheet(unit, form, user=w.chief, version=unit.version, key=None)
    ops.confirm(unit, user=w.chief)
    ops.publish(unit, user=w.chief)


def test_nothing_before_publication(client, sw):
    ops.save_sheet(sw.heat, sheet_form(sw.heat, {1: {"mark": "10.83"}, 2: {"mark": "10.9"},
                                                 3: {"mark": "11"}, 4: {"mark": "12"},
                                                 5: {"mark": "13"}}),
                   user=sw.referee, version=sw.heat.version, key="k")
    body = client.get(f"/api/v1/events/{sw.m100.id}/results").get_json()
    assert body["status"] == "not_started" and body["results"] == []
    assert body["rounds"][0]["units"][0]["results"] == []
    assert "10.83" not in str(body)


def test_final_results_with_points_and_statuses(client, sw):
    publish(sw, sw.heat, {1: {"mark": "10.83"}, 2: {"mark": "10.91"}, 3: {"mark": "10.91"},
                          4: {"status": "DNF"}, 5: {"status": "DQ", "rule": "TR16.8"}})
    r = client.get(f"/api/v1/events/{sw.m100.id}/results")
    body = r.get_json()
    assert r.status_code == 200 and body["status"] == "final"
    rows = body["results"]
    assert [x["place"] for x in rows] == [1, 2, 2, None, None]
    assert [x["status"] for x in rows] == ["OK", "OK", "OK", "DNF", "DQ"]
    assert rows[0]["mark"] == "10.83" and rows[3]["mark"] == ""
    # 4 starters (减一录取: 3 places score): 9, then (7 + 6) / 2 shared
    assert [x["points"] for x in rows] == [9, 6.5, 6.5, 0, 0]
    assert rows[0]["bib"] and rows[0]["team"] in ("城关镇工会联合会", "洋口镇工会联合会")
    assert isinstance(rows[0]["team_id"], int)
    heat = body["rounds"][0]["units"][0]
    assert heat["status"] == "published" and len(heat["results"]) == 5
    doc = client.get("/api/v1/openapi.json").get_json()
    check(body, {"$ref": "#/components/schemas/EventResults"}, doc)
    text = r.get_data(as_text=True)
    assert sw.a1.id_number not in text and "13800138000" not in text


def test_match_event_rounds_beside_final_places(client, sw):
    t1, t2, t3 = sw.teams
    for unit in sw.group.units:
        first = unit.slots[0].entry_id
        strong = {t1.id: 3, t2.id: 2, t3.id: 1}
        a, b = (80, 60) if strong[first] > strong[unit.slots[1].entry_id] else (60, 80)
        publish(sw, unit, {"score-1": str(a), "score-2": str(b)})
    body = client.get(f"/api/v1/events/{sw.bb.id}/results").get_json()
    assert [(x["place"], x["entry_id"]) for x in body["results"]] == [
        (1, t1.id), (2, t2.id), (3, t3.id)]
    assert [x["mark"] for x in body["results"]] == ["", "", ""]
    matches = body["rounds"][0]["units"]
    assert len(matches) == 3 and all(m["group"] == "A" for m in matches)
    assert {x["mark"] for m in matches for x in m["results"]} == {"80:60", "60:80"}


def test_unknown_event_is_404(client, sw):
    assert client.get("/api/v1/events/99999/results").status_code == 404
