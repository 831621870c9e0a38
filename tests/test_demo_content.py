import datetime as dt
import re
from collections import Counter

import pytest

from meet.demo import content as c
from meet.rules import eligibility as el
from meet.rules import idcard


@pytest.fixture(scope="module")
def people():
    return c.generate_people()


@pytest.fixture(scope="module")
def entries(people):
    return c.generate_entries(people)


def everyone(people):
    return [p for roster in people.values() for p in roster]


def athletes(people):
    return [p for p in everyone(people) if p["role"] == "athlete"]


# ---- the meet -------------------------------------------------------------------------------


def test_meet_is_the_fourth_shunchang_workers_games_over_may_day():
    m = c.MEET
    assert (m["name"], m["edition"], m["theme"]) == ("顺昌县第四届职工运动会", 4,
                                                     "团结、拼搏、健身、和谐")
    assert m["organisers"]["hosts"] == ["中共顺昌县委宣传部", "顺昌县总工会", "顺昌县文化体育局"]
    assert m["registration_opens"].date() == dt.date(2026, 11, 1)  # open in the demo today
    assert m["registration_closes"].date() == dt.date(2027, 4, 10)
    assert m["registration_closes"].date() < m["start_date"] < m["opening_date"] < m["end_date"]
    assert dt.date(2027, 5, 1) <= m["end_date"] <= dt.date(2027, 5, 5)
    assert m["points_scheme"] == [9, 7, 6, 5, 4, 3, 2, 1]
    assert m["team_event_multiplier"] == 2 and m["minus_one_rule"] is True
    assert [d for d, _ in m["days"]] == sorted(d for d, _ in m["days"])


def test_venues_have_the_lanes_and_courts_the_programme_needs():
    venues = {v["code"]: v for v in c.VENUES}
    assert venues["STADIUM"]["lanes"] == 8 and venues["POOL"]["lanes"] == 6
    assert venues["GYM"]["capacity"] == 4 and venues["TT"]["capacity"] == 8
    assert {e["venue"] for e in c.EVENTS} <= set(venues)


def test_28_delegations_of_five_kinds_in_delegation_order():
    kinds = [d["unit_kind"] for d in c.DELEGATIONS]
    assert [d["code"] for d in c.DELEGATIONS] == [f"{i:02d}" for i in range(1, 29)]
    assert kinds == ["township"] * 14 + ["system"] * 9 + ["enterprise"] * 3 + ["park", "organs"]
    assert set(kinds) == {k["code"] for k in c.UNIT_KINDS}
    assert len({d["name"] for d in c.DELEGATIONS}) == 28
    assert len({d["short_name"] for d in c.DELEGATIONS}) == 28
    assert all(d["name_en"].isascii() and d["name_en"] for d in c.DELEGATIONS)
    names = " ".join(d["name"] for d in c.DELEGATIONS)
    for seed_name in ("华能电厂", "福泥公司炼石水泥厂", "洋口林场", "县直机关工会", "双溪街道"):
        assert seed_name in names


def test_8_categories_and_37_events_covering_every_kind():
    assert len(c.CATEGORIES) == 8 and len(c.EVENTS) == 37
    assert len({e["code"] for e in c.EVENTS}) == 37
    assert {e["category"] for e in c.EVENTS} == {cat["code"] for cat in c.CATEGORIES}
    assert {e["kind"] for e in c.EVENTS} == {"timed", "measured", "judged", "match"}
    assert {e["result_unit"] for e in c.EVENTS} == {"time", "distance", "count", "score",
                                                    "match"}
    for e in c.EVENTS:
        assert e["points_multiplier"] == (2 if e["is_team"] else 1), e["code"]
        if e["kind"] == "match":
            assert e["format"] in {"round_robin", "knockout", "groups_knockout", "swiss",
                                   "best_of_3"} and e["scoring_preset"], e["code"]
        else:
            assert e["scoring_preset"] == ""
        if not e["is_team"]:
            assert e["squad_min"] == e["squad_max"] == 1 and e["reserves"] == 0


def test_special_squads_follow_the_regulations():
    events = {e["code"]: e for e in c.EVENTS}
    assert events["X4X100"]["composition"] == {"M": 2, "F": 2, "legs": {"F": [1, 3]}}
    tug = events["TUG"]
    assert (tug["composition"], tug["squad_min"], tug["squad_max"], tug["reserves"],
            tug["format"]) == ({"M": 8, "F": 7}, 15, 15, 1, "best_of_3")
    assert events["GD"]["squad_max"] == 2 and events["XQ"]["format"] == "swiss"


def test_age_bands_differ_for_men_and_women():
    rules = c.entry_rules()
    born = dt.date(1989, 1, 1)  # 38 on the first day
    assert el.band_for(rules.age_bands, "M", born, c.FIRST_DAY).code == "A"
    assert el.band_for(rules.age_bands, "F", born, c.FIRST_DAY).code == "B"


# ---- people ---------------------------------------------------------------------------------


def test_at_least_600_athletes_and_a_leader_and_coach_in_each_delegation(people):
    assert 600 <= len(athletes(people)) <= 800
    for code, roster in people.items():
        roles = Counter(p["role"] for p in roster)
        assert roles["leader"] == 1 and 1 <= roles["coach"] <= 2, code
        assert all(p["delegation"] == code for p in roster)


