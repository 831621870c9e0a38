"""The Excel round trip: download the sheet, fill it (openpyxl, and LibreOffice), upload,
preview, confirm; the roster in the database is then exactly the sheet."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import openpyxl
from sqlalchemy import select

from meet.extensions import db
from meet.models import AuditEntry, Entry, EntryMember, Event, Person, StagedUpload
from meet.registration.excel import FIRST_ROW, HEADER_ROW, HEADERS, SHEET
from meet.rules import idcard
from meet.signals import registration_changed
from tests.conftest import login
from tests.registration.conftest import WOMAN, YOUNG_MAN

MAN2 = idcard.make("350721", dt.date(1999, 4, 4), 51, "M")
WOMAN2 = idcard.make("350721", dt.date(1996, 7, 7), 52, "F")
WOMAN3 = idcard.make("350721", dt.date(1997, 8, 8), 53, "F")


def download(client, delegation) -> openpyxl.Workbook:
    r = client.get(f"/teams/{delegation.id}/excel/template.xlsx")
    assert r.status_code == 200, r.status_code
    assert r.mimetype.endswith("spreadsheetml.sheet")
    return openpyxl.load_workbook(BytesIO(r.data))


def fill(wb: openpyxl.Workbook, rows: list[list]) -> bytes:
    """The sheet's people become ``rows`` (序号 is filled in)."""
    ws = wb[SHEET]
    for line in ws.iter_rows(min_row=FIRST_ROW):
        for cell in line:
            cell.value = None
    for i, row in enumerate(rows, 1):
        for col, value in enumerate([i, *row], 1):
            ws.cell(HEADER_ROW + i, col, value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, delegation, data: bytes, filename: str = "报名表.xlsx"):
    return client.post(f"/teams/{delegation.id}/excel/upload",
                       data={"sheet": (BytesIO(data), filename)},
                       content_type="multipart/form-data")


def team_rows() -> list[list]:
    """Staff, the existing athlete 李明 (long jump), four relay runners."""
    return [
        ["陈领队", "男", None, "领队", "13800138000", "城关镇工会", "是"],
        ["周教练", "女", None, "教练", "13800138001", "城关镇中学", "是"],
        ["李明", "男", None, "运动员", "13800138002", "城关镇政府", "是", "男子跳远"],
        ["赵强", "", YOUNG_MAN, "运动员", "", "城关镇政府", "是", "男子100米",
         "男女混合4×100米接力"],
        ["孙丽", "女", WOMAN, "运动员", "13900001111", "城关镇卫生院", "是", "女子100米",
         "男女混合4×100米接力"],
        ["吴刚", "男", MAN2, None, None, None, None, "男女混合4×100米接力"],
        ["郑敏", "女", WOMAN2, "运动员", None, None, "是", "男女混合4×100米接力"],
        ["王娟", "女", WOMAN3, "运动员", None, None, "是", "男女混合4×100米接力（替补）"],
    ]


def with_ids(reg, rows):
    """Fill the ID numbers of the people already on d1's roster."""
    ids = {reg.a1.name: reg.a1.id_number, reg.coach.name: reg.coach.id_number,
           reg.head.name: reg.head.id_number}
    return [[r[0], r[1], r[2] or ids[r[0]], *r[3:]] for r in rows]


def roster(delegation_id):
    people = db.session.scalars(select(Person).where(Person.delegation_id == delegation_id))
    return {p.name: p for p in people}


def test_template_has_headers_dropdowns_frozen_header_and_the_roster(client, reg):
    login(client, "leader01")
    wb = download(client, reg.d1)
    ws = wb[SHEET]
    assert wb.sheetnames == ["报名表", "填表说明"]
    assert [c.value for c in ws[HEADER_ROW]][: len(HEADERS)] == list(HEADERS)
    assert ws.cell(HEADER_ROW, len(HEADERS) + 1).value == "报名项目1"
    assert ws.freeze_panes == "C4"
    assert ws.column_dimensions["D"].width >= 20  # 18 digits of an ID number fit
    names = [ws.cell(r, 2).value for r in range(FIRST_ROW, FIRST_ROW + 3)]
    assert names == ["陈领队", "周教练", "李明"]  # staff first, then athletes
    assert ws.cell(FIRST_ROW + 2, 4).value == reg.a1.id_number
    assert ws.cell(FIRST_ROW + 2, 4).number_format == "@"
    assert ws.cell(FIRST_ROW + 2, len(HEADERS) + 1).value == "男子100米"
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert '"男,女"' in lists and '"运动员,领队,教练,队医,工作人员"' in lists
    assert lists["EventChoices"].startswith("I4:")
    ref = wb.defined_names["EventChoices"].attr_text  # '填表说明'!$B$21:$B$27
    assert ref.startswith("'填表说明'!")
    labels = [c.value for (c,) in wb["填表说明"][ref.split("!")[1].replace("$", "")]]
    assert "男女混合4×100米接力" in labels and "男女混合4×100米接力（替补）" in labels


