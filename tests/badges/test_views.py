"""Badge pages and PDFs: who may print what, photos, re-issue, the public page."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from meet.badges import operations as ops
from meet.extensions import db
from meet.models import Badge, PersonPhoto
from tests.conftest import login


def _jpeg(size=(600, 800)) -> BytesIO:
    out = BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(out, "JPEG")
    out.seek(0)
    return out


@pytest.mark.parametrize("who, status", [
    ("admin", 200), ("leader01", 200), ("leader02", 404), ("referee01", 403),
    ("marshal01", 403), ("chief", 403),
])
def test_team_pdf_access(client, world, who, status):
    login(client, who)
    r = client.get(f"/teams/{world.d1.id}/badges.pdf")
    assert r.status_code == status
    if status == 200:
        assert r.mimetype == "application/pdf" and r.data.startswith(b"%PDF-")
        assert ops.valid_badge(person=world.a1) is not None  # issued on first print


def test_anonymous_is_sent_to_login(client, world):
    for url in (f"/teams/{world.d1.id}/badges.pdf", f"/teams/{world.d1.id}/badges",
                "/badges", f"/people/{world.a1.id}/badge.pdf", "/badges/officials.pdf"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r.location, url


def test_unknown_delegation_is_404(client, world):
    login(client, "admin")
    assert client.get("/teams/9999/badges.pdf").status_code == 404
    assert client.get("/people/9999/badge.pdf").status_code == 404


def test_single_layout_is_one_badge_per_page(client, world):
    login(client, "admin")
    r = client.get(f"/teams/{world.d1.id}/badges.pdf?layout=single")
    assert r.status_code == 200 and r.data.count(b"/Type /Page\n") + \
        r.data.count(b"/Type /Page ") >= 1


def test_person_pdf(client, world):
    login(client, "leader01")
    assert client.get(f"/people/{world.a1.id}/badge.pdf").status_code == 200
    assert client.get(f"/people/{world.a2.id}/badge.pdf").status_code == 404


def test_team_page_lists_people(client, world):
    login(client, "leader01")
    r = client.get(f"/teams/{world.d1.id}/badges")
    assert r.status_code == 200 and "李明" in r.text and "王芳" not in r.text


def test_leader_uploads_a_photo_for_own_person(client, world):
    login(client, "leader01")
    r = client.post(f"/people/{world.a1.id}/photo", data={"photo": (_jpeg(), "me.jpg")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert db.session.scalar(db.select(PersonPhoto.person_id)) == world.a1.id
    assert client.get(f"/people/{world.a1.id}/photo.jpg").mimetype == "image/jpeg"


def test_leader_cannot_touch_another_delegations_photo(client, world):
    login(client, "leader01")
    r = client.post(f"/people/{world.a2.id}/photo", data={"photo": (_jpeg(), "x.jpg")},
                    content_type="multipart/form-data")
    assert r.status_code == 404
    assert client.get(f"/people/{world.a2.id}/photo.jpg").status_code == 404


def test_bad_photo_shows_the_message_next_to_the_field(client, world):
    login(client, "leader01")
    r = client.post(f"/people/{world.a1.id}/photo",
                    data={"photo": (BytesIO(b"%PDF-1.4 not a photo"), "cv.pdf")},
                    content_type="multipart/form-data")
    assert r.status_code == 422
    assert f'id="photo-{world.a1.id}-error"' in r.text and "无法识别" in r.text


def test_reissue_is_for_the_organiser_only(client, world):
    ops.issue_badge(world.meet, person=world.a1)
    login(client, "leader01")
    assert client.post(f"/people/{world.a1.id}/badge/reissue",
                       data={"reason": "遗失"}).status_code == 403
    client.post("/logout")
    login(client, "admin")
    r = client.post(f"/people/{world.a1.id}/badge/reissue", data={"reason": "遗失"})
    assert r.status_code == 302
    assert ops.valid_badge(person=world.a1).version == 2


def test_reissue_without_reason_keeps_the_form(client, world):
    login(client, "admin")
    r = client.post(f"/people/{world.a1.id}/badge/reissue", data={"reason": ""})
    assert r.status_code == 422 and "请填写补发原因" in r.text
    r = client.post(f"/people/{world.a1.id}/badge/reissue", data={"reason": "长" * 250})
    assert r.status_code == 422 and "200字以内" in r.text


def test_verify_page_shows_holder_without_personal_data(client, world):
    world.a1.bib = "0101"
    db.session.commit()
    badge = ops.issue_badge(world.meet, person=world.a1)
    r = client.get(f"/badge/{badge.token}")
    assert r.status_code == 200
    assert "有效" in r.text and "李明" in r.text and "0101" in r.text and "男子100米" in r.text
    assert world.a1.id_number not in r.text and world.a1.id_number[-4:] not in r.text
    assert world.a1.phone not in r.text


@pytest.mark.parametrize("token", ["AAAAAAAAAAAA", "x", "%3Cscript%3E", "a" * 40,
                                   "abc.def", "' OR 1=1 --"])
def test_unknown_or_malformed_token_is_invalid_404(client, world, token):
    r = client.get(f"/badge/{token}")
    assert r.status_code == 404 and "无效证件" in r.text


def test_tampered_token_is_invalid(client, world):
    badge = ops.issue_badge(world.meet, person=world.a1)
    flipped = badge.token[:-1] + ("A" if badge.token[-1] != "A" else "B")
    r = client.get(f"/badge/{flipped}")
    assert r.status_code == 404 and "INVALID" in r.text and "李明" not in r.text


def test_revoked_badge_says_so(client, world):
    old = ops.issue_badge(world.meet, person=world.a1)
    ops.reissue_badge(world.meet, person=world.a1, reason="遗失")
    r = client.get(f"/badge/{old.token}")
    assert r.status_code == 410 and "已作废" in r.text and "REVOKED" in r.text
    assert client.get(f"/badge/{old.token}/photo.jpg").status_code == 404


def test_public_photo_only_for_valid_badges(client, world):
    badge = ops.issue_badge(world.meet, person=world.a1)
    assert client.get(f"/badge/{badge.token}/photo.jpg").status_code == 404
    ops.set_photo(world.a1, _jpeg())
    assert client.get(f"/badge/{badge.token}/photo.jpg").mimetype == "image/jpeg"


def test_meet_page_build_and_download(make_app, tmp_path):
    from tests import factories

    client = make_app(BADGE_OUTPUT_DIR=str(tmp_path)).test_client()
    factories.small_world()
    login(client, "admin")
    assert client.get("/badges").status_code == 200
    assert client.get("/badges/meet.pdf").status_code == 404  # nothing built yet
    r = client.post("/badges/build", data={"layout": "sheet"})
    assert r.status_code == 302
    job = db.session.scalars(db.select(ops.BadgeJob)).one()
    ops.wait_for(job.id)
    db.session.expire_all()
    status = client.get("/badges/job.json").get_json()
    assert status["state"] == "done" and status["percent"] == 100
    r = client.get("/badges/meet.pdf?layout=sheet")
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    assert db.session.scalar(db.select(db.func.count()).select_from(Badge)) == 6


@pytest.mark.parametrize("url, method", [
    ("/badges", "get"), ("/badges/job.json", "get"), ("/badges/meet.pdf", "get"),
    ("/badges/officials.pdf", "get"), ("/badges/build", "post"),
])
def test_meet_wide_pages_are_for_the_organiser(client, world, url, method):
    login(client, "leader01")
    assert getattr(client, method)(url).status_code == 403


def test_officials_pdf_and_reissue(client, world):
    login(client, "admin")
    r = client.get("/badges/officials.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")
    first = ops.valid_badge(user=world.referee)
    client.post(f"/users/{world.referee.id}/badge/reissue", data={"reason": "遗失"})
    assert ops.valid_badge(user=world.referee).version == first.version + 1
    assert client.post(f"/users/{world.leader1.id}/badge/reissue",
                       data={"reason": "x"}).status_code == 404
