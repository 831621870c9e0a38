"""A spectator's phone on the medal table sees a newly published result within 2 s,
without reloading; the big screen rotates by itself."""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.serving import make_server

from meet.extensions import db
from tests import factories
from tests.browser.conftest import no_horizontal_scroll, shot
from tests.standings import factories as sf

pytestmark = pytest.mark.browser


@pytest.fixture
def meet_server(make_app, tmp_path):
    app = make_app(sqlite_path=str(tmp_path / "live.db"))
    w = type("W", (), {})()
    w.meet = factories.meet()
    kind = factories.unit_kind(w.meet)
    w.teams = sf.teams(w.meet, 4, [kind])
    cat = factories.category(w.meet)
    w.m100 = sf.event(w.meet, cat, "M100", name="男子100米")
    w.w100 = sf.event(w.meet, cat, "W100", name="女子100米", gender="F")
    sf.publish(w.m100, [(w.teams[0], 1), (w.teams[1], 2), (w.teams[2], 3)])
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    w.url = f"http://127.0.0.1:{server.server_port}"
    yield w
    server.shutdown()


def test_a_phone_on_the_medal_table_sees_a_new_result_within_two_seconds(phone, meet_server):
    w = meet_server
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(w.url + "/medals")
    assert phone.locator("html").get_attribute("data-live-ready") == "1"
    assert phone.locator(f'tr[data-team="{w.teams[3].id}"]').count() == 0
    assert no_horizontal_scroll(phone)
    shot(phone, "standings-medals-before-phone")
    phone.evaluate("window.__marker = 'same page'")  # gone if the page reloads

    published = time.monotonic()
    sf.publish(w.w100, [(w.teams[3], 1), (w.teams[0], 2)])
    phone.wait_for_selector(f'tr[data-team="{w.teams[3].id}"]', timeout=2000)
    seen = time.monotonic() - published
    assert seen < 2.0
    assert phone.evaluate("window.__marker") == "same page"
    first = phone.locator("tbody tr").first
    assert first.get_attribute("data-team") == str(w.teams[0].id)  # 1 gold 1 silver leads
    shot(phone, "standings-medals-after-phone")
    assert errors == []


def test_the_big_screen_rotates_by_itself(browser, meet_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.goto(meet_server.url + "/bigscreen?rotate=4")
    assert page.locator("body").get_attribute("data-showing") == "medals"
    assert page.locator(".bs-panel.active h1").inner_text() == "奖牌榜"
    shot(page, "bigscreen-medals")
    page.wait_for_selector("body[data-showing=points]", timeout=6000)
    page.wait_for_timeout(900)  # the cross-fade
    shot(page, "bigscreen-points")
    page.wait_for_selector("body[data-showing=latest]", timeout=6000)
    page.wait_for_timeout(900)
    shot(page, "bigscreen-latest")
    assert page.evaluate("document.documentElement.scrollHeight <= 1080")
    context.close()


def test_the_public_pages_at_phone_and_tablet_width(phone, tablet, meet_server):
    w = meet_server
    for page, size in [(phone, "phone"), (tablet, "tablet")]:
        for path, name in [("/", "home"), ("/points", "points"), (f"/results/{w.m100.id}", "event"),
                           (f"/delegations/{w.teams[0].id}", "delegation"),
                           ("/athletes?bib=9999", "athlete-search")]:
            page.goto(w.url + path)
            assert no_horizontal_scroll(page), (path, size)
            shot(page, f"standings-{name}-{size}")
    phone.goto(w.url + "/athletes?bib=9999")
    assert "没有号码为 9999 的运动员" in phone.locator(".field.has-error .error").inner_text()
    assert phone.get_by_label("号码布").input_value() == "9999"
