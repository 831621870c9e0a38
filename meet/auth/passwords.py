"""The password policy for accounts that choose their own password (team leaders through
their invitation link).

The rule, in words:

* at least ``MIN_LENGTH`` (10) characters;
* not made of digits only (a phone number or a birth date is the first thing guessed);
* not the username, in any letter case, nor the username with a few digits added;
* not one of the common passwords in ``COMMON`` (the most used passwords in Chinese and
  English leaks: 123456789, a1234567890, woaini1314, password123, qwertyuiop ...);
* never ``meet-demo``, the demo meet's shared password: only the demo loader
  (:mod:`meet.demo.loader`) sets it, never a person.

Each broken rule gives its own message, shown next to the password field.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

MIN_LENGTH = 10
MAX_LENGTH = 200
DEMO_PASSWORD = "meet-demo"

COMMON = frozenset({
    "1234567890", "12345678910", "0123456789", "1111111111", "0000000000", "1234512345",
    "123456789a", "a123456789", "a1234567890", "1234567890a", "abc1234567", "abcd123456",
    "abcdefghij", "qwertyuiop", "qwerty1234", "1qaz2wsx3edc", "1q2w3e4r5t", "zxcvbnm123",
    "password12", "password123", "password1234", "passw0rd123", "iloveyou12", "admin12345",
    "admin123456", "administrator", "woaini1314", "woaini5201314", "5201314520",
    "aa123456789", "qq123456789", "asdfghjkl1", "asdfghjkl;", "1234qwerasdf", "88888888888",
    "6666666666", "9876543210", "abc123456789", "meetmeet12", "changeme123", "welcome123",
    "zhanghao123", "mima123456", "woshishui12",
})


def policy_errors(password: str, username: str = "") -> list[str]:
    """Every rule ``password`` breaks, as messages in the user's language (empty: fine)."""
    password = password or ""
    lowered = password.lower()
    name = (username or "").strip().lower()
    errors: list[str] = []
    if lowered == DEMO_PASSWORD:
        errors.append(_("不能使用演示密码 meet-demo，请自己设置一个密码。"))
        return errors
    if len(password) < MIN_LENGTH:
        errors.append(_("密码至少 %(n)d 个字符，目前只有 %(count)d 个。",
                        n=MIN_LENGTH, count=len(password)))
    if len(password) > MAX_LENGTH:
        errors.append(_("密码不能超过 %(n)d 个字符。", n=MAX_LENGTH))
    if password and password.isdigit():
        errors.append(_("密码不能全是数字，请加入字母或符号。"))
    if name and (lowered == name or re.fullmatch(re.escape(name) + r"\d{0,4}", lowered)
                 or re.fullmatch(r"\d{0,4}" + re.escape(name), lowered)):
        errors.append(_("密码不能与用户名相同或只多几位数字。"))
    if lowered in COMMON:
        errors.append(_("这是一个常用密码，很容易被猜到，请换一个。"))
    return errors
