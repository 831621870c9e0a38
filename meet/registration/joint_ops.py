"""The organiser makes a delegation a joint team (联队) and lists its member units.

Units too small to enter alone enter together (research notes ``cn_meet.md`` §1): one
delegation, one leader, one set of entries and one line in the standings. The organiser,
not the leader, decides which units it joins; the rule that its people work for those
units is :mod:`meet.rules.eligibility`'s.

Refusals name the field (``joint`` or ``units``). A change that leaves people of the
roster outside the member units is allowed; the result says how many, for the organiser
to follow up, as the registration settings page does for stricter limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from meet.extensions import db
from meet.models import Delegation, MemberUnit, Role, User
from meet.operations import OperationError, audit, commit
from meet.registration import checks
from meet.registration.operations import StaleDelegation
from meet.rules.eligibility import unit_key
from meet.signals import registration_changed

MIN_UNITS = 2
MAX_UNITS = 30
NAME_LENGTH = 80


@dataclass
class Outcome:
    """People of the roster whose employer is not a member unit, before and after."""

    outside_before: int
    outside_after: int


def outside_units(delegation: Delegation) -> int:
    """How many people of the delegation work for none of its member units."""
    return sum(1 for e in checks.delegation_errors(delegation)
               if e.code == "employer_not_member_unit")


def clean_units(lines: list[str]) -> list[str]:
    """The names as typed, one per line, trimmed; blank lines dropped."""
    return [name.strip() for name in lines if name.strip()]


def _check(delegation: Delegation, joint: bool, names: list[str]) -> None:
    if not joint:
        if names:
            raise OperationError(_("未勾选“联队”时不填写成员单位；取消联队请先清空此栏。"),
                                 "units")
        return
    if len(names) < MIN_UNITS:
        raise OperationError(_("联队至少由 %(n)s 个单位组成，请每行填写一个成员单位。",
                               n=MIN_UNITS), "units")
    if len(names) > MAX_UNITS:
        raise OperationError(_("成员单位最多 %(n)s 个。", n=MAX_UNITS), "units")
    seen: set[str] = set()
    for name in names:
        if len(name) > NAME_LENGTH:
            raise OperationError(_("成员单位名称最多 %(n)s 个字：%(name)s", n=NAME_LENGTH,
                                   name=name), "units")
        if unit_key(name) in seen:
            raise OperationError(_("成员单位重复：%(name)s", name=name), "units")
        seen.add(unit_key(name))
    for name, team in db.session.execute(
            select(MemberUnit.name, Delegation.name)
            .join(Delegation, Delegation.id == MemberUnit.delegation_id)
            .where(MemberUnit.meet_id == delegation.meet_id,
                   MemberUnit.delegation_id != delegation.id)):
        if unit_key(name) in seen:
            raise OperationError(_("“%(name)s”已是「%(team)s」的成员单位，一个单位只能"
                                   "参加一个联队。", name=name, team=team), "units")


def set_joint(actor: User, delegation: Delegation, joint: bool, lines: list[str],
              version: int | None) -> Outcome:
    """Make the delegation a joint team of the units named (in that order), or an
    ordinary delegation (no units)."""
    if not actor.has_role(Role.ORGANISER):
        raise OperationError(_("只有组委会可以设置联队及其成员单位。"))
    if version is not None and version != delegation.version:
        raise StaleDelegation()
    names = clean_units(lines)
    _check(delegation, joint, names)
    before = outside_units(delegation)
    old_joint, old_names = delegation.joint, [u.name for u in delegation.member_units]
    if old_joint == joint and old_names == names:
        db.session.rollback()
        return Outcome(before, before)
    wanted = {unit_key(n): (i, n) for i, n in enumerate(names)}
    for unit in list(delegation.member_units):
        if unit_key(unit.name) not in wanted:
            delegation.member_units.remove(unit)
    db.session.flush()
    kept = {unit_key(u.name): u for u in delegation.member_units}
    for key, (i, name) in wanted.items():
        unit = kept.get(key)
        if unit is None:
            delegation.member_units.append(MemberUnit(meet_id=delegation.meet_id, name=name,
                                                      sort_order=i))
        else:
            unit.name, unit.sort_order = name, i
    delegation.joint = joint
    flag_modified(delegation, "status")  # raise the version: the leader's forms go stale
    audit("registration.joint_set", delegation, delegation_id=delegation.id,
          status=delegation.status, joint=[old_joint, joint],
          added=[n for n in names if n not in old_names],
          removed=[n for n in old_names if n not in names])
    try:
        db.session.flush()
        after = outside_units(delegation)
        commit((registration_changed, {"meet_id": delegation.meet_id,
                                       "delegation_id": delegation.id}))
    except StaleDataError:
        db.session.rollback()
        raise StaleDelegation() from None
    except IntegrityError:
        db.session.rollback()
        raise OperationError(_("保存失败：成员单位与其他联队的成员单位重复，请刷新后重试。"),
                             "units") from None
    return Outcome(before, after)
