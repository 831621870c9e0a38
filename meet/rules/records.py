"""Meet records (大会纪录): which published marks set a new record.

The rule, as World Athletics ratifies records (Technical Rules TR 31 and TR 32,
Competition Rules 31-32), adapted to a meet's own record table:

* A record is set by a valid mark (status OK) in any round: a heat counts as much as
  the final (TR 31.1: "in any round"). DNS, DNF, DQ, NM and r never set a record.
* Timed events: lower is better. Measured events (distances, heights) and counted
  events (跳绳, 投篮): higher is better. Judged events (广播操, 评分) and matches
  (球类, 棋类) have no records: a score given by a panel or a match result is not a
  mark that can be compared across editions.
* Equalling is not breaking: a mark equal to the standing record is flagged ``=MR``
  (equals the meet record) and earns nothing; only a strictly better mark is a new
  record ``MR``.
* One record per event: the table of records lists one mark per event, so the new
  record is the best mark of the event that beats the standing one. If the final
  betters a heat record, the final's mark is the record and the heat's mark is not
  flagged (a team does not collect two bonuses for one event). Marks equal to that
  best (a shared record: two athletes, or one athlete twice) are all ``MR``.
* No standing record: the first mark ever is NOT a record, unless the meet declares
  that its records start fresh (``fresh=True``: the best valid mark of the event
  becomes the first record). A meet without a record for an event has, by default,
  nothing to break; the organiser enters the standing records before the meet.

Marks are compared as the sortable values of :mod:`meet.rules.marks` (times in whole
thousandths of a second as rounded by TR 19, distances and heights in whole
centimetres, counts as whole numbers), and a standing record written as text ("10.83",
"1:58.32", "7.12", "180") is read on the same scale by :func:`record_value`.

Sources: World Athletics Technical Rules TR 31 (World Records), TR 32 (other records:
area, national, and "records of a competition" ratified by the body that governs it);
research notes ``docs/research/cn_meet.md`` (破纪录加分).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from meet.rules.marks import MarkError, parse_count, parse_distance, parse_time

NEW = "MR"  # a new meet record
EQUAL = "=MR"  # equals the meet record

LOWER_WINS = frozenset({"time"})
HIGHER_WINS = frozenset({"distance", "height", "count"})
STYLES = LOWER_WINS | HIGHER_WINS  # every style that can hold a record


@dataclass(frozen=True)
class Mark:
    """A published mark: ``key`` names it (a result), ``value`` is its sortable value."""

    key: Hashable
    status: str
    value: int | None


@dataclass
class Outcome:
    """What the marks did to the record: ``flags`` maps a mark's key to ``MR`` or
    ``=MR`` (keys absent are not records); ``best`` is the record after the marks."""

    flags: dict[Hashable, str] = field(default_factory=dict)
    best: int | None = None

    @property
    def new(self) -> set[Hashable]:
        return {k for k, f in self.flags.items() if f == NEW}


def has_records(style: str) -> bool:
    """Whether an event whose sheet has ``style`` keeps records."""
    return style in STYLES


def record_value(style: str, mark: str) -> int | None:
    """A standing record's text on the scale of its style's marks; None when the
    style keeps no records or the text is not a mark of that style."""
    try:
        if style == "time":
            return parse_time(mark)
        if style in ("distance", "height"):
            return parse_distance(mark)
        if style == "count":
            return parse_count(mark.strip())
    except (MarkError, ValueError):
        return None
    return None


def better(style: str, a: int, b: int) -> bool:
    """Whether mark ``a`` is strictly better than ``b`` in ``style``."""
    return a < b if style in LOWER_WINS else a > b


def evaluate(style: str, standing: int | None, marks: Iterable[Mark], *,
             fresh: bool = False) -> Outcome:
    """Flag the marks that set (``MR``) or equal (``=MR``) the meet record.

    ``standing``: the record before this edition (None: none stands; with
    ``fresh`` the best valid mark becomes the first record)."""
    if style not in STYLES:
        return Outcome(best=standing)
    valid = [m for m in marks if m.status == "OK" and m.value is not None]
    if not valid:
        return Outcome(best=standing)
    top = valid[0].value
    for m in valid[1:]:
        if better(style, m.value, top):
            top = m.value
    out = Outcome(best=standing)
    if standing is None and not fresh:
        return out
    if standing is None or better(style, top, standing):
        out.best = top
        out.flags = {m.key: NEW for m in valid if m.value == top}
        return out
    out.flags = {m.key: EQUAL for m in valid if m.value == standing}
    return out
