"""Forms of the draw area: an event's format, a draw or redraw (with its reason)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from meet.schedule import formats

CHECK_MESSAGES = {
    "format_for_kind": _l("这种赛制不适用于该类项目。"),
    "range": _l("请输入1到99之间的整数。"),
    "nobody_advances": _l("至少要有2人进入决赛：请填写按名次或按成绩录取的人数。"),
    "attempts": _l("请选择试跳/试掷次数。"),
    "best_of": _l("请选择局数。"),
    "not_numbers": _l("请输入道次号，用逗号分开，例如 1,8。"),
    "not_on_venue": _l("该场地没有这条道。"),
    "all_lanes": _l("不能把所有道次都设为不可用。"),
}


def _number(label, hint=None, low: int = 1):
    return IntegerField(label, validators=[Optional(), NumberRange(low, 99, _l(
        "请输入%(min)s到%(max)s之间的整数。"))], description=hint or "",
        render_kw={"inputmode": "numeric"})


class FormatForm(FlaskForm):
    format = SelectField(_l("赛制"), choices=[])
    venue_id = SelectField(_l("比赛场地"), coerce=int, choices=[])
    heats = _number(_l("组数"), _l("留空则按道数/每组人数自动分组"))
    per_unit = _number(_l("每组人数"), _l("场地没有道次或田赛分组时每组的人数"))
    Q = _number(_l("每组按名次录取 (Q)"), _l("留空则自动：决赛道数平均分给各组"), low=0)
    q = _number(_l("按成绩录取 (q)"), low=0)
    unusable = StringField(_l("本项目另外不使用的道次"), description=_l(
        "例如 1 或 1,8；场地设定的不可用道次和道次优先顺序照用，留空则不另外排除"))
    attempts = SelectField(_l("试跳/试掷次数"), choices=[
        ("1", _l("1次")), ("3", _l("3次")), ("3+3", _l("3次，前8名再赛3次"))])
    groups = _number(_l("小组数"))
    advance = _number(_l("每组出线队数"))
    double = BooleanField(_l("双循环（第二循环交换主客）"))
    best_of = SelectField(_l("每场局数"), coerce=int, choices=[
        (1, _l("一局定胜负")), (3, _l("三局两胜")), (5, _l("五局三胜")), (7, _l("七局四胜"))])
    preset = SelectField(_l("积分办法"), choices=[])
    third_place = BooleanField(_l("进行三四名决赛"))
    classify_5_8 = BooleanField(_l("进行5-8名排位赛"))
    rounds = _number(_l("轮数"), _l("瑞士制建议⌈log2 n⌉轮"))
    tiebreak_order = SelectField(_l("同分时依次比较"), choices=[])
    colours = BooleanField(_l("平衡先后手"))
    reason = TextAreaField(_l("更改原因"), description=_l("签表已公布时必须填写，将记入日志"))

    def setup(self, event, venues) -> FormatForm:
        self.format.choices = [(f, formats.FORMAT_NAMES[f])
                               for f in formats.KIND_FORMATS.get(event.kind, ())]
        self.venue_id.choices = [(0, _l("未指定"))] + [
            (v.id, f"{v.name} ({v.lanes}道)" if v.lanes else v.name) for v in venues]
        self.preset.choices = list(formats.PRESET_NAMES.items())
        self.tiebreak_order.choices = list(formats.TIEBREAK_NAMES.items())
        return self

    def fill(self, settings: dict) -> None:
        for name in ("format", "attempts", "preset", "tiebreak_order", *formats.NUMBER_FIELDS,
                     *formats.FLAGS):
            if name in settings and settings[name] is not None:
                getattr(self, name).data = settings[name]
        self.venue_id.data = settings.get("venue_id") or 0
        self.best_of.data = settings.get("best_of") or 1
        self.unusable.data = ",".join(str(x) for x in settings.get("unusable") or [])

    def settings(self, event, venues) -> dict | None:
        """The settings typed, or None with the errors put next to their fields."""
        venue = next((v for v in venues if v.id == self.venue_id.data), None)
        s: dict = {"format": self.format.data, "venue_id": venue.id if venue else None,
                   "lower_is_better": event.kind == "timed", "attempts": self.attempts.data,
                   "best_of": self.best_of.data, "preset": self.preset.data,
                   "tiebreak_order": self.tiebreak_order.data}
        for name in formats.NUMBER_FIELDS:
            s[name] = getattr(self, name).data
        for name in formats.FLAGS:
            s[name] = bool(getattr(self, name).data)
        lanes, error = formats.parse_lanes(self.unusable.data or "", venue.lanes if venue
                                           else None, venue.unusable_lanes if venue else ())
        if error:
            self.unusable.errors = [CHECK_MESSAGES[error]]
            return None
        s["unusable"] = lanes
        problems = formats.check(s, event.kind)
        for name, key in problems.items():
            getattr(self, name).errors = [CHECK_MESSAGES[key]]
        return None if problems else s


class DrawForm(FlaskForm):
    """Draw, redraw or publish: CSRF and, for a published start list, the reason."""

    reason = TextAreaField(_l("重新抽签的原因"))
