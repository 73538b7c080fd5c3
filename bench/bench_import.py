"""Import of 100,000 indicator values: `import_indicators` vs `pd.read_csv` + one bulk insert.

fupan's path (one for every sheet) reads the CSV with pandas, finds the header, parses every value
column at a time (plain decimals at C speed, the rest with core.parse once per distinct cell and unit),
validates presenters, attributes and duplicates, and upserts in one transaction. The baseline reads
the same CSV with pandas and inserts the indicators and values with two executemany calls, validating
nothing. Each run starts from a fresh copy of the same database; runs are interleaved and the ratio of
the medians is printed.
Quality bar (issue 4): ratio <= 1.5.

    .venv/bin/python bench/bench_import.py [--values 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from functools import partial
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import interleaved, seconds  # noqa: E402  (bench/, the script's folder)

PRESENTERS = [f"销售{i:02d}" for i in range(50)]
PERIODS = [f"{m}月" for m in range(1, 11)]


def build_db(path: Path) -> int:
    from core.model import Meeting
    from db import queries
    from db.store import connect

    db = connect(path)
    meeting = queries.save_meeting(db, Meeting("导入基准复盘会", "分析指标导入速度是否达标", date=date(2026, 11, 23)))
    for name in PRESENTERS:
        queries.add_slot(db, meeting.id, name)
    db.close()
    return meeting.id


def build_csv(path: Path, count: int, values: str = "realistic") -> None:
    """Long layout, UTF-8 with BOM, valued as `data.indicator_csv` makes them (realistic by default:
    random two-decimal amounts; ``flattering`` is the old generator, ~1,400 distinct strings)."""
    from data import indicator_csv

    indicator_csv(path, count, values)


def fupan_import(db_path: Path, csv_path: Path, meeting_id: int) -> None:
    from db.store import connect
    from exports.indicators import import_indicators

    db = connect(db_path)
    import_indicators(db, meeting_id, csv_path)
    db.close()


def pandas_import(db_path: Path, csv_path: Path, meeting_id: int) -> None:
    import pandas as pd

    from db.store import connect

    db = connect(db_path)
    frame = pd.read_csv(csv_path, encoding="utf-8-sig")
    names = frame["具体指标"].unique().tolist()
    with db.atomic():
        db.conn.executemany("INSERT INTO indicators (meeting_id, name, category, unit) VALUES (?, ?, '', '')",
                            [(meeting_id, n) for n in names])
        ids = dict(db.conn.execute("SELECT name, id FROM indicators WHERE meeting_id = ?", [meeting_id]))
        db.conn.executemany(
            "INSERT INTO indicator_values (indicator_id, presenter, period, target, actual) VALUES (?,?,?,?,?)",
            zip(frame["具体指标"].map(ids).tolist(), frame["汇报人"].tolist(), frame["期间"].tolist(),
                frame["目标值"].tolist(), frame["实际值"].tolist()))
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kind", choices=("realistic", "mixed", "flattering"), default="realistic",
                        help="values: random two-decimal amounts, as people type them, or the old flattering ones")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        template = tmp_path / "template.db"
        meeting_id = build_db(template)
        csv_path = tmp_path / "values.csv"
        build_csv(csv_path, args.values, args.kind)

        samples = count()

        def timed(fn) -> float:
            """One import into a fresh copy of the template database."""
            db_path = tmp_path / f"run{next(samples)}.db"
            shutil.copy(template, db_path)
            return seconds(lambda: fn(db_path, csv_path, meeting_id))

        median = interleaved({"base": partial(timed, pandas_import), "fupan": partial(timed, fupan_import)},
                             args.runs)
    f, b = median["fupan"], median["base"]
    print(f"{args.values:,} indicator values ({args.kind}), {args.runs} interleaved runs, median seconds (bar: ratio <= 1.5)")
    print(f"import_indicators {f:6.3f}   read_csv + bulk insert {b:6.3f}   ratio {f / b:5.2f}")


if __name__ == "__main__":
    main()
