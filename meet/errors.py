"""Error pages in the user's language; JSON errors under /api/.

A database that cannot take the write (unreachable, read-only, disk full, busy) is a
503 with a sentence saying what happened and that nothing was saved, never a 500: the
session is rolled back (the transaction never committed, so nothing half-written
remains), the log line names the request id, a plain form post gets its typed values
back in a "重新提交" form, and the tablet's script (``Accept: application/json``) gets JSON
and keeps the sheet in its queue to resend under the same idempotency key.
"""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from meet.storage import storage_problem


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("请求有误"), _("提交的内容无法处理，请返回重试。")),
        401: (_("需要登录"), _("请先登录。")),
        403: (_("无权访问"), _("您的账号没有执行此操作的权限。")),
        404: (_("页面不存在"), _("您要找的页面不存在或已被移除。")),
        405: (_("不支持的请求方式"), _("此地址不接受这种请求方式。")),
        413: (_("文件过大"), _("上传的文件超过了大小限制。")),
        429: (_("尝试次数过多"), _("请稍后再试。")),
        500: (_("服务器出错"), _("服务器处理请求时出错，我们已记录。请稍后再试。")),
        503: (_("服务暂不可用"), _("服务暂时不可用，请稍后再试。")),
    }


def _storage_messages() -> dict[str, str]:
    return {
        "unreachable": _("暂时无法连接数据库，数据未保存。请稍后重试。"),
        "readonly": _("数据库只读，数据未保存。请联系管理员。"),
        "full": _("服务器磁盘已满，数据未保存。请联系管理员。"),
        "busy": _("数据库繁忙，数据未保存。请稍后重试。"),
    }


def _wants_json() -> bool:
    return (request.path.startswith("/api/") or request.path == "/healthz"
            or request.accept_mimetypes.best == "application/json")


def render_error(code: int, detail: str | None = None, resend: list | None = None):
    title, message = _messages().get(code, (str(code), ""))
    if detail:
        message = detail
    if request.path.startswith("/api/") or request.path == "/healthz":
        return jsonify(error={"code": code, "title": title, "message": message}), code
    return render_template("errors/error.html", code=code, title=title, message=message,
                           resend=resend, meet=_meet_if_reachable(code)), code


def _meet_if_reachable(code: int):
    """The meet, for the page's header, unless the database is the trouble (a 503)."""
    if code >= 500:
        return getattr(g, "meet", None)
    from meet.access import current_meet

    try:
        return current_meet()
    except DBAPIError:
        return None


def _typed_values() -> list[tuple[str, str]] | None:
    """What a failed plain form post carried, to post again (no passwords, no token)."""
    if request.method != "POST" or not request.form:
        return None
    return [(k, v) for k, v in request.form.items(multi=True)
            if k != "csrf_token" and "password" not in k]


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        return render_error(400, _("表单已过期或来源无效，请刷新页面后重新提交。"))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if err.code is None or err.code < 400:
            return err
        detail = err.description if getattr(err, "meet_message", False) else None
        response = render_error(err.code, detail)
        if err.code == 405 and err.valid_methods:
            body, code = response
            return body, code, {"Allow": ", ".join(err.valid_methods)}
        return response

    @app.errorhandler(DBAPIError)
    def database_error(err: DBAPIError):
        problem = storage_problem(err)
        if problem is None:
            return unexpected(err)
        try:
            from meet.extensions import db

            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection may be gone; the pool drops it
            pass
        from meet.extensions import login_manager
        from meet.observability import request_id

        # The page is drawn without the database: the signed-in user (expired by the
        # rollback, or never loaded) would be read from it.
        g._login_user = login_manager.anonymous_user()
        app.logger.warning("database %s on %s %s rid=%s: %s", problem, request.method,
                           request.path, request_id(), str(err.orig).strip()[:200])
        message = _storage_messages()[problem]
        if _wants_json():
            return jsonify(status="unavailable", problem=problem, message=message,
                           error={"code": 503, "title": _("服务暂不可用"),
                                  "message": message}), 503, {"Retry-After": "5"}
        body, code = render_error(503, message, resend=_typed_values())
        return body, code, {"Retry-After": "5"}

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)
