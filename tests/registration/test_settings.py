"""The organiser's registration settings: window, entry limits, age groups."""

import datetime as dt

import pytest
from sqlalchemy import select

from meet.extensions import db
from meet.models import AgeGroup, AuditEntry, Meet
from meet.operations import OperationError
from meet.registration import settings_ops as ops
from meet.registration.window import CHINA, window_bounds
from meet.signals import registration_changed
from tests import factories
from tests.conftest import login

URL = "/registration/settings"


def _groups(meet):
    return {(g.code, g.gender): g for g in ops.age_groups(meet)}


def form(reg, **overrides) -> dict:
    """The page's form as it comes, with the four groups and an empty new row."""
    data = {"opens": "2027-03-01T08:00", "closes": "2027-04-10T17:30",
            "max_events_per_athlete": "2", "athletes_per_event": "2",
            "max_athletes_per_delegation": "60",
            **{f"{role}_{bound}": str(n) for role, pair in reg.meet.staff_limits.items()
               for bound, n in zip(("min", "max"), pair, strict=True)}}
    rows = ops.age_groups(reg.meet)
    for i, g in enumerate(rows):
        data.update({f"groups-{i}-id": str(g.id), f"groups-{i}-code": g.code,
                     f"groups-{i}-gender": g.gender, f"groups-{i}-name": g.name,
                     f"groups-{i}-min_age": "" if g.min_age is None else str(g.min_age),
                     f"groups-{i}-max_age": "" if g.max_age is None else str(g.max_age)})
    n = len(rows)
    data.update({f"groups-{n}-id": "", f"groups-{n}-code": "", f"groups-{n}-gender": "M",
                 f"groups-{n}-name": "", f"groups-{n}-min_age": "", f"groups-{n}-max_age": ""})
    data.update(overrides)
    return data


def _row(reg, code, gender):
    return next(i for i, g in enumerate(ops.age_groups(reg.meet))
                if (g.code, g.gender) == (code, gender))


def test_page_shows_the_current_settings(client, reg):
    login(client, "admin")
    page = client.get(URL).get_data(as_text=True)
    opens, _closes = window_bounds(reg.meet)
    assert opens.astimezone(CHINA).strftime("%Y-%m-%dT%H:%M") in page
    assert "男子A组" in page and "女子B组" in page and "新增组别" in page
    assert client.get("/registration/progress").get_data(as_text=True).count(URL) == 1


def test_saving_changes_everything_audited_and_signalled(client, reg):
    login(client, "admin")
    sent = []
    registration_changed.connect(lambda _s, **kw: sent.append(kw), weak=False)
    n = len(ops.age_groups(reg.meet))
    r = client.post(URL, data=form(reg, max_events_per_athlete="3", athletes_per_event="4",
                                   max_athletes_per_delegation="40", **{
                                       f"groups-{n}-code": "C", f"groups-{n}-gender": "M",
                                       f"groups-{n}-name": "男子C组", f"groups-{n}-min_age": "61",
                                       f"groups-{_row(reg, 'B', 'F')}-max_age": "55"}))
    registration_changed.receivers.clear()
    assert r.status_code == 302
    meet = db.session.get(Meet, reg.meet.id)
    db.session.refresh(meet)
    opens, closes = window_bounds(meet)
    assert opens == dt.datetime(2027, 3, 1, 8, 0, tzinfo=CHINA)
    assert closes == dt.datetime(2027, 4, 10, 17, 30, tzinfo=CHINA)
    assert (meet.max_events_per_athlete, meet.athletes_per_event,
            meet.max_athletes_per_delegation) == (3, 4, 40)
    groups = _groups(meet)
    assert groups["C", "M"].min_age == 61 and groups["C", "M"].max_age is None
    assert groups["B", "F"].max_age == 55
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.settings_changed"))
    assert entry.detail["max_events_per_athlete"] == [2, 3]
    assert any(note.startswith("+ MC") for note in entry.detail["age_groups"])
    assert sent == [{"meet_id": meet.id}]
    page = client.get(URL).get_data(as_text=True)
    assert "报名设置已保存" in page and "2027-04-10T17:30" in page


def test_unchanged_form_writes_nothing(client, reg):
    login(client, "admin")
    settings = ops.current(reg.meet)
    ops.update(reg.admin, reg.meet, settings)
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.settings_changed")) is None


def test_removing_an_unused_group(client, reg):
    login(client, "admin")
    i = _row(reg, "B", "F")
    assert client.post(URL, data=form(reg, **{f"groups-{i}-remove": "y"})).status_code == 302
    assert ("B", "F") not in _groups(reg.meet)


def _refused(client, reg, field_error, **overrides):
    r = client.post(URL, data=form(reg, **overrides))
    page = r.get_data(as_text=True)
    assert r.status_code == 400, page
    assert field_error in page
    for value in overrides.values():
        assert f'value="{value}"' in page or value in ("y", "M", "F")
    return page


def test_closes_must_follow_opens(client, reg):
    login(client, "admin")
    _refused(client, reg, "截止时间须晚于开始时间", closes="2027-02-01T08:00")
    assert ops.current(reg.meet).closes != dt.datetime(2027, 2, 1, 8, 0)


def test_unreadable_time_and_number_keep_what_was_typed(client, reg):
    login(client, "admin")
    _refused(client, reg, "请按“年-月-日 时:分”填写时间", opens="明天早上")
    _refused(client, reg, "请填写整数", athletes_per_event="两")


