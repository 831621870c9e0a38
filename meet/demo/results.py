"""The demo meet in mid-competition: about half of the events have published results,
a few heats and matches wait for the chief referee, the rest have not started.

Every result goes through the scoring operations a referee and the chief referee use
(submit, confirm, publish), so the demo's places, advancement, EventPlace rows and
versions are the ones the real workflow makes. Deterministic: the marks come from
``random.Random(RESULTS_SEED)``. Two ties are arranged on purpose:

* men's long jump (MLJ): the two best jump 5.86 m; countback (the second-best jump)
  decides first place;
* men's basketball (MBB): a team upset by the weakest one ends level on points with
  the team it beat, which ranks above it head-to-head despite a worse point difference.
"""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy import select

from meet.extensions import db
from meet.models import Event, RefereeAssignment, Role, Round, Unit, User
from meet.operations import commit
from meet.scoring import operations as ops
from meet.scoring.sheets import layout_of
from meet.signals import registration_changed, results_changed

RESULTS_SEED = 20270502
PUBLISHED = ("M100A", "W100A", "M4X100", "W4X100", "M50FR", "W50FR", "CATER", "MLJ", "MSP",
             "MSHOT", "MROPE", "JIANZI", "RADIO", "TAIJI", "MBB", "XAVB", "MBD", "GO")
TIME_RANGES = {"M100A": (1180, 1420), "W100A": (1350, 1650), "M4X100": (4800, 5600),
               "W4X100": (5600, 6600), "M50FR": (2900, 4200), "W50FR": (3300, 4800),
               "CATER": (3800, 5800), "M100B": (1250, 1500), "W100B": (1450, 1750)}
DISTANCE_RANGES = {"MLJ": (420, 580), "WLJ": (320, 460), "MSP": (720, 1180)}
COUNT_RANGES = {"MSHOT": (3, 15), "MROPE": (120, 195), "JIANZI": (40, 120)}


class _Demo:
    def __init__(self, meet) -> None:
        self.rng = random.Random(RESULTS_SEED)
        self.chief = db.session.scalar(select(User).where(
            User.meet_id == meet.id, User.role == Role.CHIEF.value))
        self.referee_of = {a.event_id: a.user for a in db.session.scalars(
            select(RefereeAssignment).join(User).where(User.meet_id == meet.id,
                                                       User.role == Role.REFEREE.value))}
        self.keys = 0

    # --- sheets ----------------------------------------------------------------------

    def sheet(self, unit: Unit) -> dict[str, str]:
        lay, code = layout_of(unit), unit.event.code
        if lay.is_match:
            return self.match(unit, lay.style, lay.sets)
        form: dict[str, str] = {}
        for slot in unit.slots:
            if slot.entry_id is None:
                continue
            p, roll = f"s{slot.id}", self.rng.random()
            if roll < 0.03:
                form[f"{p}-status"] = "DNS"
                continue
            if lay.style == "time":
                if roll < 0.05:
                    form[f"{p}-status"], form[f"{p}-rule"] = "DQ", "TR16.8"
                    continue
                low, high = TIME_RANGES.get(code, (1200, 1600))
                form[f"{p}-mark"] = _seconds(self.rng.randint(low, high))
            elif lay.style == "count":
                form[f"{p}-mark"] = str(self.rng.randint(*COUNT_RANGES.get(code, (10, 60))))
            elif lay.style == "judged":
                base = self.rng.randint(820, 960)
                for j in range(1, lay.panel + 1):
                    score = min(1000, max(700, base + self.rng.randint(-25, 25)))
                    form[f"{p}-j{j}"] = str(Decimal(score) / 100)
            else:
                low, high = DISTANCE_RANGES.get(code, (400, 600))
                for a in range(1, min(lay.attempts, 3) + 1):
                    form[f"{p}-a{a}"] = ("x" if self.rng.random() < 0.2 else
                                         _metres(self.rng.randint(low, high)))
        return form

    def match(self, unit: Unit, style: str, sets: int, home_wins: bool | None = None,
              margin: int | None = None) -> dict[str, str]:
        win = self.rng.random() < 0.5 if home_wins is None else home_wins
        if style == "board":
            roll = self.rng.random()
            return {"outcome": "draw" if roll < 0.15 else ("1-0" if win else "0-1")}
        if style == "pulls":
            order = ["1", "1"] if win else ["2", "2"]
            if self.rng.random() < 0.4:
                order.insert(1, "2" if win else "1")
            return {f"pull{i}": v for i, v in enumerate(order, 1)}
        if style == "sets":
            need, target = sets // 2 + 1, 11 if sets == 5 else 21
            games = [True] * (need - 1) + [False] * self.rng.randint(0, need - 1)
            self.rng.shuffle(games)
            games.append(True)  # the winner takes the last set
            form = {}
            for i, winners_set in enumerate(games, 1):
                loser = self.rng.randint(target // 2, target - 2)
                won_by_home = winners_set == win
                form[f"set{i}-1"] = str(target if won_by_home else loser)
                form[f"set{i}-2"] = str(loser if won_by_home else target)
            return form
        if unit.event.scoring_preset == "ittf":  # a team tie: rubbers won, best of five
            winner, loser = 3, self.rng.randint(0, 2)
        else:
            winner = self.rng.randint(62, 92)
            loser = winner - (margin or self.rng.randint(2, 22))
        return {"score-1": str(winner if win else loser), "score-2": str(loser if win else winner)}

    # --- the workflow ------------------------------------------------------------------

    def key(self) -> str:
        self.keys += 1
        return f"demo-{RESULTS_SEED}-{self.keys}"

    def submit(self, unit: Unit, form: dict[str, str] | None = None) -> None:
        referee = self.referee_of.get(unit.event_id, self.chief)
        ops.save_sheet(unit, form if form is not None else self.sheet(unit), user=referee,
                       version=unit.version, key=self.key())

    def publish(self, unit: Unit, form: dict[str, str] | None = None) -> None:
        self.submit(unit, form)
        ops.confirm(unit, user=self.chief)
        ops.publish(unit, user=self.chief)

    def publish_round(self, round_: Round) -> None:
        for unit in list(round_.units):
            if all(s.entry_id is not None for s in unit.slots):
                self.publish(unit)


def _seconds(hundredths: int) -> str:
    whole, frac = divmod(hundredths, 100)
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}.{frac:02d}" if minutes else f"{secs}.{frac:02d}"


