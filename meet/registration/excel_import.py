"""Uploading a registration sheet: stage it, preview it, and import it in one transaction.

The rules of the import:

* Nothing is written unless every row is valid (:mod:`meet.registration.excel_check`).
* REPLACE: the roster and entries become exactly the sheet (people matched by ID number
  keep their record and bib; people not on the sheet are removed). MERGE: people on the
  sheet are added, or updated when the ID number matches, and their events become the
  sheet's; everyone else is kept with their entries.
* A team leader imports only into their own delegation, before registration closes, and
  not while the delegation is submitted or approved; the organiser may import after the
  deadline, but never into an approved delegation (return it first).
* The sheet was read against one version of the delegation; if the delegation changed
  since (another browser saved), the import is refused rather than overwrite it.
* One transaction, one audit entry, then ``registration_changed``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from meet.extensions import db
from meet.i18n import localised
from meet.models import (
    BibAllocation,
    Delegation,
    DelegationStatus,
    Entry,
    EntryMember,
    Event,
    Meet,
    Person,
    Role,
    StagedUpload,
    User,
)
from meet.models.base import utcnow
from meet.operations import OperationError, audit, commit
from meet.registration import excel_check as chk
from meet.registration import operations as ops
from meet.signals import registration_changed

STAGE_SECONDS = 3600
STALE = _l("读取报名表之后，本队名单已被修改（可能在另一台设备上）。为避免覆盖，什么也没有导入；"
           "请重新上传报名表。")
DEFAULT_MAX_ROWS = 500


def max_rows() -> int:
    return int(current_app.config.get("EXCEL_MAX_ROWS", DEFAULT_MAX_ROWS))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def may_change(actor: User, delegation: Delegation) -> str | None:
    """Why ``actor`` may not import into the delegation now, or None: the registration
    window and status rules of every registration write, and for an import also never
    into an approved delegation, whoever asks (the organiser returns it first)."""
    if delegation.status == DelegationStatus.APPROVED.value:
        return _("该代表队的报名已审核通过，不能再导入。如需修改，请组委会先退回。")
    return ops.edit_refusal(actor, delegation)


def stage(delegation: Delegation, user_id: int, filename: str, rows: list[dict]) -> str:
    """Operation: keep the rows read from a sheet for the preview; returns the token.
    The user's earlier upload for the delegation is replaced, and expired ones of anyone
    are cleared on the way."""
    now = utcnow()
    # synchronize_session=False: the session's copies are never edited, and evaluating the
    # criteria in Python compares SQLite's zone-less times with an aware "now" (TypeError).
    db.session.execute(delete(StagedUpload).where(
        (StagedUpload.expires_at < now)
        | ((StagedUpload.delegation_id == delegation.id) & (StagedUpload.user_id == user_id)))
        .execution_options(synchronize_session=False))
    token = secrets.token_urlsafe(32)
    db.session.add(StagedUpload(
        token=token, meet_id=delegation.meet_id, delegation_id=delegation.id,
        user_id=user_id, filename=filename[:200], delegation_version=delegation.version,
        rows=rows, created_at=now, expires_at=now + dt.timedelta(seconds=STAGE_SECONDS),
    ))
    audit("registration.sheet_uploaded", delegation, filename=filename[:200], rows=len(rows))
    commit()
    return token


def staged(token: str | None, delegation: Delegation, user_id: int) -> StagedUpload | None:
    """The user's pending upload for this delegation, if it has not expired."""
    if not token:
        return None
    upload = db.session.scalar(select(StagedUpload).where(StagedUpload.token == token))
    if (upload is None or upload.delegation_id != delegation.id or upload.user_id != user_id
            or _aware(upload.expires_at) <= utcnow()):
        return None
    return upload


def discard(upload: StagedUpload) -> None:
    """Operation: forget a staged upload."""
    db.session.delete(upload)
    commit()


@dataclass
class Preview:
    rows: int
    people: list[chk.PersonRow]
    row_errors: list[chk.RowError]
    modes: dict[str, tuple[list[chk.RowError], list[chk.RowError]]]
    plans: dict[str, chk.Plan]
    event_names: dict[str, str]

    @property
    def valid(self) -> bool:
        return not self.row_errors

    def may(self, mode: str) -> bool:
        return self.valid and not self.modes[mode][0]


def preview(upload_rows: list[dict], delegation: Delegation, organiser: bool) -> Preview:
    """Both passes of the checks, for both modes."""
    ids = {chk.idcard.normalise(r["cells"].get("id_number", "")) for r in upload_rows}
    ctx = chk.load_context(delegation, organiser, ids - {""})
    people, row_errors = chk.check_rows(upload_rows, ctx)
    modes, plans = {}, {}
    for mode in (chk.REPLACE, chk.MERGE):
        plans[mode] = chk.make_plan(people, ctx, mode)
        modes[mode] = chk.rule_errors(plans[mode], ctx) if not row_errors else ([], [])
    names = {code: localised(e) for code, e in ctx.events.items()}
    return Preview(len(upload_rows), people, row_errors, modes, plans, names)


