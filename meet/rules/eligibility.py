"""Who may enter which event: the entry rules (参加办法) of a meet's regulations (竞赛规程).

The rules, as a county workers' meet writes them, each one configurable per meet:

* Athletes must be trade-union members (在职工会会员) of the unit they represent.
* Age groups (年龄组, e.g. 青年组/中年组, 甲组/乙组) are fixed by completed years on
  the meet's first day, and may differ for men and women: e.g. men A <=35, B 36-50,
  C 51-60; women A <=32, B 33-45, C 46-60. An event restricted to a group admits only
  athletes of that group.
* Each athlete enters at most 2 individual events (每人限报2项); relays and team events
  (接力及集体项目) are not counted.
* Each delegation (代表队) enters at most 2 athletes per individual event (每项限报2人)
  and 1 squad per team event, unless an event says otherwise.
* A squad has between a minimum and a maximum number of starters plus a number of
  reserves (替补), and may have a gender composition: a mixed 4x100 m relay runs 2 men
  and 2 women with women on legs 1 and 3; a tug-of-war (拔河) team pulls 8 men and
  7 women with 1 reserve. A composition gives the minimum number of starters of each
  gender; when the minimums add up to the squad size it is exact.
* A delegation brings 1 team leader (领队), 1-2 coaches (教练), 0-1 team doctor (队医),
  0-2 staff (工作人员) and at most 60 athletes; the regulations of each meet may set
  other numbers per role (a minimum and a maximum, neither negative).
* Units too small to field a team alone may enter together as one joint team (联队,
  e.g. several small enterprises' unions): one delegation under one leader that competes
  and scores as one. The organiser lists its member units (成员单位); everyone on its
  roster, athletes and staff, must work for one of them (工作单位). Names are compared
  without their spaces.

The validator reports every broken rule at once, as records with a code and the
parameters of the message; the app translates the code (``ERROR_CODES`` gives each a
one-line English description). The list comes out in a canonical order, so it does not
depend on the order in which the roster or the entries were typed.

Sources: research notes ``docs/research/cn_meet.md`` §1 (entry limits: gh.sdwm.edu.cn,
yyvtc.cn, wanwen.com; relay composition: szb.zbnc.edu.cn; age groups per gender:
renrendoc.com/paper/195361284.html; team staff: qz26.com; tug-of-war 8男7女:
hljlongda.com; 联队 "when a unit is too small": gh.zafu.edu.cn/info/1045/1802.htm,
gh.sdwm.edu.cn/info/1004/1449.htm; enterprises "可单独组队或联合组队":
lingao.hainan.gov.cn, 临高县 2024) and §2 (毛毛虫 4男4女).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from meet.rules.idcard import FEMALE, MALE, age_on

MIXED = "X"  # 男女混合: composition rules apply
OPEN = "O"  # 不分性别

ATHLETE = "athlete"
STAFF_ROLES = ("leader", "coach", "doctor", "staff")  # 领队, 教练, 队医, 工作人员
ROLES = (ATHLETE, *STAFF_ROLES)
DEFAULT_STAFF_LIMITS: Mapping[str, tuple[int, int]] = {
    "leader": (1, 1),
    "coach": (1, 2),
    "doctor": (0, 1),
    "staff": (0, 2),
}

ERROR_CODES: dict[str, str] = {
    "duplicate_person": "The same person is listed more than once on the roster.",
    "unknown_role": "The role is not athlete, team leader, coach, team doctor or staff.",
    "staff_too_few": "Fewer people in this staff role than the regulations require.",
    "staff_too_many": "More people in this staff role than the regulations allow.",
    "athletes_too_many": "The delegation has more athletes than the regulations allow.",
    "employer_not_member_unit": "A joint team's member works for none of its member units.",
    "not_union_member": "The athlete is not a trade-union member.",
    "age_out_of_range": "The athlete's age on the first day is outside the meet's limits.",
    "unknown_person": "The entry names a person who is not on the roster.",
    "not_athlete": "The entry names a person who is not registered as an athlete.",
    "unknown_event": "The entry names an event that is not on the programme.",
    "wrong_entry_type": "An individual entry for a team event, or a squad for an "
    "individual event.",
    "wrong_gender": "The athlete's gender is not admitted to this event.",
    "wrong_age_band": "The athlete is not in the age group of this event.",
    "duplicate_entry": "The athlete is entered in this event more than once.",
    "event_quota_exceeded": "The delegation entered more athletes or squads in this "
    "event than allowed.",
    "too_many_events": "The athlete is entered in more individual events than allowed.",
    "squad_too_small": "The squad has fewer members than the event requires.",
    "squad_too_large": "The squad has more members than the event allows.",
    "too_many_reserves": "The squad has more reserves than the event allows.",
    "squad_duplicate_member": "The same person appears twice in one squad.",
    "squad_composition": "The squad has too few members of one gender.",
    "leg_order": "A relay leg is run by an athlete of the wrong gender.",
}


@dataclass(frozen=True)
class AgeBand:
    """An age group (年龄组) for one gender: ages in completed years, bounds inclusive."""

    code: str
    name: str
    gender: str
    min_age: int | None = None
    max_age: int | None = None
    name_en: str = ""

    def contains(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )


DEFAULT_AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("A", "男子A组", MALE, None, 35, "Men A"),
    AgeBand("B", "男子B组", MALE, 36, 50, "Men B"),
    AgeBand("C", "男子C组", MALE, 51, 60, "Men C"),
    AgeBand("A", "女子A组", FEMALE, None, 32, "Women A"),
    AgeBand("B", "女子B组", FEMALE, 33, 45, "Women B"),
    AgeBand("C", "女子C组", FEMALE, 46, 60, "Women C"),
)


def band_for(
    bands: Iterable[AgeBand], gender: str, birth_date: dt.date, first_day: dt.date
) -> AgeBand | None:
    """The first band of ``gender`` containing the age on ``first_day``, or None."""
    age = age_on(birth_date, first_day)
    return next((b for b in bands if b.gender == gender and b.contains(age)), None)


@dataclass(frozen=True)
class EventRule:
    """What an event admits. ``gender``: "M", "F", "X" (mixed) or "O" (open).

    ``per_team_limit`` None means the meet's default (athletes per individual event,
    squads per team event). ``leg_genders`` maps a 1-based leg to the gender that runs it.
    """

    code: str
    gender: str = OPEN
    age_band: str | None = None
    team_event: bool = False
    squad_min: int = 1
    squad_max: int = 1
    reserves: int = 0
    composition: Mapping[str, int] = field(default_factory=dict)
    leg_genders: Mapping[int, str] = field(default_factory=dict)
    per_team_limit: int | None = None

    def admits_gender(self, gender: str) -> bool:
        if self.gender in (MALE, FEMALE):
            return gender == self.gender
        if self.gender == MIXED and self.composition:
            return self.composition.get(gender, 0) > 0 or sum(self.composition.values()) < (
                self.squad_max
            )
        return True


def split_composition(stored: Mapping[str, Any]) -> tuple[dict[str, int], dict[int, str]]:
    """From the stored form ``{"M": 2, "F": 2, "legs": {"F": [1, 3]}}`` to the minimum
    starters per gender and the gender of each constrained leg."""
    counts = {g: int(n) for g, n in stored.items() if g in (MALE, FEMALE)}
    legs = {int(leg): g for g, legs in stored.get("legs", {}).items() for leg in legs}
    return counts, legs


@dataclass(frozen=True, kw_only=True)
class EntryRules:
    """The 参加办法 of one meet: programme, age groups, limits (defaults as above)."""

    first_day: dt.date
    events: tuple[EventRule, ...] = ()
    age_bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS
    max_individual_events_per_athlete: int = 2
    athletes_per_individual_event: int = 2
    squads_per_team_event: int = 1
    max_athletes: int = 60
    staff_limits: Mapping[str, tuple[int, int]] = field(
        default_factory=lambda: dict(DEFAULT_STAFF_LIMITS)
    )
    union_membership_required: bool = True
    min_age: int | None = None
    max_age: int | None = None

    def event(self, code: str) -> EventRule | None:
        return next((e for e in self.events if e.code == code), None)

    def per_team_limit(self, event: EventRule) -> int:
        if event.per_team_limit is not None:
            return event.per_team_limit
        return self.squads_per_team_event if event.team_event else (
            self.athletes_per_individual_event
        )


@dataclass(frozen=True)
class RosterPerson:
    """A member of the delegation's roster; ``role`` is athlete/leader/coach/doctor/staff."""

    key: Hashable
    name: str
    gender: str
    birth_date: dt.date
    role: str = ATHLETE
    union_member: bool = True
    employer: str = ""


