"""Computed once per change: the cache is keyed by the generation the one listener bumps;
ETags derive from it; a second worker (another app on the same database) sees it."""

from __future__ import annotations

import time

from meet import create_app
from meet.extensions import db
from meet.models import EventPlace
from meet.signals import registration_changed
from meet.standings import tables
from tests.conftest import FreshClient, make_config
from tests.standings import factories as sf


def computations(app) -> int:
    return app.extensions["standings"].computations if "standings" in app.extensions else 0


def test_many_requests_compute_once(app, client, games):
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(games.t[0], 1), (games.t[1], 2)])
    before = computations(app)
    for path in ["/api/v1/standings", "/medals", "/points", "/", "/api/v1/standings"]:
        assert client.get(path).status_code == 200
    assert computations(app) == before + 1


def test_the_signal_invalidates_and_nothing_else_does(app, client, games):
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(games.t[0], 1), (games.t[1], 2)])
    gen = tables.generation(games.meet.id)
    first = client.get("/api/v1/standings").get_json()
    n = computations(app)

    # a write that announces nothing: the cached tables stand
    row = db.session.scalars(db.select(EventPlace).where(EventPlace.place == 2)).one()
    row.place = 1
    db.session.commit()
    assert client.get("/api/v1/standings").get_json() == first
    registration_changed.send(None, meet_id=games.meet.id)
    assert client.get("/api/v1/standings").get_json() == first
    assert computations(app) == n and tables.generation(games.meet.id) == gen

    # the signal: one new generation, one computation
    sf.publish(e, [(games.t[0], 1), (games.t[1], 1)])
    assert tables.generation(games.meet.id) == gen + 1
    after = client.get("/api/v1/standings").get_json()
    client.get("/medals")
    assert computations(app) == n + 1
    assert [m["gold"] for m in after["medals"]] == [1, 1]


def test_etag_and_304_on_the_api(client, games):
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(games.t[0], 1)])
    r = client.get("/api/v1/standings")
    etag = r.headers["ETag"]
    assert etag and r.headers["Cache-Control"] == "no-cache"
    again = client.get("/api/v1/standings", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    sf.publish(e, [(games.t[1], 1)])
    changed = client.get("/api/v1/standings", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["medals"][0]["team_id"] == games.t[1].id


def test_the_live_endpoint_answers_304_until_something_is_published(client, games):
    r = client.get("/live")
    assert r.status_code == 200
    g0, tag = r.get_json()["g"], r.headers["ETag"]
    assert client.get("/live", headers={"If-None-Match": tag}).status_code == 304
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(games.t[0], 1)])
    moved = client.get("/live", headers={"If-None-Match": tag})
    assert moved.status_code == 200 and moved.get_json()["g"] != g0


def _stop_the_clock(monkeypatch):
    """The big screen's tag includes the minute: a run across a minute's turn failed."""
    import datetime as real
    import types

    from meet.standings import views

    fixed = real.datetime.now(real.UTC)

    class Frozen(real.datetime):
        @classmethod
        def now(cls, tz=None):
            return fixed if tz is not None else fixed.replace(tzinfo=None)

    monkeypatch.setattr(views, "dt", types.SimpleNamespace(
        datetime=Frozen, date=real.date, time=real.time, timedelta=real.timedelta,
        UTC=real.UTC, timezone=real.timezone))


def test_public_pages_answer_if_none_match_with_304(client, games, monkeypatch):
    _stop_the_clock(monkeypatch)
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(games.t[0], 1)])
    person = sf.factories.person(games.meet, games.t[0], "李明", bib="0101")
    db.session.commit()
    pages = ["/", "/medals", "/points?scope=kind:system", "/results", f"/results/{e.id}",
             f"/delegations/{games.t[0].id}", f"/athletes/{person.bib}", "/records", "/awards",
             "/bigscreen", "/export/medals.csv"]
    tags = {}
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        tags[path] = r.headers["ETag"]
        assert client.get(path, headers={"If-None-Match": tags[path]}).status_code == 304, path
    sf.publish(e, [(games.t[1], 1)])
    for path in pages:
        assert client.get(path, headers={"If-None-Match": tags[path]}).status_code == 200, path


def test_no_page_is_shared_between_users_or_languages(client, games):
    from tests.conftest import login

    anonymous = client.get("/medals").headers["ETag"]
    client.post("/lang/en")
    english = client.get("/medals")
    assert english.headers["ETag"] != anonymous and "<html lang=\"en\">" in english.get_data(True)
    client.post("/lang/zh_CN")
    login(client, "admin", sf.factories.PASSWORD)
    mine = client.get("/medals", headers={"If-None-Match": anonymous})
    assert mine.status_code == 200 and mine.headers["ETag"] != anonymous
    assert "Cookie" in mine.headers["Vary"]


def test_a_second_worker_sees_the_new_generation(make_app, tmp_path):
    from tests import factories

    make_app(sqlite_path=str(tmp_path / "shared.db"))
    meet = factories.meet()
    kind = factories.unit_kind(meet)
    d = [factories.delegation(meet, kind, c) for c in ("01", "02")]
    e = sf.event(meet, factories.category(meet), "M100")
    sf.publish(e, [(d[0], 1), (d[1], 2)])
    other = create_app(make_config(sqlite_path=str(tmp_path / "shared.db")))
    other.test_client_class = FreshClient
    with other.app_context():
        first = other.test_client().get("/api/v1/standings").get_json()
        assert first["medals"][0]["team_id"] == d[0].id
    sf.publish(e, [(d[1], 1), (d[0], 2)])  # published through the first worker
    time.sleep(0.3)  # the other worker re-reads the generation every 0.25 s at most
    with other.app_context():
        second = other.test_client().get("/api/v1/standings").get_json()
        assert second["medals"][0]["team_id"] == d[1].id
        db.session.remove()
        db.engine.dispose()
