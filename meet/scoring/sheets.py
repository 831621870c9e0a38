"""A unit's score sheet (记录表): which fields the referee fills in, and how a submitted
sheet is read into results with the rules of :mod:`meet.rules`.

The sheet follows the event's kind:

* timed (计时): one time per lane (``10.83``, ``1:02.45``, ``2:03:04.5``), rounded up
  by TR 19 to the round's timing (``Round.settings["timing"]``: ``FAT`` 0.01 s or
  ``hand`` 0.1 s; ``thousandths`` keeps the photo-finish reading);
* measured distances (远度): attempts one by one (``7.12``, ``x`` foul, ``-`` pass),
  ``settings["attempts"]`` of them (3 by default), best mark computed, countback ranks;
* counts (计数): one whole number;
* judged (评分): one score per judge, ``settings["panel"]`` judges (5 by default);
* vertical jumps (跳高): the bar heights ``settings["heights"]`` with O / X / - each;
* matches (对抗): a final score, set scores, tug-of-war pulls or a board result, and a
  forfeit (弃权) by one side or both.

Every line may instead carry a status (DNS, DNF, DQ with the rule, NM, r): a status is
never shown as a mark. Errors are reported per field in Chinese; the typed values are
kept, so nothing typed is ever lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from meet.extensions import db
from meet.models import Round
from meet.rules import ranking
from meet.rules.marks import (
    MarkError,
    Timing,
    Trial,
    format_distance,
    format_time,
    parse_attempt,
    parse_count,
    parse_score,
    parse_time,
    round_time,
)

STATUS_CHOICES = ("", "DNS", "DNF", "DQ", "NM", "r")
FORFEITS = ("", "1", "2", "both")
BOARD_RESULTS = ("1-0", "draw", "0-1")

# scoring preset of a match event -> (sheet style, number of sets or pulls)
MATCH_STYLES = {
    "fiba": ("score", 0), "football": ("score", 0), "": ("score", 0), "generic": ("score", 0),
    "fivb": ("sets", 3), "ittf": ("sets", 5), "bwf": ("sets", 3),
    "tug": ("pulls", 3), "chess": ("board", 0), "guandan": ("board", 0),
}


@dataclass(frozen=True)
class Layout:
    """What the sheet of one unit asks for."""

    style: str  # time, distance, count, judged, height, score, sets, pulls, board
    timing: Timing = Timing.FAT
    thousandths: bool = False
    attempts: int = 3
    panel: int = 5
    max_score: Decimal = Decimal(10)
    heights: tuple[int, ...] = ()
    sets: int = 0

    @property
    def is_match(self) -> bool:
        return self.style in ("score", "sets", "pulls", "board")


def _attempts(value) -> int:
    """``settings["attempts"]``: 3, "3", "1" or "3+3" (six for the best eight)."""
    return sum(int(part) for part in str(value).split("+") if part.strip().isdigit()) or 3


def settings_of(unit) -> dict:
    """The unit's round settings over the event's format (kept in round 1)."""
    first = unit.round if unit.round.number == 1 else db.session.scalar(
        select(Round).where(Round.event_id == unit.event_id, Round.number == 1))
    fmt = dict((first.settings or {}).get("event_format") or {}) if first is not None else {}
    return fmt | dict(unit.round.settings or {})


def layout_of(unit) -> Layout:
    event, settings = unit.event, settings_of(unit)
    if event.kind == "match":
        preset = settings.get("preset") or event.scoring_preset or ""
        style, sets = MATCH_STYLES.get(preset, ("score", 0))
        if style == "sets" and event.is_team and preset == "ittf":
            style, sets = "score", 0  # a team tie is entered as rubbers won
        best_of = int(settings.get("best_of") or 1)
        if best_of > 1 and style in ("sets", "pulls"):
            sets = best_of
        return Layout(style, sets=int(settings.get("sets", sets)))
    if event.kind == "timed":
        timing = Timing(settings.get("timing", Timing.FAT.value))
        return Layout("time", timing=timing, thousandths=bool(settings.get("thousandths")))
    if event.kind == "judged":
        return Layout("judged", panel=int(settings.get("panel", 5)),
                      max_score=Decimal(str(settings.get("max_score", 10))))
    if event.result_unit == "height":
        return Layout("height", heights=tuple(int(h) for h in settings.get("heights", ())))
    if event.result_unit == "count":
        return Layout("count")
    return Layout("distance", attempts=_attempts(settings.get("attempts", 3)))


@dataclass
class Line:
    """One slot's result as read from the sheet."""

    slot_id: int
    entry_id: int | None
    status: str = "OK"
    status_rule: str = ""
    mark: str = ""
    mark_value: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sheet:
    lines: dict[int, Line]
    errors: dict[str, str]
    values: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def field_names(unit, lay: Layout | None = None) -> list[str]:
    """Every field name of the unit's sheet, in order."""
    lay = lay or layout_of(unit)
    if lay.is_match:
        names = ["forfeit"]
        if lay.style == "score":
            names += ["score-1", "score-2"]
        elif lay.style == "sets":
            names += [f"set{i}-{s}" for i in range(1, lay.sets + 1) for s in (1, 2)]
        elif lay.style == "pulls":
            names += [f"pull{i}" for i in range(1, lay.sets + 1)]
        else:
            names += ["outcome"]
        return names
    names = []
    for slot in unit.slots:
        if slot.entry_id is None:
            continue
        p = f"s{slot.id}"
        names += [f"{p}-status", f"{p}-rule"]
        if lay.style in ("time", "count"):
            names.append(f"{p}-mark")
        elif lay.style == "distance":
            names += [f"{p}-a{i}" for i in range(1, lay.attempts + 1)]
        elif lay.style == "judged":
            names += [f"{p}-j{i}" for i in range(1, lay.panel + 1)]
        else:
            names += [f"{p}-h{h}" for h in lay.heights]
    return names


