from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional


class AuditFilterForm(FlaskForm):
    """Filters of the audit page (GET: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    action = StringField(_l("操作"), validators=[Optional(), Length(max=60)])
    user = SelectField(_l("操作人"), validators=[Optional()], coerce=str, validate_choice=False)
    target = StringField(_l("对象"), validators=[Optional(), Length(max=40)])
    since = DateField(_l("起始日期"), validators=[Optional()])
    until = DateField(_l("截止日期"), validators=[Optional()])
