"""The shared PDF layer: one embedded CJK font, A4 pages with a header and page numbers,
tables that repeat their header, blocks that never split, a table of contents.

Every printed document (badges, the order book 秩序册, the results book 成绩册,
certificates, roster exports) builds on this module.

The font
--------
Chinese must print the same on the organiser's office PC as on the server, so the font
is EMBEDDED (subset) in every PDF. reportlab embeds only TrueType outlines (glyf); it
refuses CFF/OpenType-CFF fonts ("postscript outlines are not supported"). What was
checked, in the order asked:

(a) PyPI: no maintained package ships a TrueType CJK font on its own. ``mpl-font`` 1.1.0
    (2022) carries ``wqy-microhei.ttc`` inside a 57 MB wheel that requires matplotlib and
    four CFF Noto OTFs reportlab cannot use; ``mplfonts`` ships CFF Noto/Source Han fonts.
    Neither is a sound runtime dependency.
(b) Debian: ``fonts-noto-cjk`` (installed for the browser tests) is CFF: reportlab refuses
    it. ``fonts-wqy-microhei`` (WenQuanYi Micro Hei, a TrueType ``.ttc``, Apache-2.0 or
    GPLv3 with the font embedding exception) works and is 5 MB; ``fonts-wqy-zenhei`` also.
    ``fonts-droid-fallback`` (Droid Sans Fallback, TrueType, Apache-2.0) is often present
    because Ghostscript depends on it.
(c) reportlab's CID font ``STSong-Light`` is never embedded: the viewer must supply a
    Chinese font. poppler on a machine with Noto CJK substitutes one, but a viewer without
    an Asian font pack shows nothing or boxes. Last resort only.

The font used is the first found of:

1. ``MEET_PDF_FONT`` (environment or app config): a path to any TrueType ``.ttf``/``.ttc``
   (e.g. a licensed 黑体), optional ``MEET_PDF_FONT_INDEX`` for a collection;
2. WenQuanYi Micro Hei as shipped in ``meet/documents/fonts/`` (Apache-2.0, see
   ``COPYRIGHT-wqy-microhei.txt``), so a fresh machine with only Python prints Chinese;
   then the system's copy (``fonts-wqy-microhei``);
3. WenQuanYi Zen Hei (``fonts-wqy-zenhei``);
4. Droid Sans Fallback (``fonts-droid-fallback``);
5. any TrueType font fontconfig lists for Chinese (``fc-list :lang=zh``);
6. ``STSong-Light`` (not embedded), with a warning in the log.

:func:`font_name` registers it once per process and answers its reportlab name. The font
has one weight; :func:`bold_text` draws heavier strokes for names and headings.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

log = logging.getLogger(__name__)

FONT = "MeetCJK"
FALLBACK_CID = "STSong-Light"
BUNDLED = os.path.join(os.path.dirname(__file__), "fonts", "wqy-microhei.ttc")
CANDIDATES: tuple[tuple[str, int], ...] = (
    (BUNDLED, 0),  # shipped with meet (Apache-2.0): Chinese prints on a fresh machine
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
INK = colors.HexColor("#1d1d1f")
MUTED = colors.HexColor("#6b6f76")
LINE = colors.HexColor("#d9dbe0")
RED = colors.HexColor("#c8102e")

_lock = threading.Lock()
_registered: dict[str, str] = {}


@dataclass(frozen=True)
class FontChoice:
    name: str  # the reportlab font name to use
    path: str  # the file embedded, "" for the CID fallback
    embedded: bool


def _configured() -> list[tuple[str, int]]:
    path = os.environ.get("MEET_PDF_FONT", "")
    index = int(os.environ.get("MEET_PDF_FONT_INDEX", "0") or 0)
    try:
        from flask import current_app

        path = current_app.config.get("MEET_PDF_FONT", path) or path
        index = int(current_app.config.get("MEET_PDF_FONT_INDEX", index) or index)
    except RuntimeError:  # outside an app: the environment alone
        pass
    return [(path, index)] if path else []


def _fontconfig() -> list[tuple[str, int]]:
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh:fontformat=TrueType", "file", "index"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        index = rest.split("=")[-1].strip() if "index=" in rest else "0"
        found.append((path.strip(), int(index) if index.isdigit() else 0))
    return sorted(found)


def choose_font() -> FontChoice:
    """Register the first usable font of the order above and say which it is."""
    with _lock:
        if "choice" in _registered:
            name, path = _registered["choice"], _registered["path"]
            return FontChoice(name, path, bool(path))
        for path, index in [*_configured(), *CANDIDATES, *_fontconfig()]:
            if not path or not Path(path).is_file():
                continue
            try:
                pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=index))
            except (TTFError, OSError) as exc:
                log.info("PDF font %s not usable: %s", path, exc)
                continue
            _registered.update(choice=FONT, path=path)
            return FontChoice(FONT, path, True)
        log.warning("no embeddable CJK TrueType font found; PDFs use %s (not embedded). "
                    "Install fonts-wqy-microhei.", FALLBACK_CID)
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
        _registered.update(choice=FALLBACK_CID, path="")
        return FontChoice(FALLBACK_CID, "", False)


def font_name() -> str:
    return choose_font().name


def bold_text(canvas: Canvas, x: float, y: float, text: str, size: float,
              *, align: str = "left", weight: float = 0.035) -> None:
    """Draw ``text`` filled and stroked, so a single-weight font prints as bold."""
    canvas.saveState()
    canvas.setFont(font_name(), size)
    canvas.setLineWidth(size * weight)
    canvas.setStrokeColor(canvas._fillColorObj)
    t = canvas.beginText()
    t.setTextRenderMode(2)
    t.setFont(font_name(), size)
    width = pdfmetrics.stringWidth(text, font_name(), size)
    t.setTextOrigin(x - {"left": 0, "center": width / 2, "right": width}[align], y)
    t.textOut(text)
    canvas.drawText(t)
    canvas.restoreState()


def fit_size(text: str, size: float, width: float, minimum: float = 6) -> float:
    """The largest font size up to ``size`` at which ``text`` fits in ``width``."""
    real = pdfmetrics.stringWidth(text, font_name(), size)
    return size if real <= width else max(minimum, size * width / real)


# -- styles -------------------------------------------------------------------------

def styles() -> dict[str, ParagraphStyle]:
    f = font_name()
    base = ParagraphStyle("body", fontName=f, fontSize=10, leading=14, textColor=INK,
                          wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=1,
                                spaceAfter=6 * mm),
        "h1": ParagraphStyle("h1", parent=base, fontSize=15, leading=22, spaceBefore=4 * mm,
                             spaceAfter=2 * mm, textColor=RED, keepWithNext=1),
        # Headings keep with what follows: an event's name never ends a page alone.
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=3 * mm,
                             spaceAfter=1.5 * mm, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=11, leading=18),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=10, leading=15, leftIndent=8 * mm),
    }


# -- documents ----------------------------------------------------------------------

class Heading(Paragraph):
    """A heading that enters the table of contents at ``level`` (0 or 1)."""

    def __init__(self, text: str, level: int = 0):
        st = styles()
        super().__init__(text, st["h1" if level == 0 else "h2"])
        self.toc_level = level
        self.toc_text = text


class _NumberedCanvas(Canvas):
    """Holds every page until the end, then stamps "第 n 页 / 共 N 页" at each foot (the
    total is known only once the last page is laid out)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(font_name(), 8)
            self.setFillColor(MUTED)
            self.drawCentredString(self._pagesize[0] / 2, 10 * mm,
                                   page_label(self._pageNumber, total))
            self.restoreState()
            super().showPage()
        super().save()


