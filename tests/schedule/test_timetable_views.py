"""Timetable pages: only the organiser schedules, moves, sets hours and publishes (403
for everyone else, /login for anonymous); a refused move shows the athletes concerned
and keeps what was typed; the public pages by day, venue, now, delegation and bib."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, Unit
from meet.schedule import jobs
from meet.schedule import timetable as ops
from meet.schedule.problem import local
from tests.conftest import login

ORGANISER_ONLY = [
    ("get", "/schedule/timetable"),
    ("post", "/schedule/timetable/run"),
    ("get", "/schedule/timetable/settings"),
    ("post", "/schedule/timetable/settings"),
    ("get", "/schedule/timetable/hours"),
    ("post", "/schedule/timetable/hours"),
    ("get", "/schedule/timetable/event-venues"),
    ("get", "/schedule/order-book"),
    ("post", "/schedule/order-book/publish"),
    ("post", "/schedule/order-book/build"),
]


def unit_routes(unit_id: int) -> list[tuple[str, str]]:
    return [("get", f"/schedule/units/{unit_id}/move"),
            ("post", f"/schedule/units/{unit_id}/move"),
            ("post", f"/schedule/units/{unit_id}/pin"),
            ("post", f"/schedule/units/{unit_id}/unschedule")]


@pytest.mark.parametrize("username", ["leader01", "referee01", "chief", "marshal01"])
def test_only_the_organiser_schedules(client, sched, username):
    unit = db.session.scalars(select(Unit)).first()
    login(client, username)
    for method, url in ORGANISER_ONLY + unit_routes(unit.id):
        assert getattr(client, method)(url).status_code == 403, url
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action.like("schedule.%"))).first() is None


def test_anonymous_is_sent_to_login(client, sched):
    for method, url in ORGANISER_ONLY:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response.location, url


def test_organiser_page_lists_units_and_runs_the_scheduler(client, sched):
    login(client, "admin")
    page = client.get("/schedule/timetable")
    assert page.status_code == 200 and "一键自动编排" in page.text
    started = client.post("/schedule/timetable/run", headers={"Accept": "application/json"})
    assert started.status_code == 202
    job = started.get_json()
    jobs.wait_for(job["id"])
    status = client.get(job["url"]).get_json()
    assert status["state"] == "done" and status["percent"] == 100
    assert status["result"]["unplaced"] == []
    page = client.get("/schedule/timetable").text
    assert "男子100米" in page and "上次自动编排" in page


def test_refused_move_names_the_athletes_and_keeps_the_form(client, sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    heat = db.session.scalars(select(Unit).where(Unit.event_id == sched.m100.id)
                              .order_by(Unit.id)).first()
    other = db.session.scalars(select(Unit).where(Unit.event_id == sched.m100.id)
                               .order_by(Unit.id)).all()[1]
    start = local(other.starts_at)
    login(client, "admin")
    form = {"venue_id": sched.track.id, "court": "", "day": start.date().isoformat(),
            "start": start.strftime("%H:%M"), "reason": ""}
    page = client.post(f"/schedule/units/{heat.id}/move", data=form)
    assert page.status_code == 200
    assert "这样调整会造成以下冲突" in page.text and "场地超出容量" in page.text
    assert f'value="{start.strftime("%H:%M")}"' in page.text
    db.session.refresh(heat)
    assert not heat.pinned
    form.update(override="y", reason="领导要求")
    done = client.post(f"/schedule/units/{heat.id}/move", data=form)
    assert done.status_code == 302
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "schedule.move_override")).one().reason == "领导要求"


def test_bad_input_gets_a_message_next_to_the_field(client, sched):
    login(client, "admin")
    heat = db.session.scalars(select(Unit)).first()
    page = client.post(f"/schedule/units/{heat.id}/move",
                       data={"venue_id": sched.track.id, "day": "2027-05-01", "start": "25:99"})
    assert page.status_code == 200 and 'aria-invalid="true"' in page.text
    assert 'value="2027-05-01"' in page.text
    hours = client.post("/schedule/timetable/hours", data={
        "venue_id": sched.track.id, "day": "2027-05-02", "session": "evening",
        "opens": "21:00", "closes": "19:00"})
    assert "结束时间须晚于开始时间" in hours.text and 'value="21:00"' in hours.text
    settings = client.post("/schedule/timetable/settings", data={
        "rest_minutes": "-5", "round_gap": "30", "final_gap": "60", "solver_seconds": "5",
        "durations": "M100=6", "order_book_sort": "strokes"})
    assert settings.status_code == 200 and "应在 0 到 600 之间" in settings.text


def test_public_pages_by_day_venue_now_delegation_and_bib(client, sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    first = db.session.scalars(select(Unit).order_by(Unit.starts_at)).first()
    start = local(first.starts_at)
    day = client.get(f"/timetable?day={start.date().isoformat()}")
    assert day.status_code == 200 and "男子100米" in day.text
    assert client.get(f"/timetable/venues/{sched.track.id}").status_code == 200
    now = client.get(f"/timetable/now?at={start.replace(tzinfo=None).isoformat()}")
    assert now.status_code == 200 and first.event.name in now.text
    team = client.get(f"/timetable/delegations/{sched.d1.id}")
    assert team.status_code == 200 and "男子4×100米接力" in team.text
    athlete = client.get("/timetable/athlete?bib=103")
    assert athlete.status_code == 200 and "跑者03" in athlete.text
    missing = client.get("/timetable/athlete?bib=999")
    assert "没有找到号码为 999 的运动员" in missing.text
    assert sched.a1.id_number not in day.text + team.text + athlete.text
    assert client.get("/timetable/venues/99999").status_code == 404
    assert client.get("/timetable/delegations/99999").status_code == 404


def test_ical_feed_is_valid_rfc5545(client, sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    feed = client.get(f"/api/v1/teams/{sched.d1.id}/schedule.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    text = feed.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") >= 3
    starts = [line for line in lines if line.startswith("DTSTART:")]
    assert all(dt.datetime.strptime(s[8:], "%Y%m%dT%H%M%SZ") for s in starts)
    assert "男子4×100米接力" in text.replace("\r\n ", "")
    assert client.get("/api/v1/teams/99999/schedule.ics").status_code == 404


def test_durations_are_named_in_chinese_not_by_internal_keys(client, sched):
    """The settings page listed "sprint_heat relay_heat … guandan match" as its help."""
    login(client, "admin")
    page = client.get("/schedule/timetable/settings").text
    assert "sprint_heat" not in page and "短跑每组 6" in page and "篮球每场 60" in page
    r = client.post("/schedule/timetable/settings", data={
        "rest_minutes": "30", "round_gap": "0", "final_gap": "60", "solver_seconds": "5",
        "durations": "篮球每场=50\nM100=7", "order_book_sort": "strokes"})
    assert r.status_code == 302
    s = db.session.get(type(sched.meet), sched.meet.id)
    from meet.schedule.problem import default_settings

    assert default_settings(s).durations == {"basketball": 50, "M100": 7}
    again = client.get("/schedule/timetable/settings").text
    assert "篮球每场=50" in again and "basketball" not in again.split("<textarea")[1].split(
        "</textarea>")[0]


def test_the_referee_list_is_typed_once_kept_and_printed_with_names(client, sched):
    """The order book's 裁判员名单 printed the referee accounts ("田径裁判", "总裁判"),
    never a referee's name."""
    from meet.schedule.orderbook_data import gather
    from meet.schedule.orderbook_parts import organisation

    login(client, "admin")
    data = {"rest_minutes": "30", "round_gap": "0", "final_gap": "60", "solver_seconds": "5",
            "durations": "", "order_book_sort": "strokes",
            "referees": "总裁判长：罗国华\n径赛裁判长：蔡建明、魏东升"}
    bad = client.post("/schedule/timetable/settings", data={**data, "rest_minutes": "x"})
    assert bad.status_code == 200 and "罗国华" in bad.text  # kept next to the error
    assert client.post("/schedule/timetable/settings", data=data).status_code == 302
    assert "径赛裁判长：蔡建明、魏东升" in client.get("/schedule/timetable/settings").text
    flowables = organisation(gather(db.session.get(type(sched.meet), sched.meet.id)))
    text = " ".join(getattr(f, "text", "") or str(getattr(f, "_cellvalues", ""))
                    for f in flowables)
    assert "罗国华" in text and "蔡建明、魏东升" in text and "执裁分工" in text
