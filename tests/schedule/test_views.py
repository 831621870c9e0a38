"""Draw pages and start lists: who may do what, what the public sees, bad input."""

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import DrawRecord, Event, RoundStatus
from meet.schedule import operations, queries
from tests.conftest import login
from tests.schedule.helpers import draw_world, track_settings


@pytest.fixture
def w(app):
    return draw_world()


def drawn(w, publish=False):
    operations.set_format(w.m100, track_settings(w))
    record = operations.draw_event(w.m100, seed=42)
    if publish:
        operations.publish_event(w.m100)
    return record


ORGANISER_POSTS = ["/draws/all", "/draws/publish-all", "/draws/events/{id}",
                   "/draws/events/{id}/draw", "/draws/events/{id}/publish"]


@pytest.mark.parametrize("user", ["leader01", "referee01", "chief", "marshal01"])
def test_only_the_organiser_draws_and_publishes(client, w, user):
    login(client, user)
    for url in ["/draws", "/draws/events/{id}", "/draws/progress.json"]:
        assert client.get(url.format(id=w.m100.id)).status_code == 403
    for url in ORGANISER_POSTS:
        assert client.post(url.format(id=w.m100.id)).status_code == 403
    assert queries.first_round(w.m100.id) is None


def test_anonymous_is_sent_to_login(client, w):
    r = client.post(f"/draws/events/{w.m100.id}/draw")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_unpublished_start_lists_are_404_for_the_public_and_the_api(client, w):
    record = drawn(w)
    for url in [f"/startlists/events/{w.m100.id}", f"/api/v1/events/{w.m100.id}/startlist",
                f"/startlists/draws/{record.id}"]:
        assert client.get(url).status_code == 404
    login(client, "leader01")
    assert client.get(f"/startlists/events/{w.m100.id}").status_code == 404
    body = client.get(f"/startlists/delegations/{w.d1.id}").get_data(as_text=True)
    assert "选手00" not in body


def test_the_organiser_previews_an_unpublished_start_list(client, w):
    drawn(w)
    login(client, "admin")
    body = client.get(f"/startlists/events/{w.m100.id}").get_data(as_text=True)
    assert "预览" in body and "选手00" in body


def test_a_published_start_list_is_public_with_heats_lanes_and_the_seed(client, w):
    record = drawn(w, publish=True)
    body = client.get(f"/startlists/events/{w.m100.id}").get_data(as_text=True)
    assert "第1组" in body and "选手00" in body and str(record.seed) in body
    assert w.people[0].id_number not in body and w.people[0].phone not in body
    replay = client.get(f"/startlists/draws/{record.id}").get_data(as_text=True)
    assert 'data-replay="ok"' in replay
    mine = client.get(f"/startlists/delegations/{w.d1.id}").get_data(as_text=True)
    assert "选手00" in mine and "第" in mine and "道" in mine


def test_the_startlist_api_matches_its_schema_and_holds_no_personal_data(client, w):
    drawn(w, publish=True)
    r = client.get(f"/api/v1/events/{w.m100.id}/startlist")
    data = r.get_json()
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    assert set(schemas["StartList"]["required"]) <= data.keys()
    heats = data["rounds"][0]
    assert heats["stage"] == "heats" and len(heats["units"]) == 3
    slot_schema = schemas["StartListSlot"]
    types = {"integer": int, "string": str, "array": list, "null": type(None)}
    for unit in heats["units"]:
        assert len({s["lane"] for s in unit["slots"]}) == len(unit["slots"])
        for slot in unit["slots"]:
            assert set(slot_schema["required"]) <= slot.keys()
            for key, value in slot.items():
                declared = slot_schema["properties"][key]["type"]
                declared = declared if isinstance(declared, list) else [declared]
                assert isinstance(value, tuple(types[t] for t in declared)), key
            assert slot["bibs"] and slot["names"]
    body = r.get_data(as_text=True)
    assert all(p.id_number not in body and p.phone not in body for p in w.people)
    assert client.get("/api/v1/events/99999/startlist").status_code == 404


