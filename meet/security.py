"""Security headers on every response, and form data every view can trust the shape of.

The Content-Security-Policy allows scripts and styles from this site only: no inline
scripts, no inline styles, no CDN (a county meet may run offline).
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask.wrappers import Request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class NamedFields(ImmutableMultiDict):
    """Form fields and files without the nameless ones: werkzeug keys a multipart part
    whose name it cannot read (a crafted ``name="\\r"``) ``None``, which no form
    expects (WTForms' list fields fail on it)."""

    def __init__(self, mapping=None):
        if isinstance(mapping, list):
            mapping = [(k, v) for k, v in mapping if k is not None]
        super().__init__(mapping)


class MeetRequest(Request):
    parameter_storage_class = NamedFields


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul() -> None:
    """No one types a NUL character, and PostgreSQL cannot take one, not even as a query's
    parameter: a request carrying one in its query, form fields, file names or JSON body
    is refused (400) before any view sees it."""
    sent = [*request.args.lists(), *request.form.lists(),
            *((k, [f.filename or ""]) for k, f in request.files.items(multi=True))]
    if request.is_json:
        sent.append(("", [request.get_json(silent=True)]))
    if any(_has_nul(k) or _has_nul(v) for k, v in sent):
        error = BadRequest(description=_("提交的内容含有空字符（NUL），请删除后重新提交。"))
        error.meet_message = True
        raise error


def init_app(app: Flask) -> None:
    app.request_class = MeetRequest
    app.before_request(refuse_nul)

    @app.after_request
    def headers(response: Response) -> Response:
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if app.config.get("HSTS"):
            h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
