"""Every public table as .xlsx and CSV: medal table, team points (any scope), records,
honours, and an event's final places. CSV is UTF-8 with a BOM so Excel on a Chinese
Windows opens it in the right encoding; points are printed without float noise."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from meet.extensions import db
from meet.i18n import localised
from meet.models import Event, Meet
from meet.rules.standings import format_points
from meet.standings import queries, tables
from meet.standings.forms import AWARD_NAMES

__all__ = ["Table", "format_points", "respond", "table"]


@dataclass
class Table:
    name: str  # file name, without extension
    title: str
    header: list[str]
    rows: list[list]


def _scope_title(snap: tables.Snapshot, scope: str) -> str:
    found = next((s for s in snap.scopes if s.key == scope), None)
    return "" if found is None or scope == "all" else f"（{localised(found)}）"


def table(name: str, meet: Meet, snap: tables.Snapshot, scope: str = "all") -> Table | None:
    """The table called ``name``: medals, points, records, awards, results-<event id>."""
    if name == "medals":
        return Table(f"medals-{scope.replace(':', '-')}", _("奖牌榜") + _scope_title(snap, scope),
                     [_("名次"), _("代表队"), _("金牌"), _("银牌"), _("铜牌"), _("合计")],
                     [[m.rank, m.team.name, m.gold, m.silver, m.bronze, m.total]
                      for m in snap.medals[scope]])
    if name == "points":
        depth = len(snap.points[scope][0].places) if snap.points[scope] else 0
        return Table(f"points-{scope.replace(':', '-')}", _("团体总分") + _scope_title(snap, scope),
                     [_("名次"), _("代表队"), _("总分"),
                      *[_("第%(n)s名", n=i) for i in range(1, depth + 1)]],
                     [[p.rank, p.team.name, format_points(p.points), *p.places]
                      for p in snap.points[scope]])
    if name == "records":
        standing = queries.standing_records(meet.id)
        labels = queries.entry_labels({r[1] for r in snap.new_records})
        rows = []
        for ev in queries.events_in_order(meet.id):
            rec = standing.get(ev.id)
            if rec:
                rows.append([ev.name, rec.mark, rec.holder, rec.delegation_name, rec.year, ""])
            for event_id, entry_id, _d, mark in snap.new_records:
                if event_id == ev.id:
                    who, _bibs, d = labels[entry_id]
                    rows.append([ev.name, mark, who, d.name, meet.start_date.year,
                                 _("新纪录")])
        return Table("records", _("大会纪录"),
                     [_("项目"), _("成绩"), _("纪录保持者"), _("单位"), _("年份"), _("备注")],
                     rows)
    if name == "awards":
        rows = []
        for kind, awards in queries.awards(meet.id).items():
            for a in awards:
                who = (a.person.name if a.person else a.user.display_name or a.user.username
                       if a.user else "")
                rows.append([str(AWARD_NAMES[kind]), a.delegation.name if a.delegation else "",
                             who])
        return Table("awards", _("表彰名单"), [_("奖项"), _("代表队"), _("姓名")], rows)
    if name.startswith("results-") and name[8:].isdigit():
        event = db.session.get(Event, int(name[8:]))
        if event is None or event.meet_id != meet.id:
            return None
        return Table(f"results-{event.code}", event.name,
                     [_("名次"), _("姓名/队名"), _("代表队"), _("成绩"), _("状态"), _("纪录"),
                      _("得分")],
                     [[ln.place or "", ln.names, ln.delegation.name, ln.mark,
                       "" if ln.status == "OK" else ln.status, ln.record,
                       format_points(snap.entry_points.get((event.id, ln.entry_id), 0))]
                      for ln in queries.final_places(event.id)])
    return None


def to_csv(t: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(t.header)
    writer.writerows(t.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(t: Table) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = t.title[:31].replace("（", "(").replace("）", ")") or "table"
    ws.append([t.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(t.header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in t.rows:
        ws.append(list(row))
    for i, _h in enumerate(t.header, 1):
        width = max([len(str(t.header[i - 1]))] + [len(str(r[i - 1])) for r in t.rows]) + 2
        ws.column_dimensions[ws.cell(2, i).column_letter].width = min(40, width * 1.6)
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def respond(t: Table, fmt: str) -> Response:
    if fmt == "csv":
        data, mime = to_csv(t), "text/csv; charset=utf-8"
    else:
        data = to_xlsx(t)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    filename = f"{t.name}.{fmt}"
    return Response(data, mimetype=mime, headers={
        "Content-Disposition": f"attachment; filename={filename}; "
                               f"filename*=UTF-8''{quote(t.title + '.' + fmt)}"})
