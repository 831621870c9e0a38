"""Reading a sheet per event kind: marks by the rules, a Chinese message per bad field,
everything typed kept."""

from __future__ import annotations

from meet.extensions import db
from meet.scoring.sheets import field_names, layout_of, read_sheet
from tests import factories
from tests.scoring import factories as sf
from tests.scoring.factories import sheet_form


def _ids(unit):
    return {s.position: s.id for s in unit.slots}


def test_timed_formats_and_hand_timing(sw):
    form = sheet_form(sw.heat, {1: {"mark": "10.83"}, 2: {"mark": "1:02.45"},
                                3: {"mark": "2:03:04.5"}, 4: {"mark": "１０.８"},
                                5: {"status": "DNS"}})
    sheet = read_sheet(sw.heat, form)
    assert sheet.ok
    marks = [sheet.lines[i].mark for i in _ids(sw.heat).values()]
    assert marks == ["10.83", "1:02.45", "2:03:04.50", "10.80", ""]
    sw.heat_round.settings = {"timing": "hand"}
    db.session.flush()
    hand = read_sheet(sw.heat, sheet_form(sw.heat, {1: {"mark": "10.11"}, 2: {"mark": "11"},
                                                    3: {"mark": "12.3"}, 4: {"mark": "12.31"},
                                                    5: {"status": "r"}}))
    assert [hand.lines[i].mark for i in _ids(sw.heat).values()][:4] == [
        "10.2", "11.0", "12.3", "12.4"]


def test_timed_errors_are_per_field_and_keep_what_was_typed(sw):
    ids = _ids(sw.heat)
    form = sheet_form(sw.heat, {1: {"mark": "abc"}, 2: {"mark": "1:75.00"},
                                3: {"mark": "10.8345"}, 4: {"mark": "", "status": "XX"},
                                5: {"mark": "11.02"}})
    sheet = read_sheet(sw.heat, form)
    assert sheet.errors[f"s{ids[1]}-mark"].startswith("时间格式不对")
    assert sheet.errors[f"s{ids[2]}-mark"] == "分、秒须小于60"
    assert sheet.errors[f"s{ids[3]}-mark"] == "最多精确到千分之一秒"
    assert "状态只能是" in sheet.errors[f"s{ids[4]}-status"]
    assert f"s{ids[5]}-mark" not in sheet.errors
    assert sheet.values[f"s{ids[1]}-mark"] == "abc" and sheet.values[f"s{ids[5]}-mark"] == "11.02"


def test_field_attempts_best_mark_fouls_and_nm(sw):
    ids = _ids(sw.flight)
    form = sheet_form(sw.flight, {1: {"a1": "7.129", "a2": "x", "a3": "-"},
                                  2: {"a1": "x", "a2": "X", "a3": "x"},
                                  3: {"a1": "6.5", "a2": "6.90"},
                                  4: {"status": "DNS"}})
    sheet = read_sheet(sw.flight, form)
    assert sheet.ok, sheet.errors
    first = sheet.lines[ids[1]]
    assert (first.mark, first.mark_value, first.detail["attempts"]) == ("7.12", 712,
                                                                        ["7.12", "x", "-"])
    assert sheet.lines[ids[2]].status == "NM"
    assert sheet.lines[ids[3]].mark == "6.90"
    bad = read_sheet(sw.flight, sheet_form(sw.flight, {1: {"a1": "7,12", "a2": "o"},
                                                       2: {}, 3: {"a1": "5"},
                                                       4: {"status": "DNS"}}))
    assert "x（犯规）" in bad.errors[f"s{ids[1]}-a1"] and f"s{ids[1]}-a2" in bad.errors
    assert bad.errors[f"s{ids[2]}-a1"] == "请填写试跳/试掷成绩或选择状态"
    assert bad.values[f"s{ids[1]}-a1"] == "7,12"


def test_counts_are_whole_numbers(sw):
    shot = factories.event(sw.meet, sw.cat, "MSHOT", name="定点投篮", kind="measured",
                           result_unit="count")
    u = sf.heats(shot, [sf.athletes(sw, shot, 3)], stage="final").units[0]
    ids = _ids(u)
    sheet = read_sheet(u, sheet_form(u, {1: {"mark": "12"}, 2: {"mark": "7.5"},
                                         3: {"mark": "-1"}}))
    assert sheet.errors == {f"s{ids[2]}-mark": "请填写不小于0的整数",
                            f"s{ids[3]}-mark": "请填写不小于0的整数"}
    assert layout_of(u).style == "count"


