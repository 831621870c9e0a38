"""The demo meet: 顺昌县第四届职工运动会 as plain Python data, and its people and entries.

What is real and what is invented:

* From the county union's half-year summary (seed text, paragraph 5): the name, the
  theme 团结、拼搏、健身、和谐, the hosts (县委宣传部, 县总工会, 县文化体育局), the May Day
  dates, 28 delegations of 5 kinds (14 乡镇工会联合会, 9 系统工会, 3 厂矿企业工会, 1 园区
  工会联合会, 1 县直机关工会), 8 categories and 37 events, and the three enterprises named
  in the text (华能电厂, 福泥公司炼石水泥厂, 洋口林场).
* 顺昌县's towns and townships are real (region code 350721); 水南镇 and 富屯街道 are
  made up to reach 14. The event list, age groups, entry limits, points 9-7-6-5-4-3-2-1,
  double points for relays and team events and 减一录取 follow the research notes
  (docs/research/cn_meet.md §1-§3). Every person is invented by a seeded generator.

``generate_people`` and ``generate_entries`` are deterministic for a seed, and the
entries pass :func:`meet.rules.eligibility.validate_entries` under :func:`entry_rules`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from meet.rules import eligibility as el
from meet.rules import idcard

DEFAULT_SEED = 20270501
CST = dt.timezone(dt.timedelta(hours=8))
FIRST_DAY = dt.date(2027, 4, 26)  # ball games start; ages are counted on this day

MEET: dict[str, Any] = {
    "name": "顺昌县第四届职工运动会",
    "name_en": "The 4th Shunchang County Workers' Games",
    "short_name": "顺昌县第四届职运会",
    "edition": 4,
    "theme": "团结、拼搏、健身、和谐",
    "theme_en": "Unity, Endeavour, Fitness, Harmony",
    "organisers": {
        "hosts": ["中共顺昌县委宣传部", "顺昌县总工会", "顺昌县文化体育局"],
        "organisers": ["顺昌县总工会", "顺昌县体育运动中心"],
        "co_organisers": ["顺昌县职工体育协会", "国网顺昌县供电公司工会"],
    },
    "location": "福建省南平市顺昌县",
    "start_date": FIRST_DAY,
    "opening_date": dt.date(2027, 4, 30),
    "end_date": dt.date(2027, 5, 3),
    "days": [  # ball games and 棋牌 before the opening, athletics on the main days
        (dt.date(2027, 4, 26), "球类预赛、棋牌"), (dt.date(2027, 4, 27), "球类预赛、棋牌"),
        (dt.date(2027, 4, 28), "球类、棋牌"), (dt.date(2027, 4, 29), "球类决赛、棋牌"),
        (dt.date(2027, 4, 30), "开幕式、广播操、太极拳"),
        (dt.date(2027, 5, 1), "田径、游泳"), (dt.date(2027, 5, 2), "田径、游泳、跳绳踢毽"),
        (dt.date(2027, 5, 3), "拔河、趣味、闭幕式"),
    ],
    # Open from the demo's own start, so a returned delegation can be edited today.
    "registration_opens": dt.datetime(2026, 11, 1, 9, 0, tzinfo=CST),
    "registration_closes": dt.datetime(2027, 4, 10, 18, 0, tzinfo=CST),
    "max_events_per_athlete": 2,
    "athletes_per_event": 2,
    "max_athletes_per_delegation": 60,
    "points_scheme": [9, 7, 6, 5, 4, 3, 2, 1],
    "team_event_multiplier": 2,
    "record_bonus": 0,
    "minus_one_rule": True,  # 减一录取
}

VENUES: list[dict[str, Any]] = [
    {"code": "STADIUM", "name": "县体育场", "name_en": "County Stadium", "kind": "track",
     "capacity": 1, "lanes": 8},
    {"code": "FIELD", "name": "县体育场田赛场", "name_en": "Stadium Field Area",
     "kind": "field", "capacity": 2, "lanes": None},
    {"code": "GYM", "name": "县体育馆", "name_en": "County Gymnasium", "kind": "court",
     "capacity": 4, "lanes": None},
    {"code": "TT", "name": "县乒乓球馆", "name_en": "Table Tennis Hall", "kind": "table",
     "capacity": 8, "lanes": None},
    {"code": "BOARD", "name": "县总工会职工活动中心棋牌室", "name_en": "Workers' Centre Games Room",
     "kind": "hall", "capacity": 30, "lanes": None},
    {"code": "POOL", "name": "县游泳馆", "name_en": "County Swimming Pool", "kind": "pool",
     "capacity": 1, "lanes": 6},
    {"code": "SQUARE", "name": "双溪广场", "name_en": "Shuangxi Square", "kind": "square",
     "capacity": 2, "lanes": None},
]
for _i, _v in enumerate(VENUES, 1):
    _v["sort_order"] = _i

UNIT_KINDS: list[dict[str, Any]] = [
    {"code": "township", "name": "乡镇工会联合会", "name_en": "Township union federations"},
    {"code": "system", "name": "系统工会", "name_en": "Sector unions"},
    {"code": "enterprise", "name": "厂矿企业工会", "name_en": "Factory and mining unions"},
    {"code": "park", "name": "园区工会联合会", "name_en": "Industrial park union federation"},
    {"code": "organs", "name": "县直机关工会", "name_en": "County government organs union"},
]
for _i, _k in enumerate(UNIT_KINDS, 1):
    _k["sort_order"] = _i

# (short name, kind, full name, English name, athletes, employers within the union)
_TOWN = "{0}人民政府 {0}中心小学 {0}中学 {0}卫生院 {0}派出所 {0}供电所 {0}财政所 {0}农业服务中心"
_DELEGATIONS = [
    ("双溪", "township", "双溪街道工会联合会", "Shuangxi Subdistrict", 32,
     "双溪街道办事处 城关小学 双溪中学 城关卫生院 城关派出所 双溪社区居委会 双溪街道财政所"),
    ("建西", "township", "建西镇工会联合会", "Jianxi Town", 22, _TOWN.format("建西镇")),
    ("洋口", "township", "洋口镇工会联合会", "Yangkou Town", 26, _TOWN.format("洋口镇")),
    ("元坑", "township", "元坑镇工会联合会", "Yuankeng Town", 22, _TOWN.format("元坑镇")),
    ("埔上", "township", "埔上镇工会联合会", "Pushang Town", 18, _TOWN.format("埔上镇")),
    ("大历", "township", "大历镇工会联合会", "Dali Town", 16, _TOWN.format("大历镇")),
    ("大干", "township", "大干镇工会联合会", "Dagan Town", 18, _TOWN.format("大干镇")),
    ("仁寿", "township", "仁寿镇工会联合会", "Renshou Town", 18, _TOWN.format("仁寿镇")),
    ("郑坊", "township", "郑坊乡工会联合会", "Zhengfang Township", 14, _TOWN.format("郑坊乡")),
    ("洋墩", "township", "洋墩乡工会联合会", "Yangdun Township", 14, _TOWN.format("洋墩乡")),
    ("岚下", "township", "岚下乡工会联合会", "Lanxia Township", 12, _TOWN.format("岚下乡")),
    ("高阳", "township", "高阳乡工会联合会", "Gaoyang Township", 12, _TOWN.format("高阳乡")),
    ("水南", "township", "水南镇工会联合会", "Shuinan Town", 20, _TOWN.format("水南镇")),
    ("富屯", "township", "富屯街道工会联合会", "Futun Subdistrict", 14,
     "富屯街道办事处 富屯小学 富屯社区卫生服务中心 富屯派出所 富屯社区居委会"),
    ("教育", "system", "教育系统工会", "Education", 50,
     "县教育局 县第一中学 县第二中学 县实验小学 县职业中专学校 县实验幼儿园 县进修学校"),
    ("卫健", "system", "卫生健康系统工会", "Health", 42,
     "县卫生健康局 县医院 县中医医院 县疾病预防控制中心 县妇幼保健院 县120急救中心"),
    ("公安", "system", "公安系统工会", "Public Security", 34,
     "县公安局 县公安局交警大队 县公安局刑侦大队 城关派出所 县看守所"),
    ("财金", "system", "财政金融系统工会", "Finance and Banking", 36,
     "县财政局 县税务局 顺昌农村商业银行 工商银行顺昌支行 中国银行顺昌支行 农业银行顺昌支行"),
    ("交通", "system", "交通运输系统工会", "Transport", 24,
     "县交通运输局 县公路事业发展中心 县汽车站 县交通综合执法大队"),
    ("电力", "system", "电力系统工会", "Electric Power", 30,
     "国网顺昌县供电公司 供电公司运维检修部 供电公司营销部 城关供电所 洋口供电所"),
    ("住建", "system", "住房城乡建设系统工会", "Housing and Construction", 26,
     "县住房和城乡建设局 县城市管理局 县自来水公司 县房产管理所 县建设工程质量站"),
    ("农业", "system", "农业农村系统工会", "Agriculture and Rural Affairs", 24,
     "县农业农村局 县林业局 县水利局 县农业技术推广站 县动物疫病预防控制中心"),
    ("文旅", "system", "文化旅游系统工会", "Culture and Tourism", 22,
     "县文化体育和旅游局 县图书馆 县文化馆 县博物馆 华阳山风景区管理处 县融媒体中心"),
    ("华能", "enterprise", "华能电厂工会", "Huaneng Power Plant", 34,
     "华能电厂运行部 华能电厂检修部 华能电厂燃料部 华能电厂安监部 华能电厂综合办"),
    ("炼石", "enterprise", "福泥公司炼石水泥厂工会", "Funi Lianshi Cement Works", 28,
     "炼石水泥厂生料车间 炼石水泥厂烧成车间 炼石水泥厂制成车间 炼石水泥厂化验室 "
     "炼石水泥厂机修车间"),
    ("林场", "enterprise", "洋口林场工会", "Yangkou Forest Farm", 22,
     "洋口林场场部 洋口林场种子园 洋口林场第一工区 洋口林场第二工区 洋口林场苗圃"),
    ("园区", "park", "顺昌县工业园区工会联合会", "Shunchang Industrial Park", 30,
     "园区管委会 顺兴竹木制品有限公司 富达化工有限公司 金山新材料有限公司 宏源机械有限公司"),
    ("机关", "organs", "县直机关工会", "County Government Organs", 44,
     "县委办公室 县政府办公室 县人大常委会办公室 县政协办公室 县纪委监委 县委组织部 "
     "县发展和改革局 县人力资源和社会保障局 县市场监督管理局 县统计局"),
]
DELEGATIONS: list[dict[str, Any]] = [
    {"code": f"{i:02d}", "name": name, "short_name": short, "unit_kind": kind,
     "name_en": f"{en} Trade Union" + (" Federation" if kind in ("township", "park") else "")}
    for i, (short, kind, name, en, _n, _e) in enumerate(_DELEGATIONS, 1)
]
EMPLOYERS: dict[str, list[str]] = {
    f"{i:02d}": e.split() for i, (_s, _k, _n, _en, _a, e) in enumerate(_DELEGATIONS, 1)
}
ATHLETES_PER_DELEGATION: dict[str, int] = {
    f"{i:02d}": n for i, (_s, _k, _n, _en, n, _e) in enumerate(_DELEGATIONS, 1)
}

CATEGORIES: list[dict[str, Any]] = [
    {"code": c, "name": n, "name_en": en, "sort_order": i}
    for i, (c, n, en) in enumerate([
        ("TF", "田径", "Athletics"), ("SW", "游泳", "Swimming"), ("BALL", "球类", "Ball games"),
        ("TUG", "拔河", "Tug of war"), ("BOARD", "棋牌", "Board and card games"),
        ("FUN", "趣味", "Fun games"), ("FIT", "健身操", "Calisthenics and tai chi"),
        ("ROPE", "跳绳踢毽", "Rope skipping and jianzi"),
    ], 1)
]

AGE_BANDS: list[dict[str, Any]] = [
    {"code": "A", "gender": "M", "name": "男子青年组", "name_en": "Men's youth",
     "min_age": None, "max_age": 40},
    {"code": "B", "gender": "M", "name": "男子中年组", "name_en": "Men's middle-aged",
     "min_age": 41, "max_age": 60},
    {"code": "A", "gender": "F", "name": "女子青年组", "name_en": "Women's youth",
     "min_age": None, "max_age": 35},
    {"code": "B", "gender": "F", "name": "女子中年组", "name_en": "Women's middle-aged",
     "min_age": 36, "max_age": 60},
]


def _ev(code: str, name: str, name_en: str, cat: str, kind: str, gender: str, unit: str,
        venue: str, *, band: str | None = None, team: bool = False, size: int = 1,
        smin: int | None = None, smax: int | None = None, reserves: int = 0,
        comp: dict | None = None, limit: int | None = None, fmt: str = "final",
        preset: str = "") -> dict[str, Any]:
    return {
        "code": code, "name": name, "name_en": name_en, "category": cat, "kind": kind,
        "gender": gender, "age_group": band, "is_team": team, "squad_size": size,
        "squad_min": smin or size, "squad_max": smax or size, "reserves": reserves,
        "composition": comp or {}, "per_team_limit": limit or (1 if team else 2),
        "points_multiplier": 2 if team else 1, "result_unit": unit, "format": fmt,
        "scoring_preset": preset, "venue": venue,
    }


_RELAY = {"team": True, "size": 4, "reserves": 2}
EVENTS: list[dict[str, Any]] = [
    _ev("M100A", "男子青年组100米", "Men's 100 m, youth", "TF", "timed", "M", "time", "STADIUM",
        band="A"),
    _ev("M100B", "男子中年组100米", "Men's 100 m, middle-aged", "TF", "timed", "M", "time",
        "STADIUM", band="B"),
    _ev("W100A", "女子青年组100米", "Women's 100 m, youth", "TF", "timed", "F", "time",
        "STADIUM", band="A"),
    _ev("W100B", "女子中年组100米", "Women's 100 m, middle-aged", "TF", "timed", "F", "time",
        "STADIUM", band="B"),
    _ev("M4X100", "男子4×100米接力", "Men's 4x100 m relay", "TF", "timed", "M", "time",
        "STADIUM", **_RELAY),
    _ev("W4X100", "女子4×100米接力", "Women's 4x100 m relay", "TF", "timed", "F", "time",
        "STADIUM", **_RELAY),
    _ev("X4X100", "男女混合4×100米接力", "Mixed 4x100 m relay", "TF", "timed", "X", "time",
        "STADIUM", comp={"M": 2, "F": 2, "legs": {"F": [1, 3]}}, **_RELAY),
    _ev("MLJ", "男子跳远", "Men's long jump", "TF", "measured", "M", "distance", "FIELD"),
    _ev("WLJ", "女子跳远", "Women's long jump", "TF", "measured", "F", "distance", "FIELD"),
    _ev("MSP", "男子铅球", "Men's shot put", "TF", "measured", "M", "distance", "FIELD"),
    _ev("WSP", "女子铅球", "Women's shot put", "TF", "measured", "F", "distance", "FIELD"),
    _ev("M50FR", "男子50米自由泳", "Men's 50 m freestyle", "SW", "timed", "M", "time", "POOL"),
    _ev("W50FR", "女子50米自由泳", "Women's 50 m freestyle", "SW", "timed", "F", "time", "POOL"),
    _ev("M50BR", "男子50米蛙泳", "Men's 50 m breaststroke", "SW", "timed", "M", "time", "POOL"),
    _ev("W50BR", "女子50米蛙泳", "Women's 50 m breaststroke", "SW", "timed", "F", "time",
        "POOL"),
    _ev("MBB", "男子篮球", "Men's basketball", "BALL", "match", "M", "match", "GYM", team=True,
        size=5, smin=8, smax=12, fmt="round_robin", preset="fiba"),
    _ev("XAVB", "男女混合气排球", "Mixed air volleyball", "BALL", "match", "X", "match", "GYM",
        team=True, size=5, smin=7, smax=10, comp={"M": 3, "F": 3}, fmt="groups_knockout",
        preset="fivb"),
    _ev("MTT", "乒乓球男子单打", "Table tennis men's singles", "BALL", "match", "M", "match",
        "TT", fmt="groups_knockout", preset="ittf"),
    _ev("WTT", "乒乓球女子单打", "Table tennis women's singles", "BALL", "match", "F", "match",
        "TT", fmt="groups_knockout", preset="ittf"),
    _ev("XTTT", "乒乓球混合团体", "Table tennis mixed team", "BALL", "match", "X", "match", "TT",
        team=True, size=4, reserves=1, comp={"M": 2, "F": 2}, fmt="groups_knockout",
        preset="ittf"),
    _ev("MBD", "羽毛球男子单打", "Badminton men's singles", "BALL", "match", "M", "match", "GYM",
        fmt="knockout", preset="bwf"),
    _ev("WBD", "羽毛球女子单打", "Badminton women's singles", "BALL", "match", "F", "match",
        "GYM", fmt="knockout", preset="bwf"),
    _ev("XBD", "羽毛球混合双打", "Badminton mixed doubles", "BALL", "match", "X", "match", "GYM",
        team=True, size=2, comp={"M": 1, "F": 1}, fmt="knockout", preset="bwf"),
    _ev("TUG", "男女混合拔河", "Mixed tug of war", "TUG", "match", "X", "match", "SQUARE",
        team=True, size=15, reserves=1, comp={"M": 8, "F": 7}, fmt="best_of_3", preset="tug"),
    _ev("XQ", "象棋", "Xiangqi (Chinese chess)", "BOARD", "match", "O", "match", "BOARD",
        fmt="swiss", preset="chess"),
    _ev("GO", "围棋", "Go", "BOARD", "match", "O", "match", "BOARD", fmt="swiss",
        preset="chess"),
    _ev("GD", "掼蛋(双人)", "Guandan (pairs)", "BOARD", "match", "O", "match", "BOARD",
        team=True, size=2, limit=2, fmt="swiss", preset="guandan"),
    _ev("CATER", "毛毛虫竞速", "Caterpillar race", "FUN", "timed", "X", "time", "SQUARE",
        team=True, size=8, reserves=1, comp={"M": 4, "F": 4}),
    _ev("3L4F", "三人四足", "Three-person four-legged race", "FUN", "timed", "O", "time",
        "STADIUM", team=True, size=3, reserves=1),
    _ev("MSHOT", "男子定点投篮", "Men's spot shooting", "FUN", "measured", "M", "count", "GYM"),
    _ev("WSHOT", "女子定点投篮", "Women's spot shooting", "FUN", "measured", "F", "count", "GYM"),
    _ev("RADIO", "第九套广播体操", "Radio calisthenics (9th set), team", "FIT", "judged", "O",
        "score", "STADIUM", team=True, size=16, smin=12, smax=20, reserves=2),
    _ev("TAIJI", "二十四式太极拳", "24-form tai chi", "FIT", "judged", "O", "score", "SQUARE"),
    _ev("MROPE", "男子1分钟跳绳", "Men's 1-minute rope skipping", "ROPE", "measured", "M",
        "count", "GYM"),
    _ev("WROPE", "女子1分钟跳绳", "Women's 1-minute rope skipping", "ROPE", "measured", "F",
        "count", "GYM"),
    _ev("JIANZI", "1分钟踢毽子", "1-minute jianzi kicking", "ROPE", "measured", "O", "count",
        "GYM"),
    _ev("XROPE", "男女混合8字跳长绳", "Mixed figure-8 long rope", "ROPE", "measured", "X",
        "count", "GYM", team=True, size=10, reserves=1, comp={"M": 5, "F": 5}),
]
for _i, _e in enumerate(EVENTS, 1):
    _e["sort_order"] = _i


def event_rules() -> tuple[el.EventRule, ...]:
    """The programme as the eligibility rules read it."""
    out = []
    for e in EVENTS:
        counts, legs = el.split_composition(e["composition"])
        out.append(el.EventRule(
            e["code"], e["gender"], e["age_group"], e["is_team"], e["squad_min"],
            e["squad_max"], e["reserves"], counts, legs, e["per_team_limit"]))
    return tuple(out)


def entry_rules() -> el.EntryRules:
    """The default entry rules with this meet's programme, age groups and first day."""
    bands = tuple(el.AgeBand(b["code"], b["name"], b["gender"], b["min_age"], b["max_age"],
                             b["name_en"]) for b in AGE_BANDS)
    return el.EntryRules(first_day=FIRST_DAY, events=event_rules(), age_bands=bands)


