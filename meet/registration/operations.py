"""Every write of team registration: change, audit, commit, ``registration_changed``.

Who may write, and when:

* The organiser may change any delegation at any time; a change made while the leader
  could not (window closed, delegation submitted or approved) is audited with
  ``organiser_override``.
* A team leader changes only their own delegation, only while registration is open
  (``Meet.registration_opens`` <= now < ``Meet.registration_closes``; a missing bound is
  no bound; a stored time without zone is China time) and only while it is a draft or
  returned.

Two browsers: each form carries the delegation's ``version`` it was read at; a write
from an older version is refused (:class:`StaleDelegation`) and every write raises the
version, so nobody overwrites another's work without seeing it.

Bib numbers (号码布) are allocated when the organiser approves: see
:mod:`meet.registration.bibs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from meet.extensions import db
from meet.models import (
    BibAllocation,
    Delegation,
    DelegationStatus,
    EligibilityRuling,
    EligibilityStatus,
    Entry,
    EntryMember,
    Event,
    Meet,
    Person,
    PersonRole,
    Role,
    User,
)
from meet.models.base import utcnow
from meet.operations import OperationError, audit, commit
from meet.registration import bibs, checks, messages
from meet.registration.window import (  # noqa: F401 - views and the Excel import read them here
    edit_refusal,
    leader_refusal,
    window_bounds,
    window_state,
)
from meet.rules import eligibility as el
from meet.rules import idcard
from meet.signals import registration_changed

EDITABLE = (DelegationStatus.DRAFT.value, DelegationStatus.RETURNED.value)

# Broken rules that an entry may not be saved with: the leader chose something the rules
# do not allow. Others (a squad still short of members, a missing coach) are a draft's
# normal state and wait on the errors page.
BLOCKING_INDIVIDUAL = {"unknown_event", "wrong_entry_type", "not_athlete", "wrong_gender",
                       "wrong_age_band", "duplicate_entry", "event_quota_exceeded",
                       "too_many_events"}
BLOCKING_SQUAD = {"unknown_event", "wrong_entry_type", "unknown_person", "not_athlete",
                  "wrong_gender", "wrong_age_band", "duplicate_entry", "event_quota_exceeded",
                  "squad_too_large", "too_many_reserves", "squad_duplicate_member"}


class StaleDelegation(OperationError):
    """Someone else saved the delegation since this form was read."""

    def __init__(self) -> None:
        super().__init__(_("本队报名刚刚被他人（或您在另一台设备上）修改过，本次保存未执行。"
                           "您填写的内容仍在下方，请核对后再次保存。"))


@dataclass
class PersonData:
    name: str
    role: str
    gender: str
    id_number: str
    phone: str = ""
    employer: str = ""
    union_member: bool = True


# -- who may write, and when ---------------------------------------------------------

def _begin(actor: User, delegation: Delegation, version: int | None) -> dict:
    """Refuse a write ``actor`` may not make, or one from a stale form; return the
    audit details every registration write records."""
    refusal = edit_refusal(actor, delegation)
    if refusal:
        raise OperationError(refusal)
    if version is not None and version != delegation.version:
        raise StaleDelegation()
    meet = db.session.get(Meet, delegation.meet_id)
    detail = {"delegation_id": delegation.id, "by": actor.role}
    if actor.has_role(Role.ORGANISER) and leader_refusal(delegation, meet):
        detail["organiser_override"] = True
    return detail


def _finish(actor: User, delegation: Delegation) -> None:
    """Raise the delegation's version and commit; a concurrent save loses cleanly."""
    flag_modified(delegation, "status")
    try:
        commit((registration_changed, {"meet_id": delegation.meet_id,
                                       "delegation_id": delegation.id}))
    except StaleDataError:
        raise StaleDelegation() from None
    except IntegrityError:
        raise OperationError(_("保存时与他人的修改冲突（例如同一身份证号或号码），"
                               "请刷新后重试。")) from None


