from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meet.access import current_meet_or_404, roles
from meet.admin import bp
from meet.extensions import db
from meet.models import RefereeAssignment, Role, User


@bp.route("/accounts")
@roles(Role.ORGANISER)
def accounts():
    meet = current_meet_or_404()
    users = db.session.scalars(
        select(User)
        .where(User.meet_id == meet.id)
        .options(
            selectinload(User.delegation),
            selectinload(User.assignments).selectinload(RefereeAssignment.event),
        )
        .order_by(User.role, User.username)
    ).all()
    return render_template("admin/accounts.html", meet=meet, users=users)


PAGE_SIZE = 100


@bp.route("/audit")
@roles(Role.ORGANISER)
def audit_log():
    """Who changed what, when and why: every operation's audit entry, newest first."""
    import datetime as dt

    from flask import request

    from meet.admin.forms import AuditFilterForm
    from meet.models import AuditEntry

    meet = current_meet_or_404()
    form = AuditFilterForm(request.args)
    users = db.session.scalars(
        select(User).where(User.meet_id == meet.id).order_by(User.username)
    ).all()
    form.user.choices = [("", "—")] + [(str(u.id), u.username) for u in users]
    query = select(AuditEntry).where(AuditEntry.meet_id == meet.id)
    if form.validate():
        if form.action.data:
            query = query.where(AuditEntry.action.contains(form.action.data.strip()))
        if form.user.data and form.user.data.isdigit():
            query = query.where(AuditEntry.user_id == int(form.user.data))
        if form.target.data:
            query = query.where(AuditEntry.target_type == form.target.data.strip())
        if form.since.data:
            query = query.where(AuditEntry.at >= dt.datetime.combine(
                form.since.data, dt.time.min, tzinfo=dt.UTC))
        if form.until.data:
            query = query.where(AuditEntry.at < dt.datetime.combine(
                form.until.data + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC))
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries = db.session.scalars(
        query.options(selectinload(AuditEntry.user))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return render_template(
        "admin/audit.html", meet=meet, form=form, entries=entries[:PAGE_SIZE], page=page,
        has_next=len(entries) > PAGE_SIZE,
        filters={k: v for k, v in request.args.items() if k != "page"},
    )
