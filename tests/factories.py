"""Factories that build exactly the world a test needs."""

from __future__ import annotations

import datetime as dt
import itertools

from meet.extensions import db
from meet.models import (
    Category,
    Delegation,
    Entry,
    EntryMember,
    Event,
    Meet,
    Person,
    RefereeAssignment,
    Role,
    UnitKind,
    User,
)
from meet.rules import idcard

PASSWORD = "correct-horse-battery"
_HASHES: dict[str, str] = {}
_seq = itertools.count(1)


def meet(**kw) -> Meet:
    m = Meet(
        name=kw.pop("name", "测试县第一届职工运动会"),
        name_en=kw.pop("name_en", "First Test County Workers' Games"),
        short_name=kw.pop("short_name", "测试职运会"),
        edition=kw.pop("edition", 1),
        theme=kw.pop("theme", "团结、拼搏、健身、和谐"),
        start_date=kw.pop("start_date", dt.date(2027, 5, 1)),
        end_date=kw.pop("end_date", dt.date(2027, 5, 3)),
        **kw,
    )
    db.session.add(m)
    db.session.flush()
    return m


def unit_kind(m: Meet, code: str = "township", name: str = "乡镇工会联合会") -> UnitKind:
    k = UnitKind(meet_id=m.id, code=code, name=name, name_en=code)
    db.session.add(k)
    db.session.flush()
    return k


def delegation(m: Meet, kind: UnitKind, code: str, name: str | None = None) -> Delegation:
    d = Delegation(
        meet_id=m.id, unit_kind_id=kind.id, code=code, name=name or f"第{code}代表队",
        short_name=name or f"{code}队",
    )
    db.session.add(d)
    db.session.flush()
    return d


def person(m: Meet, d: Delegation, name: str = "张伟", gender: str = "M", **kw) -> Person:
    birth = kw.pop("birth_date", dt.date(1990, 3, 15))
    number = kw.pop("id_number", None) or idcard.make("350721", birth, next(_seq) % 100, gender)
    p = Person(
        meet_id=m.id, delegation_id=d.id, name=name, gender=gender, birth_date=birth,
        id_number=number, phone=kw.pop("phone", "13800138000"), **kw,
    )
    db.session.add(p)
    db.session.flush()
    return p


def category(m: Meet, code: str = "ATH", name: str = "田径") -> Category:
    c = Category(meet_id=m.id, code=code, name=name, name_en="Athletics")
    db.session.add(c)
    db.session.flush()
    return c


def event(m: Meet, c: Category, code: str = "M100", **kw) -> Event:
    e = Event(
        meet_id=m.id, category_id=c.id, code=code, name=kw.pop("name", "男子100米"),
        name_en=kw.pop("name_en", "Men's 100 m"), kind=kw.pop("kind", "timed"),
        gender=kw.pop("gender", "M"), **kw,
    )
    db.session.add(e)
    db.session.flush()
    return e


def entry(e: Event, d: Delegation, *people: Person) -> Entry:
    en = Entry(event_id=e.id, delegation_id=d.id)
    db.session.add(en)
    db.session.flush()
    for i, p in enumerate(people, 1):
        db.session.add(EntryMember(entry_id=en.id, event_id=e.id, person_id=p.id, position=i))
    db.session.flush()
    return en


def user(username: str, role: Role, m: Meet | None = None, **kw) -> User:
    password = kw.pop("password", PASSWORD)
    u = User(username=username, role=role.value, meet_id=m.id if m else None, **kw)
    if password not in _HASHES:  # scrypt is slow on purpose: hash each password once
        u.set_password(password)
        _HASHES[password] = u.password_hash
    u.password_hash = _HASHES[password]
    db.session.add(u)
    db.session.flush()
    return u


class World:
    """One meet, two delegations with an athlete each, one event, one account per role."""


def small_world() -> World:
    w = World()
    w.meet = meet()
    w.kind = unit_kind(w.meet)
    w.d1 = delegation(w.meet, w.kind, "01", "城关镇工会联合会")
    w.d2 = delegation(w.meet, w.kind, "02", "洋口镇工会联合会")
    w.a1 = person(w.meet, w.d1, "李明", "M")
    w.a2 = person(w.meet, w.d2, "王芳", "F", birth_date=dt.date(1992, 8, 1))
    w.cat = category(w.meet)
    w.m100 = event(w.meet, w.cat, "M100")
    w.w100 = event(w.meet, w.cat, "W100", name="女子100米", gender="F")
    entry(w.m100, w.d1, w.a1)
    w.admin = user("admin", Role.ORGANISER, w.meet)
    w.leader1 = user("leader01", Role.LEADER, w.meet, delegation_id=w.d1.id)
    w.leader2 = user("leader02", Role.LEADER, w.meet, delegation_id=w.d2.id)
    w.referee = user("referee01", Role.REFEREE, w.meet)
    db.session.add(RefereeAssignment(user_id=w.referee.id, event_id=w.m100.id))
    w.chief = user("chief", Role.CHIEF, w.meet)
    w.marshal = user("marshal01", Role.MARSHAL, w.meet)
    db.session.commit()
    return w
