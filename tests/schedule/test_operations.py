"""Draw operations: entries drawn once, lanes unique, replay, redraw with a reason,
publication, refusals, and the next rounds filled from results."""

from collections import Counter

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, DelegationStatus, DrawRecord, RoundStatus
from meet.operations import OperationError
from meet.schedule import advance, operations, queries
from tests.schedule.helpers import draw_world, result, track_settings


@pytest.fixture
def w(app):
    return draw_world()


def first_round_entries(event_id):
    rnd = queries.rounds_of(event_id)[0]
    return [s.entry_id for u in rnd.units for s in u.slots if s.entry_id]


def test_every_entry_is_drawn_once_with_lanes_never_shared(w):
    operations.set_format(w.m100, track_settings(w))
    record = operations.draw_event(w.m100, seed=99)
    assert sorted(first_round_entries(w.m100.id)) == sorted(e.id for e in w.entries)
    heats, final = queries.rounds_of(w.m100.id)
    assert len(heats.units) == 3 and heats.status == RoundStatus.DRAWN.value
    for unit in heats.units:
        lanes = [s.lane for s in unit.slots]
        assert len(lanes) == len(set(lanes)) and all(1 <= x <= 8 for x in lanes)
        assert unit.venue_id == w.track.id
        assert max(Counter(s.entry.delegation_id for s in unit.slots).values()) <= 2
    assert [s.source for s in final.units[0].slots] == ["Q"] * 6 + ["q"] * 2
    assert record.seed == 99 and record.detail["settings"]["lanes"] == 8


def test_a_draw_replays_from_its_stored_inputs(w):
    operations.set_format(w.m100, track_settings(w))
    record = operations.draw_event(w.m100)
    check = operations.replay(record)
    assert check.same_as_recorded and check.same_as_current and check.slots == 20


def test_replay_notices_a_start_list_changed_behind_the_draws_back(w):
    operations.set_format(w.m100, track_settings(w))
    record = operations.draw_event(w.m100, seed=5)
    slot = queries.rounds_of(w.m100.id)[0].units[0].slots[0]
    slot.lane = 1 if slot.lane != 1 else 2
    db.session.commit()
    assert not operations.replay(record).same_as_current


def test_redrawing_a_published_draw_needs_a_reason_and_is_audited(w):
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=1)
    operations.publish_event(w.m100)
    with pytest.raises(OperationError) as err:
        operations.draw_event(w.m100, seed=2)
    assert err.value.field == "reason"
    record = operations.draw_event(w.m100, seed=2, reason="漏报一名运动员，补录后重抽")
    assert record.kind == "redraw" and record.reason.startswith("漏报")
    assert queries.rounds_of(w.m100.id)[0].status == RoundStatus.PUBLISHED.value
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "schedule.redrawn"))
    assert audit.reason.startswith("漏报") and audit.detail["seed"] == 2
    assert len(queries.draw_records(w.m100.id)) == 2


def test_a_redraw_keeps_units_and_their_schedule(w):
    import datetime as dt

    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=1)
    unit = queries.rounds_of(w.m100.id)[0].units[0]
    unit.starts_at = dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC)
    unit_id = unit.id
    db.session.commit()
    operations.draw_event(w.m100, seed=3)
    again = queries.rounds_of(w.m100.id)[0].units[0]
    assert again.id == unit_id and again.starts_at is not None


def test_the_draw_is_refused_once_results_exist(w):
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=1)
    result(queries.rounds_of(w.m100.id)[0].units[0].slots[0], 1, 11000)
    db.session.commit()
    with pytest.raises(OperationError):
        operations.draw_event(w.m100, seed=2)
    with pytest.raises(OperationError):
        operations.set_format(w.m100, track_settings(w, format="final"))


def test_a_returned_delegation_is_left_out_while_registration_is_open(w):
    w.d2.status = DelegationStatus.RETURNED.value
    db.session.commit()
    drawn = {c.id for c in queries.competitors(w.m100)}
    assert drawn == {e.id for e in w.entries if e.delegation_id != w.d2.id}


def test_after_registration_closes_only_approved_delegations_are_drawn(w):
    import datetime as dt

    w.meet.registration_opens = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    w.meet.registration_closes = dt.datetime(2020, 2, 1, tzinfo=dt.UTC)
    w.d1.status = DelegationStatus.APPROVED.value
    db.session.commit()
    assert {c.delegation for c in queries.competitors(w.m100)} == {w.d1.id}


def test_bad_format_settings_and_impossible_sizes_are_refused_with_a_message(w):
    with pytest.raises(OperationError):
        operations.set_format(w.m100, track_settings(w, format="swiss"))
    operations.set_format(w.m100, track_settings(w, Q=3, q=4))
    with pytest.raises(OperationError) as err:
        operations.draw_event(w.m100)
    assert "8" in err.value.message
    assert db.session.scalar(select(DrawRecord)) is None


