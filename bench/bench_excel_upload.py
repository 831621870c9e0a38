"""How long a 300-row registration sheet takes: read, check, preview, import.

    .venv/bin/python bench/bench_excel_upload.py [rows]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
        .venv/bin/python bench/bench_excel_upload.py [rows]

Builds a meet (6 individual events, limits raised so 300 athletes are all valid) in a
temporary SQLite database (or, when ``DATABASE_URL`` names PostgreSQL, in its schema
``bench_excel``), a 300-row sheet from the app's own template, then times, best of 3:

* read: ``excel.read_sheet`` (open the workbook, check the header, read the rows);
* check: ``excel_import.preview`` (both passes, both modes);
* upload+preview: the POST of the file and the GET of the preview page, as a leader;
* import: the POST that confirms REPLACE into an empty delegation (300 people, 600
  entries), and again onto the same roster (300 matched, nothing new).
Figures go into the issue notes, never into assertions.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402
from sqlalchemy import text  # noqa: E402

from meet.extensions import db  # noqa: E402
from meet.models import Person, Role, StagedUpload  # noqa: E402
from meet.registration import excel, excel_import  # noqa: E402
from meet.rules import idcard  # noqa: E402
from tests import factories  # noqa: E402
from tests.conftest import ON_POSTGRES, FreshClient, make_config  # noqa: E402

EVENTS = [("M100", "男子100米", "M"), ("W100", "女子100米", "F"), ("MLJ", "男子跳远", "M"),
          ("WLJ", "女子跳远", "F"), ("MSP", "男子铅球", "M"), ("WSP", "女子铅球", "F")]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"


def world(rows: int):
    meet = factories.meet(max_athletes_per_delegation=rows + 10, athletes_per_event=rows)
    kind = factories.unit_kind(meet)
    d = factories.delegation(meet, kind, "01", "城关镇工会联合会")
    cat = factories.category(meet)
    for i, (code, name, gender) in enumerate(EVENTS):
        factories.event(meet, cat, code, name=name, gender=gender, per_team_limit=rows,
                        sort_order=i)
    factories.user("leader01", Role.LEADER, meet, delegation_id=d.id)
    db.session.commit()
    return d


def sheet_rows(n: int) -> list[list]:
    out = [["陈领队", "男", idcard.make("350721", dt.date(1980, 1, 1), 0, "M"), "领队"],
           ["周教练", "女", idcard.make("350721", dt.date(1981, 1, 1), 0, "F"), "教练"]]
    for i in range(n - 2):
        gender = "M" if i % 2 else "F"
        born = dt.date(1970, 1, 1) + dt.timedelta(days=37 * i)
        number = idcard.make(f"35{i % 90 + 10:02d}21", born, i % 100, gender)
        events = [name for _c, name, g in EVENTS if g == gender][: 1 + i % 2]
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[i // len(SURNAMES) % len(GIVEN)] + GIVEN[i % 7]
        out.append([name, "男" if gender == "M" else "女", number, "运动员",
                    f"138{i:08d}", "城关镇政府", "是", *events])
    return out


def best(fn, times: int = 3) -> float:
    runs = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs)


def main() -> None:
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), 300))
    postgres = ON_POSTGRES
    tmp = tempfile.mkdtemp()
    if postgres:
        from tests.conftest import _fresh_schema
        _fresh_schema("bench_excel")
        cfg = make_config(schema="bench_excel")
    else:
        cfg = make_config(sqlite_path=f"{tmp}/bench.db")
    from meet import create_app

    app = create_app(cfg)
    app.test_client_class = FreshClient
    with app.app_context():
        db.create_all()
        d = world(rows)
        client = app.test_client()
        client.post("/login", data={"username": "leader01", "password": factories.PASSWORD})
        template = client.get(f"/teams/{d.id}/excel/template.xlsx").data
        wb = openpyxl.load_workbook(BytesIO(template))
        ws = wb[excel.SHEET]
        for i, row in enumerate(sheet_rows(rows), 1):
            for col, value in enumerate([i, *row], 1):
                ws.cell(excel.HEADER_ROW + i, col, value)
        out = BytesIO()
        wb.save(out)
        data = out.getvalue()
        read = excel.read_sheet(data, "报名表.xlsx", max_rows=1000)
        assert len(read.rows) == rows
        t_read = best(lambda: excel.read_sheet(data, "报名表.xlsx", max_rows=1000))
        t_check = best(lambda: excel_import.preview(read.rows, d, False))
        result = excel_import.preview(read.rows, d, False)
        assert result.may("replace"), (result.row_errors[:3], result.modes["replace"][0][:3])

        def upload_and_preview():
            r = client.post(f"/teams/{d.id}/excel/upload",
                            data={"sheet": (BytesIO(data), "报名表.xlsx")},
                            content_type="multipart/form-data")
            assert r.status_code == 302, r.status_code
            page = client.get(f"/teams/{d.id}/excel/preview")
            assert "格式正确" in page.get_data(as_text=True)

        t_preview = best(upload_and_preview)

        def confirm():
            start = time.perf_counter()
            r = client.post(f"/teams/{d.id}/excel/confirm", data={"mode": "replace"})
            elapsed = time.perf_counter() - start
            assert r.status_code == 302 and "/excel" not in r.headers["Location"]
            return elapsed

        t_first = confirm()
        upload_and_preview()
        t_again = confirm()
        people = db.session.scalar(text("select count(*) from person"))
        assert people == rows and db.session.query(StagedUpload).count() == 0
        assert db.session.query(Person).filter_by(delegation_id=d.id).count() == rows
    backend = "PostgreSQL" if postgres else "SQLite"
    print(f"{rows} rows, {len(data) // 1024} KB .xlsx, {backend}")
    print(f"  read workbook            {t_read * 1000:7.0f} ms")
    print(f"  check (2 passes, 2 modes){t_check * 1000:7.0f} ms")
    print(f"  upload + preview page    {t_preview * 1000:7.0f} ms")
    print(f"  import, new roster       {t_first * 1000:7.0f} ms")
    print(f"  import, same roster      {t_again * 1000:7.0f} ms")
    median = statistics.median([t_preview, t_first, t_again])
    print(f"  (median of the three above: {median:.2f} s)")


if __name__ == "__main__":
    main()
