"""Certificates (获奖证书): one per page, for places 1..N of published final places and
for the honours (体育道德风尚奖, 优秀组织奖), for one event, one delegation or the whole
meet. Two layouts the organiser chooses from:

* ``classic``: A4 portrait, red double frame, 荣誉证书 in large red type, the citation,
  the organising committee and the date at the foot (the common 奖状 form);
* ``banner``: A4 landscape, gold frame with a red band, 获奖证书, for framing.

The wording follows the usual form: "XXX（单位）：在XXXX运动会男子100米比赛中，荣获第一名。
特发此证，以资鼓励。" A team event names the delegation.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from meet.documents import pdf
from meet.extensions import db
from meet.models import Delegation, Event, EventPlace, Meet
from meet.standings import queries

NUMERALS = "一二三四五六七八九十"
GOLD = colors.HexColor("#b8860b")
AWARD_TITLES = {
    "sportsmanship_delegation": "体育道德风尚奖",
    "sportsmanship_athlete": "体育道德风尚奖",
    "sportsmanship_referee": "体育道德风尚奖",
    "organisation": "优秀组织奖",
}


@dataclass(frozen=True)
class Certificate:
    recipient: str  # who: a person, a squad's delegation
    unit: str  # the delegation, "" when the recipient is the delegation
    citation: str  # what for


def place_text(place: int) -> str:
    return f"第{NUMERALS[place - 1]}名" if 1 <= place <= 10 else f"第{place}名"


def certificates(meet: Meet, scope: str, target_id: int | None, places: int,
                 awards: bool = True) -> list[Certificate]:
    """The certificates of a scope, in the regulations' order of events, by place."""
    events = queries.events_in_order(meet.id)
    if scope == "event":
        events = [e for e in events if e.id == target_id]
    order = {e.id: i for i, e in enumerate(events)}
    q = db.select(EventPlace).where(
        EventPlace.event_id.in_(list(order)), EventPlace.published.is_(True),
        EventPlace.place.is_not(None), EventPlace.place <= places)
    if scope == "delegation":
        q = q.where(EventPlace.delegation_id == target_id)
    rows = sorted(db.session.scalars(q), key=lambda r: (order[r.event_id], r.place, r.entry_id))
    labels = queries.entry_labels({r.entry_id for r in rows})
    by_id: dict[int, Event] = {e.id: e for e in events}
    out = []
    for r in rows:
        ev = by_id[r.event_id]
        names, _bibs, d = labels[r.entry_id]
        what = f"在{meet.name}{ev.name}比赛中，荣获{place_text(r.place)}。"
        if ev.is_team or names == d.display_name:  # a squad, or an entry without names
            out.append(Certificate(d.name, "", what))
        else:
            for name in names.split("、"):
                out.append(Certificate(name, d.name, what))
    if awards and scope in ("meet", "delegation"):
        for kind, named in queries.awards(meet.id).items():
            for a in named:
                if scope == "delegation" and a.delegation_id != target_id:
                    continue
                what = f"在{meet.name}中，荣获“{AWARD_TITLES[kind]}”。"
                if a.person:
                    out.append(Certificate(a.person.name, a.delegation.name, what))
                elif a.user:
                    out.append(Certificate(a.user.display_name or a.user.username, "裁判员",
                                           what))
                else:
                    d = a.delegation or db.session.get(Delegation, a.delegation_id)
                    out.append(Certificate(d.name, "", what))
    return out


def _signature(meet: Meet) -> str:
    orgs = meet.organisers or {}
    return (orgs.get("committee") or f"{meet.name}组委会")


NO_LINE_START = "，。、；：！？）」』”’》"


def lines_of(text: str, width: float, size: float, indent: float = 0) -> list[str]:
    """Break Chinese text into lines of ``width``; punctuation never starts a line
    (避头点: the character before it moves down with it)."""
    font = pdf.font_name()
    lines: list[str] = []
    line = ""
    for ch in text:
        room = width - (indent if not lines else 0)
        if line and pdfmetrics.stringWidth(line + ch, font, size) > room:
            if ch in NO_LINE_START and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += ch
    if line:
        lines.append(line)
    return lines


