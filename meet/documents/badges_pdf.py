"""Badges (参赛证) as PDF: 90 x 130 mm cards, four to an A4 sheet with cut marks
(``sheet``), or one per page in the card's own size (``single``, for badge printers).

A card: the meet's name and dates on a band in the holder's kind colour (athletes blue,
team staff orange, technical officials green, the organising committee red), photo or
a clean placeholder, name, delegation, bib, role, the athlete's events, and a QR code
(error correction Q: a quarter of the code may be creased or dirty) that opens
``<public base URL>/badge/<token>``. The QR code is drawn as vectors, sharp at any print
resolution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from meet.documents.pdf import bold_text, date_range, fit_size, font_name
from meet.extensions import db
from meet.labels import PERSON_ROLE_NAMES, ROLE_NAMES
from meet.models import (
    Delegation,
    EntryMember,
    Event,
    Meet,
    Person,
    PersonPhoto,
    Role,
    User,
)

CARD_W, CARD_H = 90 * mm, 130 * mm
KIND_COLOURS = {
    "athlete": "#1f4fb5",
    "staff": "#d9730d",
    "official": "#1e7b34",
    "organiser": "#c8102e",
}
KIND_TITLES = {"athlete": "运动员", "staff": "随队人员", "official": "技术官员",
               "organiser": "组委会"}
MAX_EVENT_LINES = 5


@dataclass
class BadgeCard:
    """What one card shows. ``kind`` picks the colour band."""

    kind: str
    name: str
    role: str
    delegation: str
    url: str
    meet_name: str
    dates: str
    bib: str = ""
    events: list[str] = field(default_factory=list)
    photo: bytes | None = None
    version: int = 1


# -- collecting the cards ------------------------------------------------------------

def person_kind(person: Person) -> str:
    return "athlete" if person.is_athlete else "staff"


def user_kind(user: User) -> str:
    return "organiser" if user.role == Role.ORGANISER.value else "official"


def badge_url(base_url: str, token: str) -> str:
    """The URL a QR code carries (the rule lives in :mod:`meet.badges.tokens`; imported
    late because that package's blueprint imports this module)."""
    from meet.badges.tokens import badge_url as url

    return url(base_url, token)


def people_cards(meet: Meet, people: list[Person], badges: dict, base_url: str,
                 chunk: int = 300) -> Iterator[BadgeCard]:
    """Cards for ``people`` in the order given; events and photos are read per chunk,
    so memory stays flat for a 6,000-person meet."""
    dates = date_range(meet.start_date, meet.end_date)
    delegations = {d.id: d.display_name for d in db.session.scalars(
        db.select(Delegation).where(Delegation.meet_id == meet.id))}
    for i in range(0, len(people), chunk):
        part = people[i:i + chunk]
        ids = [p.id for p in part]
        events: dict[int, list[str]] = {}
        rows = db.session.execute(
            db.select(EntryMember.person_id, Event.name, EntryMember.reserve)
            .join(Event, Event.id == EntryMember.event_id)
            .where(EntryMember.person_id.in_(ids))
            .order_by(EntryMember.person_id, Event.sort_order, Event.id))
        for pid, name, reserve in rows:
            events.setdefault(pid, []).append(f"{name}（替补）" if reserve else name)
        photos = dict(db.session.execute(
            db.select(PersonPhoto.person_id, PersonPhoto.data)
            .where(PersonPhoto.person_id.in_(ids))).all())
        for p in part:
            badge = badges[("person", p.id)]
            yield BadgeCard(
                kind=person_kind(p), name=p.name, role=str(PERSON_ROLE_NAMES[p.role]),
                delegation=delegations.get(p.delegation_id, ""), bib=p.bib or "",
                events=events.get(p.id, []), photo=photos.get(p.id),
                url=badge_url(base_url, badge.token), meet_name=meet.name, dates=dates,
                version=badge.version,
            )


def official_cards(meet: Meet, users: list[User], badges: dict,
                   base_url: str) -> Iterator[BadgeCard]:
    dates = date_range(meet.start_date, meet.end_date)
    for u in users:
        badge = badges[("user", u.id)]
        kind = user_kind(u)
        yield BadgeCard(
            kind=kind, name=u.display_name or u.username, role=str(ROLE_NAMES[u.role]),
            delegation="组委会" if kind == "organiser" else "裁判组",
            url=badge_url(base_url, badge.token), meet_name=meet.name, dates=dates,
            version=badge.version,
        )


def meet_people(meet: Meet, delegation_id: int | None = None) -> list[Person]:
    q = (db.select(Person).join(Delegation, Delegation.id == Person.delegation_id)
         .where(Person.meet_id == meet.id))
    if delegation_id is not None:
        q = q.where(Person.delegation_id == delegation_id)
    order = db.case((Person.role == "athlete", 1), else_=0)
    return list(db.session.scalars(q.order_by(Delegation.code, order, Person.bib, Person.id)))


def meet_officials(meet: Meet) -> list[User]:
    return list(db.session.scalars(
        db.select(User).where(User.meet_id == meet.id, User.role != Role.LEADER.value,
                              User.active.is_(True)).order_by(User.role, User.username)))


def meet_cards(meet: Meet, base_url: str) -> tuple[Iterator[BadgeCard], int]:
    """Every badge of the meet (issuing the missing ones) and how many there are."""
    from meet.badges.operations import ensure_badges

    people, officials = meet_people(meet), meet_officials(meet)
    badges = ensure_badges(meet, people, officials)

    def cards() -> Iterator[BadgeCard]:
        yield from official_cards(meet, officials, badges, base_url)
        yield from people_cards(meet, people, badges, base_url)

    return cards(), len(people) + len(officials)


# -- drawing ------------------------------------------------------------------------

@lru_cache(maxsize=20_000)
def _qr_rows(url: str) -> tuple[int, tuple[int, ...]]:
    """The QR matrix of ``url`` as (size, one bit-row integer per row), cached: a token
    never changes, and choosing the best of the 8 masks (ISO/IEC 18004 penalty rules, as
    ``qrcode`` does) is most of a badge's drawing time, so reprints reuse it."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    return len(matrix), tuple(int("".join("1" if m else "0" for m in row), 2)
                              for row in matrix)


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR matrix of ``url`` as (size, [(row, first column, length)]) dark runs."""
    n, rows = _qr_rows(url)
    runs = []
    for r, bits in enumerate(rows):
        row = format(bits, f"0{n}b")
        c = 0
        while c < n:
            if row[c] == "1":
                start = c
                while c < n and row[c] == "1":
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return n, runs


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The code as one filled vector path: one rectangle per run of dark modules."""
    n, runs = qr_runs(url)
    cell = size / n
    top = y + size
    ops = [f"{x + c * cell:.2f} {top - (r + 1) * cell:.2f} {length * cell + 0.02:.2f} "
           f"{cell + 0.02:.2f} re" for r, c, length in runs]
    canvas.setFillColor(colors.black)
    # Written as PDF operators directly: the same path reportlab's PDFPathObject would
    # write, without its per-number formatting cost (hundreds of rectangles per badge).
    canvas._code.append("\n".join(ops) + "\nf")


def draw_card(canvas: Canvas, card: BadgeCard, x: float, y: float) -> None:
    """One card with its lower left corner at (x, y)."""
    f = font_name()
    colour = colors.HexColor(KIND_COLOURS.get(card.kind, "#444444"))
    canvas.saveState()
    canvas.translate(x, y)
    canvas.setStrokeColor(colors.HexColor("#c9ccd2"))
    canvas.setLineWidth(0.4)
    canvas.rect(0, 0, CARD_W, CARD_H, stroke=1, fill=0)
    # Top band: the meet.
    canvas.setFillColor(colour)
    canvas.rect(0, 108 * mm, CARD_W, 22 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    bold_text(canvas, CARD_W / 2, 120 * mm, card.meet_name,
              fit_size(card.meet_name, 12, 82 * mm), align="center")
    canvas.setFont(f, 8)
    canvas.drawCentredString(CARD_W / 2, 112.5 * mm, card.dates)
    # Photo or placeholder.
    px, py, pw, ph = 6 * mm, 69 * mm, 25.5 * mm, 34 * mm
    if card.photo:
        canvas.drawImage(ImageReader(BytesIO(card.photo)), px, py, pw, ph)
    else:
        _placeholder(canvas, px, py, pw, ph)
    canvas.setStrokeColor(colors.HexColor("#c9ccd2"))
    canvas.rect(px, py, pw, ph, stroke=1, fill=0)
    # Name, delegation, role, bib.
    rx, rw = 35 * mm, 50 * mm
    canvas.setFillColor(colors.HexColor("#1d1d1f"))
    bold_text(canvas, rx, 94 * mm, card.name, fit_size(card.name, 22, rw, 10))
    canvas.setFont(f, 9.5)
    for i, line in enumerate(_wrap(card.delegation, f, 9.5, rw, 2)):
        canvas.drawString(rx, (86 - 4.5 * i) * mm, line)
    canvas.setFillColor(colour)
    canvas.setFont(f, 9)
    canvas.drawString(rx, 77 * mm, card.role)
    if card.bib:
        canvas.setFillColor(colors.HexColor("#1d1d1f"))
        canvas.roundRect(rx, 68.5 * mm, 30 * mm, 7 * mm, 1.2 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        bold_text(canvas, rx + 15 * mm, 70.3 * mm, card.bib, 12, align="center")
    # Events (athletes) or duty.
    canvas.setFillColor(colors.HexColor("#6b6f76"))
    canvas.setFont(f, 7)
    if card.events:
        canvas.drawString(6 * mm, 60 * mm, "参赛项目")
        canvas.setFillColor(colors.HexColor("#1d1d1f"))
        lines = card.events[:MAX_EVENT_LINES]
        if len(card.events) > MAX_EVENT_LINES:
            lines = lines[:-1] + [f"等共 {len(card.events)} 项"]
        for i, name in enumerate(lines):
            canvas.setFont(f, fit_size(name, 8.5, 44 * mm))
            canvas.drawString(6 * mm, (55 - 4.6 * i) * mm, name)
    # QR code and its caption.
    draw_qr(canvas, card.url, 53 * mm, 19 * mm, 32 * mm)
    canvas.setFillColor(colors.HexColor("#6b6f76"))
    canvas.setFont(f, 6)
    canvas.drawCentredString(69 * mm, 16 * mm, "扫码验证证件")
    # Bottom band: the kind, readable from afar.
    canvas.setFillColor(colour)
    canvas.rect(0, 0, CARD_W, 13 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    bold_text(canvas, 6 * mm, 4 * mm, KIND_TITLES.get(card.kind, card.role), 16)
    if card.version > 1:
        canvas.setFont(f, 7)
        canvas.drawRightString(CARD_W - 4 * mm, 4.5 * mm, f"第{card.version}版")
    canvas.restoreState()


def _placeholder(canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
    """A grey head-and-shoulders silhouette where no photo was uploaded."""
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, w, h)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.setFillColor(colors.HexColor("#eef0f3"))
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor("#b8bdc6"))
    canvas.circle(x + w / 2, y + h * 0.62, w * 0.2, stroke=0, fill=1)
    canvas.wedge(x + w * 0.16, y - h * 0.3, x + w * 0.84, y + h * 0.42, 0, 180, stroke=0, fill=1)
    canvas.restoreState()


def _wrap(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, current = [], ""
    for ch in text:
        if stringWidth(current + ch, font, size) > width:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return out


def _cut_marks(canvas: Canvas, xs: list[float], ys: list[float]) -> None:
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.3)
    gap, length = 1.5 * mm, 6 * mm
    for x in xs:
        canvas.line(x, ys[0] - gap, x, ys[0] - gap - length)
        canvas.line(x, ys[-1] + gap, x, ys[-1] + gap + length)
    for y in ys:
        canvas.line(xs[0] - gap, y, xs[0] - gap - length, y)
        canvas.line(xs[-1] + gap, y, xs[-1] + gap + length, y)


def build_badges_pdf(cards: Iterable[BadgeCard], *, layout: str = "sheet",
                     title: str = "参赛证",
                     progress: Callable[[int], None] | None = None) -> bytes:
    """The PDF of ``cards``: ``sheet`` (A4, 2 x 2 with cut marks) or ``single``."""
    out = BytesIO()
    size = A4 if layout == "sheet" else (CARD_W, CARD_H)
    canvas = Canvas(out, pagesize=size, pageCompression=1, initialFontName=font_name())
    canvas.setTitle(title)
    canvas.setAuthor("meet")
    W, H = size
    left, bottom = (W - 2 * CARD_W) / 2, (H - 2 * CARD_H) / 2
    slots = [(left, bottom + CARD_H), (left + CARD_W, bottom + CARD_H),
             (left, bottom), (left + CARD_W, bottom)]
    done = 0
    for card in cards:
        if layout == "single":
            if done:
                canvas.showPage()
            draw_card(canvas, card, 0, 0)
        else:
            slot = done % 4
            if slot == 0:
                if done:
                    canvas.showPage()
                _cut_marks(canvas, [left, left + CARD_W, left + 2 * CARD_W],
                           [bottom, bottom + CARD_H, bottom + 2 * CARD_H])
            draw_card(canvas, card, *slots[slot])
        done += 1
        if progress:
            progress(done)
    if not done:
        canvas.setFont(font_name(), 14)
        canvas.drawCentredString(W / 2, H / 2, "没有可打印的证件")
    canvas.save()
    return out.getvalue()
