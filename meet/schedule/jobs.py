"""Long work in the background, with progress: automatic scheduling and building the
order book (秩序册). A request only queues a job and answers at once; the page polls
``/schedule/jobs/<id>.json``. The order book is rebuilt after every change of the
registration, the results or the timetable (signals), once it has been published or
built; a change during a build queues one more build when it ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from meet import background
from meet.extensions import db
from meet.models import Meet, ScheduleJob
from meet.operations import OperationError, actor_id, audit, commit
from meet.schedule.problem import default_settings
from meet.signals import registration_changed, results_changed, schedule_changed

log = logging.getLogger(__name__)

_threads: dict[int, threading.Thread] = {}
_pending: set[int] = set()
_lock = threading.Lock()


def active_job(meet_id: int, kind: str) -> ScheduleJob | None:
    return db.session.scalars(select(ScheduleJob).where(
        ScheduleJob.meet_id == meet_id, ScheduleJob.kind == kind,
        ScheduleJob.state.in_(("queued", "running")),
        ScheduleJob.created_at > background.stale_before())  # its thread may be gone
        .order_by(ScheduleJob.id.desc())).first()


def last_done(meet_id: int, kind: str) -> ScheduleJob | None:
    return db.session.scalars(select(ScheduleJob).where(
        ScheduleJob.meet_id == meet_id, ScheduleJob.kind == kind,
        ScheduleJob.state == "done").order_by(ScheduleJob.id.desc())).first()


def last_job(meet_id: int, kind: str) -> ScheduleJob | None:
    return db.session.scalars(select(ScheduleJob).where(
        ScheduleJob.meet_id == meet_id, ScheduleJob.kind == kind)
        .order_by(ScheduleJob.id.desc())).first()


def start(meet: Meet, kind: str, *, time_limit: float | None = None) -> ScheduleJob:
    """Queue a job and start its thread; refused while one of its kind runs."""
    if active_job(meet.id, kind):
        raise OperationError(str(_l("上一次任务尚未完成，请稍候")))
    job = ScheduleJob(meet_id=meet.id, kind=kind, requested_by_id=actor_id(), done=0,
                      total=100, result={"time_limit": time_limit} if time_limit is not None
                      else {})
    db.session.add(job)
    db.session.flush()
    audit(f"{kind}.job_started", job, meet_id=meet.id)
    commit()
    app = current_app._get_current_object()
    _threads[job.id] = background.start(app, run, app, job.id, name=f"{kind}-{job.id}")
    return job


def wait_for(job_id: int, timeout: float = 300) -> None:
    """Join a job's thread (tests, the benchmark, the CLI)."""
    thread = _threads.get(job_id)
    if thread:
        thread.join(timeout)


def wait_all(timeout: float = 300) -> None:
    for thread in list(_threads.values()):
        thread.join(timeout)


def run(app: Flask, job_id: int) -> None:
    from meet.schedule.orderbook import build_order_book
    from meet.schedule.timetable import auto_schedule

    with app.app_context():
        job = db.session.get(ScheduleJob, job_id)
        meet = db.session.get(Meet, job.meet_id)
        try:
            job.state, job.stage = "running", ""
            db.session.commit()

            def progress(stage: str, percent: int) -> None:
                job.stage, job.done = stage, max(0, min(100, percent))
                if job.kind == "schedule" and percent == 10:
                    job.result = {**(job.result or {}), "solving_since": time.time()}
                db.session.commit()

            if job.kind == "schedule":
                limit = (job.result or {}).get("time_limit")
                if limit is None:
                    limit = default_settings(meet).solver_seconds
                    job.result = {"time_limit": limit}
                summary = auto_schedule(meet, time_limit=limit, progress=progress)
                job.result = {**summary, "time_limit": limit}
            else:
                folder = Path(app.config["DOCUMENTS_DIR"]) / "order_books"
                files = build_order_book(meet, folder, job.id, progress=progress)
                _drop_old(folder, meet.id, files)
                job.files = files
            job.state, job.done, job.stage = "done", 100, str(_l("完成"))
            job.finished_at = dt.datetime.now(dt.UTC)
            db.session.commit()
        except Exception as exc:  # the job records its failure; the page shows it
            log.exception("%s job %s failed", job.kind, job_id)
            db.session.rollback()
            job = db.session.get(ScheduleJob, job_id)
            job.state, job.error = "failed", str(exc)[:500]
            job.finished_at = dt.datetime.now(dt.UTC)
            db.session.commit()
        finally:
            kind, meet_id = job.kind, job.meet_id
            with _lock:
                again = kind == "order_book" and meet_id in _pending
                _pending.discard(meet_id)
            if again:
                meet = db.session.get(Meet, meet_id)
                if meet is not None and not active_job(meet_id, "order_book"):
                    start(meet, "order_book")
            db.session.remove()


def _drop_old(folder: Path, meet_id: int, keep: dict[str, str]) -> None:
    """Keep the new files and the previous build (someone may be downloading it)."""
    builds = sorted({p.stem.split("-")[1] for p in folder.glob(f"meet{meet_id}-*")
                     if p.stem.split("-")[1].isdigit()}, key=int)
    for old in builds[:-2]:
        for path in folder.glob(f"meet{meet_id}-{old}*"):
            if str(path) not in keep.values():
                path.unlink(missing_ok=True)


def request_order_book(sender=None, *, meet_id: int, **_kw) -> None:
    """Signal listener: rebuild the order book after a change, in the background."""
    try:
        meet = db.session.get(Meet, meet_id)
    except RuntimeError:  # no app context
        return
    if meet is None:
        return
    settings = default_settings(meet)
    if not settings.order_book_published and last_done(meet_id, "order_book") is None:
        return
    with _lock:
        if active_job(meet_id, "order_book"):
            _pending.add(meet_id)
            return
    start(meet, "order_book")


for _signal in (registration_changed, results_changed, schedule_changed):
    _signal.connect(request_order_book, weak=False)
