"""The organiser's forms of the standings area, and the spectators' bib search."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

AWARD_NAMES = {
    "sportsmanship_delegation": _l("体育道德风尚奖（代表队）"),
    "sportsmanship_athlete": _l("体育道德风尚奖（运动员）"),
    "sportsmanship_referee": _l("体育道德风尚奖（裁判员）"),
    "organisation": _l("优秀组织奖"),
}


class BibSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search

    bib = StringField(_l("号码布"), validators=[InputRequired(_l("请输入号码")),
                                              Length(max=10, message=_l("号码太长"))])


class AwardForm(FlaskForm):
    kind = SelectField(_l("奖项"), choices=list(AWARD_NAMES.items()))
    # The operation refuses what is not a delegation or referee of the meet, in words.
    delegation_id = SelectField(_l("代表队"), coerce=int, validators=[Optional()],
                                validate_choice=False)
    bib = StringField(_l("运动员号码布"), validators=[Optional(), Length(max=10)])
    user_id = SelectField(_l("裁判员"), coerce=int, validators=[Optional()],
                          validate_choice=False)


class WithdrawForm(FlaskForm):
    reason = StringField(_l("撤销原因"), validators=[InputRequired(_l("请写明撤销原因")),
                                                   Length(max=200)])


class RecordForm(FlaskForm):
    event_id = SelectField(_l("项目"), coerce=int, validate_choice=False)
    mark = StringField(_l("纪录成绩"), validators=[InputRequired(_l("请填写纪录成绩")),
                                                  Length(max=40)])
    holder = StringField(_l("纪录保持者"), validators=[InputRequired(_l("请填写纪录保持者")),
                                                      Length(max=80)])
    delegation_name = StringField(_l("所在单位"), validators=[Optional(), Length(max=80)])
    year = IntegerField(_l("创造年份"), validators=[
        InputRequired(_l("请填写年份")), NumberRange(1949, 2200, _l("年份不正确"))])


class SettingsForm(FlaskForm):
    medal_order = SelectField(_l("奖牌榜排序"), choices=[
        ("gold", _l("先比金牌，再比银牌、铜牌")), ("total", _l("先比奖牌总数，再比金、银、铜"))])
    tie_break = SelectField(_l("团体总分相同时"), choices=[
        ("places", _l("第一名多者列前，依次类推")),
        ("records,places", _l("破纪录多者列前，再比名次")),
        ("shared", _l("名次并列"))])


class BookForm(FlaskForm):
    action = HiddenField()


class CertificatesForm(FlaskForm):
    scope = SelectField(_l("范围"), choices=[
        ("event", _l("一个项目")), ("delegation", _l("一个代表队")), ("meet", _l("全部"))])
    event_id = SelectField(_l("项目"), coerce=int, validators=[Optional()],
                           validate_choice=False)
    delegation_id = SelectField(_l("代表队"), coerce=int, validators=[Optional()],
                                validate_choice=False)
    places = IntegerField(_l("录取名次（前N名）"), default=3, validators=[
        InputRequired(_l("请填写名次")), NumberRange(1, 8, _l("名次应为1至8"))])
    awards = BooleanField(_l("同时打印体育道德风尚奖和优秀组织奖证书"), default=True)
    layout = SelectField(_l("版式"), choices=[
        ("classic", _l("竖版红框（传统）")), ("banner", _l("横版金边"))])