def _refuse_new_errors(delegation: Delegation, blocking: set[str], *,
                      individual=None, squads=None) -> None:
    """Ask the validator about the proposed entries before anything is written: refuse
    when they break a blocking rule that the saved entries do not already break.
    ``individual``/``squads`` turn the saved lists into the proposed ones."""
    meet = db.session.get(Meet, delegation.meet_id)
    rules = checks.entry_rules(meet)
    roster, saved_individual, saved_squads, units = checks.rules_input(delegation)
    before = {e.sort_key() for e in el.validate_entries(
        rules, roster, saved_individual, saved_squads, units)}
    after = el.validate_entries(
        rules, roster,
        individual(saved_individual) if individual else saved_individual,
        squads(saved_squads) if squads else saved_squads, units)
    fresh = [e for e in after if e.code in blocking and e.sort_key() not in before]
    if not fresh:
        return
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id))}
    events = {e.code: e for e in db.session.scalars(
        select(Event).where(Event.meet_id == delegation.meet_id))}
    raise OperationError(
        " ".join(dict.fromkeys(messages.describe(e, people, events) for e in fresh)), "events")


# -- the roster ------------------------------------------------------------------------

def check_person(delegation: Delegation, data: PersonData, person: Person | None,
                 organiser: bool) -> tuple[idcard.IDNumber, dict[str, str]]:
    """The parsed ID number and the field errors of ``data`` (empty when it may be saved)."""
    errors: dict[str, str] = {}
    try:
        parsed = idcard.parse(data.id_number)
    except idcard.IDNumberError as err:
        return None, {"id_number": messages.id_message(err, data.id_number)}
    if data.gender in ("M", "F") and parsed.gender != data.gender:
        errors["gender"] = _(
            "身份证号显示为%(actual)s性，与所选性别“%(chosen)s”不符，请核对性别或身份证号。",
            actual=_("男") if parsed.gender == "M" else _("女"),
            chosen=_("男") if data.gender == "M" else _("女"))
    other = db.session.scalar(select(Person).where(
        Person.meet_id == delegation.meet_id, Person.id_number == parsed.number,
        Person.id != (person.id if person else -1)))
    if other is not None:
        if other.delegation_id == delegation.id:
            errors["id_number"] = _("本队名单中已有此身份证号（%(name)s）。", name=other.name)
        elif organiser:
            errors["id_number"] = _("此身份证号已在「%(team)s」报名（%(name)s）。",
                                    team=other.delegation.name, name=other.name)
        else:
            errors["id_number"] = _("此身份证号已在本届运动会的其他代表队报名，"
                                    "一人只能代表一个代表队。如有疑问请联系组委会。")
    return parsed, errors


def _employer_refusal(delegation: Delegation, data: PersonData,
                      parsed: idcard.IDNumber) -> str | None:
    """For a joint team (联队): the validator's verdict on the person's employer."""
    units = checks.member_units(delegation)
    if units is None:
        return None
    meet = db.session.get(Meet, delegation.meet_id)
    proposed = el.RosterPerson("proposed", data.name, parsed.gender, parsed.birth_date,
                               data.role, data.union_member, data.employer)
    found = el.validate_entries(checks.entry_rules(meet), [proposed], member_units=units)
    if any(e.code == "employer_not_member_unit" for e in found):
        return messages.employer_message(units)
    return None


def _staff_role_full(delegation: Delegation, role: str, person: Person | None) -> str | None:
    """Adding one more of a staff role already at the meet's most (领队 1, 教练 2 …) is
    refused at the role field; a person who keeps their role is never refused."""
    if role == PersonRole.ATHLETE.value or (person is not None and person.role == role):
        return None
    meet = db.session.get(Meet, delegation.meet_id)
    most = meet.staff_limits.get(role, (0, None))[1]
    if most is None:
        return None
    holders = [p.name for p in delegation.people if p.role == role
               and (person is None or p.id != person.id)]
    if len(holders) < most:
        return None
    name = str(messages.PERSON_ROLE_NAMES.get(role, role))
    if most == 0:
        return _("本届运动会不设%(role)s。", role=name)
    return _("每队%(role)s最多 %(max)s 人，本队已有：%(names)s。请先修改或删除其中一人。",
             role=name, max=most, names="、".join(holders))


