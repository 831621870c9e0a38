"""The organiser's writes on the standings: honours, meet records, the tables' settings,
publishing the results book, and the documents built in the background.

Every write audits and commits, then sends ``results_changed`` (the honours, records
and settings are on the public pages and in the results book, so everything derived
must follow), which the one listener in :mod:`meet.standings.live` turns into a new
generation.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from meet import background
from meet.extensions import db
from meet.models import (
    AuditEntry,
    Award,
    Delegation,
    DocumentBuild,
    Event,
    Meet,
    MeetRecord,
    Person,
    Role,
    StandingsState,
    User,
)
from meet.models.standings import AWARD_KINDS, DELEGATION_AWARDS, MEDAL_ORDERS, TIE_BREAKS
from meet.operations import OperationError, actor_id, audit, commit
from meet.scoring.records import reflag_event
from meet.signals import results_changed
from meet.standings import tables

log = logging.getLogger(__name__)
LAYOUTS = ("classic", "banner")
SCOPES = ("event", "delegation", "meet")


def _changed(meet: Meet, reason: str) -> tuple:
    return (results_changed, {"meet_id": meet.id, "reason": reason})


# -- honours --------------------------------------------------------------------------

def name_award(meet: Meet, kind: str, *, delegation_id: int | None = None,
               bib: str = "", user_id: int | None = None) -> Award:
    """Name a delegation, an athlete (by bib) or a referee for an honour."""
    if kind not in AWARD_KINDS:
        raise OperationError("请选择奖项", field="kind")
    award = Award(meet_id=meet.id, kind=kind, named_by_id=actor_id())
    if kind in DELEGATION_AWARDS:
        d = db.session.get(Delegation, delegation_id) if delegation_id else None
        if d is None or d.meet_id != meet.id:
            raise OperationError("请选择代表队", field="delegation_id")
        award.delegation_id = d.id
        target = d.name
    elif kind == "sportsmanship_athlete":
        p = db.session.scalars(select(Person).where(
            Person.meet_id == meet.id, Person.bib == (bib or "").strip())).first()
        if p is None or not p.is_athlete:
            raise OperationError("没有这个号码的运动员", field="bib")
        award.person_id, award.delegation_id, target = p.id, p.delegation_id, p.name
    else:
        u = db.session.get(User, user_id) if user_id else None
        if u is None or u.role not in (Role.REFEREE.value, Role.CHIEF.value):
            raise OperationError("请选择裁判员", field="user_id")
        award.user_id, target = u.id, u.display_name or u.username
    duplicate = db.session.scalars(select(Award).where(
        Award.meet_id == meet.id, Award.kind == kind,
        Award.delegation_id.is_(award.delegation_id) if award.delegation_id is None
        else Award.delegation_id == award.delegation_id,
        Award.person_id.is_(None) if award.person_id is None
        else Award.person_id == award.person_id,
        Award.user_id.is_(None) if award.user_id is None else Award.user_id == award.user_id,
    )).first()
    if duplicate:
        raise OperationError("已授予该奖项", field="kind")
    db.session.add(award)
    db.session.flush()
    audit("award.name", award, meet_id=meet.id, kind=kind, recipient=target)
    commit(_changed(meet, "award"))
    return award


def withdraw_award(meet: Meet, award: Award, reason: str) -> None:
    if award.meet_id != meet.id:
        raise OperationError("没有这个奖项")
    if not (reason or "").strip():
        raise OperationError("请写明撤销原因", field="reason")
    audit("award.withdraw", award, meet_id=meet.id, reason=reason.strip(), kind=award.kind)
    db.session.delete(award)
    commit(_changed(meet, "award"))


# -- meet records ---------------------------------------------------------------------

def set_record(meet: Meet, event_id: int | None, mark: str, holder: str,
               delegation_name: str, year: int | None) -> MeetRecord:
    """Enter or replace the standing meet record of an event (大会纪录)."""
    event = db.session.get(Event, event_id) if event_id else None
    if event is None or event.meet_id != meet.id:
        raise OperationError("请选择项目", field="event_id")
    mark, holder = (mark or "").strip(), (holder or "").strip()
    if not mark:
        raise OperationError("请填写纪录成绩", field="mark")
    if not holder:
        raise OperationError("请填写纪录保持者", field="holder")
    if year is None or not 1949 <= year <= meet.start_date.year:
        raise OperationError(f"年份应在1949至{meet.start_date.year}之间", field="year")
    record = db.session.scalars(select(MeetRecord).where(
        MeetRecord.meet_id == meet.id, MeetRecord.event_id == event.id)).first()
    before = None
    if record is None:
        record = MeetRecord(meet_id=meet.id, event_id=event.id)
        db.session.add(record)
    else:
        before = {"mark": record.mark, "holder": record.holder, "year": record.year}
    record.mark, record.holder, record.year = mark, holder, year
    record.delegation_name = (delegation_name or "").strip()
    db.session.flush()
    audit("record.set", record, meet_id=meet.id, event=event.code, mark=mark, holder=holder,
          year=year, before=before)
    reflag_event(event)  # results beating (or no longer beating) the record follow it
    commit(_changed(meet, "record"))
    return record


def remove_record(meet: Meet, record: MeetRecord) -> None:
    if record.meet_id != meet.id:
        raise OperationError("没有这条纪录")
    audit("record.remove", record, meet_id=meet.id, mark=record.mark, holder=record.holder)
    event = record.event
    db.session.delete(record)
    db.session.flush()
    reflag_event(event)
    commit(_changed(meet, "record"))


# -- settings and the results book ----------------------------------------------------

def update_settings(meet: Meet, medal_order: str, tie_break: str) -> StandingsState:
    if medal_order not in MEDAL_ORDERS:
        raise OperationError("请选择奖牌榜排序", field="medal_order")
    if tie_break not in TIE_BREAKS:
        raise OperationError("请选择总分相同时的排序", field="tie_break")
    st = tables.state(meet.id)
    before = {"medal_order": st.medal_order, "tie_break": st.tie_break}
    st.medal_order, st.tie_break = medal_order, tie_break
    audit("standings.settings", st, meet_id=meet.id, before=before, medal_order=medal_order,
          tie_break=tie_break)
    commit(_changed(meet, "settings"))
    return st


def publish_results_book(meet: Meet, public: bool, build: bool = True) -> StandingsState:
    """Make ``/results-book.pdf`` public (or withdraw it); a build starts if needed
    (``build=False``: the first request for the book starts it, e.g. after the CLI)."""
    st = tables.state(meet.id)
    st.results_book_public = bool(public)
    audit("results_book.publish" if public else "results_book.withdraw", st, meet_id=meet.id)
    commit(_changed(meet, "results book"))
    if build and public and last_built(meet.id, "results_book") is None:
        start_build(meet, "results_book", {})
    return st


def refresh_results_book(meet_id: int) -> None:
    """After a change: rebuild the published book in the background (once at a time;
    a build that finishes behind the generation starts the next)."""
    st = db.session.scalars(select(StandingsState).where(
        StandingsState.meet_id == meet_id)).first()
    if st is None or not st.results_book_public or running(meet_id, "results_book"):
        return
    meet = db.session.get(Meet, meet_id)
    start_build(meet, "results_book", {}, audited=False)


# -- documents in the background ------------------------------------------------------

_threads: dict[int, threading.Thread] = {}


def running(meet_id: int, kind: str) -> DocumentBuild | None:
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)  # a worker that died
    q = select(DocumentBuild).where(
        DocumentBuild.meet_id == meet_id, DocumentBuild.kind == kind,
        DocumentBuild.state.in_(("queued", "running")), DocumentBuild.created_at > stale)
    return db.session.scalars(q).first()


def last_built(meet_id: int, kind: str) -> DocumentBuild | None:
    return db.session.scalars(select(DocumentBuild).where(
        DocumentBuild.meet_id == meet_id, DocumentBuild.kind == kind,
        DocumentBuild.state == "done").order_by(DocumentBuild.id.desc())).first()


def request_certificates(meet: Meet, scope: str, target_id: int | None, places: int | None,
                         layout: str, awards: bool) -> DocumentBuild:
    """Queue 获奖证书: places 1..N (and the honours) of an event, a delegation or the
    whole meet, one per page, in the layout chosen."""
    if scope not in SCOPES:
        raise OperationError("请选择范围", field="scope")
    if scope == "event":
        ev = db.session.get(Event, target_id) if target_id else None
        if ev is None or ev.meet_id != meet.id:
            raise OperationError("请选择项目", field="event_id")
    if scope == "delegation":
        d = db.session.get(Delegation, target_id) if target_id else None
        if d is None or d.meet_id != meet.id:
            raise OperationError("请选择代表队", field="delegation_id")
    if places is None or not 1 <= places <= 8:
        raise OperationError("名次应为1至8", field="places")
    if layout not in LAYOUTS:
        raise OperationError("请选择版式", field="layout")
    params = {"scope": scope, "target_id": target_id if scope != "meet" else None,
              "places": places, "layout": layout, "awards": bool(awards)}
    return start_build(meet, "certificates", params)


def start_build(meet: Meet, kind: str, params: dict, audited: bool = True) -> DocumentBuild:
    job = DocumentBuild(meet_id=meet.id, kind=kind, params=params,
                        requested_by_id=actor_id(), generation=tables.generation(meet.id))
    db.session.add(job)
    db.session.flush()
    if audited:
        audit(f"{kind}.build", job, meet_id=meet.id, **params)
    commit()
    app = current_app._get_current_object()
    _threads[job.id] = background.start(app, run_build, app, job.id, name=f"document-{job.id}")
    return job


def wait_for(job_id: int, timeout: float = 120) -> None:
    """Join a build's thread (tests, the CLI, the benchmark)."""
    thread = _threads.get(job_id)
    if thread:
        thread.join(timeout)


