"""The organiser changes the registration settings: the window, the entry limits, the
staff limits by role (领队, 教练, 队医, 工作人员: fewest and most, neither negative, the
fewest not above the most) and the age groups, in one audited write.

Refusals name their field (``opens``, ``closes``, a limit's name, ``<role>_min`` or
``<role>_max``, or ``groups-<i>-<field>`` for a row of the age-group table), so the page
shows each message next to what was typed.
A change that makes existing entries break the new rules is allowed; the result says how
many delegations have errors before and after, for the organiser to follow up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from meet.extensions import db
from meet.models import AgeGroup, Event, Meet, Role, User
from meet.operations import OperationError, audit, commit
from meet.registration import checks
from meet.registration.window import CHINA, window_bounds
from meet.rules import eligibility as el
from meet.signals import registration_changed

LIMITS = ("max_events_per_athlete", "athletes_per_event", "max_athletes_per_delegation")
# Database constraint names, and the field their refusal belongs to.
CONSTRAINT_FIELDS = {
    "registration_window_in_order": "closes",
    "max_events_positive": "max_events_per_athlete",
    "athletes_per_event_positive": "athletes_per_event",
    **{f"{role}_limits_in_order": f"{role}_max" for role in el.STAFF_ROLES},
}


@dataclass
class GroupRow:
    """A row of the age-group table as typed; ``id`` is None for a new group."""

    index: int
    id: int | None
    code: str
    gender: str
    name: str
    min_age: int | None
    max_age: int | None
    remove: bool = False


@dataclass
class Settings:
    opens: dt.datetime | None  # China time, without zone, as typed
    closes: dt.datetime | None
    max_events_per_athlete: int
    athletes_per_event: int
    max_athletes_per_delegation: int
    groups: list[GroupRow]
    # Role -> (fewest, most); None: as the meet has them now.
    staff_limits: dict[str, tuple[int, int]] | None = None


@dataclass
class Outcome:
    errors_before: int
    errors_after: int


def current(meet: Meet) -> Settings:
    """The meet's settings as the form shows them (times in China time, without zone)."""
    opens, closes = (t.astimezone(CHINA).replace(tzinfo=None) if t else None
                     for t in window_bounds(meet))
    rows = [GroupRow(i, g.id, g.code, g.gender, g.name, g.min_age, g.max_age)
            for i, g in enumerate(age_groups(meet))]
    return Settings(opens, closes, meet.max_events_per_athlete, meet.athletes_per_event,
                    meet.max_athletes_per_delegation, rows, meet.staff_limits)


def age_groups(meet: Meet) -> list[AgeGroup]:
    return list(db.session.scalars(
        select(AgeGroup).where(AgeGroup.meet_id == meet.id)
        .order_by(AgeGroup.gender.desc(), AgeGroup.min_age.is_not(None), AgeGroup.min_age,
                  AgeGroup.code)))


def delegations_with_errors(meet: Meet) -> int:
    """How many delegations break the meet's entry rules now."""
    rules = checks.entry_rules(meet)
    return sum(1 for inputs in checks.rules_inputs(meet).values()
               if el.validate_entries(rules, *inputs))


def _age_text(row: GroupRow) -> str:
    if row.min_age is None and row.max_age is None:
        return _("不限年龄")
    if row.min_age is None:
        return _("%(n)s 岁及以下", n=row.max_age)
    if row.max_age is None:
        return _("%(n)s 岁及以上", n=row.min_age)
    return _("%(low)s–%(high)s 岁", low=row.min_age, high=row.max_age)


