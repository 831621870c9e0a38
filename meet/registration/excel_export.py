"""Workbooks out of the database: the leader's prefilled template, and the roster and
entries export (one delegation, or every delegation for the organiser).

The export carries personal data (ID numbers, phones): its routes serve it only to the
organiser and the delegation's own team leader.
"""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from meet.extensions import db
from meet.labels import GENDER_NAMES, PERSON_ROLE_NAMES, STATUS_NAMES
from meet.models import AgeGroup, Delegation, EntryMember, Event, Meet, Person
from meet.registration import excel, messages
from meet.registration.excel_import import max_rows
from meet.rules import eligibility as el
from meet.rules.idcard import age_on


def event_choices(meet: Meet) -> list[excel.EventChoice]:
    events = db.session.scalars(
        select(Event).where(Event.meet_id == meet.id).order_by(Event.sort_order, Event.id))
    out = []
    for e in events:
        parts = [str(GENDER_NAMES.get(e.gender, ""))]
        if e.age_group_code:
            parts.append(_("%(code)s组", code=e.age_group_code))
        if e.is_team:
            size = (str(e.squad_min) if e.squad_min == e.squad_max
                    else f"{e.squad_min}–{e.squad_max}")
            parts.append(_("集体/接力 %(size)s 人", size=size))
            if e.reserves:
                parts.append(_("替补 %(n)d 人", n=e.reserves))
        else:
            parts.append(_("个人项目"))
        out.append(excel.EventChoice(e.code, e.name, e.is_team, e.reserves, e.gender,
                                     " · ".join(parts)))
    return out


def memberships(delegation_ids: list[int]) -> dict[int, list[tuple[Event, bool, int]]]:
    """Each person's events (event, reserve, position), in programme order."""
    rows = db.session.execute(
        select(EntryMember.person_id, Event, EntryMember.reserve, EntryMember.position)
        .join(Event, Event.id == EntryMember.event_id)
        .join(Person, Person.id == EntryMember.person_id)
        .where(Person.delegation_id.in_(delegation_ids))
        .order_by(Event.sort_order, Event.id)
    )
    out: dict[int, list] = defaultdict(list)
    for person_id, event, reserve, position in rows:
        out[person_id].append((event, reserve, position))
    return out


def people_of(delegation_ids: list[int]) -> list[Person]:
    return list(db.session.scalars(
        select(Person).where(Person.delegation_id.in_(delegation_ids))
        .order_by(Person.delegation_id, Person.id)))


def instructions(meet: Meet, delegation: Delegation | None = None) -> list[str]:
    joint = delegation is not None and delegation.joint
    return [
        _("每人一行：先填领队、教练等随队人员，再填运动员。不要合并单元格，不要增删或移动列。"),
        _("性别、职务、工会会员和报名项目请从下拉列表中选择；性别可以不填，按身份证号识别。"),
        _("身份证号填 18 位（最后一位可以是 X），出生日期和性别由身份证号读取。"),
        _("每名运动员最多报 %(n)d 个个人项目（接力和集体项目不计），"
          "每个个人项目每队最多 %(m)d 人。",
          n=meet.max_events_per_athlete, m=meet.athletes_per_event),
        _("每队随队人员：%(staff)s；运动员最多 %(n)d 人。",
          staff=messages.staff_limits_text(meet.staff_limits),
          n=meet.max_athletes_per_delegation),
        *([messages.employer_message(delegation.unit_names or ())] if joint else []),
        _("接力和集体项目：在每名队员的报名项目中选择该项目；替补队员选择带“（替补）”的项目。"),
        _("棒次：已在系统中的队员沿用原棒次，新队员按表中先后排在后面；有棒次性别要求的接力"
          "（如混合接力女子跑第 1、3 棒）自动排好，可在系统中调整。"),
        _("请直接填写内容，不要使用公式。填好后保存为 .xlsx 文件，在“Excel 报名”页面上传。"),
        _("上传后先预览：任何一行有错误都不会导入，错误按行号和列名列出；全部正确后再选择"
          "“替换”或“合并”并确认。"),
    ]


