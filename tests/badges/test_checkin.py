"""Call-room check-in: outcomes, refusals, and the referee's start list."""

from __future__ import annotations

import pytest

from meet.badges import operations as ops
from meet.badges.checkin import check_in
from meet.extensions import db
from meet.models import AuditEntry, CheckIn
from meet.operations import OperationError
from tests.badges.helpers import heats
from tests.conftest import login


@pytest.fixture
def w(world):
    return heats(world)


def test_scan_checks_in_and_keeps_who_when(w):
    token = ops.issue_badge(w.meet, person=w.a1).token
    result = check_in(w.heat1, by=w.marshal, code=f"http://x/badge/{token}")
    assert result.status == "ok" and result.person.id == w.a1.id
    row = db.session.scalars(db.select(CheckIn)).one()
    assert (row.unit_id, row.person_id, row.by_user_id, row.method) == \
        (w.heat1.id, w.a1.id, w.marshal.id, "scan")
    assert db.session.scalar(db.select(AuditEntry.action).where(
        AuditEntry.action == "checkin.create")) == "checkin.create"


def test_second_scan_is_already(w):
    check_in(w.heat1, by=w.marshal, bib="0101")
    again = check_in(w.heat1, by=w.marshal, bib="0101")
    assert again.status == "already" and again.at is not None
    assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 1


def test_wrong_heat_names_the_right_one(w):
    result = check_in(w.heat1, by=w.marshal, bib="0201")
    assert result.status == "wrong_unit"
    assert [u.id for u in result.right_units] == [w.heat2.id]
    assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 0


def test_not_entered(w):
    token = ops.issue_badge(w.meet, person=w.a4).token
    assert check_in(w.heat1, by=w.marshal, code=token).status == "not_entered"


@pytest.mark.parametrize("code, bib", [("AAAAAAAAAAAA", ""), ("garbage", ""), ("", "9999")])
def test_invalid_badge_or_bib(w, code, bib):
    assert check_in(w.heat1, by=w.marshal, code=code, bib=bib).status == "invalid"


def test_revoked_badge_is_invalid_at_the_call_room(w):
    old = ops.issue_badge(w.meet, person=w.a1).token
    new = ops.reissue_badge(w.meet, person=w.a1, reason="遗失").token
    assert check_in(w.heat1, by=w.marshal, code=old).status == "invalid"
    assert check_in(w.heat1, by=w.marshal, code=new).status == "ok"


def test_official_badge_is_not_an_athlete(w):
    token = ops.issue_badge(w.meet, user=w.referee).token
    assert check_in(w.heat1, by=w.marshal, code=token).status == "invalid"


def test_only_marshal_or_organiser_check_in(w):
    for user in (w.referee, w.chief, w.leader1):
        with pytest.raises(OperationError):
            check_in(w.heat1, by=user, bib="0101")
    assert check_in(w.heat1, by=w.admin, bib="0101").status == "ok"


def test_empty_input_is_refused(w):
    with pytest.raises(OperationError) as e:
        check_in(w.heat1, by=w.marshal, code=" ", bib="")
    assert e.value.field == "bib"


def test_json_endpoint_and_referee_start_list(client, w):
    login(client, "marshal01")
    r = client.post(f"/call-room/{w.heat1.id}/check-in", json={"bib": "0101"})
    assert r.status_code == 200 and r.get_json()["status"] == "ok"
    assert r.get_json()["person"]["name"] == "李明"
    r = client.post(f"/call-room/{w.heat1.id}/check-in", json={"bib": "0201"})
    body = r.get_json()
    assert body["status"] == "wrong_unit" and "第2组" in body["right_units"][0]["title"]
    r = client.post(f"/call-room/{w.heat1.id}/check-in", json={"code": 5})
    assert r.status_code == 422 and r.get_json()["field"] == "bib"
    client.post("/logout")
    login(client, "referee01")
    data = client.get(f"/call-room/{w.heat1.id}/start-list.json").get_json()
    assert data["checked_in"] == 1 and data["athletes"] == 1
    athlete = data["slots"][0]["athletes"][0]
    assert athlete["checked_in"] and athlete["name"] == "李明"
    assert "id_number" not in str(data) and w.a1.id_number not in str(data)


def test_bib_form_without_javascript(client, w):
    login(client, "marshal01")
    r = client.post(f"/call-room/{w.heat1.id}/check-in", data={"bib": "0101"})
    assert r.status_code == 200 and "检录成功" in r.text
    r = client.post(f"/call-room/{w.heat1.id}/check-in", data={"bib": ""})
    assert r.status_code == 422 and "请扫描证件二维码或输入号码布" in r.text
    r = client.post(f"/call-room/{w.heat1.id}/check-in", data={"bib": "12345678901"})
    assert r.status_code == 422 and 'value="12345678901"' in r.text


