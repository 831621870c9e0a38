"""Venue lanes in draws: a 6-lane and a 9-lane track with their own lane priority and
unusable lanes, the event's own unusable lanes on top, the groups kept in the draw record
(replay unchanged after the venue changes), the final drawn on the lanes of the venue at
the time, and the organiser's venue page (refused to everyone else, faults by field)."""

import re
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import AuditEntry, Venue
from meet.schedule import advance, operations, queries
from meet.schedule.timetable_setup import set_venue_lanes
from tests.conftest import login
from tests.schedule.helpers import draw_world, result, track_settings


@pytest.fixture
def w(app):
    return draw_world()


def first_heats(event_id):
    return queries.rounds_of(event_id)[0].units


def lanes_by_seed(unit):
    return {s.seed: s.lane for s in unit.slots}


def test_nine_lane_track_draws_its_priority_and_never_an_unusable_lane(w):
    set_venue_lanes(w.track, w.meet, 9, [9], [[4, 5, 6], [3, 7], [2, 8], [1]])
    operations.set_format(w.m100, track_settings(w, unusable=[1]))
    record = operations.draw_event(w.m100, seed=7)
    units = first_heats(w.m100.id)
    assert [len(u.slots) for u in units] == [7, 7, 6]
    for unit in units:
        by_seed = lanes_by_seed(unit)
        assert {by_seed[r] for r in (1, 2, 3)} == {4, 5, 6}
        assert {by_seed[r] for r in (4, 5)} == {3, 7}
        assert not {1, 9} & set(by_seed.values())
    assert record.detail["settings"]["lane_groups"] == [[4, 5, 6], [3, 7], [2, 8]]


def test_six_lane_track_puts_the_top_seeds_in_its_first_group(w):
    set_venue_lanes(w.track, w.meet, 6, [], [[3, 4], [2, 5], [1, 6]])
    operations.set_format(w.m100, track_settings(w, format="final"))
    operations.draw_event(w.m100, seed=3)
    units = first_heats(w.m100.id)
    assert sum(len(u.slots) for u in units) == 20 and all(len(u.slots) <= 6 for u in units)
    for unit in units:
        by_seed = lanes_by_seed(unit)
        assert {by_seed[1], by_seed[2]} == {3, 4} and {by_seed[3], by_seed[4]} == {2, 5}
        assert len(set(by_seed.values())) == len(by_seed)


def test_the_standard_groups_apply_when_the_venue_has_none(w):
    operations.set_format(w.m100, track_settings(w))
    record = operations.draw_event(w.m100, seed=5)
    assert record.detail["settings"]["lane_groups"] == [[3, 4, 5, 6], [7, 8], [1, 2]]
    for unit in first_heats(w.m100.id):
        assert {lanes_by_seed(unit)[r] for r in (1, 2, 3, 4)} <= {3, 4, 5, 6}


def test_a_replay_gives_the_same_lanes_after_the_venue_changes(w):
    set_venue_lanes(w.track, w.meet, 9, [9], [[4, 5, 6], [3, 7], [2, 8], [1]])
    operations.set_format(w.m100, track_settings(w))
    record = operations.draw_event(w.m100, seed=11)
    set_venue_lanes(w.track, w.meet, 8, [1, 2], None)
    check = operations.replay(record)
    assert check.same_as_recorded and check.same_as_current and check.slots == 20


def test_a_redraw_reads_the_venue_again(w):
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=5)
    set_venue_lanes(w.track, w.meet, 8, [8], None)
    record = operations.draw_event(w.m100, seed=5)
    assert record.detail["settings"]["lane_groups"] == [[3, 4, 5], [6, 7], [1, 2]]
    assert 8 not in {s.lane for u in first_heats(w.m100.id) for s in u.slots}


def run_heats(w):
    heats = queries.rounds_of(w.m100.id)[0]
    for h, unit in enumerate(heats.units):
        for p, slot in enumerate(unit.slots, start=1):
            result(slot, p, 11000 + p * 100 + h * 10)
    db.session.commit()
    return heats


