"""GET /api/v1/standings: both tables in rank order, exact points; and the tables agree
with a recomputation, event by event, from each event's published results.

The recomputation reads ``/api/v1/events/<id>/results`` when the scoring area serves it;
until that endpoint exists it reads the published final places (EventPlace) directly.
Either way the medals are counted here by hand and the points summed per event from
``event_points``, independently of the snapshot and its cache."""

from __future__ import annotations

from collections import Counter, defaultdict
from fractions import Fraction

from meet.extensions import db
from meet.models import Delegation, Event
from meet.rules import standings as rules
from meet.standings import tables
from tests.standings import factories as sf
from tests.standings.test_tables import three_events


def test_shape_order_and_exact_points(client, games):
    three_events(games)
    body = client.get("/api/v1/standings").get_json()
    assert set(body) == {"medals", "points"}
    assert body["medals"][0] == {"rank": 1, "team_id": games.t[1].id, "team": games.t[1].name,
                                 "gold": 1, "silver": 1, "bronze": 0, "total": 2}
    assert [m["rank"] for m in body["medals"]] == [1, 2, 2, 2, 5, 6]
    assert [(p["rank"], p["points"]) for p in body["points"]] == [
        (1, 28.5), (2, 22), (3, 19), (4, 18), (5, 16), (6, 14.5)]
    assert isinstance(body["points"][1]["points"], int)


def test_the_openapi_schema_describes_it(client, games):
    three_events(games)
    doc = client.get("/api/v1/openapi.json").get_json()
    schema = doc["components"]["schemas"]["Standings"]["properties"]
    body = client.get("/api/v1/standings").get_json()
    for table in ("medals", "points"):
        required = schema[table]["items"]["required"]
        assert all(set(row) == set(required) for row in body[table])


def results_of(client, event_id: int) -> list[dict]:
    """The event's published final results, as the public API gives them."""
    r = client.get(f"/api/v1/events/{event_id}/results")
    assert r.status_code == 200, event_id
    return r.get_json()["results"]


def recompute(client, meet) -> tuple[Counter, dict]:
    medals: dict[int, Counter] = defaultdict(Counter)
    points: dict[int, Fraction] = defaultdict(Fraction)
    scoring = tables.scoring_of(meet, tables.state(meet.id))
    for ev in db.session.scalars(db.select(Event).where(Event.meet_id == meet.id)):
        rows = results_of(client, ev.id)
        for r in rows:
            if r["place"] in (1, 2, 3):
                medals[r["team_id"]][r["place"]] += 1
        finishes = tuple(rules.Finish(r["team_id"], r["place"],
                                      tables.multiplier_of(ev.is_team, ev.points_multiplier),
                                      bool(r["record"])) for r in rows)
        entrants = sum(1 for r in rows if r["status"] != "DNS")
        for f, pts in rules.event_points(rules.Event(finishes, entrants), scoring):
            points[f.team] += pts
    return medals, points


def agree(client, meet) -> None:
    body = client.get("/api/v1/standings").get_json()
    medals, points = recompute(client, meet)
    got = {m["team_id"]: (m["gold"], m["silver"], m["bronze"]) for m in body["medals"]}
    want = {t: (c[1], c[2], c[3]) for t, c in medals.items() if sum(c.values())}
    assert got == want
    got_pts = {p["team_id"]: p["points"] for p in body["points"]}
    want_pts = {t: tables.points_number(v) for t, v in points.items() if v}
    assert got_pts == want_pts
    ranks = [m["rank"] for m in body["medals"]]
    assert ranks == sorted(ranks) and [p["rank"] for p in body["points"]] == sorted(
        p["rank"] for p in body["points"])


def test_tables_agree_with_a_recomputation_event_by_event(client, games):
    import random

    rng = random.Random(7)
    for n in range(12):
        ev = sf.event(games.meet, games.ath if n % 3 else games.ball, f"E{n}",
                      is_team=n % 4 == 0, squad_min=1 if n % 4 else 2,
                      squad_max=1 if n % 4 else 4)
        size = rng.randint(2, 10)
        places, finishes = 0, []
        for i in range(size):
            places = places if i and rng.random() < 0.2 else i + 1
            status = "OK" if rng.random() > 0.1 else "DNS"
            finishes.append((games.t[rng.randrange(6)], places if status == "OK" else None,
                             status, "", "MR" if rng.random() < 0.05 else ""))
        sf.publish(ev, finishes)
    agree(client, games.meet)


def test_the_demo_tables_agree_with_a_recomputation(demo_client, demo):
    from meet.access import current_meet

    with demo.test_request_context():
        meet = current_meet()
        agree(demo_client, meet)
        assert db.session.scalar(db.select(db.func.count(Delegation.id))) == 28
        assert client_sees_medals(demo_client)
        assert tables.state(meet.id).results_book_public  # the demo's book is public


def test_the_demo_points_are_the_sum_of_each_events_api_points(demo_client, demo):
    """Independent of the rules module: add up the points the results API gives each
    row, event by event; the team points table must say the same."""
    from meet.access import current_meet

    with demo.test_request_context():
        meet = current_meet()
        totals: dict[int, Fraction] = defaultdict(Fraction)
        rows_seen = 0
        for ev in db.session.scalars(db.select(Event).where(Event.meet_id == meet.id)):
            for row in results_of(demo_client, ev.id):
                rows_seen += 1
                if row["points"]:
                    totals[row["team_id"]] += Fraction(str(row["points"]))
        assert rows_seen > 100  # the demo has published results to add up
        body = demo_client.get("/api/v1/standings").get_json()
        got = {p["team_id"]: Fraction(str(p["points"])) for p in body["points"]}
        assert got == {t: v for t, v in totals.items() if v}


def client_sees_medals(client) -> bool:
    body = client.get("/api/v1/standings").get_json()
    return bool(body["medals"]) and sum(m["gold"] for m in body["medals"]) >= 1
