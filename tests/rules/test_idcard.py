import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules import idcard


def test_standard_example_is_a_woman_born_1949_12_31():
    info = idcard.parse("11010519491231002X")
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == idcard.FEMALE
    assert info.region == "110105"


def test_lower_case_x_and_spaces_and_full_width_digits_are_accepted():
    assert idcard.parse(" 110105 19491231 002x ").number == "11010519491231002X"
    assert idcard.parse("１１０１０５１９４９１２３１００２Ｘ").number == "11010519491231002X"


@pytest.mark.parametrize(
    "raw, code",
    [
        ("11010519491231002", "length"),
        ("11010519491231002XX", "length"),
        ("1101051949123100AX", "chars"),
        ("99010519491231002X", "region"),
        ("11010519490231002X", "date"),  # 31 February
        ("110105194912310021", "check"),
    ],
)
def test_each_broken_rule_is_named(raw, code):
    with pytest.raises(idcard.IDNumberError) as err:
        idcard.parse(raw)
    assert err.value.code == code


@given(
    st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2010, 12, 31)),
    st.integers(0, 99),
    st.sampled_from([idcard.MALE, idcard.FEMALE]),
)
def test_made_numbers_parse_back(birth, seq, gender):
    number = idcard.make("350721", birth, seq, gender)
    info = idcard.parse(number)
    assert (info.birth_date, info.gender) == (birth, gender)


@given(st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(pos, delta):
    good = "11010519491231002X"
    changed = good[:pos] + str((int(good[pos]) + delta) % 10) + good[pos + 1 :]
    assert not idcard.is_valid(changed)


def test_mask_keeps_region_and_last_four():
    assert idcard.mask("11010519491231002X") == "110105********002X"
    assert idcard.mask(None) == ""


def test_age_counts_birthday_on_the_day():
    assert idcard.age_on(dt.date(1990, 5, 1), dt.date(2026, 5, 1)) == 36
    assert idcard.age_on(dt.date(1990, 5, 2), dt.date(2026, 5, 1)) == 35