def test_the_final_is_drawn_on_the_venue_lanes_of_the_day(w):
    operations.set_format(w.m100, track_settings(w, Q=2, q=1))  # 3 x 2 + 1 = 7 in the final
    operations.draw_event(w.m100, seed=11)
    heats = run_heats(w)
    set_venue_lanes(w.track, w.meet, 8, [4], [[5, 3, 6], [2, 7], [1, 8]])
    assert advance.advance_round(heats, seed=3).filled == 7
    slots = queries.rounds_of(w.m100.id)[1].units[0].slots
    assert 4 not in {s.lane for s in slots} and len({s.lane for s in slots}) == 7
    assert {s.lane for s in slots if s.seed <= 3} == {3, 5, 6}
    record = queries.draw_records(w.m100.id)[0]
    assert record.detail["inputs"]["lane_groups"] == [[5, 3, 6], [2, 7], [1, 8]]
    set_venue_lanes(w.track, w.meet, 8, [], None)
    check = operations.replay(record)
    assert check.same_as_recorded and check.same_as_current


def test_the_final_keeps_the_draw_lanes_when_the_venue_lost_room_for_the_table(w):
    operations.set_format(w.m100, track_settings(w, Q=2, q=2))  # 8 in the final
    operations.draw_event(w.m100, seed=11)
    heats = run_heats(w)
    set_venue_lanes(w.track, w.meet, 8, [1], None)  # 7 lanes left: no room for 8
    assert advance.advance_round(heats, seed=3).filled == 8
    slots = queries.rounds_of(w.m100.id)[1].units[0].slots
    assert Counter(s.qualified_from for s in slots) == {"Q": 6, "q": 2}
    assert sorted(s.lane for s in slots) == list(range(1, 9))


def test_a_final_placed_on_another_track_draws_its_lanes(w):
    operations.set_format(w.m100, track_settings(w, Q=2, q=0))
    operations.draw_event(w.m100, seed=11)
    heats = run_heats(w)
    other = Venue(meet_id=w.meet.id, code="T2", name="副场", kind="track", lanes=6,
                  lane_priority=[[2, 3], [4, 5], [1, 6]], unusable_lanes=[])
    db.session.add(other)
    db.session.flush()
    queries.rounds_of(w.m100.id)[1].units[0].venue_id = other.id
    db.session.commit()
    advance.advance_round(heats, seed=3)
    slots = queries.rounds_of(w.m100.id)[1].units[0].slots
    assert {s.lane for s in slots if s.seed <= 2} == {2, 3}
    assert {s.lane for s in slots} <= set(range(1, 7))


def test_a_priority_needs_a_lane_count_in_the_database(w):
    assert w.track.unusable_lanes == [] and w.track.lane_priority is None
    db.session.add(Venue(meet_id=w.meet.id, code="X", name="X", kind="hall",
                         lane_priority=[[1]]))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_operation_refuses_what_the_form_refuses(w):
    from meet.operations import OperationError

    with pytest.raises(OperationError) as err:
        set_venue_lanes(w.track, w.meet, 8, [], [[3, 4, 5, 6], [7, 8]])
    assert err.value.field == "priority" and "漏了可用的道次1,2" in err.value.message
    with pytest.raises(OperationError) as err:
        set_venue_lanes(w.track, w.meet, 8, list(range(1, 9)), None)
    assert err.value.field == "unusable"
    assert db.session.get(Venue, w.track.id).unusable_lanes == []


# --- the organiser's page ----------------------------------------------------------


def venue_urls(w):
    return [("get", "/schedule/venues"), ("get", f"/schedule/venues/{w.track.id}"),
            ("post", f"/schedule/venues/{w.track.id}")]


@pytest.mark.parametrize("username", ["leader01", "referee01", "chief", "marshal01"])
def test_only_the_organiser_sets_venue_lanes(client, w, username):
    login(client, username)
    for method, url in venue_urls(w):
        response = getattr(client, method)(url, **({"data": {"lanes": "6"}}
                                                   if method == "post" else {}))
        assert response.status_code == 403, url
    assert db.session.get(Venue, w.track.id).lanes == 8


def test_anonymous_is_sent_to_login_from_venue_lanes(client, w):
    for method, url in venue_urls(w):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response.location, url


