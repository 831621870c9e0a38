"""A meet of six delegations of two kinds and two categories, for the standings."""

from __future__ import annotations

import pytest

from meet.extensions import db
from tests import factories
from tests.standings import factories as sf


class Games:
    pass


@pytest.fixture
def games(app):
    g = Games()
    g.meet = factories.meet()
    g.town = factories.unit_kind(g.meet, "township", "乡镇工会联合会")
    g.system = factories.unit_kind(g.meet, "system", "系统工会")
    g.t = sf.teams(g.meet, 6, [g.town, g.system])  # 01,03,05 towns; 02,04,06 systems
    g.ath = factories.category(g.meet, "ATH", "田径")
    g.ball = factories.category(g.meet, "BALL", "球类")
    g.admin = factories.user("admin", factories.Role.ORGANISER, g.meet)
    g.leader = factories.user("leader01", factories.Role.LEADER, g.meet, delegation_id=g.t[0].id)
    g.referee = factories.user("referee01", factories.Role.REFEREE, g.meet)
    g.chief = factories.user("chief", factories.Role.CHIEF, g.meet)
    g.marshal = factories.user("marshal01", factories.Role.MARSHAL, g.meet)
    db.session.commit()
    return g
