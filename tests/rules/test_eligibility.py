import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meet.rules.eligibility import (
    DEFAULT_AGE_BANDS,
    ERROR_CODES,
    AgeBand,
    EntryError,
    EntryRules,
    EventRule,
    IndividualEntry,
    RosterPerson,
    SquadEntry,
    band_for,
    eligible_events,
    split_composition,
    validate_entries,
)

FIRST_DAY = dt.date(2027, 4, 26)


def born(age: int, days_after_birthday: int = 10) -> dt.date:
    """A birth date giving ``age`` completed years on FIRST_DAY."""
    return FIRST_DAY.replace(year=FIRST_DAY.year - age) - dt.timedelta(days=days_after_birthday)


EVENTS = (
    EventRule("100M_A", gender="M", age_band="A"),
    EventRule("100W_A", gender="F", age_band="A"),
    EventRule("LJ_M", gender="M"),
    EventRule("SHOT_M", gender="M"),
    EventRule("CHESS", gender="O"),
    EventRule("GO", gender="O", per_team_limit=1),
    EventRule("4x100X", gender="X", team_event=True, squad_min=4, squad_max=4, reserves=2,
              composition={"M": 2, "F": 2}, leg_genders={1: "F", 3: "F"}),
    EventRule("TUG", gender="X", team_event=True, squad_min=15, squad_max=15, reserves=1,
              composition={"M": 8, "F": 7}),
    EventRule("BASKET_M", gender="M", team_event=True, squad_min=5, squad_max=12),
)
RULES = EntryRules(first_day=FIRST_DAY, events=EVENTS)


def staff() -> list[RosterPerson]:
    return [
        RosterPerson("L", "领队", "M", born(45), "leader"),
        RosterPerson("C", "教练", "F", born(40), "coach"),
    ]


def athlete(key, gender="M", age=30, **kw) -> RosterPerson:
    return RosterPerson(key, f"运动员{key}", gender, born(age), **kw)


def men(n, age=30, prefix="m"):
    return [athlete(f"{prefix}{i}", "M", age) for i in range(n)]


def women(n, age=30, prefix="w"):
    return [athlete(f"{prefix}{i}", "F", age) for i in range(n)]


def codes(errors):
    return sorted({e.code for e in errors})


def check(roster, entries=(), squads=(), rules=RULES):
    return validate_entries(rules, roster, entries, squads)


# ---- age bands ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gender, age, code",
    [("M", 20, "A"), ("M", 35, "A"), ("M", 36, "B"), ("M", 50, "B"), ("M", 51, "C"),
     ("M", 60, "C"), ("M", 61, None), ("F", 32, "A"), ("F", 33, "B"), ("F", 45, "B"),
     ("F", 46, "C"), ("F", 60, "C")],
)
def test_default_bands_follow_the_regulations_for_each_gender(gender, age, code):
    band = band_for(DEFAULT_AGE_BANDS, gender, born(age), FIRST_DAY)
    assert (band.code if band else None) == code


def test_men_and_women_of_the_same_age_can_fall_in_different_bands():
    assert band_for(DEFAULT_AGE_BANDS, "M", born(34), FIRST_DAY).code == "A"
    assert band_for(DEFAULT_AGE_BANDS, "F", born(34), FIRST_DAY).code == "B"


def test_age_counts_completed_years_on_the_first_day():
    birthday_tomorrow = FIRST_DAY.replace(year=FIRST_DAY.year - 36) + dt.timedelta(days=1)
    birthday_today = FIRST_DAY.replace(year=FIRST_DAY.year - 36)
    assert band_for(DEFAULT_AGE_BANDS, "M", birthday_tomorrow, FIRST_DAY).code == "A"
    assert band_for(DEFAULT_AGE_BANDS, "M", birthday_today, FIRST_DAY).code == "B"


def test_open_ended_band_contains_every_age_above_its_minimum():
    band = AgeBand("S", "老年组", "M", 50, None)
    assert band.contains(50) and band.contains(99) and not band.contains(49)


# ---- a valid delegation -------------------------------------------------------------------


def full_team():
    roster = staff() + men(9) + women(8) + [athlete("young", "M", 25)]
    entries = [IndividualEntry("young", "100M_A"), IndividualEntry("young", "LJ_M"),
               IndividualEntry("m0", "LJ_M"), IndividualEntry("w0", "CHESS")]
    relay = SquadEntry("4x100X", ("w0", "m0", "w1", "m1"), ("w2",), key="R")
    tug = SquadEntry("TUG", tuple([f"m{i}" for i in range(8)] + [f"w{i}" for i in range(7)]),
                     ("m8",), key="T")
    return roster, entries, [relay, tug]