@dataclass
class Imported:
    added: int
    updated: int
    removed: int
    entries: int


def import_sheet(actor: User, upload: StagedUpload, mode: str) -> Imported:
    """Operation: write a staged upload in ``mode`` (REPLACE or MERGE)."""
    if mode not in (chk.REPLACE, chk.MERGE):
        raise OperationError(_("请选择替换或合并。"), "mode")
    delegation = db.session.get(Delegation, upload.delegation_id)
    meet = db.session.get(Meet, delegation.meet_id)
    refusal = may_change(actor, delegation)
    if refusal:
        raise OperationError(refusal)
    if delegation.version != upload.delegation_version:
        raise OperationError(str(STALE))
    organiser = actor.has_role(Role.ORGANISER)
    result = preview(upload.rows, delegation, organiser)
    if not result.may(mode):
        raise OperationError(_("报名表中还有错误，未导入任何内容。"))
    filename = upload.filename
    summary = _apply(result.plans[mode], delegation)
    db.session.delete(upload)
    flag_modified(delegation, "status")  # bumps the version: other open forms must reload
    audit("registration.sheet_imported", delegation, mode=mode, filename=filename,
          added=summary.added, updated=summary.updated, removed=summary.removed,
          entries=summary.entries, by=actor.role,
          organiser_override=organiser and ops.leader_refusal(delegation, meet) is not None)
    try:
        commit((registration_changed, {"meet_id": meet.id, "delegation_id": delegation.id}))
    except (StaleDataError, IntegrityError):
        raise OperationError(str(STALE)) from None
    return summary


def _apply(plan: chk.Plan, delegation: Delegation) -> Imported:
    existing = {p.id_number: p for p in db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id))}
    events = {e.code: e for e in db.session.scalars(
        select(Event).where(Event.meet_id == delegation.meet_id))}
    kept_ids = {p.id for p in plan.kept}
    # Entries: REPLACE clears them all; MERGE clears the memberships of everyone but the
    # kept people (the sheet's own, and squads, which are rebuilt whole below).
    mine = select(Entry.id).where(Entry.delegation_id == delegation.id)
    if plan.mode == chk.REPLACE:
        db.session.execute(delete(EntryMember).where(EntryMember.entry_id.in_(mine)))
    else:
        team_events = [e.id for e in events.values() if e.is_team]
        db.session.execute(delete(EntryMember).where(
            EntryMember.entry_id.in_(mine),
            EntryMember.person_id.not_in(kept_ids) | EntryMember.event_id.in_(team_events)))
    has_members = select(EntryMember.id).where(EntryMember.entry_id == Entry.id).exists()
    db.session.execute(delete(Entry).where(Entry.delegation_id == delegation.id, ~has_members))
    for stale in [o for o in db.session if isinstance(o, (Entry, EntryMember))]:
        db.session.expunge(stale)  # deleted in bulk above: forget the loaded copies
    for person in plan.removed:
        allocation = db.session.scalar(
            select(BibAllocation).where(BibAllocation.person_id == person.id))
        if allocation is not None:  # the bib stays retired, never given again
            allocation.released_at = utcnow()
            allocation.person_id = None
        db.session.delete(person)
    keys: dict[tuple, Person] = {("person", p.id): p for p in plan.kept}
    added = updated = 0
    for row in plan.people:
        person = existing.get(row.id_number)
        if person is None:
            person = Person(meet_id=delegation.meet_id, delegation_id=delegation.id,
                            id_number=row.id_number)
            db.session.add(person)
            added += 1
        fields = {"name": row.name, "gender": row.gender, "birth_date": row.birth_date,
                  "role": row.role, "phone": row.phone, "employer": row.employer,
                  "union_member": row.union_member}
        if person.id is not None and any(getattr(person, k) != v for k, v in fields.items()):
            updated += 1
        for k, v in fields.items():
            setattr(person, k, v)
        keys[("row", row.row)] = person
    db.session.flush()
    planned = [(events[code], [(keys[key], False)]) for key, code in plan.individual
               if not (key[0] == "person" and key[1] in kept_ids)]  # kept: never removed
    planned += [(events[code], [(keys[k], r) for k, r in members])
                for code, members in plan.squads.items()]
    entries = [Entry(event_id=event.id, delegation_id=delegation.id) for event, _m in planned]
    db.session.add_all(entries)
    db.session.flush()  # one INSERT per table, not one per entry
    db.session.add_all(
        EntryMember(entry_id=entry.id, event_id=event.id, person_id=person.id,
                    position=position, reserve=reserve)
        for entry, (event, members) in zip(entries, planned, strict=True)
        for position, (person, reserve) in enumerate(members, 1))
    db.session.flush()
    return Imported(added, updated, len(plan.removed), len(planned))
