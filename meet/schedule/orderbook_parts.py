"""The sections of the order book (秩序册), each a list of flowables; see
:mod:`meet.schedule.orderbook` for their order and sources."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import groupby

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from meet.documents import pdf
from meet.rules.standings import format_points
from meet.schedule.orderbook_data import Book, athletes, entry_counts, staff, units_by_event

GENDER = {"M": "男", "F": "女"}
W = 168 * mm  # A4 inside the margins and the frame's padding


def grid(header: list[str], rows: list[list], widths: list[float], *, wrap: tuple = (),
         zebra: bool = True) -> Table:
    """A table in the look of :func:`pdf.data_table` whose cells are plain strings,
    except the columns in ``wrap`` (long lists of names): a Paragraph per cell costs a
    line-breaking pass, and a 100-page book has 60,000 cells."""
    st = pdf.styles()["cell"]
    body = [[Paragraph(str(c), st) if i in wrap and c else c for i, c in enumerate(row)]
            for row in rows]
    t = Table([header, *body], colWidths=widths, repeatRows=1)
    commands = [("FONT", (0, 0), (-1, -1), pdf.font_name(), 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f2f5")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, pdf.INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, pdf.LINE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1),
                         [colors.white, colors.HexColor("#fafafa")]))
    t.setStyle(TableStyle(commands))
    return t


def cols(*shares: float) -> list[float]:
    """Column widths in proportion to ``shares``, filling the page's width."""
    return [W * x / sum(shares) for x in shares]


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, pdf.styles()[style])


def cover(book: Book) -> list:
    m, st = book.meet, pdf.styles()
    org = m.organisers or {}
    lines = [Spacer(1, 40 * mm), Paragraph(m.name, st["title"]),
             Paragraph("秩 序 册", st["title"]), Spacer(1, 12 * mm)]
    if m.theme:
        lines.append(Paragraph(f"主题：{m.theme}", st["h2"]))
    lines.append(Spacer(1, 30 * mm))
    for label, key in (("主办单位", "hosts"), ("承办单位", "organisers"),
                       ("协办单位", "co_organisers")):
        if org.get(key):
            lines.append(_p(f"{label}：{'、'.join(org[key])}"))
    lines += [_p(f"比赛时间：{pdf.date_range(m.start_date, m.end_date)}"),
              _p(f"比赛地点：{m.location or '—'}")]
    return lines


def _officials(rows: list, missing: str = "（组委会尚未公布）") -> list:
    if not rows:
        return [_p(missing, "small")]
    return [grid(["职务", "姓名"], [[t or "", n] for t, n in rows],
                 widths=[40 * mm, W - 40 * mm], wrap=(1,), zebra=False)]


def organisation(book: Book) -> list:
    officials = book.settings.officials or {}
    events = {e.id: e.name for e in book.events}
    rows = [[r.display_name or r.username, "总裁判" if r.role == "chief" else "裁判员",
             "全部项目" if r.role == "chief" else
             "、".join(events[a.event_id] for a in r.assignments if a.event_id in events)]
            for r in book.referees]
    return [pdf.Heading("组织委员会", 1), *_officials(officials.get("committee", [])),
            pdf.Heading("仲裁委员会", 1), *_officials(officials.get("jury", [])),
            pdf.Heading("裁判员名单", 1),
            *_officials(officials.get("referees", []), "（裁判员名单待定）"),
            *([pdf.Heading("执裁分工", 2),
               grid(["裁判组", "职务", "执裁项目"], rows,
                    widths=[40 * mm, 22 * mm, W - 62 * mm], wrap=(2,))] if rows else [])]


STAFF_LABELS = (("leader", "领队"), ("coach", "教练"), ("doctor", "队医"), ("staff", "工作人员"))


def _staff_limits(limits: dict[str, tuple[int, int]]) -> str:
    """"领队 1 人、教练 1–2 人、队医不超过 1 人…": the regulations' staff numbers."""
    parts = []
    for role, label in STAFF_LABELS:
        low, high = limits[role]
        if high == 0:
            continue
        count = f" {low} 人" if low == high else (
            f"不超过 {high} 人" if low == 0 else f" {low}–{high} 人")
        parts.append(f"{label}{count}")
    return "、".join(parts)


