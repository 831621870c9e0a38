"""Badge operations: issue, re-issue (revokes), print-time issue, photos."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy.exc import IntegrityError

from meet.badges import operations as ops
from meet.badges.tokens import TOKEN_RE, badge_url, public_base_url, token_from_scan
from meet.extensions import db
from meet.models import AuditEntry, Badge, PersonPhoto
from meet.operations import OperationError


def _image(fmt="JPEG", size=(600, 800), colour=(200, 30, 30)) -> BytesIO:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    out.seek(0)
    return out


def test_issue_gives_a_short_random_token_once(world):
    b = ops.issue_badge(world.meet, person=world.a1)
    assert TOKEN_RE.match(b.token) and len(b.token) == 12
    assert b.version == 1 and b.is_valid
    assert ops.issue_badge(world.meet, person=world.a1).id == b.id  # idempotent
    other = ops.issue_badge(world.meet, person=world.a2)
    assert other.token != b.token
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "badge.issue")) == 2


def test_issue_for_an_official_account(world):
    b = ops.issue_badge(world.meet, user=world.referee)
    assert b.user_id == world.referee.id and b.person_id is None


def test_issue_needs_exactly_one_holder(world):
    with pytest.raises(OperationError):
        ops.issue_badge(world.meet)
    with pytest.raises(OperationError):
        ops.issue_badge(world.meet, person=world.a1, user=world.referee)


def test_reissue_revokes_the_old_version(world):
    old = ops.issue_badge(world.meet, person=world.a1)
    new = ops.reissue_badge(world.meet, person=world.a1, reason="遗失")
    db.session.refresh(old)
    assert not old.is_valid and old.reason == "遗失"
    assert new.is_valid and new.version == 2 and new.token != old.token
    assert ops.valid_badge(person=world.a1).id == new.id
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"badge.revoke", "badge.issue"} <= actions


def test_reissue_refuses_without_a_reason(world):
    ops.issue_badge(world.meet, person=world.a1)
    with pytest.raises(OperationError) as e:
        ops.reissue_badge(world.meet, person=world.a1, reason="  ")
    assert e.value.field == "reason"
    with pytest.raises(OperationError):
        ops.reissue_badge(world.meet, person=world.a1, reason="x" * 201)
    assert ops.valid_badge(person=world.a1).version == 1


def test_database_allows_one_valid_badge_per_person(world):
    ops.issue_badge(world.meet, person=world.a1)
    db.session.add(Badge(meet_id=world.meet.id, person_id=world.a1.id, version=2,
                         token="ABCDEFGHIJKL"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_database_refuses_a_badge_without_holder_or_short_token(world):
    db.session.add(Badge(meet_id=world.meet.id, version=1, token="ABCDEFGHIJKL"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Badge(meet_id=world.meet.id, person_id=world.a1.id, version=1, token="short"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_ensure_badges_issues_only_the_missing(world):
    first = ops.issue_badge(world.meet, person=world.a1)
    found = ops.ensure_badges(world.meet, [world.a1, world.a2], [world.admin])
    assert found[("person", world.a1.id)].id == first.id
    assert found[("person", world.a2.id)].is_valid
    assert found[("user", world.admin.id)].is_valid
    again = ops.ensure_badges(world.meet, [world.a1, world.a2], [world.admin])
    assert {k: b.id for k, b in again.items()} == {k: b.id for k, b in found.items()}


def test_ensure_badges_after_revocation_uses_the_next_version(world):
    b = ops.issue_badge(world.meet, person=world.a1)
    b.revoked_at = b.created_at
    db.session.commit()
    found = ops.ensure_badges(world.meet, [world.a1])
    assert found[("person", world.a1.id)].version == 2


def test_photo_is_reencoded_small(world):
    ops.set_photo(world.a1, _image("PNG", (1200, 1200)))
    photo = db.session.scalars(db.select(PersonPhoto)).one()
    assert (photo.width, photo.height) == (360, 480)
    assert Image.open(BytesIO(photo.data)).format == "JPEG"
    ops.set_photo(world.a1, _image())  # replaces, never a second row
    assert db.session.scalar(db.select(db.func.count()).select_from(PersonPhoto)) == 1


@pytest.mark.parametrize("upload, message", [
    (BytesIO(b""), "请选择一张照片"),
    (BytesIO(b"not an image at all"), "无法识别"),
    (BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50), "无法识别"),
    ("small", "照片太小"),
    ("gif", "格式"),
    ("huge", "不能超过5 MB"),
])
def test_photo_refusals(world, upload, message):
    if upload == "small":
        upload = _image(size=(80, 100))
    elif upload == "gif":
        upload = _image("GIF")
    elif upload == "huge":
        upload = BytesIO(b"\xff" * (ops.PHOTO_MAX_BYTES + 10))
    with pytest.raises(OperationError) as e:
        ops.set_photo(world.a1, upload)
    assert message in e.value.message and e.value.field == "photo"
    assert db.session.scalar(db.select(db.func.count()).select_from(PersonPhoto)) == 0


def test_remove_photo(world):
    with pytest.raises(OperationError):
        ops.remove_photo(world.a1)
    ops.set_photo(world.a1, _image())
    ops.remove_photo(world.a1)
    assert db.session.scalar(db.select(db.func.count()).select_from(PersonPhoto)) == 0


def test_base_url_order_and_scan_parsing(world):
    assert public_base_url(world.meet, {}, "http://host:5000/") == "http://host:5000"
    assert public_base_url(world.meet, {"MEET_PUBLIC_BASE_URL": "https://a.cn/"}, "x") == \
        "https://a.cn"
    world.meet.public_base_url = "https://meet.sc.gov.cn"
    assert public_base_url(world.meet, {"MEET_PUBLIC_BASE_URL": "https://a.cn"}, "x") == \
        "https://meet.sc.gov.cn"
    assert badge_url("https://a.cn", "T" * 12) == "https://a.cn/badge/TTTTTTTTTTTT"
    assert token_from_scan("https://a.cn/badge/AbCdEfGhIjKl?x=1") == "AbCdEfGhIjKl"
    assert token_from_scan(" AbCdEfGhIjKl ") == "AbCdEfGhIjKl"


def test_meet_job_builds_and_keeps_the_file(make_app, tmp_path):
    from tests import factories

    app = make_app(BADGE_OUTPUT_DIR=str(tmp_path))
    world = factories.small_world()
    with app.test_request_context():
        job = ops.start_meet_badges(world.meet, "sheet", "http://meet.test")
        job_id = job.id
    ops.wait_for(job_id)
    db.session.expire_all()
    job = db.session.get(ops.BadgeJob, job_id)
    assert job.state == "done", job.error
    assert job.total == job.done == 2 + 4  # two people; admin, referee, chief, marshal
    with open(job.path, "rb") as f:
        assert f.read(5) == b"%PDF-"
    assert ops.last_built(world.meet, "sheet").id == job_id
    with pytest.raises(OperationError):
        ops.start_meet_badges(world.meet, "poster", "http://meet.test")
