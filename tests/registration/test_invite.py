"""Invitation links: issued by the organiser, one-time, signed, expiring, revocable."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, Invitation, User
from meet.registration import invitations as inv
from tests.conftest import login

GOOD = "红旗-跑道-2027"


def issue_link(client, delegation) -> str:
    r = client.post(f"/registration/invitations/{delegation.id}")
    assert r.status_code == 201, r.status_code
    assert r.headers["Cache-Control"] == "no-store"
    link = re.search(r'id="invite-link"[^>]*value="([^"]+)"', r.get_data(as_text=True))
    return link.group(1).replace("http://localhost", "")


@pytest.fixture
def link(client, world):
    login(client, "admin")
    path = issue_link(client, world.d1)
    client.post("/logout")
    return path


def accept(client, path, username="leader01", password=GOOD, confirm=None):
    return client.post(path, data={"username": username, "password": password,
                                   "confirm": password if confirm is None else confirm})


def test_organiser_lists_delegations_and_issues_a_link_shown_once(client, world):
    login(client, "admin")
    page = client.get("/registration/invitations").get_data(as_text=True)
    assert world.d1.name in page and "未邀请" in page and "生成链接" in page
    path = issue_link(client, world.d1)
    assert path.startswith("/invite/")
    page = client.get("/registration/invitations").get_data(as_text=True)
    assert "待使用" in page and path not in page  # never shown again
    row = db.session.scalar(select(Invitation))
    assert row.delegation_id == world.d1.id and row.nonce not in path
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "invitation.issued"))
    assert audit.target_id == world.d1.id and audit.user_id == world.admin.id


def test_the_leader_sets_a_password_and_is_logged_in(client, world, link):
    page = client.get(link).get_data(as_text=True)
    assert world.d1.name in page and 'value="leader01"' in page  # the default username
    r = accept(client, link, username="chengguan")
    assert r.status_code == 302 and r.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    user = db.session.get(User, world.leader1.id)
    assert user.username == "chengguan" and user.check_password(GOOD)
    assert user.delegation_id == world.d1.id and user.role == "leader"
    assert db.session.scalar(select(Invitation)).used_by_id == user.id
    client.post("/logout")
    assert login(client, "chengguan", GOOD).status_code == 302


def test_a_delegation_without_an_account_gets_a_new_one(client, world):
    db.session.delete(world.leader2)
    db.session.commit()
    login(client, "admin")
    path = issue_link(client, world.d2)
    client.post("/logout")
    assert 'value="leader02"' in client.get(path).get_data(as_text=True)
    assert accept(client, path, username="leader02").status_code == 302
    user = db.session.scalar(select(User).where(User.username == "leader02"))
    assert user.delegation_id == world.d2.id and user.role == "leader"


def test_taking_over_an_account_ends_its_other_sessions(client, world, app, link):
    other = app.test_client()
    login(other, "leader01")
    assert other.get("/dashboard").status_code == 200
    accept(client, link)
    assert other.get("/dashboard").status_code == 302  # sent to /login


def test_the_link_works_once(client, world, link):
    assert accept(client, link).status_code == 302
    client.post("/logout")
    r = client.get(link)
    assert r.status_code == 410 and "链接已使用" in r.get_data(as_text=True)
    r = accept(client, link, password="另一个密码-abcdef")
    assert r.status_code == 410
    assert not db.session.get(User, world.leader1.id).check_password("另一个密码-abcdef")


def test_a_new_link_revokes_the_old_one(client, world, link):
    login(client, "admin")
    newer = issue_link(client, world.d1)
    client.post("/logout")
    r = client.get(link)
    assert r.status_code == 410 and "链接已作废" in r.get_data(as_text=True)
    assert client.get(newer).status_code == 200


def test_an_expired_link(client, world, app, link):
    row = db.session.scalar(select(Invitation))
    row.created_at -= dt.timedelta(days=30)
    row.expires_at = row.created_at + dt.timedelta(days=14)
    db.session.commit()
    r = client.get(link)
    assert r.status_code == 410 and "链接已过期" in r.get_data(as_text=True)


def test_an_expired_signature(client, world, app, link):
    app.config["INVITATION_MAX_AGE"] = -1  # the token's own timestamp is past
    r = client.get(link)
    assert r.status_code == 410 and "链接已过期" in r.get_data(as_text=True)


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),
    lambda t: t[: len(t) // 2],
    lambda t: "not-a-token",
    lambda t: t.replace(".", "", 1),
])
def test_a_tampered_link(client, world, link, mangle):
    token = link.removeprefix("/invite/")
    r = client.get(f"/invite/{mangle(token)}")
    assert r.status_code == 400 and "链接无效" in r.get_data(as_text=True)


def test_a_token_signed_with_another_key_is_tampered(client, world, app, link):
    from itsdangerous import URLSafeTimedSerializer

    row = db.session.scalar(select(Invitation))
    forged = URLSafeTimedSerializer("guess", salt=inv.SALT).dumps({"d": 1, "n": row.nonce})
    assert client.get(f"/invite/{forged}").status_code == 400


@pytest.mark.parametrize("password, message", [
    ("short", "至少 10 个字符"),
    ("13800138000", "不能全是数字"),
    ("leader011234", "不能与用户名相同"),
    ("password123", "常用密码"),
    ("meet-demo", "不能使用演示密码 meet-demo"),
])
def test_password_policy_messages_next_to_the_field(client, world, link, password, message):
    r = accept(client, link, password=password)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and message in page
    assert re.search(r'id="password-error">[^<]*' + re.escape(message), page)
    assert 'value="leader01"' in page  # what was typed stays
    assert db.session.scalar(select(Invitation)).used_at is None  # the link still works


def test_passwords_must_match(client, world, link):
    r = accept(client, link, confirm=GOOD + "x")
    assert r.status_code == 400 and "两次输入的密码不一致" in r.get_data(as_text=True)


@pytest.mark.parametrize("username, message", [
    ("referee01", "已被使用"),
    ("ADMIN", "已被使用"),
    ("张三", "英文字母"),
    ("ab", "英文字母"),
])
def test_username_refusals(client, world, link, username, message):
    r = accept(client, link, username=username)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and re.search(r'id="username-error">[^<]*' + message, page)
    assert f'value="{username}"' in page


@pytest.mark.parametrize("who", ["leader01", "leader02", "referee01", "chief", "marshal01"])
def test_only_the_organiser_creates_invitations(client, world, who):
    login(client, who)
    assert client.get("/registration/invitations").status_code == 403
    assert client.post(f"/registration/invitations/{world.d1.id}").status_code == 403
    assert db.session.scalar(select(Invitation)) is None


def test_anonymous_cannot_create_invitations(client, world):
    r = client.post(f"/registration/invitations/{world.d1.id}")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert client.get("/registration/invitations").status_code == 302


def test_issuing_for_an_unknown_delegation(client, world):
    login(client, "admin")
    assert client.post("/registration/invitations/9999").status_code == 404