def _metres(cm: int) -> str:
    return f"{cm // 100}.{cm % 100:02d}"


def _rounds(event: Event) -> list[Round]:
    return list(db.session.scalars(select(Round).where(Round.event_id == event.id)
                                   .order_by(Round.number)))


def _long_jump(demo: _Demo, event: Event) -> None:
    """Flight 1's first two share the best jump; countback separates them."""
    flights = _rounds(event)[0].units
    for unit in flights:
        form = demo.sheet(unit)
        if unit.number == 1:
            first, second = [s for s in unit.slots if s.entry_id is not None][:2]
            form |= {f"s{first.id}-status": "", f"s{first.id}-a1": "5.86",
                     f"s{first.id}-a2": "x", f"s{first.id}-a3": "5.41"}
            form |= {f"s{second.id}-status": "", f"s{second.id}-a1": "5.52",
                     f"s{second.id}-a2": "5.86", f"s{second.id}-a3": "5.63"}
        demo.publish(unit, form)


def _basketball(demo: _Demo, event: Event) -> None:
    """A strict order of strength, one upset: the 3rd-best team loses heavily to the
    weakest, so it ends level with the 4th on points, ahead of it head-to-head."""
    group = _rounds(event)[0]
    teams = sorted({s.entry_id for u in group.units for s in u.slots})
    demo.rng.shuffle(teams)
    strength = {t: i for i, t in enumerate(teams)}
    upset = {teams[2], teams[-1]}
    for unit in group.units:
        home, away = (s.entry_id for s in unit.slots)
        home_wins = strength[home] < strength[away]
        margin = None
        if {home, away} == upset:
            home_wins, margin = not home_wins, 25
        demo.publish(unit, demo.match(unit, "score", 0, home_wins, margin))


def _by_rounds(demo: _Demo, event: Event) -> None:
    """Every round in order; the draw's advance_round fills the next one as we go."""
    for number in range(1, len(_rounds(event)) + 1):
        round_ = db.session.scalar(select(Round).where(Round.event_id == event.id,
                                                       Round.number == number))
        demo.publish_round(round_)


def score_demo(meet) -> dict[str, int]:
    """Results for the demo meet (after the draws and the schedule). Returns counts.

    The derived views (standings, order book) are refreshed once at the end, not after
    each of the few hundred units: the signals are muted while the demo is scored."""
    events = {e.code: e for e in db.session.scalars(select(Event).where(Event.meet_id == meet.id))}
    if not events or not any(_rounds(e) for e in events.values()):
        return {"published": 0}
    with results_changed.muted(), registration_changed.muted():
        counts = _score(meet, events)
    commit((results_changed, {"meet_id": meet.id, "reason": "demo"}))
    return counts


def _score(meet, events: dict[str, Event]) -> dict[str, int]:
    demo = _Demo(meet)
    for code in PUBLISHED:
        event = events.get(code)
        if event is None or not _rounds(event):
            continue
        if code == "MLJ":
            _long_jump(demo, event)
        elif code == "MBB":
            _basketball(demo, event)
        else:
            _by_rounds(demo, event)
    # mid-competition: published heats whose final waits, sheets waiting for the chief
    if "M100B" in events:
        demo.publish_round(_rounds(events["M100B"])[0])
    if "W100B" in events:
        for unit in _rounds(events["W100B"])[0].units:
            demo.submit(unit)
    if "WLJ" in events:
        flight = _rounds(events["WLJ"])[0].units[0]
        demo.submit(flight)
        ops.confirm(flight, user=demo.chief)
    for code, count in (("MTT", 6), ("XQ", 7), ("TUG", 6)):
        if code in events:
            for unit in _rounds(events[code])[0].units[:count]:
                demo.publish(unit)
    if "WTT" in events:
        for unit in _rounds(events["WTT"])[0].units[:3]:
            demo.submit(unit)
    return {"published": sum(1 for e in events.values() if e.code in PUBLISHED)}
