"""Marks (成绩): how a result is written down, read back and printed.

The rules, as World Athletics writes them (Technical Rules, Book C2.1):

* Times (径赛成绩) are kept internally as whole thousandths of a second; no float
  ever holds a mark. They are read as ``10.83``, ``1:02.45``, ``2:03:04.5`` or ``10``.
* TR 19 (timing): a hand time (手计时) is rounded UP to the next 0.1 s (10.11 -> 10.2);
  a fully automatic (FAT, 电子计时) time is rounded UP to the next 0.01 s
  (10.111 -> 10.12), unless the photo-finish reading to 0.001 s is kept to split a tie.
  Races outside the stadium round up to the next whole second (``Timing.ROAD``).
* TR 29 (measurement): field distances (田赛远度) are recorded to the nearest 0.01 m
  BELOW the distance measured, i.e. truncated to the whole centimetre (7.129 m -> 7.12 m).
* Counts (计数, e.g. 1分钟跳绳, 投篮) are non-negative whole numbers; judged scores
  (评分, e.g. 广播操 9.35) are decimals.
* A field attempt (试跳/试掷) is a mark, ``x`` for a failure (犯规), ``-`` for a pass
  (免跳) or ``r`` when the athlete retires from the competition.
* Status codes (TR 25 and the results abbreviations): DNS did not start (未起跑/弃权),
  DNF did not finish (未跑完), DQ disqualified (取消资格) with the rule broken, NM no
  valid mark (无成绩), r retired (退出比赛). An entry with a status is never placed, is
  listed after every placed entry, never advances to a next round and never scores
  team points.

Sources: World Athletics Technical Rules TR 19, TR 25, TR 29 (Book C2.1); research
notes ``docs/research/meet_anchors.md`` (d) 4 and 6 (timing precision, status codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum

_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)}
_FULL_WIDTH.update({ord("："): ":", ord("．"): ".", ord("。"): ".", ord("－"): "-"})


class MarkError(ValueError):
    """A mark that cannot be read; ``code`` names what is wrong:
    ``empty``, ``format``, ``range`` or ``precision``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _clean(raw: str) -> str:
    text = "".join(str(raw).translate(_FULL_WIDTH).split())
    if not text:
        raise MarkError("empty", "no mark given")
    return text


# --- times -------------------------------------------------------------------------


class Timing(StrEnum):
    FAT = "FAT"  # fully automatic: shown to 0.01 s
    HAND = "hand"  # hand timing: shown to 0.1 s
    ROAD = "road"  # outside the stadium: shown to whole seconds

    @property
    def unit(self) -> int:
        """The display unit in thousandths of a second."""
        return {Timing.FAT: 10, Timing.HAND: 100, Timing.ROAD: 1000}[self]

    @property
    def digits(self) -> int:
        return {Timing.FAT: 2, Timing.HAND: 1, Timing.ROAD: 0}[self]


def _digits(text: str, what: str) -> int:
    if not text.isdigit():
        raise MarkError("format", f"{what} must be digits")
    return int(text)


