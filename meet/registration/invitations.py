"""Invitation links for team leaders (领队邀请链接): tokens and the two operations.

The rule:

* The organiser issues one link per delegation. The link's token is signed with the
  app's ``SECRET_KEY`` (itsdangerous, salt ``meet.invitation``) and carries the
  delegation id and a random nonce; a tampered token fails the signature.
* The token expires ``INVITATION_MAX_AGE`` seconds after it is issued (default 14 days):
  the signature's timestamp and the row's ``expires_at`` both say so.
* The nonce names one :class:`~meet.models.Invitation` row: a link works once (the row is
  marked used) and issuing a new link for the delegation revokes every older unused one.
* Following a valid link, the leader chooses a username (default ``leaderNN``, NN the
  delegation's code) and a password under :mod:`meet.auth.passwords`; the delegation's
  existing leader account is taken over (its other sessions end) or a new one is made.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from meet.auth.passwords import policy_errors
from meet.extensions import db
from meet.models import Delegation, Invitation, Role, User
from meet.models.base import utcnow
from meet.operations import OperationError, actor_id, audit, commit

SALT = "meet.invitation"
DEFAULT_MAX_AGE = 14 * 24 * 3600
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,39}")


class InvitationInvalid(Exception):
    """A link that cannot be used. ``reason``: tampered, expired, used or revoked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Refused(OperationError):
    """A refused choice of username or password: each broken rule is one message."""

    def __init__(self, messages: list[str], field: str):
        super().__init__(" ".join(messages), field)
        self.messages = messages


def max_age() -> int:
    return int(current_app.config.get("INVITATION_MAX_AGE", DEFAULT_MAX_AGE))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def default_username(delegation: Delegation) -> str:
    return f"leader{delegation.code}"


def leader_account(delegation: Delegation) -> User | None:
    return db.session.scalar(
        select(User).where(User.delegation_id == delegation.id, User.role == Role.LEADER.value)
        .order_by(User.id).limit(1)
    )


def issue(delegation: Delegation) -> str:
    """Operation: a new invitation for ``delegation``; older unused ones are revoked.
    Returns the token to put in the link (shown once: only its nonce is stored)."""
    now = utcnow()
    revoked = 0
    for old in db.session.scalars(select(Invitation).where(
        Invitation.delegation_id == delegation.id,
        Invitation.used_at.is_(None), Invitation.revoked_at.is_(None),
    )):
        old.revoked_at = now
        revoked += 1
    invitation = Invitation(
        meet_id=delegation.meet_id, delegation_id=delegation.id,
        nonce=secrets.token_hex(16), created_at=now,
        expires_at=now + dt.timedelta(seconds=max_age()),
        created_by_id=actor_id(),
    )
    db.session.add(invitation)
    db.session.flush()
    audit("invitation.issued", delegation, invitation_id=invitation.id, revoked=revoked)
    commit()
    return _serializer().dumps({"d": delegation.id, "n": invitation.nonce})


def load(token: str) -> Invitation:
    """The pending invitation a token names, or :class:`InvitationInvalid`."""
    try:
        data = _serializer().loads(token, max_age=max_age())
    except SignatureExpired:
        raise InvitationInvalid("expired") from None
    except BadSignature:
        raise InvitationInvalid("tampered") from None
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        raise InvitationInvalid("tampered")
    invitation = db.session.scalar(select(Invitation).where(Invitation.nonce == data["n"]))
    if invitation is None or invitation.delegation_id != data.get("d"):
        raise InvitationInvalid("revoked")
    status = invitation.status(utcnow())
    if status != "pending":
        raise InvitationInvalid(status)
    return invitation


@dataclass
class Accepted:
    user: User
    created: bool


def accept(token: str, username: str, password: str) -> Accepted:
    """Operation: use the invitation once; the leader's account gets ``username`` and
    ``password``. Refusals are :class:`OperationError` naming the field."""
    invitation = load(token)
    delegation = db.session.get(Delegation, invitation.delegation_id)
    username = (username or "").strip()
    if not USERNAME.fullmatch(username):
        raise Refused(
            [_("用户名由 3–40 个英文字母、数字、点、下划线或连字符组成，以字母或数字开头。")],
            "username",
        )
    account = leader_account(delegation)
    taken = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if taken is not None and taken is not account:
        raise Refused([_("用户名“%(name)s”已被使用，请换一个。", name=username)], "username")
    problems = policy_errors(password, username)
    if problems:
        raise Refused(problems, "password")
    created = account is None
    if created:
        account = User(meet_id=delegation.meet_id, role=Role.LEADER.value,
                       delegation_id=delegation.id,
                       display_name=f"{delegation.display_name}领队")
        db.session.add(account)
    else:
        account.session_version += 1  # every session the old holder had ends now
    account.username = username
    account.active = True
    account.set_password(password)
    db.session.flush()
    now = utcnow()
    # One-time even under two simultaneous submissions: only one UPDATE finds it unused.
    claimed = db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
               Invitation.revoked_at.is_(None))
        .values(used_at=now, used_by_id=account.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise InvitationInvalid("used")
    audit("invitation.accepted", delegation, user_id=account.id, invitation_id=invitation.id,
          username=username, account_created=created)
    commit()
    db.session.refresh(invitation)
    return Accepted(account, created)


def statuses(meet_id: int) -> dict[int, Invitation]:
    """The newest invitation of each delegation of the meet."""
    newest: dict[int, Invitation] = {}
    for inv in db.session.scalars(
        select(Invitation).where(Invitation.meet_id == meet_id).order_by(Invitation.id)
    ):
        newest[inv.delegation_id] = inv
    return newest
