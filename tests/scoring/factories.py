"""Rounds, units and slots for scoring tests, built the way the draw builds them:
heats with lanes, flights, judged sessions, round-robin groups, a knockout bracket
from :func:`meet.rules.bracket.single_elimination` (unit code = match id, slot source
"W:M1"/"L:M1", ``settings["places"]``/``["loser_place"]``), Swiss rounds."""

from __future__ import annotations

import datetime as dt
import itertools

from meet.extensions import db
from meet.models import RefereeAssignment, Round, Unit, UnitSlot
from meet.rules import bracket as brk
from meet.rules.fixtures import round_robin
from tests import factories

_clock = itertools.count()
_bibs = itertools.count(101)
START = dt.datetime(2027, 5, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _next_time() -> dt.datetime:
    return START + dt.timedelta(minutes=10 * next(_clock))


def new_round(event, number: int = 1, stage: str = "final", name: str = "决赛",
              **settings) -> Round:
    r = Round(event_id=event.id, number=number, name=name, stage=stage, settings=settings,
              status="published")
    db.session.add(r)
    db.session.flush()
    return r


def unit(round_: Round, entries, number: int | None = None, *, lanes: bool = True,
         code: str = "", group: str = "", label: str = "", sources=()) -> Unit:
    number = number or len(round_.units) + 1
    u = Unit(round_id=round_.id, event_id=round_.event_id, number=number, code=code,
             group=group, label=label or f"第{number}组", starts_at=_next_time())
    db.session.add(u)
    db.session.flush()
    for pos, e in enumerate(entries, 1):
        source = sources[pos - 1] if sources else ""
        db.session.add(UnitSlot(unit_id=u.id, entry_id=e.id if e is not None else None,
                                position=pos, lane=pos + 1 if lanes else None, source=source))
    db.session.flush()
    db.session.refresh(round_)
    db.session.refresh(u)
    return u


def heats(event, groups, number: int = 1, stage: str = "heats", name: str = "预赛",
          **settings) -> Round:
    r = new_round(event, number, stage, name, **settings)
    for g in groups:
        unit(r, g)
    return r


def group_stage(event, teams, group: str = "A", number: int = 1, **settings) -> Round:
    r = new_round(event, number, "group", "小组赛", **settings)
    for k, rnd in enumerate(round_robin(list(teams)), 1):
        for f in rnd.fixtures:
            unit(r, [f.home, f.away], lanes=False, group=group, label=f"{group}组第{k}轮")
    return r


def knockout(event, entries, number: int = 1, third_place: bool = True) -> Round:
    b = brk.single_elimination(list(entries), third_place=third_place)
    places = {m.id: list(m.places) for m in b.matches if m.places}
    losers = {m.id: m.loser_place for m in b.matches if m.loser_place}
    r = new_round(event, number, "knockout", "淘汰赛", places=places, loser_place=losers)
    for m in b.matches:
        sides, sources = [], []
        for s in (m.a, m.b):
            if s.kind == brk.ENTRY:
                sides.append(s.ref)
                sources.append("")
            else:
                sides.append(None)
                sources.append(("W:" if s.kind == brk.WINNER else "L:") + s.ref)
        unit(r, sides, lanes=False, code=m.id, label=m.name, sources=sources)
    return r


def assign(user, event) -> None:
    db.session.add(RefereeAssignment(user_id=user.id, event_id=event.id))
    db.session.flush()


def athletes(w, event, n: int, gender: str = "M"):
    """``n`` entries in ``event``, alternating between the two delegations."""
    out = []
    for i in range(n):
        d = w.d1 if i % 2 == 0 else w.d2
        bib = next(_bibs)  # also spreads birth dates, so ID numbers stay unique
        born = dt.date(1975 + bib % 25, 1 + bib % 12, 1 + (bib // 12) % 28)
        p = factories.person(w.meet, d, f"选手{event.code}{i + 1}", gender, bib=str(bib),
                             birth_date=born)
        out.append(factories.entry(event, d, p))
    return out


def sheet_form(u: Unit, marks: dict[int, dict[str, str]]) -> dict[str, str]:
    """A sheet's form data: ``{position: {"mark": "10.83", ...}}`` by slot position."""
    form = {}
    for s in u.slots:
        for k, v in marks.get(s.position, {}).items():
            form[f"s{s.id}-{k}"] = v
    return form