def test_the_organiser_sets_a_venue_priority_and_unusable_lanes(client, w):
    login(client, "admin")
    listing = client.get("/schedule/venues").get_data(as_text=True)
    assert "3,4,5,6 | 7,8 | 1,2" in listing and "体育场" in listing
    page = client.get(f"/schedule/venues/{w.track.id}").get_data(as_text=True)
    assert 'placeholder="3,4,5,6 | 7,8 | 1,2"' in page
    r = client.post(f"/schedule/venues/{w.track.id}",
                    data={"lanes": "9", "unusable": "9", "priority": "4,5,6｜3,7｜2,8｜1"})
    assert r.status_code == 302
    venue = db.session.get(Venue, w.track.id)
    assert (venue.lanes, venue.unusable_lanes) == (9, [9])
    assert venue.lane_priority == [[4, 5, 6], [3, 7], [2, 8], [1]]
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "schedule.venue_lanes")).first() is not None
    assert "4,5,6 | 3,7 | 2,8 | 1" in client.get("/schedule/venues").get_data(as_text=True)
    draw_page = client.get(f"/draws/events/{w.m100.id}").get_data(as_text=True)
    assert "4,5,6 | 3,7 | 2,8 | 1" in draw_page
    r = client.post(f"/schedule/venues/{w.track.id}",
                    data={"lanes": "8", "unusable": "", "priority": ""})
    venue = db.session.get(Venue, w.track.id)
    assert r.status_code == 302 and venue.lane_priority is None and venue.unusable_lanes == []


@pytest.mark.parametrize("data, message", [
    ({"lanes": "8", "priority": "3,4,5,6 | 7,9 | 1,2,8"}, "道次9不在1—8之间"),
    ({"lanes": "8", "priority": "3,4,5,6 | 6,7,8 | 1,2"}, "道次6出现在两个组里"),
    ({"lanes": "8", "priority": "3,4,5,6 | 7,8"}, "优先顺序漏了可用的道次1,2"),
    ({"lanes": "8", "unusable": "1", "priority": "3,4,5,6 | 7,8 | 1,2"},
     "道次1已设为不可用，不能排在优先顺序里"),
    ({"lanes": "6", "unusable": "1,2,3,4,5,6"}, "不能把所有道次都设为不可用"),
    ({"lanes": "8", "unusable": "甲"}, "“甲”不是道次号"),
    ({"lanes": "", "unusable": "1"}, "请先填写道数"),
    ({"lanes": "40"}, "应在 1 到 16 之间"),
])
def test_bad_venue_lanes_are_explained_next_to_the_field_with_the_input_kept(
        client, w, data, message):
    login(client, "admin")
    r = client.post(f"/schedule/venues/{w.track.id}", data=data)
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and message in body and 'class="error"' in body
    for value in data.values():
        assert f'value="{value}"' in body
    venue = db.session.get(Venue, w.track.id)
    assert (venue.lanes, venue.unusable_lanes, venue.lane_priority) == (8, [], None)


def test_an_event_cannot_leave_out_every_lane_the_venue_has_left(client, w):
    set_venue_lanes(w.track, w.meet, 8, [1, 2, 3, 4, 5, 6], None)
    login(client, "admin")
    r = client.post(f"/draws/events/{w.m100.id}", data={
        "format": "final", "venue_id": w.track.id, "unusable": "7,8", "attempts": "3",
        "best_of": "1", "preset": "generic", "tiebreak_order": "bh_mbh_sb"})
    assert r.status_code == 422 and "不能把所有道次都设为不可用" in r.get_data(as_text=True)


def test_a_superscript_digit_as_an_event_lane_is_explained_not_a_server_error(client, w):
    login(client, "admin")
    r = client.post(f"/draws/events/{w.m100.id}", data={
        "format": "final", "venue_id": w.track.id, "unusable": "²", "attempts": "3",
        "best_of": "1", "preset": "generic", "tiebreak_order": "bh_mbh_sb"})
    assert r.status_code == 422 and "请输入道次号" in r.get_data(as_text=True)


def test_the_public_start_list_shows_the_lanes_drawn_on_the_venue(client, w):
    set_venue_lanes(w.track, w.meet, 9, [9], [[4, 5, 6], [3, 7], [2, 8], [1]])
    operations.set_format(w.m100, track_settings(w, format="final", unusable=[1]))
    operations.draw_event(w.m100, seed=7)
    operations.publish_event(w.m100)
    body = client.get(f"/startlists/events/{w.m100.id}").get_data(as_text=True)
    shown = Counter(int(x) for x in re.findall(r'sl-lane">(\d+)<', body))
    drawn = Counter(s.lane for u in first_heats(w.m100.id) for s in u.slots)
    assert shown == drawn and not {1, 9} & set(shown)
