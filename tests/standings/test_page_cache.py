"""The render cache of public pages (meet/pagecache.py): one page per path and language
for every anonymous visitor, a new one as soon as a result is published, never a page of
or for a logged-in user, never one with a flashed message; and the language switch link
that made the pages shareable (no CSRF token in them, no session cookie)."""

from __future__ import annotations

import time

import pytest

from meet import create_app
from meet.extensions import db
from meet.scoring import operations as ops
from tests.conftest import FreshClient, login, make_config
from tests.scoring import factories as sf
from tests.scoring.factories import sheet_form

MARKS = {1: {"mark": "10.79"}, 2: {"mark": "10.93"}}


def race(w):
    people = sf.athletes(w, w.m100, 2)
    unit = sf.heats(w.m100, [people], stage="final", name="决赛").units[0]
    db.session.commit()
    return unit


def publish(w, unit, marks=MARKS, key="k1"):
    """The real thing: the referee's sheet, the chief's confirmation and publication."""
    ops.save_sheet(unit, sheet_form(unit, marks), user=w.referee, version=unit.version, key=key)
    ops.confirm(unit, user=w.chief)
    ops.publish(unit, user=w.chief)


def pc(app):
    return app.extensions["pagecache"]


def test_a_cached_page_changes_as_soon_as_a_result_is_published(app, client, world):
    unit = race(world)
    pages = ["/", "/medals", "/points", "/results", f"/results/{world.m100.id}",
             f"/delegations/{world.d1.id}", "/bigscreen"]
    client.get("/")  # the first home page creates the meet's standings settings row
    before = {p: client.get(p).get_data(True) for p in pages}
    hits = pc(app).hits
    again = {p: client.get(p).get_data(True) for p in pages}
    assert pc(app).hits == hits + len(pages)  # served from the cache
    assert again == before
    assert "10.79" not in before[f"/results/{world.m100.id}"]

    publish(world, unit)
    after = {p: client.get(p) for p in pages}
    assert all(r.status_code == 200 for r in after.values())
    assert "10.79" in after[f"/results/{world.m100.id}"].get_data(True)
    for path in ("/", "/medals", "/points", "/bigscreen"):
        assert after[path].get_data(True) != before[path], path
    assert "城关镇" in after["/medals"].get_data(True)


def test_another_worker_sees_the_published_result_in_its_cached_page(make_app, tmp_path):
    from tests import factories

    make_app(sqlite_path=str(tmp_path / "shared.db"))
    w = factories.small_world()
    unit = race(w)
    other = create_app(make_config(sqlite_path=str(tmp_path / "shared.db")))
    other.test_client_class = FreshClient
    path = f"/results/{w.m100.id}"
    with other.app_context():
        client = other.test_client()
        for _ in range(3):
            assert "10.79" not in client.get(path).get_data(True)
        assert pc(other).hits >= 1
    publish(w, unit)  # through the first worker
    time.sleep(0.3)  # the other worker re-reads the generations every 0.25 s at most
    with other.app_context():
        assert "10.79" in other.test_client().get(path).get_data(True)
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("username", ["leader01", "admin"])
def test_logged_in_users_and_anonymous_visitors_never_share_a_page(app, world, username):
    anonymous, user = app.test_client(), app.test_client()
    anonymous.get("/")  # the first page creates the meet's standings settings row
    assert login(user, username).status_code == 302

    # the user first: the page rendered for them is not stored for anyone
    mine = user.get("/points").get_data(True)
    assert username in mine and "退出" in mine
    size = len(pc(app).pages)
    theirs = anonymous.get("/points").get_data(True)
    assert username not in theirs and "退出" not in theirs
    assert len(pc(app).pages) == size + 1

    # an anonymous page cached: the user still gets their own
    cached = anonymous.get("/medals").get_data(True)
    hits = pc(app).hits
    mine = user.get("/medals").get_data(True)
    assert pc(app).hits == hits
    assert mine != cached and username in mine and "退出" in mine
    assert username not in anonymous.get("/medals").get_data(True)
    assert pc(app).hits == hits + 1


def test_english_and_chinese_are_cached_apart(app, world):
    chinese, english = app.test_client(), app.test_client()
    english.set_cookie("lang", "en")
    chinese.get("/")  # the first page creates the meet's standings settings row
    hits = pc(app).hits
    for _ in range(2):
        zh = chinese.get("/medals").get_data(True)
        en = english.get("/medals").get_data(True)
        assert '<html lang="zh-CN">' in zh and "奖牌榜" in zh
        assert '<html lang="en">' in en and "奖牌榜" not in en
    assert pc(app).hits == hits + 2


def test_a_page_with_a_flashed_message_is_neither_served_nor_stored(app, world):
    flashed, other = app.test_client(), app.test_client()
    other.get("/medals")
    other.get("/medals")  # cached now
    with flashed.session_transaction() as s:
        s["_flashes"] = [("success", "已退出登录。")]
    size, hits = len(pc(app).pages), pc(app).hits
    page = flashed.get("/medals").get_data(True)
    assert "已退出登录。" in page
    assert (len(pc(app).pages), pc(app).hits) == (size, hits)
    assert "已退出登录。" not in other.get("/medals").get_data(True)
    assert "已退出登录。" not in flashed.get("/medals").get_data(True)  # shown once


def test_if_none_match_is_answered_from_the_cache(app, client, world):
    unit = race(world)
    client.get("/")  # the first page creates the meet's standings settings row
    first = client.get("/medals")
    etag = first.headers["ETag"]
    cached = client.get("/medals")
    assert cached.headers["ETag"] == etag and "Cookie" in cached.headers["Vary"]
    hits = pc(app).hits
    r = client.get("/medals", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.data == b"" and pc(app).hits == hits + 1
    publish(world, unit)
    assert client.get("/medals", headers={"If-None-Match": etag}).status_code == 200


def test_anonymous_public_pages_carry_no_token_and_set_no_cookie(client, world):
    for path in ("/", "/medals", "/timetable", "/startlists", f"/results/{world.m100.id}"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "Set-Cookie" not in r.headers, path
        assert "csrf_token" not in r.get_data(True), path
    page = client.get("/medals?scope=all").get_data(True)
    assert 'href="/lang/en?next=/medals?scope%3Dall"' in page


def test_the_language_link_switches_without_javascript(client, world):
    r = client.get("/lang/en?next=/medals?scope%3Dall")
    assert r.status_code == 302 and r.headers["Location"] == "/medals?scope=all"
    assert "lang=en" in r.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/medals").get_data(True)
    assert client.get("/lang/zh_CN?next=/").headers["Location"] == "/"
    assert '<html lang="zh-CN">' in client.get("/medals").get_data(True)
    assert client.get("/lang/fr?next=/").status_code == 400


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", " //evil.example", "javascript:alert(1)", "http:/evil.example",
    "evil.example", "", "/%0a/evil.example".replace("%0a", "\n"),
])
def test_the_language_link_refuses_to_leave_the_site(client, world, target):
    r = client.get("/lang/en", query_string={"next": target})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_the_poll_interval_comes_from_the_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("LIVE_POLL_MS", "3000")
    try:
        assert importlib.reload(config).Config.LIVE_POLL_MS == 3000
        monkeypatch.setenv("LIVE_POLL_MS", "10")
        assert importlib.reload(config).Config.LIVE_POLL_MS == 500  # never hammered
    finally:
        monkeypatch.delenv("LIVE_POLL_MS")
        importlib.reload(config)
