"""The order book (秩序册) as an A4 PDF, in the order Chinese order books use:

1. cover: the meet's name, edition, theme, organisers (主办/承办/协办), dates, place;
2. organisation: the organising committee (组委会), the jury of appeal (仲裁委员会), the
   referees (裁判员名单) with their events;
3. the competition regulations (竞赛规程): entry limits, scoring, awards, from the meet;
4. the delegations (代表队名单): leader, coaches, staff, then athletes with bib numbers
   and events, names by surname strokes (姓氏笔画) or in registration order;
5. the timetable (竞赛日程), day by day;
6. the start lists (竞赛分组): every heat, flight, session and match, a heat never
   split across two pages;
7. counts (人数统计), the records (大会纪录), the bib-to-name table (号码对照表), and
   blank result sheets (成绩记录表) for the referees.

Sources: research note cn_meet.md §4 (秩序册 contents and schedule row layout). Built
with the shared PDF layer :mod:`meet.documents.pdf` (embedded CJK font, page numbers,
table of contents); always in the background (:mod:`meet.schedule.jobs`).
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph

from meet.documents import pdf
from meet.schedule import orderbook_parts as parts
from meet.schedule.orderbook_data import Book, gather


def story(book: Book, progress: Callable[[str, int], None]) -> list:
    st = pdf.styles()
    out = parts.cover(book) + [PageBreak(), Paragraph("目  录", st["title"]),
                               pdf.table_of_contents(), PageBreak()]
    steps = [("组织机构", parts.organisation), ("竞赛规程", parts.regulations),
             ("代表队名单", parts.delegations), ("竞赛日程", parts.timetable),
             ("竞赛分组", parts.start_lists), ("人数统计", parts.counts),
             ("大会纪录", parts.records), ("号码对照表", parts.bib_table),
             ("成绩记录表", parts.result_sheets)]
    for n, (name, make) in enumerate(steps):
        progress(name, 10 + 50 * n // len(steps))
        out += [pdf.Heading(f"{_numeral(n + 1)}、{name}"), *make(book), PageBreak()]
    return out[:-1]


def _numeral(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if n <= 10 else str(n)


class _CountingCanvas(Canvas):
    """Holds every page until the end, then writes "第 n 页 / 共 N 页" on each: the
    total is known in one layout pass instead of a second build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(pdf.font_name(), 8)
            self.setFillColor(pdf.MUTED)
            self.drawCentredString(self._pagesize[0] / 2, 10 * mm,
                                   pdf.page_label(self._pageNumber, total))
            self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)


class _Document(pdf.MeetDocument):
    """The shared A4 page, its footer written by :class:`_CountingCanvas`."""

    def _decorate(self, canvas: Canvas, doc) -> None:
        w, h = doc.pagesize
        canvas.saveState()
        canvas.setFont(pdf.font_name(), 8)
        canvas.setFillColor(pdf.MUTED)
        canvas.drawString(doc.leftMargin, h - 12 * mm, self.header)
        canvas.drawRightString(w - doc.rightMargin, h - 12 * mm, self.doc_title)
        canvas.setStrokeColor(pdf.LINE)
        canvas.line(doc.leftMargin, h - 13.5 * mm, w - doc.rightMargin, h - 13.5 * mm)
        canvas.restoreState()


def build_fresh(make: Callable[[], list], *, title: str, header: str) -> bytes:
    """Lay out ``make()`` (multiBuild: a second pass only when there is a table of
    contents). Each build takes a FRESH story: a flowable laid out once (a heading split
    at a page's foot) cannot be laid out again, which ``pdf.MeetDocument.build_all``
    (two builds of one story) trips over on long books."""
    out = BytesIO()
    _Document(out, title=title, header=header).multiBuild(make(), canvasmaker=_CountingCanvas)
    return out.getvalue()


def render_book(book: Book, progress: Callable[[str, int], None] | None = None) -> bytes:
    report = progress or (lambda stage, percent: None)

    def make() -> list:
        return story(book, report)

    return build_fresh(make, title="秩序册", header=book.meet.name)


def delegation_start_lists(book: Book, delegation) -> bytes:
    """One delegation's heats and matches: when, where, with whom, in which lane."""
    st = pdf.styles()
    rows = []
    for item in book.items:
        ours = [p for p in item.persons if p.delegation_id == delegation.id]
        maybe = not ours and any(p.delegation_id == delegation.id for p in item.potential)
        if not ours and not maybe:
            continue
        lane = ""
        for slot in item.unit.slots:
            entry = book.entries.get(slot.entry_id or 0)
            if entry and entry.delegation_id == delegation.id:
                lane = str(slot.lane or slot.position)
        names = "、".join(f"{p.bib or ''} {p.name}".strip() for p in ours) or "（如晋级）"
        where = (item.venue.name if item.venue else "") + (
            f" {item.unit.court}号" if item.unit.court else "")
        rows.append([f"{item.start.month}月{item.start.day}日 {item.start:%H:%M}", where,
                     f"{item.event.name} {item.title}", lane, names])

    def make() -> list:
        return [Paragraph(f"{delegation.name} 参赛日程与分组", st["h1"]),
                pdf.data_table(["时间", "场地", "项目 赛次 组别", "道次/顺序", "运动员"], rows,
                               widths=parts.cols(28, 30, 52, 16, 48))
                if rows else Paragraph("本队暂无已编排的比赛。", st["body"])]

    return build_fresh(make, title=f"{delegation.display_name}竞赛分组", header=book.meet.name)


def build_order_book(meet, folder: Path, build_id: int,
                     progress: Callable[[str, int], None] | None = None) -> dict:
    """Write the book (PDF and .xlsx) and each delegation's start lists; answer the
    files written."""
    from meet.schedule.orderbook_xlsx import workbook

    report = progress or (lambda stage, percent: None)
    report("读取数据", 2)
    book = gather(meet)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"meet{meet.id}-{build_id}"
    data = render_book(book, report)
    Path(f"{stem}.pdf").write_bytes(data)
    report("Excel", 80)
    Path(f"{stem}.xlsx").write_bytes(workbook(book))
    files = {"pdf": f"{stem}.pdf", "xlsx": f"{stem}.xlsx", "delegations": {}}
    for n, d in enumerate(book.delegations):
        report("各队分组", 85 + 14 * n // max(1, len(book.delegations)))
        path = f"{stem}-d{d.id}.pdf"
        Path(path).write_bytes(delegation_start_lists(book, d))
        files["delegations"][str(d.id)] = path
    return files

