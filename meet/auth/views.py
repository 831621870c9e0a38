from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meet.access import public, roles
from meet.auth import bp
from meet.auth.forms import LoginForm, LogoutForm
from meet.auth.operations import Throttled, authenticate, logout
from meet.extensions import db, login_manager
from meet.models import User


@login_manager.user_loader
def load_user(session_id: str):
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


login_manager.login_view = "auth.login"
login_manager.login_message = None


def _safe_next(target: str | None) -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("site.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("site.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data, request.remote_addr or "")
        except Throttled:
            form.password.errors.append(_("登录失败次数过多，请 15 分钟后再试。"))
            status = 429
        else:
            if user is not None:
                return redirect(_safe_next(request.args.get("next")))
            form.password.errors.append(_("用户名或密码不正确。"))
            status = 401
    elif request.method == "POST":
        status = 400
    form.password.data = ""
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@roles()
def logout_view():
    if not LogoutForm().validate_on_submit():
        abort(400)
    logout()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("site.home"))
