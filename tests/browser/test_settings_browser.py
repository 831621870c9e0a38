"""The organiser's registration settings in a real browser, on the demo meet: the page fits a
phone and a tablet, and a refused change shows its message next to the field with what was
typed kept. Nothing is saved: the shared demo meet is not changed."""

from __future__ import annotations

import pytest

from tests.browser.conftest import no_horizontal_scroll, shot

pytestmark = pytest.mark.browser


def _login(page, live_server):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("meet-demo")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server}/dashboard")


@pytest.mark.parametrize("device", ["phone", "tablet"])
def test_organiser_sees_and_is_refused_on_the_settings_page(request, live_server, device):
    page = request.getfixturevalue(device)
    _login(page, live_server)
    page.goto(f"{live_server}/registration/progress")
    page.click("a[href='/registration/settings']")
    assert page.locator("h1").inner_text() == "报名设置"
    assert page.locator(".reg-set-group").count() >= 2
    assert no_horizontal_scroll(page)
    shot(page, f"registration-settings-{device}")
    page.fill("#max_events_per_athlete", "0")
    page.fill("#groups-0-max_age", "200")
    page.get_by_role("button", name="保存设置").click()
    assert page.locator("#max_events_per_athlete-error").inner_text() == "至少为 1。"
    assert page.locator("#max_events_per_athlete").input_value() == "0"
    assert "0–120" in page.locator("#groups-0-max_age-error").inner_text()
    assert no_horizontal_scroll(page)
    shot(page, f"registration-settings-refused-{device}")


@pytest.mark.parametrize("device", ["phone", "tablet"])
def test_staff_limits_and_joint_team_pages_refuse_next_to_the_field(request, live_server,
                                                                    device):
    page = request.getfixturevalue(device)
    _login(page, live_server)
    page.goto(f"{live_server}/registration/settings")
    assert page.locator("#leader_min").input_value() == "1"
    page.fill("#coach_min", "3")
    page.fill("#coach_max", "2")
    page.get_by_role("button", name="保存设置").click()
    assert "不能少于最少人数" in page.locator("#coach_max-error").inner_text()
    assert page.locator("#coach_min").input_value() == "3"
    assert no_horizontal_scroll(page)
    shot(page, f"registration-staff-limits-refused-{device}")
    page.goto(f"{live_server}/registration/progress")
    page.locator("table a").first.click()
    page.get_by_role("link", name="联队设置").click()
    assert page.locator("h1").inner_text() == "联队设置"
    page.check("#joint")
    page.fill("#units", "只有一个单位")
    page.get_by_role("button", name="保存").click()
    assert "至少由 2 个单位组成" in page.locator("#units-error").inner_text()
    assert page.locator("#units").input_value() == "只有一个单位"
    assert no_horizontal_scroll(page)
    shot(page, f"registration-joint-refused-{device}")