def unit_key(name: str) -> str:
    """A unit's name as compared: without any spaces (half- or full-width)."""
    return "".join((name or "").split())


@dataclass(frozen=True)
class IndividualEntry:
    person_key: Hashable
    event_code: str


@dataclass(frozen=True)
class SquadEntry:
    """A relay or team squad: ``members`` in running order (leg 1 first), then reserves."""

    event_code: str
    members: tuple[Hashable, ...]
    reserves: tuple[Hashable, ...] = ()
    key: str = ""


@dataclass(frozen=True)
class EntryError:
    """One broken rule. ``params`` fill the translated message; ``field`` names the input."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    person_key: Hashable | None = None
    event_code: str | None = None
    field: str = ""
    squad_key: str = ""

    def sort_key(self) -> tuple[str, ...]:
        return (
            "" if self.event_code is None else self.event_code,
            "" if self.person_key is None else f"{type(self.person_key).__name__}:"
            f"{self.person_key}",
            self.squad_key,
            self.code,
            self.field,
            repr(sorted(self.params.items())),
        )


def _people(roster: Iterable[RosterPerson]) -> dict[Hashable, RosterPerson]:
    """Roster by key; of two rows with one key the smaller (by repr) wins, whatever the order."""
    return {p.key: p for p in sorted(roster, key=repr, reverse=True)}


def _age_errors(rules: EntryRules, p: RosterPerson, event: EventRule, **where: Any) -> list:
    if event.age_band is None:
        return []
    band = band_for(rules.age_bands, p.gender, p.birth_date, rules.first_day)
    if band is not None and band.code == event.age_band:
        return []
    return [EntryError(
        "wrong_age_band",
        {"age": age_on(p.birth_date, rules.first_day), "band": event.age_band,
         "athlete_band": band.code if band else None},
        p.key, event.code, "age_band", **where,
    )]


def _person_errors(
    rules: EntryRules, people: Mapping[Hashable, RosterPerson], key: Hashable,
    event: EventRule, squad_key: str = "",
) -> list[EntryError]:
    """Errors of one person in one event: unknown, not an athlete, gender, age group."""
    p = people.get(key)
    if p is None:
        return [EntryError("unknown_person", {}, key, event.code, "person", squad_key)]
    out = []
    if p.role != ATHLETE:
        out.append(EntryError("not_athlete", {"role": p.role}, key, event.code, "person",
                              squad_key))
    if not event.admits_gender(p.gender):
        out.append(EntryError("wrong_gender", {"gender": p.gender, "event_gender": event.gender},
                              key, event.code, "gender", squad_key))
    out += _age_errors(rules, p, event, squad_key=squad_key)
    return out


def _joint_errors(
    people: Iterable[RosterPerson], member_units: Collection[str]
) -> list[EntryError]:
    """Everyone of a joint team (联队) works for one of its member units."""
    units = {unit_key(u) for u in member_units} - {""}
    listed = tuple(member_units)
    return [EntryError("employer_not_member_unit",
                       {"employer": (p.employer or "").strip(), "units": listed},
                       p.key, None, "employer")
            for p in people if unit_key(p.employer) not in units]


def _roster_errors(rules: EntryRules, roster: Sequence[RosterPerson],
                   member_units: Collection[str] | None = None) -> list[EntryError]:
    out: list[EntryError] = []
    for key, n in Counter(p.key for p in roster).items():
        if n > 1:
            out.append(EntryError("duplicate_person", {"count": n}, key, None, "key"))
    people = _people(roster).values()
    roles = Counter(p.role for p in people)
    for p in people:
        if p.role not in ROLES:
            out.append(EntryError("unknown_role", {"role": p.role}, p.key, None, "role"))
    for role, (low, high) in rules.staff_limits.items():
        if roles[role] < low:
            out.append(EntryError("staff_too_few", {"role": role, "count": roles[role],
                                                    "min": low}, None, None, "role"))
        if roles[role] > high:
            out.append(EntryError("staff_too_many", {"role": role, "count": roles[role],
                                                     "max": high}, None, None, "role"))
    if member_units is not None:
        out += _joint_errors(people, member_units)
    if roles[ATHLETE] > rules.max_athletes:
        out.append(EntryError("athletes_too_many", {"count": roles[ATHLETE],
                                                    "max": rules.max_athletes}))
    for p in people:
        if p.role != ATHLETE:
            continue
        if rules.union_membership_required and not p.union_member:
            out.append(EntryError("not_union_member", {}, p.key, None, "union_member"))
        age = age_on(p.birth_date, rules.first_day)
        if (rules.min_age is not None and age < rules.min_age) or (
            rules.max_age is not None and age > rules.max_age
        ):
            out.append(EntryError("age_out_of_range", {"age": age, "min": rules.min_age,
                                                       "max": rules.max_age},
                                  p.key, None, "birth_date"))
    return out


def _squad_errors(
    rules: EntryRules, people: Mapping[Hashable, RosterPerson], squad: SquadEntry,
    event: EventRule,
) -> list[EntryError]:
    sk, code = squad.key, event.code
    out: list[EntryError] = []
    n = len(squad.members)
    if n < event.squad_min:
        out.append(EntryError("squad_too_small", {"count": n, "min": event.squad_min},
                              None, code, "members", sk))
    if n > event.squad_max:
        out.append(EntryError("squad_too_large", {"count": n, "max": event.squad_max},
                              None, code, "members", sk))
    if len(squad.reserves) > event.reserves:
        out.append(EntryError("too_many_reserves", {"count": len(squad.reserves),
                                                    "max": event.reserves},
                              None, code, "reserves", sk))
    everyone = (*squad.members, *squad.reserves)
    for key, times in Counter(everyone).items():
        if times > 1:
            out.append(EntryError("squad_duplicate_member", {"count": times}, key, code,
                                  "members", sk))
    for key in dict.fromkeys(everyone):
        out += _person_errors(rules, people, key, event, sk)
    genders = Counter(people[k].gender for k in squad.members if k in people)
    for gender, need in sorted(event.composition.items()):
        if genders[gender] < need:
            out.append(EntryError("squad_composition", {"gender": gender, "min": need,
                                                        "count": genders[gender]},
                                  None, code, "members", sk))
    for leg, gender in sorted(event.leg_genders.items()):
        if leg <= n and squad.members[leg - 1] in people:
            runner = people[squad.members[leg - 1]]
            if runner.gender != gender:
                out.append(EntryError("leg_order", {"leg": leg, "gender": gender,
                                                    "actual": runner.gender},
                                      runner.key, code, "members", sk))
    return out


def validate_entries(
    rules: EntryRules,
    roster: Sequence[RosterPerson],
    entries: Sequence[IndividualEntry] = (),
    squads: Sequence[SquadEntry] = (),
    member_units: Collection[str] | None = None,
) -> list[EntryError]:
    """Every broken entry rule of one delegation, in canonical order (empty when valid).

    ``member_units``: the names of a joint team's (联队) member units; None for a
    delegation of one unit, whose members' employers are not checked."""
    people = _people(roster)
    out = _roster_errors(rules, roster, member_units)
    per_event: dict[str, set[Hashable]] = defaultdict(set)
    per_person: dict[Hashable, set[str]] = defaultdict(set)
    for (key, code), times in Counter((e.person_key, e.event_code) for e in entries).items():
        event = rules.event(code)
        if event is None:
            out.append(EntryError("unknown_event", {}, key, code, "event"))
            continue
        if event.team_event:
            out.append(EntryError("wrong_entry_type", {"team_event": True}, key, code, "event"))
            continue
        if times > 1:
            out.append(EntryError("duplicate_entry", {"count": times}, key, code, "event"))
        out += _person_errors(rules, people, key, event)
        per_event[code].add(key)
        per_person[key].add(code)
    squads_per_event: Counter[str] = Counter()
    squads_of: dict[tuple[Hashable, str], int] = Counter()
    for squad in squads:
        event = rules.event(squad.event_code)
        if event is None:
            out.append(EntryError("unknown_event", {}, None, squad.event_code, "event",
                                  squad.key))
            continue
        if not event.team_event:
            out.append(EntryError("wrong_entry_type", {"team_event": False}, None, event.code,
                                  "event", squad.key))
            continue
        squads_per_event[event.code] += 1
        for key in set(squad.members) | set(squad.reserves):
            squads_of[(key, event.code)] += 1
        out += _squad_errors(rules, people, squad, event)
    for (key, code), times in squads_of.items():
        if times > 1:
            out.append(EntryError("duplicate_entry", {"count": times}, key, code, "members"))
    counts = {**{c: len(k) for c, k in per_event.items()}, **squads_per_event}
    for code, count in counts.items():
        limit = rules.per_team_limit(rules.event(code))  # type: ignore[arg-type]
        if count > limit:
            out.append(EntryError("event_quota_exceeded", {"count": count, "max": limit},
                                  None, code, "event"))
    cap = rules.max_individual_events_per_athlete
    for key, codes in per_person.items():
        if len(codes) > cap:
            out.append(EntryError("too_many_events", {"count": len(codes), "max": cap,
                                                      "events": sorted(codes)},
                                  key, None, "events"))
    return sorted(out, key=EntryError.sort_key)


