"""The referee's scoring sheet shows the marshal's check-ins as they happen: the
sheet polls the call room's start list and updates each row's badge in place, leaving
what the referee typed alone. Runs against its own small meet."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from meet.badges.checkin import check_in
from meet.extensions import db
from meet.models import Unit
from tests import factories
from tests.browser.conftest import TABLET, shot
from tests.browser.test_scoring_browser import login
from tests.scoring import factories as sf

pytestmark = pytest.mark.browser


@pytest.fixture
def heat_server(make_app, tmp_path):
    app = make_app(WTF_CSRF_ENABLED=True, sqlite_path=str(tmp_path / "checkin.db"))
    w = factories.small_world()
    entries = sf.athletes(w, w.m100, 4)
    heat = sf.heats(w.m100, [entries], stage="final", name="决赛").units[0]
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", w, heat.id, entries
    server.shutdown()


def test_marshal_check_in_shows_on_the_referee_sheet_without_reload(browser, heat_server):
    base, w, unit_id, entries = heat_server
    context = browser.new_context(viewport=TABLET, has_touch=True, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, base, "referee01")
    page.goto(f"{base}/scoring/units/{unit_id}")
    rows = page.locator(".sc-line")
    expect(rows).to_have_count(4)
    expect(rows.locator("[data-checkin] .sc-out")).to_have_count(4)
    first = rows.nth(0).locator("input.sc-input")
    first.fill("10.9")

    unit = db.session.get(Unit, unit_id)
    runner = entries[0].members[0].person
    outcome = check_in(unit, by=w.marshal, bib=runner.bib)
    assert outcome.status == "ok"

    row = page.locator(".sc-line", has_text=runner.name)
    expect(row.locator("[data-checkin]")).to_have_text("已检录", timeout=5000)
    expect(row.locator("[data-checkin] .badge")).to_have_class("badge sc-in")
    expect(rows.locator("[data-checkin] .sc-out")).to_have_count(3)
    expect(first).to_have_value("10.9")
    assert page.evaluate("performance.navigation.type") == 0  # no reload happened
    shot(page, "scoring-sheet-live-checkin-tablet")
    assert errors == []
    context.close()
