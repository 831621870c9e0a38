"""The password policy for self-chosen passwords (meet/auth/passwords.py)."""

import pytest

from meet.auth.passwords import COMMON, MIN_LENGTH, policy_errors


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def test_a_good_password_passes():
    assert policy_errors("红旗-跑道-2027", "leader01") == []
    assert policy_errors("correct horse battery", "leader01") == []


@pytest.mark.parametrize("password", ["", "a", "abc12345", "x" * (MIN_LENGTH - 1)])
def test_too_short(password):
    assert any("至少 10 个字符" in e for e in policy_errors(password, "leader01"))


def test_exactly_the_minimum_is_enough():
    assert policy_errors("qz" * (MIN_LENGTH // 2), "leader01") == []


def test_all_digits():
    errors = policy_errors("13800138000", "leader01")
    assert errors == ["密码不能全是数字，请加入字母或符号。"]


@pytest.mark.parametrize("password", ["leader0123", "LEADER0123", "2027leader01", "leader01"])
def test_the_username_or_the_username_with_digits(password):
    assert any("用户名" in e for e in policy_errors(password, "leader01"))


def test_a_password_that_only_contains_the_username_somewhere_is_fine():
    assert policy_errors("my-leader01-track", "leader01") == []


@pytest.mark.parametrize("password", sorted(p for p in COMMON if len(p) >= MIN_LENGTH))
def test_common_passwords(password):
    assert any("常用密码" in e for e in policy_errors(password, "someone"))


@pytest.mark.parametrize("password", ["meet-demo", "MEET-DEMO", "Meet-Demo"])
def test_the_demo_password_is_never_accepted(password):
    assert policy_errors(password, "leader01") == [
        "不能使用演示密码 meet-demo，请自己设置一个密码。"]


def test_every_broken_rule_is_listed():
    assert len(policy_errors("123", "123")) == 3  # short, digits, the username


def test_too_long():
    assert any("不能超过" in e for e in policy_errors("ab" * 101, "leader01"))