@dataclass(frozen=True)
class EventOption:
    """An event one athlete may enter. ``quota_left``: athletes (individual) or squads
    (team) the delegation may still enter. ``can_enter``: not in yet, and for an individual
    event quota and the athlete's own limit left; for a team event a new squad allowed or
    room in one of the delegation's squads."""

    event_code: str
    team_event: bool
    quota_left: int
    entered: bool
    can_enter: bool


def eligible_events(
    rules: EntryRules,
    roster: Sequence[RosterPerson],
    person_key: Hashable,
    entries: Sequence[IndividualEntry] = (),
    squads: Sequence[SquadEntry] = (),
) -> list[EventOption]:
    """The events, in programme order, whose gender and age group admit the athlete."""
    person = _people(roster).get(person_key)
    if person is None or person.role != ATHLETE:
        return []
    band = band_for(rules.age_bands, person.gender, person.birth_date, rules.first_day)
    mine = {e.event_code for e in entries if e.person_key == person_key}
    individual_left = rules.max_individual_events_per_athlete - len(
        {c for c in mine if (ev := rules.event(c)) is not None and not ev.team_event}
    )
    options = []
    for event in rules.events:
        if not event.admits_gender(person.gender):
            continue
        if event.age_band is not None and (band is None or band.code != event.age_band):
            continue
        if event.team_event:
            theirs = [s for s in squads if s.event_code == event.code]
            used = len(theirs)
            entered = any(person_key in (*s.members, *s.reserves) for s in theirs)
            room = any(len(s.members) < event.squad_max or len(s.reserves) < event.reserves
                       for s in theirs)
        else:
            room = False
            used = len({e.person_key for e in entries if e.event_code == event.code})
            entered = event.code in mine
        left = max(0, rules.per_team_limit(event) - used)
        if event.team_event:
            can = not entered and (left > 0 or room)
        else:
            can = not entered and left > 0 and individual_left > 0
        options.append(EventOption(event.code, event.team_event, left, entered, can))
    return options