@pytest.mark.parametrize("who, status", [("referee01", 403), ("leader01", 403),
                                         ("chief", 403)])
def test_others_cannot_check_in(client, w, who, status):
    login(client, who)
    r = client.post(f"/call-room/{w.heat1.id}/check-in", json={"bib": "0101"})
    assert r.status_code == status
    assert client.get(f"/call-room/{w.heat1.id}").status_code == status
    assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 0


def test_leader_cannot_read_start_list_json(client, w):
    login(client, "leader01")
    assert client.get(f"/call-room/{w.heat1.id}/start-list.json").status_code == 403
    client.post("/logout")
    assert client.get(f"/call-room/{w.heat1.id}/start-list.json").status_code == 302


def test_call_room_pages(client, w):
    login(client, "marshal01")
    r = client.get("/call-room")
    assert r.status_code == 200 and "男子100米 预赛 第1组" in r.text
    r = client.get(f"/call-room/{w.heat1.id}")
    assert r.status_code == 200 and "李明" in r.text and "jsQR.js" in r.text
    assert client.get("/call-room/9999").status_code == 404


def _statements(client, url: str) -> int:
    from sqlalchemy import event

    seen = []

    def count(*_args):
        seen.append(1)

    db.session.expire_all()  # as in a fresh request of another worker
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_start_list_reads_the_same_few_queries_whatever_the_unit_size(client, w):
    """The referee's tablet polls the start list every 3 s: no query per athlete (the
    meet-day load found 51 for one team match, most of a worker's time)."""
    from meet.models import UnitSlot
    from tests import factories

    login(client, "referee01")
    url = f"/call-room/{w.heat1.id}/start-list.json"
    one_lane = _statements(client, url)
    for lane, bib in enumerate(("0102", "0103", "0104"), 5):
        runner = factories.person(w.meet, w.d1, f"选手{lane}", "M", bib=bib)
        entry = factories.entry(w.m100, w.d1, runner)
        db.session.add(UnitSlot(unit_id=w.heat1.id, entry_id=entry.id, position=lane - 3,
                                lane=lane))
    db.session.commit()
    assert len(client.get(url).get_json()["slots"]) == 4
    assert _statements(client, url) == one_lane
    login(client, "marshal01")
    assert _statements(client, f"/call-room/{w.heat1.id}") <= one_lane + 8


def test_unit_times_are_china_time_on_every_page(client, w):
    """A heat at 08:00 showed as 16:00 on the home page and the big screen (SQLite) and
    as 00:00 in the call room (PostgreSQL)."""
    import datetime as dt

    from meet.schedule.problem import CST

    w.heat1.starts_at = dt.datetime(2027, 5, 1, 8, 0, tzinfo=CST)
    w.heat1.ends_at = dt.datetime(2027, 5, 1, 8, 6, tzinfo=CST)
    db.session.commit()
    db.session.expire_all()
    for path in ("/", "/bigscreen"):
        page = client.get(path).text
        assert "05-01 08:00" in page and "05-01 16:00" not in page, path
    login(client, "marshal01")
    for path in ("/call-room?day=all", f"/call-room/{w.heat1.id}"):
        page = client.get(path).text
        assert "05-01 08:00" in page and "05-01 00:00" not in page, path
    page = client.get("/call-room?day=2027-05-01").text  # one day: the time alone
    line = page[page.index("男子100米 预赛 第1组"):][:300]
    assert "08:00" in line and "00:00" not in line and "05-01" not in line


def test_call_room_list_reads_the_same_few_queries_whatever_the_events(client, w):
    """The marshal's list loaded each unit's event and round one query at a time
    (557 ms inside the worker on the meet-day load)."""
    from meet.models import Round, Unit
    from tests import factories

    login(client, "marshal01")
    few = _statements(client, "/call-room")
    for n in range(4):
        ev = factories.event(w.meet, w.cat, f"X{n}", name=f"项目{n}", sort_order=10 + n)
        rnd = Round(event_id=ev.id, number=1, name="决赛", stage="final")
        db.session.add(rnd)
        db.session.flush()
        db.session.add(Unit(round_id=rnd.id, event_id=ev.id, number=1, label="决赛"))
    db.session.commit()
    page = client.get("/call-room").text
    assert "项目3 决赛" in page and "项目3 决赛 决赛" not in page
    assert _statements(client, "/call-room") == few


