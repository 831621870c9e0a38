"""The latest results (home page, results index, big screen): every visible phone
refetches these pages when a result is published, so they read a fixed number of
queries however many events they show (the meet-day load found six per event)."""

from __future__ import annotations

from sqlalchemy import event as sa_event

from meet.extensions import db
from tests.standings import factories as sf


def _statements(client, url: str) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    db.session.expire_all()
    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_latest_results_cost_the_same_for_one_event_and_four(app, client, games):
    app.config["STANDINGS_GENERATION_TTL"] = 0  # the generation read on every request
    first = sf.event(games.meet, games.ath, "M100")
    sf.publish(first, [(games.t[0], 1), (games.t[1], 2)])
    client.get("/results")  # the tables of this generation are computed once, aside
    one = _statements(client, "/results")
    for i, code in enumerate(("W100", "MLJ", "WLJ"), 2):
        sf.publish(sf.event(games.meet, games.ath, code),
                   [(games.t[i], 1), (games.t[0], 2), (games.t[1], 3)])
    page = client.get("/results").get_data(as_text=True)
    assert page.count('class="latest-event"') == 4
    assert _statements(client, "/results") == one
