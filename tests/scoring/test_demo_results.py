"""The demo meet in mid-competition (read-only: the session's demo meet)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from meet.extensions import db
from meet.models import Event, EventPlace, ResultVersion, Unit
from meet.scoring import classification
from meet.scoring.progress import event_rounds


def _event(code):
    return db.session.scalar(select(Event).where(Event.code == code))


def test_about_half_of_the_events_are_published_with_every_kind(demo):
    done = set(db.session.scalars(select(EventPlace.event_id).distinct()))
    events = db.session.scalars(select(Event)).all()
    assert len(events) // 3 <= len(done) <= 2 * len(events) // 3
    kinds = {(e.kind, e.result_unit) for e in events if e.id in done}
    assert {("timed", "time"), ("measured", "distance"), ("measured", "count"),
            ("judged", "score"), ("match", "match")} <= kinds
    statuses = Counter(db.session.scalars(select(Unit.status)))
    assert statuses["published"] > 100 and statuses["not_started"] > 100
    assert statuses["submitted"] >= 3 and statuses["confirmed"] >= 1


def test_long_jump_first_place_decided_by_countback(demo):
    rows = db.session.scalars(select(EventPlace).where(
        EventPlace.event_id == _event("MLJ").id, EventPlace.place.in_([1, 2]))).all()
    assert sorted(r.place for r in rows) == [1, 2]
    assert {r.mark for r in rows} == {"5.86"}


def test_basketball_group_decided_head_to_head(demo):
    event = _event("MBB")
    rounds = event_rounds(event.id)
    group_round, units = rounds[0]
    table = classification.group_table(event, group_round, units[0][0].group, units)
    decided = {row.decided_by for row in table.rows}
    assert any(d and d.startswith("h2h") for d in decided)
    places = {p.entry_id: p.place for p in db.session.scalars(
        select(EventPlace).where(EventPlace.event_id == event.id))}
    assert places == {row.team: row.rank for row in table.rows}


def test_every_published_unit_has_its_trail(demo):
    actions = Counter(db.session.scalars(select(ResultVersion.action)))
    assert actions["publish"] == actions["confirm"] - 1  # one confirmed, not yet published
    keys = db.session.scalar(select(func.count(func.distinct(ResultVersion.submission_key))))
    assert keys == actions["submit"]
