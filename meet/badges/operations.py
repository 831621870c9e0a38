"""The writes of the badge area: issue and re-issue badges, badge photos, and the
background job that prints the whole meet's badges.

Re-issuing a badge (lost, name corrected) revokes the holder's valid version and
issues the next one with a new token, in one transaction: the old card's QR code then
opens an INVALID page. Only the organiser issues and re-issues; printing issues what is
missing (the first print of a badge is its issue).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from blinker import Namespace
from flask import Flask, current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError

from meet import background
from meet.badges.tokens import new_token
from meet.extensions import db
from meet.models import Badge, BadgeJob, Meet, Person, PersonPhoto, User
from meet.models.base import utcnow
from meet.operations import OperationError, actor_id, audit, commit

log = logging.getLogger(__name__)

_signals = Namespace()
#: sent with ``meet_id`` and ``person_ids`` when badges are issued, re-issued or revoked.
badges_changed = _signals.signal("badges-changed")

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MIN_SIDE = 120
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_SIZE = (360, 480)  # 3:4, like an ID photo (证件照)


# -- badges -------------------------------------------------------------------------

def valid_badge(*, person: Person | None = None, user: User | None = None) -> Badge | None:
    holder = Badge.person_id == person.id if person else Badge.user_id == user.id
    return db.session.scalars(
        db.select(Badge).where(holder, Badge.revoked_at.is_(None))
    ).first()


def _next_version(*, person: Person | None, user: User | None) -> int:
    holder = Badge.person_id == person.id if person else Badge.user_id == user.id
    last = db.session.scalar(db.select(db.func.max(Badge.version)).where(holder))
    return (last or 0) + 1


def _new_badge(meet_id: int, *, person: Person | None, user: User | None) -> Badge:
    badge = Badge(
        meet_id=meet_id, person_id=person.id if person else None,
        user_id=user.id if user else None, version=_next_version(person=person, user=user),
        token=new_token(), issued_by_id=actor_id(),
    )
    db.session.add(badge)
    db.session.flush()
    audit("badge.issue", badge, holder=person.name if person else user.username,
          version=badge.version)
    return badge


def issue_badge(meet: Meet, *, person: Person | None = None, user: User | None = None) -> Badge:
    """The holder's valid badge, issued now if there is none."""
    if (person is None) == (user is None):
        raise OperationError(_("证件须属于一名人员或一个工作人员账号"))
    existing = valid_badge(person=person, user=user)
    if existing:
        return existing
    badge = _new_badge(meet.id, person=person, user=user)
    try:
        commit((badges_changed, {"meet_id": meet.id, "person_ids": [person.id] if person else []}))
    except IntegrityError:  # another request issued it first: use theirs
        return valid_badge(person=person, user=user)
    return badge


def reissue_badge(meet: Meet, *, person: Person | None = None, user: User | None = None,
                  reason: str) -> Badge:
    """Revoke the valid version (if any) and issue the next one with a new token."""
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("请填写补发原因（如：遗失、姓名更正）"), field="reason")
    if len(reason) > 200:
        raise OperationError(_("补发原因请控制在200字以内"), field="reason")
    old = valid_badge(person=person, user=user)
    if old:
        old.revoked_at = utcnow()
        old.reason = reason
        audit("badge.revoke", old, reason=reason, version=old.version)
        db.session.flush()
    badge = _new_badge(meet.id, person=person, user=user)
    badge.reason = reason
    commit((badges_changed, {"meet_id": meet.id, "person_ids": [person.id] if person else []}))
    return badge


