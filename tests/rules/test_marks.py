from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meet.rules import marks
from meet.rules.marks import MarkError, Status, Timing, Trial


@pytest.mark.parametrize(
    "raw, thousandths",
    [
        ("10.83", 10830),
        ("10", 10000),
        ("9.5", 9500),
        ("10.831", 10831),
        ("1:02.45", 62450),
        ("2:03:04.5", 7384500),
        ("59:59.99", 3599990),
        (" 1：02．45 ", 62450),  # full-width colon and point from a phone keyboard
        ("１０.８３", 10830),
    ],
)
def test_times_are_read_to_thousandths(raw, thousandths):
    assert marks.parse_time(raw) == thousandths


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "format"),
        ("10.", "format"),
        ("1:2.45", "format"),
        ("1::02", "format"),
        ("1:2:3:4", "format"),
        ("-10.5", "format"),
        ("10.8345", "precision"),
        ("1:60.00", "range"),
        ("1:75:00", "range"),
        ("10,83", "format"),
    ],
)
def test_junk_times_are_rejected_with_a_code(raw, code):
    with pytest.raises(MarkError) as err:
        marks.parse_time(raw)
    assert err.value.code == code


def test_tr19_rounds_up_never_down():
    assert marks.round_time(10111) == 10120  # FAT: next 0.01
    assert marks.round_time(10110) == 10110
    assert marks.round_time(10111, Timing.HAND) == 10200  # hand: next 0.1
    assert marks.round_time(10100, Timing.HAND) == 10100
    assert marks.round_time(10111, keep_thousandths=True) == 10111
    assert marks.round_time(7784300, Timing.ROAD) == 7785000  # 2:09:44.3 -> 2:09:45


def test_negative_time_is_refused():
    with pytest.raises(MarkError):
        marks.round_time(-1)


@pytest.mark.parametrize(
    "thousandths, digits, text",
    [
        (10830, 2, "10.83"),
        (62450, 2, "1:02.45"),
        (7384500, 2, "2:03:04.50"),
        (10831, 2, "10.84"),  # printing also rounds up
        (10831, 3, "10.831"),
        (10810, 1, "10.9"),
        (7784300, 0, "2:09:45"),
        (60000, 2, "1:00.00"),
        (5000, 2, "5.00"),
        (0, 2, "0.00"),
    ],
)
def test_times_print_in_the_usual_style(thousandths, digits, text):
    assert marks.format_time(thousandths, digits) == text


def test_format_rejects_silly_digits():
    with pytest.raises(ValueError):
        marks.format_time(1000, 4)


@given(st.integers(0, 10 * 3600 * 1000))
def test_printed_fat_time_reads_back_as_the_rounded_time(ms):
    assert marks.parse_time(marks.format_time(ms, 2)) == marks.round_time(ms, Timing.FAT)
    assert marks.parse_time(marks.format_time(ms, 3)) == ms


@given(st.integers(0, 10**7), st.sampled_from(list(Timing)))
def test_rounding_is_up_to_the_unit_and_idempotent(ms, timing):
    r = marks.round_time(ms, timing)
    assert r >= ms and r - ms < timing.unit and r % timing.unit == 0
    assert marks.round_time(r, timing) == r


@pytest.mark.parametrize(
    "raw, cm",
    [("7.12", 712), ("7.129", 712), ("7.1", 710), ("7", 700), ("7.12m", 712),
     ("0.05", 5), ("12.999", 1299), ("７.１２", 712)],
)
def test_distances_truncate_to_the_centimetre(raw, cm):
    assert marks.parse_distance(raw) == cm


@pytest.mark.parametrize("raw", ["", "x", "7.", ".5", "-7.12", "7.1a", "7,12", "m"])
def test_junk_distances_are_rejected(raw):
    with pytest.raises(MarkError):
        marks.parse_distance(raw)


@given(st.integers(0, 10**5))
def test_distance_format_round_trips(cm):
    assert marks.parse_distance(marks.format_distance(cm)) == cm


def test_counts_and_scores():
    assert marks.parse_count("123") == 123
    assert marks.parse_count(0) == 0
    for bad in ("-1", "1.5", "", "ten", -3):
        with pytest.raises(MarkError):
            marks.parse_count(bad)
    assert marks.parse_score("9.35") == Decimal("9.35")
    assert marks.parse_score(10) == Decimal(10)
    for bad in ("NaN", "Infinity", "-1", "9,5", 9.35):
        with pytest.raises(MarkError):
            marks.parse_score(bad)


@pytest.mark.parametrize(
    "raw, trial, cm",
    [("7.12", Trial.MARK, 712), ("x", Trial.FOUL, None), ("X", Trial.FOUL, None),
     ("-", Trial.PASS, None), ("–", Trial.PASS, None), ("r", Trial.RETIRED, None),
     ("R", Trial.RETIRED, None)],
)
def test_attempt_tokens(raw, trial, cm):
    a = marks.parse_attempt(raw)
    assert (a.trial, a.cm) == (trial, cm)


def test_attempts_print_back():
    assert [str(marks.parse_attempt(t)) for t in ("7.12", "X", "-", "r")] == [
        "7.12", "x", "-", "r"]


def test_statuses_read_with_a_rule_reference_for_dq():
    assert marks.parse_status("dq TR 16.8") == marks.Unplaced(Status.DQ, "TR 16.8")
    assert str(marks.parse_status("DQ TR16.8")) == "DQ TR16.8"
    assert marks.parse_status("dns").status is Status.DNS
    assert marks.parse_status("r").status is Status.R
    assert marks.parse_status("NM").status is Status.NM
    for bad in ("DNX", "", "DNS TR1"):
        with pytest.raises(MarkError):
            marks.parse_status(bad)


def test_statuses_are_never_placed_and_list_in_a_fixed_order():
    assert all(not s.placed for s in Status)
    order = sorted(Status, key=lambda s: s.listing)
    assert [s.value for s in order] == ["DNF", "r", "NM", "DQ", "DNS"]
    assert Status.DNF.listing == Status.R.listing < Status.NM.listing
