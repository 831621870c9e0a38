"""Registration forms. Each carries the delegation's ``version`` it was read at, so a save
from a stale page is refused instead of overwriting someone else's work."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from meet.labels import PERSON_ROLE_NAMES
from meet.registration import messages
from meet.rules import idcard

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")
STAFF_ORDER = ("leader", "coach", "doctor", "staff")


class VersionForm(FlaskForm):
    """A button that changes the delegation's state: submit, withdraw, approve."""

    version = IntegerField(validators=[InputRequired()], widget=HiddenField.widget)


def _id_number(form, field) -> None:
    try:
        idcard.parse(field.data or "")
    except idcard.IDNumberError as err:
        raise ValidationError(messages.id_message(err, field.data)) from None


def _phone(form, field) -> None:
    if field.data and not PHONE.match(field.data.replace(" ", "")):
        raise ValidationError(_l("请填写 11 位手机号，或带区号的固定电话（如 0599-7822345）。"))


class PersonForm(VersionForm):
    name = StringField(_l("姓名"), validators=[
        DataRequired(_l("请填写姓名。")), Length(max=40, message=_l("姓名最多 40 个字。"))],
        render_kw={"autocomplete": "off"})
    role = SelectField(_l("职务"), choices=[
        SelectChoice(r, PERSON_ROLE_NAMES[r]) for r in ("athlete", *STAFF_ORDER)])
    gender = RadioField(_l("性别"), choices=[SelectChoice("M", _l("男")),
                                            SelectChoice("F", _l("女"))],
                        validators=[InputRequired(_l("请选择性别。"))])
    id_number = StringField(_l("身份证号"), validators=[
        DataRequired(_l("请填写身份证号。")), _id_number],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 24,
                   "spellcheck": "false", "inputmode": "text"})
    phone = StringField(_l("手机号"), validators=[Optional(), _phone],
                        render_kw={"inputmode": "tel", "autocomplete": "off", "maxlength": 20})
    employer = StringField(_l("工作单位"), validators=[
        Length(max=80, message=_l("工作单位最多 80 个字。"))])
    union_member = BooleanField(_l("本人为所在单位的在职工会会员"), default=True)

    def data_for_operation(self):
        from meet.registration.operations import PersonData

        return PersonData(
            name=(self.name.data or "").strip(), role=self.role.data, gender=self.gender.data,
            id_number=self.id_number.data or "", phone=(self.phone.data or "").replace(" ", ""),
            employer=self.employer.data or "", union_member=bool(self.union_member.data))


class ReturnForm(VersionForm):
    comment = TextAreaField(_l("退回意见"), validators=[
        DataRequired(_l("请写明退回的原因，领队会看到这段意见。")), Length(max=1000)],
        render_kw={"rows": 3})


class EligibilityForm(FlaskForm):
    status = RadioField(_l("审查结论"), choices=[
        SelectChoice("queried", _l("存疑，要求代表队说明")),
        SelectChoice("disqualified", _l("取消参赛资格（如冒名顶替）")),
        SelectChoice("cleared", _l("审查通过"))],
        validators=[InputRequired(_l("请选择审查结论。"))])
    reason = TextAreaField(_l("理由"), validators=[
        DataRequired(_l("请写明理由，它会记录在案。")), Length(max=1000)],
        render_kw={"rows": 3})


class JointForm(VersionForm):
    """The organiser's 联队 settings of one delegation: the flag and its member units."""

    joint = BooleanField(_l("联队（几个规模较小的单位联合组队，统一参赛、统一计分）"))
    units = TextAreaField(_l("成员单位"), validators=[Length(
        max=3000, message=_l("成员单位内容过长。"))],
        render_kw={"rows": 6, "autocomplete": "off"})

    def unit_lines(self) -> list[str]:
        return (self.units.data or "").splitlines()
