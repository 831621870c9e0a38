"""Every way an upload is refused: a clear Chinese message, and nothing written."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import Entry, Person, StagedUpload
from meet.registration.excel import HEADER_ROW, SHEET
from meet.rules import idcard
from tests.conftest import login
from tests.registration.conftest import WOMAN, YOUNG_MAN, close_window
from tests.registration.test_excel_roundtrip import download, fill, upload, with_ids


def refused(r, *fragments):
    page = r.get_data(as_text=True)
    assert r.status_code == 400, r.status_code
    for fragment in fragments:
        assert fragment in page, fragment
    assert db.session.scalar(select(StagedUpload)) is None


def people_count(reg):
    return len(db.session.scalars(select(Person).where(Person.delegation_id == reg.d1.id)).all())


@pytest.fixture
def leader(client, reg):
    login(client, "leader01")
    return client


def test_empty_file(leader, reg):
    refused(upload(leader, reg.d1, b""), "空的")


def test_csv_renamed_xlsx(leader, reg):
    csv = "序号,姓名,性别,身份证号\n1,张三,男,11010519491231002X\n".encode("gb18030")
    refused(upload(leader, reg.d1, csv), "CSV", "扩展名改成了 .xlsx")


def test_old_xls_renamed(leader, reg):
    refused(upload(leader, reg.d1, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
            "97-2003", "另存为")


def test_word_document_renamed(leader, reg):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    refused(upload(leader, reg.d1, out.getvalue()), "不是 Excel 工作簿")


def test_damaged_archive(leader, reg):
    data = fill(download(leader, reg.d1), [])
    refused(upload(leader, reg.d1, data[: len(data) // 2]), "已损坏")


def test_wrong_extension(leader, reg):
    refused(upload(leader, reg.d1, fill(download(leader, reg.d1), []), "名单.ods"), ".xlsx")


def test_a_workbook_that_is_not_the_template(leader, reg):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "年龄"])
    wb.active.append(["张三", "男", 30])
    out = BytesIO()
    wb.save(out)
    refused(upload(leader, reg.d1, out.getvalue()), "不是本系统的报名表模板")


def test_moved_column_is_named(leader, reg):
    wb = download(leader, reg.d1)
    wb[SHEET].cell(HEADER_ROW, 4, "证件号码")
    refused(upload(leader, reg.d1, fill(wb, [])), "表头与报名表模板不符", "D 列应为“身份证号”",
            "证件号码")


def test_merged_cells(leader, reg):
    wb = download(leader, reg.d1)
    wb[SHEET].merge_cells("I4:J4")
    out = BytesIO()
    wb.save(out)
    refused(upload(leader, reg.d1, out.getvalue()), "合并单元格", "I4:J4")


def test_too_many_rows(leader, reg):
    rows = [["张三", "男", YOUNG_MAN, "运动员"]] * 501
    refused(upload(leader, reg.d1, fill(download(leader, reg.d1), rows)), "超过 500 行")


def test_no_file_chosen(leader, reg):
    r = leader.post(f"/teams/{reg.d1.id}/excel/upload", data={},
                    content_type="multipart/form-data")
    refused(r, "请选择要上传的报名表文件")


def test_another_delegations_sheet(client, reg):
    login(client, "leader02")
    other = fill(download(client, reg.d2), [])
    client.post("/logout")
    login(client, "leader01")
    refused(upload(client, reg.d1, other), "其他代表队", "不是本队的")
    assert "洋口镇" not in upload(client, reg.d1, other).get_data(as_text=True)


def test_a_twenty_megabyte_file_is_refused_before_it_is_read(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)  # CSRF reads the form first: still a clean 413
    from tests.registration.conftest import registration_world

    reg = registration_world()
    client = app.test_client()
    big = b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)
    r = client.post(f"/teams/{reg.d1.id}/excel/upload", data={"sheet": (BytesIO(big), "a.xlsx")},
                    content_type="multipart/form-data")
    page = r.get_data(as_text=True)
    assert r.status_code == 413
    assert "文件过大" in page and "8 MB" in page and "返回 Excel 报名" in page
    assert db.session.scalar(select(StagedUpload)) is None


def preview_of(client, reg, rows):
    r = upload(client, reg.d1, fill(download(client, reg.d1), rows))
    assert r.status_code == 302, r.get_data(as_text=True)
    return client.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)


def test_formula_in_a_name_cell_is_refused_never_evaluated(leader, reg):
    rows = with_ids(reg, [["=HYPERLINK(\"http://x\",\"赵强\")", "男", YOUNG_MAN, "运动员"]])
    page = preview_of(leader, reg, rows)
    assert "这一格是公式" in page and "没有导入任何内容" in page and "确认" not in page
    assert "请填写姓名" not in page  # one message for the cell, not two


def test_three_bad_rows_of_sixty_write_nothing_and_are_named(leader, reg):
    rows = []
    for i in range(60):
        gender = "M" if i % 2 else "F"
        number = idcard.make("350721", dt.date(1985, 1, 1) + dt.timedelta(days=i), i, gender)
        rows.append([f"队员{chr(0x4E00 + i)}", "男" if gender == "M" else "女", number,
                     "运动员", "13800000000", "城关镇", "是"])
    rows[9][2] = rows[9][2][:-1] + ("0" if rows[9][2][-1] != "0" else "1")  # check digit
    rows[29][1] = "女" if rows[29][1] == "男" else "男"  # contradicts the ID number
    rows[49][6] = "不知道"
    before = people_count(reg)
    page = preview_of(leader, reg, rows)
    assert "发现 3 处错误，涉及 3 行" in page
    for row, column, text in [(13, "身份证号", "校验位"), (33, "性别", "身份证号显示为"),
                              (53, "工会会员", "请填“是”或“否”")]:
        assert f'<td class="num">{row}</td><td>{column}</td>' in page, row
        assert text in page
    r = leader.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "replace"})
    assert r.status_code == 302
    assert people_count(reg) == before
    assert "报名表中还有错误" in leader.get(r.headers["Location"]).get_data(as_text=True)


def test_id_number_stored_as_a_number(leader, reg):
    page = preview_of(leader, reg, [["赵强", "男", 350721199801090000, "运动员"]])
    assert "存成了数字" in page


def test_duplicate_id_on_the_sheet(leader, reg):
    page = preview_of(leader, reg, [["赵强", "男", YOUNG_MAN, "运动员"],
                                    ["赵强强", "男", YOUNG_MAN, "运动员"]])
    assert "与第 4 行的身份证号重复" in page


def test_duplicate_id_in_another_delegation(client, reg):
    login(client, "leader01")
    rows = [["王芳", "女", reg.a2.id_number, "运动员"]]
    page = preview_of(client, reg, rows)
    assert "已在其他代表队报名" in page and reg.d2.name not in page
    client.post("/logout")
    login(client, "admin")
    assert f"已在“{reg.d2.name}”报名" in preview_of(client, reg, rows)


def test_entry_rules_block_with_row_and_column(leader, reg):
    rows = with_ids(reg, [["李明", "男", None, "运动员", "", "", "是", "男子100米"],
                          ["孙丽", "女", WOMAN, "运动员", "", "", "是", "男子跳远"]])
    page = preview_of(leader, reg, rows)
    assert "按此方式导入会违反报名规则" in page
    assert '<td class="num">4</td><td>报名项目1</td>' in page  # 李明 is men B, 100 m is A
    assert '<td class="num">5</td><td>报名项目1</td>' in page  # a woman in the men's jump
    assert "确认替换导入" not in page


def test_unknown_event_name(leader, reg):
    page = preview_of(leader, reg, [["赵强", "男", YOUNG_MAN, "运动员", "", "", "是", "百米飞人"]])
    assert "没有“百米飞人”这个项目" in page


def test_after_the_deadline_only_the_organiser_imports(client, reg):
    close_window(reg.meet)
    db.session.commit()
    login(client, "leader01")
    data = fill(download(client, reg.d1), with_ids(reg, [["李明", "男", None, "运动员"]]))
    r = upload(client, reg.d1, data)
    assert r.status_code == 409 and "截止" in r.get_data(as_text=True)
    client.post("/logout")
    login(client, "admin")
    assert upload(client, reg.d1, data).status_code == 302
    r = client.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "replace"})
    assert r.status_code == 302 and people_count(reg) == 1


def test_an_approved_delegation_is_refused_even_to_the_organiser(client, reg):
    login(client, "admin")
    data = fill(download(client, reg.d1), with_ids(reg, [["李明", "男", None, "运动员"]]))
    assert upload(client, reg.d1, data).status_code == 302
    reg.d1.status = "approved"
    db.session.commit()
    r = client.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "replace"})
    assert "审核通过" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert people_count(reg) == 3
    assert upload(client, reg.d1, data).status_code == 409


def test_a_submitted_delegation_is_refused_to_its_leader(leader, reg):
    reg.d1.status = "submitted"
    db.session.commit()
    r = upload(leader, reg.d1, fill(download(leader, reg.d1), []))
    assert r.status_code == 409 and "已提交" in r.get_data(as_text=True)


def test_a_change_after_the_upload_is_not_overwritten(leader, reg):
    data = fill(download(leader, reg.d1), with_ids(reg, [["李明", "男", None, "运动员"]]))
    assert upload(leader, reg.d1, data).status_code == 302
    reg.d1.status_comment = "另一台设备的修改"  # any save raises the version
    db.session.commit()
    page = leader.get(f"/teams/{reg.d1.id}/excel/preview").get_data(as_text=True)
    assert "上传之后本队名单已被修改" in page and "确认替换导入" not in page
    r = leader.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "replace"})
    assert "为避免覆盖" in leader.get(r.headers["Location"]).get_data(as_text=True)
    assert people_count(reg) == 3


def test_bad_mode_is_refused(leader, reg):
    data = fill(download(leader, reg.d1), with_ids(reg, [["李明", "男", None, "运动员"]]))
    upload(leader, reg.d1, data)
    r = leader.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "everything"})
    assert "请选择替换或合并" in leader.get(r.headers["Location"]).get_data(as_text=True)
    assert db.session.scalars(select(Entry).where(Entry.delegation_id == reg.d1.id)).all()


def test_a_leader_cannot_confirm_another_leaders_upload(client, reg):
    login(client, "leader01")
    upload(client, reg.d1, fill(download(client, reg.d1), with_ids(reg, [["李明", "男", None,
                                                                            "运动员"]])))
    client.post("/logout")
    login(client, "leader02")
    r = client.post(f"/teams/{reg.d1.id}/excel/confirm", data={"mode": "replace"})
    assert r.status_code == 404 and people_count(reg) == 3