def save_person(actor: User, delegation: Delegation, data: PersonData, version: int | None,
                person: Person | None = None) -> Person:
    """Add a person to the roster, or change one; birth date and gender come from the
    ID number."""
    detail = _begin(actor, delegation, version)
    if data.role not in {r.value for r in PersonRole}:
        raise OperationError(_("请选择职务。"), "role")
    parsed, errors = check_person(delegation, data, person, actor.has_role(Role.ORGANISER))
    if parsed is not None and "employer" not in errors:
        refusal = _employer_refusal(delegation, data, parsed)
        if refusal:
            errors["employer"] = refusal
    if "role" not in errors:
        full = _staff_role_full(delegation, data.role, person)
        if full:
            errors["role"] = full
    if errors:
        field, message = next(iter(errors.items()))
        raise OperationError(message, field)
    new = person is None
    if new:
        person = Person(meet_id=delegation.meet_id, delegation_id=delegation.id)
        db.session.add(person)
    changed = sorted(k for k in ("name", "role", "gender", "phone", "employer", "union_member")
                     if getattr(person, k, None) != getattr(data, k))
    if not new and person.id_number != parsed.number:
        changed.append("id_number")
    person.name, person.role, person.gender = data.name.strip(), data.role, parsed.gender
    person.id_number, person.birth_date = parsed.number, parsed.birth_date
    person.phone, person.employer = data.phone.strip(), data.employer.strip()
    person.union_member = data.union_member
    db.session.flush()
    if delegation.status == DelegationStatus.APPROVED.value and person.is_athlete:
        bibs.allocate_bibs(delegation)
    # Names and field names only: ID numbers and phones never go into the audit trail.
    audit("registration.person_added" if new else "registration.person_changed", person,
          name=person.name, role=person.role, fields=changed, **detail)
    _finish(actor, delegation)
    return person


def remove_person(actor: User, delegation: Delegation, person: Person,
                  version: int | None) -> None:
    """Take a person off the roster with their entries; their bib stays retired."""
    detail = _begin(actor, delegation, version)
    events = sorted(db.session.scalars(
        select(Event.code).join(EntryMember, EntryMember.event_id == Event.id)
        .where(EntryMember.person_id == person.id)))
    allocation = db.session.scalar(select(BibAllocation).where(
        BibAllocation.person_id == person.id))
    if allocation is not None:
        allocation.released_at = utcnow()
        allocation.person_id = None
    audit("registration.person_removed", person, name=person.name, role=person.role,
          bib=person.bib, events=events, **detail)
    db.session.execute(db.delete(EntryMember).where(EntryMember.person_id == person.id))
    db.session.delete(person)
    db.session.flush()
    _drop_empty_entries(delegation)
    _finish(actor, delegation)


def _drop_empty_entries(delegation: Delegation) -> None:
    has_members = select(EntryMember.id).where(EntryMember.entry_id == Entry.id).exists()
    for entry in db.session.scalars(select(Entry).where(
            Entry.delegation_id == delegation.id, ~has_members)):
        db.session.delete(entry)


# -- entries -----------------------------------------------------------------------------

def ruling_of(person: Person) -> EligibilityRuling | None:
    return db.session.scalar(select(EligibilityRuling).where(
        EligibilityRuling.person_id == person.id))


def _refuse_disqualified(people: list[Person]) -> None:
    for person in people:
        ruling = ruling_of(person)
        if ruling is not None and ruling.disqualified:
            raise OperationError(_("%(name)s 已被组委会取消参赛资格，不能报名。",
                                   name=person.name), "events")


