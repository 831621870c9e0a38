import re

from meet.models import LoginAttempt
from tests.conftest import login
from tests.factories import PASSWORD


def test_login_lands_on_the_role_dashboard(client, world):
    r = login(client, "admin")
    assert r.status_code == 302 and r.headers["Location"].endswith("/dashboard")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "组委会工作台" in page


def test_username_is_not_case_sensitive(client, world):
    assert login(client, "Leader01").status_code == 302


def test_wrong_password_says_so_next_to_the_field_and_keeps_the_username(client, world):
    r = login(client, "admin", "wrong-password")
    page = r.get_data(as_text=True)
    assert r.status_code == 401
    assert "用户名或密码不正确" in page
    assert 'value="admin"' in page
    assert "wrong-password" not in page  # a password is never echoed


def test_empty_fields_get_messages_in_chinese(client, world):
    r = client.post("/login", data={"username": "", "password": ""})
    page = r.get_data(as_text=True)
    assert "请输入用户名" in page and "请输入密码" in page


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(5):
        assert login(client, "leader01", "nope").status_code == 401
    r = login(client, "leader01", PASSWORD)
    assert r.status_code == 429
    assert "登录失败次数过多" in r.get_data(as_text=True)
    # another account is not locked by this one's failures
    assert login(client, "leader02").status_code == 302


def test_failures_from_one_address_lock_every_username(client, world):
    for i in range(20):
        login(client, f"ghost{i}", "nope")
    assert login(client, "admin").status_code == 429


def test_attempts_are_recorded(client, world):
    login(client, "admin", "nope")
    login(client, "admin")
    assert [a.success for a in LoginAttempt.query.order_by(LoginAttempt.id)] == [False, True]


def test_session_is_rotated_on_login(client, world):
    with client.session_transaction() as s:
        s["planted"] = "by-an-attacker"
    login(client, "admin")
    with client.session_transaction() as s:
        assert "planted" not in s


def test_inactive_account_cannot_log_in(client, world):
    world.referee.active = False
    from meet.extensions import db

    db.session.commit()
    assert login(client, "referee01").status_code == 401


def test_changing_session_version_ends_open_sessions(client, world):
    login(client, "chief")
    assert client.get("/dashboard").status_code == 200
    from meet.extensions import db

    world.chief.session_version += 1
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_next_only_follows_local_paths(client, world):
    r = client.post("/login?next=https://evil.example/", data={"username": "admin",
                                                                "password": PASSWORD})
    assert r.headers["Location"].endswith("/dashboard")
    client.post("/logout")
    r = client.post("/login?next=/admin/accounts", data={"username": "admin",
                                                          "password": PASSWORD})
    assert r.headers["Location"].endswith("/admin/accounts")


def test_logout_is_a_post_and_ends_the_session(client, world):
    login(client, "admin")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_passwords_are_hashed_with_a_kdf(world):
    assert world.admin.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert PASSWORD not in world.admin.password_hash


def test_login_form_needs_csrf_when_enabled(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    from tests.factories import small_world

    small_world()
    client = app.test_client()
    r = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert r.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = client.post("/login", data={"username": "admin", "password": PASSWORD,
                                     "csrf_token": token})
    assert r.status_code == 302
    # logout and the language switch need the token too
    assert client.post("/logout").status_code == 400
    assert client.post("/lang/en").status_code == 400
