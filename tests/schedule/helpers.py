"""A meet to draw: a track of 8 lanes, a hall with no lane count, athletes of several
delegations entered in a race, a board game and a knockout."""

from __future__ import annotations

import datetime as dt

from meet.extensions import db
from meet.models import Result, Venue
from tests import factories


def draw_world(athletes: int = 20, delegations: int = 5):
    w = factories.small_world()
    w.track = Venue(meet_id=w.meet.id, code="TRACK", name="体育场", kind="track", lanes=8)
    w.hall = Venue(meet_id=w.meet.id, code="HALL", name="体育馆", kind="hall", lanes=None)
    db.session.add_all([w.track, w.hall])
    w.dlgs = [w.d1, w.d2] + [factories.delegation(w.meet, w.kind, f"{i:02d}")
                             for i in range(3, delegations + 1)]
    w.people = []
    for i in range(athletes):
        d = w.dlgs[i % delegations]
        w.people.append(factories.person(w.meet, d, f"选手{i:02d}", "M",
                                         birth_date=dt.date(1990, 1, 1 + i % 28),
                                         bib=f"{100 + i}"))
    for old in list(w.m100.entries):
        db.session.delete(old)
    db.session.flush()
    w.entries = [factories.entry(w.m100, p.delegation, p) for p in w.people]
    w.empty = factories.event(w.meet, w.cat, "M400", name="男子400米", name_en="Men's 400 m")
    w.chess = factories.event(w.meet, w.cat, "XQ", name="象棋", name_en="Xiangqi", kind="match",
                              gender="O", format="swiss", scoring_preset="chess",
                              result_unit="match")
    w.badminton = factories.event(w.meet, w.cat, "MBD", name="羽毛球", name_en="Badminton",
                                  kind="match", format="knockout", result_unit="match")
    w.chess_entries = [factories.entry(w.chess, p.delegation, p) for p in w.people[:7]]
    w.bd_entries = [factories.entry(w.badminton, p.delegation, p) for p in w.people[:6]]
    db.session.commit()
    return w


def track_settings(w, **kw) -> dict:
    return {"format": "heats_final", "venue_id": w.track.id, "lower_is_better": True,
            "unusable": [], "Q": None, "q": None} | kw


def result(slot, place=None, mark_value=None, status="OK", **kw) -> Result:
    r = Result(slot_id=slot.id, unit_id=slot.unit_id, entry_id=slot.entry_id, status=status,
               place=place if status == "OK" else None, mark_value=mark_value, **kw)
    db.session.add(r)
    return r


