"""Load the demo meet (:mod:`meet.demo.content`) into the database, once.

Running it again finds the meet by name and changes nothing, so ``make run`` can call
it every time. The demo password is set here and nowhere else: real accounts choose
their own through the invitation link, under the password policy.
"""

from __future__ import annotations

from sqlalchemy import select

from meet.demo import content
from meet.demo.draws import draw_demo
from meet.demo.results import score_demo
from meet.demo.schedule import schedule_demo
from meet.extensions import db
from meet.models import (
    AgeGroup,
    Category,
    Delegation,
    Entry,
    EntryMember,
    Event,
    Meet,
    Person,
    RefereeAssignment,
    Role,
    UnitKind,
    User,
    Venue,
)
from meet.operations import audit, commit

DEMO_PASSWORD = "meet-demo"

# Referees by the events they stand at, grouped as a chief referee would assign them.
REFEREES: list[tuple[str, tuple[str, ...]]] = [
    ("径赛短跑", ("M100A", "M100B", "W100A", "W100B")),
    ("接力", ("M4X100", "W4X100", "X4X100", "3L4F")),
    ("跳远", ("MLJ", "WLJ")),
    ("铅球", ("MSP", "WSP")),
    ("游泳", ("M50FR", "W50FR", "M50BR", "W50BR")),
    ("篮球、气排球", ("MBB", "XAVB")),
    ("羽毛球", ("MBD", "WBD", "XBD")),
    ("乒乓球", ("MTT", "WTT", "XTTT")),
    ("棋牌", ("XQ", "GO", "GD")),
    ("拔河、趣味", ("TUG", "CATER")),
    ("健身操、太极拳", ("RADIO", "TAIJI")),
    ("跳绳、投篮、踢毽", ("MSHOT", "WSHOT", "MROPE", "WROPE", "JIANZI", "XROPE")),
]


def demo_meet() -> Meet | None:
    return db.session.scalar(select(Meet).where(Meet.name == content.MEET["name"]))


def load_demo(seed: int | None = None) -> tuple[Meet, bool]:
    """Load the demo meet unless it is there; return it and whether it was created."""
    existing = demo_meet()
    if existing is not None:
        return existing, False
    seed = content.DEFAULT_SEED if seed is None else seed
    m = content.MEET
    meet = Meet(
        name=m["name"], name_en=m["name_en"], short_name=m["short_name"], edition=m["edition"],
        theme=m["theme"], theme_en=m["theme_en"], organisers=m["organisers"],
        location=m["location"], start_date=m["start_date"], end_date=m["end_date"],
        registration_opens=m["registration_opens"],
        registration_closes=m["registration_closes"],
        max_events_per_athlete=m["max_events_per_athlete"],
        athletes_per_event=m["athletes_per_event"],
        max_athletes_per_delegation=m["max_athletes_per_delegation"],
        points_scheme=m["points_scheme"], team_event_multiplier=m["team_event_multiplier"],
        record_bonus=m["record_bonus"], minus_one_rule=m["minus_one_rule"],
    )
    db.session.add(meet)
    db.session.flush()
    for v in content.VENUES:
        db.session.add(Venue(meet_id=meet.id, **v))

    kinds = {k["code"]: UnitKind(meet_id=meet.id, **k) for k in content.UNIT_KINDS}
    db.session.add_all(kinds.values())
    db.session.flush()
    delegations = {
        d["code"]: Delegation(
            meet_id=meet.id, unit_kind_id=kinds[d["unit_kind"]].id, code=d["code"],
            name=d["name"], short_name=d["short_name"], name_en=d["name_en"],
        )
        for d in content.DELEGATIONS
    }
    db.session.add_all(delegations.values())

    categories = {c["code"]: Category(meet_id=meet.id, **c) for c in content.CATEGORIES}
    db.session.add_all(categories.values())
    db.session.add_all(AgeGroup(meet_id=meet.id, **b) for b in content.AGE_BANDS)
    db.session.flush()
    events = {}
    for e in content.EVENTS:
        events[e["code"]] = Event(
            meet_id=meet.id, category_id=categories[e["category"]].id,
            age_group_code=e["age_group"], code=e["code"], name=e["name"],
            name_en=e["name_en"], kind=e["kind"], gender=e["gender"], is_team=e["is_team"],
            squad_min=e["squad_min"], squad_max=e["squad_max"], reserves=e["reserves"],
            composition=e["composition"], per_team_limit=e["per_team_limit"],
            points_multiplier=e["points_multiplier"], result_unit=e["result_unit"],
            format=e["format"], scoring_preset=e["scoring_preset"],
            sort_order=e["sort_order"],
        )
    db.session.add_all(events.values())

    people_data = content.generate_people(seed)
    people: dict[str, Person] = {}
    for code, rows in people_data.items():
        for p in rows:
            people[p["key"]] = Person(
                meet_id=meet.id, delegation_id=delegations[code].id, role=p["role"],
                name=p["name"], gender=p["gender"], birth_date=p["birth_date"],
                id_number=p["id_number"], phone=p["phone"], employer=p["employer"],
                union_member=p["union_member"],
            )
    db.session.add_all(people.values())
    db.session.flush()

    for code, entries in content.generate_entries(people_data, seed).items():
        delegation = delegations[code]
        for e in entries["entries"]:
            _add_entry(events[e["event_code"]], delegation, [people[e["person_key"]]], [])
        for s in entries["squads"]:
            _add_entry(
                events[s["event_code"]], delegation,
                [people[k] for k in s["members"]], [people[k] for k in s["reserves"]],
            )
    _add_accounts(meet, delegations, events)
    _approve_all(delegations)  # submitted and approved: every athlete has a bib
    draw_demo(meet)  # every event drawn and published with a fixed seed
    audit("demo.loaded", meet, seed=seed)
    commit()
    schedule_demo(meet)  # after the draws: venue hours, event venues, every unit placed
    score_demo(meet)  # last: mid-competition, about half of the events published
    schedule_demo(meet)  # rounds the results filled or paired get their place; played stay
    from meet.standings.operations import publish_results_book

    publish_results_book(meet, True, build=False)  # public; built on the first request
    return meet, True


