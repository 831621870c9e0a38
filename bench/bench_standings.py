"""Benchmark of the live standings under gunicorn (4 sync workers) on PostgreSQL.

What it does, bounded in time (about two minutes), loopback only:

1. a fresh schema ``bench_standings`` in the PostgreSQL database ``test`` on
   127.0.0.1:5432; the demo meet loaded into it; every event given published final
   places (the demo's own, published through the scoring operations by
   ``meet.demo.results``; only if it has none, places drawn here with a seeded order);
2. ``gunicorn -c gunicorn.conf.py wsgi:app`` (the production settings) with 4 sync
   workers on a free port with that database;
3. ``wrk`` (``apt-get install -y wrk``) with 200 connections for ``--seconds`` each on
   ``/healthz`` (the trivial endpoint: one ``SELECT 1``), ``/api/v1/standings`` and the
   public medal table ``/medals``: requests per second and p99 latency, and each as a
   ratio to ``/healthz`` in the same run; then the same two with ``If-None-Match`` (the
   304 path every polling phone takes);
4. publish-to-visible: a headless Chromium page on ``/medals`` (live.js polling), a
   result published from this process (final places rewritten, ``results_changed``
   sent: the one listener bumps the generation in the database), and the time until the
   new row is on the page, ``--publishes`` times; the median and the worst.

Usage: .venv/bin/python bench/bench_standings.py [--seconds 10] [--publishes 9]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMA = "bench_standings"
BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
URL = f"{BASE}?options=-csearch_path%3D{SCHEMA}"


def prepare() -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(BASE, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    engine.dispose()


def app():
    os.environ.update(DATABASE_URL=URL, SECRET_KEY="b" * 40, MEET_CONFIG="production")
    from meet import create_app

    return create_app("production")


def seed(flask_app) -> int:
    """The demo meet with every event's final places published; answers the meet id."""
    from meet.demo.loader import load_demo
    from meet.extensions import db
    from meet.models import Entry, Event, EventPlace, Meet

    with flask_app.app_context():
        db.create_all()
        load_demo()
        meet = db.session.scalars(db.select(Meet)).one()
        have = db.session.scalar(db.select(db.func.count(EventPlace.id)).where(
            EventPlace.published.is_(True)))
        if have:
            source = "the demo's own results, meet.demo.results"
        else:
            rng = random.Random(4)
            for ev in db.session.scalars(db.select(Event).where(Event.meet_id == meet.id)):
                entries = db.session.scalars(db.select(Entry).where(Entry.event_id == ev.id)).all()
                rng.shuffle(entries)
                place = 0
                for i, en in enumerate(entries):
                    tie = i in (3, 6) and rng.random() < 0.5
                    place = place if tie else i + 1
                    db.session.add(EventPlace(event_id=ev.id, entry_id=en.id,
                                              delegation_id=en.delegation_id, place=place,
                                              mark=f"{10 + i}.{rng.randint(0, 99):02d}",
                                              published=True))
            db.session.commit()
            source = "places drawn by the benchmark"
        n = db.session.scalar(db.select(db.func.count(EventPlace.id)))
        print(f"demo meet: {n} published final places ({source})")
        return meet.id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=10).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


def wrk(url: str, seconds: int, header: str = "") -> tuple[float, float]:
    """(requests per second, p99 latency in ms) of ``url`` with 200 connections."""
    cmd = ["wrk", "-t4", "-c200", f"-d{seconds}s", "--latency", "--timeout", "10s", url]
    if header:
        cmd[1:1] = ["-H", header]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        print(f"   {url}: {errors.group(1)} non-2xx/3xx responses")
    return rps, float(p99.group(1)) * scale


def publish_to_visible(flask_app, base: str, meet_id: int, times: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    from meet.extensions import db
    from meet.models import Delegation, Event, EventPlace
    from meet.signals import results_changed

    seen = []
    with flask_app.app_context(), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "/medals")
        events = db.session.scalars(db.select(Event).where(Event.meet_id == meet_id)
                                    .order_by(Event.id)).all()
        for i in range(times * 3):
            if len(seen) == times:
                break
            ev = events[i % len(events)]
            rows = db.session.scalars(db.select(EventPlace).where(
                EventPlace.event_id == ev.id, EventPlace.published.is_(True))
                .order_by(EventPlace.place)).all()
            golds = {r.delegation_id for r in rows if r.place == 1}
            mine = next((r for r in reversed(rows) if r.delegation_id not in golds), None)
            if mine is None:
                continue
            team = db.session.get(Delegation, mine.delegation_id)
            gold_before = page.locator(f'tr[data-team="{team.id}"] td.gold').all_inner_texts()
            before = int(gold_before[0]) if gold_before else 0
            for r in rows:
                if r.place == 1:
                    r.place = 2
            mine.place = 1
            db.session.commit()
            start = time.monotonic()
            results_changed.send(None, meet_id=meet_id, reason="bench")
            page.wait_for_function(
                "([id, n]) => { const c = document.querySelector("
                "`tr[data-team=\"${id}\"] td.gold`); return c && +c.textContent > n; }",
                arg=[team.id, before], timeout=10000)
            seen.append(time.monotonic() - start)
            time.sleep(0.3)
        browser.close()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--publishes", type=int, default=9)
    args = parser.parse_args()
    prepare()
    flask_app = app()
    meet_id = seed(flask_app)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=URL, SECRET_KEY="b" * 40, MEET_CONFIG="production",
               MEET_BIND=f"127.0.0.1:{port}", MEET_WORKERS="4")
    server = subprocess.Popen(  # the production settings (gunicorn.conf.py), 4 sync workers
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
         "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_up(base)
        for path in ("/api/v1/standings", "/medals"):  # warm every worker's cache
            for _ in range(8):
                urllib.request.urlopen(base + path, timeout=10).read()
        print(f"gunicorn -w 4 (sync), PostgreSQL, wrk -c200 -t4 -d{args.seconds}s")
        health = wrk(base + "/healthz", args.seconds)
        print(f"{'endpoint':34} {'req/s':>9} {'p99 ms':>8} {'rps/healthz':>12} "
              f"{'p99/healthz':>12}")
        print(f"{'/healthz (SELECT 1)':34} {health[0]:9.0f} {health[1]:8.1f} {1:12.2f} "
              f"{1:12.2f}")
        api_tag = urllib.request.urlopen(base + "/api/v1/standings").headers["ETag"]
        page_tag = urllib.request.urlopen(base + "/medals").headers["ETag"]
        live_tag = urllib.request.urlopen(base + "/live").headers["ETag"]
        for label, path, header in [
            ("/api/v1/standings", "/api/v1/standings", ""),
            ("/medals (HTML)", "/medals", ""),
            ("/api/v1/standings If-None-Match", "/api/v1/standings",
             f"If-None-Match: {api_tag}"),
            ("/medals If-None-Match", "/medals", f"If-None-Match: {page_tag}"),
            ("/live If-None-Match (the poll)", "/live", f"If-None-Match: {live_tag}"),
        ]:
            rps, p99 = wrk(base + path, args.seconds, header)
            print(f"{label:34} {rps:9.0f} {p99:8.1f} {rps / health[0]:12.2f} "
                  f"{p99 / health[1]:12.2f}")
        seen = publish_to_visible(flask_app, base, meet_id, args.publishes)
        print(f"publish -> visible on a subscribed /medals page ({len(seen)} publishes): "
              f"median {statistics.median(seen):.2f} s, worst {max(seen):.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
