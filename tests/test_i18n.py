"""Chinese first, English second, and the choice sticks."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "meet/translations/en/LC_MESSAGES/messages.po"


def test_pages_are_in_chinese_by_default(client, world):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "参赛代表队" in page and "测试县第一届职工运动会" in page


def test_language_switch_sticks_across_pages(client, world):
    r = client.post("/lang/en", headers={"Referer": "http://localhost/login"})
    assert r.status_code == 302 and r.headers["Location"] == "http://localhost/login"
    assert "lang=en" in r.headers["Set-Cookie"]
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Delegations" in page and "First Test County Workers" in page
    assert "Log in" in client.get("/login").get_data(as_text=True)
    client.post("/lang/zh_CN")
    assert "参赛代表队" in client.get("/").get_data(as_text=True)


def test_unknown_language_is_refused(client, world):
    assert client.post("/lang/fr").status_code == 400


def test_form_errors_follow_the_language(client, world):
    client.post("/lang/en")
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Please enter your username." in page


def test_every_message_in_the_code_has_an_english_translation():
    """Extract the messages now, from the source as it is: nothing new may be missing."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="en")
    method_map = [("meet/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
                "_l": None}
    missing = []
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        msgid = message if isinstance(message, str) else message[0]
        entry = catalogue.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(msgid)
    assert missing == [], f"add these to {CATALOGUE.relative_to(ROOT)}: {missing}"


def test_the_switch_offers_only_the_other_language(client, world):
    page = client.get("/").get_data(as_text=True)
    assert "/lang/en" in page and "/lang/zh_CN" not in page
    client.post("/lang/en")
    page = client.get("/").get_data(as_text=True)
    assert "/lang/zh_CN" in page and "/lang/en" not in page
