"""A small meet ready for the timetable: a track and a hall with opening hours, 100 m
heats and a final, a 4x100 m relay whose runners are also in the 100 m, and a knockout
table-tennis event (see timetable_world.py for the units)."""

from __future__ import annotations

import datetime as dt

import pytest

from meet.extensions import db
from meet.models import EventVenue, Venue, VenueSession
from tests import factories
from tests.schedule.timetable_world import draw_event, knockout


@pytest.fixture
def sched(world):
    w = world
    w.track = Venue(meet_id=w.meet.id, code="TRACK", name="田径场", kind="track", capacity=1,
                    lanes=8, sort_order=1)
    w.hall = Venue(meet_id=w.meet.id, code="HALL", name="体育馆", kind="table", capacity=2,
                   sort_order=2)
    db.session.add_all([w.track, w.hall])
    db.session.flush()
    for day in (dt.date(2027, 5, 1), dt.date(2027, 5, 2)):
        for v in (w.track, w.hall):
            db.session.add(VenueSession(venue_id=v.id, day=day, session="morning",
                                        opens=dt.time(8), closes=dt.time(12)))
            db.session.add(VenueSession(venue_id=v.id, day=day, session="afternoon",
                                        opens=dt.time(14, 30), closes=dt.time(18)))
    w.runners = [w.a1] + [factories.person(w.meet, w.d1 if i % 2 else w.d2, f"跑者{i:02d}",
                                           "M", bib=f"{100 + i}") for i in range(1, 12)]
    w.a1.bib = "100"
    for p in w.runners[1:]:
        factories.entry(w.m100, p.delegation, p)
    w.relay = factories.event(w.meet, w.cat, "M4X100", name="男子4×100米接力", is_team=True,
                              squad_min=4, squad_max=4)
    w.relay_entry = factories.entry(w.relay, w.d1, *w.runners[1:8:2])  # d1 runners
    w.tt = factories.event(w.meet, w.cat, "MTT", name="乒乓球男子单打", kind="match",
                           scoring_preset="ittf")
    w.players = [factories.person(w.meet, w.d2, f"球员{i}", "M", bib=f"{300 + i}")
                 for i in range(6)]
    tt_entries = [factories.entry(w.tt, w.d2, p) for p in w.players]
    for e in (w.m100, w.relay):
        db.session.add(EventVenue(event_id=e.id, venue_id=w.track.id))
    db.session.add(EventVenue(event_id=w.tt.id, venue_id=w.hall.id))
    db.session.flush()
    draw_event(w.m100)
    draw_event(w.relay)
    knockout(w.tt, tt_entries)
    db.session.commit()
    return w
