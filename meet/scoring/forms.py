"""Forms of the scoring area. The sheet's own fields depend on the unit (see
:mod:`meet.scoring.sheets`); these are the fixed parts and the chief referee's steps."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


def choice_id(value) -> int | None:
    """A select's id as sent: empty is none, anything but a database integer is -1
    (never a choice, refused where the choices are known)."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if -(2**31) <= number < 2**31 else -1


class VersionField(HiddenField):
    """The unit's version the page was loaded at: a whole number, or empty (none)."""

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if raw and not re.fullmatch(r"[0-9]{1,9}", raw):
            raise ValueError(_l("版本号无效，请刷新页面后重新提交"))
        if raw:
            self.data = int(raw)


class SheetForm(FlaskForm):
    """The fixed part of a sheet: the version it was loaded at, the tablet's
    idempotency key, and for a correction after publication, the reason."""

    version = VersionField()
    submission_key = HiddenField()
    reason = StringField(_l("更正理由"), validators=[Optional(), Length(max=500)])


class StepForm(FlaskForm):
    """Confirm or publish: the version the chief referee looked at."""

    version = VersionField()


class ReturnForm(FlaskForm):
    version = VersionField()
    comment = StringField(_l("退回原因"), validators=[Length(max=500)])


class ProtestForm(FlaskForm):
    delegation_id = SelectField(_l("申诉单位"), coerce=choice_id, validate_choice=False)
    text = TextAreaField(_l("申诉内容"), validators=[Length(max=2000)])


class DecisionForm(FlaskForm):
    upheld = RadioField(_l("裁决"), choices=[("0", _l("驳回")), ("1", _l("成立"))],
                        default="0", validators=[DataRequired()])
    decision = TextAreaField(_l("裁决内容"), validators=[Length(max=2000)])
