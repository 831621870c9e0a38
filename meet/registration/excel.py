"""The registration sheet (报名表) as an Excel workbook: build it, and read one back.

The sheet a team leader downloads:

* sheet ``报名表``: row 1 the meet's title, row 2 the delegation and its code, row 3 the
  header (``HEADERS``), then one row per person, the roster prefilled; drop-downs for
  性别, 职务, 工会会员 and each 报名项目 column (the meet's event names; a squad's
  reserve is the event name followed by ``（替补）``); the 身份证号 column is text, so
  Excel keeps all 18 characters; header rows and the 序号/姓名 columns frozen;
* sheet ``填表说明``: how to fill it in, then the list of events (the drop-downs' source).

Reading one back refuses, with one clear message, anything that is not a filled-in copy
of this template: an empty file, a CSV or an old .xls renamed .xlsx, a damaged or
oversized archive, a sheet without the template's header, merged cells in the table,
too many rows, another delegation's sheet. Formulas are never evaluated: a formula cell
is reported as an error of its row. Everything else (is the ID number valid? is the
event open to this athlete?) is checked by :mod:`meet.registration.excel_import`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

SHEET = "报名表"
HELP_SHEET = "填表说明"
TITLE_ROW, DELEGATION_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1
FIELDS = (
    ("seq", "序号", 6), ("name", "姓名", 12), ("gender", "性别", 7),
    ("id_number", "身份证号", 22), ("role", "职务", 11), ("phone", "手机号码", 15),
    ("employer", "工作单位", 24), ("union_member", "工会会员", 10),
)
HEADERS = tuple(f[1] for f in FIELDS)
EVENT_HEADER = "报名项目"
EVENT_WIDTH = 24
ROLE_LABELS = {"运动员": "athlete", "领队": "leader", "教练": "coach", "队医": "doctor",
               "工作人员": "staff"}
ROLE_ORDER = ("leader", "coach", "doctor", "staff", "athlete")
GENDER_LABELS = {"男": "M", "女": "F"}
RESERVE_SUFFIX = "（替补）"
MAX_UNZIPPED = 80 * 1024 * 1024
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

THIN = Side(style="thin", color="B7BCC6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F6E3E6")
BOLD = Font(bold=True)


class SheetRefused(Exception):
    """A file that cannot be read as this meet's registration sheet (one message)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EventChoice:
    code: str
    name: str
    is_team: bool
    reserves: int
    gender: str = ""
    detail: str = ""


@dataclass
class PersonLine:
    """One prefilled row of the template."""

    name: str
    gender: str
    id_number: str
    role: str
    phone: str = ""
    employer: str = ""
    union_member: bool = True
    events: list[str] = field(default_factory=list)


def event_columns(max_events_per_athlete: int, people: list[PersonLine]) -> int:
    """Individual events a person may enter, plus room for three relays or team events."""
    return max(max_events_per_athlete + 3, *(len(p.events) for p in people), 1)


def choice_labels(events: list[EventChoice]) -> list[str]:
    """The drop-down's entries: every event, then each squad's reserve label."""
    labels = [e.name for e in events]
    labels += [e.name + RESERVE_SUFFIX for e in events if e.is_team and e.reserves]
    return labels