def ensure_badges(meet: Meet, people: Iterable[Person] = (),
                  users: Iterable[User] = ()) -> dict[tuple[str, int], Badge]:
    """Valid badges of all ``people`` and ``users``, issuing the missing ones in one
    transaction (a print is a badge's first issue). Keys: ("person", id) / ("user", id)."""
    people, users = list(people), list(users)
    found: dict[tuple[str, int], Badge] = {}
    pids, uids = [p.id for p in people], [u.id for u in users]
    for chunk in _chunks(pids):
        for b in db.session.scalars(db.select(Badge).where(
                Badge.person_id.in_(chunk), Badge.revoked_at.is_(None))):
            found[("person", b.person_id)] = b
    for chunk in _chunks(uids):
        for b in db.session.scalars(db.select(Badge).where(
                Badge.user_id.in_(chunk), Badge.revoked_at.is_(None))):
            found[("user", b.user_id)] = b
    missing_p = [p for p in people if ("person", p.id) not in found]
    missing_u = [u for u in users if ("user", u.id) not in found]
    if not missing_p and not missing_u:
        return found
    versions = _max_versions(Badge.person_id, [p.id for p in missing_p])
    versions_u = _max_versions(Badge.user_id, [u.id for u in missing_u])
    by = actor_id()
    for p in missing_p:
        found[("person", p.id)] = Badge(meet_id=meet.id, person_id=p.id, token=new_token(),
                                        version=versions.get(p.id, 0) + 1, issued_by_id=by)
    for u in missing_u:
        found[("user", u.id)] = Badge(meet_id=meet.id, user_id=u.id, token=new_token(),
                                      version=versions_u.get(u.id, 0) + 1, issued_by_id=by)
    new = [found[("person", p.id)] for p in missing_p] + [found[("user", u.id)]
                                                          for u in missing_u]
    db.session.add_all(new)
    audit("badge.issue_on_print", meet, meet_id=meet.id, people=len(missing_p),
          officials=len(missing_u))
    commit((badges_changed, {"meet_id": meet.id, "person_ids": [p.id for p in missing_p]}))
    return found


