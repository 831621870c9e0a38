"""A meet's own staff limits by role, and joint teams (联队) whose people must work for
one of the member units."""

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules.eligibility import (
    DEFAULT_STAFF_LIMITS,
    ERROR_CODES,
    STAFF_ROLES,
    EntryRules,
    RosterPerson,
    unit_key,
    validate_entries,
)
from tests.rules.test_eligibility import FIRST_DAY, RULES, athlete, born, codes, staff

UNITS = ("顺昌县金山纸业有限公司工会", "顺昌县富宝实业有限公司工会", "顺昌县元丰纺织有限公司工会")


def joint_roster(employers=(UNITS[0], UNITS[1], UNITS[2], UNITS[0])):
    """Leader and coach of unit 0, then one athlete per employer given."""
    people = [dataclasses.replace(p, employer=UNITS[0]) for p in staff()]
    return people + [athlete(f"a{i}", employer=e) for i, e in enumerate(employers)]


# ---- staff limits set by the meet ---------------------------------------------------------


def test_the_meet_may_require_a_doctor_and_allow_more_coaches():
    rules = dataclasses.replace(RULES, staff_limits={
        **DEFAULT_STAFF_LIMITS, "doctor": (1, 1), "coach": (0, 3)})
    roster = staff() + [RosterPerson(f"c{i}", "教练", "M", born(40), "coach") for i in range(2)]
    errors = validate_entries(rules, roster)
    assert [(e.code, e.params["role"]) for e in errors] == [("staff_too_few", "doctor")]
    assert errors[0].params == {"role": "doctor", "count": 0, "min": 1}
    roster.append(RosterPerson("d", "队医", "F", born(40), "doctor"))
    assert validate_entries(rules, roster) == []
    # the default (1-2 coaches) refuses the same three coaches
    assert codes(validate_entries(RULES, roster)) == ["staff_too_many"]


def test_a_role_the_meet_does_not_allow():
    rules = dataclasses.replace(RULES, staff_limits={**DEFAULT_STAFF_LIMITS, "staff": (0, 0)})
    roster = staff() + [RosterPerson("s", "工作人员", "M", born(40), "staff")]
    errors = validate_entries(rules, roster)
    assert [(e.code, e.params) for e in errors] == [
        ("staff_too_many", {"role": "staff", "count": 1, "max": 0})]


@settings(max_examples=60, deadline=None)
@given(limits=st.fixed_dictionaries({role: st.tuples(st.integers(0, 3), st.integers(0, 3))
                                     .map(sorted).map(tuple) for role in STAFF_ROLES}),
       counts=st.fixed_dictionaries({role: st.integers(0, 4) for role in STAFF_ROLES}))
def test_staff_errors_are_exactly_the_roles_outside_their_limits(limits, counts):
    rules = EntryRules(first_day=FIRST_DAY, staff_limits=limits)
    roster = [RosterPerson(f"{role}{i}", role, "M", born(40), role)
              for role in STAFF_ROLES for i in range(counts[role])]
    found = {(e.code, e.params["role"]) for e in validate_entries(rules, roster)}
    expected = {("staff_too_few", r) for r in STAFF_ROLES if counts[r] < limits[r][0]} | {
        ("staff_too_many", r) for r in STAFF_ROLES if counts[r] > limits[r][1]}
    assert found == expected


# ---- joint teams (联队) --------------------------------------------------------------------


def test_everyone_of_a_joint_team_works_for_a_member_unit():
    assert "employer_not_member_unit" in ERROR_CODES
    assert validate_entries(RULES, joint_roster(), member_units=UNITS) == []


def test_an_outsider_is_named_with_the_field_and_the_units():
    roster = joint_roster((UNITS[0], "城关镇人民政府", ""))
    errors = validate_entries(RULES, roster, member_units=UNITS)
    assert [(e.code, e.person_key, e.field) for e in errors] == [
        ("employer_not_member_unit", "a1", "employer"),
        ("employer_not_member_unit", "a2", "employer")]
    assert errors[0].params == {"employer": "城关镇人民政府", "units": UNITS}
    assert errors[1].params["employer"] == ""


def test_staff_of_a_joint_team_are_checked_too():
    roster = joint_roster()
    roster[1] = dataclasses.replace(roster[1], employer="外单位")
    errors = validate_entries(RULES, roster, member_units=UNITS)
    assert [(e.code, e.person_key) for e in errors] == [("employer_not_member_unit", "C")]


def test_an_ordinary_delegation_is_not_checked():
    roster = joint_roster(("城关镇人民政府", ""))
    assert validate_entries(RULES, roster) == []
    assert validate_entries(RULES, roster, member_units=None) == []


def test_spaces_do_not_matter_but_other_characters_do():
    spaced = " 顺昌县金山纸业 有限公司工会\u3000"
    assert unit_key(spaced) == UNITS[0]
    assert validate_entries(RULES, joint_roster((spaced,)), member_units=UNITS) == []
    near = UNITS[0].replace("工会", "")
    assert codes(validate_entries(RULES, joint_roster((near,)), member_units=UNITS)) == [
        "employer_not_member_unit"]


def test_a_joint_team_without_units_admits_nobody():
    errors = validate_entries(RULES, joint_roster(), member_units=())
    assert len(errors) == 6 and codes(errors) == ["employer_not_member_unit"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*UNITS, "城关镇人民政府", "", "  "]), max_size=8),
       st.randoms(use_true_random=False))
def test_joint_errors_are_the_outsiders_whatever_the_order(employers, rnd):
    roster = joint_roster(employers)
    shuffled = list(roster)
    rnd.shuffle(shuffled)
    errors = validate_entries(RULES, shuffled, member_units=UNITS)
    assert errors == validate_entries(RULES, roster, member_units=UNITS)
    outsiders = {p.key for p in roster if p.employer.strip() not in UNITS}
    assert {e.person_key for e in errors} == outsiders