def test_judged_trimmed_mean_and_panel(sw):
    ids = _ids(sw.session_unit)
    scores = {"j1": "9.5", "j2": "9.1", "j3": "9.3", "j4": "8.2", "j5": "9.4"}
    form = sheet_form(sw.session_unit, {1: scores, 2: {**scores, "j3": "10.5"},
                                        3: {**scores, "j5": ""}})
    sheet = read_sheet(sw.session_unit, form)
    assert sheet.errors == {f"s{ids[2]}-j3": "评分不能超过10分",
                            f"s{ids[3]}-j5": "请填写第5位裁判的评分"}
    ok = read_sheet(sw.session_unit, sheet_form(sw.session_unit, {1: scores, 2: scores,
                                                                  3: {"status": "DNS"}}))
    assert ok.lines[ids[1]].mark == "9.267"  # (9.1 + 9.3 + 9.4) / 3, highest and lowest out
    assert len([n for n in field_names(sw.session_unit) if n.endswith("-j5")]) == 3


def test_match_scores_forfeits_and_errors(sw):
    u = sw.group.units[0]
    ok = read_sheet(u, {"score-1": "78", "score-2": "65"})
    lines = sorted(ok.lines.values(), key=lambda line: line.detail["side"])
    assert [x.mark for x in lines] == ["78:65", "65:78"]
    wo = read_sheet(u, {"forfeit": "2"})
    assert [x.status for x in sorted(wo.lines.values(), key=lambda x: x.detail["side"])] == [
        "OK", "DNS"]
    bad = read_sheet(u, {"score-1": "七十", "score-2": ""})
    assert bad.errors == {"score-1": "比分须为不小于0的整数", "score-2": "请填写比分"}


def test_sets_pulls_and_board_games(sw):
    cases = [("fivb", {"set1-1": "25", "set1-2": "20", "set2-1": "18", "set2-2": "25",
                       "set3-1": "15", "set3-2": "12"}, ["2:1", "1:2"]),
             ("tug", {"pull1": "2", "pull2": "2"}, ["0:2", "2:0"]),
             ("chess", {"outcome": "draw"}, ["1:1", "1:1"])]
    for n, (preset, form, marks) in enumerate(cases):
        ev = factories.event(sw.meet, sw.cat, f"EV{n}", kind="match", result_unit="match",
                             scoring_preset=preset)
        u = sf.new_round(ev)
        unit = sf.unit(u, sf.athletes(sw, ev, 2), lanes=False)
        sheet = read_sheet(unit, form)
        assert sheet.ok, sheet.errors
        assert [x.mark for x in sorted(sheet.lines.values(),
                                       key=lambda x: x.detail["side"])] == marks
    fivb_unit = sf.unit(sf.new_round(ev, 2), sf.athletes(sw, ev, 2), lanes=False)
    fivb_unit.event.scoring_preset = "fivb"
    short = read_sheet(fivb_unit, {"set1-1": "25", "set1-2": "20"})
    assert short.errors == {"set1-1": "3局2胜制：须有一方先胜2局"}
    tie = read_sheet(fivb_unit, {"set1-1": "25", "set1-2": "25"})
    assert "分出胜负" in tie.errors["set1-1"]


def test_vertical_jump_card(sw):
    hj = factories.event(sw.meet, sw.cat, "MHJ", name="男子跳高", kind="measured",
                         result_unit="height")
    u = sf.heats(hj, [sf.athletes(sw, hj, 3)], stage="final",
                 heights=[150, 155, 160]).units[0]
    ids = _ids(u)
    sheet = read_sheet(u, sheet_form(u, {1: {"h150": "o", "h155": "xo", "h160": "xxx"},
                                         2: {"h150": "xxx"}, 3: {"h150": "O", "h155": "Q"}}))
    assert sheet.errors == {f"s{ids[3]}-h150": "每个高度只能填 O（成功）、X（失败）、-（免跳）"}
    good = read_sheet(u, sheet_form(u, {1: {"h150": "o", "h155": "xo", "h160": "xxx"},
                                        2: {"h150": "xxx"}, 3: {"h150": "-", "h155": "O"}}))
    assert good.lines[ids[1]].mark == "1.55" and good.lines[ids[2]].status == "NM"