def test_a_valid_delegation_has_no_errors():
    assert check(*full_team()) == []


def test_error_codes_all_have_a_description():
    assert all(isinstance(v, str) and v for v in ERROR_CODES.values())


# ---- each error code, triggered and not triggered by its valid neighbour ------------------


def replaced(roster, key, **changes):
    return [RosterPerson(**{**p.__dict__, **changes}) if p.key == key else p for p in roster]


CASES = {
    "duplicate_person": (
        lambda r, e, s: (r + [r[-1]], e, s),
        lambda r, e, s: (r, e, s),
    ),
    "unknown_role": (
        lambda r, e, s: (r + [RosterPerson("x", "司机", "M", born(40), "driver")], e, s),
        lambda r, e, s: (r + [RosterPerson("x", "工作人员", "M", born(40), "staff")], e, s),
    ),
    "staff_too_few": (
        lambda r, e, s: ([p for p in r if p.role != "leader"], e, s),
        lambda r, e, s: (r, e, s),
    ),
    "staff_too_many": (
        lambda r, e, s: (r + [RosterPerson(f"c{i}", "教练", "M", born(40), "coach")
                              for i in range(2)], e, s),
        lambda r, e, s: (r + [RosterPerson("c0", "教练", "M", born(40), "coach")], e, s),
    ),
    "athletes_too_many": (
        lambda r, e, s: (r + men(60 - 18 + 1, prefix="extra"), e, s),
        lambda r, e, s: (r + men(60 - 18, prefix="extra"), e, s),
    ),
    "not_union_member": (
        lambda r, e, s: (replaced(r, "m5", union_member=False), e, s),
        lambda r, e, s: (replaced(r, "L", union_member=False), e, s),  # staff: not required
    ),
    "unknown_person": (
        lambda r, e, s: (r, e + [IndividualEntry("ghost", "CHESS")], s),
        lambda r, e, s: (r, e + [IndividualEntry("m5", "CHESS")], s),
    ),
    "not_athlete": (
        lambda r, e, s: (r, e + [IndividualEntry("L", "CHESS")], s),
        lambda r, e, s: (r, e + [IndividualEntry("m5", "CHESS")], s),
    ),
    "unknown_event": (
        lambda r, e, s: (r, e + [IndividualEntry("m5", "DARTS")], s),
        lambda r, e, s: (r, e + [IndividualEntry("m5", "SHOT_M")], s),
    ),
    "wrong_entry_type": (
        lambda r, e, s: (r, e + [IndividualEntry("m5", "BASKET_M")], s),
        lambda r, e, s: (r, e, s + [SquadEntry("BASKET_M", tuple(f"m{i}" for i in range(5)))]),
    ),
    "wrong_gender": (
        lambda r, e, s: (r, e + [IndividualEntry("w5", "SHOT_M")], s),
        lambda r, e, s: (r, e + [IndividualEntry("m5", "SHOT_M")], s),
    ),
    "wrong_age_band": (
        lambda r, e, s: (r + [athlete("old", "M", 36)], e + [IndividualEntry("old", "100M_A")], s),
        lambda r, e, s: (r + [athlete("old", "M", 35)], e + [IndividualEntry("old", "100M_A")], s),
    ),
    "duplicate_entry": (
        lambda r, e, s: (r, e + [IndividualEntry("m0", "LJ_M")], s),
        lambda r, e, s: (r, e + [IndividualEntry("m0", "SHOT_M")], s),
    ),
    "event_quota_exceeded": (
        lambda r, e, s: (r, e + [IndividualEntry(f"m{i}", "SHOT_M") for i in (4, 5, 6)], s),
        lambda r, e, s: (r, e + [IndividualEntry(f"m{i}", "SHOT_M") for i in (4, 5)], s),
    ),
    "too_many_events": (
        lambda r, e, s: (r, e + [IndividualEntry("young", "SHOT_M")], s),
        lambda r, e, s: (r, e + [IndividualEntry("m0", "SHOT_M")], s),
    ),
    "squad_too_small": (
        lambda r, e, s: (r, e, s + [SquadEntry("BASKET_M", tuple(f"m{i}" for i in range(4)))]),
        lambda r, e, s: (r, e, s + [SquadEntry("BASKET_M", tuple(f"m{i}" for i in range(5)))]),
    ),
    "squad_too_large": (
        lambda r, e, s: (r + men(4, prefix="b"), e,
                         s + [SquadEntry("BASKET_M", tuple(
                             [f"m{i}" for i in range(9)] + [f"b{i}" for i in range(4)]))]),
        lambda r, e, s: (r + men(3, prefix="b"), e,
                         s + [SquadEntry("BASKET_M", tuple(
                             [f"m{i}" for i in range(9)] + [f"b{i}" for i in range(3)]))]),
    ),
    "too_many_reserves": (
        lambda r, e, s: (r, e, [s[0].__class__("4x100X", s[0].members, ("w2", "w3", "m2"), "R"),
                                s[1]]),
        lambda r, e, s: (r, e, [s[0].__class__("4x100X", s[0].members, ("w2", "w3"), "R"),
                                s[1]]),
    ),
    "squad_duplicate_member": (
        lambda r, e, s: (r, e, [SquadEntry("4x100X", ("w0", "m0", "w1", "m1"), ("m1",), "R"),
                                s[1]]),
        lambda r, e, s: (r, e, [SquadEntry("4x100X", ("w0", "m0", "w1", "m1"), ("m2",), "R"),
                                s[1]]),
    ),
    "squad_composition": (
        lambda r, e, s: (r, e, [s[0], SquadEntry("TUG", tuple(
            [f"m{i}" for i in range(9)] + [f"w{i}" for i in range(6)]), (), "T")]),
        lambda r, e, s: (r, e, [s[0], SquadEntry("TUG", tuple(
            [f"m{i}" for i in range(8)] + [f"w{i}" for i in range(7)]), (), "T")]),
    ),
    "leg_order": (
        lambda r, e, s: (r, e, [SquadEntry("4x100X", ("m0", "w0", "w1", "m1"), (), "R"), s[1]]),
        lambda r, e, s: (r, e, [SquadEntry("4x100X", ("w1", "m1", "w0", "m0"), (), "R"), s[1]]),
    ),
}


