"""Faults under load, for real: ``make bench-faults`` (needs root and the machine's
PostgreSQL, which it RESTARTS: every database on that server loses its connections).

1. makes a fresh database ``meet_faults`` (``--database-url``) with the demo meet;
2. starts ``gunicorn -c gunicorn.conf.py wsgi:app`` (4 sync workers, the production
   settings, a generated ``SECRET_KEY``) on a free loopback port;
3. one tablet per demo referee signs in and sends the sheet of every unit of its events
   that has no result yet, as ``static/js/scoring.js`` does: a form post with
   ``Accept: application/json``, an idempotency key per sheet (``faults-<unit id>``) and
   the version the sheet was loaded at; no answer or a 5xx → the same sheet, the same key,
   again a moment later, as long as it takes;
4. meanwhile SIGKILLs the gunicorn worker serving a sheet's post (``--kills`` times: the
   first inside its database transaction, the results written and the audit line waiting
   for a lock the bench holds for that moment; the second at some moment while it serves
   the post), and restarts PostgreSQL (``pg_ctlcluster <version> <cluster> restart``
   for the cluster on the URL's port, else ``service postgresql restart``; a CHECKPOINT
   first), with ``/healthz`` polled every 0.1 s to time the 503 window and the recovery;
5. stops gunicorn and compares the tablets' ledger with the database: every sheet the
   tablets sent is stored exactly once (lost = 0), no unit has two submissions, no key
   two versions (doubled = 0), every stored sheet is whole (a result for each line).

Prints the figures and writes them to ``bench/out/faults-<time>.json``; exits 1 when
anything is lost, doubled or incomplete. ``--no-restart`` skips the PostgreSQL restart
(no root, or a server others are using).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/meet_faults"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
GIVE_UP = 180.0  # seconds a tablet keeps resending one sheet


# --- the tablet's HTTP ----------------------------------------------------------------

class Client:
    """One connection per request (``Connection: close``), cookies kept by hand: the
    production session cookie is ``Secure``, which a cookie jar would not send over
    loopback HTTP (HTTPS ends at the reverse proxy)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None, timeout: float = 30,
                on_connect=None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        head = {"Connection": "close", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            head["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.connect()
            if on_connect:
                on_connect(conn.sock.getsockname()[1])
            conn.request(method, path, body=body, headers=head)
            r = conn.getresponse()
            for name, value in r.getheaders():
                if name.lower() == "set-cookie":
                    k, _, v = value.split(";", 1)[0].partition("=")
                    self.cookies[k.strip()] = v.strip()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()


def csrf_of(page: str) -> str:
    m = CSRF.search(page)
    return m.group(1) if m else ""


@dataclass
class Sheet:
    unit_id: int
    form: dict[str, str]
    lines: int
    key: str = ""
    attempts: int = 0
    failures: list[str] = field(default_factory=list)
    outcome: str = ""  # accepted | duplicate | conflict | invalid | refused | gave up


class Tablet(threading.Thread):
    def __init__(self, port: int, username: str, password: str, sheets: list[Sheet],
                 pace: float, events: list):
        super().__init__(daemon=True)
        self.client, self.username, self.password = Client(port), username, password
        self.sheets, self.pace, self.events = sheets, pace, events
        self.posting: tuple[int, Sheet] | None = None  # (client port, sheet) in flight

    def _retry(self, what: str, call, until: float):
        """Call until it answers below 500; network errors and 5xx wait and go again."""
        delay = 0.2
        while True:
            try:
                status, body = call()
                if status < 500:
                    return status, body
                problem = f"{what} {status}"
            except OSError as err:
                problem = f"{what} {type(err).__name__}"
            self.events.append((time.monotonic(), "tablet", problem))
            if time.monotonic() > until:
                return None, problem
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)

    def run(self) -> None:
        until = time.monotonic() + GIVE_UP
        status, page = self._retry("login page", lambda: self.client.request("GET", "/login"),
                                   until)
        status, _ = self._retry("login", lambda: self.client.request("POST", "/login", {
            "csrf_token": csrf_of(page or ""), "username": self.username,
            "password": self.password}), until)
        if status != 302:
            for s in self.sheets:
                s.outcome = f"gave up (login {status})"
            return
        for sheet in self.sheets:
            self.send(sheet)
            time.sleep(self.pace * random.random() * 2)

    def send(self, sheet: Sheet) -> None:
        until = time.monotonic() + GIVE_UP
        path = f"/scoring/units/{sheet.unit_id}"
        status, page = self._retry("sheet page", lambda: self.client.request("GET", path), until)
        if status != 200:
            sheet.outcome = f"gave up (sheet page {status})"
            return
        version = re.search(r'name="version"[^>]*value="(\d*)"', page)
        sheet.key = f"faults-{sheet.unit_id}"
        form = {**sheet.form, "csrf_token": csrf_of(page), "submission_key": sheet.key,
                "version": version.group(1) if version else ""}

        def post():
            sheet.attempts += 1
            try:
                return self.client.request(
                    "POST", path, form, {"Accept": "application/json"},
                    on_connect=lambda port: setattr(self, "posting", (port, sheet)))
            finally:
                self.posting = None

        status, body = self._retry(f"submit {sheet.unit_id}", post, until)
        if status == 200:
            sheet.outcome = "duplicate" if json.loads(body).get("duplicate") else "accepted"
        else:
            sheet.outcome = {409: "conflict", 422: "invalid", 403: "refused",
                             None: "gave up"}.get(status, f"answer {status}")
            sheet.failures.append(body[:200])


# --- the machine: database, gunicorn, PostgreSQL --------------------------------------

def pg_connection(url: str, dbname: str | None = None):
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port or 5432, user=u.username,
                           password=u.password, dbname=dbname or u.database, autocommit=True)