def test_call_room_lists_each_unit_once_when_an_event_has_heats_and_a_final(client, w):
    """The eager load joined rounds through the event, not the unit: an event with two
    rounds returned every unit twice and the list answered 500 (CI, route sweep)."""
    from meet.models import Round, Unit
    from tests import factories

    ev = factories.event(w.meet, w.cat, "Y1", name="两轮项目", sort_order=20)
    heats_round = Round(event_id=ev.id, number=1, name="预赛", stage="heats")
    final_round = Round(event_id=ev.id, number=2, name="决赛", stage="final")
    db.session.add_all([heats_round, final_round])
    db.session.flush()
    db.session.add_all([Unit(round_id=heats_round.id, event_id=ev.id, number=1, label="第1组"),
                        Unit(round_id=final_round.id, event_id=ev.id, number=1, label="决赛")])
    db.session.commit()
    login(client, "marshal01")
    response = client.get("/call-room")
    assert response.status_code == 200
    assert response.text.count("两轮项目 预赛 第1组") + response.text.count(
        "两轮项目 第1组") == 1
    assert response.text.count("两轮项目 决赛") == 1


def _timed_heats(w):
    """Heat 1 on 1 May at the stadium, heat 2 on 2 May at the field, and a heat 3 not
    timed yet."""
    import datetime as dt

    from meet.models import Unit, Venue
    from meet.schedule.problem import CST

    stadium = Venue(meet_id=w.meet.id, code="S", name="体育场", kind="track", sort_order=1)
    field = Venue(meet_id=w.meet.id, code="F", name="田赛场", kind="field", sort_order=2)
    db.session.add_all([stadium, field])
    db.session.flush()
    w.heat1.starts_at, w.heat1.venue_id = dt.datetime(2027, 5, 1, 9, 0, tzinfo=CST), stadium.id
    w.heat2.starts_at, w.heat2.venue_id = dt.datetime(2027, 5, 2, 9, 0, tzinfo=CST), field.id
    w.heat3 = Unit(round_id=w.heat1.round_id, event_id=w.m100.id, number=3, label="第3组")
    db.session.add(w.heat3)
    db.session.commit()
    w.stadium, w.field = stadium, field
    return w


def _listed(page: str) -> list[str]:
    return [n for n in ("第1组", "第2组", "第3组") if f"男子100米 预赛 {n}" in page]


def test_call_room_opens_on_today_or_the_next_day_with_units(w):
    """The marshal saw every unfinished unit of the meet on one page (470 in the demo)."""
    import datetime as dt

    from meet.badges.callroom_list import ALL, UNTIMED, call_room_list

    w = _timed_heats(w)
    on = call_room_list(w.meet, today=dt.date(2027, 5, 2))
    assert (on.day, [u.id for u in on.units]) == (dt.date(2027, 5, 2), [w.heat2.id])
    assert on.days == [dt.date(2027, 5, 1), dt.date(2027, 5, 2)] and on.untimed == 1
    before = call_room_list(w.meet, today=dt.date(2027, 4, 20))  # the next day with units
    assert [u.id for u in before.units] == [w.heat1.id]
    after = call_room_list(w.meet, today=dt.date(2027, 5, 9))  # after the meet: its last day
    assert [u.id for u in after.units] == [w.heat2.id]
    untimed = call_room_list(w.meet, UNTIMED)
    assert (untimed.day, [u.id for u in untimed.units]) == (UNTIMED, [w.heat3.id])
    every = call_room_list(w.meet, ALL)
    assert [u.id for u in every.units] == [w.heat1.id, w.heat2.id, w.heat3.id]
    unknown = call_room_list(w.meet, dt.date(2030, 1, 1), today=dt.date(2027, 5, 1))
    assert [u.id for u in unknown.units] == [w.heat1.id]  # not an empty page
    w.heat1.status = "published"  # a finished unit leaves the list, and so does its day
    db.session.commit()
    assert call_room_list(w.meet, today=dt.date(2027, 5, 1)).days == [dt.date(2027, 5, 2)]


def test_call_room_pages_by_day_and_venue_and_back_from_a_unit(client, w):
    w = _timed_heats(w)
    login(client, "marshal01")
    page = client.get("/call-room?day=all").text
    assert _listed(page) == ["第1组", "第2组", "第3组"]
    assert "5月1日" in page and "5月2日" in page and "未排时间" in page
    assert "体育场" in page and "田赛场" in page  # venue tabs
    page = client.get(f"/call-room?day=all&venue={w.field.id}").text
    assert _listed(page) == ["第2组"]
    assert _listed(client.get("/call-room?day=2027-05-01").text) == ["第1组"]
    assert _listed(client.get("/call-room?day=untimed").text) == ["第3组"]
    empty = client.get(f"/call-room?day=2027-05-01&venue={w.field.id}")
    assert empty.status_code == 200 and _listed(empty.text) == ["第1组"]  # no such venue that day
    unit_page = client.get(f"/call-room/{w.heat2.id}").text
    assert f'href="/call-room?day=2027-05-02&amp;venue={w.field.id}"' in unit_page
    assert client.get("/call-room?day=not-a-day&venue=x").status_code == 200