def _mark_message(style: str, err: MarkError) -> str:
    if err.code == "empty":
        return _("请填写成绩或选择状态")
    if style == "time":
        if err.code == "precision":
            return _("最多精确到千分之一秒")
        if err.code == "range":
            return _("分、秒须小于60")
        return _("时间格式不对：请写成 10.83、1:02.45 或 2:03:04.5")
    if style == "count":
        return _("请填写不小于0的整数")
    if style == "judged":
        return _("请填写评分，如 9.35")
    return _("请填写远度（如 7.12）、x（犯规）或 -（免跳）")


def read_sheet(unit, form: Mapping[str, Any]) -> Sheet:
    """Read a submitted sheet; every error is keyed by its field name."""
    lay = layout_of(unit)
    values = {n: str(form.get(n, "") or "").strip() for n in field_names(unit, lay)}
    sheet = Sheet({}, {}, values)
    if lay.is_match:
        _read_match(unit, lay, sheet)
        return sheet
    for slot in unit.slots:
        if slot.entry_id is None:
            continue
        line = Line(slot.id, slot.entry_id)
        sheet.lines[slot.id] = line
        p = f"s{slot.id}"
        status = values[f"{p}-status"]
        if status not in STATUS_CHOICES:
            sheet.errors[f"{p}-status"] = _("状态只能是 DNS、DNF、DQ、NM 或 r")
            continue
        if status:
            line.status = status
            line.status_rule = values[f"{p}-rule"][:40]
            if status == "DQ" and not line.status_rule:
                sheet.errors[f"{p}-rule"] = _("取消资格须注明所依据的规则条款")
            if lay.style == "distance":  # attempts before retiring or a DQ stay on record
                line.detail["attempts"] = [values[f"{p}-a{i}"]
                                           for i in range(1, lay.attempts + 1)]
            continue
        try:
            _read_line(lay, p, values, line, sheet.errors)
        except MarkError as err:
            sheet.errors.setdefault(f"{p}-mark", _mark_message(lay.style, err))
    return sheet


def _read_line(lay: Layout, p: str, values: dict[str, str], line: Line,
               errors: dict[str, str]) -> None:
    if lay.style == "time":
        raw = values[f"{p}-mark"]
        try:
            value = round_time(parse_time(raw), lay.timing, keep_thousandths=lay.thousandths)
        except MarkError as err:
            errors[f"{p}-mark"] = _mark_message("time", err)
            return
        line.mark_value = value
        line.mark = format_time(value, 3 if lay.thousandths and lay.timing is Timing.FAT
                                else lay.timing.digits)
    elif lay.style == "count":
        try:
            line.mark_value = parse_count(values[f"{p}-mark"])
        except MarkError as err:
            errors[f"{p}-mark"] = _mark_message("count", err)
            return
        line.mark = str(line.mark_value)
    elif lay.style == "distance":
        attempts, tokens = [], []
        for i in range(1, lay.attempts + 1):
            raw = values[f"{p}-a{i}"]
            if not raw:
                tokens.append("")
                continue
            try:
                attempts.append(parse_attempt(raw))
                tokens.append(str(attempts[-1]))
            except MarkError as err:
                errors[f"{p}-a{i}"] = _mark_message("distance", err)
        if any(k.startswith(f"{p}-a") for k in errors):
            return
        if not attempts:
            errors[f"{p}-a1"] = _("请填写试跳/试掷成绩或选择状态")
            return
        line.detail["attempts"] = tokens
        marks = [a.cm for a in attempts if a.trial is Trial.MARK and a.cm is not None]
        if not marks:
            line.status = "NM"
            return
        line.mark_value = max(marks)
        line.mark = format_distance(line.mark_value)
    elif lay.style == "judged":
        scores = []
        for i in range(1, lay.panel + 1):
            raw = values[f"{p}-j{i}"]
            try:
                score = parse_score(raw)
            except MarkError as err:
                errors[f"{p}-j{i}"] = (_("请填写第%(n)d位裁判的评分", n=i) if err.code == "empty"
                                       else _mark_message("judged", err))
                continue
            if score > lay.max_score:
                errors[f"{p}-j{i}"] = _("评分不能超过%(max)s分", max=lay.max_score)
                continue
            scores.append(str(score))
        if len(scores) != lay.panel:
            return
        final = ranking.judged_score(scores)
        line.detail["scores"] = scores
        line.mark = str(final)
        line.mark_value = int(final * 1000)
    else:
        card = {h: values[f"{p}-h{h}"] for h in lay.heights if values[f"{p}-h{h}"]}
        if not card:
            errors[f"{p}-h{lay.heights[0]}" if lay.heights else f"{p}-status"] = _(
                "请按高度填写 O、X 或 -，或选择状态")
            return
        try:
            info = ranking.read_card(card)
        except MarkError:
            errors[f"{p}-h{lay.heights[0]}"] = _("每个高度只能填 O（成功）、X（失败）、-（免跳）")
            return
        line.detail["card"] = {str(h): v.upper() for h, v in card.items()}
        if info.best is None:
            line.status = "NM"
            return
        line.mark_value = info.best
        line.mark = format_distance(info.best)


