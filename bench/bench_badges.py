"""Benchmark: the badge PDF of the demo meet and of a synthetic 6,000-person meet.

Each size runs in a child process with its own SQLite file, so its peak RSS (ru_maxrss)
is its own. Timed: the first print (issuing every badge, then drawing) and a reprint
(badges exist; QR matrices cached in the process), A4 sheets (4 a page) and single cards.
Wall and CPU time are both shown: on a busy machine the CPU time is the fairer figure.
A third of the people of the large meet have a photo (a 360x480 JPEG, as the upload
operation stores it).

Usage: .venv/bin/python bench/bench_badges.py [--only demo|6000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BASE = "https://meet.example.cn"


def _photo(i: int) -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (360, 480), (40 + i % 200, 90, 160)).save(out, "JPEG", quality=85)
    return out.getvalue()


def _synthetic(people_total: int) -> None:
    from meet.extensions import db
    from meet.models import (
        Category,
        Delegation,
        Entry,
        EntryMember,
        Event,
        Meet,
        Person,
        PersonPhoto,
        UnitKind,
    )

    meet = Meet(name="某市第一届职工运动会", short_name="市职运会", start_date=dt.date(2027, 5, 1),
                end_date=dt.date(2027, 5, 3))
    db.session.add(meet)
    db.session.flush()
    kind = UnitKind(meet_id=meet.id, code="k", name="区县总工会")
    cat = Category(meet_id=meet.id, code="ATH", name="田径")
    db.session.add_all([kind, cat])
    db.session.flush()
    events = [Event(meet_id=meet.id, category_id=cat.id, code=f"E{i}", name=f"男子项目{i}",
                    kind="timed", gender="M", sort_order=i) for i in range(370)]
    db.session.add_all(events)
    db.session.flush()
    per_team = 30
    photos = [_photo(i) for i in range(20)]
    n = 0
    for t in range(people_total // per_team):
        d = Delegation(meet_id=meet.id, unit_kind_id=kind.id, code=f"{t + 1:03d}",
                       name=f"第{t + 1}代表队（某某区总工会）")
        db.session.add(d)
        db.session.flush()
        people = []
        for j in range(per_team):
            n += 1
            role = "athlete" if j >= 3 else ("leader", "coach", "doctor")[j]
            people.append(Person(
                meet_id=meet.id, delegation_id=d.id, role=role, name=f"欧阳{n}号",
                gender="M", birth_date=dt.date(1990, 1, 1),
                id_number=f"350721199001{n:06d}", bib=f"{n:05d}" if role == "athlete" else None))
        db.session.add_all(people)
        db.session.flush()
        for k, p in enumerate(people):
            if p.role == "athlete":
                for e in (events[(t * 7 + k) % 370], events[(t * 7 + k + 1) % 370]):
                    entry = Entry(event_id=e.id, delegation_id=d.id)
                    db.session.add(entry)
                    db.session.flush()
                    db.session.add(EntryMember(entry_id=entry.id, event_id=e.id,
                                               person_id=p.id))
            if k % 3 == 0:
                db.session.add(PersonPhoto(person_id=p.id, data=photos[k % 20], width=360,
                                           height=480))
    db.session.commit()


def child(size: str) -> None:
    from config import TestingConfig
    from meet import create_app
    from meet.documents.badges_pdf import build_badges_pdf, meet_cards
    from meet.extensions import db
    from meet.models import Meet

    path = Path(tempfile.mkdtemp()) / "bench.db"
    cfg = type("Cfg", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    app = create_app(cfg)
    result: dict = {"size": size}
    with app.app_context():
        db.create_all()
        if size == "demo":
            from meet.demo.loader import load_demo

            load_demo()
        else:
            _synthetic(6000)
        meet = db.session.scalars(db.select(Meet)).first()
        for label, layout in (("first print, sheet", "sheet"), ("reprint, sheet", "sheet"),
                              ("reprint, single", "single")):
            t0, c0 = time.perf_counter(), time.process_time()
            cards, total = meet_cards(meet, BASE)
            data = build_badges_pdf(cards, layout=layout)
            result[label] = {"seconds": round(time.perf_counter() - t0, 2),
                             "cpu": round(time.process_time() - c0, 2), "badges": total,
                             "pages": data.count(b"/Type /Page\n"),
                             "megabytes": round(len(data) / 1048576, 1)}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["demo", "6000"])
    parser.add_argument("--child", choices=["demo", "6000"])
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    for size in [args.only] if args.only else ["demo", "6000"]:
        out = subprocess.run([sys.executable, __file__, "--child", size], capture_output=True,
                             text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        print(f"== {r.pop('size')} meet (peak RSS {r.pop('peak_rss_mb')} MB)")
        for label, v in r.items():
            print(f"  {label:20s} {v['badges']:5d} badges  {v['seconds']:7.2f} s wall  "
                  f"{v['cpu']:7.2f} s CPU  {v['megabytes']:5.1f} MB")


if __name__ == "__main__":
    main()
