"""Invariants held by the database itself, not only by Python."""

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from meet.extensions import db
from meet.models import Delegation, EntryMember, Event, Meet, Person, Role, User
from tests import factories


def _fails(fn):
    with pytest.raises((IntegrityError, StatementError)):
        fn()
        db.session.flush()
    db.session.rollback()


def test_one_person_belongs_to_one_delegation_per_meet(world):
    _fails(lambda: factories.person(world.meet, world.d2, "李明", id_number=world.a1.id_number))


def test_bib_numbers_are_unique_per_meet(world):
    world.a1.bib = "0101"
    db.session.flush()
    world.a2.bib = "0101"
    _fails(lambda: None)


def test_a_person_is_in_one_entry_per_event(world):
    _fails(lambda: factories.entry(world.m100, world.d1, world.a1))


def test_an_entry_member_cannot_point_at_another_event(world):
    entry = world.m100.entries[0]
    _fails(lambda: db.session.add(
        EntryMember(entry_id=entry.id, event_id=world.w100.id, person_id=world.a2.id, position=2)
    ))


def test_a_leader_account_needs_a_delegation_and_others_must_not_have_one(world):
    _fails(lambda: factories.user("leader99", Role.LEADER, world.meet))
    _fails(lambda: factories.user("ref99", Role.REFEREE, world.meet, delegation_id=world.d1.id))


def test_usernames_are_unique(world):
    _fails(lambda: factories.user("admin", Role.ORGANISER, world.meet))


@pytest.mark.parametrize(
    "field, value",
    [("kind", "dancing"), ("gender", "Q"), ("squad_min", 0), ("points_multiplier", 0)],
)
def test_event_values_are_checked(world, field, value):
    def change():
        setattr(world.m100, field, value)

    _fails(change)


def test_an_individual_event_has_a_squad_of_one(world):
    def change():
        world.m100.squad_max = 4

    _fails(change)
    world.m100.is_team = True
    world.m100.squad_min, world.m100.squad_max = 4, 6
    db.session.flush()


def test_meet_dates_must_be_in_order(world):
    def change():
        world.meet.end_date = world.meet.start_date - dt.timedelta(days=1)

    _fails(change)


def test_person_gender_and_role_are_checked(world):
    def bad_gender():
        world.a1.gender = "X"

    def bad_role():
        world.a1.role = "mascot"

    _fails(bad_gender)
    _fails(bad_role)


def test_delegation_status_is_checked(world):
    def change():
        world.d1.status = "lost"

    _fails(change)


def test_two_saves_of_one_delegation_do_not_overwrite_silently(app, world):
    """Optimistic locking: two browsers load the delegation; the second save is refused."""
    from sqlalchemy.orm import Session

    with Session(db.engine) as first, Session(db.engine) as second:
        a = first.get(Delegation, world.d1.id)
        b = second.get(Delegation, world.d1.id)
        a.status_comment = "first save"
        first.commit()
        b.status_comment = "second save"
        with pytest.raises(StaleDataError):
            second.commit()
    db.session.expire_all()
    assert db.session.get(Delegation, world.d1.id).status_comment == "first save"


def test_deleting_a_meet_removes_its_data(world):
    meet_id = world.meet.id
    db.session.execute(db.delete(User).where(User.meet_id == meet_id))
    db.session.delete(db.session.get(Meet, meet_id))
    db.session.commit()
    assert db.session.query(Person).count() == 0
    assert db.session.query(Event).count() == 0


def test_a_final_is_named_once_not_twice():
    """The order book, the timetable and the call room printed "决赛 决赛"."""
    from meet.badges.checkin import unit_title
    from meet.models import Event, Round, Unit

    event = Event(name="男子100米")
    final = Round(name="决赛", number=2)
    lone = Unit(number=1, label="决赛", round=final, event=event)
    assert (lone.shown_label, lone.heat_label) == ("", "")
    assert unit_title(lone) == "男子100米 决赛"
    heats = Round(name="预赛", number=1)
    assert Unit(number=2, label="第2组", round=heats, event=event).shown_label == "第2组"
    assert Unit(number=3, label="", round=heats, event=event).heat_label == "第3组"