def set_athlete_events(actor: User, delegation: Delegation, person: Person,
                       event_ids: set[int], version: int | None) -> None:
    """The athlete's individual events become exactly ``event_ids``."""
    detail = _begin(actor, delegation, version)
    individual = {e.id: e for e in db.session.scalars(select(Event).where(
        Event.meet_id == delegation.meet_id, Event.is_team.is_(False)))}
    if not event_ids <= individual.keys():
        raise OperationError(_("所选项目不是本届运动会的个人项目。"), "events")
    current = {m.event_id: m for m in db.session.scalars(
        select(EntryMember).join(Entry).where(
            EntryMember.person_id == person.id, Entry.delegation_id == delegation.id,
            EntryMember.event_id.in_(individual.keys() or {-1})))}
    added, dropped = event_ids - current.keys(), current.keys() - event_ids
    if added:
        _refuse_disqualified([person])
    codes = {individual[i].code for i in individual}
    chosen = [el.IndividualEntry(person.id, individual[i].code) for i in sorted(event_ids)]
    _refuse_new_errors(delegation, BLOCKING_INDIVIDUAL, individual=lambda saved: [
        e for e in saved if e.person_key != person.id or e.event_code not in codes] + chosen)
    for event_id in dropped:
        db.session.delete(current[event_id])
    for event_id in added:
        entry = Entry(event_id=event_id, delegation_id=delegation.id)
        db.session.add(entry)
        entry.members.append(EntryMember(event_id=event_id, person_id=person.id, position=1))
    db.session.flush()
    _drop_empty_entries(delegation)
    audit("registration.events_set", person, name=person.name,
          added=sorted(individual[i].code for i in added),
          dropped=sorted(individual[i].code for i in dropped), **detail)
    _finish(actor, delegation)


def save_squad(actor: User, delegation: Delegation, event: Event, members: list[int],
               reserves: list[int], version: int | None,
               entry: Entry | None = None) -> Entry | None:
    """A relay or team squad: ``members`` in leg order, then ``reserves``. No one at all
    withdraws the squad (returns None)."""
    detail = _begin(actor, delegation, version)
    if not event.is_team or event.meet_id != delegation.meet_id:
        raise OperationError(_("此项目不是集体项目或接力项目。"), "members")
    if entry is not None and (entry.event_id != event.id
                              or entry.delegation_id != delegation.id):
        raise OperationError(_("此队不属于本队的这个项目。"), "members")
    roster = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.delegation_id == delegation.id))}
    if any(pid not in roster for pid in (*members, *reserves)):
        raise OperationError(_("所选人员不在本队名单中。"), "members")
    if not members and not reserves:
        if entry is not None:
            audit("registration.squad_withdrawn", entry, event=event.code, **detail)
            db.session.delete(entry)
            _finish(actor, delegation)
        return None
    old = {m.person_id for m in entry.members} if entry is not None else set()
    _refuse_disqualified([roster[p] for p in {*members, *reserves} - old])
    key = str(entry.id) if entry is not None else "new"
    proposed = el.SquadEntry(event.code, tuple(members), tuple(reserves), key)
    _refuse_new_errors(delegation, BLOCKING_SQUAD, squads=lambda saved: [
        s for s in saved if s.key != key] + [proposed])
    if entry is None:
        entry = Entry(event_id=event.id, delegation_id=delegation.id)
        db.session.add(entry)
    else:
        entry.members.clear()
        db.session.flush()
    for position, (pid, reserve) in enumerate(
            [(p, False) for p in members] + [(p, True) for p in reserves], 1):
        entry.members.append(EntryMember(event_id=event.id, person_id=pid, position=position,
                                         reserve=reserve))
    db.session.flush()
    audit("registration.squad_saved", entry, event=event.code,
          members=[roster[p].name for p in members],
          reserves=[roster[p].name for p in reserves], **detail)
    _finish(actor, delegation)
    return entry


# -- submission and approval ---------------------------------------------------------------

def submit(actor: User, delegation: Delegation, version: int | None) -> None:
    detail = _begin(actor, delegation, version)
    if delegation.status not in EDITABLE:
        raise OperationError(_("只有草稿或被退回的报名可以提交。"))
    errors = checks.delegation_errors(delegation)
    if errors:
        raise OperationError(_("还有 %(n)s 个问题未解决，不能提交。", n=len(errors)), "errors")
    delegation.status = DelegationStatus.SUBMITTED.value
    audit("registration.submitted", delegation, **detail)
    _finish(actor, delegation)