def test_every_id_number_is_valid_and_matches_birth_date_and_gender(people):
    for p in everyone(people):
        info = idcard.parse(p["id_number"])
        assert (info.birth_date, info.gender) == (p["birth_date"], p["gender"]), p["key"]
        assert info.region.startswith("35")
    regions = Counter(p["id_number"][:6] for p in everyone(people))
    assert regions["350721"] > 0.7 * sum(regions.values()) and len(regions) > 3


def test_ids_phones_and_keys_are_unique(people):
    for field in ("id_number", "phone", "key"):
        values = [p[field] for p in everyone(people)]
        assert len(values) == len(set(values)), field


def test_athletes_are_20_to_59_on_the_first_day_and_union_members(people):
    ages = [idcard.age_on(p["birth_date"], c.FIRST_DAY) for p in athletes(people)]
    assert min(ages) >= 20 and max(ages) <= 59
    assert max(ages) - min(ages) >= 30
    assert all(p["union_member"] for p in athletes(people))


def test_names_phones_and_employers_look_real(people):
    for p in everyone(people):
        assert re.fullmatch(r"1[3-9]\d{9}", p["phone"])
        assert 2 <= len(p["name"]) <= 4 and not p["name"].isascii()
        assert p["employer"] in c.EMPLOYERS[p["delegation"]]
    genders = Counter(p["gender"] for p in athletes(people))
    assert genders["F"] > 0.3 * sum(genders.values())


# ---- entries --------------------------------------------------------------------------------


def test_all_entries_pass_the_validator(people, entries):
    rules = c.entry_rules()
    for code in people:
        assert el.validate_entries(rules, *c.as_rules_input(people[code], entries[code])) == []


def test_validator_is_really_applied_to_the_demo(people, entries):
    roster, ind, squads = c.as_rules_input(people["01"], entries["01"])
    woman = next(p for p in roster if p.gender == "F" and p.role == "athlete")
    extra = [el.IndividualEntry(woman.key, "MSP")]
    errors = el.validate_entries(c.entry_rules(), roster, ind + extra, squads)
    assert "wrong_gender" in {e.code for e in errors}


def entrants(entries):
    counts = Counter()
    for d in entries.values():
        counts.update(e["event_code"] for e in d["entries"])
        counts.update(s["event_code"] for s in d["squads"])
    return counts


def test_every_event_has_entries_and_fields_are_realistic(entries):
    counts = entrants(entries)
    assert all(counts[e["code"]] >= 4 for e in c.EVENTS)
    team_matches = [e["code"] for e in c.EVENTS if e["is_team"] and e["kind"] == "match"]
    assert all(6 <= counts[code] <= 16 for code in team_matches), {
        k: counts[k] for k in team_matches}
    singles = [e["code"] for e in c.EVENTS if not e["is_team"]]
    assert sum(12 <= counts[code] <= 40 for code in singles) >= 0.8 * len(singles)


def test_small_delegations_enter_fewer_events_than_big_ones(people, entries):
    def events_of(code):
        d = entries[code]
        return len({e["event_code"] for e in d["entries"]} | {s["event_code"]
                                                             for s in d["squads"]})
    sizes = {code: sum(p["role"] == "athlete" for p in roster) for code, roster in people.items()}
    small = [events_of(c) for c, n in sizes.items() if n <= 14]
    big = [events_of(c) for c, n in sizes.items() if n >= 34]
    assert max(small) < min(big)
    assert all(len(entries[c]["entries"]) + len(entries[c]["squads"]) > 0 for c in sizes)


def test_every_athlete_is_entered_somewhere(people, entries):
    entered = set()
    for d in entries.values():
        entered.update(e["person_key"] for e in d["entries"])
        for s in d["squads"]:
            entered.update(s["members"] + s["reserves"])
    assert {p["key"] for p in athletes(people)} <= entered


def test_mixed_relays_put_women_on_legs_1_and_3(people, entries):
    gender = {p["key"]: p["gender"] for p in everyone(people)}
    relays = [s for d in entries.values() for s in d["squads"] if s["event_code"] == "X4X100"]
    assert relays
    for s in relays:
        assert [gender[k] for k in s["members"]] == ["F", "M", "F", "M"]


def test_generation_is_deterministic_for_a_seed(people, entries):
    assert c.generate_people() == people
    assert c.generate_entries(c.generate_people()) == entries
    other = c.generate_people(seed=7)
    assert other != people
    assert c.generate_entries(other, seed=7) == c.generate_entries(c.generate_people(7), 7)


@pytest.mark.parametrize("seed", [1, 2, 2027])
def test_other_seeds_also_give_valid_entries(seed):
    people = c.generate_people(seed)
    entries = c.generate_entries(people, seed)
    rules = c.entry_rules()
    assert len(athletes(people)) >= 600
    for code in people:
        assert el.validate_entries(rules, *c.as_rules_input(people[code], entries[code])) == []
    assert all(entrants(entries)[e["code"]] >= 4 for e in c.EVENTS)
