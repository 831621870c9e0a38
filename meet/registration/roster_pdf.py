"""The delegation's registration form (报名表) as a PDF to print, stamp (盖章) and sign.

Staff, athletes with their events, then each event's entry (squads in running order with
reserves), and a line for the unit's seal and the leader's signature: the paper copy a
county union still files with the organising committee. It carries ID numbers and phones,
so its route serves it only to the organiser and the delegation's own leader.
"""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from meet.documents import pdf
from meet.labels import GENDER_NAMES, PERSON_ROLE_NAMES, STATUS_NAMES
from meet.models import Delegation, Meet, Person
from meet.registration.excel import RESERVE_SUFFIX
from meet.registration.excel_export import memberships, people_of


def roster_pdf(meet: Meet, delegation: Delegation) -> bytes:
    """The form as PDF bytes. Built in two passes (the second knows the page count for
    "共 N 页"), each from a fresh story: reportlab flowables keep layout state, and laying
    the same objects out twice can fail with a LayoutError near a page break."""
    title = _("%(name)s报名表", name=delegation.name)
    total = 0
    for _pass in range(2):
        out = BytesIO()
        doc = pdf.MeetDocument(out, title=title, header=meet.name)
        doc.page_total = total
        doc.multiBuild([Paragraph(title, pdf.styles()["title"]), *_story(delegation)])
        total = doc.page
    return out.getvalue()


def _story(delegation: Delegation) -> list:
    st = pdf.styles()
    people = people_of([delegation.id])
    events_of = memberships([delegation.id])
    staff = [p for p in people if not p.is_athlete]
    athletes = [p for p in people if p.is_athlete]
    return [
        Paragraph(_("代表队：%(name)s　序号：%(code)s　类别：%(kind)s　状态：%(status)s",
                    name=delegation.name, code=delegation.code, kind=delegation.unit_kind.name,
                    status=str(STATUS_NAMES.get(delegation.status, delegation.status))),
                  st["body"]),
        Spacer(1, 3 * mm),
        Paragraph(_("随队人员（%(n)d 人）", n=len(staff)), st["h2"]),
        pdf.data_table(
            [_("职务"), _("姓名"), _("性别"), _("身份证号"), _("手机号码"), _("工作单位")],
            [[str(PERSON_ROLE_NAMES[p.role]), p.name, str(GENDER_NAMES[p.gender]),
              p.id_number, p.phone or "", p.employer or ""] for p in staff],
            widths=[16 * mm, 22 * mm, 12 * mm, 42 * mm, 28 * mm, 54 * mm]),
        Paragraph(_("运动员（%(n)d 人）", n=len(athletes)), st["h2"]),
        pdf.data_table(
            [_("号码"), _("姓名"), _("性别"), _("出生日期"), _("身份证号"), _("报名项目")],
            [[p.bib or "", p.name, str(GENDER_NAMES[p.gender]), p.birth_date.isoformat(),
              p.id_number, _events(events_of.get(p.id, []))] for p in athletes],
            widths=[13 * mm, 20 * mm, 12 * mm, 22 * mm, 40 * mm, 67 * mm]),
        *_entries(people, events_of),
        Spacer(1, 12 * mm),
        _signatures(),
    ]


def _signatures() -> Table:
    """单位（盖章） / 领队签字 / 日期, each with a line to write on."""
    table = Table([[_("单位（盖章）："), "", _("领队签字："), "", _("日期："), ""]],
                  colWidths=[26 * mm, 40 * mm, 20 * mm, 34 * mm, 12 * mm, 34 * mm],
                  rowHeights=[12 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), pdf.font_name(), 10),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        *[("LINEBELOW", (c, 0), (c, 0), 0.6, colors.black) for c in (1, 3, 5)],
    ]))
    return table


def _events(mine) -> str:
    return "、".join(e.name + (RESERVE_SUFFIX if reserve else "") for e, reserve, _p in mine)


def _entries(people: list[Person], events_of) -> list:
    st = pdf.styles()
    by_event: dict = defaultdict(list)
    for p in people:
        for event, reserve, position in events_of.get(p.id, []):
            by_event[event].append((position, p, reserve))
    if not by_event:
        return []
    rows = []
    for event in sorted(by_event, key=lambda e: (e.sort_order, e.id)):
        members = sorted(by_event[event], key=lambda m: m[0])
        starters = "、".join(p.name for _pos, p, r in members if not r)
        reserves = "、".join(p.name for _pos, p, r in members if r)
        rows.append([event.name, starters, reserves])
    return [Paragraph(_("报项"), st["h2"]),
            pdf.data_table([_("项目"), _("运动员（接力按棒次）"), _("替补")], rows,
                           widths=[50 * mm, 90 * mm, 34 * mm])]
