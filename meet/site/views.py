import datetime as dt
from urllib.parse import urlsplit

from flask import abort, current_app, jsonify, make_response, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from meet.access import current_meet, own_delegation_or_organiser, public, roles
from meet.extensions import db
from meet.i18n import COOKIE
from meet.models import Role
from meet.site import bp, queries
from meet.standings import live, tables
from meet.standings import queries as standings_queries
from meet.standings.views import latest_results


def _this_minute(**_kw) -> int:
    return int(dt.datetime.now(dt.UTC).timestamp() // 60)


@bp.route("/")
@public
@live.conditional_page(extra=_this_minute)
def home():
    """The live home: what is on now and next, the latest published results, the top of
    both tables, then the meet at a glance."""
    meet = current_meet()
    if meet is None:
        return render_template("site/empty.html")
    snap = tables.snapshot(meet)
    on, upcoming = standings_queries.now_and_next(meet, dt.datetime.now(dt.UTC))
    gen, reg = tables.generations(meet.id)
    return render_template(
        "site/home.html",
        meet=meet,
        snap=snap,
        live_gen=f"{gen}-{reg}",
        on=on,
        upcoming=upcoming,
        latest=latest_results(meet, snap, 4),
        book_public=tables.state(meet.id).results_book_public,
        summary=queries.meet_summary(meet),
        categories=queries.categories(meet.id),
        delegations=queries.delegations(meet.id),
        athlete_counts=queries.athlete_counts(meet.id),
    )


@bp.route("/dashboard")
@roles()
def dashboard():
    meet = current_meet()
    if meet is None:
        return render_template("site/empty.html")
    role = current_user.role
    if role == Role.ORGANISER.value:
        return render_template(
            "site/dashboard_organiser.html",
            meet=meet,
            summary=queries.meet_summary(meet),
            statuses=queries.status_counts(meet.id),
            delegations=queries.delegations(meet.id),
            athlete_counts=queries.athlete_counts(meet.id),
        )
    if role == Role.LEADER.value:
        delegation = current_user.delegation
        own_delegation_or_organiser(delegation.id)
        staff, athletes, events_of = queries.delegation_roster(delegation.id)
        return render_template(
            "site/dashboard_leader.html",
            meet=meet,
            delegation=delegation,
            staff=staff,
            athletes=athletes,
            events_of=events_of,
        )
    if role in (Role.REFEREE.value, Role.CHIEF.value):
        only = None if role == Role.CHIEF.value else current_user.assigned_event_ids
        return render_template(
            "site/dashboard_referee.html",
            meet=meet,
            events=queries.events_with_counts(meet.id, only),
        )
    if role == Role.MARSHAL.value:
        return render_template(
            "site/dashboard_marshal.html", meet=meet, events=queries.events_with_counts(meet.id)
        )
    abort(403)


def safe_next(target: str | None) -> str:
    """A path on this site to go back to, or "/": only "/..." paths, never "//host",
    a backslash, a scheme, or anything with spaces or control characters (browsers drop
    some of them: "/", a tab, "/host" would become "//host")."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 0x21 or c == "\x7f" for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


@bp.route("/lang/<code>", methods=["GET", "POST"])
@public
def set_language(code: str):
    """Switch the language; the choice sticks in a cookie for a year.

    GET ``/lang/en?next=/medals`` is the link every page carries (no per-visitor CSRF
    token in the page, so public pages are the same for every anonymous visitor and can
    be cached, see :mod:`meet.pagecache`); ``next`` must be a path on this site. The
    older POST form (CSRF-checked, back to the referring page of this site) still works.
    """
    from meet.site.forms import LanguageForm

    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    if request.method == "GET":
        target = safe_next(request.args.get("next"))
    else:
        if not LanguageForm().validate_on_submit():
            abort(400)
        target = request.referrer or "/"
        if not target.startswith(request.host_url):
            target = "/"
    response = make_response(redirect(target))
    response.set_cookie(
        COOKIE,
        code,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/metrics")
@public
def metrics():
    """Request counters of this worker, Prometheus text format (no personal data)."""
    from meet.observability import metrics_text

    return metrics_text(), 200, {"Content-Type": "text/plain; version=0.0.4"}


@bp.route("/healthz")
@public
def healthz():
    """200 when the database answers, 503 when it does not. A read is safe to repeat, so
    a failure is tried once more on a fresh connection (the failed one is dropped from
    the pool) before answering 503."""
    for _attempt in (1, 2):
        try:
            db.session.execute(text("SELECT 1"))
            return jsonify(status="ok", database="ok")
        except SQLAlchemyError:
            db.session.rollback()
    return jsonify(status="unavailable", database="unreachable"), 503
