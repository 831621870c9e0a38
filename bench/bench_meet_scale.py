"""Benchmark: draw and schedule the demo meet and a meet ten times larger, count the
conflicts left, and build the order book (秩序册) PDF of each.

Both meets are made the same way, through the application's own code: the demo's data
(:mod:`meet.demo.content`) once, or ten times over as ten divisions (组别) of 28
delegations each (280 delegations, ~7,000 athletes, 370 events, 70 venues), every event
drawn by the draw operations (``formats.default_settings`` + ``store_draw``, as
``meet.demo.draws`` does), venue hours and event venues as :mod:`meet.demo.schedule`
sets them, then :func:`meet.schedule.timetable.auto_schedule`: first the deterministic
greedy pass (what the demo loader runs), then the organiser's button (CP-SAT with a time
limit, greedy plan as its hint). Conflicts are counted by the independent checker
(:func:`meet.rules.timetable_check.check`) on what the database holds. The order book is
:func:`meet.schedule.orderbook.render_book` (the whole PDF, table of contents and page
totals included; the per-delegation files and the .xlsx are not counted).

Each size runs in a child process on its own SQLite file, so its peak RSS (ru_maxrss)
is its own. Usage:
    .venv/bin/python bench/bench_meet_scale.py [--time-limit 30] [--only 1|10] [--no-pdf]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_meet(divisions: int):
    """The demo meet's data ``divisions`` times; returns the meet (committed)."""
    from meet.demo import content
    from meet.demo.loader import _add_entry
    from meet.extensions import db
    from meet.models import (
        AgeGroup,
        Category,
        Delegation,
        Event,
        Meet,
        Person,
        UnitKind,
        Venue,
    )
    from meet.rules import idcard

    m = content.MEET
    meet = Meet(name=m["name"] + (f"（{divisions}倍规模）" if divisions > 1 else ""),
                short_name=m["short_name"], edition=m["edition"], theme=m["theme"],
                organisers=m["organisers"], location=m["location"],
                start_date=m["start_date"], end_date=m["end_date"],
                max_events_per_athlete=m["max_events_per_athlete"],
                athletes_per_event=m["athletes_per_event"],
                max_athletes_per_delegation=m["max_athletes_per_delegation"],
                points_scheme=m["points_scheme"])
    db.session.add(meet)
    db.session.flush()
    kinds = {k["code"]: UnitKind(meet_id=meet.id, **k) for k in content.UNIT_KINDS}
    db.session.add_all(kinds.values())
    categories = {c["code"]: Category(meet_id=meet.id, **c) for c in content.CATEGORIES}
    db.session.add_all(categories.values())
    db.session.add_all(AgeGroup(meet_id=meet.id, **b) for b in content.AGE_BANDS)
    db.session.flush()
    ids: set[str] = set()
    for k in range(divisions):
        tag = "" if divisions == 1 else f"{k + 1:02d}"
        venues = {v["code"]: Venue(meet_id=meet.id, **{**v, "code": v["code"] + tag,
                                                       "name": v["name"] + tag,
                                                       "sort_order": k * 10 + v["sort_order"]})
                  for v in content.VENUES}
        db.session.add_all(venues.values())
        delegations = {d["code"]: Delegation(
            meet_id=meet.id, unit_kind_id=kinds[d["unit_kind"]].id, code=tag + d["code"],
            name=d["name"] + tag, short_name=d["short_name"] + tag, name_en=d["name_en"])
            for d in content.DELEGATIONS}
        db.session.add_all(delegations.values())
        events = {e["code"]: Event(
            meet_id=meet.id, category_id=categories[e["category"]].id,
            age_group_code=e["age_group"], code=e["code"] + tag, name=e["name"] + tag,
            kind=e["kind"], gender=e["gender"], is_team=e["is_team"],
            squad_min=e["squad_min"], squad_max=e["squad_max"], reserves=e["reserves"],
            composition=e["composition"], per_team_limit=e["per_team_limit"],
            points_multiplier=e["points_multiplier"], result_unit=e["result_unit"],
            format=e["format"], scoring_preset=e["scoring_preset"],
            sort_order=k * 100 + e["sort_order"]) for e in content.EVENTS}
        db.session.add_all(events.values())
        db.session.flush()
        data = content.generate_people(content.DEFAULT_SEED + k)
        people = {}
        for code, rows in data.items():
            for p in rows:
                number, seq = p["id_number"], 0
                while number in ids:  # another division drew the same number
                    seq += 1
                    number = idcard.make("350721", p["birth_date"], seq % 100, p["gender"])
                ids.add(number)
                people[p["key"]] = Person(
                    meet_id=meet.id, delegation_id=delegations[code].id, role=p["role"],
                    name=p["name"], gender=p["gender"], birth_date=p["birth_date"],
                    id_number=number, phone=p["phone"], employer=p["employer"],
                    bib=f"{tag}{code}{p['key'][-3:]}" if p["role"] == "athlete" else None)
        db.session.add_all(people.values())
        db.session.flush()
        for code, entries in content.generate_entries(data, content.DEFAULT_SEED + k).items():
            for e in entries["entries"]:
                _add_entry(events[e["event_code"]], delegations[code], [people[e["person_key"]]],
                           [])
            for s in entries["squads"]:
                _add_entry(events[s["event_code"]], delegations[code],
                           [people[x] for x in s["members"]], [people[x] for x in s["reserves"]])
        prepare(meet, venues, events)
    db.session.commit()
    return meet


