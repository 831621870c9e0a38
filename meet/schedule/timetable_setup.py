"""Operations that prepare the timetable: venue opening hours per day and session, a
venue's lanes (count, unusable lanes, lane-draw priority), the venues and days of each
event, the scheduling rules (rest, gaps, durations, daily match limit), the officials
printed in the order book, and publishing the order book."""

from __future__ import annotations

import datetime as dt
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from meet.extensions import db
from meet.models import Event, EventVenue, Meet, Venue, VenueSession
from meet.models.schedule import ORDER_BOOK_SORTS
from meet.operations import OperationError, audit, commit
from meet.rules import lanes
from meet.schedule.problem import DEFAULT_MINUTES
from meet.schedule.timetable import ensure_settings
from meet.signals import schedule_changed

MAX_LANES = 16


def set_venue_session(venue: Venue, meet: Meet, day: dt.date, session: str,
                      opens: dt.time, closes: dt.time) -> VenueSession:
    """Open ``venue`` on ``day`` for ``session`` from ``opens`` to ``closes``."""
    if venue.meet_id != meet.id:
        raise OperationError(str(_l("场地不属于本届运动会")), field="venue_id")
    if not meet.start_date <= day <= meet.end_date:
        raise OperationError(str(_l("日期须在运动会日期内（{a} 至 {b}）")).format(
            a=meet.start_date.isoformat(), b=meet.end_date.isoformat()), field="day")
    if session not in ("morning", "afternoon", "evening"):
        raise OperationError(str(_l("请选择场次")), field="session")
    if closes <= opens:
        raise OperationError(str(_l("结束时间须晚于开始时间")), field="closes")
    row = db.session.scalar(select(VenueSession).where(
        VenueSession.venue_id == venue.id, VenueSession.day == day,
        VenueSession.session == session))
    if row is None:
        row = VenueSession(venue_id=venue.id, day=day, session=session)
        db.session.add(row)
    row.opens, row.closes = opens, closes
    db.session.flush()
    audit("schedule.venue_hours", venue, meet_id=meet.id, day=day.isoformat(),
          session=session, opens=opens.strftime("%H:%M"), closes=closes.strftime("%H:%M"))
    commit((schedule_changed, {"meet_id": meet.id}))
    return row


def remove_venue_session(row: VenueSession) -> None:
    meet_id = row.venue.meet_id
    audit("schedule.venue_hours_removed", row.venue, meet_id=meet_id,
          day=row.day.isoformat(), session=row.session)
    db.session.delete(row)
    commit((schedule_changed, {"meet_id": meet_id}))


LANE_MESSAGES = {
    "not_numbers": _l("“{text}”不是道次号：请只填数字，用逗号分开，例如 1,8"),
    "outside": _l("道次{lane}不在1—{lanes}之间"),
    "all_unusable": _l("不能把所有道次都设为不可用"),
    "twice": _l("道次{lane}出现在两个组里"),
    "unusable_in_priority": _l("道次{lane}已设为不可用，不能排在优先顺序里"),
    "missing": _l("优先顺序漏了可用的道次{lane}"),
    "needs_lanes": _l("请先填写道数"),
}


def lane_message(error: lanes.LaneInputError) -> str:
    return str(LANE_MESSAGES[error.code]).format(**error.params)


def set_venue_lanes(venue: Venue, meet: Meet, lane_count: int | None, unusable: list[int],
                    priority: list[list[int]] | None) -> None:
    """A venue's lane count, unusable lanes and lane-draw groups (None: the standard
    groups). Draws made before keep the groups they used (their record holds them)."""
    if venue.meet_id != meet.id:
        raise OperationError(str(_l("场地不属于本届运动会")), field="lanes")
    if lane_count is not None and not 1 <= lane_count <= MAX_LANES:
        raise OperationError(str(_l("道数应在1—{n}之间")).format(n=MAX_LANES), field="lanes")
    try:
        if (unusable or priority) and not lane_count:
            raise lanes.LaneInputError("needs_lanes")
        unusable = lanes.check_unusable(lane_count, unusable) if unusable else []
    except lanes.LaneInputError as error:
        raise OperationError(lane_message(error), field="unusable") from error
    try:
        priority = lanes.check_priority(lane_count, unusable, priority) if priority else None
    except lanes.LaneInputError as error:
        raise OperationError(lane_message(error), field="priority") from error
    venue.lanes, venue.unusable_lanes, venue.lane_priority = lane_count, unusable, priority
    db.session.flush()
    audit("schedule.venue_lanes", venue, meet_id=meet.id, lanes=lane_count,
          unusable=lanes.format_lanes(unusable), priority=lanes.format_groups(priority))
    commit((schedule_changed, {"meet_id": meet.id}))


