"""A world with heats for badge and call-room tests."""

from __future__ import annotations

from meet.extensions import db
from meet.models import Entry, Round, Unit, UnitSlot
from tests import factories


def heats(world):
    """Men's 100 m heats: a1 (d1) in heat 1, a3 (d2) in heat 2; a4 (d2) entered nowhere."""
    w = world
    w.a1.bib = "0101"
    w.a3 = factories.person(w.meet, w.d2, "赵强", "M", bib="0201")
    w.a4 = factories.person(w.meet, w.d2, "钱伟", "M", bib="0202")
    factories.entry(w.m100, w.d2, w.a3)
    rnd = Round(event_id=w.m100.id, number=1, name="预赛", stage="heats")
    db.session.add(rnd)
    db.session.flush()
    w.heat1 = Unit(round_id=rnd.id, event_id=w.m100.id, number=1, label="第1组")
    w.heat2 = Unit(round_id=rnd.id, event_id=w.m100.id, number=2, label="第2组")
    db.session.add_all([w.heat1, w.heat2])
    db.session.flush()
    e1, e3 = (db.session.scalars(db.select(Entry).where(Entry.event_id == w.m100.id,
                                                         Entry.delegation_id == d.id)).one()
              for d in (w.d1, w.d2))
    db.session.add_all([UnitSlot(unit_id=w.heat1.id, entry_id=e1.id, position=1, lane=4),
                        UnitSlot(unit_id=w.heat2.id, entry_id=e3.id, position=1, lane=5)])
    db.session.commit()
    return w
