"""The public timetable on a phone and the organiser's timetable on a tablet (read
only: the demo meet is shared by the suite)."""

import pytest

from tests.browser.conftest import no_horizontal_scroll, shot

pytestmark = pytest.mark.browser


def test_public_timetable_on_a_phone(phone, live_server):
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(live_server + "/timetable?day=2027-05-01")
    assert phone.get_by_role("heading", name="竞赛日程").is_visible()
    assert phone.get_by_text("男子青年组100米").first.is_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, "timetable-day-phone")
    day = phone.get_by_role("link", name="5月3日")
    box = day.bounding_box()
    assert box["height"] >= 44  # a thumb can hit it
    day.click()
    phone.wait_for_url("**day=2027-05-03")
    assert phone.get_by_text("男女混合拔河").first.is_visible()
    first = phone.locator("details.tt-people summary").first
    first.click()
    assert phone.locator("details.tt-people[open] .tt-names li").count() >= 2
    shot(phone, "timetable-day3-phone")
    phone.get_by_role("link", name="01 双溪").click()
    assert phone.get_by_role("heading", name="双溪街道工会联合会").is_visible()
    assert phone.get_by_role("link", name="订阅到手机日历（iCalendar）").is_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, "timetable-delegation-phone")
    phone.get_by_label("号码布").fill("0000")
    phone.get_by_role("button", name="查询").click()
    assert phone.get_by_text("没有找到号码为 0000 的运动员").is_visible()
    phone.goto(live_server + "/timetable/now?at=2027-05-01T09:00")
    assert phone.get_by_role("heading", name="各场地下一项").is_visible()
    shot(phone, "timetable-now-phone")
    assert errors == []


def test_organiser_sees_the_timetable_on_a_tablet(tablet, live_server):
    tablet.goto(live_server + "/login")
    tablet.get_by_label("用户名").fill("admin")
    tablet.get_by_label("密码").fill("meet-demo")
    tablet.get_by_role("button", name="登录").click()
    tablet.goto(live_server + "/schedule/timetable")
    assert tablet.get_by_role("button", name="一键自动编排").is_visible()
    assert tablet.locator(".stat-value").nth(3).inner_text() == "0"  # no conflict
    assert no_horizontal_scroll(tablet)
    shot(tablet, "timetable-admin-tablet")
    tablet.locator("a.button", has_text="调整").first.click()
    assert tablet.get_by_role("heading", name="调整比赛时间").is_visible()
    shot(tablet, "timetable-move-tablet")