class MeetDocument(BaseDocTemplate):
    """An A4 document: the meet's name at the top of every page, the document's title,
    "第 n 页 / 共 N 页" at the foot, and a table of contents fed by :class:`Heading`."""

    def __init__(self, output, *, title: str, header: str = "", author: str = "meet",
                 pagesize=A4, margins=(18 * mm, 18 * mm, 20 * mm, 18 * mm), **kw):
        super().__init__(output, pagesize=pagesize, title=title, author=author,
                         leftMargin=margins[0], rightMargin=margins[1],
                         topMargin=margins[2], bottomMargin=margins[3], **kw)
        self.header = header
        self.doc_title = title
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def afterFlowable(self, flowable: Flowable) -> None:
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=level, closed=True)
            self.notify("TOCEntry", (level, flowable.toc_text, self.page, key))

    def _decorate(self, canvas: Canvas, doc) -> None:
        w, h = doc.pagesize
        canvas.saveState()
        canvas.setFont(font_name(), 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(doc.leftMargin, h - 12 * mm, self.header)
        canvas.drawRightString(w - doc.rightMargin, h - 12 * mm, self.doc_title)
        canvas.setStrokeColor(LINE)
        canvas.line(doc.leftMargin, h - 13.5 * mm, w - doc.rightMargin, h - 13.5 * mm)
        canvas.restoreState()

    def build_all(self, story: list[Flowable]) -> None:
        """Lay out as many times as the table of contents needs (multiBuild); page
        numbers and the page total are stamped once the last page is known."""
        self.multiBuild(list(story), canvasmaker=_NumberedCanvas)


def page_label(number: int, total: int) -> str:
    return f"第 {number} 页 / 共 {total} 页" if total else f"第 {number} 页"


def table_of_contents() -> TableOfContents:
    st = styles()
    toc = TableOfContents()
    toc.levelStyles = [st["toc1"], st["toc2"]]
    toc.dotsMinLevel = 0
    return toc


def data_table(header: Sequence[str], rows: Iterable[Sequence], *,
               widths: Sequence[float] | None = None, zebra: bool = True) -> Table:
    """A table whose header row repeats on every page it runs onto."""
    st = styles()["cell"]
    body = [[Paragraph(str(c), st) if isinstance(c, str) else c for c in row] for row in rows]
    table = Table([[Paragraph(h, st) for h in header], *body], colWidths=widths, repeatRows=1)
    commands = [
        ("FONT", (0, 0), (-1, -1), font_name(), 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f2f5")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white,
                                                              colors.HexColor("#fafafa")]))
    table.setStyle(TableStyle(commands))
    return table