def test_round_trip_with_openpyxl_replace(client, reg):
    login(client, "leader01")
    seen = []
    registration_changed.connect(lambda sender, **kw: seen.append(kw), weak=False)
    data = fill(download(client, reg.d1), with_ids(reg, team_rows()))
    r = upload(client, reg.d1, data)
    assert r.status_code == 302 and r.headers["Location"].endswith("/excel/preview")
    page = client.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)
    assert "格式正确" in page and "确认替换导入" in page
    assert roster(reg.d1.id).keys() == {"陈领队", "周教练", "李明"}  # nothing written yet
    r = client.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "replace"})
    assert r.status_code == 302, client.get(f"/teams/{reg.d1.id}/excel/preview").data
    people = roster(reg.d1.id)
    assert set(people) == {"陈领队", "周教练", "李明", "赵强", "孙丽", "吴刚", "郑敏", "王娟"}
    assert people["李明"].id == reg.a1.id  # matched by ID number: same record
    assert people["赵强"].gender == "M" and people["赵强"].birth_date == dt.date(1998, 1, 9)
    assert people["吴刚"].role == "athlete" and people["吴刚"].union_member
    assert people["孙丽"].phone == "13900001111" and people["孙丽"].employer == "城关镇卫生院"
    events = {}
    for code, name, reserve, _position in db.session.execute(
        select(Event.code, Person.name, EntryMember.reserve, EntryMember.position)
        .join(EntryMember, EntryMember.event_id == Event.id)
        .join(Person, Person.id == EntryMember.person_id)
        .where(Person.delegation_id == reg.d1.id).order_by(EntryMember.position)
    ):
        events.setdefault(code, []).append((name, reserve))
    assert events["MLJ"] == [("李明", False)]
    assert "M100" in events and events["W100"] == [("孙丽", False)]
    relay = events["X4X100"]
    assert [r for _n, r in relay] == [False] * 4 + [True] and relay[4][0] == "王娟"
    genders = [people[n].gender for n, _r in relay[:4]]
    assert genders[0] == "F" and genders[2] == "F"  # women on legs 1 and 3
    assert db.session.scalar(select(StagedUpload)) is None
    audit = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.sheet_imported"))
    assert audit.detail["mode"] == "replace" and audit.detail["added"] == 5
    assert audit.detail["updated"] == 3 and audit.detail["removed"] == 0
    assert YOUNG_MAN not in str(audit.detail)
    assert seen and seen[-1]["meet_id"] == reg.meet.id


def test_merge_keeps_people_not_on_the_sheet(client, reg):
    login(client, "leader01")
    data = fill(download(client, reg.d1), [["赵强", "男", YOUNG_MAN, "运动员", "", "", "是",
                                            "男子100米"]])
    upload(client, reg.d1, data)
    page = client.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)
    assert "将移除：" in page and "李明" in page  # what REPLACE would do, said plainly
    r = client.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "merge"})
    assert r.status_code == 302
    assert set(roster(reg.d1.id)) == {"陈领队", "周教练", "李明", "赵强"}
    kept = db.session.scalars(select(Entry).where(Entry.delegation_id == reg.d1.id)).all()
    assert len(kept) == 2  # 李明's old entry is kept as it was, 赵强's is new


def test_preview_survives_a_reload_and_is_not_in_the_cookie(client, reg):
    login(client, "leader01")
    upload(client, reg.d1, fill(download(client, reg.d1), with_ids(reg, team_rows())))
    first = client.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)
    second = client.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)
    assert "赵强" in first and "赵强" in second
    cookie = client.get_cookie("session").value
    assert YOUNG_MAN not in cookie and len(cookie) < 400
    assert "尚未确认导入" in client.get(f"/teams/{reg.d1.id}/excel").get_data(as_text=True)
    upload(client, reg.d1, fill(download(client, reg.d1), with_ids(reg, team_rows())))
    assert len(db.session.scalars(select(StagedUpload)).all()) == 1  # a new upload replaces