def parse_time(raw: str) -> int:
    """Read a time; return whole thousandths of a second.

    ``"10.83"`` -> 10830, ``"1:02.45"`` -> 62450, ``"2:03:04.5"`` -> 7384500,
    ``"10"`` -> 10000. At most three decimals (``precision``); with minutes, the
    seconds field must be below 60, and with hours so must the minutes (``range``).
    """
    text = _clean(raw)
    whole, dot, frac = text.partition(".")
    if dot and not frac:
        raise MarkError("format", "decimal point without digits")
    if len(frac) > 3:
        raise MarkError("precision", "at most thousandths of a second")
    fraction = _digits(frac, "the fraction") * 10 ** (3 - len(frac)) if frac else 0
    parts = whole.split(":")
    if len(parts) > 3 or any(p == "" for p in parts):
        raise MarkError("format", "write h:mm:ss.hh, m:ss.hh or ss.hh")
    numbers = [_digits(p, "each field") for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        raise MarkError("range", "minutes and seconds must be below 60")
    if len(parts) > 1 and any(len(p) != 2 for p in parts[1:]):
        raise MarkError("format", "minutes and seconds after a colon take two digits")
    seconds = 0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds * 1000 + fraction


def round_time(thousandths: int, timing: Timing = Timing.FAT,
               keep_thousandths: bool = False) -> int:
    """TR 19: round a raw time UP to the unit of ``timing`` (0.01 s FAT, 0.1 s hand,
    1 s road). ``keep_thousandths`` leaves a FAT time as read (to split ties)."""
    if thousandths < 0:
        raise MarkError("range", "a time cannot be negative")
    unit = 1 if keep_thousandths and timing is Timing.FAT else timing.unit
    return -(-thousandths // unit) * unit


def format_time(thousandths: int, digits: int = 2) -> str:
    """Print a time with ``digits`` decimals (0-3), rounding up as TR 19 does:
    ``10.83``, ``1:02.45``, ``2:03:04.50``."""
    if not 0 <= digits <= 3:
        raise ValueError("digits must be 0-3")
    unit = 10 ** (3 - digits)
    value = -(-thousandths // unit) * unit
    seconds, frac = divmod(value, 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{frac // unit:0{digits}d}" if digits else ""
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}{tail}"
    if minutes:
        return f"{minutes}:{secs:02d}{tail}"
    return f"{secs}{tail}"


# --- distances, counts, judged scores --------------------------------------------


def parse_distance(raw: str) -> int:
    """Read metres (``"7.12"``, ``"7.129"``, ``"7"``, ``"7.12m"``); return whole
    centimetres, truncated as TR 29 says (7.129 -> 712)."""
    text = _clean(raw).lower().removesuffix("m")
    whole, dot, frac = text.partition(".")
    if not whole or (dot and not frac):
        raise MarkError("format", "write metres like 7.12")
    metres = _digits(whole, "metres")
    if frac and not frac.isdigit():
        raise MarkError("format", "the fraction must be digits")
    cm = int((frac + "00")[:2]) if frac else 0
    return metres * 100 + cm


def format_distance(cm: int) -> str:
    """Print centimetres as metres with two decimals: 712 -> ``7.12``."""
    if cm < 0:
        raise MarkError("range", "a distance cannot be negative")
    return f"{cm // 100}.{cm % 100:02d}"


def parse_count(raw: str | int) -> int:
    """Read a count (repetitions, baskets): a whole number, zero or more."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = _clean(str(raw))
        if text.startswith("-"):
            raise MarkError("range", "a count cannot be negative")
        value = _digits(text, "a count")
    if value < 0:
        raise MarkError("range", "a count cannot be negative")
    return value


def parse_score(raw: str | int | Decimal) -> Decimal:
    """Read a judge's score such as ``9.35`` as a Decimal (never negative, finite)."""
    if isinstance(raw, float):
        raise MarkError("format", "give a judged score as text or Decimal, not a float")
    try:
        value = Decimal(_clean(str(raw)))
    except InvalidOperation:
        raise MarkError("format", "a score is a decimal number") from None
    if not value.is_finite():
        raise MarkError("format", "a score is a decimal number")
    if value < 0:
        raise MarkError("range", "a score cannot be negative")
    return value


# --- field attempts ---------------------------------------------------------------


class Trial(Enum):
    MARK = "mark"
    FOUL = "x"
    PASS = "-"
    RETIRED = "r"


@dataclass(frozen=True)
class Attempt:
    """One trial in a field event; ``cm`` is set for a valid mark only."""

    trial: Trial
    cm: int | None = None

    def __str__(self) -> str:
        return format_distance(self.cm) if self.cm is not None else self.trial.value


def parse_attempt(raw: str) -> Attempt:
    """``"7.12"`` a mark, ``"x"``/``"X"`` a failure, ``"-"`` a pass, ``"r"`` retired."""
    text = _clean(raw)
    low = text.lower()
    if low in ("x", "×"):
        return Attempt(Trial.FOUL)
    if low in ("-", "–", "—"):
        return Attempt(Trial.PASS)
    if low == "r":
        return Attempt(Trial.RETIRED)
    return Attempt(Trial.MARK, parse_distance(text))


# --- statuses -----------------------------------------------------------------------


class Status(StrEnum):
    """An entry without a place. ``listing`` orders the unplaced after the placed:
    r and DNF first (they competed), then NM, DQ, DNS."""

    DNF = "DNF"
    R = "r"
    NM = "NM"
    DQ = "DQ"
    DNS = "DNS"

    @property
    def listing(self) -> int:
        return {"DNF": 1, "r": 1, "NM": 2, "DQ": 3, "DNS": 4}[self.value]

    @property
    def placed(self) -> bool:
        """Never placed, so never advances and never scores."""
        return False


@dataclass(frozen=True)
class Unplaced:
    """A status in a result list; ``rule`` is the rule broken for a DQ (e.g. "TR 16.8")."""

    status: Status
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.status} {self.rule}".strip()


def parse_status(raw: str) -> Unplaced:
    """``"DNS"``, ``"dnf"``, ``"NM"``, ``"r"``, ``"DQ TR16.8"`` (the rest is the rule)."""
    text = str(raw).strip()
    head, _, rule = text.partition(" ")
    key = head.upper()
    if key == "R":
        return Unplaced(Status.R)
    if key not in ("DNS", "DNF", "DQ", "NM"):
        raise MarkError("format", "status must be DNS, DNF, DQ, NM or r")
    if rule and key != "DQ":
        raise MarkError("format", "only a DQ carries a rule reference")
    return Unplaced(Status(key), rule.strip())
