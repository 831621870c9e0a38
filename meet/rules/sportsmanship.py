"""Who may be suggested for the sportsmanship award (体育道德风尚奖).

The rule, as Chinese meet regulations write it (评选条件, e.g. 全国职工运动会、省市运动会
体育道德风尚奖评选办法): a delegation or athlete is eligible only if, during the meet,

1. it did not forfeit without an excuse (无故弃权): a DNS or a forfeited match with no
   excuse recorded by the referee (伤病 with a doctor's note, a clash the jury allowed);
2. it was not disqualified for fraud (弄虚作假): impersonation (冒名顶替), a forged
   age or employment (年龄/资格造假), doping (兴奋剂). A DQ for a technical fault (a
   false start, a lane infringement) does not bar anyone.

A delegation is barred by any of its entries; an athlete by their own entries and, as
the regulations award only athletes of a clean team, by their delegation. The organiser
names the winners; the system only suggests. Source: ``docs/research/cn_meet.md``
(awards), the half-year summary's "体育道德风尚奖" paragraph.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

FRAUD_WORDS = ("冒名", "顶替", "弄虚作假", "造假", "伪造", "虚假", "兴奋剂", "fraud",
               "impersonat", "forged", "doping")


@dataclass(frozen=True)
class Outcome:
    """One published outcome of one entry: ``status`` (OK, DNS, DNF, DQ...), the rule
    cited or the excuse recorded (``note``), the delegation and the athletes."""

    delegation: Hashable
    athletes: tuple[Hashable, ...]
    status: str
    note: str = ""
    excused: bool = False


def is_fraud(note: str) -> bool:
    text = (note or "").lower()
    return any(word in text for word in FRAUD_WORDS)


def bars(outcome: Outcome) -> str | None:
    """Why this outcome bars its delegation and athletes, or ``None``."""
    if outcome.status == "DNS" and not outcome.excused:
        return "forfeit"
    if outcome.status == "DQ" and is_fraud(outcome.note):
        return "fraud"
    return None


def barred(outcomes: Iterable[Outcome]) -> tuple[dict, dict]:
    """(delegation -> reasons, athlete -> reasons) of everyone the outcomes bar."""
    delegations: dict[Hashable, set[str]] = {}
    athletes: dict[Hashable, set[str]] = {}
    for o in outcomes:
        why = bars(o)
        if why is None:
            continue
        delegations.setdefault(o.delegation, set()).add(why)
        for a in o.athletes:
            athletes.setdefault(a, set()).add(why)
    return delegations, athletes


def eligible(delegations: Iterable[Hashable], athletes: Iterable[tuple[Hashable, Hashable]],
             outcomes: Iterable[Outcome]) -> tuple[list, list]:
    """The delegations and the (athlete, delegation) pairs that may be suggested, in the
    order given."""
    bad_d, bad_a = barred(outcomes)
    ok_d = [d for d in delegations if d not in bad_d]
    ok_a = [a for a, d in athletes if a not in bad_a and d not in bad_d]
    return ok_d, ok_a