# ---- people ---------------------------------------------------------------------------------

# Surnames by frequency in northern Fujian (陈, 林, 黄 lead), as (characters, weight).
_SURNAMES = [("陈 林 黄 张", 9), ("吴 李 王 刘 郑", 6), ("杨 叶 谢 余 肖 邱 江", 4),
             ("罗 徐 廖 朱 周 蔡 游 魏", 3), ("何 高 赖 严 范 兰 曾 温 卢 吕 傅 池 邓", 2),
             ("苏 许 钟 彭 潘 董 袁 姚 方 施 郭 丁 饶 官 欧阳", 1)]
_SURNAME_POOL = [c for names, w in _SURNAMES for c in names.split() for _ in range(w)]
_GIVEN = {
    "M": ("志建国文永晓明少德家俊子宇立海振学世金春", "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健"
          "俊峰磊林东亮龙晨旭宏荣新兵锋成福贵生清水"),
    "F": ("秀丽晓美雅春淑小雪慧思佳玉婉海丽金月", "芳娜敏静丽艳娟霞燕玲婷雪琳颖萍红梅莉兰琴云洁"
          "倩慧佳欣悦瑶英凤丹璐蓉薇晶彩月素"),
}
SHUNCHANG = "350721"
_OTHER_REGIONS = ("350702", "350703", "350781", "350782", "350783", "350722", "350723",
                  "350724", "350725", "350428", "350429", "350102", "350203")
