"""The home page and the login journey in a real browser, at phone and tablet width."""

import pytest

from tests.browser.conftest import no_horizontal_scroll, shot

pytestmark = pytest.mark.browser


def test_home_renders_in_chinese_at_phone_width(phone, live_server):
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(live_server + "/")
    assert phone.locator("html").get_attribute("lang") == "zh-CN"
    assert "第四届职工运动会" in phone.locator("h1").inner_text()
    assert phone.get_by_text("团结、拼搏、健身、和谐").first.is_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, "home-phone")
    assert errors == []  # no CSP violation, no missing asset


def test_language_switch_in_the_browser(phone, live_server):
    phone.goto(live_server + "/")
    phone.get_by_role("link", name="English").click()
    phone.wait_for_url(live_server + "/")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("heading", name="Delegations").is_visible()
    phone.goto(live_server + "/login")
    assert phone.get_by_role("heading", name="Log in").is_visible()
    phone.get_by_role("link", name="中文").click()
    phone.wait_for_url(live_server + "/login")  # back where it was, no JavaScript needed
    assert phone.locator("html").get_attribute("lang") == "zh-CN"


@pytest.mark.parametrize("username, heading", [
    ("admin", "组委会工作台"), ("leader01", "双溪"), ("referee01", "裁判工作台"),
    ("chief", "总裁判工作台"), ("marshal01", "检录工作台"),
])
def test_each_demo_role_logs_in_on_a_tablet(tablet, live_server, username, heading):
    tablet.goto(live_server + "/login")
    tablet.get_by_label("用户名").fill(username)
    tablet.get_by_label("密码").fill("meet-demo")
    tablet.get_by_role("button", name="登录").click()
    tablet.wait_for_url(live_server + "/dashboard")
    assert heading in tablet.locator("h1").inner_text()
    assert no_horizontal_scroll(tablet)
    shot(tablet, f"dashboard-{username}-tablet")


def test_wrong_password_message_next_to_the_field_on_a_phone(phone, live_server):
    phone.goto(live_server + "/login")
    phone.get_by_label("用户名").fill("admin")
    phone.get_by_label("密码").fill("not-it")
    phone.get_by_role("button", name="登录").click()
    assert phone.locator(".field.has-error .error").inner_text() == "用户名或密码不正确。"
    assert phone.get_by_label("用户名").input_value() == "admin"
    shot(phone, "login-error-phone")


def test_a_signed_in_phone_folds_its_own_links_under_the_menu(phone, tablet, live_server):
    """The organiser's menu took 226 px of a 844 px phone screen before any content."""
    for page in (phone, tablet):
        page.goto(live_server + "/login")
        page.get_by_label("用户名").fill("admin")
        page.get_by_label("密码").fill("meet-demo")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(live_server + "/dashboard")
    header = phone.locator("header").bounding_box()["height"]
    assert header < 130, header
    assert phone.get_by_role("link", name="竞赛日程").is_visible()  # public pages: one tap
    assert not phone.get_by_role("button", name="退出").is_visible()
    phone.get_by_text("菜单").click()
    assert phone.get_by_role("button", name="退出").is_visible()
    phone.get_by_role("link", name="编排日程").click()
    phone.wait_for_url(live_server + "/schedule/timetable")
    assert no_horizontal_scroll(phone)
    shot(phone, "menu-phone")
    assert not tablet.get_by_text("菜单").is_visible()  # a tablet shows every link
    assert tablet.get_by_role("button", name="退出").is_visible()
