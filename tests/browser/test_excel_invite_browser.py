"""The leader's journey in Chromium: invited by the organiser (tablet), sets a password on
a phone, downloads the 报名表, fills it, uploads it, reads the preview, confirms."""

from __future__ import annotations

import datetime as dt
import threading
from io import BytesIO

import openpyxl
import pytest
from werkzeug.serving import make_server

from meet import create_app
from meet.extensions import db
from meet.registration.excel import HEADER_ROW, SHEET, XLSX_MIME
from meet.rules import idcard
from tests import factories
from tests.browser.conftest import PHONE, TABLET, no_horizontal_scroll, shot
from tests.conftest import ON_POSTGRES, FreshClient, _fresh_schema, make_config
from tests.registration.conftest import registration_world

SCHEMA = "test_browser_excel"


@pytest.fixture
def excel_server(tmp_path):
    """A live server on its own database: this journey writes, the demo must not change."""
    if ON_POSTGRES:
        _fresh_schema(SCHEMA)
    app = create_app(make_config(schema=SCHEMA, sqlite_path=str(tmp_path / "excel.db"),
                                 WTF_CSRF_ENABLED=True))
    app.test_client_class = FreshClient
    with app.app_context():
        db.create_all()
        world = registration_world()
        ids = {"d1": world.d1.id}
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def filled(template: bytes, existing_ids: list[str]) -> bytes:
    wb = openpyxl.load_workbook(BytesIO(template))
    ws = wb[SHEET]
    row = HEADER_ROW + 1 + len(existing_ids)
    for i, (name, gender, born) in enumerate([("赵强", "M", dt.date(1998, 1, 9)),
                                              ("孙丽", "F", dt.date(1995, 6, 1))]):
        number = idcard.make("350721", born, 60 + i, gender)
        values = [row + i - HEADER_ROW, name, "男" if gender == "M" else "女", number, "运动员",
                  "13900001111", "城关镇政府", "是", "男子跳远" if gender == "M" else "女子跳远"]
        for col, value in enumerate(values, 1):
            ws.cell(row + i, col, value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_invited_leader_registers_by_excel_on_a_phone(browser, excel_server):
    base, ids = excel_server
    office = browser.new_context(viewport=TABLET, has_touch=True, locale="zh-CN")
    org = office.new_page()
    org.goto(base + "/login")
    org.fill("#username", "admin")
    org.fill("#password", factories.PASSWORD)
    org.click("button[type=submit].primary")
    org.goto(base + "/registration/invitations")
    assert "未邀请" in org.content()
    org.click(f"form[action='/registration/invitations/{ids['d1']}'] button")
    link = org.input_value("#invite-link")
    assert "/invite/" in link
    shot(org, "invite-organiser-tablet")
    office.close()

    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    phone = context.new_page()
    phone.goto(link)
    assert phone.input_value("#username") == "leader01"
    phone.fill("#password", "1234567890")
    phone.fill("#confirm", "1234567890")
    phone.click("button[type=submit].primary")
    assert "不能全是数字" in phone.inner_text("#password-error")
    assert no_horizontal_scroll(phone)
    shot(phone, "invite-accept-error-phone")
    phone.fill("#password", "红旗-跑道-2027")
    phone.fill("#confirm", "红旗-跑道-2027")
    phone.click("button[type=submit].primary")
    assert phone.url.endswith("/dashboard")

    phone.get_by_text("菜单").click()  # a phone folds the leader's own links
    phone.click("text=Excel 报名")
    assert no_horizontal_scroll(phone)
    shot(phone, "excel-page-phone")
    template = phone.request.get(f"{base}/teams/{ids['d1']}/excel/template.xlsx").body()
    roster = openpyxl.load_workbook(BytesIO(template))[SHEET]
    existing = [roster.cell(r, 4).value for r in range(HEADER_ROW + 1, HEADER_ROW + 4)]
    sheet = filled(template, existing)
    phone.set_input_files("#sheet", files=[{"name": "报名表.xlsx", "mimeType": XLSX_MIME,
                                            "buffer": sheet}])
    phone.click("form[enctype] button[type=submit]")
    phone.wait_for_url("**/excel/preview**")
    phone.wait_for_load_state()  # a reload during the upload's redirect lost the page
    phone.reload()  # the preview survives a reload
    assert "赵强" in phone.content() and "孙丽" in phone.content()
    # 李明 (37) is still down for the men's 100 m of group A (up to 35): the row is named.
    assert "不属于男子100米的年龄组" in phone.content()
    assert phone.locator("form[action$='/excel/confirm']").count() == 0
    assert no_horizontal_scroll(phone)
    shot(phone, "excel-preview-errors-phone")

    wb = openpyxl.load_workbook(BytesIO(sheet))
    row = next(r for r in range(HEADER_ROW + 1, HEADER_ROW + 6)
               if wb[SHEET].cell(r, 2).value == "李明")
    wb[SHEET].cell(row, 9, "男子跳远")  # the leader fixes the row in the sheet
    fixed = BytesIO()
    wb.save(fixed)
    phone.goto(f"{base}/teams/{ids['d1']}/excel")
    phone.set_input_files("#sheet", files=[{"name": "报名表.xlsx", "mimeType": XLSX_MIME,
                                            "buffer": fixed.getvalue()}])
    phone.click("form[enctype] button[type=submit]")
    assert "格式正确" in phone.content()
    assert no_horizontal_scroll(phone)
    shot(phone, "excel-preview-phone")
    phone.click("form[action$='/excel/confirm']:has(input[value=replace]) button")
    assert "报名表已导入：新增 2 人" in phone.content()
    shot(phone, "excel-imported-phone")
    context.close()