def test_the_organiser_draws_and_publishes_from_the_pages(client, w):
    login(client, "admin")
    assert client.get("/draws").status_code == 200
    r = client.post(f"/draws/events/{w.m100.id}/draw", data={"next": "dashboard"})
    assert r.status_code == 302
    assert queries.first_round(w.m100.id).status == RoundStatus.DRAWN.value
    client.post(f"/draws/events/{w.m100.id}/publish")
    assert queries.first_round(w.m100.id).status == RoundStatus.PUBLISHED.value
    page = client.get(f"/draws/events/{w.m100.id}").get_data(as_text=True)
    assert "重新抽签" in page and "随机种子" in page


def test_a_redraw_of_a_published_list_without_a_reason_is_explained_next_to_the_field(
        client, w):
    drawn(w, publish=True)
    login(client, "admin")
    r = client.post(f"/draws/events/{w.m100.id}/draw", data={"reason": "  "})
    assert r.status_code == 422 and "必须填写原因" in r.get_data(as_text=True)
    assert len(queries.draw_records(w.m100.id)) == 1
    r = client.post(f"/draws/events/{w.m100.id}/draw", data={"reason": "漏报补录"})
    assert r.status_code == 302 and len(queries.draw_records(w.m100.id)) == 2


def test_bad_format_input_keeps_what_was_typed_and_says_why(client, w):
    login(client, "admin")
    r = client.post(f"/draws/events/{w.m100.id}", data={
        "format": "heats_final", "venue_id": w.track.id, "Q": "abc", "q": "2",
        "unusable": "9", "attempts": "3", "best_of": "1", "preset": "generic",
        "tiebreak_order": "bh_mbh_sb"})
    body = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "该场地没有这条道" in body and 'value="9"' in body and 'value="2"' in body
    assert queries.first_round(w.m100.id) is None


def test_a_format_the_entries_cannot_fill_is_refused_on_the_page(client, w):
    login(client, "admin")
    client.post(f"/draws/events/{w.m100.id}", data={
        "format": "heats_final", "venue_id": w.track.id, "Q": "3", "q": "4",
        "attempts": "3", "best_of": "1", "preset": "generic", "tiebreak_order": "bh_mbh_sb"})
    r = client.post(f"/draws/events/{w.m100.id}/draw")
    assert r.status_code == 422 and "决赛只有8条道" in r.get_data(as_text=True)


def test_edge_cases_are_explained_not_500(client, w):
    login(client, "admin")
    page = client.get(f"/draws/events/{w.empty.id}").get_data(as_text=True)
    assert "还没有报名" in page
    client.post(f"/draws/events/{w.m100.id}", data={
        "format": "final", "venue_id": w.hall.id, "attempts": "3", "best_of": "1",
        "preset": "generic", "tiebreak_order": "bh_mbh_sb"})
    client.post(f"/draws/events/{w.m100.id}/draw")
    page = client.get(f"/draws/events/{w.m100.id}").get_data(as_text=True)
    assert "场地未设道数" in page
    client.post(f"/draws/events/{w.badminton.id}/draw")
    page = client.get(f"/draws/events/{w.badminton.id}").get_data(as_text=True)
    assert "轮空" in page and "bracket" in page


def test_draw_all_draws_every_event_in_one_click(client, w):
    login(client, "admin")
    r = client.post("/draws/all")
    assert r.status_code == 302
    states = queries.event_states(w.meet.id)
    events = db.session.scalars(select(Event).where(Event.meet_id == w.meet.id)).all()
    assert all(states.get(e.id) == "drawn" for e in events)
    progress = client.get("/draws/progress.json").get_json()
    assert progress["drawn"] == len(events) and progress["running"] is False
    client.post("/draws/publish-all")
    assert set(queries.event_states(w.meet.id).values()) == {"published"}


def test_the_demo_meet_is_drawn_published_and_replays(demo):
    records = db.session.scalars(select(DrawRecord).where(DrawRecord.kind != "advance")).all()
    events = db.session.scalars(select(Event)).all()
    assert len(records) == len(events) == 37  # one draw per event; next rounds are "advance"
    # every start list public; the events the demo's results finished are complete
    assert set(queries.event_states(events[0].meet_id).values()) == {"published", "complete"}
    for record in records:
        check = operations.replay(record)
        assert check.same_as_recorded and check.same_as_current, record.id
