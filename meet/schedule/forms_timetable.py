"""Forms of the timetable and the order book (organiser)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired as Required
from wtforms.validators import Length, NumberRange, Optional

from meet.rules.lanes import parse_venue_lanes
from meet.schedule.timetable_setup import lane_message

SESSION_CHOICES = [("morning", _l("上午")), ("afternoon", _l("下午")), ("evening", _l("晚上"))]


class MoveForm(FlaskForm):
    venue_id = SelectField(_l("场地"), coerce=int, validators=[Required(_l("请选择场地"))])
    court = StringField(_l("场地号"), validators=[Optional()],
                        description=_l("多块场地的场馆填写第几号场地，可不填"))
    day = DateField(_l("日期"), validators=[Required(_l("请填写日期"))])
    start = TimeField(_l("开始时间"), validators=[Required(_l("请填写开始时间"))])
    override = BooleanField(_l("明知有冲突仍然调整（记录在案）"))
    reason = StringField(_l("强制调整理由"), validators=[Optional()])


class HoursForm(FlaskForm):
    venue_id = SelectField(_l("场地"), coerce=int, validators=[Required(_l("请选择场地"))])
    day = DateField(_l("日期"), validators=[Required(_l("请填写日期"))])
    session = SelectField(_l("场次"), choices=SESSION_CHOICES)
    opens = TimeField(_l("开始"), validators=[Required(_l("请填写开始时间"))])
    closes = TimeField(_l("结束"), validators=[Required(_l("请填写结束时间"))])


class EventVenuesForm(FlaskForm):
    event_id = IntegerField(validators=[Required()])
    venue_ids = SelectMultipleField(_l("比赛场地"), coerce=int)
    first_day = DateField(_l("最早日期"), validators=[Optional()])
    last_day = DateField(_l("最晚日期"), validators=[Optional()])


def _minutes(lo: int, hi: int):
    return [Required(_l("请填写分钟数")),
            NumberRange(lo, hi, _l("应在 %(min)s 到 %(max)s 之间"))]


class SettingsForm(FlaskForm):
    rest_minutes = IntegerField(_l("同一人两项之间最少休息（分钟）"), validators=_minutes(0, 600))
    round_gap = IntegerField(_l("赛次之间最少间隔（分钟）"), validators=_minutes(0, 1440))
    final_gap = IntegerField(_l("决赛前最少间隔（分钟）"), validators=_minutes(0, 1440))
    max_matches_per_team_day = IntegerField(_l("每队每日最多场次（团体球类，可不填）"),
                                            validators=[Optional(), NumberRange(1, 20)])
    solver_seconds = IntegerField(_l("自动编排求解时间上限（秒）"), validators=_minutes(0, 600))
    durations = TextAreaField(_l("单元时长（每行“项目代码或类型=分钟”）"))
    committee = TextAreaField(_l("组织委员会（每行“职务：姓名”）"))
    jury = TextAreaField(_l("仲裁委员会（每行“职务：姓名”）"))
    referees = TextAreaField(_l("裁判员名单（每行“职务：姓名”，如“总裁判长：王某”）"))
    order_book_sort = SelectField(_l("代表队名单排序"), choices=[
        ("strokes", _l("按姓氏笔画")), ("registration", _l("按报名顺序"))])



def _short():
    return Length(max=200, message=_l("最多 200 个字符。"))


class VenueLanesForm(FlaskForm):
    """A venue's lanes; the lane lists are parsed by :mod:`meet.rules.lanes`."""

    lanes = IntegerField(_l("道数"), validators=[Optional(), NumberRange(
        1, 16, _l("应在 %(min)s 到 %(max)s 之间"))], render_kw={"inputmode": "numeric"},
        description=_l("田径跑道、泳池的分道数；不分道的场地留空"))
    unusable = StringField(_l("不可用的道次"), validators=[Optional(), _short()],
                           description=_l("例如 1 或 1,9；留空则全部可用"))
    priority = StringField(_l("抽签道次优先顺序"), validators=[Optional(), _short()])

    def parsed(self) -> tuple[list[int], list[list[int]] | None] | None:
        """(unusable lanes, lane-draw groups or None for the standard), or None with the
        errors put next to their fields."""
        unusable, groups, errors = parse_venue_lanes(
            self.lanes.data, self.unusable.data or "", self.priority.data or "")
        for name, error in errors.items():
            getattr(self, name).errors = [lane_message(error)]
        return None if errors else (unusable, groups)