def run_build(app: Flask, job_id: int) -> None:
    from meet.documents.certificates import build_certificates
    from meet.documents.results_book import build_results_book

    with app.app_context():
        job = db.session.get(DocumentBuild, job_id)
        meet = db.session.get(Meet, job.meet_id)
        try:
            job.state = "running"
            job.generation = tables.generation(meet.id)
            db.session.commit()
            if job.kind == "results_book":
                data, pages = build_results_book(meet)
            else:
                data, pages = build_certificates(meet, **job.params)
            folder = Path(app.config["DOCUMENTS_DIR"]) / "documents"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"meet{meet.id}-{job.kind}-{job.id}.pdf"
            path.write_bytes(data)
            job.path, job.size, job.pages, job.state = str(path), len(data), pages, "done"
            job.finished_at = dt.datetime.now(dt.UTC)
            db.session.commit()
            _prune(folder, meet.id, job.kind, keep=1 if job.kind == "results_book" else 20)
            st = tables.state(meet.id)
            if (job.kind == "results_book" and st.results_book_public
                    and tables.generation(meet.id) > job.generation):
                start_build(meet, "results_book", {}, audited=False)
        except Exception as exc:  # the build records its failure; the page shows it
            log.exception("document build %s failed", job_id)
            db.session.rollback()
            job = db.session.get(DocumentBuild, job_id)
            job.state, job.error = "failed", str(exc)[:500]
            job.finished_at = dt.datetime.now(dt.UTC)
            db.session.commit()
        finally:
            db.session.remove()


def _prune(folder: Path, meet_id: int, kind: str, keep: int) -> None:
    done = db.session.scalars(select(DocumentBuild).where(
        DocumentBuild.meet_id == meet_id, DocumentBuild.kind == kind,
        DocumentBuild.state == "done").order_by(DocumentBuild.id.desc())).all()
    for old in done[keep:]:
        if old.path:
            Path(old.path).unlink(missing_ok=True)
            old.path = ""
    db.session.commit()


def audit_trail(meet: Meet, limit: int = 30) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.meet_id == meet.id,
        AuditEntry.action.like("award.%") | AuditEntry.action.like("record.%")
        | AuditEntry.action.like("results_book.%") | AuditEntry.action.like("standings.%"),
    ).order_by(AuditEntry.id.desc()).limit(limit)).all()
