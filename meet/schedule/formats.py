"""Per-event competition formats (赛制): the choices, their defaults and their checks.

An event's format is kept in its first round's ``settings["event_format"]``; before the
organiser chooses, :func:`default_settings` proposes one from ``Event.format``,
``Event.kind`` and ``Event.result_unit`` and the number of entries:

* timed events: a straight final (one race, or races decided on time, 分组计时决赛) for
  relays, team races and the pool; heats then a final (预赛、决赛) for individual races
  on a track with more athletes than lanes, Q by place and q by time filling the final;
* distances: flights with 3 trials, 3 + 3 for the best 8 with more than 8 athletes;
  counts (跳绳, 投篮, 踢毽): flights with one attempt;
* judged events: one session in an order of appearance;
* matches: ``round_robin`` (one group up to 10 entries), ``knockout`` (single
  elimination with a third-place match and classification 5-8 so that places 1-8 exist
  for the team points), ``groups_knockout`` (groups of 3-6, the top 2 crossed A1-B2,
  B1-A2), ``best_of_3`` (拔河: groups then knockout, each match best of three pulls),
  ``swiss`` (象棋, 围棋, 掼蛋: ⌈log2 n⌉ rounds, Buchholz, median Buchholz, SB).

The venue gives the lanes (Venue.lanes: the stadium 8, the pool 6), its lane-draw
priority and its unusable lanes (:mod:`meet.rules.lanes`); an event may leave out further
lanes (``unusable``). A venue with no lane count draws an order of start instead of lanes.
"""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l

from meet.rules import lanes as lane_rules
from meet.rules import swiss
from meet.rules.plan import FORMATS

FORMAT_NAMES = {
    "final": _l("直接决赛"),
    "heats_final": _l("预赛+决赛"),
    "flights": _l("分组试跳/试掷"),
    "order": _l("按出场顺序评分"),
    "round_robin": _l("循环赛"),
    "knockout": _l("单败淘汰赛"),
    "groups_knockout": _l("小组循环+淘汰赛"),
    "swiss": _l("瑞士制"),
}
KIND_FORMATS = {
    "timed": ("final", "heats_final"),
    "measured": ("flights",),
    "judged": ("order",),
    "match": ("round_robin", "knockout", "groups_knockout", "swiss"),
}
PRESET_NAMES = {
    "fiba": _l("篮球 (FIBA：胜2分 负1分)"),
    "fivb": _l("排球/气排球 (FIVB：3:0、3:1胜3分，3:2胜2分负1分)"),
    "ittf": _l("乒乓球 (ITTF：胜2分 负1分)"),
    "bwf": _l("羽毛球 (BWF：胜1场计1分)"),
    "tug": _l("拔河 (三局两胜，胜2分 负1分)"),
    "chess": _l("棋类 (胜1分 和0.5分 负0分)"),
    "guandan": _l("掼蛋 (胜1分 负0分，比小分)"),
    "generic": _l("通用 (胜2分 平1分 负0分)"),
}
ATTEMPTS = ("1", "3", "3+3")
BEST_OF = (1, 3, 5, 7)
TIEBREAK_ORDERS = {
    "bh_mbh_sb": ("buchholz", "median_buchholz", "sonneborn_berger"),
    "mbh_bh_sb": ("median_buchholz", "buchholz", "sonneborn_berger"),
    "sb_bh_wins": ("sonneborn_berger", "buchholz", "wins"),
}
TIEBREAK_NAMES = {
    "bh_mbh_sb": _l("对手分、中间对手分、累进分(SB)"),
    "mbh_bh_sb": _l("中间对手分、对手分、累进分(SB)"),
    "sb_bh_wins": _l("累进分(SB)、对手分、胜局数"),
}
NUMBER_FIELDS = ("heats", "per_unit", "Q", "q", "groups", "advance", "rounds")
FLAGS = ("double", "third_place", "classify_5_8", "colours")


def guess_venue(event, venues):
    """The venue an event most likely uses: the pool for swimming, the track for races,
    the field area for distances, a hall or court for the rest."""
    def first(*kinds):
        return next((v for k in kinds for v in venues if v.kind == k), None)

    name = f"{event.name}{event.category.name if event.category else ''}"
    if event.kind == "timed":
        return first("pool") if "泳" in name else first("track")
    if event.kind == "measured":
        return first("field") if event.result_unit == "distance" else first("court", "hall")
    if event.kind == "judged":
        return first("square", "track", "hall")
    if any(w in name for w in ("棋", "掼蛋", "牌")):
        return first("hall", "table")
    if "乒乓" in name:
        return first("table", "court")
    if "拔河" in name:
        return first("square", "court")
    return first("court", "hall")


