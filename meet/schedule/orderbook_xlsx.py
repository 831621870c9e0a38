"""The order book (秩序册) as an Excel workbook, for the secretariat to edit: one sheet
per section (timetable, start lists, delegations, counts, bib table), plain cells."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from meet.schedule.orderbook_data import Book, athletes, entry_counts, units_by_event

GENDER = {"M": "男", "F": "女"}
ROLE = {"athlete": "运动员", "leader": "领队", "coach": "教练", "doctor": "队医",
        "staff": "工作人员"}


def _sheet(wb: Workbook, title: str, header: list[str], rows, widths: list[int]):
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    return ws


def workbook(book: Book) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "竞赛日程", ["日期", "开始", "结束", "场地", "场地号", "项目", "赛次", "组/场",
                        "人数"],
           ([f"{i.start:%Y-%m-%d}", f"{i.start:%H:%M}", f"{i.end:%H:%M}",
             i.venue.name if i.venue else "", i.unit.court, i.event.name, i.round.name,
             i.unit.label, len(i.persons)] for i in book.items),
           [12, 8, 8, 24, 8, 24, 12, 14, 8])
    rows = []
    by_event = units_by_event(book)
    for event in book.events:
        for u in by_event.get(event.id, []):
            for slot in u.slots:
                people = book.members.get(slot.entry_id or 0, [])
                entry = book.entries.get(slot.entry_id or 0)
                rows.append([event.name, u.round.name, u.heat_label,
                             book.when(u), slot.lane or slot.position,
                             entry.delegation.name if entry else book.side(slot),
                             "、".join(p.bib or "" for p in people),
                             "、".join(p.name for p in people)])
    _sheet(wb, "竞赛分组", ["项目", "赛次", "组/场", "时间", "道次/顺序", "代表队", "号码",
                        "姓名"], rows, [24, 12, 14, 16, 10, 26, 16, 30])
    rows = []
    for d in book.delegations:
        for p in book.people.get(d.id, []):
            rows.append([d.code, d.name, ROLE.get(p.role, p.role),
                         p.bib or "", p.name, GENDER.get(p.gender, ""),
                         "、".join(e.name for e in book.events_of.get(p.id, []))])
    _sheet(wb, "代表队名单", ["代码", "代表队", "身份", "号码", "姓名", "性别", "参赛项目"], rows,
           [6, 26, 10, 8, 10, 6, 50])
    per_event, teams = entry_counts(book)
    _sheet(wb, "人数统计", ["项目", "报名数", "参赛队数"],
           ([e.name, per_event.get(e.id, 0), teams.get(e.id, 0)] for e in book.events),
           [28, 10, 10])
    team = {d.id: d.name for d in book.delegations}
    bibs = sorted((p for d in book.delegations for p in athletes(book, d.id) if p.bib),
                  key=lambda p: (len(p.bib), p.bib))
    _sheet(wb, "号码对照", ["号码", "姓名", "代表队"],
           ([p.bib, p.name, team.get(p.delegation_id, "")] for p in bibs), [8, 10, 28])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