def withdraw(actor: User, delegation: Delegation, version: int | None) -> None:
    """The leader takes a submitted registration back to change it (before the deadline)."""
    if delegation.status != DelegationStatus.SUBMITTED.value:
        raise OperationError(_("只有已提交、未审核的报名可以撤回。"))
    meet = db.session.get(Meet, delegation.meet_id)
    if not actor.has_role(Role.ORGANISER) and window_state(meet) != "open":
        raise OperationError(leader_refusal(delegation, meet))
    if version is not None and version != delegation.version:
        raise StaleDelegation()
    delegation.status = DelegationStatus.DRAFT.value
    audit("registration.withdrawn", delegation, delegation_id=delegation.id, by=actor.role)
    _finish(actor, delegation)


def _organiser(actor: User) -> None:
    if not actor.has_role(Role.ORGANISER):
        raise OperationError(_("只有组委会可以审核报名。"))


def approve(actor: User, delegation: Delegation, version: int | None) -> list[Person]:
    """Approve a submitted delegation and give its athletes their bibs."""
    _organiser(actor)
    detail = _begin(actor, delegation, version)
    if delegation.status != DelegationStatus.SUBMITTED.value:
        raise OperationError(_("只有已提交的报名可以审核通过。"))
    errors = checks.delegation_errors(delegation)
    if errors:
        raise OperationError(_("还有 %(n)s 个问题未解决，不能审核通过；请退回领队修改。",
                               n=len(errors)), "errors")
    delegation.status = DelegationStatus.APPROVED.value
    delegation.status_comment = ""
    allocated = bibs.allocate_bibs(delegation)
    audit("registration.approved", delegation, bibs={p.name: p.bib for p in allocated}, **detail)
    _finish(actor, delegation)
    return allocated


def return_delegation(actor: User, delegation: Delegation, comment: str,
                      version: int | None) -> None:
    """Send a submitted (or approved) registration back to the leader with a comment."""
    _organiser(actor)
    detail = _begin(actor, delegation, version)
    comment = comment.strip()
    if not comment:
        raise OperationError(_("请写明退回的原因，领队会看到这段意见。"), "comment")
    if delegation.status not in (DelegationStatus.SUBMITTED.value,
                                 DelegationStatus.APPROVED.value):
        raise OperationError(_("只有已提交或已审核的报名可以退回。"))
    delegation.status = DelegationStatus.RETURNED.value
    delegation.status_comment = comment
    audit("registration.returned", delegation, reason=comment, **detail)
    _finish(actor, delegation)


# -- eligibility rulings (资格审查) -------------------------------------------------------

def rule_eligibility(actor: User, person: Person, status: str, reason: str) -> EligibilityRuling:
    """The organiser queries, disqualifies or clears an athlete, with a reason.
    Disqualifying withdraws the athlete from every event."""
    _organiser(actor)
    delegation = person.delegation
    detail = _begin(actor, delegation, None)
    if status not in {s.value for s in EligibilityStatus}:
        raise OperationError(_("请选择审查结论。"), "status")
    reason = reason.strip()
    if not reason:
        raise OperationError(_("请写明理由，它会记录在案。"), "reason")
    ruling = ruling_of(person) or EligibilityRuling(meet_id=person.meet_id, person_id=person.id)
    db.session.add(ruling)
    ruling.status, ruling.reason = status, reason
    ruling.decided_by, ruling.decided_at = actor.id, utcnow()
    withdrawn: list[str] = []
    if status == EligibilityStatus.DISQUALIFIED.value:
        withdrawn = sorted(db.session.scalars(
            select(Event.code).join(EntryMember, EntryMember.event_id == Event.id)
            .where(EntryMember.person_id == person.id)))
        db.session.execute(db.delete(EntryMember).where(EntryMember.person_id == person.id))
        db.session.flush()
        _drop_empty_entries(delegation)
    audit(f"registration.eligibility_{status}", person, reason=reason, name=person.name,
          withdrawn=withdrawn, **detail)
    _finish(actor, delegation)
    return ruling

