"""Benchmark of the draw: every event of the demo meet, and of a meet ten times larger.

* ``plan``: the pure rule (meet.rules.plan.plan_event) for the demo's 37 events with its
  real entries and default formats, and for 370 events (10 divisions of the same entries,
  each drawn with its own seed, delegations renamed per division: 280 delegations).
* ``db``: the demo meet loaded into a fresh SQLite file without its draw, then every event
  drawn through the operation (meet.schedule.operations.draw_all: plan, rows, DrawRecord,
  audit, one commit per event), as the organiser's "draw all" does.

Each part runs in a child process, so its peak RSS (ru_maxrss) is its own.
Usage: .venv/bin/python bench/bench_draws.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def demo_events():
    from meet.demo import content

    people = content.generate_people(content.DEFAULT_SEED)
    entries = content.generate_entries(people, content.DEFAULT_SEED)
    by_event: dict[str, list[tuple[int, str]]] = {}
    n = 0
    for code, rows in entries.items():
        for e in rows["entries"] + rows["squads"]:
            n += 1
            by_event.setdefault(e["event_code"], []).append((n, code))
    return content, by_event


def bench_plan(divisions: int) -> None:
    from types import SimpleNamespace

    from meet.rules.plan import Competitor, plan_event
    from meet.schedule import formats

    content, by_event = demo_events()
    venues = {v["code"]: SimpleNamespace(id=i, **v) for i, v in enumerate(content.VENUES, 1)}
    started = time.perf_counter()
    events = entries = 0
    for div in range(divisions):
        for i, e in enumerate(content.EVENTS):
            ev = SimpleNamespace(kind=e["kind"], format=e["format"], is_team=e["is_team"],
                                 result_unit=e["result_unit"], scoring_preset=e["scoring_preset"])
            comps = [Competitor(n + div * 100_000, f"{div}-{d}") for n, d in
                     by_event.get(e["code"], [])]
            settings = formats.default_settings(ev, len(comps), venues[e["venue"]])
            plan_event(settings, comps, seed=div * 1000 + i)
            events += 1
            entries += len(comps)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"plan x{divisions}: {events} events, {entries} entries: {took:.2f} s, "
          f"peak {peak:.0f} MB")


def bench_db() -> None:
    import meet.demo.loader as loader
    from config import TestingConfig
    from meet import create_app
    from meet.extensions import db
    from meet.schedule import operations

    loader.draw_demo = lambda meet: 0  # load the entries only; the draw is what we time
    if hasattr(loader, "schedule_demo"):
        loader.schedule_demo = lambda meet: None
    path = Path(tempfile.mkdtemp()) / "bench.db"
    cfg = type("B", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
        meet, _ = loader.load_demo()
        started = time.perf_counter()
        out = operations.draw_all(meet, seed=1)
        took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"db draw_all (SQLite): {len(out['drawn'])} events drawn, {len(out['refused'])} "
          f"refused: {took:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        part = sys.argv[1]
        bench_db() if part == "db" else bench_plan(int(part))
    else:
        for part in ("1", "10", "db"):
            subprocess.run([sys.executable, __file__, part], check=True)