def _power_groups(n: int) -> int:
    return max(1, 2 ** int(math.log2(max(1, n / 3)))) if n >= 6 else 1


def default_settings(event, entries: int, venue) -> dict:
    """A sensible first proposal for ``event`` with ``entries`` entries at ``venue``."""
    lanes = venue.lanes if venue is not None else None
    s: dict = {"format": "", "venue_id": venue.id if venue is not None else None,
               "lower_is_better": event.kind == "timed", "unusable": []}
    fmt = event.format
    if event.kind == "timed":
        heats = (not event.is_team and lanes and entries > lanes
                 and venue.kind == "track")
        s["format"] = "heats_final" if heats else "final"
    elif event.kind == "measured":
        count = event.result_unit != "distance"
        s |= {"format": "flights", "attempts": "1" if count else ("3+3" if entries > 8 else "3"),
              "per_unit": 10 if count else 12}
    elif event.kind == "judged":
        s["format"] = "order"
    else:
        preset = event.scoring_preset or "generic"
        s |= {"preset": preset, "best_of": 1, "third_place": True, "classify_5_8": entries >= 8}
        if fmt == "swiss":
            s |= {"format": "swiss", "rounds": swiss.recommended_rounds(entries),
                  "tiebreak_order": "bh_mbh_sb", "colours": preset != "guandan"}
        elif fmt == "knockout":
            s["format"] = "knockout"
        elif fmt == "round_robin":
            s |= {"format": "round_robin", "groups": 1 if entries <= 10 else
                  max(1, round(entries / 5))}
        else:
            groups = max(2, _power_groups(entries))
            s |= {"format": "groups_knockout", "groups": groups, "advance": 2,
                  "classify_5_8": groups * 2 >= 8}
            if fmt == "best_of_3":
                s["best_of"] = 3
    return complete(s, venue)


def complete(settings: dict, venue) -> dict:
    """Fill the derived keys the plan reads: the venue's lanes, the lane-draw groups
    (the venue's priority or the standard groups, without the venue's and this event's
    unusable lanes; kept in the draw record so a replay draws the same lanes even after
    the venue changes) and the tie-break order."""
    s = dict(settings)
    lanes = venue.lanes if venue is not None else None
    s["lanes"] = lanes
    s.pop("lane_groups", None)
    if lanes:
        s["lane_groups"] = lane_rules.lane_groups(
            lanes, venue.lane_priority, venue.unusable_lanes or (), s.get("unusable") or ())
    order = s.get("tiebreak_order")
    if order in TIEBREAK_ORDERS:
        s["tiebreaks"] = list(TIEBREAK_ORDERS[order])
    return s


def parse_lanes(text: str, lanes: int | None, venue_unusable=()) -> tuple[list[int], str | None]:
    """'1, 8' -> [1, 8]: lanes one event leaves out besides the venue's unusable ones;
    an error message key when a lane is not on the venue or none would be left."""
    out = []
    for part in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdecimal() or len(part) > 3:  # "²" is a digit int() refuses
            return [], "not_numbers"
        lane = int(part)
        if lanes is None or not 1 <= lane <= lanes:
            return [], "not_on_venue"
        out.append(lane)
    if lanes is not None and len(set(out) | set(venue_unusable)) >= lanes:
        return [], "all_lanes"
    return sorted(set(out)), None


def check(settings: dict, kind: str) -> dict[str, str]:
    """Field -> message key for settings that no draw could honour."""
    errors: dict[str, str] = {}
    fmt = settings.get("format")
    if fmt not in FORMATS or fmt not in KIND_FORMATS.get(kind, ()):
        errors["format"] = "format_for_kind"
    for name in NUMBER_FIELDS:
        value = settings.get(name)
        if value is not None and (value < (0 if name in ("Q", "q") else 1) or value > 99):
            errors[name] = "range"
    if fmt == "heats_final" and settings.get("Q") == 0 and settings.get("q") == 0:
        errors["Q"] = "nobody_advances"
    if fmt == "flights" and settings.get("attempts") not in ATTEMPTS:
        errors["attempts"] = "attempts"
    if fmt in KIND_FORMATS["match"] and settings.get("best_of") not in BEST_OF:
        errors["best_of"] = "best_of"
    if fmt in ("round_robin", "groups_knockout") and (settings.get("groups") or 1) > 26:
        errors["groups"] = "range"
    return errors