def regulations(book: Book) -> list:
    m = book.meet
    points = "、".join(str(p) for p in (m.points_scheme or []))
    kinds = "、".join(k.name for k in book.kinds)
    joint = sum(1 for d in book.delegations if d.joint)
    staff_text = _staff_limits(m.staff_limits)
    out = [pdf.Heading("比赛时间和地点", 1),
           _p(f"{pdf.date_range(m.start_date, m.end_date)}，{m.location or ''}。"),
           pdf.Heading("参加单位", 1),
           _p(f"{kinds}，共 {len(book.delegations)} 个代表队"
              + (f"（其中联队 {joint} 个）" if joint else "") + "。"),
           pdf.Heading("竞赛项目", 1)]
    for c in book.categories:
        names = "、".join(e.name for e in book.events if e.category_id == c.id)
        out.append(_p(f"{c.name}：{names}"))
    out += [pdf.Heading("参加办法", 1),
            _p(f"每名运动员限报 {m.max_events_per_athlete} 项（接力、团体项目除外）；"
               f"每队每项限报 {m.athletes_per_event} 人；"
               f"每队运动员不超过 {m.max_athletes_per_delegation} 人"
               + (f"；每队{staff_text}" if staff_text else "") + "。"
               + ("联队队员须为联队成员单位的职工。" if joint else "")),
            pdf.Heading("录取与计分", 1),
            _p(f"各项录取前 {len(m.points_scheme or [])} 名，按 {points} 计分；"
               f"接力及团体项目按 {format_points(m.team_event_multiplier)} 倍计分。"
               + ("参赛队（人）数不足录取名次时，按减一录取。" if m.minus_one_rule else "")
               + (f"破大会纪录加 {format_points(m.record_bonus)} 分。" if m.record_bonus else "")),
            pdf.Heading("奖励", 1),
            _p("各项前三名颁发奖牌和证书，前八名颁发证书；按团体总分录取团体名次；"
               "设体育道德风尚奖（代表队和运动员）。")]
    return out


def delegations(book: Book) -> list:
    out = []
    order = "按姓氏笔画排列" if book.settings.order_book_sort == "strokes" else "按报名顺序排列"
    out.append(_p(f"运动员{order}。", "small"))
    for d in book.delegations:
        lines = [pdf.Heading(f"{d.code} {d.joint_name}", 1)]
        if d.joint:
            lines.append(_p(f"成员单位：{'、'.join(u.name for u in d.member_units)}"))
        for role, label in STAFF_LABELS:
            names = [p.name for p in staff(book, d.id, role)]
            if names:
                lines.append(_p(f"{label}：{'  '.join(names)}"))
        rows = [[p.bib or "—", p.name, GENDER.get(p.gender, ""),
                 "、".join(e.name for e in book.events_of.get(p.id, []))]
                for p in athletes(book, d.id)]
        if rows:
            lines.append(grid(["号码", "姓名", "性别", "参赛项目"], rows,
                                   widths=[18 * mm, 24 * mm, 12 * mm, W - 54 * mm],
                                   wrap=(3,)))
        out += [CondPageBreak(40 * mm), *lines, Spacer(1, 4 * mm)]
    return out


def timetable(book: Book) -> list:
    """One row per event round per venue and half-day: 时间, 项目, 赛次, 组数, 人数."""
    out = []
    for day, day_items in groupby(book.items, key=lambda i: i.day):
        rows, groups = [], defaultdict(list)
        for item in day_items:
            key = (item.start.hour < 13, item.venue.id if item.venue else 0, item.event.id,
                   item.round.id)
            groups[key].append(item)
        for items in sorted(groups.values(), key=lambda g: (g[0].start, g[0].event.sort_order)):
            first, last = items[0], max(items, key=lambda i: i.end)
            people = len({p.id for i in items for p in i.persons})
            rows.append([f"{first.start:%H:%M}—{last.end:%H:%M}",
                         first.venue.name if first.venue else "", first.event.name,
                         first.round.name, str(len(items)), str(people or "—")])
        week = "一二三四五六日"[day.weekday()]
        out += [pdf.Heading(f"{day.month}月{day.day}日（星期{week}）", 1),
                grid(["时间", "场地", "项目", "赛次", "组数/场数", "人数"], rows,
                               widths=cols(26, 40, 50, 20, 20, 18), wrap=(1, 2))]
    if not out:
        out.append(_p("竞赛日程尚未编排。"))
    return out


def _unit_table(book: Book, unit) -> list:
    event = unit.event
    head = "道次" if event.kind == "timed" else "顺序"
    rows = []
    for slot in unit.slots:
        people = book.members.get(slot.entry_id or 0, [])
        entry = book.entries.get(slot.entry_id or 0)
        team = entry.delegation.display_name if entry else ""
        if event.is_team:  # a squad: every member as "号码 姓名"
            names = "、".join(" ".join(x for x in (p.bib or "", p.name) if x) for p in people)
            rows.append([str(slot.lane or slot.position), team or book.side(slot), names])
        else:
            p = people[0] if people else None
            rows.append([str(slot.lane or slot.position), team or book.side(slot),
                         p.bib or "" if p else "", p.name if p else ""])
    if event.is_team:
        return [grid([head, "代表队", "队员（号码 姓名）"], rows,
                     widths=[14 * mm, 38 * mm, W - 52 * mm], wrap=(2,))]
    return [grid([head, "代表队", "号码", "姓名"], rows,
                 widths=[14 * mm, 38 * mm, 18 * mm, W - 70 * mm])]


