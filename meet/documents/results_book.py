"""The results book (成绩册), laid out as Chinese results books are:

封面 (cover: the meet, 成绩册, theme, dates, place, hosts) → 目录 (contents) → 团体总分
(overall, then per unit kind) → 奖牌榜 (likewise) → 破纪录情况 (new meet records) →
各项目成绩 (every event in the regulations' order, men before women, the final places
with points, then round by round every published heat, flight or match with marks,
statuses and records) → 表彰名单 (the honours). A4, Chinese, page numbers, built on the
shared PDF layer :mod:`meet.documents.pdf`. Built in the background
(:func:`meet.standings.operations.run_build`), never inside a request.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from meet.documents import pdf
from meet.models import Meet
from meet.rules.standings import format_points
from meet.standings import queries, tables

AWARD_TITLES = {
    "sportsmanship_delegation": "体育道德风尚奖（代表队）",
    "sportsmanship_athlete": "体育道德风尚奖（运动员）",
    "sportsmanship_referee": "体育道德风尚奖（裁判员）",
    "organisation": "优秀组织奖",
}
STATUS_TEXT = {"DNS": "弃权", "DNF": "未完成", "DQ": "犯规", "NM": "无成绩", "r": "退赛"}


def _cover(meet: Meet) -> list:
    st = pdf.styles()
    big = st["title"].clone("cover", fontSize=28, leading=40)
    sub = st["title"].clone("coversub", fontSize=44, leading=60, textColor=pdf.RED)
    line = st["body"].clone("coverline", fontSize=13, leading=22, alignment=1)
    hosts = (meet.organisers or {}).get("hosts") or []
    organisers = (meet.organisers or {}).get("organisers") or []
    story = [Spacer(1, 45 * mm), Paragraph(meet.name, big), Spacer(1, 12 * mm),
             Paragraph("成 绩 册", sub), Spacer(1, 30 * mm)]
    if meet.theme:
        story.append(Paragraph(meet.theme, line))
    story.append(Paragraph(pdf.date_range(meet.start_date, meet.end_date), line))
    if meet.location:
        story.append(Paragraph(meet.location, line))
    story.append(Spacer(1, 20 * mm))
    if hosts:
        story.append(Paragraph("主办单位：" + "、".join(hosts), line))
    if organisers:
        story.append(Paragraph("承办单位：" + "、".join(organisers), line))
    story.append(PageBreak())
    return story


def _medal_rows(lines) -> list:
    return [[m.rank, m.team.name, m.gold, m.silver, m.bronze, m.total] for m in lines]


def _points_rows(lines) -> list:
    return [[p.rank, p.team.name, format_points(p.points),
             *[n for n in p.places[:8]]] for p in lines]


def _tables(snap: tables.Snapshot) -> list:
    st = pdf.styles()
    story: list = [pdf.Heading("团体总分", 0)]
    depth = len(snap.points["all"][0].places[:8]) if snap.points["all"] else 8
    head = ["名次", "代表队", "总分", *[f"{i}" for i in range(1, depth + 1)]]
    widths = [12 * mm, 60 * mm, 18 * mm] + [(174 - 90) / max(depth, 1) * mm] * depth
    kinds = [s for s in snap.scopes if s.key.startswith("kind:")]
    for scope, title in [(snap.scopes[0], "总分（全部代表队）"), *[(k, k.name) for k in kinds]]:
        rows = _points_rows(snap.points[scope.key])
        story.append(pdf.Heading(title, 1))
        story.append(pdf.data_table(head, rows, widths=widths) if rows
                     else Paragraph("尚无得分。", st["small"]))
    story.append(Paragraph("表中1—8列为获得各名次的次数；总分相同以第一名多者列前，依次类推。",
                           st["small"]))
    story += [PageBreak(), pdf.Heading("奖牌榜", 0)]
    head = ["名次", "代表队", "金牌", "银牌", "铜牌", "合计"]
    widths = [14 * mm, 80 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm]
    for scope, title in [(snap.scopes[0], "奖牌榜（全部代表队）"), *[(k, k.name) for k in kinds]]:
        rows = _medal_rows(snap.medals[scope.key])
        story.append(pdf.Heading(title, 1))
        story.append(pdf.data_table(head, rows, widths=widths) if rows
                     else Paragraph("尚无奖牌。", st["small"]))
    return story


def _records(meet: Meet, snap: tables.Snapshot, events: list) -> list:
    st = pdf.styles()
    story: list = [PageBreak(), pdf.Heading("破纪录情况", 0)]
    standing = queries.standing_records(meet.id)
    labels = queries.entry_labels({r[1] for r in snap.new_records})
    rows = []
    names = {e.id: e.name for e in events}
    for event_id, entry_id, _d, mark in snap.new_records:
        who, _b, d = labels[entry_id]
        old = standing.get(event_id)
        rows.append([names.get(event_id, ""), mark, who, d.name,
                     f"{old.mark}（{old.holder}，{old.year}）" if old else "—"])
    if rows:
        story.append(pdf.data_table(["项目", "成绩", "创造者", "代表队", "原纪录"], rows,
                                    widths=[36 * mm, 22 * mm, 36 * mm, 40 * mm, 40 * mm]))
    else:
        story.append(Paragraph("本届运动会未破大会纪录。", st["body"]))
    return story


def _mark(line) -> str:
    text = STATUS_TEXT.get(line.status, line.status) if line.status != "OK" else line.mark
    return f"{text} {line.record}".strip()


def _events(meet: Meet, snap: tables.Snapshot, events: list) -> list:
    st = pdf.styles()
    story: list = [PageBreak(), pdf.Heading("各项目成绩", 0)]
    standing = queries.standing_records(meet.id)
    for ev in events:
        places = queries.final_places(ev.id)
        rounds = queries.rounds_with_results(ev.id)
        if not places and not rounds:
            continue
        lead: list = [pdf.Heading(ev.name, 1)]  # kept on the page of its first table
        rec = standing.get(ev.id)
        if rec:
            lead.append(Paragraph(f"大会纪录：{rec.mark}　{rec.holder}（{rec.delegation_name}，"
                                  f"{rec.year}年）", st["small"]))
        blocks: list[tuple[str, list[str], list]] = []
        if places:
            blocks.append(("最终名次", ["名次", "姓名/队名", "代表队", "成绩", "得分"], [
                [ln.place or "", ln.names, ln.delegation.name, _mark(ln),
                 format_points(snap.entry_points.get((ev.id, ln.entry_id), 0)) or ""]
                for ln in places]))
        for rnd, units in rounds:
            for unit, lines in units:
                label = rnd.name + (f"　{unit.heat_label}" if unit.heat_label and (
                    len(units) > 1 or unit.label) else "")
                blocks.append((label, ["名次", "姓名/队名", "代表队", "成绩", "备注"], [
                    [ln.place or "", ln.names, ln.delegation.name, _mark(ln), ln.extra]
                    for ln in lines]))
        for i, (label, header, rows) in enumerate(blocks):
            table = pdf.data_table(header, rows,
                                   widths=[14 * mm, 52 * mm, 54 * mm, 34 * mm, 20 * mm])
            title = Paragraph(label, st["body"])
            story.append(KeepTogether([*lead, title, table, Spacer(1, 3 * mm)]) if i == 0
                         else pdf.block(title, table))
    return story


def _awards(meet: Meet) -> list:
    st = pdf.styles()
    story: list = [PageBreak(), pdf.Heading("表彰名单", 0)]
    awards = queries.awards(meet.id)
    for kind, title in AWARD_TITLES.items():
        story.append(pdf.Heading(title, 1))
        named = awards.get(kind, [])
        if not named:
            story.append(Paragraph("（未评出）", st["small"]))
            continue
        names = []
        for a in named:
            if a.person:
                names.append(f"{a.person.name}（{a.delegation.name if a.delegation else ''}）")
            elif a.user:
                names.append(a.user.display_name or a.user.username)
            else:
                names.append(a.delegation.name)
        story.append(Paragraph("　".join(names), st["body"]))
    return story


def build_results_book(meet: Meet) -> tuple[bytes, int]:
    """The whole book as PDF bytes, and its number of pages."""
    snap = tables.snapshot(meet)
    events = queries.events_in_order(meet.id)
    st = pdf.styles()
    story = _cover(meet)
    story += [Paragraph("目　录", st["title"]), pdf.table_of_contents(), PageBreak()]
    story += _tables(snap)
    story += _records(meet, snap, events)
    story += _events(meet, snap, events)
    story += _awards(meet)
    out = BytesIO()
    doc = pdf.MeetDocument(out, title=f"{meet.name}成绩册", header=meet.name)
    doc.build_all(story)
    return out.getvalue(), doc.page
