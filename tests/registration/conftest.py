"""A registration world: the small world, an open window, age groups, a mixed relay."""

from __future__ import annotations

import datetime as dt

import pytest

from meet.extensions import db
from meet.models import AgeGroup
from meet.models.base import utcnow
from meet.rules import idcard
from tests import factories

# Valid ID numbers born on the meet's first-day side of the bands (meet starts 2027-05-01).
MAN = idcard.make("350721", dt.date(1990, 3, 15), 41, "M")  # 37: men B
WOMAN = idcard.make("350721", dt.date(1995, 6, 1), 42, "F")  # 31: women A
YOUNG_MAN = idcard.make("350721", dt.date(1998, 1, 9), 43, "M")  # 29: men A


def open_window(meet) -> None:
    meet.registration_opens = utcnow() - dt.timedelta(days=10)
    meet.registration_closes = utcnow() + dt.timedelta(days=10)


def close_window(meet) -> None:
    meet.registration_opens = utcnow() - dt.timedelta(days=20)
    meet.registration_closes = utcnow() - dt.timedelta(days=1)


def registration_world():
    """small_world plus: the registration window open, men/women A-B age groups, the men's
    100 m for group A only, long jump, a mixed 4x100 m relay (2 men, 2 women, women on
    legs 1 and 3, 2 reserves), and for d1 a team leader and a coach on the roster."""
    w = factories.small_world()
    open_window(w.meet)
    for code, gender, low, high in [("A", "M", None, 35), ("B", "M", 36, 60),
                                    ("A", "F", None, 32), ("B", "F", 33, 60)]:
        db.session.add(AgeGroup(meet_id=w.meet.id, code=code, gender=gender, min_age=low,
                                max_age=high, name=f"{'男' if gender == 'M' else '女'}子{code}组"))
    w.m100.age_group_code = "A"
    w.mlj = factories.event(w.meet, w.cat, "MLJ", name="男子跳远", kind="measured",
                            sort_order=3)
    w.wlj = factories.event(w.meet, w.cat, "WLJ", name="女子跳远", kind="measured",
                            gender="F", sort_order=4)
    w.relay = factories.event(
        w.meet, w.cat, "X4X100", name="男女混合4×100米接力", gender="X", is_team=True,
        squad_min=4, squad_max=4, reserves=2, per_team_limit=1, sort_order=5,
        composition={"M": 2, "F": 2, "legs": {"F": [1, 3]}})
    w.head = factories.person(w.meet, w.d1, "陈领队", "M", role="leader")
    w.coach = factories.person(w.meet, w.d1, "周教练", "F", role="coach",
                               birth_date=dt.date(1980, 2, 2))
    # a1 (李明, born 1990) is 37 on the first day: men B, not admitted to the men's 100 m A.
    db.session.commit()
    return w


@pytest.fixture
def reg(app):
    return registration_world()


def person_form(**overrides) -> dict:
    data = {"version": "", "role": "athlete", "name": "赵强", "gender": "M",
            "id_number": YOUNG_MAN, "phone": "13900001111", "employer": "城关镇政府",
            "union_member": "y"}
    data.update(overrides)
    return data
