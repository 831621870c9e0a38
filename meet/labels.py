"""Display names of the domain's codes, translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLE_NAMES = {
    "organiser": _l("组委会"),
    "leader": _l("领队"),
    "referee": _l("裁判员"),
    "chief": _l("总裁判"),
    "marshal": _l("检录员"),
}
PERSON_ROLE_NAMES = {
    "athlete": _l("运动员"),
    "leader": _l("领队"),
    "coach": _l("教练"),
    "doctor": _l("队医"),
    "staff": _l("工作人员"),
}
GENDER_NAMES = {"M": _l("男"), "F": _l("女"), "X": _l("混合"), "O": _l("不限")}
EVENT_KIND_NAMES = {
    "timed": _l("计时"),
    "measured": _l("丈量/计数"),
    "judged": _l("评分"),
    "match": _l("对抗"),
}
STATUS_NAMES = {
    "draft": _l("草稿"),
    "submitted": _l("已提交"),
    "approved": _l("已审核"),
    "returned": _l("已退回"),
}


def context() -> dict:
    return {
        "role_names": ROLE_NAMES,
        "person_role_names": PERSON_ROLE_NAMES,
        "gender_names": GENDER_NAMES,
        "event_kind_names": EVENT_KIND_NAMES,
        "status_names": STATUS_NAMES,
    }
