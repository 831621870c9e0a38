"""Error pages in the user's language; JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError


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


def render_error(code: int, detail: str | None = None):
    title, message = _messages().get(code, (str(code), ""))
    if detail:
        message = detail
    if request.path.startswith("/api/") or request.path == "/healthz":
        return jsonify(error={"code": code, "title": title, "message": message}), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


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

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)
