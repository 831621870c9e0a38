"""Badges and the call room in a real browser: the public verification page on a phone,
a team leader's badge page, and a marshal checking a heat in on a tablet, by typed bib
and by the tablet's camera (Chromium's fake camera plays a video of a printed badge)."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.serving import make_server

from meet import create_app
from meet.badges import operations as ops
from meet.extensions import db
from tests import factories
from tests.badges.helpers import heats
from tests.browser.conftest import CHROMIUM, no_horizontal_scroll, shot
from tests.conftest import ON_POSTGRES, _fresh_schema, make_config

pytestmark = pytest.mark.browser


@pytest.fixture
def badge_site(tmp_path):
    """A live server on a small meet with two heats; answers (url, world ids, tokens)."""
    if ON_POSTGRES:
        _fresh_schema("test_func")
    app = create_app(make_config(sqlite_path=str(tmp_path / "b.db"),
                                 BADGE_OUTPUT_DIR=str(tmp_path)))
    with app.app_context():
        db.create_all()
        w = heats(factories.small_world())
        tokens = {"a1": ops.issue_badge(w.meet, person=w.a1).token,
                  "a3": ops.issue_badge(w.meet, person=w.a3).token}
        old = ops.issue_badge(w.meet, person=w.a2).token
        ops.reissue_badge(w.meet, person=w.a2, reason="遗失")
        tokens["revoked"] = old
        ids = {"heat1": w.heat1.id, "heat2": w.heat2.id, "d1": w.d1.id}
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids, tokens, app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def _login(page, base, username):
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_verification_page_on_a_phone(phone, badge_site):
    base, _, tokens, _ = badge_site
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(f"{base}/badge/{tokens['a1']}")
    assert phone.locator(".verdict-valid").is_visible()
    assert "李明" in phone.locator(".holder-name").inner_text()
    assert no_horizontal_scroll(phone)
    shot(phone, "badge-verify-valid-phone")
    phone.goto(f"{base}/badge/{tokens['revoked']}")
    assert phone.locator(".verdict-revoked").is_visible()
    shot(phone, "badge-verify-revoked-phone")
    phone.goto(f"{base}/badge/NotARealToken")
    assert phone.locator(".verdict-invalid").is_visible()
    shot(phone, "badge-verify-invalid-phone")
    assert [e for e in errors if "404" not in e and "410" not in e] == []


def test_leader_badge_page_on_a_phone(phone, badge_site, tmp_path):
    base, ids, _, _ = badge_site
    _login(phone, base, "leader01")
    phone.get_by_text("菜单").click()  # a phone folds the leader's own links
    phone.get_by_role("link", name="参赛证").first.click()
    assert "李明" in phone.locator(".badge-people").inner_text()
    assert no_horizontal_scroll(phone)
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (600, 800), (60, 110, 170)).save(photo)
    phone.locator("summary").first.click()
    phone.locator("input[type=file]").first.set_input_files(str(photo))
    shot(phone, "badge-team-phone-before")
    with phone.expect_navigation():
        phone.locator("form[enctype] button[type=submit]").first.click()
    phone.wait_for_selector("img.thumb")
    shot(phone, "badge-team-phone")
    with phone.expect_response(lambda r: r.url.endswith("badges.pdf?layout=sheet")) as resp:
        phone.evaluate("url => fetch(url)", f"{base}/teams/{ids['d1']}/badges.pdf?layout=sheet")
    assert resp.value.status == 200


def test_marshal_checks_in_by_bib_on_a_tablet(tablet, badge_site):
    base, ids, _, _ = badge_site
    _login(tablet, base, "marshal01")
    tablet.get_by_role("link", name="检录处").first.click()
    tablet.get_by_text("男子100米 预赛 第1组").click()
    tablet.get_by_label("号码布").fill("0101")
    tablet.get_by_role("button", name="检录", exact=True).click()
    tablet.wait_for_selector(".outcome-ok")
    assert "李明" in tablet.locator("#outcome").inner_text()
    tablet.wait_for_selector("#startlist tr.is-in")
    tablet.get_by_label("号码布").fill("0101")
    tablet.get_by_role("button", name="检录", exact=True).click()
    tablet.wait_for_selector(".outcome-already")
    tablet.get_by_label("号码布").fill("0201")
    tablet.get_by_role("button", name="检录", exact=True).click()
    tablet.wait_for_selector(".outcome-wrong_unit")
    assert "第2组" in tablet.locator("#outcome").inner_text()
    shot(tablet, "callroom-wrong-heat-tablet")


def _badge_video(pdf: bytes, tmp_path: Path) -> Path:
    """A Y4M video (what Chromium's fake camera plays) of the first badge, as a camera
    held over the printed card would see it."""
    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "b.pdf"), str(tmp_path / "card")], check=True)
    card = Image.open(tmp_path / "card.png").convert("L")
    frame = Image.new("L", (640, 480), 255)
    card.thumbnail((640, 480))
    frame.paste(card, ((640 - card.width) // 2, (480 - card.height) // 2))
    chroma = bytes([128]) * (320 * 240)
    path = tmp_path / "badge.y4m"
    with open(path, "wb") as f:
        f.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            f.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return path


def test_marshal_scans_a_badge_with_the_camera(browser, badge_site, tmp_path):
    base, ids, tokens, app = badge_site
    with app.test_client() as c:
        c.post("/login", data={"username": "admin", "password": factories.PASSWORD})
        pdf = c.get(f"/teams/{ids['d1']}/badges.pdf?layout=single").data
    video = _badge_video(pdf, tmp_path)
    camera = browser.browser_type.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}",
    ])
    try:
        context = camera.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN")
        context.grant_permissions(["camera"], origin=base)
        page = context.new_page()
        _login(page, base, "marshal01")
        page.goto(f"{base}/call-room/{ids['heat1']}")
        page.get_by_role("button", name="开启摄像头扫码").click()
        page.wait_for_selector(".outcome-ok", timeout=15000)
        assert "李明" in page.locator("#outcome").inner_text()
        page.wait_for_selector("#startlist tr.is-in")
        shot(page, "callroom-camera-scan-tablet")
    finally:
        camera.close()


def test_organiser_builds_every_badge_in_the_background(tablet, badge_site):
    base, _, _, _ = badge_site
    _login(tablet, base, "admin")
    tablet.get_by_role("link", name="证件打印").first.click()
    tablet.get_by_label("单张（90×130毫米，每页1张）").check()
    tablet.get_by_role("button", name="生成全部证件").click()
    link = tablet.get_by_role("link", name="下载 · 单张（90×130毫米，每页1张）")
    link.wait_for(timeout=30000)
    shot(tablet, "badges-meet-tablet")
    response = tablet.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF-")