def _paragraph(canvas: Canvas, text: str, x: float, y: float, width: float, size: float) -> None:
    canvas.setFont(pdf.font_name(), size)
    indent = size * 2
    for i, line in enumerate(lines_of(text, width, size, indent)):
        canvas.drawString(x + (indent if i == 0 else 0), y - size - i * size * 1.9, line)


def _classic(canvas: Canvas, meet: Meet, c: Certificate) -> None:
    w, h = A4
    canvas.setStrokeColor(pdf.RED)
    canvas.setLineWidth(4)
    canvas.rect(12 * mm, 12 * mm, w - 24 * mm, h - 24 * mm)
    canvas.setLineWidth(1)
    canvas.rect(16 * mm, 16 * mm, w - 32 * mm, h - 32 * mm)
    canvas.setFillColor(pdf.RED)
    pdf.bold_text(canvas, w / 2, h - 70 * mm, "荣 誉 证 书", 44, align="center")
    canvas.setFillColor(pdf.INK)
    who = c.recipient + (f"（{c.unit}）" if c.unit else "")
    size = pdf.fit_size(who + "：", 20, w - 60 * mm)
    pdf.bold_text(canvas, 30 * mm, h - 105 * mm, who + "：", size)
    _paragraph(canvas, c.citation + "特发此证，以资鼓励。", 30 * mm, h - 118 * mm,
               w - 60 * mm, 17)
    canvas.setFont(pdf.font_name(), 15)
    canvas.drawRightString(w - 30 * mm, 70 * mm, _signature(meet))
    canvas.drawRightString(w - 30 * mm, 60 * mm, pdf.date_range(meet.end_date, meet.end_date))


def _banner(canvas: Canvas, meet: Meet, c: Certificate) -> None:
    w, h = landscape(A4)
    canvas.setFillColor(pdf.RED)
    canvas.rect(0, h - 32 * mm, w, 32 * mm, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
    canvas.setFillColor(colors.white)
    pdf.bold_text(canvas, w / 2, h - 23 * mm, meet.name, pdf.fit_size(meet.name, 20, w - 60 * mm),
                  align="center")
    canvas.setFillColor(GOLD)
    pdf.bold_text(canvas, w / 2, h - 62 * mm, "获 奖 证 书", 40, align="center")
    canvas.setFillColor(pdf.INK)
    who = c.recipient + (f"　{c.unit}" if c.unit else "")
    pdf.bold_text(canvas, w / 2, h - 90 * mm, who, pdf.fit_size(who, 26, w - 70 * mm),
                  align="center")
    _paragraph(canvas, c.citation + "特发此证，以资鼓励。", 45 * mm, h - 102 * mm,
               w - 90 * mm, 17)
    canvas.setFont(pdf.font_name(), 14)
    canvas.drawRightString(w - 35 * mm, 32 * mm, _signature(meet))
    canvas.drawRightString(w - 35 * mm, 23 * mm, pdf.date_range(meet.end_date, meet.end_date))


def build_certificates(meet: Meet, scope: str, target_id: int | None = None, places: int = 3,
                       layout: str = "classic", awards: bool = True) -> tuple[bytes, int]:
    """One certificate per page; an empty scope gives one page that says so."""
    items = certificates(meet, scope, target_id, places, awards)
    size = A4 if layout == "classic" else landscape(A4)
    out = BytesIO()
    canvas = Canvas(out, pagesize=size, pageCompression=1)
    canvas.setTitle(f"{meet.name}获奖证书")
    pdf.font_name()
    draw = _classic if layout == "classic" else _banner
    for c in items:
        draw(canvas, meet, c)
        canvas.showPage()
    if not items:
        canvas.setFont(pdf.font_name(), 16)
        canvas.drawString(30 * mm, size[1] - 40 * mm, "所选范围内还没有已公布的获奖名次。")
        canvas.showPage()
    canvas.save()
    return out.getvalue(), max(len(items), 1)
