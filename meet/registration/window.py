"""When a team leader may change their delegation: the registration window
(``Meet.registration_opens`` <= now < ``Meet.registration_closes``; a missing bound is no
bound) and the delegation's state (a draft or returned). The organiser always may.

Times: PostgreSQL keeps the zone; SQLite stores none, and a stored time without zone is
read as China time (北京时间), the time the regulations are written in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import format_datetime
from flask_babel import gettext as _

from meet.extensions import db
from meet.models import Delegation, DelegationStatus, Meet, Role, User
from meet.models.base import utcnow

CHINA = ZoneInfo("Asia/Shanghai")


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=CHINA)


def window_bounds(meet: Meet) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When registration opens and closes, with their zone."""
    return _aware(meet.registration_opens), _aware(meet.registration_closes)


def window_state(meet: Meet, now: dt.datetime | None = None) -> str:
    """``"not_yet"``, ``"open"`` or ``"closed"``."""
    now = now or utcnow()
    opens, closes = window_bounds(meet)
    if opens is not None and now < opens:
        return "not_yet"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


def leader_refusal(delegation: Delegation, meet: Meet) -> str | None:
    """Why the delegation's leader may not change it now, or None."""
    state = window_state(meet)
    if state == "not_yet":
        return _("报名尚未开始（%(when)s 开放），现在只能查看。",
                 when=format_datetime(_aware(meet.registration_opens), "yyyy-MM-dd HH:mm"))
    if state == "closed":
        return _("报名已于 %(when)s 截止，现在只能查看；如需更改请联系组委会。",
                 when=format_datetime(_aware(meet.registration_closes), "yyyy-MM-dd HH:mm"))
    if delegation.status == DelegationStatus.SUBMITTED.value:
        return _("报名已提交，等待组委会审核；如需修改请先撤回提交。")
    if delegation.status == DelegationStatus.APPROVED.value:
        return _("报名已审核通过，不能再修改；如需更改请联系组委会。")
    return None


def edit_refusal(actor: User, delegation: Delegation) -> str | None:
    """Why ``actor`` may not change ``delegation`` now, or None."""
    if actor.has_role(Role.ORGANISER):
        return None
    if actor.has_role(Role.LEADER) and actor.delegation_id == delegation.id:
        return leader_refusal(delegation, db.session.get(Meet, delegation.meet_id))
    return _("您无权修改此代表队。")
