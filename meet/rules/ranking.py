"""Ranking one heat, flight or final (名次评定).

The rules a referee applies:

* Places are competition ranks (并列名次): equal results share the place and the next
  place is dropped (成绩相同名次并列，取消下一名次): 1, 2, 2, 4, never 1, 2, 2, 3.
* An entry with a status (DNS, DNF, DQ, NM, r) gets no place and is listed after every
  placed entry: r and DNF first, then NM, then DQ, then DNS; within a status, by entry.
* Track (径赛), lower wins: times are compared as rounded by TR 19 (0.01 s FAT, 0.1 s
  hand), so 10.821 and 10.830 share the place (both 10.83); when the photo-finish
  reading to 0.001 s is kept (``thousandths=True``) it separates them (TR 21.2).
* Throws and horizontal jumps (远度), higher wins: the best valid mark, then the
  second best, third best and so on (countback, TR 25.22); still equal -> shared.
  No valid mark is NM; no attempt at all is DNS.
* Counts (计数, 跳绳/投篮), higher wins; equal counts share.
* Judged events (评分项目): each panel drops its single highest and single lowest score
  (去掉一个最高分和一个最低分) and averages the rest; with 2 judges or fewer nothing is
  dropped. The result is rounded half-up to ``places`` decimals (default 3). Equal
  results share unless a tie-break is given, e.g. the untrimmed total.
* High jump and pole vault (跳高/撑竿跳高), TR 26.8: the best height cleared, then the
  fewest failures at that height, then the fewest failures in the whole competition up
  to and including that height; passes (-) are not failures. Still equal -> shared.
  A jump-off for first place (TR 26.9) is not run here: the tie stands and the app
  records a jump-off result as a separate competition.

Sources: World Athletics Technical Rules TR 19, TR 21, TR 25.22, TR 26.8-26.9;
research notes ``docs/research/cn_meet.md`` §3 (ties, 哈尔滨) and ``meet_anchors.md``
(d) 1-4 and 6.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from meet.rules.marks import (
    Attempt,
    MarkError,
    Status,
    Timing,
    Trial,
    Unplaced,
    parse_attempt,
    parse_score,
    round_time,
)

Key = tuple[Any, ...]  # a comparable performance; smaller is better


@dataclass(frozen=True)
class Placing:
    """One line of a result list. ``key`` is what the rank compares (smaller is better),
    comparable across heats of the same event; ``None`` for an unplaced entry."""

    entry: Hashable
    rank: int | None
    key: Key | None = None
    status: Unplaced | None = None
    tied: bool = False

    @property
    def placed(self) -> bool:
        return self.rank is not None


def entry_order(entry: Hashable) -> tuple[str, Any]:
    """A stable order among entries of mixed id types (ints, strings)."""
    return (type(entry).__name__, entry)


def competition_ranks(keys: Sequence[Any]) -> list[int]:
    """For keys sorted best first, the competition ranks: [a, b, b, c] -> [1, 2, 2, 4]."""
    ranks: list[int] = []
    for i, key in enumerate(keys):
        ranks.append(ranks[-1] if i and key == keys[i - 1] else i + 1)
    return ranks


def _unplaced(value: Any) -> Unplaced | None:
    if isinstance(value, Unplaced):
        return value
    if isinstance(value, Status):
        return Unplaced(value)
    return None


def rank(performances: Mapping[Hashable, Key | Unplaced | Status]) -> list[Placing]:
    """Rank entries by key (smaller is better); statuses go after the placed."""
    placed = sorted(
        ((k, e) for e, k in performances.items() if _unplaced(k) is None),
        key=lambda ke: (ke[0], entry_order(ke[1])),
    )
    keys = [k for k, _ in placed]
    ranks = competition_ranks(keys)
    counts: dict[Any, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    out = [Placing(e, r, k, None, counts[k] > 1) for (k, e), r in zip(placed, ranks, strict=True)]
    rest = sorted(
        ((_unplaced(v), e) for e, v in performances.items() if _unplaced(v) is not None),
        key=lambda ue: (ue[0].status.listing, entry_order(ue[1])),
    )
    out.extend(Placing(e, None, None, u) for u, e in rest)
    return out


# --- track ---------------------------------------------------------------------------


def rank_times(
    times: Mapping[Hashable, int | Unplaced | Status],
    timing: Timing = Timing.FAT,
    thousandths: bool = False,
) -> list[Placing]:
    """Rank raw times (thousandths of a second); lower wins. See TR 19 / TR 21.2."""
    return rank({
        e: t if _unplaced(t) else (round_time(t, timing, keep_thousandths=thousandths),)
        for e, t in times.items()
    })


# --- measured field events ------------------------------------------------------------


def _attempts(series: Sequence[Attempt | int | str]) -> list[Attempt]:
    out = []
    for a in series:
        if isinstance(a, Attempt):
            out.append(a)
        elif isinstance(a, int) and not isinstance(a, bool):
            if a < 0:
                raise MarkError("range", "a distance cannot be negative")
            out.append(Attempt(Trial.MARK, a))
        else:
            out.append(parse_attempt(a))
    return out


def countback_key(marks: Sequence[int]) -> Key:
    """Best mark first, then second best...; a further mark beats no further mark."""
    return (*sorted(-m for m in marks), 1)


def rank_distances(
    series: Mapping[Hashable, Sequence[Attempt | int | str] | Unplaced | Status],
) -> list[Placing]:
    """Rank field series (attempts as :class:`Attempt`, centimetres or tokens such as
    ``"7.12"``, ``"x"``, ``"-"``, ``"r"``); higher wins, with countback."""
    keyed: dict[Hashable, Key | Unplaced] = {}
    for e, s in series.items():
        if (u := _unplaced(s)) is not None:
            keyed[e] = u
            continue
        attempts = _attempts(s)  # type: ignore[arg-type]
        marks = [a.cm for a in attempts if a.trial is Trial.MARK and a.cm is not None]
        if not attempts:
            keyed[e] = Unplaced(Status.DNS)
        elif not marks:
            keyed[e] = Unplaced(Status.NM)
        else:
            keyed[e] = countback_key(marks)
    return rank(keyed)


def rank_counts(counts: Mapping[Hashable, int | Unplaced | Status]) -> list[Placing]:
    """Rank counts (repetitions, baskets); higher wins."""
    keyed: dict[Hashable, Key | Unplaced | Status] = {}
    for e, c in counts.items():
        if _unplaced(c) is None and (isinstance(c, bool) or not isinstance(c, int) or c < 0):
            raise MarkError("range", "a count is a whole number, zero or more")
        keyed[e] = c if _unplaced(c) else (-c,)  # type: ignore[operator]
    return rank(keyed)


# --- judged events ------------------------------------------------------------------------


def judged_score(scores: Sequence[Decimal | str | int], places: int = 3) -> Decimal:
    """Drop the single highest and lowest score (with 3 judges or more), average the rest,
    round half-up to ``places`` decimals."""
    values = sorted(parse_score(s) for s in scores)
    if not values:
        raise MarkError("empty", "no scores")
    kept = values[1:-1] if len(values) >= 3 else values
    mean = sum(kept, Decimal(0)) / len(kept)
    return mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def untrimmed_total(scores: Sequence[Decimal | str | int]) -> Decimal:
    """A tie-break for judged events: the sum of every judge's score."""
    return sum((parse_score(s) for s in scores), Decimal(0))