def _check_staff(limits: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The staff limits of every role, or a refusal naming the role's field."""
    out = {}
    for role in el.STAFF_ROLES:
        low, high = limits.get(role, el.DEFAULT_STAFF_LIMITS[role])
        if low is None or low < 0:
            raise OperationError(_("人数不能为负数。"), f"{role}_min")
        if high is None or high < 0:
            raise OperationError(_("人数不能为负数。"), f"{role}_max")
        if low > high:
            raise OperationError(_("最多人数不能少于最少人数（%(n)s）。", n=low), f"{role}_max")
        out[role] = (low, high)
    return out


def _check_groups(meet: Meet, rows: list[GroupRow]) -> list[GroupRow]:
    """The rows that remain, or a refusal naming the row and field."""
    existing = {g.id: g for g in age_groups(meet)}
    kept = [r for r in rows if not r.remove]
    for r in rows:
        if r.id is not None and r.id not in existing:
            raise OperationError(_("该组别已不存在，请刷新页面后重试。"), f"groups-{r.index}-code")
    seen: dict[tuple[str, str], GroupRow] = {}
    for r in kept:
        if r.min_age is not None and r.max_age is not None and r.min_age > r.max_age:
            raise OperationError(_("最小年龄不能大于最大年龄。"), f"groups-{r.index}-max_age")
        key = (r.code, r.gender)
        if key in seen:
            raise OperationError(_("同一性别已有代码为 %(code)s 的组别。", code=r.code),
                                 f"groups-{r.index}-code")
        seen[key] = r
    for gender in ("M", "F"):
        bands = sorted((r for r in kept if r.gender == gender),
                       key=lambda r: (-1 if r.min_age is None else r.min_age, r.index))
        for before, after in zip(bands, bands[1:], strict=False):
            if before.max_age is None or (after.min_age is not None
                                          and after.min_age <= before.max_age):
                raise OperationError(
                    _("与“%(name)s”（%(ages)s）的年龄段重叠。", name=before.name,
                      ages=_age_text(before)), f"groups-{after.index}-min_age")
    used = db.session.execute(
        select(Event.age_group_code, Event.gender, Event.name)
        .where(Event.meet_id == meet.id, Event.age_group_code.is_not(None))
        .order_by(Event.sort_order)).all()
    for r in rows:
        if r.id is None:
            continue
        old = existing[r.id]
        if (old.code, old.gender) in seen:
            continue
        users = [name for code, gender, name in used
                 if code == old.code and gender in (old.gender, "X", "O")]
        if users:
            field = "remove" if r.remove else "code"
            raise OperationError(
                _("组别 %(code)s 已被项目使用（%(events)s），不能删除或改代码。",
                  code=old.code, events="、".join(users[:3]) + ("…" if len(users) > 3 else "")),
                f"groups-{r.index}-{field}")
    return kept


def _china(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=CHINA) if value is not None else None


def _stamp(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def update(actor: User, meet: Meet, new: Settings) -> Outcome:
    """Save the settings; refuse what the rules forbid, with the field it belongs to."""
    if not actor.has_role(Role.ORGANISER):
        raise OperationError(_("只有组委会可以修改报名设置。"))
    if new.opens and new.closes and new.closes <= new.opens:
        raise OperationError(_("截止时间须晚于开始时间。"), "closes")
    for name in LIMITS:
        if getattr(new, name) < 1:
            raise OperationError(_("至少为 1。"), name)
    staff = _check_staff(new.staff_limits if new.staff_limits is not None
                         else meet.staff_limits)
    kept = _check_groups(meet, new.groups)
    errors_before = delegations_with_errors(meet)
    old = current(meet)
    changes = {}
    for name, value in (("opens", new.opens), ("closes", new.closes)):
        if getattr(old, name) != value:
            changes[name] = [_stamp(getattr(old, name)), _stamp(value)]
    for name in LIMITS:
        if getattr(old, name) != getattr(new, name):
            changes[name] = [getattr(old, name), getattr(new, name)]
            setattr(meet, name, getattr(new, name))
    for role, (low, high) in staff.items():
        if meet.staff_limits[role] != (low, high):
            changes[f"{role}_limits"] = [list(meet.staff_limits[role]), [low, high]]
            setattr(meet, f"{role}_min", low)
            setattr(meet, f"{role}_max", high)
    meet.registration_opens = _china(new.opens)
    meet.registration_closes = _china(new.closes)
    groups = _apply_groups(meet, new.groups, kept)
    if groups:
        changes["age_groups"] = groups
    if not changes:
        db.session.rollback()
        return Outcome(errors_before, errors_before)
    audit("registration.settings_changed", meet, meet_id=meet.id, **changes)
    try:
        db.session.flush()
        errors_after = delegations_with_errors(meet)
        commit((registration_changed, {"meet_id": meet.id}))
    except IntegrityError as err:
        db.session.rollback()
        raise _refusal(err) from None
    return Outcome(errors_before, errors_after)


def _apply_groups(meet: Meet, rows: list[GroupRow], kept: list[GroupRow]) -> list[str]:
    """Write the age-group rows; the changes in words for the audit."""
    existing = {g.id: g for g in age_groups(meet)}
    notes = []
    for r in rows:
        if r.remove and r.id is not None:
            notes.append(f"- {r.gender}{existing[r.id].code}")
            db.session.delete(existing[r.id])
    db.session.flush()
    for r in kept:
        values = {"code": r.code, "gender": r.gender, "name": r.name,
                  "min_age": r.min_age, "max_age": r.max_age}
        if r.id is None:
            db.session.add(AgeGroup(meet_id=meet.id, **values))
            notes.append(f"+ {r.gender}{r.code} {r.min_age}-{r.max_age}")
            continue
        g = existing[r.id]
        before = {k: getattr(g, k) for k in values}
        if before != values:
            for k, v in values.items():
                setattr(g, k, v)
            notes.append(f"~ {before['gender']}{before['code']} {before['min_age']}-"
                         f"{before['max_age']} → {r.gender}{r.code} {r.min_age}-{r.max_age}")
    return notes


def _refusal(err: IntegrityError) -> OperationError:
    text = str(err.orig)
    for constraint, field in CONSTRAINT_FIELDS.items():
        if constraint in text:
            return OperationError(_("保存失败：该值不符合规程约束，请检查。"), field)
    return OperationError(_("保存失败：组别代码重复或年龄段不合规，请检查组别表。"), "groups")