def fresh_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with pg_connection(url, "postgres") as c:
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE datname = %s", (u.database,))
        c.execute(f'DROP DATABASE IF EXISTS "{u.database}"')
        c.execute(f'CREATE DATABASE "{u.database}"')


def load_demo_meet():
    """Tables, the demo meet, and the sheets to send: every unit of a referee's events
    with no result yet, the sheet made by the demo's own generator."""
    from sqlalchemy import select

    from meet import background, create_app
    from meet.demo.loader import load_demo
    from meet.demo.results import _Demo
    from meet.extensions import db
    from meet.models import RefereeAssignment, ResultVersion, Role, Unit, User

    app = create_app("production")
    with app.app_context():
        db.create_all()
        meet, _ = load_demo()
        background.wait_all()
        demo = _Demo(meet)
        done = set(db.session.scalars(select(ResultVersion.unit_id)))
        work: dict[str, list[Sheet]] = {}
        referees = db.session.scalars(select(User).where(
            User.meet_id == meet.id, User.role == Role.REFEREE.value).order_by(User.username))
        for user in referees:
            events = [a.event_id for a in db.session.scalars(
                select(RefereeAssignment).where(RefereeAssignment.user_id == user.id))]
            units = db.session.scalars(select(Unit).where(Unit.event_id.in_(events))
                                       .order_by(Unit.starts_at, Unit.id))
            for unit in units:
                lines = sum(1 for s in unit.slots if s.entry_id is not None)
                if unit.id in done or lines < 2:
                    continue
                work.setdefault(user.username, []).append(
                    Sheet(unit.id, demo.sheet(unit), lines))
        db.session.remove()
        db.engine.dispose()
    return app, work


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def _tcp(port_field: int, port: int, state: str = "01") -> dict[str, int]:
    """Established TCP sockets whose local (0) or remote (1) port is ``port``:
    {"socket:[inode]": the other end's port}."""
    found = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        ends = [int(a.split(":")[1], 16) for a in parts[1:3]]
        if ends[port_field] == port and parts[3] == state:
            found[f"socket:[{parts[9]}]"] = ends[1 - port_field]
    return found


def _sockets_of(pid: int) -> set[str]:
    try:
        return {os.readlink(fd.path) for fd in os.scandir(f"/proc/{pid}/fd")}
    except OSError:
        return set()


def worker_serving(client_port: int, server_port: int, workers: list[int]) -> int | None:
    """The gunicorn worker holding the connection from ``client_port`` (None while the
    connection waits in the listen queue): /proc/net/tcp names the socket's inode,
    /proc/<pid>/fd the process that has it open."""
    inodes = {i for i, other in _tcp(0, server_port).items() if other == client_port}
    return next((pid for pid in workers if inodes & _sockets_of(pid)), None)


