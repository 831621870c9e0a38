"""The order book (秩序册): public once published, built in the background and served
with its build time; the PDF prints Chinese with an embedded font, every delegation
and every heat (pdftotext), no heat split across pages; the .xlsx opens."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from meet.extensions import db
from meet.models import Delegation, Unit
from meet.schedule import jobs
from meet.schedule import timetable as ops
from meet.schedule import timetable_setup as setup
from meet.schedule.orderbook import render_book
from meet.schedule.orderbook_data import gather
from tests.conftest import login


def pdf_text(data: bytes, tmp_path: Path, layout: bool = False) -> str:
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_unpublished_book_is_private_and_published_book_is_built_in_background(
        client, sched, tmp_path):
    ops.auto_schedule(sched.meet, time_limit=0)
    assert client.get("/order-book.pdf").status_code == 404
    login(client, "leader01")
    assert client.get("/order-book.pdf").status_code == 404
    assert client.post("/schedule/order-book/publish", data={"published": "1"}).status_code == 403
    login(client, "admin")
    client.post("/schedule/order-book/publish", data={"published": "1"})
    jobs.wait_all()
    client.get("/logout")
    client.post("/logout")
    book = client.get("/order-book.pdf")
    assert book.status_code == 200 and book.mimetype == "application/pdf"
    assert book.headers["X-Built-At"] and book.last_modified
    text = squeeze(pdf_text(book.data, tmp_path))
    assert "秩序册" in text and "组织委员会" in text and "竞赛规程" in text
    for d in db.session.scalars(select(Delegation)):
        assert squeeze(d.name) in text
    for u in db.session.scalars(select(Unit).where(Unit.event_id == sched.m100.id)):
        assert squeeze(f"{u.round.name}{u.shown_label}") in text
        assert "决赛决赛" not in text
    assert "跑者01" in text and "球员0" in text
    fonts = subprocess.run(["pdffonts", "-"], input=book.data, capture_output=True).stdout
    assert b"yes" in fonts  # the CJK font is embedded
    sheet = client.get("/order-book.xlsx")
    wb = load_workbook(io.BytesIO(sheet.data))
    assert {"竞赛日程", "竞赛分组", "代表队名单", "人数统计", "号码对照"} <= set(wb.sheetnames)
    mine = client.get(f"/order-book/delegations/{sched.d1.id}.pdf")
    assert mine.status_code == 200 and "男子4×100米接力" in squeeze(pdf_text(mine.data, tmp_path))


def test_a_change_rebuilds_the_published_book(client, sched):
    setup.publish_order_book(sched.meet, True)
    jobs.wait_all()
    first = jobs.last_done(sched.meet.id, "order_book")
    ops.auto_schedule(sched.meet, time_limit=0)  # schedule_changed -> a new build
    jobs.wait_all()
    db.session.expire_all()
    latest = jobs.last_done(sched.meet.id, "order_book")
    assert latest.id != first.id and Path(latest.files["pdf"]).is_file()


def test_organiser_gets_a_building_page_never_a_build_in_the_request(client, sched):
    login(client, "admin")
    response = client.get("/order-book.pdf")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "正在后台生成" in response.text
    jobs.wait_all()
    assert client.get("/order-book.pdf").status_code == 200


def test_a_book_whose_file_is_gone_is_built_again(client, sched):
    """The built files vanished (another database's build cleaned the shared folder):
    /order-book.pdf answered "building" for ever and nothing was building."""
    setup.publish_order_book(sched.meet, True)
    jobs.wait_all()
    done = jobs.last_done(sched.meet.id, "order_book")
    Path(done.files["pdf"]).unlink()
    response = client.get("/order-book.pdf")
    assert response.status_code == 503 and "正在后台生成" in response.text
    jobs.wait_all()
    db.session.expire_all()
    assert jobs.last_done(sched.meet.id, "order_book").id != done.id
    book = client.get("/order-book.pdf")
    assert book.status_code == 200 and book.data.startswith(b"%PDF")


def test_only_the_organiser_publishes(client, sched):
    for username in ("leader01", "referee01", "chief", "marshal01"):
        login(client, username)
        assert client.post("/schedule/order-book/publish",
                           data={"published": "1"}).status_code == 403
        assert client.post("/schedule/order-book/build").status_code == 403


@pytest.fixture(scope="module")
def demo_book(demo_app):
    from meet.demo.loader import demo_meet

    with demo_app.app_context():
        meet = demo_meet()
        book = gather(meet)
        data = render_book(book)
        units = [(u.event.name, u.round.name, u.label, u.event.kind)
                 for u in book.problem.rows.values()]
        names = [d.name for d in book.delegations]
        db.session.rollback()
    return data, units, names


def test_demo_order_book_prints_every_delegation_and_every_heat(demo_book, tmp_path):
    data, units, names = demo_book
    text = pdf_text(data, tmp_path)
    flat = squeeze(text)
    assert "顺昌县第四届职工运动会" in flat and "主办单位" in flat
    for name in names:
        assert squeeze(name) in flat, name
    for event, rnd, label, kind in units:
        if kind != "match":  # heats, flights, sessions: a titled block each
            shown = "" if label == rnd else label  # a lone final is "决赛", not "决赛决赛"
            assert squeeze(f"{rnd}{shown}") in flat, (event, rnd, label)
    pages = text.split("\f")
    assert len(pages) > 40
    # a heat never split: its title and its last lane are on one page
    for page in pages:
        for m in re.finditer(r"(预赛|决赛) 第(\d+)组", page):
            assert "道次" in page[m.end():] or "顺序" in page[m.end():]


def test_demo_order_book_pages_render(demo_book, tmp_path):
    data, _, _ = demo_book
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "3", str(path),
                    str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == 3


def test_regulations_print_the_multiplier_and_bonus_as_people_write_them(demo_app):
    """A Numeric(4, 2) multiplier of 2 printed as "2.00 倍"; the regulations say "2 倍"."""
    from decimal import Decimal

    from meet.demo.loader import demo_meet
    from meet.schedule.orderbook_parts import regulations

    with demo_app.app_context():
        meet = demo_meet()
        book = gather(meet)
        meet.team_event_multiplier = Decimal("2.00")
        meet.record_bonus = Decimal("1.50")
        text = "".join(p.text for p in regulations(book) if hasattr(p, "text"))
        db.session.rollback()
    assert "按 2 倍计分" in text and "2.00" not in text
    assert "破大会纪录加 1.5 分" in text
