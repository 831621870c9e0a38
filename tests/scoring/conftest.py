"""A scoring world: the small world plus events of every kind, each with units drawn."""

from __future__ import annotations

import pytest

from meet.extensions import db
from tests import factories
from tests.scoring import factories as sf


@pytest.fixture
def sw(world):
    w = world
    people = sf.athletes(w, w.m100, 5)
    w.heat_round = sf.heats(w.m100, [people], stage="final", name="决赛")
    w.heat = w.heat_round.units[0]
    w.lj = factories.event(w.meet, w.cat, "MLJ", name="男子跳远", kind="measured",
                           result_unit="distance")
    w.lj_round = sf.heats(w.lj, [sf.athletes(w, w.lj, 4)], stage="final", name="决赛")
    w.flight = w.lj_round.units[0]
    w.radio = factories.event(w.meet, w.cat, "RADIO", name="广播操", kind="judged",
                              result_unit="score")
    w.radio_round = sf.heats(w.radio, [sf.athletes(w, w.radio, 3)], stage="final",
                             name="决赛", panel=5)
    w.session_unit = w.radio_round.units[0]
    w.bb = factories.event(w.meet, w.cat, "MBB", name="男子篮球", kind="match",
                           result_unit="match", scoring_preset="fiba", format="round_robin")
    w.teams = sf.athletes(w, w.bb, 3)
    w.group = sf.group_stage(w.bb, w.teams)
    for e in (w.lj, w.radio, w.bb):
        sf.assign(w.referee, e)
    db.session.commit()
    return w