def kill_on_arrival(tablets: list, server_port: int, master: int,
                    limit: float = 60) -> dict | None:
    """SIGKILL the worker serving a sheet's post, whatever it is doing by then."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        for tablet in tablets:
            posting = tablet.posting
            if posting is None:
                continue
            pid = worker_serving(posting[0], server_port, worker_pids(master))
            if pid and tablet.posting is posting:
                os.kill(pid, signal.SIGKILL)
                return {"pid": pid, "key": f"faults-{posting[1].unit_id}",
                        "sheet": posting[1], "moment": "while serving the post"}
        time.sleep(0.002)
    return None


def kill_inside_transaction(url: str, tablets: list, server_port: int, master: int,
                            pg_port: int, limit: float = 60) -> dict | None:
    """SIGKILL a worker whose submit transaction has written the results and waits to
    write its audit line: the bench holds ``audit_entry`` in SHARE mode for that moment,
    finds the waiting backend (``backend_xid`` set: it has written), maps its client port
    to the worker, kills it, and lets go. The transaction cannot have committed."""
    # Two connections: inside a transaction pg_stat_activity is a snapshot that stays still.
    with pg_connection(url) as holder, pg_connection(url) as watcher, holder.transaction():
        holder.execute("LOCK TABLE audit_entry IN SHARE MODE")
        began = time.monotonic()
        while time.monotonic() - began < limit:
            row = watcher.execute(
                "SELECT client_port FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL "
                "AND query ILIKE 'INSERT INTO audit_entry%%'").fetchone()
            if row:
                inodes = {i for i, remote in _tcp(0, row[0]).items() if remote == pg_port}
                pid = next((w for w in worker_pids(master) if inodes & _sockets_of(w)), None)
                if pid is not None:
                    sheet = next((t.posting[1] for t in tablets if t.posting and worker_serving(
                        t.posting[0], server_port, [pid])), None)
                    os.kill(pid, signal.SIGKILL)
                    return {"pid": pid, "key": f"faults-{sheet.unit_id}" if sheet else "?",
                            "sheet": sheet, "moment": "inside the transaction"}
            time.sleep(0.01)
    return None


def pg_commands(port: int) -> tuple[list[str], list[str]]:
    """How to restart, and to start, the server on ``port``."""
    if shutil.which("pg_lsclusters") and shutil.which("pg_ctlcluster"):
        listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True,
                                 text=True).stdout
        for line in listing.splitlines():
            version, cluster, cluster_port, *_ = line.split()
            if int(cluster_port) == port:
                return (["pg_ctlcluster", version, cluster, "restart"],
                        ["pg_ctlcluster", version, cluster, "start"])
    if shutil.which("service"):
        return ["service", "postgresql", "restart"], ["service", "postgresql", "start"]
    return ["systemctl", "restart", "postgresql"], ["systemctl", "start", "postgresql"]


def pg_up(url: str) -> bool:
    try:
        with pg_connection(url, "postgres") as c:
            return c.execute("SELECT 1").fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure to connect means down
        return False


def restart_postgresql(url: str, port: int) -> dict:
    """CHECKPOINT first (so the shutdown does not spend a minute writing dirty buffers on
    a busy disk: pg_ctl gives up after 60 s and leaves the server down), then restart;
    if the restart fails, start the server again and say so."""
    restart, start = pg_commands(port)
    with pg_connection(url) as c:
        c.execute("CHECKPOINT")
    began = time.monotonic()
    done = subprocess.run(restart, capture_output=True, text=True)
    report = {"command": " ".join(restart), "began": began}
    if done.returncode or not pg_up(url):
        report["failed"] = (done.stderr or done.stdout).strip()[-300:]
        subprocess.run(start, capture_output=True, text=True)
    deadline = time.monotonic() + 120
    while not pg_up(url) and time.monotonic() < deadline:
        time.sleep(0.2)
    report["back"] = time.monotonic()
    return report


def wait_quiet(url: str, limit: float = 20) -> float:
    """Other databases on the server lose their connections too: wait (a little) for a
    moment when none of them is running a query."""
    began = time.monotonic()
    with pg_connection(url) as c:
        while time.monotonic() - began < limit:
            busy = c.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                             "AND datname IS NOT NULL AND datname <> current_database()"
                             ).fetchone()[0]
            if not busy:
                break
            time.sleep(0.1)
    return round(time.monotonic() - began, 2)


class Health(threading.Thread):
    """``/healthz`` every 0.1 s: (monotonic time, status or error name)."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.samples, self.stopping = port, [], False

    def run(self) -> None:
        client = Client(self.port)
        while not self.stopping:
            try:
                status = client.request("GET", "/healthz", timeout=5)[0]
            except OSError as err:
                status = type(err).__name__
            self.samples.append((time.monotonic(), status))
            time.sleep(0.1)