def prepare(meet, venues: dict, events: dict) -> None:
    """Hours and event venues of :mod:`meet.demo.schedule` for one division."""
    import datetime as dt

    from meet.demo import content
    from meet.demo import schedule as demo
    from meet.extensions import db
    from meet.models import EventVenue, VenueSession
    from meet.schedule.timetable import ensure_settings

    db.session.flush()
    for code, rows in demo.HOURS.items():
        for day, session, (opens, closes) in rows:
            db.session.add(VenueSession(venue_id=venues[code].id, day=day, session=session,
                                        opens=dt.time.fromisoformat(opens),
                                        closes=dt.time.fromisoformat(closes)))
    for e in content.EVENTS:
        first, last = demo.CATEGORY_DAYS[e["category"]]
        db.session.add(EventVenue(event_id=events[e["code"]].id,
                                  venue_id=venues[e["venue"]].id, first_day=first,
                                  last_day=last))
    s = ensure_settings(meet)
    s.rest_minutes, s.round_gap, s.final_gap, s.max_matches_per_team_day = 30, 30, 60, 6
    s.officials, s.order_book_published = demo.OFFICIALS, True


def draw_all(meet) -> int:
    """Every event drawn and published, as :func:`meet.demo.draws.draw_demo` does."""
    from sqlalchemy import select

    from meet.extensions import db
    from meet.models import Event, EventVenue, Round, RoundStatus, Venue
    from meet.rules.draw import make_rng
    from meet.schedule import formats, queries
    from meet.schedule.operations import store_draw

    venue_of = {ev.event_id: db.session.get(Venue, ev.venue_id)
                for ev in db.session.scalars(select(EventVenue))}
    rng = make_rng(20270501)
    drawn = 0
    for event in db.session.scalars(select(Event).where(Event.meet_id == meet.id)
                                    .order_by(Event.sort_order)).all():
        comps = queries.competitors(event)
        settings = formats.default_settings(event, len(comps), venue_of.get(event.id))
        first = Round(event_id=event.id, number=1, name="", stage="",
                      settings={"event_format": settings}, status=RoundStatus.PLANNED.value)
        db.session.add(first)
        db.session.flush()
        store_draw(event, first, settings, comps, rng.randrange(2**31),
                   RoundStatus.PUBLISHED.value)
        drawn += 1
    db.session.commit()
    return drawn


def run_size(divisions: int, time_limit: float, pdf: bool) -> dict:
    from config import TestingConfig
    from meet import create_app
    from meet.extensions import db
    from meet.models import Person, Unit

    path = Path(tempfile.mkdtemp()) / "bench.db"
    cfg = type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    app = create_app(cfg)
    out: dict = {"divisions": divisions}
    with app.app_context():
        db.create_all()
        t = time.perf_counter()
        meet = build_meet(divisions)
        out["load_s"] = round(time.perf_counter() - t, 2)
        out["athletes"] = db.session.query(Person).filter(Person.role == "athlete").count()
        t = time.perf_counter()
        out["events_drawn"] = draw_all(meet)
        out["draw_s"] = round(time.perf_counter() - t, 2)
        out["units"] = db.session.query(Unit).count()
        from meet.rules import timetable_check as tc
        from meet.rules.timetable import rounds_inverted
        from meet.schedule import timetable as ops
        from meet.schedule.problem import build

        for name, limit in (("greedy", 0), ("cp_sat", time_limit)):
            t = time.perf_counter()
            summary = ops.auto_schedule(meet, time_limit=limit, workers=4, signal=False)
            seconds = time.perf_counter() - t
            problem = build(meet)
            conflicts = problem.check()
            at = problem.placements()
            before, _after = tc.in_round_order(problem.units.values())
            out_of_order = sum(1 for uid, earlier in before.items() for e in earlier
                               if uid in at and e in at and at[e].start > at[uid].start)
            matches_out_of_order = rounds_inverted(problem.units.values(), at)
            out[name] = {"seconds": round(seconds, 2), "placed": summary["placed"],
                         "group_matches_out_of_order": matches_out_of_order,
                         "unplaced": len(summary["unplaced"]), "status": summary["status"],
                         "conflicts_in_db": len(conflicts),
                         "heats_out_of_order": out_of_order,
                         "unplaced_reasons": sorted({u["code"] for u in summary["unplaced"]})}
        if pdf:
            from meet.schedule.orderbook import render_book
            from meet.schedule.orderbook_data import gather

            t = time.perf_counter()
            data = render_book(gather(meet))
            out["order_book_pdf_s"] = round(time.perf_counter() - t, 2)
            out["order_book_mb"] = round(len(data) / 2**20, 2)
            pages = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True,
                                   text=False).stdout.decode()
            out["order_book_pages"] = next((int(line.split()[-1]) for line in pages.splitlines()
                                            if line.startswith("Pages:")), None)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--only", type=int, choices=(1, 10))
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_size(args.child, args.time_limit, not args.no_pdf),
                         ensure_ascii=False))
        return
    for size in ([args.only] if args.only else [1, 10]):
        cmd = [sys.executable, __file__, "--child", str(size), "--time-limit",
               str(args.time_limit)] + (["--no-pdf"] if args.no_pdf else [])
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode:
            print(result.stderr[-3000:], file=sys.stderr)
            raise SystemExit(result.returncode)
        print(json.dumps(json.loads(result.stdout.strip().splitlines()[-1]),
                         ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
