"""The organiser draws an event on a tablet and publishes it; a team leader reads the
start list on a phone. A world of its own (the session's demo meet is never changed)."""

import threading

import pytest
from werkzeug.serving import make_server

from meet.extensions import db
from tests.browser.conftest import no_horizontal_scroll, shot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def draw_server(make_app, tmp_path):
    from tests.schedule.helpers import draw_world

    app = make_app(sqlite_path=str(tmp_path / "draw.db"), WTF_CSRF_ENABLED=True)
    world = draw_world(athletes=20)
    w = type("Ids", (), {"m100": type("E", (), {"id": world.m100.id}),
                         "d1": type("D", (), {"id": world.d1.id})})
    db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", w
    server.shutdown()


def test_organiser_draws_and_publishes_then_the_start_list_reads_on_a_phone(
        tablet, phone, draw_server):
    base, w = draw_server
    errors = []
    tablet.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tablet.goto(base + "/login")
    tablet.get_by_label("用户名").fill("admin")
    tablet.get_by_label("密码").fill(PASSWORD)
    tablet.locator("main").get_by_role("button", name="登录").click()
    tablet.goto(base + "/draws")
    row = tablet.locator(f"#event-{w.m100.id}")
    assert "未抽签" in row.inner_text()
    tablet.goto(base + f"/draws/events/{w.m100.id}")
    tablet.get_by_label("赛制").select_option("heats_final")
    assert tablet.get_by_label("试跳/试掷次数").is_hidden()  # fields of other formats hide
    tablet.get_by_label("比赛场地").select_option(label="体育场 (8道)")
    tablet.get_by_role("button", name="保存赛制").click()
    tablet.get_by_role("button", name="抽签", exact=True).click()
    assert "随机种子" in tablet.locator(".flash").inner_text()
    assert tablet.locator(".sl-unit").count() == 4  # 3 heats and the final
    tablet.get_by_role("button", name="公布签表").click()
    assert "已公布" in tablet.locator("h1 + p").inner_text()
    shot(tablet, "draw-event-tablet")
    assert errors == []

    phone.goto(base + f"/startlists/events/{w.m100.id}")
    assert phone.get_by_role("heading", name="预赛").is_visible()
    assert phone.locator(".sl-lane").first.is_visible()
    assert no_horizontal_scroll(phone)
    shot(phone, "startlist-phone")
    phone.get_by_role("link", name="复核抽签结果").click()
    assert phone.locator("[data-replay=ok]").is_visible()
    phone.goto(base + f"/startlists/delegations/{w.d1.id}")
    assert "选手00" in phone.locator("main").inner_text()
    assert no_horizontal_scroll(phone)
    shot(phone, "startlist-delegation-phone")


def test_the_demo_knockout_bracket_scrolls_inside_its_box_on_a_phone(phone, live_server):
    phone.goto(live_server + "/startlists")
    phone.get_by_role("link", name="羽毛球男子单打").click()
    assert phone.locator(".bracket-match").count() >= 15
    assert no_horizontal_scroll(phone)
    shot(phone, "bracket-phone")