def block(heading: str | Heading, *flowables: Flowable,
          lead: Sequence[Flowable] = ()) -> KeepTogether:
    """A heading and what follows it, never split across pages (e.g. one heat);
    ``lead`` goes first on the same page (the event's name above its first heat)."""
    head = heading if isinstance(heading, Flowable) else Paragraph(heading, styles()["h2"])
    return KeepTogether([*lead, head, *flowables, Spacer(1, 3 * mm)])


def render(story: list[Flowable], *, title: str, header: str = "", toc: bool = False) -> bytes:
    """Build a whole A4 document and answer its bytes."""
    out = BytesIO()
    doc = MeetDocument(out, title=title, header=header)
    st = styles()
    full: list[Flowable] = [Paragraph(title, st["title"])]
    if toc:
        full += [table_of_contents(), Spacer(1, 6 * mm)]
    doc.build_all(full + story)
    return out.getvalue()


def date_range(start: dt.date, end: dt.date) -> str:
    """2027年5月1日—3日, 2027年4月30日—5月2日."""
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == end:
        return first
    if start.year != end.year:
        return f"{first}—{end.year}年{end.month}月{end.day}日"
    if start.month != end.month:
        return f"{first}—{end.month}月{end.day}日"
    return f"{first}—{end.day}日"