def _max_versions(column, ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(ids):
        rows = db.session.execute(db.select(column, db.func.max(Badge.version))
                                  .where(column.in_(chunk)).group_by(column))
        out.update({k: v for k, v in rows})
    return out


def _chunks(ids: list[int], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


# -- photos -------------------------------------------------------------------------

def set_photo(person: Person, upload) -> PersonPhoto:
    """Validate an uploaded image with Pillow and keep it as a 360x480 JPEG."""
    raw = upload.read(PHOTO_MAX_BYTES + 1) if upload else b""
    if not raw:
        raise OperationError(_("请选择一张照片"), field="photo")
    if len(raw) > PHOTO_MAX_BYTES:
        raise OperationError(_("照片不能超过5 MB"), field="photo")
    try:
        with Image.open(BytesIO(raw)) as probe:
            fmt = probe.format
            w, h = probe.size
            probe.verify()
        if fmt not in PHOTO_FORMATS:
            raise OperationError(_("照片须为 JPG、PNG 或 WebP 格式"), field="photo")
        if w * h > PHOTO_MAX_PIXELS:
            raise OperationError(_("照片像素过大，请压缩后再上传"), field="photo")
        if min(w, h) < PHOTO_MIN_SIDE:
            raise OperationError(_("照片太小，短边至少120像素"), field="photo")
        with Image.open(BytesIO(raw)) as img:
            img = ImageOps.exif_transpose(img).convert("RGB")
            img = ImageOps.fit(img, PHOTO_SIZE, Image.LANCZOS, centering=(0.5, 0.35))
            out = BytesIO()
            img.save(out, "JPEG", quality=85, optimize=True)
    except OperationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        msg = _("无法识别该文件为图片，请上传 JPG 或 PNG 照片")
        raise OperationError(msg, field="photo") from None
    photo = db.session.scalars(db.select(PersonPhoto).filter_by(person_id=person.id)).first()
    if photo is None:
        photo = PersonPhoto(person_id=person.id)
        db.session.add(photo)
    photo.data, (photo.width, photo.height) = out.getvalue(), PHOTO_SIZE
    photo.uploaded_by_id = actor_id()
    db.session.flush()
    audit("badge.photo_set", person, bytes=len(photo.data))
    commit((badges_changed, {"meet_id": person.meet_id, "person_ids": [person.id]}))
    return photo


def remove_photo(person: Person) -> None:
    photo = db.session.scalars(db.select(PersonPhoto).filter_by(person_id=person.id)).first()
    if photo is None:
        raise OperationError(_("此人没有照片"), field="photo")
    db.session.delete(photo)
    audit("badge.photo_remove", person)
    commit((badges_changed, {"meet_id": person.meet_id, "person_ids": [person.id]}))


# -- the whole meet, in the background -----------------------------------------------

_threads: dict[int, threading.Thread] = {}


def running_job(meet: Meet) -> BadgeJob | None:
    return db.session.scalars(db.select(BadgeJob).where(
        BadgeJob.meet_id == meet.id, BadgeJob.state.in_(("queued", "running")),
        BadgeJob.created_at > background.stale_before())).first()  # its thread may be gone


def last_built(meet: Meet, layout: str | None = None) -> BadgeJob | None:
    q = db.select(BadgeJob).where(BadgeJob.meet_id == meet.id, BadgeJob.state == "done")
    if layout:
        q = q.where(BadgeJob.layout == layout)
    return db.session.scalars(q.order_by(BadgeJob.id.desc())).first()


def start_meet_badges(meet: Meet, layout: str, base_url: str) -> BadgeJob:
    """Queue a build of every badge of the meet and start it in a thread."""
    if layout not in ("sheet", "single"):
        raise OperationError(_("未知的版式"), field="layout")
    job = running_job(meet)
    if job:
        raise OperationError(_("全部证件正在生成中，请稍候"))
    job = BadgeJob(meet_id=meet.id, layout=layout, requested_by_id=actor_id())
    db.session.add(job)
    db.session.flush()
    audit("badge.print_meet", job, meet_id=meet.id, layout=layout)
    commit()
    app = current_app._get_current_object()
    _threads[job.id] = background.start(app, run_meet_badges, app, job.id, base_url,
                                        name=f"badges-{job.id}")
    return job


def wait_for(job_id: int, timeout: float = 120) -> None:
    """Join a job's thread (tests, and the CLI)."""
    thread = _threads.get(job_id)
    if thread:
        thread.join(timeout)


def run_meet_badges(app: Flask, job_id: int, base_url: str) -> None:
    from meet.documents.badges_pdf import build_badges_pdf, meet_cards

    with app.app_context():
        job = db.session.get(BadgeJob, job_id)
        meet = db.session.get(Meet, job.meet_id)
        try:
            cards, total = meet_cards(meet, base_url)
            job.state, job.total = "running", total
            db.session.commit()

            def progress(done: int) -> None:
                if done % 50 == 0 or done == total:
                    job.done = done
                    db.session.commit()

            data = build_badges_pdf(cards, layout=job.layout, progress=progress)
            folder = Path(app.config.get("BADGE_OUTPUT_DIR")
                          or Path(app.config["DOCUMENTS_DIR"]) / "badges")
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"meet{meet.id}-{job.layout}-{job.id}-{secrets.token_hex(4)}.pdf"
            path.write_bytes(data)
            for old in folder.glob(f"meet{meet.id}-{job.layout}-*.pdf"):
                if old != path:
                    old.unlink(missing_ok=True)
            job.path, job.size, job.state = str(path), len(data), "done"
            job.done, job.finished_at = total, dt.datetime.now(dt.UTC)
            db.session.commit()
        except Exception as exc:  # the job records its failure; the page shows it
            log.exception("badge job %s failed", job_id)
            db.session.rollback()
            job = db.session.get(BadgeJob, job_id)
            job.state, job.error = "failed", str(exc)[:500]
            job.finished_at = dt.datetime.now(dt.UTC)
            db.session.commit()
        finally:
            db.session.remove()
