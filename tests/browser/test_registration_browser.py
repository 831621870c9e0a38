"""Issue 3's done-when, in a real browser: a team leader on a phone registers 3 staff and
12 athletes into 6 events including a relay, fixes the errors shown, submits; the
organiser approves on a tablet; bibs are allocated.

It runs on its own live server and a fresh SQLite file built by factories, never on the
shared demo meet.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from werkzeug.serving import make_server

from config import TestingConfig
from meet import create_app
from meet.extensions import db
from meet.models import Person
from meet.rules import idcard
from tests import factories
from tests.browser.conftest import no_horizontal_scroll, shot
from tests.registration.conftest import open_window

pytestmark = pytest.mark.browser

MEN = ["王建国", "李志强", "张伟", "刘洋", "陈磊", "杨帆"]
WOMEN = ["赵敏", "孙丽", "周婷", "吴静", "郑芳", "冯雪"]


@pytest.fixture
def fresh_server(tmp_path):
    cfg = type("Fresh", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'registration.db'}"})
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
        m = factories.meet()
        open_window(m)
        kind = factories.unit_kind(m)
        d1 = factories.delegation(m, kind, "01", "城关镇工会联合会")
        factories.delegation(m, kind, "02", "洋口镇工会联合会")
        cat = factories.category(m)
        for i, (code, name, gender, kind_) in enumerate([
            ("M100", "男子100米", "M", "timed"), ("W100", "女子100米", "F", "timed"),
            ("MLJ", "男子跳远", "M", "measured"), ("WLJ", "女子跳远", "F", "measured"),
            ("MSP", "男子铅球", "M", "measured"),
        ]):
            factories.event(m, cat, code, name=name, name_en=code, gender=gender, kind=kind_,
                            sort_order=i)
        factories.event(m, cat, "X4X100", name="男女混合4×100米接力", name_en="Mixed relay",
                        gender="X", is_team=True, squad_min=4, squad_max=4, reserves=2,
                        per_team_limit=1, sort_order=9,
                        composition={"M": 2, "F": 2, "legs": {"F": [1, 3]}})
        factories.user("admin", factories.Role.ORGANISER, m)
        factories.user("leader01", factories.Role.LEADER, m, delegation_id=d1.id)
        db.session.commit()
        delegation_id = d1.id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}", delegation_id
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def _login(page, base, username):
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/dashboard")


def _add(page, base, did, role, name, gender, number, union=True):
    page.goto(f"{base}/teams/{did}/people/new?role={role}")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("男" if gender == "M" else "女", exact=True).check()
    page.get_by_label("身份证号").fill(number)
    page.get_by_label("手机号").fill("13905990000")
    page.get_by_label("工作单位").fill("城关镇人民政府")
    if not union:
        page.get_by_label("本人为所在单位的在职工会会员").uncheck()
    page.get_by_role("button", name="保存", exact=True).click()


def _option(name):
    return f"{name}（{'男' if name in MEN else '女'}）"


def _pick(page, *events):
    for event in events:
        page.get_by_label(event).check()
    page.get_by_role("button", name="保存报项").click()


def test_leader_registers_on_a_phone_and_the_organiser_approves(fresh_server, browser):
    app, base, did = fresh_server
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                is_mobile=True, has_touch=True, locale="zh-CN").new_page()
    console = []
    phone.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    phone.on("dialog", lambda d: d.accept())
    _login(phone, base, "leader01")
    phone.get_by_role("link", name="进入报名：人员、报项、提交").click()
    assert "城关镇工会联合会" in phone.locator("h1").inner_text()

    born = dt.date(1985, 6, 1)
    # Staff: the first try has the wrong gender for the ID number.
    head = idcard.make("350721", born, 1, "M")
    _add(phone, base, did, "leader", "陈领队", "F", head)
    error = phone.locator("#gender-error")
    assert "身份证号显示为男性，与所选性别“女”不符" in error.inner_text()
    assert phone.get_by_label("身份证号").input_value() == head  # nothing typed is lost
    shot(phone, "registration-gender-mismatch-phone")
    phone.get_by_label("男", exact=True).check()
    phone.get_by_role("button", name="保存", exact=True).click()
    _add(phone, base, did, "coach", "周教练", "F", idcard.make("350721", born, 2, "F"))
    _add(phone, base, did, "doctor", "吴医生", "M", idcard.make("350721", born, 3, "M"))

    individual = {0: ["男子100米"], 1: ["男子100米"], 2: ["男子跳远"], 3: ["男子跳远"],
                  4: ["男子铅球"], 5: ["男子铅球"]}
    for i, name in enumerate(MEN):
        _add(phone, base, did, "athlete", name, "M",
             idcard.make("350721", dt.date(1990, 1, i + 1), 10 + i, "M"))
        _pick(phone, *individual[i])
    for i, name in enumerate(WOMEN):
        _add(phone, base, did, "athlete", name, "F",
             idcard.make("350721", dt.date(1992, 2, i + 1), 20 + i, "F"), union=i != 5)
        _pick(phone, *(["女子100米"] if i < 2 else ["女子跳远"] if i < 4 else []))
    phone.goto(f"{base}/teams/{did}/registration")
    phone.locator(".reg-people li", has_text=MEN[1]).get_by_role("link", name="报项").click()
    own = phone.locator(".reg-option", has_text="男子100米")
    assert own.locator("input").is_checked() and "本队剩余名额 0" in own.inner_text()
    assert "本队名额已满" in phone.locator(".reg-option", has_text="男子跳远").inner_text()
    assert no_horizontal_scroll(phone)
    shot(phone, "registration-athlete-events-phone")
    phone.goto(f"{base}/teams/{did}/people/new?role=athlete")
    assert no_horizontal_scroll(phone)
    shot(phone, "registration-person-form-phone")

    # The relay: men on legs 1 and 3 by mistake; saved as a draft.
    phone.goto(f"{base}/teams/{did}/registration#squads")
    phone.get_by_role("link", name="组队报名").click()
    for leg, who in enumerate([MEN[0], WOMEN[0], MEN[1], WOMEN[1]], 1):
        phone.get_by_label(f"第 {leg} 棒").select_option(label=_option(who))
    phone.get_by_label("替补 1").select_option(label=f"{WOMEN[4]}（女）")
    shot(phone, "registration-squad-phone")
    phone.get_by_role("button", name="保存名单").click()

    phone.goto(f"{base}/teams/{did}/registration")
    assert phone.get_by_role("button", name="提交报名").is_disabled()
    shot(phone, "registration-delegation-phone")
    phone.get_by_role("link", name="查看并解决问题").click()
    problems = phone.locator(".reg-errors li")
    texts = problems.all_inner_texts()
    assert len(texts) == 3, texts
    assert any("第 1 棒应由女运动员跑" in t for t in texts)
    assert any("冯雪 未声明为本单位在职工会会员" in t for t in texts)
    assert no_horizontal_scroll(phone)
    shot(phone, "registration-errors-phone")

    # Fix the relay through its link: women on legs 1 and 3.
    phone.locator(".reg-errors li", has_text="第 1 棒").get_by_role("link", name="去修改").click()
    for leg, who in enumerate([WOMEN[0], MEN[0], WOMEN[1], MEN[1]], 1):
        phone.get_by_label(f"第 {leg} 棒").select_option(label=_option(who))
    phone.get_by_role("button", name="保存名单").click()
    phone.goto(f"{base}/teams/{did}/errors")
    phone.locator(".reg-errors li", has_text="冯雪").get_by_role("link", name="去修改").click()
    phone.get_by_label("本人为所在单位的在职工会会员").check()
    phone.get_by_role("button", name="保存", exact=True).click()

    phone.goto(f"{base}/teams/{did}/errors")
    assert "没有发现问题" in phone.locator("main").inner_text()
    phone.get_by_role("button", name="提交报名").click()
    assert "报名已提交，等待组委会审核" in phone.locator("main").inner_text()
    shot(phone, "registration-submitted-phone")

    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True,
                                 locale="zh-CN").new_page()
    _login(tablet, base, "admin")
    tablet.get_by_role("link", name="报名进度").click()
    row = tablet.locator("tbody tr", has_text="城关镇工会联合会")
    assert "已提交" in row.inner_text()
    assert no_horizontal_scroll(tablet)
    shot(tablet, "registration-progress-tablet")
    row.get_by_role("link", name="城关镇工会联合会").click()
    tablet.get_by_role("button", name="审核通过并分配号码布").click()
    assert "已审核通过，号码布已分配" in tablet.locator("main").inner_text()
    shot(tablet, "registration-approved-tablet")

    with app.app_context():
        people = db.session.scalars(db.select(Person).where(Person.delegation_id == did)).all()
        bibs = sorted(p.bib for p in people if p.is_athlete)
        assert len(people) == 15
        assert bibs == [str(101 + i) for i in range(12)]
        assert all(p.bib is None for p in people if not p.is_athlete)
    phone.goto(f"{base}/teams/{did}/registration")
    assert phone.locator(".bib").count() == 12
    shot(phone, "registration-approved-phone")
    # The one refused form (the gender mismatch) answers 400; nothing else may fail (CSP).
    assert [m for m in console if "status of 400" not in m] == []