def test_no_entries_and_no_lanes_are_drawn_and_explained(w):
    operations.set_format(w.empty, track_settings(w))
    record = operations.draw_event(w.empty, seed=1)
    assert record.detail["notes"] == [["no_entries", {}]]
    operations.set_format(w.m100, track_settings(w, format="final", venue_id=w.hall.id))
    record = operations.draw_event(w.m100, seed=1)
    assert ["no_lanes", {"per": 8}] in record.detail["notes"]
    assert all(s.lane is None for u in queries.rounds_of(w.m100.id)[0].units for s in u.slots)


def test_publishing_needs_a_draw_and_makes_every_round_public(w):
    with pytest.raises(OperationError):
        operations.publish_event(w.m100)
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=1)
    assert operations.publish_event(w.m100) == 2
    assert {r.status for r in queries.rounds_of(w.m100.id)} == {RoundStatus.PUBLISHED.value}


def test_draw_all_draws_every_event_not_yet_drawn(w):
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=1)
    seen = []
    out = operations.draw_all(w.meet, seed=7, progress=lambda d, t: seen.append((d, t)))
    assert out["skipped"] == ["M100"] and set(out["drawn"]) >= {"XQ", "MBD", "M400"}
    assert seen[-1][0] == seen[-1][1]


# --- next rounds --------------------------------------------------------------------


def test_heats_fill_the_final_by_q_and_q_with_lanes_by_rank(w):
    operations.set_format(w.m100, track_settings(w, Q=2, q=2))
    operations.draw_event(w.m100, seed=11)
    heats, final = queries.rounds_of(w.m100.id)
    time = {}
    for h, unit in enumerate(heats.units):
        for p, slot in enumerate(unit.slots, start=1):
            time[slot.entry_id] = 11000 + p * 100 + h * 10
            result(slot, p, time[slot.entry_id])
    db.session.commit()
    done = advance.advance_round(heats, seed=3)
    assert done.filled == 8
    final = queries.rounds_of(w.m100.id)[1]
    slots = final.units[0].slots
    assert Counter(s.qualified_from for s in slots) == {"Q": 6, "q": 2}
    assert len({s.lane for s in slots}) == 8
    winners = {u.slots[0].entry_id for u in heats.units}
    assert {s.lane for s in slots if s.entry_id in winners} <= {3, 4, 5, 6}
    record = queries.draw_records(w.m100.id)[0]
    assert record.kind == "advance" and operations.replay(record).same_as_recorded


def test_advancing_waits_until_every_heat_has_results(w):
    operations.set_format(w.m100, track_settings(w))
    operations.draw_event(w.m100, seed=11)
    heats = queries.rounds_of(w.m100.id)[0]
    result(heats.units[0].slots[0], 1, 11000)
    db.session.commit()
    assert advance.advance_round(heats).waiting == "results"


def test_knockout_winners_fill_the_next_matches(w):
    operations.draw_event(w.badminton, seed=4)  # default: knockout of 6 with byes
    rounds = queries.rounds_of(w.badminton.id)
    first = rounds[0]
    for unit in first.units:
        a, b = unit.slots
        result(a, 1, 2000)
        result(b, 2, 0)
    db.session.commit()
    assert advance.advance_round(first).filled == 2
    semis = queries.rounds_of(w.badminton.id)[1]
    assert all(s.entry_id for u in semis.units for s in u.slots)


def test_swiss_pairs_the_next_round_when_the_round_is_complete(w):
    operations.draw_event(w.chess, seed=4)
    r1 = queries.rounds_of(w.chess.id)[0]
    assert r1.settings["bye"] is not None and len(r1.units) == 3
    for unit in r1.units:
        result(unit.slots[0], 1, 1000)
        result(unit.slots[1], 2, 0)
    db.session.commit()
    assert advance.advance_round(r1).filled == 6
    r2 = queries.rounds_of(w.chess.id)[1]
    met = {frozenset(s.entry_id for s in u.slots) for u in r1.units}
    assert all(frozenset(s.entry_id for s in u.slots) not in met for u in r2.units)
    assert r2.settings["bye"] != r1.settings["bye"]
    assert operations.replay(queries.draw_records(w.chess.id)[0]).same_as_recorded


def test_groups_fill_the_knockout_crossed(w):
    settings = {"format": "groups_knockout", "groups": 2, "advance": 2, "best_of": 1,
                "preset": "generic", "venue_id": w.hall.id}
    operations.set_format(w.badminton, settings)
    operations.draw_event(w.badminton, seed=8)
    group_stage = queries.rounds_of(w.badminton.id)[0]
    for unit in group_stage.units:
        home, away = unit.slots
        better = home.entry_id < away.entry_id
        result(home, 1 if better else 2, 2000 if better else 0)
        result(away, 2 if better else 1, 0 if better else 2000)
    db.session.commit()
    advance.advance_round(group_stage, seed=1)
    semis = queries.rounds_of(w.badminton.id)[1]
    groups = group_stage.settings["groups"]
    top = {g: sorted(m)[:2] for g, m in groups.items()}
    assert [s.entry_id for s in semis.units[0].slots] == [top["A"][0], top["B"][1]]
    assert [s.entry_id for s in semis.units[1].slots] == [top["B"][0], top["A"][1]]
