"""Proof with decoders this project did not write: print a delegation's badges, render
the page with poppler, read the QR codes with zbar, follow the URLs."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

from meet.badges import operations as ops
from meet.extensions import db
from tests.conftest import login


def _decode(pdf: bytes, tmp_path, dpi: int = 150) -> list[str]:
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(tmp_path / "page")], check=True)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")],
                         capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line]


def test_printed_badges_decode_and_open_the_holders_page(client, world, tmp_path):
    world.a1.bib = "0101"
    db.session.commit()
    login(client, "admin")
    pdf = client.get(f"/teams/{world.d1.id}/badges.pdf").data
    urls = _decode(pdf, tmp_path)
    assert len(urls) == 1  # delegation 1 has one person
    url = urlsplit(urls[0])
    assert url.path == f"/badge/{ops.valid_badge(person=world.a1).token}"
    client.post("/logout")
    page = client.get(url.path)
    assert page.status_code == 200 and "李明" in page.text and "有效" in page.text


def test_configured_public_base_url_is_printed(make_app, tmp_path):
    from tests import factories

    make_app(MEET_PUBLIC_BASE_URL="https://games.shunchang.example")
    w = factories.small_world()
    client = w and __import__("flask").current_app.test_client()
    login(client, "admin")
    urls = _decode(client.get(f"/teams/{w.d2.id}/badges.pdf?layout=single").data, tmp_path)
    assert urls and urls[0].startswith("https://games.shunchang.example/badge/")


def test_reissued_badge_old_code_is_refused(client, world, tmp_path):
    login(client, "admin")
    old_url = _decode(client.get(f"/teams/{world.d1.id}/badges.pdf").data, tmp_path)[0]
    client.post(f"/people/{world.a1.id}/badge/reissue", data={"reason": "姓名更正"})
    new_url = _decode(client.get(f"/teams/{world.d1.id}/badges.pdf").data, tmp_path)[0]
    assert old_url != new_url
    assert client.get(urlsplit(old_url).path).status_code == 410
    assert client.get(urlsplit(new_url).path).status_code == 200


def test_forged_code_is_refused(client, world, tmp_path):
    login(client, "admin")
    url = urlsplit(_decode(client.get(f"/teams/{world.d1.id}/badges.pdf").data, tmp_path)[0])
    token = url.path.rsplit("/", 1)[1]
    forged = token[:6] + token[6:][::-1] if token[6:] != token[6:][::-1] else token[::-1]
    assert client.get(f"/badge/{forged}").status_code == 404
    assert client.get(f"/badge/{token}xyz").status_code == 404


def test_sheet_of_four_decodes_every_badge(client, world, tmp_path):
    from tests import factories

    for name in ("甲一", "乙二", "丙三"):
        factories.person(world.meet, world.d1, name, "M")
    db.session.commit()
    login(client, "admin")
    urls = _decode(client.get(f"/teams/{world.d1.id}/badges.pdf").data, tmp_path, dpi=100)
    assert len(set(urls)) == 4
