"""The database side of ``bench/meet_day.py``: a fresh PostgreSQL database with the
demo meet, the meet-day staff and their work, and at the end the ledgers of what the
server accepted checked against what the database holds.

The staff on top of the demo's (12 referees, one marshal, the chief referee):

* referees up to ``--referees`` (referee13 …) and marshals up to ``--marshals``
  (marshal02 …), with the demo password; every referee is assigned to an event that
  still has heats or matches to play (the chief referee adds tables on meet day);
* every athlete's badge issued (what the first print of the badges does).

The work: every unit not yet started whose start list is complete (a heat, flight or
match with its athletes drawn) goes to exactly one referee of its event, so two
tablets never score the same unit (a 409 would then be a bug, and is counted as an
error); each unit gets two sheets, made by the demo's own sheet generator
(:mod:`meet.demo.results`): the one sent, and a correction the referee may send
before handing the unit to the chief referee. The marshals share the same units in
time order and check in the athletes of each.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).with_name("flask"))


@dataclass
class UnitWork:
    unit_id: int
    event_id: int
    sheets: list[dict]  # the sheet sent first, then a correction
    people: list[tuple[int, str, str]]  # (person id, badge token, bib)


@dataclass
class Plan:
    meet_id: int
    referees: dict[str, list[UnitWork]]
    marshals: dict[str, list[UnitWork]]
    strangers: list[tuple[int, str]]  # (person id, badge token) of athletes in no unit
    event_ids: list[int] = field(default_factory=list)
    delegation_ids: list[int] = field(default_factory=list)
    bibs: list[str] = field(default_factory=list)
    schema: str = "migrations"


def _psql_admin(url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = make_url(url).set(database="postgres")
    return create_engine(admin, isolation_level="AUTOCOMMIT")


def recreate_database(url: str, template: str | None = None) -> None:
    """Drop and create the bench database (from ``template`` when given)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    engine = _psql_admin(url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    engine.dispose()


def template_exists(url: str, template: str) -> bool:
    from sqlalchemy import text

    engine = _psql_admin(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": template}).first()
    engine.dispose()
    return found is not None


def save_template(url: str, template: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    engine = _psql_admin(url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{template}" TEMPLATE "{make_url(url).database}"'))
    engine.dispose()


def flask(env: dict, *args: str) -> None:
    done = subprocess.run([FLASK, "--app", "meet:create_app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"flask {' '.join(args)} failed")


def migrate_and_load_demo(app, env: dict) -> str:
    """``flask db upgrade`` and ``flask meet demo``. While the migrations lag behind the
    models (a column added, its revision not yet written), the schema is made by
    ``create_all`` instead and the report says so."""
    from sqlalchemy import inspect, text

    from meet.extensions import db

    flask(env, "db", "upgrade")
    with app.app_context():
        have = inspect(db.engine)
        tables = set(have.get_table_names())
        missing = [f"{t.name}.{c.name}" for t in db.metadata.sorted_tables
                   for c in t.columns
                   if t.name not in tables
                   or c.name not in {x["name"] for x in have.get_columns(t.name)}]
        schema = "migrations"
        if missing:
            schema = f"create_all (migrations lag the models: {', '.join(missing[:6])})"
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.create_all()
            db.engine.dispose()
            flask(env, "db", "stamp", "head")
    flask(env, "meet", "demo")
    return schema


def prepare_staff(app, referees: int, marshals: int) -> None:
    """Accounts, assignments and badges (see the module docstring)."""
    from sqlalchemy import select

    from meet.badges.operations import ensure_badges
    from meet.extensions import db
    from meet.models import Meet, Person, RefereeAssignment, Role, User

    with app.app_context():
        meet = db.session.scalars(select(Meet)).one()
        users = {u.username: u for u in db.session.scalars(select(User))}
        password = users["referee01"].password_hash
        busy = [e for e, _n in _open_units_by_event(meet.id)]
        for i in range(1, referees + 1):
            name = f"referee{i:02d}"
            user = users.get(name) or User(meet_id=meet.id, username=name,
                                           role=Role.REFEREE.value, password_hash=password,
                                           display_name=f"第{i}裁判台")
            db.session.add(user)
            if not set(busy) & user.assigned_event_ids:
                user.assignments.append(RefereeAssignment(event_id=busy[i % len(busy)]))
        for i in range(1, marshals + 1):
            name = f"marshal{i:02d}"
            if name not in users:
                db.session.add(User(meet_id=meet.id, username=name, role=Role.MARSHAL.value,
                                    password_hash=password, display_name=f"检录{i}"))
        db.session.commit()
        ensure_badges(meet, db.session.scalars(select(Person).where(Person.meet_id == meet.id)))


def _open_units_by_event(meet_id: int) -> list[tuple[int, int]]:
    """Events with units to score, the busiest first: (event id, number of units)."""
    counts: dict[int, int] = defaultdict(int)
    for unit in _open_units(meet_id):
        counts[unit.event_id] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _open_units(meet_id: int) -> list:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from meet.extensions import db
    from meet.models import Event, Unit, UnitStatus

    units = db.session.scalars(
        select(Unit).join(Event, Event.id == Unit.event_id)
        .where(Event.meet_id == meet_id, Unit.status == UnitStatus.NOT_STARTED.value)
        .options(selectinload(Unit.slots))
        .order_by(Unit.starts_at.is_(None), Unit.starts_at, Unit.id))
    return [u for u in units if u.slots and all(s.entry_id is not None for s in u.slots)]


def make_plan(app, referees: int, marshals: int, schema: str) -> Plan:
    from sqlalchemy import select

    from meet.demo.results import _Demo
    from meet.extensions import db
    from meet.models import (
        Badge,
        Delegation,
        EntryMember,
        Event,
        Meet,
        Person,
        Role,
        UnitSlot,
        User,
    )

    with app.app_context():
        meet = db.session.scalars(select(Meet)).one()
        demo = _Demo(meet)
        tokens = dict(db.session.execute(select(Badge.person_id, Badge.token).where(
            Badge.meet_id == meet.id, Badge.revoked_at.is_(None),
            Badge.person_id.is_not(None))).all())
        bibs = dict(db.session.execute(select(Person.id, Person.bib).where(
            Person.meet_id == meet.id)).all())
        members: dict[int, list[int]] = defaultdict(list)
        for entry_id, person_id in db.session.execute(select(EntryMember.entry_id,
                                                             EntryMember.person_id)):
            members[entry_id].append(person_id)
        scorers: dict[int, list[str]] = defaultdict(list)
        for user in db.session.scalars(select(User).where(User.role == Role.REFEREE.value)
                                       .order_by(User.username)):
            if int(user.username.removeprefix("referee") or 0) <= referees:
                for event_id in sorted(user.assigned_event_ids):
                    scorers[event_id].append(user.username)
        plan = Plan(meet.id, {f"referee{i:02d}": [] for i in range(1, referees + 1)},
                    {f"marshal{i:02d}": [] for i in range(1, marshals + 1)}, [], schema=schema)
        turn: dict[int, int] = defaultdict(int)
        in_units: set[int] = set()
        for n, unit in enumerate(_open_units(meet.id)):
            if not scorers.get(unit.event_id):
                continue
            people = [(p, tokens.get(p, ""), bibs.get(p) or "") for s in unit.slots
                      for p in members.get(s.entry_id, [])]
            in_units.update(p for p, _t, _b in people)
            work = UnitWork(unit.id, unit.event_id, [demo.sheet(unit), demo.sheet(unit)], people)
            names = scorers[unit.event_id]
            plan.referees[names[turn[unit.event_id] % len(names)]].append(work)
            turn[unit.event_id] += 1
            plan.marshals[f"marshal{n % marshals + 1:02d}"].append(work)
        db.session.rollback()  # the generator read the sheets; nothing is written
        in_any_slot = set(db.session.scalars(select(EntryMember.person_id).join(
            UnitSlot, UnitSlot.entry_id == EntryMember.entry_id)))
        plan.strangers = [(p, t) for p, t in tokens.items()
                          if p not in in_units and p not in in_any_slot][:200]
        plan.event_ids = list(db.session.scalars(select(Event.id).where(
            Event.meet_id == meet.id).order_by(Event.sort_order)))
        plan.delegation_ids = list(db.session.scalars(select(Delegation.id).where(
            Delegation.meet_id == meet.id)))
        plan.bibs = sorted(b for b in bibs.values() if b)
    return plan


# -- the end: ledgers against the database ------------------------------------------------

def verify(app, *, submissions: dict[str, tuple[int, int]], last_sheet: dict[int, str],
           checkins: set[tuple[int, int]], published: set[int], key_prefix: str,
           marshals: list[str]) -> dict:
    """``submissions``: accepted key -> (unit id, version number); ``last_sheet``: unit id
    -> the key of the last sheet the server accepted for it; ``checkins``: (unit id,
    person id) the server answered "ok" for; ``published``: units the chief referee
    published. Lost: accepted but not in the database; doubled: stored more than once;
    unexpected: stored by this run without an acknowledgement."""
    from sqlalchemy import func, select

    from meet.extensions import db
    from meet.models import CheckIn, Result, ResultVersion, Unit, UnitSlot, User

    with app.app_context():
        stored = db.session.execute(
            select(ResultVersion.submission_key, ResultVersion.unit_id, ResultVersion.number)
            .where(ResultVersion.submission_key.like(f"{key_prefix}%"))).all()
        by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for key, unit_id, number in stored:
            by_key[key].append((unit_id, number))
        lost_versions = sorted(k for k, (u, n) in submissions.items() if (u, n) not in by_key[k])
        doubled_versions = sorted(k for k, rows in by_key.items() if len(rows) > 1)
        unexpected_versions = sorted(set(by_key) - set(submissions))

        # the results on each scored unit are the lines of the last accepted sheet
        units = list(last_sheet)
        lines = dict(db.session.execute(
            select(UnitSlot.unit_id, func.count()).where(
                UnitSlot.unit_id.in_(units or [-1]), UnitSlot.entry_id.is_not(None))
            .group_by(UnitSlot.unit_id)).all())
        results = dict(db.session.execute(
            select(Result.unit_id, func.count()).where(Result.unit_id.in_(units or [-1]))
            .group_by(Result.unit_id)).all())
        doubled_results = dict(db.session.execute(
            select(Result.slot_id, func.count()).where(Result.unit_id.in_(units or [-1]))
            .group_by(Result.slot_id).having(func.count() > 1)).all())
        latest_sheet = {}
        for unit_id in units:
            latest_sheet[unit_id] = db.session.scalar(
                select(ResultVersion.submission_key).where(
                    ResultVersion.unit_id == unit_id,
                    ResultVersion.action.in_(("submit", "correct")))
                .order_by(ResultVersion.number.desc()).limit(1))
        stale_units = sorted(u for u, key in last_sheet.items() if latest_sheet.get(u) != key)
        short_units = sorted(u for u in units if results.get(u, 0) != lines.get(u, 0))

        ids = list(db.session.scalars(select(User.id).where(User.username.in_(marshals))))
        rows = db.session.execute(select(CheckIn.unit_id, CheckIn.person_id).where(
            CheckIn.by_user_id.in_(ids or [-1]))).all()
        stored_checkins: dict[tuple[int, int], int] = defaultdict(int)
        for row in rows:
            stored_checkins[tuple(row)] += 1
        statuses = dict(db.session.execute(select(Unit.id, Unit.status).where(
            Unit.id.in_(list(published) or [-1]))).all())
        return {
            "results": {
                "submissions_accepted": len(submissions),
                "versions_stored": len(stored),
                "units_scored": len(units),
                "result_rows_expected": sum(lines.get(u, 0) for u in units),
                "result_rows_stored": sum(results.get(u, 0) for u in units),
                "lost": lost_versions[:20], "lost_count": len(lost_versions),
                "doubled": doubled_versions[:20], "doubled_count": len(doubled_versions),
                "doubled_result_rows": len(doubled_results),
                "unacknowledged_stored": unexpected_versions[:20],
                "units_not_at_last_sheet": stale_units[:20],
                "units_with_wrong_result_rows": short_units[:20],
            },
            "checkins": {
                "accepted": len(checkins),
                "stored": len(rows),
                "lost": sorted(checkins - set(stored_checkins))[:20],
                "lost_count": len(checkins - set(stored_checkins)),
                "doubled_count": sum(1 for n in stored_checkins.values() if n > 1),
                "unacknowledged_stored": sorted(set(stored_checkins) - checkins)[:20],
            },
            "published": {
                "by_chief": len(published),
                "stored_published": sum(1 for s in statuses.values() if s == "published"),
                "not_published": sorted(u for u in published if statuses.get(u) != "published"),
            },
        }
