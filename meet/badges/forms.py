"""Forms of the badge area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, StringField
from wtforms.validators import Length, Optional

LAYOUTS = [
    ("sheet", _l("A4 拼版（每页4张，带裁切线）")),
    ("single", _l("单张（90×130毫米，每页1张）")),
]


class PhotoForm(FlaskForm):
    photo = FileField(_l("证件照"))


class ReissueForm(FlaskForm):
    reason = StringField(_l("补发原因"), validators=[Optional(), Length(max=200)])


class BuildForm(FlaskForm):
    layout = RadioField(_l("版式"), choices=LAYOUTS, default="sheet")


class BibForm(FlaskForm):
    bib = StringField(_l("号码布"), validators=[Optional(), Length(max=10)])
