"""The organiser's schedule pages wear the meet's frame like every other page: its name in
the header and the footer, not the generic 职工运动会 (the venue lanes and timetable setting
pages rendered without the meet)."""

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import Meet, Unit, Venue
from tests.conftest import login


@pytest.mark.parametrize("page", [
    "/schedule/venues", "/schedule/venues/{venue}", "/schedule/timetable/settings",
    "/schedule/timetable/hours", "/schedule/timetable/event-venues",
    "/schedule/units/{unit}/move",
])
def test_organiser_schedule_pages_name_the_meet(demo_client, page):
    meet = db.session.scalars(select(Meet)).one()
    venue = db.session.scalars(select(Venue).where(Venue.lanes.is_not(None))).first()
    unit = db.session.scalars(select(Unit).order_by(Unit.id)).first()
    login(demo_client, "admin", "meet-demo")
    response = demo_client.get(page.format(venue=venue.id, unit=unit.id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'class="brand-name">{meet.short_name or meet.name}<' in html
    assert f"<span>{meet.name}</span>" in html  # the footer
