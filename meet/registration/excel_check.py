"""Checking the rows of an uploaded registration sheet, before anything is written.

Two passes, every error reported with its row number and column name:

1. each row on its own: name, gender (男/女; empty means "as the ID number says"), the ID
   number by GB 11643 (:mod:`meet.rules.idcard`, birth date and gender read from it; a
   typed gender that contradicts it is refused), role, phone, union membership, event
   names; an ID number twice on the sheet, or already in another delegation of the meet;
2. the roster the upload would produce, in each mode (REPLACE: exactly the sheet; MERGE:
   the sheet's people added or updated by ID number, everyone else kept), through the
   meet's entry rules (:func:`meet.registration.checks.entry_rules`,
   :func:`meet.rules.eligibility.validate_entries`), people keyed by their row.

A draft may still lack staff or a full squad: those rules are warnings here (they are
shown, and must be met before submission), and so are the errors of people MERGE keeps
as they are; every other broken rule blocks the upload.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.extensions import db
from meet.models import Delegation, EligibilityRuling, Entry, Event, Meet, Person
from meet.registration import messages
from meet.registration.checks import entry_rules, member_units
from meet.registration.excel import GENDER_LABELS, RESERVE_SUFFIX, ROLE_LABELS
from meet.rules import eligibility as el
from meet.rules import idcard

REPLACE, MERGE = "replace", "merge"
# The same rules the leader's forms let a draft carry (operations.BLOCKING_*).
DRAFT_TOLERATED = {"staff_too_few", "squad_too_small", "squad_composition", "leg_order"}
PHONE = re.compile(r"1\d{10}|0\d{2,3}-?\d{7,8}")
NAME_BAD_START = ("=", "+", "-", "@")


@dataclass
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class PersonRow:
    row: int
    name: str
    gender: str
    birth_date: dt.date
    id_number: str
    role: str
    phone: str
    employer: str
    union_member: bool
    events: list[tuple[str, bool, str]] = field(default_factory=list)  # code, reserve, column


@dataclass
class Context:
    """What the checks read from the database, once per check."""

    meet: Meet
    delegation: Delegation
    organiser: bool
    rules: el.EntryRules
    events: dict[str, Event]  # by code
    by_label: dict[str, tuple[Event, bool]]
    existing: dict[str, Person]  # this delegation's people by ID number
    elsewhere: dict[str, str]  # ID number -> other delegation's name
    disqualified: set[int]
    individual: dict[int, list[str]]  # person id -> event codes
    squads: dict[str, list[tuple[int, bool, int]]]  # code -> (person id, reserve, position)


def load_context(delegation: Delegation, organiser: bool, id_numbers: set[str]) -> Context:
    meet = db.session.get(Meet, delegation.meet_id)
    events = {e.code: e for e in db.session.scalars(
        select(Event).where(Event.meet_id == meet.id).order_by(Event.sort_order))}
    by_label: dict[str, tuple[Event, bool]] = {}
    for e in events.values():
        by_label[e.name] = (e, False)
        by_label[e.code] = (e, False)
        by_label[e.name + RESERVE_SUFFIX] = (e, True)
        by_label[e.name + "(替补)"] = (e, True)
    people = db.session.scalars(select(Person).where(Person.delegation_id == delegation.id))
    existing = {p.id_number: p for p in people}
    elsewhere = {}
    if id_numbers:
        rows = db.session.execute(
            select(Person.id_number, Delegation.name).join(Delegation)
            .where(Person.meet_id == meet.id, Person.delegation_id != delegation.id,
                   Person.id_number.in_(id_numbers)))
        elsewhere = dict(rows.all())
    disqualified = set(db.session.scalars(
        select(EligibilityRuling.person_id).where(
            EligibilityRuling.meet_id == meet.id, EligibilityRuling.status == "disqualified")))
    individual: dict[int, list[str]] = defaultdict(list)
    squads: dict[str, list[tuple[int, bool, int]]] = defaultdict(list)
    for entry in db.session.scalars(
        select(Entry).where(Entry.delegation_id == delegation.id)
        .options(selectinload(Entry.members), selectinload(Entry.event)).order_by(Entry.id)
    ):
        for m in entry.members:
            if entry.event.is_team:
                squads[entry.event.code].append((m.person_id, m.reserve, m.position))
            else:
                individual[m.person_id].append(entry.event.code)
    return Context(meet, delegation, organiser, entry_rules(meet), events, by_label, existing,
                   elsewhere, disqualified, individual, squads)


def check_rows(rows: list[dict], ctx: Context) -> tuple[list[PersonRow], list[RowError]]:
    """Pass 1: each row on its own, and ID numbers across rows and delegations."""
    people, errors = [], []
    seen: dict[str, int] = {}
    for raw in rows:
        r = raw["row"]
        errs = [RowError(r, col, msg) for col, msg in raw.get("problems", [])]
        person = _person(raw, ctx, errs)
        if person is not None and person.id_number:
            if person.id_number in seen:
                errs.append(RowError(r, "身份证号", _(
                    "与第 %(row)d 行的身份证号重复，同一人只能填一行。",
                    row=seen[person.id_number])))
            else:
                seen[person.id_number] = r
            if person.id_number in ctx.elsewhere:
                errs.append(RowError(r, "身份证号", _(
                    "此人已在“%(d)s”报名，同一人只能代表一个代表队。",
                    d=ctx.elsewhere[person.id_number]) if ctx.organiser else _(
                    "此人已在其他代表队报名，同一人只能代表一个代表队。")))
            known = ctx.existing.get(person.id_number)
            if known is not None and known.id in ctx.disqualified and person.events:
                errs.append(RowError(r, "姓名", _("组委会已取消此人的参赛资格，不能报项。")))
        errors += errs
        if person is not None and not errs:
            people.append(person)
    return people, errors


def _person(raw: dict, ctx: Context, errs: list[RowError]) -> PersonRow | None:
    r, c = raw["row"], raw["cells"]
    flagged = {e.column for e in errs}  # a formula already reported in the column
    name = re.sub(r"\s+", " ", c.get("name", "")).strip()
    if not name:
        if "姓名" not in flagged:
            errs.append(RowError(r, "姓名", _("请填写姓名。")))
    elif len(name) > 40 or name.startswith(NAME_BAD_START) or any(ch.isdigit() for ch in name):
        errs.append(RowError(r, "姓名", _(
            "姓名应为 1–40 个汉字或字母，不能含数字，不能以 = + - @ 开头。")))
    parsed = None
    if "身份证号" in flagged:  # a formula, or a number that lost its last digits
        pass
    elif not c.get("id_number"):
        errs.append(RowError(r, "身份证号", _("请填写身份证号。")))
    else:
        try:
            parsed = idcard.parse(c["id_number"])
        except idcard.IDNumberError as err:
            errs.append(RowError(r, "身份证号", messages.id_message(err, c["id_number"])))
    gender = GENDER_LABELS.get(c.get("gender", ""))
    if c.get("gender") and gender is None:
        errs.append(RowError(r, "性别", _("性别请填“男”或“女”。")))
    elif parsed is not None and gender is not None and gender != parsed.gender:
        errs.append(RowError(r, "性别", _(
            "性别填写为“%(typed)s”，但身份证号显示为%(id)s性，请核对。", typed=c["gender"],
                                        id=_("男") if parsed.gender == "M" else _("女"))))
    role = ROLE_LABELS.get(c.get("role") or "运动员")
    if role is None:
        errs.append(RowError(r, "职务", _("职务请填运动员、领队、教练、队医或工作人员。")))
    phone = re.sub(r"[\s]", "", c.get("phone", ""))
    if phone and not PHONE.fullmatch(phone):
        errs.append(RowError(r, "手机号码", _("手机号码应为 11 位数字（或区号-电话号码）。")))
    employer = c.get("employer", "")
    if len(employer) > 80:
        errs.append(RowError(r, "工作单位", _("工作单位不能超过 80 个字。")))
    union = {"": True, "是": True, "否": False}.get(c.get("union_member", ""))
    if union is None:
        errs.append(RowError(r, "工会会员", _("工会会员请填“是”或“否”。")))
    events, codes = [], set()
    for column, label in raw.get("events", []):
        found = ctx.by_label.get(label) or ctx.by_label.get(label.replace(" ", ""))
        if found is None:
            errs.append(RowError(r, column, _(
                "本届运动会没有“%(label)s”这个项目，请从下拉列表中选择。", label=label)))
            continue
        event, reserve = found
        if event.code in codes:
            errs.append(RowError(r, column, _("“%(event)s”在这一行中填了两次。", event=event.name)))
            continue
        if reserve and not event.is_team:
            errs.append(RowError(r, column, _("个人项目没有替补。")))
            continue
        codes.add(event.code)
        events.append((event.code, reserve, column))
    if errs or parsed is None:
        return None
    return PersonRow(r, name, gender or parsed.gender, parsed.birth_date, parsed.number, role,
                     phone, employer, bool(union), events)


# --- pass 2: the roster the upload would produce, through the entry rules -------------


@dataclass
class Plan:
    """The roster and entries one mode would write. Keys: ``("row", n)`` for the sheet's
    people, ``("person", id)`` for people kept from the database (MERGE)."""

    mode: str
    people: list[PersonRow]
    kept: list[Person]
    removed: list[Person]
    individual: list[tuple[tuple, str]]
    squads: dict[str, list[tuple[tuple, bool]]]  # code -> starters in leg order, reserves
    updated: int = 0  # sheet rows matching someone already on the roster

    @property
    def added(self) -> int:
        return len(self.people) - self.updated


def make_plan(people: list[PersonRow], ctx: Context, mode: str) -> Plan:
    on_sheet = {p.id_number for p in people}
    others = [p for n, p in ctx.existing.items() if n not in on_sheet]
    kept, removed = (others, []) if mode == MERGE else ([], others)
    key_of_id = {p.id: ("person", p.id) for p in kept}
    for row in people:
        if (known := ctx.existing.get(row.id_number)) is not None:
            key_of_id[known.id] = ("row", row.row)
    individual = [(("person", p.id), code) for p in kept for code in ctx.individual.get(p.id, [])]
    individual += [(("row", row.row), code) for row in people for code, _r, _c in row.events
                   if not ctx.events[code].is_team]
    gender = {("row", p.row): p.gender for p in people}
    gender.update({("person", p.id): p.gender for p in kept})
    squads: dict[str, list[tuple[tuple, bool]]] = {}
    for code, event in ctx.events.items():
        if not event.is_team:
            continue
        ranked: dict[tuple, tuple] = {}  # key -> (sort key, reserve)
        for person_id, reserve, position in ctx.squads.get(code, []):
            key = key_of_id.get(person_id)
            if key is not None and key[0] == "person":
                ranked[key] = ((0, position), reserve)
        old_position = {pid: pos for pid, _res, pos in ctx.squads.get(code, [])}
        for row in people:
            for c, reserve, _col in row.events:
                if c != code:
                    continue
                known = ctx.existing.get(row.id_number)
                pos = old_position.get(known.id) if known is not None else None
                ranked[("row", row.row)] = ((0, pos) if pos else (1, row.row), reserve)
        if not ranked:
            continue
        order = sorted(ranked, key=lambda k: ranked[k][0])
        starters = _legs([k for k in order if not ranked[k][1]], gender, ctx.rules.event(code))
        squads[code] = [(k, False) for k in starters] + [(k, True) for k in order
                                                         if ranked[k][1]]
    updated = sum(1 for row in people if row.id_number in ctx.existing)
    return Plan(mode, people, kept, removed, individual, squads, updated)


def _legs(starters: list, gender: dict, rule: el.EventRule | None) -> list:
    """Starters in running order; where the event fixes the gender of some legs (women on
    legs 1 and 3 of a mixed relay) and the order breaks it, the first fitting athletes
    take those legs and the others follow in their order."""
    if rule is None or not rule.leg_genders or all(
        leg > len(starters) or gender[starters[leg - 1]] == g
        for leg, g in rule.leg_genders.items()
    ):
        return starters
    placed: dict[int, object] = {}
    free = list(starters)
    for leg, g in sorted(rule.leg_genders.items()):
        pick = next((k for k in free if gender[k] == g), None)
        if leg <= len(starters) and pick is not None:
            placed[leg] = pick
            free.remove(pick)
    return [placed[i] if i in placed else free.pop(0) for i in range(1, len(starters) + 1)]


def rule_errors(plan: Plan, ctx: Context) -> tuple[list[RowError], list[RowError]]:
    """Pass 2: (blocking errors, warnings) of the plan under the meet's entry rules."""
    roster = [el.RosterPerson(("row", p.row), p.name, p.gender, p.birth_date, p.role,
                              p.union_member, p.employer) for p in plan.people]
    roster += [el.RosterPerson(("person", p.id), p.name, p.gender, p.birth_date, p.role,
                               p.union_member, p.employer) for p in plan.kept]
    entries = [el.IndividualEntry(key, code) for key, code in plan.individual]
    squads = [el.SquadEntry(code, tuple(k for k, r in members if not r),
                            tuple(k for k, r in members if r), code)
              for code, members in plan.squads.items()]
    found = el.validate_entries(ctx.rules, roster, entries, squads,
                                member_units(ctx.delegation))
    rows = {("row", p.row): p for p in plan.people}
    people = {**rows, **{("person", p.id): p for p in plan.kept}}
    blocking, warnings = [], []
    for err in found:
        # A kept person's own errors are already on the roster: shown, not the sheet's fault.
        tolerated = err.code in DRAFT_TOLERATED or (
            isinstance(err.person_key, tuple) and err.person_key[0] == "person")
        (warnings if tolerated else blocking).append(_located(err, rows, people, plan, ctx))
    return blocking, warnings


def _located(err: el.EntryError, rows: dict, people: dict, plan: Plan, ctx: Context) -> RowError:
    message = messages.describe(err, people, ctx.events)
    key = err.person_key
    if key in rows:
        row = rows[key]
        column = {"union_member": "工会会员", "birth_date": "身份证号",
                  "employer": "工作单位"}.get(err.field, "")
        for code, _r, col in row.events:
            if code == err.event_code:
                column = col
        if err.code == "too_many_events":
            column = "报名项目"
        return RowError(row.row, column or "职务", message)
    if key is not None:
        return RowError(None, "", _("（系统中已有、表中没有的人员）%(message)s", message=message))
    if err.event_code:
        involved = sorted(k[1] for k, c in plan.individual if c == err.event_code
                          and k in rows)
        involved += sorted(k[1] for k, _r in plan.squads.get(err.event_code, []) if k in rows)
        if involved:
            message += _("（涉及第 %(rows)s 行）", rows="、".join(map(str, sorted(involved))))
    return RowError(None, "", message)