def template_for(meet: Meet, delegation: Delegation) -> bytes:
    """The leader's registration sheet, the roster and entries prefilled."""
    events_of = memberships([delegation.id])
    lines = []
    for p in people_of([delegation.id]):
        labels = [e.name + (excel.RESERVE_SUFFIX if reserve else "")
                  for e, reserve, _pos in events_of.get(p.id, [])]
        lines.append(excel.PersonLine(p.name, p.gender, p.id_number, p.role, p.phone or "",
                                      p.employer or "", p.union_member, labels))
    return excel.build_template(
        title=meet.name, delegation_name=delegation.name, delegation_code=delegation.code,
        events=event_choices(meet), people=lines,
        max_events_per_athlete=meet.max_events_per_athlete, max_rows=max_rows(),
        instructions=instructions(meet, delegation),
    )


ROSTER_HEAD = ("代表队序号", "代表队", "状态", "号码", "姓名", "性别", "出生日期", "比赛首日年龄",
               "组别", "职务", "身份证号", "手机号码", "工作单位", "工会会员", "报名项目")
ENTRY_HEAD = ("项目代码", "项目", "代表队序号", "代表队", "棒次/顺序", "号码", "姓名", "性别",
              "替补")


def export_workbook(meet: Meet, delegations: list[Delegation]) -> bytes:
    """Roster (名单) and entries (报项) of the given delegations, as .xlsx bytes."""
    ids = [d.id for d in delegations]
    by_id = {d.id: d for d in delegations}
    events_of = memberships(ids)
    bands = db.session.scalars(select(AgeGroup).where(AgeGroup.meet_id == meet.id)).all()
    age_bands = tuple(el.AgeBand(b.code, b.name, b.gender, b.min_age, b.max_age)
                      for b in bands) or el.DEFAULT_AGE_BANDS
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append([f"{meet.name} {_('报名名单')}"])
    ws.append(list(ROSTER_HEAD))
    people = people_of(ids)
    people.sort(key=lambda p: (by_id[p.delegation_id].code, p.role != "athlete", p.id))
    per_event: dict[int, list] = defaultdict(list)
    for p in people:
        d = by_id[p.delegation_id]
        mine = events_of.get(p.id, [])
        band = el.band_for(age_bands, p.gender, p.birth_date, meet.start_date)
        ws.append([
            d.code, d.name, str(STATUS_NAMES.get(d.status, d.status)), p.bib or "", p.name,
            str(GENDER_NAMES[p.gender]), p.birth_date, age_on(p.birth_date, meet.start_date),
            band.name if band and p.is_athlete else "", str(PERSON_ROLE_NAMES[p.role]),
            p.id_number, p.phone or "", p.employer or "", "是" if p.union_member else "否",
            "、".join(e.name + (excel.RESERVE_SUFFIX if r else "") for e, r, _x in mine),
        ])
        for event, reserve, position in mine:
            per_event[event.id].append((event, d, position, p, reserve))
    _finish(ws, (8, 22, 8, 7, 10, 6, 12, 8, 12, 9, 21, 14, 22, 9, 48))
    ws2 = wb.create_sheet("报项")
    ws2.append([f"{meet.name} {_('报项名单')}"])
    ws2.append(list(ENTRY_HEAD))
    for rows in sorted(per_event.values(), key=lambda rs: (rs[0][0].sort_order, rs[0][0].id)):
        for event, d, position, p, reserve in sorted(rows, key=lambda r: (r[1].code, r[2])):
            ws2.append([event.code, event.name, d.code, d.name, position, p.bib or "", p.name,
                        str(GENDER_NAMES[p.gender]), "是" if reserve else ""])
    _finish(ws2, (10, 24, 10, 22, 10, 8, 10, 6, 6))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _finish(ws, widths) -> None:
    ws["A1"].font = Font(bold=True, size=14)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
        ws.cell(2, col).font = Font(bold=True)
        ws.cell(2, col).alignment = Alignment(horizontal="center")
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(widths))}{max(ws.max_row, 2)}"
