"""The organiser's registration settings: the window, the entry limits (athletes and
staff by role), the age groups.

Times are typed as China time (北京时间) in ``datetime-local`` inputs; every parse error
is a Chinese message next to its field, and what was typed stays in the input.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField
from wtforms.fields import DateTimeLocalField, IntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from meet.rules.eligibility import STAFF_ROLES


class ChinaTimeField(DateTimeLocalField):
    """A ``datetime-local`` input; a time that does not parse gets a Chinese message."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("请按“年-月-日 时:分”填写时间。"))) from None


class WholeNumberField(IntegerField):
    """An integer input whose parse error is in Chinese."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("请填写整数。"))) from None


def _limit(label, message):
    return WholeNumberField(label, validators=[
        InputRequired(message), NumberRange(min=1, message=_l("至少为 1。"))],
        render_kw={"inputmode": "numeric", "min": 1})


def _staff(label):
    return WholeNumberField(label, validators=[
        InputRequired(_l("请填写人数。")),
        NumberRange(min=0, max=99, message=_l("人数应在 0–99 之间。"))],
        render_kw={"inputmode": "numeric", "min": 0, "max": 99})


def _age(label):
    return WholeNumberField(label, validators=[
        Optional(), NumberRange(min=0, max=120, message=_l("年龄应在 0–120 岁之间。"))],
        render_kw={"inputmode": "numeric", "min": 0, "max": 120})


class AgeGroupRow(Form):
    """One age group (组别) row; an empty new row is ignored."""

    id = HiddenField()
    code = StringField(_l("代码"), validators=[Length(max=10, message=_l("代码最多 10 个字符。"))],
                       render_kw={"autocapitalize": "characters", "autocomplete": "off",
                                  "maxlength": 10})
    gender = SelectField(_l("性别"), choices=[SelectChoice("M", _l("男")),
                                             SelectChoice("F", _l("女"))])
    name = StringField(_l("名称"), validators=[Length(max=40, message=_l("名称最多 40 个字。"))],
                       render_kw={"autocomplete": "off", "maxlength": 40})
    min_age = _age(_l("最小年龄"))
    max_age = _age(_l("最大年龄"))
    remove = BooleanField(_l("删除"))

    def is_blank(self) -> bool:
        return not (self.id.data or (self.code.data or "").strip()
                    or (self.name.data or "").strip()
                    or self.min_age.raw_data and self.min_age.raw_data[0].strip()
                    or self.max_age.raw_data and self.max_age.raw_data[0].strip())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.is_blank() or self.remove.data:
            return ok
        if not (self.code.data or "").strip():
            self.code.errors.append(_l("请填写组别代码。"))
            ok = False
        if not (self.name.data or "").strip():
            self.name.errors.append(_l("请填写组别名称。"))
            ok = False
        return ok


class SettingsForm(FlaskForm):
    opens = ChinaTimeField(_l("报名开始时间"), validators=[Optional()])
    closes = ChinaTimeField(_l("报名截止时间"), validators=[Optional()])
    max_events_per_athlete = _limit(_l("每名运动员最多报个人项目数"),
                                    _l("请填写每名运动员最多可报的个人项目数。"))
    athletes_per_event = _limit(_l("每队每个个人项目最多报名人数"),
                                _l("请填写每队每个个人项目最多可报的人数。"))
    max_athletes_per_delegation = _limit(_l("每队最多运动员人数"),
                                         _l("请填写每队最多运动员人数。"))
    # Staff per delegation (随队人员), fewest and most of each role; the operation checks
    # that the fewest is not above the most, next to the "most" field.
    leader_min = _staff(_l("领队最少"))
    leader_max = _staff(_l("领队最多"))
    coach_min = _staff(_l("教练最少"))
    coach_max = _staff(_l("教练最多"))
    doctor_min = _staff(_l("队医最少"))
    doctor_max = _staff(_l("队医最多"))
    staff_min = _staff(_l("工作人员最少"))
    staff_max = _staff(_l("工作人员最多"))
    groups = FieldList(FormField(AgeGroupRow), min_entries=0)

    def validate(self, extra_validators=None) -> bool:
        """Each field's own checks, and "most below fewest" beside the "most" field in the
        same round, so two mistakes are both shown at once."""
        ok = super().validate(extra_validators)
        for role in STAFF_ROLES:
            low, high = self[f"{role}_min"], self[f"{role}_max"]
            if (low.errors or high.errors or low.data is None or high.data is None
                    or high.data >= low.data):
                continue
            high.errors = [*high.errors, _("最多人数不能少于最少人数（%(n)s）。", n=low.data)]
            ok = False
        return ok

    def staff_limits(self) -> dict[str, tuple[int | None, int | None]]:
        return {role: (self[f"{role}_min"].data, self[f"{role}_max"].data)
                for role in STAFF_ROLES}
