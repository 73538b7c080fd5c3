"""Indicator sheets whose import results are oracles (tests/fixtures/indicator_import_oracles.json):
what the import wrote, previewed and counted, or the problems it listed, sheet by sheet.

The results were recorded from the row-by-row reader when it and the column-by-column reader both
existed and a test kept them equal on this corpus; the one import that replaced them must give them.
Re-record (only for a change meant to alter results, named in the commit) with
`python -m tests.indicator_corpus --record`.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from tests.drivers import sqlite_utils_on

ORACLES = Path(__file__).parent / "fixtures" / "indicator_import_oracles.json"
PRESENTERS = ("张伟", "李娜", "王芳")

LONG_ZH = [
    ["汇报人", "指标类别", "具体指标", "单位", "方向", "期间", "目标值", "实际值", "去年同期"],
    ["张伟", "整体业绩", "销售额", "万元", "越高越好", "7月", "500万", "380万", "350"],
    ["张伟", "客户维护", "复购率", "%", "越高越好", "7月", "60%", "65%", ""],
    ["张伟", "过程效率", "平均跟进周期", "天", "越低越好", "7月", "１５", "22", ""],
    ["李娜", "整体业绩", "销售额", "万元", "越高越好", "Q3", "1.2亿", "９０００", ""],
    ["王芳", "过程效率", "新客获取成本", "元", "越低越好", "7月", "￥400", "￥1,234", ""],
]

MIXED = [
    ["华东销售中心 指标表（单位见各行）"],  # a title row: shorter than the rows below it
    ["汇报人", "指标类别", "具体指标", "单位", "方向", "期间", "目标值", "实际值", "去年同期", "备注"],
    [" 张伟 ", "整体业绩", "销售额", "", "", "7月", "500万", "380", "", " 首月 "],  # unit given one row later
    ["张伟", "整体业绩", "销售额", "万元", "越高越好", "8月", "500万", "1.2亿", "-3.5", ""],
    ["李娜", "整体业绩", "销售额", "万元", "", "Q3", "１５", "￥1,234", ".5", ""],
    ["李娜", "客户维护", "复购率", "%", "", "7月", "60%", "65.5", "+7", ""],
    [],
    ["王芳", "客户维护", "复购率", "%", "", "M07", "", "—", "", "no values: skipped"],
    ["王芳", "过程效率", "平均跟进周期", "天", "越低越好", "July", "15", "-", "n/a", ""],
    ["王芳", "整体业绩", "销售额", "万元", "", "2026-07", "5000元", "0012", "-0", ""],
    ["王芳", "过程效率", "新客获取成本", "元", "", "8月", "￥400", " 22 ", "１,２００", "", "extra cell"],
    ["李娜", "过程效率", "新客获取成本", "", "", "Q4", "1k", "76%", "500", ""],
    ["", "", "", "", "", "", "", "", "", ""],
]

BAD_MIXES = {
    "garbage": [["汇报人", "指标", "期间", "目标值", "实际值"], ["张伟", "销售额", "7月", "1e3", "2"],
                ["李娜", "销售额", "7月", "12.", "inf"], ["王芳", "销售额", "7月", "nan", "1_000"]],
    "duplicate period spelled twice": [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "7月", "1"],
                                       ["张伟", "销售额", "M07", "2"], [" 张伟", "销售额", "2026-07", "3万"]],
    "names": [["汇报人", "指标", "期间", "目标值"], ["赵六", "销售额", "7月", "1"], ["", "销售额", "8月", "1"],
              ["李娜", " ", "7月", "1"], ["", "", "", "", "note only"]],
    "attributes": [["汇报人", "指标", "单位", "方向", "期间", "目标值"], ["张伟", "销售额", "万元", "", "7月", "1"],
                   ["李娜", "销售额", "元", "sideways", "7月", "1"]],
    "periods": [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "13月", "1"], ["李娜", "销售额", "", "1"]],
    "every problem in one row, in order": [
        ["汇报人", "指标", "单位", "方向", "汇总方式", "期间", "目标值", "实际值", "备注"],
        ["张伟", "销售额", "万元", "", "", "7月", "1", "2", ""],
        ["赵六", "销售额", "元", "sideways", "whatever", "13月", "x", "y", "n"],
        ["", "销售额", "", "", "", "", "1e5", "", ""],
        ["张伟", "销售额", "", "", "", "July", "3", "oops", ""],
        ["张伟", "", "", "", "", "7月", "bad", "", ""]],
    "wide with problems": [
        ["姓名", "指标", "单位", "7月目标", "7月实际", "Q3 目标", "8月目标"],
        ["张伟", "销售额", "万元", "80", "x", "250万", ""],
        ["赵六", "销售额", "万元", "1", "", "y", "2"],
        ["张伟", "销售额", "万元", "", "", "", "3"],
        ["李娜", "销售额", "元", "5", "", "", ""]],
    "wide duplicate columns": [["汇报人", "指标", "1月目标", "一月目标"], ["张伟", "销售额", "1", "2"]],
    "unknown presenters only": [["汇报人", "指标", "期间", "目标值"], *[[f"某{i}", "销售额", "7月", str(i)] for i in range(5)]],
}

GOOD_MORE = {
    "wide": [["销售目标与完成情况（单位：万元）"],
             ["姓名", "指标", "单位", "7月目标", "7月实际", "Q3 目标", "Q3 实际", "H2目标", "Aug target", "Aug actual"],
             ["张伟", "销售额", "万元", "80", "70", "250万", "", "500", "85", "￥60"],
             ["李娜", "销售额", "万元", "", "", "", "", "", "", ""],
             ["王芳", "复购率", "%", "60%", "", "", "", "", "", "58"]],
    "rolled up rows read back": [["汇报人", "指标", "单位", "期间", "目标值", "实际值"],
                                 ["张伟", "销售额", "万元", "7月", "10", "8"], ["张伟", "销售额", "万元", "8月", "20", "9"],
                                 ["张伟", "销售额", "万元", "9月", "30", "10"], ["张伟", "销售额", "万元", "Q3", "60", "27"],
                                 ["李娜", "销售额", "万元", "Q3", "100", ""]],
}


def random_rows() -> list[list[str]]:
    """Cells of every form people type, in every unit, one row per (presenter, indicator, period)."""
    rng = random.Random(5)
    forms: list[Callable[[], str]] = [
        lambda: str(rng.randint(0, 999)), lambda: f"{rng.uniform(-1e6, 1e6):.6f}",
        lambda: f"{rng.randint(1, 99) / 10:g}万", lambda: f"{rng.randint(1, 99)}%", lambda: "",
        lambda: f"￥{rng.randint(1000, 99999):,}", lambda: "１２３", lambda: f"{rng.randint(1, 9)}亿",
        lambda: f".{rng.randint(0, 9)}", lambda: f"+{rng.randint(0, 9)}.{rng.randint(0, 99):02d}"]
    units = ["万元", "元", "%", "", "个", "亿元"]
    periods = [*(f"{m}月" for m in range(1, 13)), "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY"]
    rows = [["汇报人", "指标", "单位", "期间", "目标值", "实际值", "去年同期"]]
    for n in range(120 * len(periods)):
        indicator = n % 40
        rows.append([PRESENTERS[n % 3], f"指标{indicator}", units[indicator % len(units)] if n % 7 else "",
                     periods[n // 120], *(rng.choice(forms)() for _ in range(3))])
    return rows


XLSX = {
    "typed cells": [["汇报人", "指标", "单位", "期间", "目标", "实际", "去年同期"],
                    ["张伟", "销售额", "万元", datetime(2026, 7, 1), 500, 380.5, None],
                    ["李娜", "销售额", "万元", "8月", "500万", 1, True],
                    ["王芳", "销售额", "万元", date(2026, 9, 1), 1.0, "1", "x"],
                    ["王芳", "复购率", "%", "Q3", 0.5, "50%", None]],
    "typed cells, good": [["汇报人", "指标", "单位", "期间", "目标", "实际", "去年同期"],
                          ["张伟", "销售额", "万元", datetime(2026, 7, 1), 500, 380.5, None],
                          ["李娜", "销售额", "万元", "8月", "500万", 1, 0],
                          ["王芳", "销售额", "万元", date(2026, 9, 1), 1.0, "1", -2.5],
                          ["王芳", "复购率", "%", "Q3", 0.5, "50%", None],
                          [None, None, None, None, None, None, None]],
    "merged presenter cells": [["汇报人", "指标", "单位", "期间", "目标", "实际"],
                               ["张伟", "销售额", "万元", "7月", 500, 380],
                               [None, "销售额", "万元", "8月", 510, 390],
                               ["李娜", "销售额", "万元", "7月", 1, 2]],
}

CASES: dict[str, tuple[list[list[object]], list[list[object]] | None, str]] = {
    "mixed new": (MIXED, None, "csv"), "mixed reimport": (MIXED, LONG_ZH, "csv"),
    **{name: (rows, None, "csv") for name, rows in BAD_MIXES.items()},
    **{name: (rows, None, "csv") for name, rows in GOOD_MORE.items()},
    "wide reimport": (GOOD_MORE["wide"], LONG_ZH, "csv"),
    "random cells": (random_rows(), None, "csv"),
    **{name: (rows, None, "xlsx") for name, rows in XLSX.items()},
}


def write_sheet(path: Path, rows: list[list[object]], kind: str) -> Path:
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)
        if rows and rows[0] and rows[2:3] and rows[2][0] is None and rows[1][0]:
            book.active.merge_cells("A2:A3")  # "merged presenter cells"
        book.save(path)
        return path
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def outcome(tmp_path: Path, name: str) -> dict[str, object]:
    """Import case ``name`` into a fresh meeting: the result (or problems) and both tables, as text."""
    from core.model import Meeting
    from db import queries
    from db.store import connect
    from exports.indicators import import_indicators
    from exports.reading import SheetError

    rows, before, kind = CASES[name]
    db = connect(tmp_path / f"{abs(hash(name))}.db")
    try:
        m = queries.save_meeting(db, Meeting("Q3 复盘会", "分析Q3销售额未达标原因", date=date(2026, 10, 20)))
        for presenter in PRESENTERS:
            queries.add_slot(db, m.id, presenter)
        if before:
            import_indicators(db, m.id, write_sheet(tmp_path / "before.csv", before, "csv"))
        path = write_sheet(tmp_path / f"sheet.{kind}", rows, kind)
        try:
            got: object = repr(import_indicators(db, m.id, path)).replace(repr(str(path)), "PATH")
        except SheetError as exc:
            got = [str(p) for p in exc.problems]
        tables = {}
        for table in ("indicators", "indicator_values"):
            columns = ", ".join(c for c in sqlite_utils_on(db)[table].columns_dict if c != "uuid")  # random per file
            tables[table] = repr(db.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall())
        return {"got": got, "tables": tables}
    finally:
        db.close()


if __name__ == "__main__":
    import sys
    import tempfile

    if "--record" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            recorded = {name: outcome(Path(tmp), name) for name in CASES}
        ORACLES.write_text(json.dumps(recorded, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{len(recorded)} sheets recorded in {ORACLES}")
