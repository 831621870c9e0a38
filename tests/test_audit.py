"""The organiser's audit page: who changed what, when and why, filterable."""

from meet.extensions import db
from meet.operations import audit, commit
from tests.conftest import login


def _entries(world):
    audit("delegation.approved", world.d1, user_id=world.admin.id, reason="材料齐全")
    audit("result.corrected", world.m100, user_id=world.chief.id, reason="计时复核")
    commit()


def test_organiser_sees_every_change_with_who_and_why(client, world):
    _entries(world)
    login(client, "admin")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "delegation.approved" in page and "材料齐全" in page
    assert "result.corrected" in page and "chief" in page


def test_filters_by_action_and_by_user(client, world):
    _entries(world)
    login(client, "admin")
    page = client.get("/admin/audit?action=corrected").get_data(as_text=True)
    assert "result.corrected" in page and "delegation.approved" not in page
    page = client.get(f"/admin/audit?user={world.admin.id}").get_data(as_text=True)
    assert "delegation.approved" in page and "result.corrected" not in page


def test_a_bad_date_filter_is_explained_not_a_500(client, world):
    _entries(world)
    login(client, "admin")
    r = client.get("/admin/audit?since=not-a-date")
    assert r.status_code == 200
    assert "不是有效的日期值" in r.get_data(as_text=True)  # next to the field, in Chinese


def test_only_the_organiser_reads_the_audit_log(client, world):
    for who in ["leader01", "referee01", "chief", "marshal01"]:
        login(client, who)
        assert client.get("/admin/audit").status_code == 403, who
        client.post("/logout")
    assert client.get("/admin/audit").status_code == 302  # anonymous → login


def test_login_is_audited(client, world):
    login(client, "leader01")
    from meet.models import AuditEntry

    assert db.session.query(AuditEntry).filter_by(action="login").count() == 1