def test_every_error_code_has_a_case():
    # employer_not_member_unit (joint teams): tests/rules/test_eligibility_joint.py
    assert set(CASES) | {"age_out_of_range", "employer_not_member_unit"} == set(ERROR_CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_error_is_triggered_and_its_valid_neighbour_is_not(code):
    broken, valid = CASES[code]
    assert code in codes(check(*broken(*full_team())))
    assert check(*valid(*full_team())) == []


def test_age_limits_of_the_meet_are_configurable():
    rules = EntryRules(first_day=FIRST_DAY, events=EVENTS, min_age=18, max_age=60)
    roster, entries, squads = full_team()
    assert check(roster + [athlete("old", "F", 60)], entries, squads, rules) == []
    errors = check(roster + [athlete("old", "F", 61)], entries, squads, rules)
    assert [(e.code, e.person_key, e.params["age"]) for e in errors] == [
        ("age_out_of_range", "old", 61)]
    errors = check(roster + [athlete("kid", "M", 17)], entries, squads, rules)
    assert codes(errors) == ["age_out_of_range"]


# ---- details of the records ---------------------------------------------------------------


def test_all_errors_are_reported_not_only_the_first():
    roster, entries, squads = full_team()
    entries = entries + [IndividualEntry("w5", "SHOT_M"), IndividualEntry("ghost", "SHOT_M"),
                         IndividualEntry("young", "CHESS")]
    roster = [p for p in roster if p.role != "leader"]
    assert codes(check(roster, entries, squads)) == [
        "staff_too_few", "too_many_events", "unknown_person", "wrong_gender"]


def test_records_name_person_event_field_and_params():
    roster, entries, squads = full_team()
    errors = check(roster, entries + [IndividualEntry("w5", "SHOT_M")], squads)
    assert errors == [EntryError("wrong_gender", {"gender": "F", "event_gender": "M"}, "w5",
                                 "SHOT_M", "gender")]


def test_quota_is_counted_per_event_and_can_be_overridden_by_the_event():
    roster, entries, squads = full_team()
    errors = check(roster, entries + [IndividualEntry("m1", "GO"), IndividualEntry("m2", "GO")],
                   squads)
    assert [(e.code, e.event_code, e.params) for e in errors] == [
        ("event_quota_exceeded", "GO", {"count": 2, "max": 1})]


def test_relays_and_team_events_do_not_count_towards_the_individual_limit():
    roster, entries, squads = full_team()
    # m0 runs the relay and pulls in the tug-of-war; two individual events are still fine.
    assert check(roster, entries + [IndividualEntry("m0", "SHOT_M")], squads) == []


def test_two_squads_for_one_team_event_exceed_the_quota_and_share_members():
    roster, entries, squads = full_team()
    second = SquadEntry("4x100X", ("w2", "m2", "w3", "m0"), (), key="R2")
    found = {(e.code, e.person_key) for e in check(roster, entries, squads + [second])}
    assert ("event_quota_exceeded", None) in found
    assert ("duplicate_entry", "m0") in found


def test_mixed_relay_leg_error_names_the_runner_of_the_leg():
    roster, entries, _ = full_team()
    squad = SquadEntry("4x100X", ("m0", "w0", "m1", "w1"), (), "R")
    legs = [(e.params["leg"], e.person_key) for e in check(roster, entries, [squad])
            if e.code == "leg_order"]
    assert legs == [(1, "m0"), (3, "m1")]


def test_a_woman_on_a_mens_team_is_a_gender_error_for_her_only():
    roster, entries, squads = full_team()
    team = SquadEntry("BASKET_M", ("m0", "m1", "m2", "m3", "w4"))
    errors = check(roster, entries, squads + [team])
    assert [(e.code, e.person_key) for e in errors] == [("wrong_gender", "w4")]


# ---- eligible events ----------------------------------------------------------------------


def options(key, roster, entries=(), squads=()):
    return {o.event_code: o for o in eligible_events(RULES, roster, key, entries, squads)}


def test_eligible_events_follow_gender_and_age_band():
    roster, entries, squads = full_team()
    assert set(options("w5", roster)) == {"100W_A", "CHESS", "GO", "4x100X", "TUG"}
    old = roster + [athlete("old", "M", 40)]
    assert set(options("old", old)) == {"LJ_M", "SHOT_M", "CHESS", "GO", "4x100X", "TUG",
                                        "BASKET_M"}
    assert options("L", roster) == {}
    assert options("nobody", roster) == {}


def test_eligible_events_show_the_quota_left_for_the_delegation():
    roster, entries, squads = full_team()
    opts = options("m5", roster, entries, squads)
    assert (opts["LJ_M"].quota_left, opts["LJ_M"].can_enter) == (0, False)
    assert (opts["SHOT_M"].quota_left, opts["SHOT_M"].can_enter) == (2, True)
    assert (opts["CHESS"].quota_left, opts["GO"].quota_left) == (1, 1)
    assert (opts["TUG"].quota_left, opts["TUG"].can_enter) == (0, False)  # team is full
    assert (opts["4x100X"].quota_left, opts["4x100X"].can_enter) == (0, True)  # a reserve left
    assert (opts["BASKET_M"].quota_left, opts["BASKET_M"].can_enter) == (1, True)


def test_an_athlete_at_their_limit_cannot_add_an_individual_event_but_can_join_a_team():
    roster, entries, squads = full_team()
    opts = options("young", roster, entries, squads)
    assert opts["100M_A"].entered and opts["LJ_M"].entered
    assert opts["SHOT_M"].quota_left == 2 and not opts["SHOT_M"].can_enter
    assert opts["BASKET_M"].can_enter


# ---- property: the error list does not depend on the input order -------------------------

KEYS = [f"p{i}" for i in range(8)] + ["L", "C", "ghost"]
CODES = [e.code for e in EVENTS] + ["DARTS"]

people_st = st.lists(
    st.builds(RosterPerson, st.sampled_from(KEYS), st.just("某"), st.sampled_from("MF"),
              st.integers(16, 64).map(born), st.sampled_from(["athlete", "athlete", "coach",
                                                             "leader", "staff", "x"]),
              st.booleans()),
    max_size=14,
)
entries_st = st.lists(st.builds(IndividualEntry, st.sampled_from(KEYS), st.sampled_from(CODES)),
                      max_size=14)
squads_st = st.lists(
    st.builds(SquadEntry, st.sampled_from(CODES),
              st.lists(st.sampled_from(KEYS), max_size=6).map(tuple),
              st.lists(st.sampled_from(KEYS), max_size=3).map(tuple),
              st.sampled_from(["", "a", "b"])),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(people_st, entries_st, squads_st, st.randoms(use_true_random=False))
def test_errors_do_not_depend_on_input_order(roster, entries, squads, rnd):
    before = check(roster, entries, squads)
    for seq in (roster, entries, squads):
        rnd.shuffle(seq)
    assert check(roster, entries, squads) == before
    assert {e.code for e in before} <= set(ERROR_CODES)


def test_shuffled_demo_sized_input_gives_the_same_errors():
    roster, entries, squads = full_team()
    entries = entries + [IndividualEntry("w5", "SHOT_M"), IndividualEntry("m5", "LJ_M"),
                         IndividualEntry("young", "CHESS")]
    before = check(roster, entries, squads)
    rnd = random.Random(7)
    for _ in range(20):
        rnd.shuffle(roster)
        rnd.shuffle(entries)
        assert check(roster, entries, squads) == before


def test_stored_composition_splits_into_counts_and_legs():
    assert split_composition({"M": 2, "F": 2, "legs": {"F": [1, 3]}}) == (
        {"M": 2, "F": 2}, {1: "F", 3: "F"})
    assert split_composition({}) == ({}, {})