def test_discard_forgets_the_upload(client, reg):
    login(client, "leader01")
    upload(client, reg.d1, fill(download(client, reg.d1), with_ids(reg, team_rows())))
    r = client.post(f"/teams/{reg.d1.id}/excel/discard")
    assert r.status_code == 302 and db.session.scalar(select(StagedUpload)) is None
    r = client.get(f"/teams/{reg.d1.id}/excel/preview")
    assert r.status_code == 302 and r.headers["Location"].endswith("/excel")


def test_round_trip_through_libreoffice(client, reg, tmp_path):
    """The sheet saved again by LibreOffice Calc (as a leader with LibreOffice would)."""
    soffice = shutil.which("soffice")
    assert soffice, "install LibreOffice Calc: apt-get install libreoffice-calc-nogui"
    login(client, "leader01")
    src = tmp_path / "in" / "报名表.xlsx"
    src.parent.mkdir()
    src.write_bytes(fill(download(client, reg.d1), with_ids(reg, team_rows())))
    out = tmp_path / "out"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    saved = (out / "报名表.xlsx").read_bytes()
    assert saved != src.read_bytes()
    wb = openpyxl.load_workbook(BytesIO(saved))
    assert wb[SHEET].data_validations.dataValidation  # drop-downs survive LibreOffice
    assert upload(client, reg.d1, saved).status_code == 302
    assert "格式正确" in client.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)
    assert client.post(f"/teams/{reg.d1.id}/excel/confirm",
                       data={"mode": "replace"}).status_code == 302
    people = roster(reg.d1.id)
    assert len(people) == 8 and people["孙丽"].id_number == WOMAN


def test_export_has_roster_and_entries(client, reg):
    login(client, "leader01")
    r = client.get(f"/teams/{reg.d1.id}/export.xlsx")
    assert r.status_code == 200 and "no-store" in r.headers["Cache-Control"]
    wb = openpyxl.load_workbook(BytesIO(r.data))
    assert wb.sheetnames == ["名单", "报项"]
    names = [row[4] for row in wb["名单"].iter_rows(min_row=3, values_only=True)]
    assert set(names) == {"李明", "陈领队", "周教练"}
    ids = [row[10] for row in wb["名单"].iter_rows(min_row=3, values_only=True)]
    assert reg.a1.id_number in ids
    entries = list(wb["报项"].iter_rows(min_row=3, values_only=True))
    assert entries[0][0] == "M100" and entries[0][6] == "李明"


def test_roster_pdf_to_print_and_stamp(client, reg, tmp_path):
    login(client, "leader01")
    r = client.get(f"/teams/{reg.d1.id}/roster.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF") and "no-store" in r.headers["Cache-Control"]
    path = tmp_path / "roster.pdf"
    path.write_bytes(r.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in [reg.d1.name, "随队人员", "李明", reg.a1.id_number, "男子100米",
                     "单位（盖章）"]:
        assert expected in text, expected
    client.post("/logout")
    login(client, "leader02")
    assert client.get(f"/teams/{reg.d1.id}/roster.pdf").status_code == 404


def test_organiser_exports_every_delegation(client, reg):
    login(client, "admin")
    r = client.get("/registration/export.xlsx")
    wb = openpyxl.load_workbook(BytesIO(r.data))
    codes = {row[0] for row in wb["名单"].iter_rows(min_row=3, values_only=True)}
    assert codes == {"01", "02"}


def test_a_leader_cannot_download_or_export_another_delegation(client, reg):
    login(client, "leader02")
    for path in ["excel", "excel/template.xlsx", "export.xlsx", "excel/preview"]:
        assert client.get(f"/teams/{reg.d1.id}/{path}").status_code == 404, path
    assert client.get("/registration/export.xlsx").status_code == 403


def test_other_roles_and_anonymous_are_refused(client, reg):
    for who in ["referee01", "chief", "marshal01"]:
        login(client, who)
        assert client.get(f"/teams/{reg.d1.id}/excel").status_code == 403
        assert client.get("/registration/export.xlsx").status_code == 403
        client.post("/logout")
    r = client.get(f"/teams/{reg.d1.id}/excel/template.xlsx")
    assert r.status_code == 302 and "/login" in r.headers["Location"]



def test_roster_pdf_of_every_demo_delegation(demo):
    """Rosters of every length, page breaks in every place: each one lays out."""
    from meet.models import Delegation, Meet
    from meet.registration.roster_pdf import roster_pdf

    meet = db.session.scalar(select(Meet))
    with demo.test_request_context():
        for delegation in db.session.scalars(select(Delegation).order_by(Delegation.code)):
            assert roster_pdf(meet, delegation).startswith(b"%PDF"), delegation.code
