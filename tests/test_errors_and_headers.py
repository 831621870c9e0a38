def test_unknown_page_is_a_404_page_in_chinese(client, world):
    r = client.get("/no-such-page")
    assert r.status_code == 404
    page = r.get_data(as_text=True)
    assert "页面不存在" in page
    # the header names the meet, as every other page does (it said "职工运动会")
    name = world.meet.short_name or world.meet.name
    assert f'<span class="brand-name">{name}</span>' in page


def test_unknown_page_in_english_after_the_switch(client, world):
    client.post("/lang/en")
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert "Page not found" in r.get_data(as_text=True)


def test_wrong_method_is_a_405_page(client, world):
    r = client.post("/")
    assert r.status_code == 405
    assert "不支持的请求方式" in r.get_data(as_text=True)
    assert "GET" in r.headers["Allow"]


def test_api_errors_are_json(client, world):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.is_json and r.get_json()["error"]["code"] == 404
    r = client.post("/api/v1/teams")
    assert r.status_code == 405 and r.is_json


def test_security_headers_on_every_page(client, world):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_pages_use_no_inline_script_or_style(client, world):
    from tests.conftest import login

    pages = [client.get("/").get_data(as_text=True), client.get("/login").get_data(as_text=True)]
    login(client, "admin")
    pages.append(client.get("/dashboard").get_data(as_text=True))
    for page in pages:
        assert "<script>" not in page and " style=" not in page and "<style" not in page
        assert "http://" not in page and "https://" not in page  # no CDN


def test_unexpected_error_is_a_500_page_not_a_traceback(make_app):
    app = make_app()
    from meet.access import public

    @public
    def boom():
        raise RuntimeError("kaput")

    app.add_url_rule("/boom", "boom", boom)
    r = app.test_client().get("/boom")
    assert r.status_code == 500
    page = r.get_data(as_text=True)
    assert "服务器出错" in page and "kaput" not in page and "Traceback" not in page


def test_a_multipart_part_without_a_readable_name_is_ignored_not_a_500(client, world):
    """Found by the form fuzzer: werkzeug names a multipart part whose name it cannot read
    (a crafted ``name="\\r"``) ``None``, and WTForms' list fields (the registration
    settings' age groups) failed on it with a 500."""
    from tests.conftest import login

    login(client, "admin")
    r = client.post("/registration/settings", data={"\r": "", "max_events": "abc"},
                    content_type="multipart/form-data")
    assert r.status_code < 500
    assert client.post("/registration/settings", data={"\r": "x"}).status_code < 500


def test_a_nul_character_in_any_input_is_refused_before_the_view(client, world):
    """Found by the form fuzzer: PostgreSQL takes no NUL character, not even in a query's
    parameter, so a NUL in a login name, a bib, a reason... answered 500 on PostgreSQL."""
    from sqlalchemy import func, select

    from meet.extensions import db
    from meet.models import LoginAttempt
    from tests.conftest import login

    r = client.post("/login", data={"username": "admin\x00", "password": "x"})
    assert r.status_code == 400
    assert "空字符" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0
    assert client.get("/login?next=/%00").status_code == 400
    login(client, "admin")
    assert client.post("/lang/en", json={"x": ["\x00"]}).status_code == 400
    r = client.post("/api/v1/nothing", data={"a": "\x00"})
    assert r.status_code == 400 and "空字符" in r.get_json()["error"]["message"]
    assert client.post("/lang/en", data={"a": "\u3000 \x01"}).status_code == 302