def build_template(*, title: str, delegation_name: str, delegation_code: str,
                   events: list[EventChoice], people: list[PersonLine],
                   max_events_per_athlete: int, max_rows: int, instructions: list[str]
                   ) -> bytes:
    """The workbook the leader downloads, as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    n_events = event_columns(max_events_per_athlete, people)
    headers = [*HEADERS, *(f"{EVENT_HEADER}{i}" for i in range(1, n_events + 1))]
    widths = [w for *_x, w in FIELDS] + [EVENT_WIDTH] * n_events
    last_col = get_column_letter(len(headers))
    last_row = HEADER_ROW + max_rows

    ws.cell(TITLE_ROW, 1, f"{title} {SHEET}").font = Font(bold=True, size=14)
    ws.cell(DELEGATION_ROW, 1, _("代表队"))
    ws.cell(DELEGATION_ROW, 2, delegation_name).font = BOLD
    ws.cell(DELEGATION_ROW, 5, _("代表队序号"))
    ws.cell(DELEGATION_ROW, 6, delegation_code).font = BOLD
    ws.cell(DELEGATION_ROW, 6).number_format = "@"
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
        c = ws.cell(HEADER_ROW, col, text)
        c.font, c.fill, c.border = BOLD, HEAD_FILL, BOX
        c.alignment = Alignment(horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 22
    ws.freeze_panes = ws.cell(FIRST_ROW, 3)

    id_col = get_column_letter(HEADERS.index("身份证号") + 1)
    phone_col = get_column_letter(HEADERS.index("手机号码") + 1)
    for r in range(FIRST_ROW, last_row + 1):  # text cells: Excel must not eat the digits
        ws[f"{id_col}{r}"].number_format = "@"
        ws[f"{phone_col}{r}"].number_format = "@"
    for i, p in enumerate(sorted(people, key=lambda p: ROLE_ORDER.index(p.role)), 1):
        r = HEADER_ROW + i
        values = [i, p.name, _gender_label(p.gender), p.id_number, _role_label(p.role),
                  p.phone, p.employer, "是" if p.union_member else "否", *p.events]
        for col, value in enumerate(values, 1):
            ws.cell(r, col, value).border = BOX

    _validations(ws, wb, events, n_events, last_row)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{last_col}{max(HEADER_ROW + len(people), FIRST_ROW + 20)}"
    _help_sheet(wb, events, instructions)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _gender_label(code: str) -> str:
    return {v: k for k, v in GENDER_LABELS.items()}.get(code, "")


def _role_label(code: str) -> str:
    return {v: k for k, v in ROLE_LABELS.items()}.get(code, "")


def _validations(ws, wb, events: list[EventChoice], n_events: int, last_row: int) -> None:
    def column(key: str) -> str:
        return get_column_letter(HEADERS.index(key) + 1)

    def add(dv: DataValidation, col_from: str, col_to: str | None = None) -> None:
        dv.error_title = _("输入有误")
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{col_from}{FIRST_ROW}:{col_to or col_from}{last_row}")

    add(DataValidation(type="list", formula1='"男,女"', allow_blank=True,
                       error=_("性别请选择“男”或“女”。")), column("性别"))
    add(DataValidation(type="list", formula1='"' + ",".join(ROLE_LABELS) + '"',
                       allow_blank=True, error=_("职务请从下拉列表中选择。")), column("职务"))
    add(DataValidation(type="list", formula1='"是,否"', allow_blank=True,
                       error=_("工会会员请选择“是”或“否”。")), column("工会会员"))
    add(DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                       error=_("身份证号应为 18 位。")), column("身份证号"))
    labels = choice_labels(events)
    first = len(HEADERS) + 1
    ref = f"'{HELP_SHEET}'!$B${_EVENTS_AT + 1}:$B${_EVENTS_AT + max(len(labels), 1)}"
    wb.defined_names["EventChoices"] = DefinedName("EventChoices", attr_text=ref)
    add(DataValidation(type="list", formula1="EventChoices", allow_blank=True,
                       error=_("请从下拉列表中选择本届运动会的项目。")),
        get_column_letter(first), get_column_letter(first + n_events - 1))


_EVENTS_AT = 20  # the help sheet's event list starts under this row


def _help_sheet(wb, events: list[EventChoice], instructions: list[str]) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 60
    ws.cell(1, 1, _("填表说明")).font = Font(bold=True, size=14)
    for i, line in enumerate(instructions[: _EVENTS_AT - 3], 2):
        ws.cell(i, 1, f"{i - 1}.")
        ws.cell(i, 2, line)
    head = (_("项目代码"), _("可选填的项目名称"), _("说明"))
    for col, text in enumerate(head, 1):
        c = ws.cell(_EVENTS_AT, col, text)
        c.font, c.fill, c.border = BOLD, HEAD_FILL, BOX
    details = {e.name: e for e in events}
    for i, label in enumerate(choice_labels(events), _EVENTS_AT + 1):
        e = details.get(label) or details[label.removesuffix(RESERVE_SUFFIX)]
        reserve = label.endswith(RESERVE_SUFFIX)
        ws.cell(i, 1, e.code).border = BOX
        ws.cell(i, 2, label).border = BOX
        ws.cell(i, 3, _("替补队员") if reserve else e.detail).border = BOX
    ws.freeze_panes = ws.cell(_EVENTS_AT + 1, 1)


# --- reading -------------------------------------------------------------------------


@dataclass
class Sheet:
    """What was read: the delegation code on row 2, the number of event columns, and
    the non-empty rows as ``{"row", "cells", "events", "problems"}`` dicts (JSON-safe)."""

    delegation_code: str
    rows: list[dict]


def read_sheet(data: bytes, filename: str, *, max_rows: int) -> Sheet:
    """Read an uploaded sheet, or raise :class:`SheetRefused`."""
    _check_container(data, filename)
    try:
        wb = load_workbook(BytesIO(data), data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a damaged archive
        raise SheetRefused(_("文件已损坏，或不是 Excel 报名表（.xlsx），无法读取。")) from None
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    n_events = _check_header(ws)
    for merged in ws.merged_cells.ranges:
        if merged.max_row >= HEADER_ROW:
            raise SheetRefused(_("表格中有合并单元格（%(ref)s）。请取消合并，每人一行、每格一项后"
                                 "再上传。", ref=merged.coord))
    rows = []
    for r, cells in enumerate(ws.iter_rows(min_row=FIRST_ROW,
                                           max_col=len(HEADERS) + n_events), FIRST_ROW):
        line = _read_row(r, cells, n_events)
        if line is not None:
            rows.append(line)
            if len(rows) > max_rows:
                raise SheetRefused(_("表格超过 %(n)d 行。一个代表队的报名表最多 %(n)d 人，"
                                     "请删除多余的行。", n=max_rows))
    code = _text(ws.cell(DELEGATION_ROW, 6).value)
    return Sheet(code, rows)


def _check_container(data: bytes, filename: str) -> None:
    if not data:
        raise SheetRefused(_("上传的文件是空的（0 字节）。请选择填好的报名表。"))
    if data[:4] != b"PK\x03\x04":
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise SheetRefused(_("这是旧版 Excel 97-2003（.xls）文件。请在 Excel 或 WPS 中"
                                 "“另存为” Excel 工作簿（.xlsx）后再上传。"))
        if _looks_like_text(data):
            raise SheetRefused(_("这是一个文本（CSV）文件，只是扩展名改成了 .xlsx。请在 Excel"
                                 " 或 WPS 中打开报名表模板填写，并保存为 .xlsx。"))
        raise SheetRefused(_("这不是 Excel 报名表（.xlsx）文件。"))
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
            unzipped = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetRefused(_("文件已损坏，或不是 Excel 报名表（.xlsx），无法读取。")) from None
    if "xl/workbook.xml" not in names:
        raise SheetRefused(_("这不是 Excel 工作簿（可能是 Word 或其他格式的文件）。"))
    if unzipped > MAX_UNZIPPED:
        raise SheetRefused(_("表格内容过大。请只保留报名表本身，删除图片和多余的工作表。"))
    if not filename.lower().endswith((".xlsx", ".xlsm")):
        raise SheetRefused(_("请上传扩展名为 .xlsx 的报名表。"))


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "\x00" not in text
    return False


def _check_header(ws) -> int:
    """The number of 报名项目 columns, or refuse a sheet without the template's header."""
    found = [_text(ws.cell(HEADER_ROW, col).value) for col in range(1, len(HEADERS) + 1)]
    if found[:2] != list(HEADERS[:2]):
        raise SheetRefused(_("这不是本系统的报名表模板：第 %(row)d 行应为表头（序号、姓名、性别、"
                             "身份证号……）。请下载报名表模板，在模板中填写后上传。",
                             row=HEADER_ROW))
    for col, (want, got) in enumerate(zip(HEADERS, found, strict=True), 1):
        if want != got:
            raise SheetRefused(_("表头与报名表模板不符：%(col)s 列应为“%(want)s”，实际为“%(got)s”。"
                                 "请不要增删或移动列，重新下载模板填写。",
                                 col=get_column_letter(col), want=want, got=got or _("空")))
    n = 0
    while True:
        text = _text(ws.cell(HEADER_ROW, len(HEADERS) + n + 1).value)
        if text != f"{EVENT_HEADER}{n + 1}":
            if text:
                raise SheetRefused(_("表头与报名表模板不符：%(col)s 列“%(got)s”不是模板中的列。",
                                     col=get_column_letter(len(HEADERS) + n + 1), got=text))
            return n
        n += 1


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_row(r: int, cells, n_events: int) -> dict | None:
    values, problems = {}, []
    for (key, header, _w), cell in zip(FIELDS, cells[:len(FIELDS)], strict=True):
        if key == "seq":  # a running number, often a formula (=ROW()-3): never read
            continue
        if cell.data_type == "f" or type(cell.value).__name__ == "ArrayFormula":
            problems.append([header, _("这一格是公式，报名表只接受直接填写的内容，请改为文字。")])
            values[key] = ""
            continue
        if key == "id_number" and isinstance(cell.value, (int, float)):
            problems.append([header, _("身份证号被表格软件存成了数字（末几位可能已丢失）。"
                                       "请把这一列设为“文本”格式后重新输入。")])
        values[key] = _text(cell.value)
    events = []
    for i, cell in enumerate(cells[len(FIELDS): len(FIELDS) + n_events], 1):
        header = f"{EVENT_HEADER}{i}"
        if cell.data_type == "f":
            problems.append([header, _("这一格是公式，报名表只接受直接填写的内容，请改为文字。")])
        elif (text := _text(cell.value)):
            events.append([header, text])
    if not any(values.values()) and not events and not problems:
        return None
    return {"row": r, "cells": values, "events": events, "problems": problems}