def outage(samples: list, started: float, back: float) -> dict:
    """The 503 window around the restart, and how long after PostgreSQL was back the
    app answered 200 again."""
    after = [(t, s) for t, s in samples if t >= started - 0.2]
    bad = [t for t, s in after if s != 200]
    if not bad:
        return {"healthz_non_200": 0, "window_s": 0.0, "recovered_after_pg_back_s": None}
    first_ok = next((t for t, s in after if t > bad[-1] and s == 200), None)
    return {
        "healthz_non_200": len(bad),
        "healthz_statuses": sorted({str(s) for t, s in after if s != 200}),
        "first_non_200_after_restart_s": round(bad[0] - started, 2),
        "window_s": round((first_ok or bad[-1]) - bad[0], 2),
        "recovered_after_pg_back_s": round(first_ok - back, 2) if first_ok else None,
    }


def verify(app, sheets: list[Sheet]) -> dict:
    from sqlalchemy import func, select

    from meet.extensions import db
    from meet.models import Result, ResultVersion

    with app.app_context():
        rows = db.session.execute(select(ResultVersion.unit_id, ResultVersion.submission_key,
                                         ResultVersion.action, ResultVersion.sheet)
                                  .where(ResultVersion.submission_key.like("faults-%"))).all()
        per_unit_submits = dict(db.session.execute(
            select(ResultVersion.unit_id, func.count()).where(ResultVersion.action == "submit")
            .group_by(ResultVersion.unit_id)).all())
        results = dict(db.session.execute(select(Result.unit_id, func.count())
                                          .group_by(Result.unit_id)).all())
        db.engine.dispose()
    stored: dict[str, list] = {}
    for unit_id, key, _action, sheet in rows:
        stored.setdefault(key, []).append((unit_id, sheet))
    sent = [s for s in sheets if s.key]
    acknowledged = [s for s in sent if s.outcome in ("accepted", "duplicate")]
    lost = [s.key for s in sent if s.key not in stored]
    doubled = ([k for k, v in stored.items() if len(v) > 1]
               + [f"unit {u}" for u, n in per_unit_submits.items()
                  if n > 1 and any(s.unit_id == u for s in sent)])
    incomplete = [s.key for s in sent if s.key in stored
                  and (results.get(s.unit_id, 0) != s.lines
                       or len(stored[s.key][0][1].get("lines", [])) != s.lines)]
    return {"sheets": len(sheets), "sent": len(sent),
            "posts": sum(s.attempts for s in sheets),
            "accepted": sum(s.outcome == "accepted" for s in sheets),
            "accepted_as_duplicate": sum(s.outcome == "duplicate" for s in sheets),
            "acknowledged": len(acknowledged), "stored": len(stored),
            "not_acknowledged": {s.key: s.outcome for s in sheets if s not in acknowledged},
            "lost": len(lost), "lost_keys": lost[:20], "doubled": len(doubled),
            "doubled_keys": doubled[:20], "incomplete": len(incomplete),
            "incomplete_keys": incomplete[:20]}


