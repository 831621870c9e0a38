"""Resident identity card numbers (居民身份证号码), GB 11643-1999.

The rule, as the standard states it:

* 18 characters: a 6-digit address code (行政区划代码), an 8-digit birth date
  YYYYMMDD, a 3-digit sequence code (顺序码) and one check character (校验码).
* The sequence code is odd for men and even for women.
* The check character follows ISO 7064 MOD 11-2: weights 2^(17-i) mod 11 for
  positions i = 0..16; with S the weighted sum of the first 17 digits, the check
  value is (12 - S mod 11) mod 11, written 0-9, and X for 10.
* The standard's own example, ``11010519491231002X``, is a woman born 1949-12-31.

The address code must be six digits whose first two name a province-level
division (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82, 83); we check
that prefix, not the full list of counties, which changes every year.

Source: GB 11643-1999 《公民身份号码》, sections 4-7; ISO 7064:1983.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARS = "10X98765432"  # index: S mod 11
PROVINCE_PREFIXES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]
)

MALE = "M"
FEMALE = "F"


class IDNumberError(ValueError):
    """An ID number that breaks GB 11643; ``code`` names the broken rule."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class IDNumber:
    number: str
    region: str
    birth_date: dt.date
    gender: str  # "M" or "F"


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(raw: str) -> str:
    """Strip spaces and full-width characters a phone keyboard may insert; upper-case x."""
    table = {ord("Ｘ"): "X", ord("ｘ"): "X"}
    table.update({0xFF10 + i: str(i) for i in range(10)})  # full-width digits
    return "".join(raw.translate(table).split()).upper()


def parse(raw: str) -> IDNumber:
    """Validate an ID number and read its birth date and gender.

    Raises :class:`IDNumberError` with a code: ``length``, ``chars``, ``region``,
    ``date`` or ``check``.
    """
    number = normalise(raw)
    if len(number) != 18:
        raise IDNumberError("length", "must be 18 characters")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IDNumberError("chars", "17 digits then a digit or X")
    if int(number[:2]) not in PROVINCE_PREFIXES:
        raise IDNumberError("region", "unknown province code")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IDNumberError("date", "not a real date") from None
    if birth.year < 1900:
        raise IDNumberError("date", "birth year before 1900")
    if check_char(number[:17]) != number[17]:
        raise IDNumberError("check", "check character does not match")
    gender = MALE if int(number[16]) % 2 else FEMALE
    return IDNumber(number=number, region=number[:6], birth_date=birth, gender=gender)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IDNumberError:
        return False
    return True


def make(region: str, birth_date: dt.date, sequence: int, gender: str) -> str:
    """Build a valid number (for demo data and tests): ``sequence`` 0-99 picks the
    first two digits of the sequence code, the third is made odd/even for ``gender``."""
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError("region must be 6 digits")
    third = (sequence * 2 + (1 if gender == MALE else 0)) % 10
    seq = f"{sequence % 100:02d}{third}"
    first17 = f"{region}{birth_date:%Y%m%d}{seq}"
    return first17 + check_char(first17)


def mask(number: str | None) -> str:
    """Mask for anyone but the organiser and the athlete's own team leader:
    the region code and the last four characters stay (110105********002X)."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on ``day`` (a birthday on ``day`` counts)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
