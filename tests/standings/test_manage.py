"""The organiser's writes: honours (with the eligible suggested), records, settings; and
every refusal, by role and by bad input."""

from __future__ import annotations

import pytest

from meet.extensions import db
from meet.models import AuditEntry, Award, Entry, MeetRecord
from meet.operations import OperationError
from meet.standings import operations, queries
from tests import factories
from tests.conftest import login
from tests.standings import factories as sf

ORGANISER_PAGES = ["/awards/manage", "/records/manage", "/standings/manage"]
ORGANISER_POSTS = ["/awards/manage", "/records/manage", "/standings/manage/settings",
                   "/standings/manage/results-book", "/standings/manage/certificates"]


@pytest.mark.parametrize("who", ["leader01", "referee01", "chief", "marshal01"])
def test_only_the_organiser_names_awards_and_publishes(client, games, who):
    login(client, who)
    for path in ORGANISER_PAGES:
        assert client.get(path).status_code == 403, path
    for path in ORGANISER_POSTS:
        assert client.post(path, data={"action": "publish"}).status_code == 403, path
    assert db.session.scalar(db.select(db.func.count(Award.id))) == 0
    assert not operations.tables.state(games.meet.id).results_book_public


def test_anonymous_is_sent_to_login(client, games):
    for path in ORGANISER_PAGES:
        r = client.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_organiser_names_each_kind_of_award_and_it_is_public(client, games):
    athlete = factories.person(games.meet, games.t[2], "王芳", "F", bib="0301")
    db.session.commit()
    login(client, "admin")
    for data in [{"kind": "sportsmanship_delegation", "delegation_id": games.t[0].id},
                 {"kind": "organisation", "delegation_id": games.t[1].id},
                 {"kind": "sportsmanship_athlete", "bib": "0301"},
                 {"kind": "sportsmanship_referee", "user_id": games.referee.id}]:
        r = client.post("/awards/manage", data=data)
        assert r.status_code == 302, data
    public = client.get("/awards").get_data(as_text=True)
    assert "王芳" in public and games.t[0].name in public and "referee01" in public
    assert athlete.id_number not in public
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert actions.count("award.name") == 4


def test_award_refusals_say_what_is_wrong_next_to_the_field(client, games):
    login(client, "admin")
    r = client.post("/awards/manage", data={"kind": "sportsmanship_athlete", "bib": "9999"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "没有这个号码的运动员" in page and 'value="9999"' in page
    r = client.post("/awards/manage", data={"kind": "organisation", "delegation_id": 0})
    assert r.status_code == 422 and "请选择代表队" in r.get_data(as_text=True)
    r = client.post("/awards/manage", data={"kind": "sportsmanship_referee",
                                            "user_id": games.leader.id})
    assert r.status_code == 422 and "请选择裁判员" in r.get_data(as_text=True)


def test_naming_twice_is_refused_and_withdrawing_needs_a_reason(games):
    award = operations.name_award(games.meet, "organisation", delegation_id=games.t[0].id)
    with pytest.raises(OperationError, match="已授予"):
        operations.name_award(games.meet, "organisation", delegation_id=games.t[0].id)
    with pytest.raises(OperationError, match="原因"):
        operations.withdraw_award(games.meet, award, "  ")
    operations.withdraw_award(games.meet, award, "名单有误")
    assert db.session.get(Award, award.id) is None
    assert db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.action == "award.withdraw")).one().reason == "名单有误"


def test_awards_change_the_generation(games):
    gen = operations.tables.generation(games.meet.id)
    operations.name_award(games.meet, "organisation", delegation_id=games.t[0].id)
    assert operations.tables.generation(games.meet.id) == gen + 1


def test_the_eligible_exclude_forfeits_without_excuse_and_fraud(games):
    t = games.t
    e = sf.event(games.meet, games.ath, "M100")
    people = [factories.person(games.meet, t[i], f"选手{i}", bib=f"0{i}01") for i in range(5)]
    entries = [factories.entry(e, t[i], people[i]) for i in range(5)]
    sf.heat(e, [(entries[0], None, "DNS", "", "", {}),                      # no excuse
                (entries[1], None, "DNS", "", "伤病，持医院证明", {}),        # excused
                (entries[2], None, "DQ", "", "冒名顶替", {}),                # fraud
                (entries[3], None, "DQ", "", "TR16.8 起跑犯规", {}),         # technical
                (entries[4], 1, "OK", "11.20", "", {})])
    sf.heat(e, [(factories.entry(e, t[5]), None, "DNS", "", "", {})], published=False, number=2)
    ok_d, ok_a, barred, _ = queries.eligible(games.meet.id)
    assert {d.code for d in ok_d} == {"02", "04", "05", "06"}
    assert barred == {t[0].id: {"forfeit"}, t[2].id: {"fraud"}}
    assert {p.bib for p in ok_a} == {"0101", "0301", "0401"}