def wait_progress(sheets: list[Sheet], share: float) -> None:
    while sum(1 for s in sheets if s.outcome) < share * len(sheets):
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=2, help="workers SIGKILLed during load")
    parser.add_argument("--pace", type=float, default=0.4, help="mean pause between sheets")
    parser.add_argument("--no-restart", action="store_true", help="keep PostgreSQL running")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        raise SystemExit("bench/faults.py runs on PostgreSQL (--database-url postgresql+...)")
    if not args.no_restart and os.geteuid() != 0:
        raise SystemExit("restarting PostgreSQL needs root; run as root or add --no-restart")

    from sqlalchemy.engine import make_url

    pg_port = make_url(args.database_url).port or 5432
    env = {"DATABASE_URL": args.database_url, "SECRET_KEY": secrets.token_hex(32),
           "MEET_CONFIG": "production",
           # its own folder: documents of meet 1 here are not the development meet 1's
           "DOCUMENTS_DIR": tempfile.mkdtemp(prefix="meet-faults-docs-")}
    os.environ.update(env)  # before meet/config is imported: the classes read them
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    t = time.monotonic()
    fresh_database(args.database_url)
    app, work = load_demo_meet()
    from meet.demo.loader import DEMO_PASSWORD

    sheets = [s for todo in work.values() for s in todo]
    print(f"demo meet loaded in {time.monotonic() - t:.0f} s: {len(sheets)} sheets for "
          f"{len(work)} referees' tablets")

    port = free_port()
    log_path = OUT / f"faults-{stamp}-gunicorn.log"
    log = open(log_path, "wb")
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env=os.environ | {"MEET_BIND": f"127.0.0.1:{port}", "MEET_WORKERS": str(args.workers)})
    events: list = []
    health = Health(port)
    try:
        deadline = time.monotonic() + 90
        while not _healthy(port):
            if time.monotonic() > deadline or gunicorn.poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {log_path}")
            time.sleep(0.3)
        health.start()
        tablets = [Tablet(port, name, DEMO_PASSWORD, todo, args.pace, events)
                   for name, todo in work.items()]
        start = time.monotonic()
        for tablet in tablets:
            tablet.start()
        kills = []
        for k in range(args.kills):  # when 1/5, 2/5 … of the sheets are answered
            wait_progress(sheets, (k + 1) / 5)
            kill = (kill_inside_transaction(args.database_url, tablets, port, gunicorn.pid,
                                            pg_port) if k % 2 == 0
                    else kill_on_arrival(tablets, port, gunicorn.pid))
            if kill:
                kills.append(kill | {"at_s": round(time.monotonic() - start, 2)})
                print(f"  t={kills[-1]['at_s']:5.1f} s  SIGKILL worker {kill['pid']} "
                      f"serving {kill['key']} ({kill['moment']})")
        restart = None
        if not args.no_restart:
            wait_progress(sheets, 0.6)
            waited = wait_quiet(args.database_url)
            print(f"  t={time.monotonic() - start:5.1f} s  restarting PostgreSQL")
            r = restart_postgresql(args.database_url, pg_port)
            restart = {"command": r["command"], "at_s": round(r["began"] - start, 2),
                       "took_s": round(r["back"] - r["began"], 2),
                       "waited_for_quiet_s": waited, "failed": r.get("failed")}
            print(f"  t={r['back'] - start:5.1f} s  PostgreSQL back ({restart['took_s']} s)"
                  + (f"; the restart failed ({r['failed']}), started again" if r.get("failed")
                     else ""))
        for tablet in tablets:
            tablet.join()
        elapsed = time.monotonic() - start
        time.sleep(0.5)
        health.stopping = True
        if restart:
            restart |= outage(health.samples, start + restart["at_s"],
                              start + restart["at_s"] + restart["took_s"])
    finally:
        if not args.no_restart and not pg_up(args.database_url):
            subprocess.run(pg_commands(pg_port)[1], capture_output=True)  # never leave it down
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        log.close()

    check = verify(app, sheets)
    kills = [{"at_s": k["at_s"], "pid": k["pid"], "key": k["key"], "moment": k["moment"],
              "then": k["sheet"].outcome if k["sheet"] else "?",
              "posts": k["sheet"].attempts if k["sheet"] else 0} for k in kills]
    cut = sum(1 for when, who, what in events if "Error" in what or "Disconnected" in what)
    report = {"when": stamp, "workers": args.workers, "tablets": len(work),
              "run_s": round(elapsed, 1), "kills": kills, "restart": restart,
              "tablet_retries": len(events), "requests_cut_off": cut, "check": check,
              "gunicorn_log": str(log_path.relative_to(ROOT))}
    (OUT / f"faults-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\n{len(work)} tablets, {args.workers} workers, {elapsed:.1f} s; "
          f"{len(kills)} workers killed; tablets retried {len(events)} times "
          f"({cut} requests cut off mid-way)")
    for k in kills:
        print(f"  killed {k['moment']} under {k['key']}: sent {k['posts']} times, "
              f"then {k['then']}")
    if restart:
        print(f"PostgreSQL restart: {restart['took_s']} s; /healthz not 200 for "
              f"{restart['window_s']} s ({restart['healthz_non_200']} polls, "
              f"{', '.join(restart.get('healthz_statuses', [])) or '-'}); app answered 200 "
              f"{restart['recovered_after_pg_back_s']} s after the restart command returned "
              f"(negative: before it did)")
    print(f"sheets: {check['sheets']}, sent {check['sent']} in {check['posts']} posts; "
          f"acknowledged {check['acknowledged']} ({check['accepted_as_duplicate']} as "
          f"'already received'); stored {check['stored']}")
    print(f"lost {check['lost']}, doubled {check['doubled']}, incomplete "
          f"{check['incomplete']}; not acknowledged: {check['not_acknowledged'] or 'none'}")
    print(f"report: {(OUT / f'faults-{stamp}.json').relative_to(ROOT)}")
    bad = check["lost"] or check["doubled"] or check["incomplete"] or check["not_acknowledged"]
    return 1 if bad else 0


def _healthy(port: int) -> bool:
    try:
        return Client(port).request("GET", "/healthz", timeout=5)[0] == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