def set_event_venues(event: Event, venues: list[Venue], first_day: dt.date | None,
                     last_day: dt.date | None) -> None:
    """Where and between which days ``event`` is played."""
    if any(v.meet_id != event.meet_id for v in venues):
        raise OperationError(str(_l("场地不属于本届运动会")), field="venue_ids")
    if first_day and last_day and last_day < first_day:
        raise OperationError(str(_l("结束日期不能早于开始日期")), field="last_day")
    db.session.execute(delete(EventVenue).where(EventVenue.event_id == event.id))
    for v in venues:
        db.session.add(EventVenue(event_id=event.id, venue_id=v.id, first_day=first_day,
                                  last_day=last_day))
    audit("schedule.event_venues", event, meet_id=event.meet_id,
          venues=[v.id for v in venues], first_day=first_day and first_day.isoformat(),
          last_day=last_day and last_day.isoformat())
    commit((schedule_changed, {"meet_id": event.meet_id}))


#: The organiser's names of the kinds of unit in the durations field (the keys of
#: DEFAULT_MINUTES are what is stored).
DURATION_NAMES = {
    "sprint_heat": _l("短跑每组"), "relay_heat": _l("接力每组"), "swim_heat": _l("游泳每组"),
    "fun_heat": _l("趣味赛跑每组"), "field_flight": _l("田赛每组"),
    "count_flight": _l("计数项目每组"), "judged_slot": _l("评分项目每队"),
    "judged_min": _l("评分项目每场至少"), "basketball": _l("篮球每场"),
    "volleyball": _l("气排球每场"), "table_tennis": _l("乒乓球每场"),
    "table_tennis_team": _l("乒乓球团体每场"), "badminton": _l("羽毛球每场"),
    "tug_of_war": _l("拔河每场"), "chess": _l("棋类每轮"), "guandan": _l("掼蛋每轮"),
    "match": _l("其他对抗每场"),
}


def duration_name(key: str) -> str:
    """What the durations field shows for a stored key: its name, or the event code."""
    return str(DURATION_NAMES[key]) if key in DURATION_NAMES else key


def durations_text(durations: dict[str, int]) -> str:
    return "\n".join(f"{duration_name(k)}={v}" for k, v in durations.items())


def _duration_key(typed: str) -> str:
    """A kind's name in either language, or a key or event code as typed."""
    from flask_babel import force_locale

    for key, name in DURATION_NAMES.items():
        if typed == str(name):
            return key
        with force_locale("zh_CN"):
            if typed == str(name):
                return key
    return typed


def parse_durations(text: str) -> dict[str, int]:
    """"MBB=50" or "篮球每场=60" (or "basketball=60") per line (event code or kind of
    unit) -> minutes, keyed by event code or kind."""
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        key, sep, value = line.partition("=")
        if not sep or not value.strip().isdigit() or not 1 <= int(value) <= 600:
            raise OperationError(str(_l("第{n}行应写成“项目代码或类型=分钟数”（1—600）"))
                                 .format(n=n), field="durations")
        out[_duration_key(key.strip())] = int(value)
    return out


def parse_officials(text: str) -> list[list[str]]:
    """"主任：张三、李四" per line -> [[title, names], ...]."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            title, sep, names = line.replace(":", "：").partition("：")
            out.append([title.strip(), names.strip()] if sep else ["", title.strip()])
    return out


def update_settings(meet: Meet, *, rest_minutes: int, round_gap: int, final_gap: int,
                    max_matches_per_team_day: int | None, solver_seconds: int,
                    durations: str, committee: str, jury: str, order_book_sort: str,
                    referees: str = "") -> None:
    if order_book_sort not in ORDER_BOOK_SORTS:
        raise OperationError(str(_l("请选择名单排序")), field="order_book_sort")
    parsed = parse_durations(durations)
    codes = set(db.session.scalars(select(Event.code).where(Event.meet_id == meet.id)))
    unknown = [k for k in parsed if k not in codes and k not in DEFAULT_MINUTES]
    if unknown:
        raise OperationError(str(_l("未知的项目代码或类型：{k}")).format(k="、".join(unknown)),
                             field="durations")
    s = ensure_settings(meet)
    s.rest_minutes, s.round_gap, s.final_gap = rest_minutes, round_gap, final_gap
    s.max_matches_per_team_day = max_matches_per_team_day
    s.solver_seconds, s.durations = solver_seconds, parsed
    s.officials = {"committee": parse_officials(committee), "jury": parse_officials(jury),
                   "referees": parse_officials(referees)}
    s.order_book_sort = order_book_sort
    audit("schedule.settings", meet, meet_id=meet.id, rest=rest_minutes, round_gap=round_gap,
          final_gap=final_gap, daily_limit=max_matches_per_team_day,
          durations=json.dumps(parsed, ensure_ascii=False), sort=order_book_sort)
    commit((schedule_changed, {"meet_id": meet.id}))


def publish_order_book(meet: Meet, published: bool) -> None:
    """Make the order book public (or withdraw it); a build follows (background)."""
    s = ensure_settings(meet)
    s.order_book_published = published
    audit("order_book.publish" if published else "order_book.withdraw", meet, meet_id=meet.id)
    commit((schedule_changed, {"meet_id": meet.id}))


def officials_text(rows: list[list[str]]) -> str:
    return "\n".join(f"{t}：{n}" if t else n for t, n in rows or [])
