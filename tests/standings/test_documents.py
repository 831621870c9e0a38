"""The results book and the certificates print in Chinese (pdftotext + pdftoppm), are
built in the background, and the book is public only once the organiser publishes it."""

from __future__ import annotations

import subprocess

from meet.extensions import db
from meet.models import DocumentBuild
from meet.standings import operations
from tests import factories
from tests.conftest import login
from tests.standings import factories as sf
from tests.standings.test_tables import three_events


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "2", str(path),
                    str(tmp_path / "page")], check=True, timeout=60)
    assert list(tmp_path.glob("page-*.png"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    return text.replace(" ", "")


def newest(kind: str) -> DocumentBuild:
    return db.session.scalars(db.select(DocumentBuild).where(DocumentBuild.kind == kind)
                              .order_by(DocumentBuild.id.desc())).first()


def test_the_book_is_not_public_until_published(client, games):
    assert client.get("/results-book.pdf").status_code == 404
    login(client, "admin")
    assert client.post("/standings/manage/results-book",
                       data={"action": "publish"}).status_code == 302
    operations.wait_for(newest("results_book").id)
    client.post("/logout")
    r = client.get("/results-book.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert client.get("/results-book.pdf",
                      headers={"If-None-Match": r.headers["ETag"]}).status_code == 304


def test_the_results_book_in_chinese(client, games, tmp_path):
    e1, e2, e3 = three_events(games)
    p = factories.person(games.meet, games.t[0], "李明", bib="0101")
    sf.heat(e1, [(factories.entry(e1, games.t[0], p), 1, "OK", "11.02", "", {})])
    operations.set_record(games.meet, e1.id, "11.20", "陈刚", "城关镇", 2019)
    operations.name_award(games.meet, "organisation", delegation_id=games.t[1].id)
    operations.publish_results_book(games.meet, True)
    job = newest("results_book")
    operations.wait_for(job.id)
    db.session.expire_all()
    job = newest("results_book")
    assert job.state == "done", job.error
    text = pdf_text(client.get("/results-book.pdf").data, tmp_path)
    for words in ["成绩册", "目", "团体总分", "奖牌榜", "破纪录情况", "各项目成绩", "表彰名单",
                  "优秀组织奖", "第1代表队", "李明", "11.02", "28.5", "第1页/共"]:
        assert words in text, words
    assert text.index("团体总分") < text.index("奖牌榜") < text.index("各项目成绩")


def test_a_change_rebuilds_the_published_book(games):
    operations.publish_results_book(games.meet, True)
    first = newest("results_book")
    operations.wait_for(first.id)
    e = sf.event(games.meet, games.ath, "M100")
    sf.publish(e, [(games.t[0], 1)])
    second = newest("results_book")
    assert second.id != first.id
    operations.wait_for(second.id)
    db.session.expire_all()
    assert newest("results_book").state == "done"


def test_certificates_in_both_layouts(client, games, tmp_path):
    three_events(games)
    operations.name_award(games.meet, "sportsmanship_delegation", delegation_id=games.t[2].id)
    login(client, "admin")
    for layout in ("classic", "banner"):
        r = client.post("/standings/manage/certificates",
                        data={"scope": "meet", "places": "3", "layout": layout, "awards": "y"})
        assert r.status_code == 302
        job = newest("certificates")
        operations.wait_for(job.id)
        db.session.expire_all()
        job = newest("certificates")
        assert job.state == "done", job.error
        # medals: E1 4 (two 3rds), E2 3, E3 3; plus one honour
        assert job.pages == 11
        text = pdf_text(client.get(f"/standings/documents/{job.id}.pdf").data, tmp_path)
        assert ("荣誉证书" if layout == "classic" else "获奖证书") in text
        flat = text.replace("\n", "")
        assert "荣获第一名" in flat and "体育道德风尚奖" in flat
    client.post("/logout")
    login(client, "leader01")
    assert client.get(f"/standings/documents/{job.id}.pdf").status_code == 403


def test_certificates_of_one_event_and_one_delegation(games):
    e1, _e2, _e3 = three_events(games)
    from meet.documents.certificates import certificates

    one_event = certificates(games.meet, "event", e1.id, 3)
    assert [c.citation[-4:] for c in one_event] == ["第一名。", "第二名。", "第三名。", "第三名。"]
    team = certificates(games.meet, "delegation", games.t[3].id, 8)
    assert {c.unit or c.recipient for c in team} == {games.t[3].name}
    assert len(team) == 3  # 3rd in M100, 4th in W100, basketball champions



def test_built_books_go_to_the_apps_own_documents_folder(app):
    """Every test meet's book is "meet1-results_book-<n>.pdf": in the one shared instance/
    folder, another app's build pruned this app's file, whose page then said "being
    built" (503) for ever. Built documents go under DOCUMENTS_DIR, one per test app."""
    from pathlib import Path

    from config import INSTANCE_DIR

    folder = Path(app.config["DOCUMENTS_DIR"])
    assert not folder.is_relative_to(INSTANCE_DIR)
    meet = factories.small_world().meet
    operations.publish_results_book(meet, True)
    operations.wait_for(newest("results_book").id)
    db.session.expire_all()
    built = newest("results_book")
    assert built.state == "done" and Path(built.path).is_file()
    assert Path(built.path).is_relative_to(folder)