@pytest.mark.parametrize("field", ops.LIMITS)
def test_limits_are_at_least_one(client, reg, field):
    login(client, "admin")
    page = _refused(client, reg, "至少为 1", **{field: "0"})
    assert f'id="{field}-error"' in page


def test_ages_in_order(client, reg):
    login(client, "admin")
    i = _row(reg, "B", "M")
    page = _refused(client, reg, "最小年龄不能大于最大年龄",
                    **{f"groups-{i}-min_age": "50", f"groups-{i}-max_age": "40"})
    assert f'id="groups-{i}-max_age-error"' in page


def test_overlapping_bands_of_one_gender_are_refused(client, reg):
    login(client, "admin")
    i = _row(reg, "B", "M")
    page = _refused(client, reg, "与“男子A组”（35 岁及以下）的年龄段重叠",
                    **{f"groups-{i}-min_age": "30"})
    assert f'id="groups-{i}-min_age-error"' in page
    # the same ages for the other gender overlap nothing
    n = len(ops.age_groups(reg.meet))
    _refused(client, reg, "年龄段重叠", **{
        f"groups-{n}-code": "C", f"groups-{n}-gender": "F", f"groups-{n}-name": "女子C组",
        f"groups-{n}-min_age": "50"})


def test_duplicate_code_and_missing_name(client, reg):
    login(client, "admin")
    n = len(ops.age_groups(reg.meet))
    _refused(client, reg, "同一性别已有代码为 A 的组别", **{
        f"groups-{n}-code": "A", f"groups-{n}-gender": "M", f"groups-{n}-name": "男子老年组",
        f"groups-{n}-min_age": "70"})
    _refused(client, reg, "请填写组别名称", **{f"groups-{n}-code": "D",
                                         f"groups-{n}-min_age": "70"})


def test_a_group_used_by_an_event_cannot_be_removed_or_renamed(client, reg):
    login(client, "admin")
    i = _row(reg, "A", "M")  # the men's 100 m is for group A
    page = _refused(client, reg, "组别 A 已被项目使用", **{f"groups-{i}-remove": "y"})
    assert f'id="groups-{i}-remove-error"' in page
    _refused(client, reg, "不能删除或改代码", **{f"groups-{i}-code": "Y"})
    assert ("A", "M") in _groups(reg.meet)
    # the women's A group is used by no event: it may go
    j = _row(reg, "A", "F")
    assert client.post(URL, data=form(reg, **{f"groups-{j}-remove": "y"})).status_code == 302


def test_a_stricter_rule_is_allowed_and_reports_delegations_with_errors(client, reg):
    factories.person(reg.meet, reg.d2, "王芳", "F", birth_date=dt.date(1993, 4, 4))
    factories.person(reg.meet, reg.d2, "吴领队", "M", role="leader")
    factories.person(reg.meet, reg.d2, "郑教练", "F", role="coach")
    db.session.commit()  # d2: two athletes, a leader and a coach, no error
    login(client, "admin")
    before = ops.delegations_with_errors(reg.meet)
    r = client.post(URL, data=form(reg, max_athletes_per_delegation="1"),
                    follow_redirects=True)
    page = r.get_data(as_text=True)
    after = ops.delegations_with_errors(reg.meet)
    assert (before, after) == (1, 2)
    assert f"现有 {after} 个代表队的报名存在问题（修改前 {before} 个）" in page
    assert f"有 {after} 个代表队的报名存在问题" in page


def test_database_refusal_becomes_a_field_message(reg, monkeypatch):
    monkeypatch.setattr(ops, "_check_groups", lambda meet, rows: rows)
    settings = ops.current(reg.meet)
    settings.groups[0].max_age, settings.groups[0].min_age = 10, 20
    with pytest.raises(OperationError) as err:
        ops.update(reg.admin, reg.meet, settings)
    assert err.value.field == "groups" and "组别" in err.value.message
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "registration.settings_changed")) is None


def test_database_refusal_shows_on_the_page(client, reg, monkeypatch):
    monkeypatch.setattr(ops, "_check_groups", lambda meet, rows: rows)
    login(client, "admin")
    i = _row(reg, "B", "M")
    page = _refused(client, reg, "保存失败", **{f"groups-{i}-min_age": "50",
                                                f"groups-{i}-max_age": "40"})
    assert 'role="alert"' in page
    assert db.session.get(AgeGroup, ops.age_groups(reg.meet)[i].id).min_age == 36


def test_only_the_organiser_may_update(reg):
    with pytest.raises(OperationError, match="只有组委会"):
        ops.update(reg.leader1, reg.meet, ops.current(reg.meet))


@pytest.mark.parametrize("username", ["leader01", "referee01", "chief", "marshal01"])
def test_other_roles_are_refused(client, reg, username):
    login(client, username)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=form(reg, max_events_per_athlete="9")).status_code == 403
    assert reg.meet.max_events_per_athlete == 2


def test_anonymous_goes_to_login(client, reg):
    r = client.get(URL)
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert client.post(URL, data=form(reg)).status_code == 302


def test_page_in_english(client, reg):
    login(client, "admin")
    client.post("/lang/en")
    page = client.post(URL, data=form(reg, athletes_per_event="0")).get_data(as_text=True)
    assert "Registration settings" in page and "Age groups" in page and "At least 1." in page
