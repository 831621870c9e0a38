"""Rounds and units for timetable tests, written straight into the tables (the draw
operations are tested with the draws; here only the shape of the units matters):
heats of eight and a final, flights of twelve, one judged session, and for matches a
knockout bracket whose later matches wait for "W:M1"/"L:M3" and a bronze match."""

from __future__ import annotations

import math

from meet.extensions import db
from meet.models import Event, Round, RoundStatus, Unit, UnitSlot


def _round(event: Event, number: int, name: str, stage: str) -> Round:
    r = Round(event_id=event.id, number=number, name=name, stage=stage,
              status=RoundStatus.DRAWN.value, settings={})
    db.session.add(r)
    db.session.flush()
    return r


def _unit(r: Round, number: int, entries=(), sources=(), code: str = "", label: str = "") -> Unit:
    u = Unit(round_id=r.id, event_id=r.event_id, number=number, code=code,
             label=label or f"第{number}组")
    for i, e in enumerate(entries, 1):
        u.slots.append(UnitSlot(position=i, entry_id=e.id, lane=i))
    for i, src in enumerate(sources, len(entries) + 1):
        u.slots.append(UnitSlot(position=i, source=src))
    db.session.add(u)
    return u


def draw_event(event: Event) -> None:
    entries = list(event.entries)
    if not entries:
        return
    if event.kind == "timed":
        heats = math.ceil(len(entries) / 8)
        r = _round(event, 1, "预赛" if heats > 1 else "决赛", "heats" if heats > 1 else "final")
        for h in range(heats):
            _unit(r, h + 1, entries[h::heats])
        if heats > 1:
            _unit(_round(event, 2, "决赛", "final"), 1, sources=[""] * 8, label="决赛")
    elif event.kind in ("measured", "judged"):
        size = 12 if event.kind == "measured" else len(entries)
        r = _round(event, 1, "决赛", "flights" if event.kind == "measured" else "order")
        for f in range(math.ceil(len(entries) / size)):
            _unit(r, f + 1, entries[f * size:(f + 1) * size])
    else:
        knockout(event, entries)


def knockout(event: Event, entries: list) -> None:
    size = 1 << max(1, math.ceil(math.log2(len(entries))))
    slots = entries + [None] * (size - len(entries))
    number, feeders, rnd_no = 1, [], 1
    r = _round(event, rnd_no, "第1轮", "knockout")
    for i in range(size // 2):
        a, b = slots[i], slots[size - 1 - i]
        pair = [e for e in (a, b) if e is not None]
        u = _unit(r, i + 1, pair, sources=["BYE"] * (2 - len(pair)), code=f"M{number}",
                  label=f"第{number}场")
        feeders.append(u)
        number += 1
    while len(feeders) > 1:
        rnd_no += 1
        last = len(feeders) == 2
        r = _round(event, rnd_no, "决赛" if last else f"第{rnd_no}轮",
                   "final" if last else "knockout")
        nxt = []
        for i in range(0, len(feeders), 2):
            a, b = feeders[i], feeders[i + 1]
            nxt.append(_unit(r, i // 2 + 1, sources=[f"W:{a.code}", f"W:{b.code}"],
                             code=f"M{number}", label=f"第{number}场"))
            number += 1
        if last:
            _unit(r, 2, sources=[f"L:{feeders[0].code}", f"L:{feeders[1].code}"],
                  code=f"M{number}", label="三四名决赛")
        db.session.flush()
        feeders = nxt


def draw_meet(meet) -> None:
    for event in db.session.scalars(db.select(Event).where(Event.meet_id == meet.id)):
        draw_event(event)
    db.session.commit()
