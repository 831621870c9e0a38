"""Scheduling operations: automatic placement, pins, what cannot be placed and why,
hand moves refused or overridden (audited), the conflicts of a late entry change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, EventVenue, Unit, UnitStatus, Venue
from meet.operations import OperationError
from meet.rules import timetable_check as tc
from meet.schedule import jobs
from meet.schedule import timetable as ops
from meet.schedule import timetable_setup as setup
from meet.schedule.problem import CST, build, local
from tests import factories


def units_of(event) -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.event_id == event.id)
                                   .order_by(Unit.round_id, Unit.number)))


def at(day: int, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime(2027, 5, day, h, m, tzinfo=CST)


def test_auto_schedule_places_every_unit_without_a_conflict(sched):
    summary = ops.auto_schedule(sched.meet, time_limit=0)
    assert summary["unplaced"] == [] and summary["conflicts"] == 0
    problem = build(sched.meet)
    assert len(problem.placements()) == len(problem.units) == summary["placed"]
    assert problem.check() == []  # the independent checker, on what the database holds
    relay = units_of(sched.relay)[0]
    for heat in units_of(sched.m100)[:2]:
        shared = {p for p in problem.units[f"u{heat.id}"].participants
                  if p in problem.units[f"u{relay.id}"].participants}
        if shared:  # a runner of both: apart, with the rest time between
            a, b = sorted([heat, relay], key=lambda u: u.starts_at)
            assert local(b.starts_at) - local(a.ends_at) >= dt.timedelta(minutes=30)


def test_final_waits_for_the_heats_with_the_final_gap(sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    heats, final = units_of(sched.m100)[:-1], units_of(sched.m100)[-1]
    assert final.round.number == 2
    assert local(final.starts_at) >= max(local(h.ends_at) for h in heats) + dt.timedelta(hours=1)


def test_cp_sat_run_also_leaves_no_conflict(sched):
    summary = ops.auto_schedule(sched.meet, time_limit=3, workers=1)
    assert summary["conflicts"] == 0 and summary["unplaced"] == []
    assert build(sched.meet).check() == []


def test_knockout_match_counts_everyone_who_can_reach_it(sched):
    problem = build(sched.meet)
    final = next(u for u in units_of(sched.tt) if u.label == "三四名决赛")
    players = {f"p{p.id}" for p in sched.players}
    assert problem.units[f"u{final.id}"].potential == players  # round 1 losers' sources
    assert problem.units[f"u{final.id}"].participants == frozenset()


def test_pinned_and_played_units_keep_their_place(sched):
    first, second = units_of(sched.m100)[:2]
    ops.move_unit(first, venue=sched.track, start=at(2, "15:00"))
    second.venue_id, second.status = sched.track.id, UnitStatus.CONFIRMED.value
    second.starts_at, second.ends_at = at(2, "16:00"), at(2, "16:06")
    db.session.commit()
    ops.auto_schedule(sched.meet, time_limit=0)
    db.session.refresh(first)
    db.session.refresh(second)
    assert local(first.starts_at) == at(2, "15:00") and first.pinned
    assert local(second.starts_at) == at(2, "16:00")
    assert build(sched.meet).check() == []


def test_a_unit_that_cannot_be_placed_is_reported_with_its_reason(sched):
    pool = Venue(meet_id=sched.meet.id, code="POOL", name="游泳馆", kind="pool", capacity=1)
    db.session.add(pool)
    db.session.flush()
    swim = factories.event(sched.meet, sched.cat, "M50FR", name="男子50米自由泳")
    factories.entry(swim, sched.d1, sched.runners[2])
    db.session.add(EventVenue(event_id=swim.id, venue_id=pool.id))  # the pool has no hours
    from tests.schedule.timetable_world import draw_event

    draw_event(swim)
    db.session.commit()
    summary = ops.auto_schedule(sched.meet, time_limit=0)
    assert [u["code"] for u in summary["unplaced"]] == ["no_window"]
    assert "开放时段" in summary["unplaced"][0]["reason"]
    assert units_of(swim)[0].starts_at is None
    assert summary["placed"] == len(build(sched.meet).units) - 1


def test_a_move_that_creates_a_conflict_is_refused_with_the_athletes(sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    heat = next(u for u in units_of(sched.m100)[:-1]
                if any(s.entry.members[0].person_id == sched.runners[1].id
                       for s in u.slots if s.entry))
    relay = units_of(sched.relay)[0]
    before = (heat.venue_id, heat.starts_at)
    with pytest.raises(ops.MoveRefused) as refused:
        ops.move_unit(heat, venue=sched.track, start=local(relay.starts_at))
    kinds = {c.kind for c in refused.value.conflicts}
    assert tc.DOUBLE_BOOKED in kinds or tc.VENUE_OVER_CAPACITY in kinds
    named = {p.id for c in refused.value.conflicts for p in c.persons}
    assert sched.runners[1].id in named
    assert "跑者01" in refused.value.message
    db.session.rollback()
    db.session.refresh(heat)
    assert (heat.venue_id, heat.starts_at) == before and not heat.pinned


def test_an_override_needs_a_reason_and_is_audited(sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    heat, relay = units_of(sched.m100)[0], units_of(sched.relay)[0]
    with pytest.raises(OperationError) as no_reason:
        ops.move_unit(heat, venue=sched.track, start=local(relay.starts_at), override=True)
    assert no_reason.value.field == "reason"
    db.session.rollback()
    accepted = ops.move_unit(heat, venue=sched.track, start=local(relay.starts_at),
                             override=True, reason="电视转播要求")
    assert accepted
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "schedule.move_override")).one()
    assert entry.reason == "电视转播要求" and entry.detail["conflicts"]
    assert local(heat.starts_at) == local(relay.starts_at) and heat.pinned
    assert any(c.kind == tc.VENUE_OVER_CAPACITY for c in build(sched.meet).check())


def test_a_clean_move_is_audited_and_pins(sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    match = units_of(sched.tt)[-1]  # the bronze-medal match: nothing waits for it
    assert ops.move_unit(match, venue=sched.hall, start=at(2, "17:00"), court="2") == []
    assert match.pinned and match.court == "2"
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "schedule.move")).one().target_id == match.id
    with pytest.raises(OperationError) as bad_court:
        ops.move_unit(match, venue=sched.hall, start=at(2, "17:00"), court="9")
    assert bad_court.value.field == "court"


def test_late_entry_change_shows_the_units_it_breaks(sched):
    ops.auto_schedule(sched.meet, time_limit=0)
    heat, relay = units_of(sched.m100)[0], units_of(sched.relay)[0]
    runner = next(p for s in heat.slots if s.entry for p in [s.entry.members[0].person]
                  if p.delegation_id == sched.d1.id and p not in sched.runners[1:8:2])
    relay.starts_at = local(heat.ends_at) + dt.timedelta(minutes=10)  # right after the heat
    relay.ends_at = relay.starts_at + dt.timedelta(minutes=8)
    db.session.commit()
    assert ops.conflicts_for_people(sched.meet, {runner.id}) == []
    # the leader swaps this runner into the relay squad after the timetable is made
    sched.relay_entry.members[0].person_id = runner.id
    db.session.commit()
    broken = ops.conflicts_for_people(sched.meet, {runner.id})
    assert [c.kind for c in broken] == [tc.SHORT_REST]
    assert {u.id for u in broken[0].units} == {heat.id, relay.id}
    assert [p.id for p in broken[0].persons] == [runner.id]


def test_venue_hours_refuse_bad_input(sched):
    with pytest.raises(OperationError) as order:
        setup.set_venue_session(sched.track, sched.meet, dt.date(2027, 5, 3), "evening",
                                dt.time(21), dt.time(19))
    assert order.value.field == "closes"
    with pytest.raises(OperationError) as outside:
        setup.set_venue_session(sched.track, sched.meet, dt.date(2027, 6, 1), "morning",
                                dt.time(8), dt.time(12))
    assert outside.value.field == "day"
    row = setup.set_venue_session(sched.track, sched.meet, dt.date(2027, 5, 3), "evening",
                                  dt.time(19), dt.time(21, 30))
    assert row.id and db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "schedule.venue_hours")).first()


def test_settings_refuse_unknown_duration_keys(sched):
    kwargs = dict(rest_minutes=20, round_gap=15, final_gap=45, max_matches_per_team_day=2,
                  solver_seconds=5, committee="主任：张三", jury="", order_book_sort="strokes")
    with pytest.raises(OperationError) as bad:
        setup.update_settings(sched.meet, durations="NOPE=10", **kwargs)
    assert bad.value.field == "durations"
    with pytest.raises(OperationError):
        setup.update_settings(sched.meet, durations="M100=ten", **kwargs)
    setup.update_settings(sched.meet, durations="M100=7\nbasketball=50", **kwargs)
    problem = build(sched.meet)
    assert problem.rules.rest == 20
    heat = units_of(sched.m100)[0]
    assert problem.units[f"u{heat.id}"].duration == 7


def test_scheduling_runs_as_a_background_job_with_its_result(sched):
    job = jobs.start(sched.meet, "schedule", time_limit=0)
    jobs.wait_for(job.id)
    db.session.expire_all()
    assert job.state == "done" and job.percent == 100
    assert job.result["placed"] == len(build(sched.meet).units)


def test_a_second_run_is_refused_while_one_is_running(sched):
    from meet.models.schedule import ScheduleJob

    running = ScheduleJob(meet_id=sched.meet.id, kind="schedule", state="running")
    db.session.add(running)
    db.session.commit()
    with pytest.raises(OperationError):
        jobs.start(sched.meet, "schedule", time_limit=0)
    running.state = "done"
    db.session.commit()
    jobs.wait_for(jobs.start(sched.meet, "schedule", time_limit=0).id)


def test_the_demo_is_scheduled_without_any_double_booking(demo):
    from meet.demo.loader import demo_meet

    meet = demo_meet()
    problem, conflicts = ops.current_conflicts(meet)
    assert conflicts == []
    assert len(problem.placements()) == len(problem.units) > 300
    persons = [len(u.persons) for u in problem.units.values()]
    assert sum(persons) > 1000  # the checker really had people to keep apart


def test_a_job_whose_process_died_does_not_block_the_next_run(sched):
    """A build started by a process that then ended (the demo CLI, a restarted worker)
    stays "running" in the database; after a while it no longer blocks a new run."""
    import datetime as dt

    from meet.models.schedule import ScheduleJob

    dead = ScheduleJob(meet_id=sched.meet.id, kind="order_book", state="running",
                       created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
    db.session.add(dead)
    db.session.commit()
    assert jobs.active_job(sched.meet.id, "order_book") is None
    job = jobs.start(sched.meet, "schedule", time_limit=0)
    jobs.wait_for(job.id)


def test_draws_know_registration_closed_hours_ago(sched):
    """SQLite keeps China time without its zone: read as UTC, a window closed four hours
    ago was still open for eight hours more, and draws took unapproved entries."""
    from zoneinfo import ZoneInfo

    from meet.schedule import queries

    china = ZoneInfo("Asia/Shanghai")
    sched.meet.registration_closes = dt.datetime.now(china) - dt.timedelta(hours=4)
    db.session.commit()
    db.session.expire_all()
    assert queries.registration_open(sched.meet) is False
    sched.meet.registration_closes = dt.datetime.now(china) + dt.timedelta(hours=4)
    db.session.commit()
    db.session.expire_all()
    assert queries.registration_open(sched.meet) is True


def _swiss_round(sched):
    """A Xiangqi Swiss of six in a board room of four tables, one player also in the
    100 m."""
    from meet.models import VenueSession
    from meet.schedule import operations as draws
    from meet.schedule import queries

    room = Venue(meet_id=sched.meet.id, code="BOARD", name="棋牌室", kind="table", capacity=4,
                 sort_order=3)
    db.session.add(room)
    db.session.flush()
    for day in (dt.date(2027, 5, 1), dt.date(2027, 5, 2)):
        db.session.add(VenueSession(venue_id=room.id, day=day, session="morning",
                                    opens=dt.time(8), closes=dt.time(12)))
    chess = factories.event(sched.meet, sched.cat, "XQ", name="象棋", kind="match", gender="O",
                            format="swiss", scoring_preset="chess", result_unit="match")
    players = [sched.runners[1]] + [factories.person(sched.meet, sched.d1, f"棋手{i}", "M",
                                                     bib=f"{400 + i}") for i in range(5)]
    for p in players:
        factories.entry(chess, p.delegation, p)
    db.session.add(EventVenue(event_id=chess.id, venue_id=room.id))
    db.session.flush()
    draws.draw_event(chess, seed=3)
    db.session.commit()
    return room, queries.rounds_of(chess.id)[0].units


def test_the_boards_of_a_swiss_round_are_scheduled_and_moved_together(sched):
    room, boards = _swiss_round(sched)
    assert len(boards) == 3
    problem = build(sched.meet)
    keys = {problem.units[f"u{b.id}"].together for b in boards}
    assert len(keys) == 1 and keys != {""}
    summary = ops.auto_schedule(sched.meet, time_limit=0)
    assert summary["unplaced"] == [] and summary["conflicts"] == 0
    for b in boards:
        db.session.refresh(b)
    assert len({b.starts_at for b in boards}) == 1 and {b.venue_id for b in boards} == {room.id}
    from meet.schedule import queries

    boards = queries.rounds_of(boards[0].event_id)[-1].units  # the last round: room after it
    ops.move_unit(boards[0], venue=room, start=at(2, "10:00"))
    for b in boards:
        db.session.refresh(b)
    assert {local(b.starts_at) for b in boards} == {at(2, "10:00")}
    assert all(b.pinned for b in boards)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "schedule.move").order_by(AuditEntry.id.desc())).first()
    assert sorted(entry.detail["with_round"]) == sorted(b.id for b in boards[1:])
    assert build(sched.meet).check() == []


def test_a_swiss_round_moved_to_another_room_leaves_its_old_tables_behind(sched):
    """The other boards kept their table numbers for the check, so a match on table 2 of
    the new room refused the move, though the boards would have no table there."""
    from meet.models import VenueSession

    room, _ = _swiss_round(sched)
    other = Venue(meet_id=sched.meet.id, code="BOARD2", name="棋牌室二", kind="table",
                  capacity=4, sort_order=4)
    db.session.add(other)
    db.session.flush()
    db.session.add(VenueSession(venue_id=other.id, day=dt.date(2027, 5, 2), session="morning",
                                opens=dt.time(8), closes=dt.time(12)))
    db.session.add(EventVenue(event_id=units_of(sched.tt)[0].event_id, venue_id=other.id))
    db.session.commit()
    ops.auto_schedule(sched.meet, time_limit=0)
    from meet.schedule import queries

    boards = queries.rounds_of(_[0].event_id)[-1].units
    assert {b.venue_id for b in boards} == {room.id}
    for i, b in enumerate(boards, 1):
        b.court = str(i)
    db.session.add(EventVenue(event_id=boards[0].event_id, venue_id=other.id))
    db.session.commit()
    match = units_of(sched.tt)[0]
    ops.move_unit(match, venue=other, start=at(2, "10:00"), court="2", override=True,
                  reason="借用棋牌室")
    ops.move_unit(boards[0], venue=other, start=at(2, "10:00"), court="4")
    for b in boards:
        db.session.refresh(b)
    assert {b.venue_id for b in boards} == {other.id}
    assert [b.court for b in boards] == ["4", "", ""]
