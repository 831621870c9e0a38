"""The demo meet's timetable: venue hours, where and on which days each event is played,
the scheduling rules, the officials of the order book, and every drawn unit placed.

Days follow :data:`meet.demo.content.MEET` ``days``: ball games and 棋牌 on 04-26..04-29
(13 Swiss rounds, each round's boards starting at once, with players shared with the
table tennis teams: on three days the team final found no session left), the opening with
广播操 and 太极拳 on 04-30, athletics and swimming on 05-01..05-02 (跳绳踢毽 on 05-02),
拔河 and the fun events on 05-03 (拔河 finals in the evening, before the closing ceremony).

Placement here is the solver's deterministic greedy pass (``time_limit=0``): the same
timetable on every load, in well under a second. The organiser's "自动编排" button runs
the CP-SAT search on top of it (see :mod:`meet.rules.timetable`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from meet.demo import content
from meet.extensions import db
from meet.models import Event, EventVenue, Meet, Venue, VenueSession
from meet.operations import audit, commit
from meet.schedule.timetable import auto_schedule, ensure_settings

D = dt.date
MORNING, AFTERNOON, EVENING = ("08:00", "12:00"), ("14:30", "18:00"), ("19:00", "21:30")
PRE_DAYS = [D(2027, 4, 26), D(2027, 4, 27), D(2027, 4, 28), D(2027, 4, 29)]
MAIN_DAYS = [D(2027, 5, 1), D(2027, 5, 2)]
OPENING, LAST = D(2027, 4, 30), D(2027, 5, 3)

#: venue code -> [(day, session, (opens, closes))]
HOURS: dict[str, list[tuple[dt.date, str, tuple[str, str]]]] = {
    "STADIUM": [(OPENING, "morning", ("10:00", "12:00")), (OPENING, "afternoon", AFTERNOON)]
    + [(d, s, h) for d in [*MAIN_DAYS, LAST]
       for s, h in (("morning", MORNING), ("afternoon", AFTERNOON))],
    "FIELD": [(d, s, h) for d in MAIN_DAYS for s, h in (("morning", MORNING),
                                                         ("afternoon", AFTERNOON))],
    "POOL": [(d, s, h) for d in MAIN_DAYS for s, h in (("morning", MORNING),
                                                        ("afternoon", AFTERNOON))],
    "GYM": [(d, s, h) for d in PRE_DAYS for s, h in (("morning", MORNING),
                                                      ("afternoon", AFTERNOON),
                                                      ("evening", EVENING))]
    + [(d, s, h) for d in (MAIN_DAYS[1], LAST) for s, h in (("morning", MORNING),
                                                             ("afternoon", AFTERNOON))],
    "TT": [(d, s, h) for d in PRE_DAYS for s, h in (("morning", MORNING),
                                                     ("afternoon", AFTERNOON),
                                                     ("evening", EVENING))],
    "BOARD": [(d, s, h) for d in PRE_DAYS for s, h in (("morning", MORNING),
                                                            ("afternoon", AFTERNOON),
                                                            ("evening", EVENING))],
    "SQUARE": [(d, s, h) for d in (OPENING, LAST) for s, h in (("morning", MORNING),
                                                                ("afternoon", AFTERNOON))]
    + [(LAST, "evening", EVENING)],  # 拔河 finals under the lights, before the closing
}

#: category code -> (first day, last day)
CATEGORY_DAYS = {
    "BALL": (PRE_DAYS[0], PRE_DAYS[-1]), "BOARD": (PRE_DAYS[0], PRE_DAYS[-1]),
    "FIT": (OPENING, OPENING), "TF": (MAIN_DAYS[0], MAIN_DAYS[-1]),
    "SW": (MAIN_DAYS[0], MAIN_DAYS[-1]), "ROPE": (MAIN_DAYS[1], MAIN_DAYS[1]),
    "TUG": (LAST, LAST), "FUN": (LAST, LAST),
}

OFFICIALS = {
    "committee": [["主任", "陈建华"], ["副主任", "林志强、黄秀英、张国平"],
                  ["秘书长", "吴晓明"],
                  ["委员", "郑立新、李春燕、王振学、刘世金、杨雅琴、叶海波"]],
    "jury": [["主任", "余德荣"], ["委员", "谢文斌、肖淑芬、邱永辉、江少华"]],
    "referees": [["总裁判长", "罗国华"], ["副总裁判长", "曾凡荣、廖秀珍"],
                 ["田径裁判长", "蔡建明"], ["球类裁判长", "魏东升"],
                 ["棋牌裁判长", "钟立平"], ["游泳裁判长", "严丽娟"],
                 ["趣味项目裁判长", "施文杰"], ["检录长", "潘小燕"], ["记录长", "汤志远"]],
}


def prepare_demo(meet: Meet) -> None:
    """Venue hours, event venues and days, rules and officials, in one transaction."""
    venues = {v.code: v for v in db.session.scalars(select(Venue).where(Venue.meet_id == meet.id))}
    for code, rows in HOURS.items():
        for day, session, (opens, closes) in rows:
            db.session.add(VenueSession(venue_id=venues[code].id, day=day, session=session,
                                        opens=dt.time.fromisoformat(opens),
                                        closes=dt.time.fromisoformat(closes)))
    events = {e.code: e for e in db.session.scalars(select(Event).where(Event.meet_id == meet.id))}
    for e in content.EVENTS:
        first, last = CATEGORY_DAYS[e["category"]]
        db.session.add(EventVenue(event_id=events[e["code"]].id, venue_id=venues[e["venue"]].id,
                                  first_day=first, last_day=last))
    s = ensure_settings(meet)
    s.rest_minutes, s.round_gap, s.final_gap = 30, 30, 60
    s.max_matches_per_team_day, s.solver_seconds = 6, 20  # 拔河: 6 pulls in one day
    s.officials, s.order_book_published, s.order_book_sort = OFFICIALS, True, "strokes"
    audit("demo.schedule_prepared", meet, meet_id=meet.id)
    commit()


def schedule_demo(meet: Meet) -> dict:
    """Prepare the demo's timetable (once) and place every drawn unit; answers the
    scheduling summary (placed, unplaced with reasons)."""
    prepared = db.session.scalar(select(VenueSession.id).join(Venue).where(
        Venue.meet_id == meet.id).limit(1))
    if prepared is None:
        prepare_demo(meet)
    return auto_schedule(meet, time_limit=0, signal=False)
