"""The draw page shows the lane groups a new draw would use (the venue's now) and, once
the venue changed after the draw, the groups the start list on the page was drawn with
(kept in its draw record): the organiser must not read the new groups as those used."""

import pytest

from meet.schedule import operations
from meet.schedule.timetable_setup import set_venue_lanes
from tests.conftest import login
from tests.schedule.helpers import draw_world, track_settings


@pytest.fixture
def w(app):
    return draw_world()


def test_the_draw_page_names_the_groups_the_start_list_was_drawn_with(client, w):
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=5)
    login(client, "admin")
    page = client.get(f"/draws/events/{w.m100.id}").get_data(as_text=True)
    assert "3,4,5,6 | 7,8 | 1,2" in page and "data-drawn-lane-groups" not in page

    set_venue_lanes(w.track, w.meet, 8, [], [[4, 5], [3, 6], [2, 7, 8], [1]])
    page = client.get(f"/draws/events/{w.m100.id}").get_data(as_text=True)
    assert "4,5 | 3,6 | 2,7,8 | 1" in page
    assert "data-drawn-lane-groups>现有签表抽签时使用的道次分组：3,4,5,6 | 7,8 | 1,2；" in page


def test_no_drawn_groups_before_the_draw(client, w):
    operations.set_format(w.m100, track_settings(w))
    login(client, "admin")
    page = client.get(f"/draws/events/{w.m100.id}").get_data(as_text=True)
    assert "data-lane-groups" in page and "data-drawn-lane-groups" not in page
