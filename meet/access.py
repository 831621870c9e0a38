"""Who may use which route.

Every view declares its rule with one of the decorators below; ``init_app`` refuses to
start an app in which a route has none, and a test walks ``app.url_map`` to check each
rule refuses the wrong people. Refusals:

* anonymous on a page that needs a login: redirect to ``/login`` (JSON: 401);
* a logged-in user of the wrong role: 403;
* a thing whose existence is private to its owners (another delegation's draft): 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user

from meet.models import Role

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def public(view: Callable) -> Callable:
    """Anyone, logged in or not."""
    view.access = (PUBLIC,)
    return view


def roles(*allowed: Role) -> Callable[[Callable], Callable]:
    """Logged-in users of one of ``allowed`` roles; with no roles, any logged-in user."""
    names = tuple(r.value for r in allowed) or (AUTHENTICATED,)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if request.path.startswith("/api/"):
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if allowed and not current_user.has_role(*allowed):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = names
        return wrapped

    return decorator


def own_delegation_or_organiser(delegation_id: int) -> None:
    """The organiser sees every delegation; a team leader only their own. Another
    delegation's private pages answer 404: their existence is not the leader's business."""
    if current_user.has_role(Role.ORGANISER):
        return
    if current_user.has_role(Role.LEADER) and current_user.delegation_id == delegation_id:
        return
    abort(404)


def current_meet():
    """The meet the site is running: the newest one."""
    if "meet" not in g:
        from meet.extensions import db
        from meet.models import Meet

        g.meet = db.session.scalars(db.select(Meet).order_by(Meet.id.desc()).limit(1)).first()
    return g.meet


def current_meet_or_404():
    meet = current_meet()
    if meet is None:
        abort(404)
    return meet


def init_app(app: Flask) -> None:
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and not hasattr(app.view_functions[rule.endpoint], "access")
    ]
    if missing:
        raise RuntimeError(f"routes without an access rule: {', '.join(sorted(missing))}")