def rank_judged(
    panels: Mapping[Hashable, Sequence[Decimal | str | int] | Unplaced | Status],
    places: int = 3,
    panel: int | None = None,
    tie_break: Callable[[Sequence[Decimal | str | int]], Decimal] | None = None,
) -> list[Placing]:
    """Rank judged entries by the trimmed mean (higher wins). ``panel`` if given is the
    number of scores every entry must have; ``tie_break`` (higher wins) splits equals."""
    if panel is not None and panel < 1:
        raise ValueError("a panel has at least one judge")
    keyed: dict[Hashable, Key | Unplaced | Status] = {}
    for e, scores in panels.items():
        if _unplaced(scores) is not None:
            keyed[e] = scores  # type: ignore[assignment]
            continue
        if panel is not None and len(scores) != panel:  # type: ignore[arg-type]
            raise MarkError("panel", f"{e!r}: expected {panel} scores")
        key: Key = (-judged_score(scores, places),)  # type: ignore[arg-type]
        if tie_break is not None:
            key += (-tie_break(scores),)  # type: ignore[arg-type]
        keyed[e] = key
    return rank(keyed)


# --- vertical jumps --------------------------------------------------------------------------


@dataclass(frozen=True)
class HeightCard:
    """What a high-jump card says about one athlete: best height cleared (cm), failures
    at that height, failures up to and including it; ``None`` height when nothing cleared."""

    best: int | None
    failures_at_best: int
    failures_total: int

    @property
    def key(self) -> Key:
        return (-(self.best or 0), self.failures_at_best, self.failures_total)


def read_card(card: Mapping[int, str]) -> HeightCard:
    """Read per-height attempt strings (``{180: "O", 185: "XO", 188: "-", 190: "XXX"}``).

    Each string is made of ``O`` (cleared), ``X`` (failure), ``-`` (pass) and a final
    ``r`` (retired); a clearance ends the height; three consecutive failures, at one
    height or across heights, end the competition.
    """
    best: int | None = None
    at_best = total_at_best = running_total = in_a_row = 0
    out = False
    for height in sorted(card):
        text = card[height].strip().upper().replace("0", "O").replace("–", "-")
        if not text or any(c not in "OX-R" for c in text):
            raise MarkError("format", f"{height}: use O, X, - or r")
        if "R" in text[:-1] or ("O" in text and text.index("O") != len(text.rstrip("R")) - 1):
            raise MarkError("format", f"{height}: nothing may follow a clearance or r")
        body = text.rstrip("R")
        if "-" in body and (body.count("-") > 1 or not body.endswith("-")):
            raise MarkError("format", f"{height}: a pass gives up the rest of the height")
        if text.count("X") > 3:
            raise MarkError("format", f"{height}: at most three attempts at a height")
        for c in text:
            if c in "OX" and out:
                raise MarkError("format", f"{height}: the athlete was already out")
            if c == "X":
                running_total += 1
                in_a_row += 1
                out = out or in_a_row == 3
            elif c == "O":
                in_a_row = 0
                best, at_best, total_at_best = height, text.count("X"), running_total
            elif c == "R":
                out = True
    return HeightCard(best, at_best, total_at_best)


def rank_heights(
    cards: Mapping[Hashable, Mapping[int, str] | Unplaced | Status],
) -> list[Placing]:
    """Rank high jump / pole vault cards (TR 26.8). No height cleared is NM; an empty
    card is DNS."""
    keyed: dict[Hashable, Key | Unplaced | Status] = {}
    for e, card in cards.items():
        if _unplaced(card) is not None:
            keyed[e] = card  # type: ignore[assignment]
        elif not card:
            keyed[e] = Unplaced(Status.DNS)
        else:
            info = read_card(card)  # type: ignore[arg-type]
            keyed[e] = Unplaced(Status.NM) if info.best is None else info.key
    return rank(keyed)
