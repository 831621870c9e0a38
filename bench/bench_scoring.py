"""Benchmark: 40 referees submit a heat at the same moment, against gunicorn on PostgreSQL.

What it does, loopback only, about a minute:

1. a fresh schema ``bench_scoring`` in the PostgreSQL database ``test`` on
   127.0.0.1:5432; a meet with 40 events of one heat each (8 lanes), 40 referees each
   assigned one event, a chief referee;
2. ``gunicorn -w 4 wsgi:app`` (sync workers, ``MEET_CONFIG=development`` so the session
   cookie works over plain http) on a free port with that database;
3. 40 threads, one per referee: log in, open the heat's sheet (the form, its CSRF token
   and the unit's version), then wait at a barrier and all POST the whole heat at once
   as the tablet's script does (``Accept: application/json``, a fresh idempotency key),
   ``--rounds`` times (each round reloads the sheet first: a resubmission of a heat
   not yet confirmed); then one round of resends with the same keys (duplicates);
4. prints p50 / p95 / max of the submit time and checks: every submit answered 200,
   one ResultVersion per submission, none for the resends.

Usage: .venv/bin/python bench/bench_scoring.py [--rounds 5] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMA = "bench_scoring"
BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
URL = f"{BASE}?options=-csearch_path%3D{SCHEMA}"
REFEREES = 40
PASSWORD = "bench-scoring-password"


def prepare() -> dict[str, int]:
    """A fresh schema with 40 heats and their referees; returns username -> unit id."""
    from sqlalchemy import create_engine, text

    engine = create_engine(BASE, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    engine.dispose()
    os.environ.update(DATABASE_URL=URL, MEET_CONFIG="development")
    from meet import create_app
    from meet.extensions import db
    from meet.models import RefereeAssignment, Role
    from tests import factories
    from tests.scoring import factories as sf

    app = create_app("development")
    units = {}
    with app.app_context():
        db.create_all()
        w = factories.small_world()
        for i in range(1, REFEREES + 1):
            event = factories.event(w.meet, w.cat, f"B{i:02d}", name=f"男子100米第{i}项")
            heat = sf.heats(event, [sf.athletes(w, event, 8)], stage="final").units[0]
            user = factories.user(f"bench{i:02d}", Role.REFEREE, w.meet, password=PASSWORD)
            db.session.add(RefereeAssignment(user_id=user.id, event_id=event.id))
            units[user.username] = heat.id
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return units


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tablet:
    """One referee's browser: a cookie jar and the sheet's fields."""

    def __init__(self, base: str, username: str, unit_id: int):
        self.base, self.username, self.unit_id = base, username, unit_id
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def _get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.read().decode()

    def _post(self, path: str, data: dict, headers: dict | None = None) -> tuple[int, str]:
        req = urllib.request.Request(self.base + path, urllib.parse.urlencode(data).encode(),
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    @staticmethod
    def _token(page: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def login(self) -> None:
        token = self._token(self._get("/login"))
        self._post("/login", {"username": self.username, "password": PASSWORD,
                              "csrf_token": token})

    def load(self) -> None:
        page = self._get(f"/scoring/units/{self.unit_id}")
        self.token = self._token(page)
        self.version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        self.slots = re.findall(r'name="(s\d+)-mark"', page)

    def submit(self, key: str) -> tuple[int, float]:
        data = {"csrf_token": self.token, "version": self.version, "submission_key": key}
        for lane, slot in enumerate(self.slots):
            data[f"{slot}-mark"] = f"{11 + lane * 0.13:.2f}"
        start = time.perf_counter()
        status, _ = self._post(f"/scoring/units/{self.unit_id}", data,
                               {"Accept": "application/json"})
        return status, time.perf_counter() - start


def run(base: str, units: dict[str, int], rounds: int) -> None:
    tablets = [Tablet(base, name, unit) for name, unit in sorted(units.items())]
    for t in tablets:
        t.login()
    times: list[float] = []
    statuses: list[int] = []
    keys: dict[Tablet, str] = {}
    lock = threading.Lock()

    def one(t: Tablet, barrier: threading.Barrier, resend: bool) -> None:
        if not resend:
            t.load()
            keys[t] = uuid.uuid4().hex
        barrier.wait()
        status, took = t.submit(keys[t])
        with lock:
            statuses.append(status)
            (times if not resend else resend_times).append(took)

    resend_times: list[float] = []
    for round_no in range(rounds + 1):
        resend = round_no == rounds
        barrier = threading.Barrier(len(tablets))
        threads = [threading.Thread(target=one, args=(t, barrier, resend)) for t in tablets]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    ok = sum(1 for s in statuses if s == 200)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"submissions: {len(times)} ({REFEREES} referees at once x {rounds} rounds); "
          f"answered 200: {ok}/{len(statuses)}")
    print(f"submit time: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")
    print(f"resends with the same keys: p50 {statistics.median(resend_times) * 1000:.0f} ms")


def server_side(path: str) -> None:
    """The app's own time per submit, from its request log (queueing excluded)."""
    text = Path(path).read_text()
    ms = sorted(float(m) for m in re.findall(
        r'"method": "POST", "path": "/scoring/units/\d+", "status": 200, "ms": ([\d.]+)', text))
    if ms:
        print(f"server time per submit (in the worker): p50 {statistics.median(ms):.0f} ms, "
              f"p95 {ms[max(0, int(len(ms) * 0.95) - 1)]:.0f} ms")


def count_versions() -> tuple[int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(URL)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT count(*) FROM result_version")).scalar()
        keys = conn.execute(text(
            "SELECT count(DISTINCT submission_key) FROM result_version")).scalar()
    engine.dispose()
    return versions, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    units = prepare()
    port = free_port()
    env = dict(os.environ, DATABASE_URL=URL, MEET_CONFIG="development")
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn -w {args.workers} (sync) on PostgreSQL, {os.cpu_count()} CPUs")
        run(base, units, args.rounds)
        server_side(log.name)
        versions, keys = count_versions()
        expected = REFEREES * args.rounds
        print(f"result versions: {versions} (expected {expected}), distinct keys: {keys}")
        if versions != expected:
            raise SystemExit("a submission was lost or doubled")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