def _whole(values: dict[str, str], name: str, errors: dict[str, str],
           required: bool = True) -> int | None:
    raw = values[name]
    if not raw:
        if required:
            errors[name] = _("请填写比分")
        return None
    try:
        return parse_count(raw)
    except MarkError:
        errors[name] = _("比分须为不小于0的整数")
        return None


def _read_match(unit, lay: Layout, sheet: Sheet) -> None:
    """A match: both sides' results from the score; a forfeit decides it alone."""
    values, errors = sheet.values, sheet.errors
    sides = [s for s in unit.slots if s.entry_id is not None]
    if len(sides) != 2:
        errors["forfeit"] = _("本场对阵双方尚未确定，不能录入")
        return
    forfeit = values["forfeit"]
    if forfeit not in FORFEITS:
        errors["forfeit"] = _("弃权只能是一方、另一方或双方")
        return
    match: dict[str, Any] = {"style": lay.style, "forfeit": forfeit or None}
    won = [0, 0]
    if not forfeit:
        if lay.style == "score":
            a, b = (_whole(values, f"score-{i}", errors) for i in (1, 2))
            if a is not None and b is not None:
                match["score"], won = [a, b], [a, b]
        elif lay.style == "sets":
            sets = []
            for i in range(1, lay.sets + 1):
                a = _whole(values, f"set{i}-1", errors, required=False)
                b = _whole(values, f"set{i}-2", errors, required=False)
                if a is None and b is None:
                    continue
                if a is None or b is None or a == b:
                    errors[f"set{i}-1"] = _("第%(n)d局须填双方比分，且分出胜负", n=i)
                    continue
                sets.append([a, b])
            if not sets and not errors:
                errors["set1-1"] = _("请填写至少一局的比分")
            need = lay.sets // 2 + 1
            won = [sum(1 for a, b in sets if a > b), sum(1 for a, b in sets if b > a)]
            if sets and not errors and max(won) != need:
                errors["set1-1"] = _("%(n)d局%(k)d胜制：须有一方先胜%(k)d局", n=lay.sets, k=need)
            match["sets"] = sets
        elif lay.style == "pulls":
            pulls = [values[f"pull{i}"] for i in range(1, lay.sets + 1)]
            played = [x for x in pulls if x]
            if any(x not in ("1", "2") for x in played):
                errors["pull1"] = _("每局请选择胜方")
            won = [played.count("1"), played.count("2")]
            need = lay.sets // 2 + 1
            if not errors and max(won) != need:
                errors["pull1"] = _("三局两胜：须有一方先胜两局")
            match["pulls"] = played
        else:
            outcome = values["outcome"]
            if outcome not in BOARD_RESULTS:
                errors["outcome"] = _("请选择胜、和或负")
            won = {"1-0": [1, 0], "0-1": [0, 1], "draw": [1, 1]}.get(outcome, [0, 0])
            match["outcome"] = outcome
    if errors:
        return
    own_sets = match.get("sets") or [[1, 0] if p == "1" else [0, 1]
                                      for p in match.get("pulls", [])]
    for index, slot in enumerate(sides):
        line = Line(slot.id, slot.entry_id, detail={"match": match, "side": index + 1})
        if own_sets:
            line.detail["sets"] = [[s[index], s[1 - index]] for s in own_sets]
        if forfeit in (str(index + 1), "both"):
            line.status, line.mark = "DNS", ""
        else:
            line.mark = "" if forfeit else f"{won[index]}:{won[1 - index]}"
            line.mark_value = 1000 * (1 if forfeit else won[index])
        sheet.lines[slot.id] = line

