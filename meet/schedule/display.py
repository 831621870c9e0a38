"""Start lists as the pages, the API and the order book show them: rounds -> units ->
lines (bib, names, delegation, lane, order), with no personal data beyond names and bibs."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from meet.i18n import is_english
from meet.models import Round
from meet.schedule import queries

NOTE_MESSAGES = {
    "no_entries": _l("该项目没有报名，无需抽签。"),
    "no_lanes": _l("场地未设道数：按抽签顺序出发，每组不超过%(per)s人/队。"),
    "fewer_than_lanes": _l("只有%(n)s人/队，少于%(lanes)s条道：直接决赛，"
                           "前几名抽中间道次，外道空出。"),
    "heats_not_needed": _l("报名%(n)s人/队，不超过%(lanes)s条道：不设预赛，直接决赛。"),
    "heats_need_lanes": _l("场地没有道次，不能按预赛录取：改为按成绩排名的分组决赛。"),
    "timed_final": _l("分%(races)s组进行，按成绩统一排名（分组计时决赛）。"),
    "all_get_six": _l("不超过8人，每人都试跳/试掷6次。"),
    "group_of_one": _l("%(group)s组只有1队：没有比赛，直接列该组第1名。"),
    "odd_groups": _l("%(groups)s组队数为单数：每轮有一队轮空。"),
    "byes": _l("签位%(size)s个，%(byes)s个轮空给种子选手（第一轮不赛，直接进入下一轮）。"),
    "bracket_of_one": _l("只有1个报名：不赛，直接列第1名。"),
    "bracket_of_three": _l("只有3个报名：1号种子轮空直接进入决赛，另两队赛半决赛，负者第3名。"),
    "single_entry": _l("只有1个报名。"),
    "swiss_bye": _l("人数为单数：每轮排名最低且未轮空过的一方轮空，记胜1局。"),
}
STAGE_NAMES = {
    "heats": _l("预赛"), "final": _l("决赛"), "flights": _l("田赛分组"), "order": _l("出场顺序"),
    "group": _l("小组赛"), "knockout": _l("淘汰赛"), "swiss": _l("瑞士制"),
}
SOURCE_WORDS = {"Q": _l("按名次录取"), "q": _l("按成绩录取"), "SWISS": _l("待上一轮结束后编排")}


def note_texts(notes) -> list[str]:
    out = []
    for code, params in notes or []:
        if code not in NOTE_MESSAGES:
            continue
        shown = {k: "、".join(v) if isinstance(v, list) else v for k, v in params.items()}
        out.append(str(NOTE_MESSAGES[code]) % shown if shown else str(NOTE_MESSAGES[code]))
    return out


def source_label(source: str) -> str:
    if source in SOURCE_WORDS:
        return str(SOURCE_WORDS[source])
    if source.startswith("W:"):
        return _("%(m)s胜者", m=source[2:])
    if source.startswith("L:"):
        return _("%(m)s负者", m=source[2:])
    if len(source) >= 2 and source[0].isalpha() and source[1:].isdigit():
        return _("%(g)s组第%(n)s名", g=source[0], n=source[1:])
    return source


@dataclass
class Line:
    position: int
    lane: int | None
    entry_id: int | None
    bib: str
    names: list[str]
    delegation: str
    delegation_id: int | None
    source: str
    qualified: str
    bibs: list[str] = field(default_factory=list)  # every competing member's bib


@dataclass
class UnitView:
    id: int
    number: int
    code: str
    label: str
    group: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class RoundView:
    id: int
    number: int
    name: str
    stage: str
    status: str
    public: bool
    units: list[UnitView] = field(default_factory=list)
    groups: dict[str, list[Line]] = field(default_factory=dict)
    bye: Line | None = None
    qualify: tuple[int, int] | None = None  # heats: (Q by place per heat, q by mark)


def _label(rnd: Round, unit) -> str:
    key, params = (rnd.settings.get("unit_labels") or {}).get(str(unit.number), [None, {}])
    if key is None:
        return unit.label
    zh, en = queries.unit_label(key, params)
    return en if is_english() else zh


def _line(slot_entry, position, lane, source, qualified, entries, people) -> Line:
    entry = entries.get(slot_entry)
    members = people.get(slot_entry, [])
    dlg = entry.delegation if entry else None
    bibs = [p.bib for p in members if p.bib]
    return Line(position, lane, slot_entry, "/".join(bibs) if len(members) == 1 else "",
                [p.name for p in members],
                (dlg.short_name or dlg.name) if dlg else "", dlg.id if dlg else None,
                source_label(source) if slot_entry is None else "", qualified, bibs)


def start_list(rounds: list[Round], *, only_public: bool) -> list[RoundView]:
    """The start list of an event's rounds (``only_public``: published rounds only)."""
    rounds = [r for r in rounds if not only_public or r.status in queries.PUBLIC_STATUSES]
    ids = {s.entry_id for r in rounds for u in r.units for s in u.slots if s.entry_id}
    ids |= {r.settings.get("bye") for r in rounds if r.settings.get("bye")}
    for r in rounds:
        for members in (r.settings.get("groups") or {}).values():
            ids |= set(members)
    entries, people = queries.entries_by_id(ids), queries.entry_people(ids)
    out = []
    for r in rounds:
        view = RoundView(r.id, r.number, (r.name_en if is_english() and r.name_en else r.name),
                         r.stage, r.status, r.status in queries.PUBLIC_STATUSES)
        if r.stage == "heats":
            view.qualify = (r.settings.get("Q", 0), r.settings.get("q", 0))
        for u in r.units:
            uv = UnitView(u.id, u.number, u.code, _label(r, u), u.group)
            uv.lines = [_line(s.entry_id, s.position, s.lane, s.source, s.qualified_from,
                              entries, people) for s in u.slots]
            view.units.append(uv)
        for letter, members in (r.settings.get("groups") or {}).items():
            view.groups[letter] = [_line(e, i, None, "", "", entries, people)
                                   for i, e in enumerate(members, start=1)]
        if r.settings.get("bye"):
            view.bye = _line(r.settings["bye"], 0, None, "", "", entries, people)
        out.append(view)
    return out