_MEN_SHARE = {"教育": 0.4, "卫健": 0.35, "公安": 0.72, "电力": 0.7, "交通": 0.68,
              "华能": 0.72, "炼石": 0.7, "林场": 0.65, "文旅": 0.45, "财金": 0.45}


def _birth(rng: random.Random, age: int) -> dt.date:
    """A birth date giving ``age`` completed years on FIRST_DAY."""
    latest = FIRST_DAY.replace(year=FIRST_DAY.year - age)
    earliest = FIRST_DAY.replace(year=FIRST_DAY.year - age - 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


def _name(rng: random.Random, gender: str, taken: set[str]) -> str:
    first, second = _GIVEN[gender]
    while True:
        given = rng.choice(second) if rng.random() < 0.3 else rng.choice(first) + rng.choice(
            second)
        name = rng.choice(_SURNAME_POOL) + given
        if name not in taken and len(set(given)) == len(given):
            taken.add(name)
            return name


def _person(rng: random.Random, used: dict[str, set[str]], code: str, seq: int, role: str,
            gender: str, age: int, employer: str) -> dict[str, Any]:
    birth = _birth(rng, age)
    region = SHUNCHANG if rng.random() < 0.85 else rng.choice(_OTHER_REGIONS)
    number = idcard.make(region, birth, rng.randrange(100), gender)
    while number in used["id"]:
        number = idcard.make(region, birth, rng.randrange(100), gender)
    used["id"].add(number)
    phone = ""
    while not phone or phone in used["phone"]:
        phone = "1" + rng.choice("33355578889") + "".join(rng.choice("0123456789")
                                                          for _ in range(9))
    used["phone"].add(phone)
    return {"key": f"{code}-{seq:03d}", "delegation": code, "role": role,
            "name": _name(rng, gender, used["name"]), "gender": gender, "birth_date": birth,
            "id_number": number, "phone": phone, "employer": employer, "union_member": True}


def generate_people(seed: int = DEFAULT_SEED) -> dict[str, list[dict[str, Any]]]:
    """Each delegation's roster, staff first (领队, 教练, 队医, 工作人员), then athletes aged
    20-59 on the first day. Keys are "<delegation>-<nnn>"."""
    rng = random.Random(seed)
    used: dict[str, set[str]] = {"id": set(), "phone": set(), "name": set()}
    out: dict[str, list[dict[str, Any]]] = {}
    for d in DELEGATIONS:
        code, employers = d["code"], EMPLOYERS[d["code"]]
        n = ATHLETES_PER_DELEGATION[code]
        roles = ["leader"] + ["coach"] * (1 if n < 25 else 2)
        if d["short_name"] == "卫健" or (n >= 20 and rng.random() < 0.4):
            roles.append("doctor")
        if n >= 40:
            roles.append("staff")
        people = []
        for role in roles:
            gender = "M" if rng.random() < (0.75 if role == "leader" else 0.6) else "F"
            age = rng.randint(36, 57) if role == "leader" else rng.randint(26, 52)
            people.append(_person(rng, used, code, len(people) + 1, role, gender, age,
                                  employers[0] if role == "leader" else rng.choice(employers)))
        men = max(5, min(n - 5, round(n * _MEN_SHARE.get(d["short_name"], 0.58))))
        genders = ["M"] * men + ["F"] * (n - men)
        rng.shuffle(genders)
        for gender in genders:
            age = int(rng.triangular(20, 59.99, 34))
            people.append(_person(rng, used, code, len(people) + 1, "athlete", gender, age,
                                  rng.choice(employers)))
        out[code] = people
    return out


def as_rules_input(people: list[dict[str, Any]], entries: dict[str, list] | None = None,
                   ) -> tuple[list[el.RosterPerson], list[el.IndividualEntry],
                              list[el.SquadEntry]]:
    """One delegation's people and entries as the eligibility validator's records."""
    roster = [el.RosterPerson(p["key"], p["name"], p["gender"], p["birth_date"], p["role"],
                              p["union_member"]) for p in people]
    entries = entries or {"entries": [], "squads": []}
    return (roster,
            [el.IndividualEntry(e["person_key"], e["event_code"]) for e in entries["entries"]],
            [el.SquadEntry(s["event_code"], tuple(s["members"]), tuple(s["reserves"]), s["key"])
             for s in entries["squads"]])


# ---- entries --------------------------------------------------------------------------------

# Team events: how many delegations enter (a range); big delegations are likelier to.
_TEAM_TARGETS = {"M4X100": (12, 18), "W4X100": (9, 14), "X4X100": (10, 16), "MBB": (8, 12),
                 "XAVB": (8, 12), "XTTT": (8, 12), "XBD": (10, 16), "TUG": (10, 14),
                 "GD": (8, 11), "CATER": (8, 14), "3L4F": (10, 16), "RADIO": (6, 10),
                 "XROPE": (8, 12)}
# Individual events: chance that a delegation fills each of its two places.
_POPULARITY = {"M100A": 0.65, "M100B": 0.5, "W100A": 0.6, "W100B": 0.5, "MLJ": 0.45,
               "WLJ": 0.4, "MSP": 0.45, "WSP": 0.4, "M50FR": 0.3, "W50FR": 0.25,
               "M50BR": 0.3, "W50BR": 0.25, "MTT": 0.6, "WTT": 0.45, "MBD": 0.45, "WBD": 0.35,
               "XQ": 0.55, "GO": 0.25, "MSHOT": 0.5, "WSHOT": 0.4, "TAIJI": 0.3,
               "MROPE": 0.45, "WROPE": 0.55, "JIANZI": 0.4}
_MAX_PAIRS_GD = 16


class _Team:
    """One delegation's athletes and what they are entered in, while entries are drawn."""

    def __init__(self, code: str, people: list[dict[str, Any]], rules: el.EntryRules):
        self.code = code
        self.athletes = [p for p in people if p["role"] == "athlete"]
        self.band = {p["key"]: getattr(el.band_for(rules.age_bands, p["gender"],
                                                   p["birth_date"], rules.first_day), "code",
                                       None) for p in self.athletes}
        self.load: Counter[str] = Counter()  # team entries per athlete
        self.singles: dict[str, list[str]] = {p["key"]: [] for p in self.athletes}
        self.entries: list[dict[str, str]] = []
        self.squads: list[dict[str, Any]] = []

    def count(self, gender: str) -> int:
        return sum(p["gender"] == gender for p in self.athletes)

    def can_field(self, ev: el.EventRule) -> bool:
        pool = [p for p in self.athletes if ev.admits_gender(p["gender"])]
        return len(pool) >= ev.squad_min + 1 and all(
            self.count(g) >= n for g, n in ev.composition.items())

    def pick(self, rng: random.Random, pool: list[dict], k: int) -> list[dict]:
        ranked = sorted(pool, key=lambda p: (self.load[p["key"]] + len(self.singles[p["key"]]),
                                             rng.random()))
        return ranked[:k]

    def add_squad(self, rng: random.Random, ev: el.EventRule, number: int) -> None:
        free = [p for p in self.athletes if ev.admits_gender(p["gender"])
                and all(p["key"] not in (*s["members"], *s["reserves"]) for s in self.squads
                        if s["event_code"] == ev.code)]
        chosen = []
        for gender, need in sorted(ev.composition.items()):
            chosen += self.pick(rng, [p for p in free if p["gender"] == gender], need)
        size = rng.randint(ev.squad_min, ev.squad_max)
        rest = [p for p in free if p not in chosen]
        chosen += self.pick(rng, rest, max(0, min(size, len(free)) - len(chosen)))
        rng.shuffle(chosen)
        for leg, gender in sorted(ev.leg_genders.items()):  # put the right gender on each leg
            at = next(i for i, p in enumerate(chosen) if p["gender"] == gender and (
                i >= leg - 1 or ev.leg_genders.get(i + 1) != gender))
            chosen[leg - 1], chosen[at] = chosen[at], chosen[leg - 1]
        rest = [p for p in free if p not in chosen]
        reserves = self.pick(rng, rest, rng.randint(0, ev.reserves))
        for p in chosen + reserves:
            self.load[p["key"]] += 1
        self.squads.append({"event_code": ev.code, "members": [p["key"] for p in chosen],
                            "reserves": [p["key"] for p in reserves],
                            "key": f"{self.code}-{ev.code}-{number}"})

    def eligible(self, ev: el.EventRule, p: dict) -> bool:
        return ev.admits_gender(p["gender"]) and ev.age_band in (None, self.band[p["key"]])

    def enter(self, ev: el.EventRule, p: dict) -> None:
        self.singles[p["key"]].append(ev.code)
        self.entries.append({"person_key": p["key"], "event_code": ev.code})

    def entered(self, ev: el.EventRule) -> int:
        return sum(e["event_code"] == ev.code for e in self.entries)


def generate_entries(people: dict[str, list[dict[str, Any]]], seed: int = DEFAULT_SEED,
                     ) -> dict[str, dict[str, list]]:
    """Each delegation's individual entries and squads, valid under :func:`entry_rules`.

    Big delegations enter more; every athlete ends up in at least one event when the
    rules leave room for them.
    """
    rng = random.Random(f"entries:{seed}")
    rules = entry_rules()
    teams = {code: _Team(code, people[code], rules) for code in people}
    for ev in (e for e in rules.events if e.team_event):
        able = [t for t in teams.values() if t.can_field(ev)]
        lo, hi = _TEAM_TARGETS[ev.code]
        k = min(len(able), rng.randint(lo, hi))
        weights = {t.code: len(t.athletes) ** 1.5 * rng.random() for t in able}
        chosen = sorted(able, key=lambda t: -weights[t.code])[:k]
        pairs = 0
        for t in sorted(chosen, key=lambda t: t.code):
            squads = 1 + (rules.per_team_limit(ev) > 1 and rng.random() < 0.5)
            for number in range(1, squads + 1):
                if ev.code == "GD" and pairs >= _MAX_PAIRS_GD:
                    break
                t.add_squad(rng, ev, number)
                pairs += 1
    singles = [e for e in rules.events if not e.team_event]
    cap = rules.max_individual_events_per_athlete
    for t in teams.values():
        share = min(1.0, 0.35 + len(t.athletes) / 45)
        for ev in singles:
            places = sum(rng.random() < _POPULARITY[ev.code] * share for _ in range(2))
            pool = [p for p in t.athletes if t.eligible(ev, p) and len(t.singles[p["key"]]) < cap]
            for p in t.pick(rng, pool, places):
                t.enter(ev, p)
    field = Counter(e["event_code"] for t in teams.values() for e in t.entries)
    for t in teams.values():  # nobody travels to the meet to sit in the stand
        for p in [p for p in t.athletes if not t.load[p["key"]] and not t.singles[p["key"]]]:
            open_events = [ev for ev in singles if t.eligible(ev, p)
                           and t.entered(ev) < rules.per_team_limit(ev)]
            if open_events:
                ev = min(open_events, key=lambda e: (field[e.code], rng.random()))
                t.enter(ev, p)
                field[ev.code] += 1
    return {code: {"entries": t.entries, "squads": t.squads} for code, t in teams.items()}
