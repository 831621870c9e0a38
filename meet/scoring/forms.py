"""Forms of the scoring area. The sheet's own fields depend on the unit (see
:mod:`meet.scoring.sheets`); these are the fixed parts and the chief referee's steps."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class SheetForm(FlaskForm):
    """The fixed part of a sheet: the version it was loaded at, the tablet's
    idempotency key, and for a correction after publication, the reason."""

    version = HiddenField()
    submission_key = HiddenField()
    reason = StringField(_l("更正理由"), validators=[Optional(), Length(max=500)])


class StepForm(FlaskForm):
    """Confirm or publish: the version the chief referee looked at."""

    version = HiddenField()


class ReturnForm(FlaskForm):
    version = HiddenField()
    comment = StringField(_l("退回原因"), validators=[Length(max=500)])


class ProtestForm(FlaskForm):
    delegation_id = SelectField(_l("申诉单位"), coerce=int, validate_choice=False)
    text = TextAreaField(_l("申诉内容"), validators=[Length(max=2000)])


class DecisionForm(FlaskForm):
    upheld = RadioField(_l("裁决"), choices=[("0", _l("驳回")), ("1", _l("成立"))],
                        default="0", validators=[DataRequired()])
    decision = TextAreaField(_l("裁决内容"), validators=[Length(max=2000)])
