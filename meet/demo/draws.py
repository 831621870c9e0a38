"""The demo meet's draw: every event given its format and venue, drawn with a fixed
seed and published, so the demo's start lists are the same on every machine."""

from __future__ import annotations

from sqlalchemy import select

from meet.demo import content
from meet.extensions import db
from meet.models import Event, Round, RoundStatus, Venue
from meet.operations import audit
from meet.rules.draw import make_rng
from meet.schedule import formats, queries
from meet.schedule.operations import store_draw

DRAW_SEED = 20270501


def draw_demo(meet) -> int:
    """Draw and publish every event of ``meet`` (no commit: the loader commits once).

    Returns the number of events drawn. Deterministic: the same demo data and
    ``DRAW_SEED`` always give the same heats, lanes, groups and pairings.
    """
    venues = {v.code: v for v in db.session.scalars(select(Venue).where(Venue.meet_id == meet.id))}
    venue_of = {e["code"]: e["venue"] for e in content.EVENTS}
    rng = make_rng(DRAW_SEED)
    events = db.session.scalars(select(Event).where(Event.meet_id == meet.id)
                                .order_by(Event.sort_order))
    drawn = 0
    for event in events:
        seed = rng.randrange(2**31)
        venue = venues.get(venue_of.get(event.code, ""))
        comps = queries.competitors(event)
        settings = formats.default_settings(event, len(comps), venue)
        first = Round(event_id=event.id, number=1, name="", stage="",
                      settings={"event_format": settings}, status=RoundStatus.PLANNED.value)
        db.session.add(first)
        db.session.flush()
        store_draw(event, first, settings, comps, seed, RoundStatus.PUBLISHED.value)
        drawn += 1
    audit("schedule.demo_drawn", meet, seed=DRAW_SEED, events=drawn)
    return drawn
