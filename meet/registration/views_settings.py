"""The organiser's registration settings page: window, entry and staff limits, age groups."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meet.access import current_meet_or_404, roles
from meet.models import Role
from meet.operations import OperationError
from meet.registration import bp
from meet.registration import settings_ops as ops
from meet.registration.forms_settings import SettingsForm
from meet.registration.window import window_state


def _form_data(settings: ops.Settings) -> dict:
    return {
        "opens": settings.opens, "closes": settings.closes,
        **{name: getattr(settings, name) for name in ops.LIMITS},
        **{f"{role}_{bound}": value for role, pair in (settings.staff_limits or {}).items()
           for bound, value in zip(("min", "max"), pair, strict=True)},
        "groups": [{"id": str(r.id), "code": r.code, "gender": r.gender, "name": r.name,
                    "min_age": r.min_age, "max_age": r.max_age} for r in settings.groups]
        + [{"gender": "M"}],  # one empty row to add a group
    }


def _settings(form: SettingsForm) -> ops.Settings:
    rows = [
        ops.GroupRow(i, int(row.id.data) if (row.id.data or "").isdigit() else None,
                     (row.code.data or "").strip().upper(), row.gender.data,
                     (row.name.data or "").strip(), row.min_age.data, row.max_age.data,
                     bool(row.remove.data))
        for i, row in ((i, entry.form) for i, entry in enumerate(form.groups))
        if not row.is_blank()
    ]
    return ops.Settings(form.opens.data, form.closes.data,
                        *(getattr(form, name).data for name in ops.LIMITS), rows,
                        form.staff_limits())


def _attach(form: SettingsForm, err: OperationError) -> str | None:
    """Put the refusal next to its field; return it when it belongs to no field."""
    field = err.field or ""
    if field.startswith("groups-"):
        _prefix, index, name = field.split("-", 2)
        form.groups[int(index)][name].errors.append(err.message)
        return None
    if field in form and field != "groups":
        form[field].errors.append(err.message)
        return None
    return err.message


def _page(form, meet, status=200, problem=None):
    return render_template(
        "registration/settings.html", form=form, meet=meet, problem=problem,
        window=window_state(meet), with_errors=ops.delegations_with_errors(meet),
    ), status


@bp.route("/registration/settings", methods=["GET", "POST"])
@roles(Role.ORGANISER)
def settings():
    meet = current_meet_or_404()
    form = SettingsForm()
    if form.is_submitted():
        if not form.validate():
            return _page(form, meet, 400)
        try:
            outcome = ops.update(current_user, meet, _settings(form))
        except OperationError as err:
            return _page(form, meet, 400, _attach(form, err))
        if outcome.errors_after > outcome.errors_before:
            flash(_("已保存。按新规则，现有 %(n)s 个代表队的报名存在问题（修改前 %(m)s 个），"
                    "请在报名进度中查看。", n=outcome.errors_after, m=outcome.errors_before),
                  "warning")
        else:
            flash(_("报名设置已保存。"), "success")
        return redirect(url_for("registration.settings"))
    form = SettingsForm(data=_form_data(ops.current(meet)))
    return _page(form, meet)
