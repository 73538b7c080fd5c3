"""Export of 100,000 actions: fupan vs pandas / xlsxwriter writing the same rows (DESIGN.md §8).

Two comparisons, each timed in the same run with interleaved repeats, printed as median ratios:

* end to end — `export_meeting(..., tables=["actions"])` (query, core.rules, formatting, write) vs
  `pd.read_sql` of the same actions + `DataFrame.to_csv`, and vs the same query written cell by cell
  with xlsxwriter (`write_row`, with fupan's settings: constant_memory, no formula/number/URL scanning);
* writing only — fupan's writers on an already collected table vs `DataFrame(rows).to_csv` and
  xlsxwriter `write_row` of exactly those rows.

Quality bar: ratios <= 1.3.

    .venv/bin/python bench/bench_export.py [--actions 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import interleaved, seconds  # noqa: E402  (bench/, the script's folder)

TODAY = date(2026, 11, 23)
WORDS = ["建立线索48小时首次跟进机制", "每周复盘商机推进", "整理老客户复购话术", "制定重点客户拜访计划",
         "=HYPERLINK(\"http://x\",\"y\")", "参加销售技巧训练营", "@SUM(A1)", "优化报价审批流程"]
STATUSES = ["not_started", "in_progress", "done", "cancelled"]


def build(db_path: Path, count: int) -> int:
    """A meeting with ``count`` actions, written with one executemany."""
    from core.model import Meeting
    from db import queries
    from db.store import connect

    db = connect(db_path)
    meeting = queries.save_meeting(db, Meeting("基准测试复盘会", "分析行动导出速度是否达标", date=TODAY))
    rng = random.Random(7)
    rows = []
    for i in range(count):
        due = TODAY + timedelta(days=rng.randint(-60, 60))
        rows.append((meeting.id, f"销售{i % 50:02d}", f"{rng.choice(WORDS)} #{i}", f"负责人{i % 80}",
                     (due - timedelta(days=30)).isoformat(), due.isoformat(), "完成率≥90%", "周报",
                     "售前支持", rng.choice(STATUSES), "客户预算延后" if i % 7 == 0 else ""))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO actions (meeting_id, presenter, measure, owner, start, due, standard, checkpoint,"
            " resources, status, risk) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.close()
    return meeting.id


SQL = ("SELECT id, presenter, measure, owner, start, due, standard, checkpoint, resources, status, risk"
       " FROM actions WHERE meeting_id = ? ORDER BY id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import pandas as pd
    import xlsxwriter

    from db.store import connect
    from exports.tables import collect
    from exports.csv_writer import write_csv
    from exports.write import export_meeting
    from exports.xlsx_writer import write_xlsx

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        meeting_id = build(out / "bench.db", args.actions)
        db = connect(out / "bench.db")
        [table] = collect(db, meeting_id, "zh", TODAY, ["actions"])

        def fupan_csv() -> None:
            export_meeting(db, meeting_id, "csv", out / "f", lang="zh", today=TODAY, tables=["actions"])

        def pandas_csv() -> None:
            frame = pd.read_sql_query(SQL, db.conn, params=[meeting_id])
            frame.to_csv(out / "p.csv", index=False, encoding="utf-8-sig")

        def fupan_xlsx() -> None:
            export_meeting(db, meeting_id, "xlsx", out / "f.xlsx", lang="zh", today=TODAY, tables=["actions"])

        def direct_rows_xlsx(rows: list) -> None:
            book = xlsxwriter.Workbook(str(out / "d.xlsx"), {  # fupan's own settings (exports/xlsx_writer.py)
                "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                "strings_to_urls": False})
            sheet = book.add_worksheet()
            sheet.write_row(0, 0, table.columns)
            for r, row in enumerate(rows, start=1):
                sheet.write_row(r, 0, row)
            book.close()

        def direct_xlsx() -> None:
            direct_rows_xlsx(db.conn.execute(SQL, [meeting_id]).fetchall())

        def write_only_csv() -> None:
            write_csv(table, out / "w.csv")

        def pandas_rows_csv() -> None:
            pd.DataFrame(table.rows, columns=table.columns).to_csv(out / "pw.csv", index=False,
                                                                    encoding="utf-8-sig")

        def write_only_xlsx() -> None:
            write_xlsx([table], out / "w.xlsx")

        pairs = {
            "CSV  end to end (export_meeting vs read_sql + to_csv)": (fupan_csv, pandas_csv),
            "XLSX end to end (export_meeting vs query + xlsxwriter write_row)": (fupan_xlsx, direct_xlsx),
            "CSV  writing only (write_csv vs DataFrame(rows).to_csv)": (write_only_csv, pandas_rows_csv),
            "XLSX writing only (write_xlsx vs xlsxwriter write_row)": (write_only_xlsx,
                                                                      lambda: direct_rows_xlsx(table.rows)),
        }
        median = interleaved({(name, who): partial(seconds, fn) for name, fns in pairs.items()
                              for who, fn in zip(("fupan", "baseline"), fns, strict=True)}, args.runs)
        db.close()
    print(f"{args.actions:,} actions, {args.runs} interleaved runs, median seconds (bar: ratio <= 1.3)")
    for name in pairs:
        fm, bm = median[name, "fupan"], median[name, "baseline"]
        print(f"{name:68s} fupan {fm:6.3f}  baseline {bm:6.3f}  ratio {fm / bm:5.2f}")


if __name__ == "__main__":
    main()
