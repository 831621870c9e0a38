"""A meet day under load: gunicorn (4 sync workers, the production settings) on
PostgreSQL with the demo meet; 30 referees scoring heats and matches, 5 marshals
checking athletes in, the chief referee publishing, 1,000 spectators' phones on the
public pages and the live channel, for ``--duration`` seconds (10 minutes). Loopback
only, bounded in time.

    make bench-meet-day                    # 10 minutes
    make bench-meet-day DURATION=60        # one minute
    .venv/bin/python bench/meet_day.py --help

What it does:

1. drops and creates the database (``--database-url``, default
   ``postgresql+psycopg://postgres@127.0.0.1:5432/meet_bench``), ``flask db upgrade``,
   ``flask meet demo``; adds the meet-day staff and issues the badges
   (:mod:`meet_day_setup`);
2. starts ``gunicorn -c gunicorn.conf.py wsgi:app`` with ``MEET_WORKERS=4``,
   ``MEET_CONFIG=production`` and a generated ``SECRET_KEY`` on a free loopback port,
   and waits for ``/healthz``;
3. runs the people of :mod:`meet_day_people` from one asyncio process (their starts
   spread over ``--ramp`` seconds), then stops them: writers finish the request in
   hand, so every ledger entry has its answer;
4. stops gunicorn, compares the ledgers with the database (lost, doubled) and prints
   and writes the report (``bench/out/meet_day-<time>.json``): requests per second,
   p50/p95/p99 per route family, errors with samples, results and check-ins submitted
   against stored. Exit status 1 when there was an error or a lost or doubled record.

An error is a network failure, a timeout (60 s), an unexpected status (a 5xx, a 409 on
a unit only one tablet scores, a refused login) or an unexpected check-in outcome.
Static files are not requested: nginx serves them (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/meet_bench"


def arguments() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=float, default=float(os.environ.get("DURATION", 600)),
                   help="seconds of load (default 600, or $DURATION)")
    p.add_argument("--database-url", default=os.environ.get("MEET_BENCH_DATABASE_URL",
                                                            DEFAULT_URL))
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--spectators", type=int, default=1000)
    p.add_argument("--big-screens", type=int, default=3, help="of the spectators")
    p.add_argument("--api-readers", type=int, default=20, help="of the spectators")
    p.add_argument("--referees", type=int, default=30)
    p.add_argument("--marshals", type=int, default=5)
    p.add_argument("--look", default="10:60", help="seconds a phone stays visible (min:max)")
    p.add_argument("--away", default="30:180", help="seconds it stays in the pocket (min:max)")
    p.add_argument("--publish-every", default="15:30",
                   help="seconds the chief referee takes per sheet before publishing it")
    p.add_argument("--ramp", type=float, default=None,
                   help="seconds over which spectators arrive (default: duration/5, at most "
                        "60); the staff log in during the first 5 s")
    p.add_argument("--template", default="",
                   help="development only: copy the prepared database from this template "
                        "when it exists, else save it there after preparing")
    p.add_argument("--out", default="", help="report file (default bench/out/meet_day-*.json)")
    return p.parse_args()


def span(text: str) -> tuple[float, float]:
    low, _sep, high = text.partition(":")
    return float(low), float(high or low)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(args, env: dict):
    from meet_day_setup import (
        make_plan,
        migrate_and_load_demo,
        prepare_staff,
        recreate_database,
        save_template,
        template_exists,
    )

    from meet import create_app

    app = create_app("production")
    if args.template and template_exists(args.database_url, args.template):
        recreate_database(args.database_url, template=args.template)
        schema = f"copied from template {args.template}"
    else:
        recreate_database(args.database_url)
        schema = migrate_and_load_demo(app, env)
        prepare_staff(app, args.referees, args.marshals)
        with app.app_context():
            from meet.extensions import db
            db.engine.dispose()
        if args.template:
            save_template(args.database_url, args.template)
    plan = make_plan(app, args.referees, args.marshals, schema)
    with app.app_context():
        from meet.extensions import db
        db.engine.dispose()
    return app, plan


def start_gunicorn(env: dict, log_path: Path, port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    log = open(log_path, "wb")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz in 90 s; see {log_path}")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def load(args, plan, port: int) -> tuple[object, object, float]:
    import meet_day_people as people
    from meet_day_http import Stats

    stats = Stats()
    ramp = args.ramp if args.ramp is not None else min(60.0, args.duration / 5)
    key_prefix = f"bench-{secrets.token_hex(3)}-"
    meet = people.Meet("127.0.0.1", port, stats, plan, key_prefix, args.duration,
                       span(args.look), span(args.away), span(args.publish_every))
    rng = random.Random(2027)
    crowd, staff = [], []
    for i in range(args.spectators):
        if i < args.api_readers:
            crowd.append(people.api_reader(meet, rng.random(), ramp))
        else:
            big = i < args.api_readers + args.big_screens
            crowd.append(people.spectator(meet, rng.random(), ramp, big_screen=big))
    begun = time.monotonic()  # the staff sign in, then the window, then the writers finish
    names = [*plan.referees, *plan.marshals, "chief"]
    clients = dict(zip(names, await asyncio.gather(*(people.sign_in(meet, n) for n in names)),
                       strict=True))
    for name, units in plan.referees.items():
        if clients[name]:
            staff.append(people.referee(meet, clients[name], units, rng.random(), 5))
    for name, units in plan.marshals.items():
        if clients[name]:
            staff.append(people.marshal(meet, clients[name], units, rng.random(), 5))
    if clients["chief"]:
        staff.append(people.chief(meet, clients["chief"], rng.random(), 5))
    crowd_tasks = [asyncio.create_task(c) for c in crowd]
    staff_tasks = [asyncio.create_task(s) for s in staff]
    started = time.monotonic()
    await asyncio.sleep(args.duration)
    meet.stop.set()
    for t in crowd_tasks:
        t.cancel()
    elapsed = time.monotonic() - started
    done, pending = await asyncio.wait(staff_tasks, timeout=120)
    for t in done:
        if t.exception() is not None:
            stats.error(f"a simulated person crashed: {t.exception()!r}")
    for t in pending:
        t.cancel()
        stats.error("a referee or marshal did not finish within 120 s of the end")
    for outcome in await asyncio.gather(*crowd_tasks, return_exceptions=True):
        if isinstance(outcome, Exception) and not isinstance(outcome, asyncio.CancelledError):
            stats.error(f"a simulated spectator crashed: {outcome!r}")
    meet.served = time.monotonic() - begun
    return stats, meet, elapsed


def _server_family(method: str, path: str) -> str:
    """The route family of an access-log line (as the people name theirs)."""
    if path == "/live":
        return "live"
    if path.startswith("/api/"):
        return "api"
    if path == "/login":
        return "login"
    if path.startswith("/scoring/units/") and path.endswith(("/confirm", "/publish")):
        return "chief steps"
    if path.startswith("/scoring"):
        return "scoring submit" if method == "POST" else "scoring pages"
    if path.endswith("/check-in"):
        return "check-in"
    if path.endswith("/start-list.json"):
        return "start-list poll"
    if path.startswith("/call-room"):
        return "call room pages"
    if path.startswith("/badge/"):
        return "badge page"
    return "public pages"


def server_log(log_path: Path, workers: int, seconds: float) -> dict:
    """What gunicorn's log says: time spent in the workers per route family (the rest
    of a client's latency is the wait in the listen queue), how busy the workers were,
    tracebacks, killed workers, 5xx answers."""
    import re

    text = log_path.read_text("utf-8", "replace")
    times: dict[str, list[float]] = {}
    fivexx = 0
    for method, path, status, took in re.findall(
            r'^\S+ "([A-Z]+) ([^"]*)" (\d{3}) \S+ ([\d.]+)s', text, re.M):
        if path == "/healthz":
            continue
        times.setdefault(_server_family(method, path), []).append(float(took))
        fivexx += status.startswith("5")
    busy = sum(sum(v) for v in times.values())
    return {
        "worker_busy_share": round(busy / (workers * seconds), 2),
        "in_worker_ms": {name: {"mean": round(1000 * sum(v) / len(v), 1),
                                "p95": round(1000 * sorted(v)[int(0.95 * len(v))], 1)}
                         for name, v in sorted(times.items())},
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "answers_5xx": fivexx,
    }


def main() -> int:
    args = arguments()
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    port = free_port()
    env = os.environ | {"DATABASE_URL": args.database_url, "SECRET_KEY": secrets.token_hex(32),
                        "MEET_CONFIG": "production", "MEET_WORKERS": str(args.workers),
                        "MEET_BIND": f"127.0.0.1:{port}", "FLASK_APP": "meet:create_app",
                        # its own folder: the documents of meet 1 here are not the
                        # development database's meet 1 (a build here deleted those)
                        "DOCUMENTS_DIR": tempfile.mkdtemp(prefix="meet-bench-docs-")}
    os.environ.update(env)  # before meet is imported: config.py reads the environment

    t0 = time.monotonic()
    print(f"meet day: preparing {args.database_url} …", flush=True)
    app, plan = prepare(args, env)
    units = sum(len(u) for u in plan.referees.values())
    print(f"  {time.monotonic() - t0:.0f} s; schema: {plan.schema}; {units} units to score "
          f"by {len(plan.referees)} referees, {len(plan.marshals)} marshals", flush=True)

    log_path = out_dir / f"meet_day-{stamp}-gunicorn.log"
    server = start_gunicorn(env, log_path, port)
    print(f"gunicorn ({args.workers} workers) on 127.0.0.1:{port}; load for "
          f"{args.duration:.0f} s with {args.spectators} spectators …", flush=True)
    load_before = os.getloadavg()
    cpu0 = time.process_time()
    try:
        stats, meet, elapsed = asyncio.run(load(args, plan, port))
    finally:
        stop_gunicorn(server)
    loadgen_cpu = time.process_time() - cpu0

    from meet_day_setup import verify

    ledger = meet.ledger
    check = verify(app, submissions=ledger.submissions, last_sheet=ledger.last_sheet,
                   checkins=ledger.checkins, published=ledger.published,
                   key_prefix=meet.key_prefix, marshals=list(plan.marshals))
    report = {
        "when": stamp, "duration_s": round(elapsed, 1), "database": args.database_url,
        "schema": plan.schema, "workers": args.workers,
        "people": {"spectators": args.spectators, "of_which_big_screens": args.big_screens,
                   "of_which_api_readers": args.api_readers, "referees": args.referees,
                   "marshals": args.marshals, "chief_referee": 1,
                   "look_s": args.look, "away_s": args.away},
        "machine": {"cpus": os.cpu_count(), "loadavg_before": load_before,
                    "loadavg_after": os.getloadavg(),
                    "loadgen_cpu_s": round(loadgen_cpu, 1)},
        **stats.report(elapsed),
        "errors": stats.errors, "error_samples": stats.error_samples,
        "scans": ledger.scans, "resent_keys_answered": ledger.duplicates_answered,
        "server_log": server_log(log_path, args.workers, meet.served),
        **check,
    }
    path = Path(args.out) if args.out else out_dir / f"meet_day-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=list))
    print_summary(report, path)
    bad = (report["errors"] or check["results"]["lost_count"] or check["results"]["doubled_count"]
           or check["results"]["units_not_at_last_sheet"] or check["checkins"]["lost_count"]
           or check["checkins"]["doubled_count"] or check["published"]["not_published"])
    return 1 if bad else 0


def print_summary(r: dict, path: Path) -> None:
    print(f"\n{r['requests']} requests in {r['duration_s']} s: {r['rps']} per second; "
          f"errors: {r['errors']}")
    print(f"{'route family':<18}{'requests':>9}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'errors':>8}")
    for name, f in r["families"].items():
        print(f"{name:<18}{f['requests']:>9}{f['rps']:>8}{f['p50_ms']:>9}{f['p95_ms']:>9}"
              f"{f['p99_ms']:>9}{f['errors']:>8}")
    res, chk = r["results"], r["checkins"]
    print(f"results: {res['submissions_accepted']} sheets accepted, {res['versions_stored']} "
          f"stored (lost {res['lost_count']}, doubled {res['doubled_count']}); result rows "
          f"{res['result_rows_stored']}/{res['result_rows_expected']} on {res['units_scored']} "
          f"units; units not at their last sheet: {len(res['units_not_at_last_sheet'])}")
    print(f"check-ins: {chk['accepted']} accepted, {chk['stored']} stored (lost "
          f"{chk['lost_count']}, doubled {chk['doubled_count']})")
    print(f"published by the chief referee: {r['published']['by_chief']} "
          f"(stored {r['published']['stored_published']})")
    for sample in r["error_samples"][:10]:
        print(f"  error: {sample}")
    srv = r["server_log"]
    print(f"server: workers busy {srv['worker_busy_share']:.0%} of the time; in-worker mean ms: "
          + ", ".join(f"{k} {v['mean']}" for k, v in srv["in_worker_ms"].items()))
    print(f"server log: {srv['tracebacks']} tracebacks, {srv['worker_timeouts']} worker "
          f"timeouts, {srv['answers_5xx']} 5xx answers")
    m = r["machine"]
    print(f"load generator CPU {m['loadgen_cpu_s']} s; load average "
          f"{m['loadavg_before'][0]:.1f} -> {m['loadavg_after'][0]:.1f} on {m['cpus']} CPUs")
    if m["loadavg_before"][0] > m["cpus"]:
        print("warning: the machine was busy before the run: the figures are pessimistic")
    print(f"report: {path}")


if __name__ == "__main__":
    sys.exit(main())