def _approve_all(delegations: dict) -> None:
    """Each delegation submitted and approved through the registration operations, so
    bibs come from the same allocation rule as in a real meet."""
    from meet.registration import operations as registration

    admin = db.session.scalar(select(User).where(User.username == "admin"))
    for code in sorted(delegations):
        registration.submit(admin, delegations[code], None)
        registration.approve(admin, delegations[code], None)


def _add_entry(event: Event, delegation: Delegation, members, reserves) -> None:
    entry = Entry(event=event, delegation_id=delegation.id)
    db.session.add(entry)
    for position, (person, reserve) in enumerate(
        [(p, False) for p in members] + [(p, True) for p in reserves], 1
    ):
        entry.members.append(
            EntryMember(event_id=event.id, person_id=person.id, position=position,
                        reserve=reserve)
        )


def _add_accounts(meet: Meet, delegations: dict, events: dict) -> None:
    template = User(username="-", role=Role.ORGANISER.value)
    template.set_password(DEMO_PASSWORD)  # scrypt once; every demo account shares it
    pw = template.password_hash

    def add(username: str, role: Role, name: str, **kw) -> User:
        user = User(meet_id=meet.id, username=username, role=role.value, display_name=name,
                    password_hash=pw, **kw)
        db.session.add(user)
        return user

    add("admin", Role.ORGANISER, "竞赛处")
    for code, delegation in sorted(delegations.items()):
        add(f"leader{code}", Role.LEADER, f"{delegation.short_name}领队",
            delegation_id=delegation.id)
    add("chief", Role.CHIEF, "总裁判")
    for i, (label, codes) in enumerate(REFEREES, 1):
        referee = add(f"referee{i:02d}", Role.REFEREE, f"{label}裁判")
        for code in codes:
            referee.assignments.append(RefereeAssignment(event=events[code]))
    add("marshal01", Role.MARSHAL, "检录处")
    db.session.flush()


def demo_accounts() -> list[tuple[str, str]]:
    last = f"referee{len(REFEREES):02d}"
    return [
        ("organiser", "admin"),
        ("team leader", f"leader01 … leader{len(content.DELEGATIONS):02d}"),
        ("chief referee", "chief"),
        ("referee", f"referee01 … {last}"),
        ("marshal", "marshal01"),
    ]