def start_lists(book: Book) -> list:
    out = []
    by_event = units_by_event(book)
    for event in book.events:
        units = by_event.get(event.id, [])
        # The event's name goes inside its first block (a heading before a KeepTogether
        # is not kept with it): it never ends a page alone.
        lead: list = [pdf.Heading(event.name, 1)]
        if not units:
            out.append(KeepTogether([*lead, _p("（未分组：无人报名或尚未抽签）", "small")]))
            continue
        for rnd, group in groupby(units, key=lambda u: u.round):
            group = list(group)
            if event.kind == "match":
                rows = [[u.label or f"第{u.number}场", u.group or "", book.when(u),
                         (u.venue.name if u.venue else "") + (f" {u.court}号" if u.court else ""),
                         *(book.side(s) for s in u.slots[:2]),
                         *([""] * (2 - len(u.slots[:2])))] for u in group]
                table = grid(["场次", "组", "时间", "场地", "甲方", "乙方"], rows,
                                       widths=cols(20, 10, 26, 30, 44, 44), wrap=(3, 4, 5))
                heading = f"{rnd.name}（{len(group)}场）"
                out += [pdf.block(heading, table, lead=lead)] if len(group) <= 20 else [
                    CondPageBreak(40 * mm), *lead, _p(heading, "h2"), table]
                lead = []
                continue
            for u in group:
                where = (u.venue.name if u.venue else "") + (f" {u.court}号" if u.court else "")
                title = " ".join(x for x in (rnd.name, u.heat_label) if x)
                title = f"{title}  {book.when(u)}  {where}"
                out.append(pdf.block(title, *_unit_table(book, u), lead=lead))
                lead = []
    return out


def counts(book: Book) -> list:
    per_event, teams = entry_counts(book)
    rows = []
    for d in book.delegations:
        people = athletes(book, d.id)
        g = Counter(p.gender for p in people)
        entries = sum(1 for e in book.entries.values() if e.delegation_id == d.id)
        rows.append([d.code, d.name, str(g["M"]), str(g["F"]), str(len(people)), str(entries)])
    total = [sum(int(r[i]) for r in rows) for i in (2, 3, 4, 5)]
    rows.append(["", "合计", *map(str, total)])
    ev_rows = [[e.name, str(per_event.get(e.id, 0)), str(teams.get(e.id, 0))]
               for e in book.events]
    return [pdf.Heading("各代表队人数", 1),
            grid(["代码", "代表队", "男", "女", "运动员", "报项"], rows,
                           widths=cols(14, 80, 16, 16, 24, 24)),
            pdf.Heading("各项目报名", 1),
            grid(["项目", "报名数", "参赛队数"], ev_rows,
                           widths=cols(94, 40, 40))]


def records(book: Book) -> list:
    if not book.records:
        return [_p("本届运动会未设大会纪录。")]
    names = {e.id: e.name for e in book.events}
    rows = [[names.get(r.event_id, ""), r.mark, r.holder, r.delegation_name, str(r.year)]
            for r in book.records]
    return [grid(["项目", "纪录", "保持者", "单位", "年份"], rows,
                           widths=cols(50, 26, 34, 44, 20))]


def bib_table(book: Book) -> list:
    people = sorted((p for d in book.delegations for p in athletes(book, d.id) if p.bib),
                    key=lambda p: (len(p.bib), p.bib))
    team = {d.id: d.display_name for d in book.delegations}
    cells = [[p.bib, p.name, team.get(p.delegation_id, "")] for p in people]
    per_row = 3
    rows = []
    for i in range(0, len(cells), per_row):
        chunk = cells[i:i + per_row]
        rows.append([x for c in chunk for x in c] + [""] * 3 * (per_row - len(chunk)))
    if not rows:
        return [_p("号码尚未分配。")]
    return [grid(["号码", "姓名", "单位"] * per_row, rows,
                           widths=cols(*[13, 17, 28] * per_row))]


def result_sheets(book: Book) -> list:
    """One blank sheet per event round for the referees (成绩记录表)."""
    out = [_p("供裁判员记录成绩使用，可复印。", "small")]
    by_event = units_by_event(book)
    for event in book.events:
        if event.kind == "match":
            continue
        for rnd, group in groupby(by_event.get(event.id, []), key=lambda u: u.round):
            lines = max((len(u.slots) for u in group), default=8) or 8
            rows = [[str(n), "", "", "", "", ""] for n in range(1, min(lines, 16) + 1)]
            out.append(pdf.block(
                f"{event.name} {rnd.name} 成绩记录表（第____组）",
                grid(["道次/顺序", "号码", "姓名", "代表队", "成绩", "名次"], rows,
                               widths=cols(20, 20, 30, 44, 34, 26),
                               zebra=False),
                _p("裁判长：__________  记录员：__________  时间：__________", "small")))
    return out
