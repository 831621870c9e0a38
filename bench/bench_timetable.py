"""Benchmark of the timetable solver on a synthetic workers' meet and one 10 times larger.

The demo-sized meet: 28 delegations, about 600 athletes, 37 events over 3 days
(sessions 08:00-12:00, 14:30-18:00, 19:00-21:30) on 4 venues: a track (one heat at a
time), a field (3 pits/circles), a hall of 4 basketball courts, a hall of 8 table tennis
tables. Events: 12 track (heats + final, relays), 8 field (flights), 10 fun team events
(趣味, heats), basketball men 12 teams / women 8 teams (groups then knockout with a bronze
match, at most 2 games a team a day), table tennis MS/WS/MD/WD/XD knockouts with potential
participants. The large meet has 10 divisions (组别) of the same, 280 delegations, 6,000
athletes, 370 events, 40 venues; each event may use its division's venue or the next one.

Each size runs in a child process, so its peak RSS (ru_maxrss) is its own.
Usage: .venv/bin/python bench/bench_timetable.py [--time-limit 20] [--only 1|10]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meet.rules.timetable import solve  # noqa: E402
from meet.rules.timetable_check import Rules, Unit, Venue, check, sessions  # noqa: E402

DAYS = 3
SESSIONS = [("08:00", "12:00"), ("14:30", "18:00"), ("19:00", "21:30")]
TRACK = [(f"{d} {g}", 10 if d in ("100m", "200m", "400m") else 15)
         for d in ("100m", "200m", "400m", "800m", "1500m") for g in "MW"]
FIELD = [f"{d} {g}" for d in ("long jump", "high jump", "shot put", "standing jump") for g in "MW"]
FUN = [f"fun {i}" for i in range(10)]
TT = {"MS": 1, "WS": 1, "MD": 2, "WD": 2, "XD": 2}


def division(rng: random.Random, div: int, venues: dict[str, list[str]]) -> list[Unit]:
    units: list[Unit] = []
    teams = [f"d{div}t{i}" for i in range(28)]
    roster = {t: [f"{t}p{j}" for j in range(21)] for t in teams}  # 588 athletes
    # entry limits of the meet's regulations (竞赛规程): per athlete at most 2 individual
    # athletics events, 1 relay, 1 fun event, 1 basketball squad, 2 table tennis events
    quota = {p: Counter(indiv=2, relay=1, fun=1, ball=1, tt=2) for r in roster.values()
             for p in r}

    def pick(team: str, n: int, kind: str) -> list[str]:
        free = [p for p in roster[team] if quota[p][kind] > 0]
        if len(free) < n:
            return []
        chosen = rng.sample(free, n)
        for p in chosen:
            quota[p][kind] -= 1
            if kind == "ball":
                quota[p]["tt"] = 0
        return chosen

    def add(uid, event, duration, kind, stage=0, people=(), potential=(), final=False,
            team_ids=()):
        units.append(Unit(f"d{div}:{uid}", f"d{div}:{event}", duration, tuple(venues[kind]),
                          stage, frozenset(people), frozenset(team_ids), frozenset(potential),
                          final=final))

    def heats_and_final(event, entries, size, duration, kind):
        if not entries:
            return
        groups = [entries[i::-(-len(entries) // size)] for i in range(-(-len(entries) // size))]
        if len(groups) == 1:
            add(f"{event} final", event, duration, kind, 0, groups[0], final=True)
            return
        for i, group in enumerate(groups):
            add(f"{event} heat {i + 1}", event, duration, kind, 0, group)
        add(f"{event} final", event, duration, kind, 1, (), [p for g in groups for p in g],
            final=True)

    for event, minutes in TRACK:
        entries = [p for t in teams for p in pick(t, rng.choice((0, 1, 1, 2)), "indiv")]
        heats_and_final(event, entries, 8, minutes, "track")
    for g in "MW":
        squads = [s for t in teams if rng.random() < 0.7 and (s := pick(t, 4, "relay"))]
        groups = [squads[i::-(-len(squads) // 8)] for i in range(-(-len(squads) // 8))]
        for i, grp in enumerate(groups):
            add(f"4x100 {g} heat {i + 1}", f"4x100 {g}", 10, "track", 0,
                [p for s in grp for p in s])
        add(f"4x100 {g} final", f"4x100 {g}", 10, "track", 1, (),
            [p for s in squads for p in s], final=True)
    for event in FIELD:
        entries = [p for t in teams for p in pick(t, rng.choice((0, 1, 2)), "indiv")]
        for i in range(0, len(entries), 14):
            add(f"{event} flight {i // 14 + 1}", event, 90, "field", 0, entries[i:i + 14])
    for event in FUN:
        squads = [s for t in teams if rng.random() < 0.6 and (s := pick(t, 5, "fun"))]
        for i in range(0, len(squads), 6):
            add(f"{event} heat {i // 6 + 1}", event, 20, "field", 0,
                [p for s in squads[i:i + 6] for p in s])

    for g, n_teams in (("M", 12), ("W", 8)):
        event = f"basketball {g}"
        entered = rng.sample(teams, n_teams)
        squad = {t: pick(t, 10, "ball") for t in entered}
        pools = [entered[i::n_teams // 4] for i in range(n_teams // 4)]
        for p, pool in enumerate(pools):
            for i, a in enumerate(pool):
                for b in pool[i + 1:]:
                    add(f"{event} pool {p} {a}-{b}", event, 60, "court", 0,
                        squad[a] + squad[b], team_ids=(a, b))
        everyone = [x for t in entered for x in squad[t]]
        for r, matches in enumerate((4 if n_teams == 12 else 0, 2, 2)):
            for m in range(matches):
                last = r == 2
                add(f"{event} ko{r} {m}", event, 60, "court", r + 1, (), everyone, final=last)

    for event, size in TT.items():
        players = [p for t in teams if rng.random() < 0.8 and (p := pick(t, size, "tt"))]
        bracket = 1 << (len(players) - 1).bit_length()
        slots: list[list[str]] = [list(p) for p in players] + [[]] * (bracket - len(players))
        rnd = 0
        while len(slots) > 1:
            rnd += 1
            nxt = []
            for i in range(0, len(slots), 2):
                a, b = slots[i], slots[i + 1]
                if a and b:
                    real = rnd == 1
                    add(f"TT {event} r{rnd} m{i // 2}", f"TT {event}", 20, "table", rnd,
                        a + b if real else (), () if real else a + b, final=len(slots) == 2)
                nxt.append(a + b)
            if len(slots) == 4:  # bronze match between the semi-final losers
                add(f"TT {event} bronze", f"TT {event}", 20, "table", rnd + 1, (),
                    [p for s in slots for p in s])
            slots = nxt
    return units


def meet(scale: int, seed: int = 7) -> tuple[list[Unit], list[Venue]]:
    rng = random.Random(seed)
    windows = sessions(DAYS, SESSIONS)
    venues = []
    for k in range(scale):
        venues += [Venue(f"track{k}", f"Track {k}", 1, windows),
                   Venue(f"field{k}", f"Field {k}", 3, windows),
                   Venue(f"court{k}", f"Basketball hall {k}", 4, windows),
                   Venue(f"table{k}", f"Table tennis hall {k}", 8, windows)]
    units = []
    for k in range(scale):
        near = {kind: [f"{kind}{k}"] + ([f"{kind}{(k + 1) % scale}"] if scale > 1 else [])
                for kind in ("track", "field", "court", "table")}
        units += division(rng, k, near)
    return units, venues


def run_one(scale: int, time_limit: float) -> None:
    units, venues = meet(scale)
    rules = Rules(rest=30, round_gap=30, final_gap=60, max_per_team_day=2)
    persons = {p for u in units for p in u.persons}
    events = {u.event_id for u in units}
    began = time.perf_counter()
    result = solve(units, venues, rules, time_limit=time_limit)
    took = time.perf_counter() - began
    began = time.perf_counter()
    conflicts = check(units, venues, result.placements, rules)
    checked = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reasons = Counter(u.reason for u in result.unplaced)
    print(f"scale x{scale}: {len(events)} events, {len(persons)} persons, {len(units)} units, "
          f"{len(venues)} venues")
    print(f"  solve {took:.1f} s (limit {time_limit:g} s), status {result.status}, "
          f"peak RSS {peak_mb:.0f} MB")
    print(f"  placed {len(result.placements)}, unplaced {len(result.unplaced)} {dict(reasons)}")
    print(f"  checker: {len(conflicts)} conflicts in {checked:.2f} s")
    last = max((p.end for p in result.placements.values()), default=0)
    print(f"  last unit ends day {last // 1440 + 1} {last % 1440 // 60:02d}:{last % 60:02d}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--only", type=int, choices=(1, 10))
    args = parser.parse_args()
    if args.only:
        run_one(args.only, args.time_limit)
        return
    for scale in (1, 10):
        subprocess.run([sys.executable, __file__, "--only", str(scale),
                        "--time-limit", str(args.time_limit)], check=True)


if __name__ == "__main__":
    main()