def test_the_organiser_page_suggests_the_eligible(client, games):
    e = sf.event(games.meet, games.ath, "M100")
    sf.heat(e, [(factories.entry(e, games.t[0]), None, "DNS", "", "", {})])
    login(client, "admin")
    page = client.get("/awards/manage").get_data(as_text=True)
    assert "不符合条件" in page and "无故弃权" in page


def test_records_set_replace_and_show_new_records(client, games):
    e = sf.event(games.meet, games.ath, "MLJ", name="男子跳远")
    operations.set_record(games.meet, e.id, "6.80", "陈刚", "城关镇", 2019)
    operations.set_record(games.meet, e.id, "6.85", "陈刚", "城关镇", 2023)
    assert db.session.scalars(db.select(MeetRecord)).one().mark == "6.85"
    sf.publish(e, [(games.t[0], 1, "OK", "7.02", "MR")])
    page = client.get("/records").get_data(as_text=True)
    assert "6.85" in page and "陈刚" in page and "7.02" in page and "新纪录" in page
    assert "MR" in client.get(f"/results/{e.id}").get_data(as_text=True)


@pytest.mark.parametrize("mark, holder, year, field", [
    ("", "陈刚", 2020, "mark"), ("6.80", "", 2020, "holder"), ("6.80", "陈刚", 1900, "year"),
    ("6.80", "陈刚", 2099, "year")])
def test_record_refusals(games, mark, holder, year, field):
    e = sf.event(games.meet, games.ath, "MLJ")
    with pytest.raises(OperationError) as err:
        operations.set_record(games.meet, e.id, mark, holder, "", year)
    assert err.value.field == field


def test_record_form_keeps_what_was_typed(client, games):
    e = sf.event(games.meet, games.ath, "MLJ")
    login(client, "admin")
    r = client.post("/records/manage", data={"event_id": e.id, "mark": "6.80",
                                             "holder": "陈刚", "year": "1900"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "年份" in page and 'value="陈刚"' in page


def test_settings_refusals(games):
    with pytest.raises(OperationError):
        operations.update_settings(games.meet, "silver", "places")
    with pytest.raises(OperationError):
        operations.update_settings(games.meet, "gold", "coin")


def test_certificate_request_refusals(client, games):
    with pytest.raises(OperationError, match="名次"):
        operations.request_certificates(games.meet, "meet", None, 9, "classic", True)
    with pytest.raises(OperationError, match="项目"):
        operations.request_certificates(games.meet, "event", None, 3, "classic", True)
    with pytest.raises(OperationError, match="版式"):
        operations.request_certificates(games.meet, "meet", None, 3, "gothic", True)
    login(client, "admin")
    r = client.post("/standings/manage/certificates",
                    data={"scope": "meet", "places": "12", "layout": "classic"})
    assert r.status_code == 422 and "名次应为1至8" in r.get_data(as_text=True)


def test_pages_hold_no_personal_data(client, games):
    e = sf.event(games.meet, games.ath, "M100")
    p = factories.person(games.meet, games.t[0], "李明", bib="0101")
    entry = factories.entry(e, games.t[0], p)
    sf.heat(e, [(entry, 1, "OK", "11.02", "", {})])
    db.session.commit()
    for path in [f"/delegations/{games.t[0].id}", "/athletes/0101", f"/results/{e.id}"]:
        page = client.get(path).get_data(as_text=True)
        assert "李明" in page and p.id_number not in page and p.phone not in page, path
    assert db.session.scalar(db.select(db.func.count(Entry.id))) == 1


def test_a_blank_withdrawal_reason_from_the_page_is_refused_not_a_500(client, games):
    """A reason of spaces passed the form and the operation's refusal became a 500."""
    award = operations.name_award(games.meet, "organisation", delegation_id=games.t[0].id)
    db.session.commit()
    login(client, "admin")
    r = client.post(f"/awards/{award.id}/withdraw", data={"reason": "   "})
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "请写明撤销原因" in page
    db.session.expire_all()
    assert db.session.get(Award, award.id) is not None
