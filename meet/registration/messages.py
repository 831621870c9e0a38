"""What a team leader reads when a rule is broken: one Chinese message per ID-number error
code (:mod:`meet.rules.idcard`) and per entry-rule error code
(:data:`meet.rules.eligibility.ERROR_CODES`), and where on the site to fix it.

The rules live in :mod:`meet.rules`; this module only words their verdicts, so the
leader's pages, the Excel upload and the organiser's pages say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from meet.i18n import localised
from meet.labels import GENDER_NAMES, PERSON_ROLE_NAMES
from meet.rules import eligibility as el
from meet.rules.idcard import IDNumberError

ID_MESSAGES = {
    "length": _l("身份证号应为 18 位，现在是 %(count)s 位。"),
    "chars": _l("身份证号前 17 位须为数字，最后一位为数字或 X。"),
    "region": _l("身份证号前两位不是有效的省级行政区划代码，请核对。"),
    "date": _l("身份证号第 7–14 位的出生日期不是有效日期，请核对。"),
    "check": _l("身份证号校验位不符：可能输错了一位或颠倒了两位，请逐位核对。"),
}

ENTRY_MESSAGES = {
    "duplicate_person": _l("%(person)s 在名单中重复出现 %(count)s 次。"),
    "unknown_role": _l("%(person)s 的职务无效。"),
    "staff_too_few": _l("%(role)s至少需要 %(min)s 人，目前 %(count)s 人。"),
    "staff_too_many": _l("%(role)s最多 %(max)s 人，目前 %(count)s 人。"),
    "athletes_too_many": _l("运动员最多 %(max)s 人，目前 %(count)s 人。"),
    "employer_not_member_unit": _l("%(person)s 的工作单位（%(employer)s）不是本联队的成员单位"
                                   "（%(units)s）。"),
    "not_union_member": _l("%(person)s 未声明为本单位在职工会会员。"),
    "age_out_of_range": _l("%(person)s 比赛首日 %(age)s 岁，超出本届运动会的年龄限制。"),
    "unknown_person": _l("%(event)s：所选人员不在本队名单中。"),
    "not_athlete": _l("%(person)s 不是运动员，不能报名%(event)s。"),
    "unknown_event": _l("所报项目不在本届运动会的竞赛项目中。"),
    "wrong_entry_type": _l("%(event)s：报名方式不符（个人项目与集体项目不能混用）。"),
    "wrong_gender": _l("%(person)s 的性别不符合%(event)s的要求。"),
    "wrong_age_band": _l("%(person)s 比赛首日 %(age)s 岁，不属于%(event)s的年龄组。"),
    "duplicate_entry": _l("%(person)s 在%(event)s中重复报名。"),
    "event_quota_exceeded": _l("%(event)s：本队已报 %(count)s，超过限报数 %(max)s。"),
    "too_many_events": _l("%(person)s 报了 %(count)s 个个人项目，每人限报 %(max)s 项。"),
    "squad_too_small": _l("%(event)s：上场队员 %(count)s 人，至少需要 %(min)s 人。"),
    "squad_too_large": _l("%(event)s：上场队员 %(count)s 人，最多 %(max)s 人。"),
    "too_many_reserves": _l("%(event)s：替补 %(count)s 人，最多 %(max)s 人。"),
    "squad_duplicate_member": _l("%(event)s：%(person)s 在同一队中出现了 %(count)s 次。"),
    "squad_composition": _l("%(event)s：至少需要 %(min)s 名%(gender)s队员，目前 %(count)s 名。"),
    "leg_order": _l("%(event)s：第 %(leg)s 棒应由%(gender)s运动员跑，现在是 %(person)s。"),
}

ELIGIBILITY_NAMES = {
    "queried": _l("资格存疑"),
    "disqualified": _l("已取消资格"),
    "cleared": _l("资格审查通过"),
}

# Errors about the roster itself are fixed on the person's form; the others on the
# athlete's events or on the squad.
_FIX_ON_PERSON = {"duplicate_person", "unknown_role", "not_union_member", "age_out_of_range",
                  "employer_not_member_unit"}


def employer_message(units: Sequence[str]) -> str:
    """Next to the 工作单位 field of a joint team's (联队) member."""
    return _("联队队员的工作单位须为本联队的成员单位之一：%(units)s。", units="、".join(units))


def staff_limits_text(limits: Mapping[str, tuple[int, int]]) -> str:
    """The regulations' staff numbers in words: "领队 1 人，教练 1–2 人，…"."""
    parts = []
    for role, (low, high) in limits.items():
        count = str(low) if low == high else f"{low}–{high}"
        parts.append(_("%(role)s %(count)s 人", role=PERSON_ROLE_NAMES.get(role, role),
                       count=count))
    return _("，").join(parts)


def id_message(err: IDNumberError, raw: str = "") -> str:
    """The leader's message for an ID number that breaks GB 11643."""
    from meet.rules.idcard import normalise

    return ID_MESSAGES[err.code] % {"count": len(normalise(raw or ""))}


def _gender(code: Any) -> str:
    return str(GENDER_NAMES.get(code, code or ""))


def describe(error: el.EntryError, people: Mapping, events: Mapping) -> str:
    """One broken entry rule as a sentence naming the person and the event.

    ``people`` maps person ids to :class:`~meet.models.Person`, ``events`` maps event
    codes to :class:`~meet.models.Event`.
    """
    p = error.params
    person = people.get(error.person_key)
    event = events.get(error.event_code)
    values = {
        "person": person.name if person is not None else _("（已删除的人员）"),
        "event": localised(event) if event is not None else (error.event_code or ""),
        "count": p.get("count", ""),
        "min": p.get("min", ""),
        "max": p.get("max", ""),
        "age": p.get("age", ""),
        "leg": p.get("leg", ""),
        "gender": _gender(p.get("gender")),
        "role": str(PERSON_ROLE_NAMES.get(p.get("role"), p.get("role", ""))),
        "employer": p.get("employer") or _("未填写"),
        "units": "、".join(p.get("units", ())),
    }
    return str(ENTRY_MESSAGES[error.code]) % values


def fix_url(error: el.EntryError, delegation_id: int, people: Mapping, events: Mapping) -> str:
    """Where the leader fixes ``error``: the person's form, the athlete's events, the
    squad, or the staff form for the missing role."""
    person = people.get(error.person_key)
    event = events.get(error.event_code)
    if error.squad_key and event is not None:
        return url_for("registration.squad", delegation_id=delegation_id, event_id=event.id,
                       entry=error.squad_key)
    if error.code == "staff_too_few":
        return url_for("registration.new_person", delegation_id=delegation_id,
                       role=error.params.get("role"))
    if error.code == "staff_too_many":
        return url_for("registration.delegation", delegation_id=delegation_id) + "#staff"
    if person is not None:
        if error.code in _FIX_ON_PERSON or not person.is_athlete:
            return url_for("registration.edit_person", delegation_id=delegation_id,
                           person_id=person.id)
        if event is not None and event.is_team:
            return url_for("registration.squad", delegation_id=delegation_id, event_id=event.id)
        return url_for("registration.athlete_events", delegation_id=delegation_id,
                       person_id=person.id)
    if event is not None and event.is_team:
        return url_for("registration.squad", delegation_id=delegation_id, event_id=event.id)
    return url_for("registration.delegation", delegation_id=delegation_id) + "#athletes"
