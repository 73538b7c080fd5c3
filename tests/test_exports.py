"""Exports: every format reads back equal to the database, Chinese survives, and no cell executes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from core import rules
from core.i18n import text
from core.model import Action, ActionStatus
from core.width import display_width
from db import queries
from exports.tables import TABLE_KEYS, TITLE_KEYS, collect
from exports.cells import neutralise
from exports.widths import WRAP_WIDTH
from exports.write import export_actions, export_meeting
from tests.conftest import TODAY

INJECTIONS = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1+1", "-2+3", "\tTAB", "\rCR"]


def _injected_actions(db, meeting_id: int) -> list[Action]:
    return [
        queries.save_action(db, Action(meeting_id, "张伟", measure, owner="张伟", due=date(2026, 12, 1),
                                       standard="回款≥90%"))
        for measure in INJECTIONS
    ]


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_import_of_exports_does_not_load_pandas_or_spreadsheet_libraries():
    code = (
        "import sys, exports.tables, exports.write, exports.indicators, exports.agenda, exports.returned,"
        " exports.templates, exports.indicator_columns, tui.cli_files, tui.cli\n"
        "heavy = [m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'charset_normalizer', 'tabulate')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_seed_oracles_appear_in_the_indicator_table(db, demo):
    [table] = collect(db, demo.id, "zh", TODAY, ["indicators"])
    h1 = {row[2]: row for row in table.rows if row[0] == "张伟" and row[4] == "2026上半年"}
    assert h1["销售额"][5:8] == [500, 380, pytest.approx(0.76)]
    assert h1["新客户数"][7] == pytest.approx(0.60)
    assert rules.format_rate(h1["复购率"][7]) == "108%"
    assert h1["平均跟进周期"][10] == "未达成"
    row = table.rows.index(h1["销售额"])
    assert table.marks[(row, 7)] == "shortfall"


@pytest.mark.parametrize("fmt", ["md", "report", "html"])
def test_seed_oracles_and_chinese_in_text_formats(db, demo, tmp_path, fmt):
    [path] = export_meeting(db, demo.id, fmt, tmp_path, lang="zh", today=TODAY)
    content = path.read_text(encoding="utf-8")
    for expected in ("76%", "60%", "108%", "销售额", "华力机械二期扩容", "行动计划跟踪表" if fmt == "md" else "张伟"):
        assert expected in content
    if fmt != "md":
        assert demo.goal in content and "时间记录" in content


def test_csv_export_reads_back_equal_to_the_database(db, demo, tmp_path):
    import pandas as pd

    paths = export_meeting(db, 1, "csv", tmp_path, lang="zh", today=TODAY)
    # named by the meeting's title and the table's (core.files.export_file_name)
    title = queries.get_meeting(db, 1).title
    assert [p.name for p in paths] == [f"{title}-{text(TITLE_KEYS[k], 'zh')}.csv" for k in TABLE_KEYS]
    frame = pd.read_csv(tmp_path / f"{title}-行动计划跟踪表.csv", encoding="utf-8-sig")
    actions = queries.actions_for(db, 1)
    assert frame["编号"].tolist() == [a.id for a in actions]
    assert frame["改进措施"].tolist() == [a.measure for a in actions]
    assert frame["完成时间"].tolist() == [a.due.isoformat() for a in actions]
    overdue = [rules.is_overdue(a, TODAY) for a in actions]
    assert [s.endswith("(逾期)") for s in frame["当前状态"]] == overdue
    values = pd.read_csv(paths[0], encoding="utf-8-sig")
    stored = queries.values_for(db, 1)
    assert values["目标值"].tolist() == [v.target for v in stored]
    assert values["实际值"].tolist() == [v.actual for v in stored]
    timing = pd.read_csv(tmp_path / f"{title}-时间记录.csv", encoding="utf-8-sig", dtype=str)
    # Durations as h:mm:ss, which a spreadsheet reads as a duration ("10:45" alone reads as 10:45 am).
    assert timing.iloc[3][["汇报人", "计划时长", "实际时长", "超时"]].tolist() == ["刘洋", "0:10:00", "0:10:45", "0:00:45"]


def test_xlsx_export_has_typed_cells_frozen_header_filter_and_colours(db, demo, tmp_path):
    from openpyxl import load_workbook

    [path] = export_meeting(db, 1, "xlsx", tmp_path / "out.xlsx", lang="zh", today=TODAY)
    book = load_workbook(path)
    assert book.sheetnames == ["图表", "销售业绩数据复盘表", "重点工作复盘表", "问题根因分析表", "经验教训总结表",
                               "行动计划跟踪表", "追赶计划", "时间记录", "上次行动跟踪"]
    sheet = book["行动计划跟踪表"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["编号", "汇报人", "改进措施"] and all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    actions = queries.actions_for(db, 1)
    for row, action in enumerate(actions, start=2):
        assert sheet.cell(row, 1).value == action.id
        assert sheet.cell(row, 3).value == action.measure
        assert sheet.cell(row, 6).value.date() == action.due and sheet.cell(row, 6).is_date
        # overdue is a conditional format (tests/test_exports_print.py), not a fill that outlives an edit
        assert sheet.cell(row, 6).fill.fgColor.rgb == "00000000"
    widths = sheet.column_dimensions["C"].width
    # CJK counted twice, up to the wrapping width (longer text wraps: tests/test_exports_print.py)
    assert widths >= min(display_width("每周复盘商机推进，清理僵尸商机"), WRAP_WIDTH)
    review = book["销售业绩数据复盘表"]
    rates = [c.value for c in review["H"][1:]]
    assert all(isinstance(v, float) for v in rates if v is not None)


def test_formula_text_is_inert_in_csv_and_xlsx(db, demo, tmp_path):
    from openpyxl import load_workbook

    actions = _injected_actions(db, demo.id)
    export_meeting(db, demo.id, "csv", tmp_path, lang="en", today=TODAY, tables=["actions"])
    rows = _read_csv(tmp_path / f"{demo.title}-Action tracking.csv")  # file names follow the language too
    measures = [r[2] for r in rows[1:]]
    # every formula start gets a quote; a leading CR does not even reach the file (dropped when stored)
    assert measures == ["'" + m for m in INJECTIONS[:5]] + ["CR"]
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path, lang="en", today=TODAY, tables=["actions"])
    sheet = load_workbook(path).active
    cells = [sheet.cell(row, 3) for row in range(2, 2 + len(actions))]
    # A bare CR is stored escaped (_x000D_) by xlsxwriter, which openpyxl does not unescape.
    assert [c.value for c in cells][:5] == INJECTIONS[:5]
    assert {c.data_type for c in cells} == {"s"}
    assert sheet.cell(2, 1).data_type == "n"  # ids stay numbers


def test_neutralise_leaves_ordinary_text_and_numbers_alone():
    assert neutralise("回款≥90%") == "回款≥90%"
    assert neutralise("-5") == "'-5"
    assert neutralise("\rCR") == "'\rCR"  # from a database written by another tool
    assert neutralise("") == ""


def test_english_headers_and_chinese_content(db, demo, tmp_path):
    from openpyxl import load_workbook

    [path] = export_meeting(db, 1, "xlsx", tmp_path, lang="en", today=TODAY, tables=["actions", "timing"])
    book = load_workbook(path)
    assert book.sheetnames == ["Action tracking", "Timing"]
    sheet = book["Action tracking"]
    assert sheet["C1"].value == "Measure" and sheet["C2"].value == "建立线索48小时首次跟进机制"
    timing = [[c.value for c in row] for row in book["Timing"].iter_rows(min_row=2)]
    # Durations are time values ([m]:ss), which openpyxl reads back as timedeltas.
    assert timing[3][:4] == ["刘洋", timedelta(minutes=10), timedelta(minutes=10, seconds=45), timedelta(seconds=45)]
    assert book["Timing"]["B2"].number_format == "[m]:ss"


def test_report_lists_root_cause_chain_and_timing(db, demo, tmp_path):
    [path] = export_meeting(db, 1, "report", tmp_path, lang="zh", today=TODAY)
    content = path.read_text(encoding="utf-8")
    assert "1. 为什么新客户少？ → 有效商机数量不足; 2. 为什么有效商机不足？" in content
    assert "计划 50:00，实际 50:00，超时 2:15" in content
    assert content.index("## 汇报人：张伟") < content.index("## 时间记录")


@pytest.mark.parametrize("fmt", ["html", "report", "md"])
def test_reports_show_html_in_user_text_instead_of_running_it(db, demo, tmp_path, fmt):
    queries.save_action(db, Action(demo.id, "张伟", "<script>alert(1)</script>", owner="张伟"))
    meeting = queries.get_meeting(db, demo.id)
    meeting.title = "<img src=x onerror=alert(2)>复盘"
    queries.save_meeting(db, meeting)
    [path] = export_meeting(db, demo.id, fmt, tmp_path, lang="zh", today=TODAY)
    content = path.read_text(encoding="utf-8")
    assert "<script>alert" not in content and "&lt;script&gt;" in content
    assert "<img" not in content and "&lt;img src=x onerror=alert(2)&gt;复盘" in content
    if fmt == "html":
        assert '<meta charset="utf-8">' in content


def test_markdown_cells_with_pipes_do_not_break_the_table(db, demo, tmp_path):
    queries.save_action(db, Action(demo.id, "张伟", "A|B\n第二行", owner="张伟"))
    [path] = export_meeting(db, demo.id, "md", tmp_path, lang="zh", today=TODAY, tables=["actions"])
    line = next(l for l in path.read_text(encoding="utf-8").splitlines() if "A\\|B" in l)
    assert "A\\|B<br>第二行" in line


def test_cross_meeting_tracking_sheet_filters(db, demo, tmp_path):
    import pandas as pd

    [path] = export_actions(db, tmp_path / "overdue.csv", "csv", lang="zh", today=TODAY, overdue=True)
    frame = pd.read_csv(path, encoding="utf-8-sig")
    expected = [a.id for a in queries.find_actions(db, overdue_on=TODAY)]
    assert frame["编号"].tolist() == expected and expected
    assert set(frame["会议"]) == {queries.get_meeting(db, 1).title}


def test_progress_is_reported_for_every_row(db, demo, tmp_path):
    seen = []
    export_meeting(db, demo.id, "xlsx", tmp_path, lang="zh", today=TODAY,
                   progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == sum(len(t.rows) for t in collect(db, demo.id, "zh", TODAY))


def test_unknown_format_and_table_are_user_errors(db, demo, tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        export_meeting(db, demo.id, "pdf", tmp_path, lang="en", today=TODAY)
    with pytest.raises(ValueError, match="unknown table"):
        export_meeting(db, demo.id, "csv", tmp_path, lang="en", today=TODAY, tables=["nope"])
    with pytest.raises(ValueError, match="未知格式 'pdf'"):  # in the language of the export
        export_meeting(db, demo.id, "pdf", tmp_path, lang="zh", today=TODAY)


def test_out_names_the_file_or_its_folder_and_a_path_like_another_file_is_refused(db, demo, tmp_path):
    [one] = export_actions(db, tmp_path / "tracking.csv", "csv", lang="zh", today=TODAY)
    assert one == tmp_path / "tracking.csv" and one.is_file()  # one table: the CSV file itself
    (tmp_path / "d.xlsx").mkdir()
    [inside] = export_actions(db, tmp_path / "d.xlsx", "xlsx", lang="zh", today=TODAY)
    assert inside == tmp_path / "d.xlsx" / "行动计划跟踪表.xlsx"  # an existing folder, whatever its name
    with pytest.raises(ValueError, match=r"out.txt: expected a folder or a \.xlsx file"):
        export_meeting(db, demo.id, "xlsx", tmp_path / "out.txt", lang="en", today=TODAY)
    with pytest.raises(ValueError, match=r"all.csv: expected a folder or \d+ CSV files"):
        export_meeting(db, demo.id, "csv", tmp_path / "all.csv", lang="en", today=TODAY)
    with pytest.raises(ValueError, match=r"all.csv：应为文件夹或\d+ 个 CSV 文件"):
        export_meeting(db, demo.id, "csv", tmp_path / "all.csv", lang="zh", today=TODAY)
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "all.csv").exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a place no file can be created in")
def test_an_xlsx_that_cannot_be_created_is_one_oserror(db, demo):
    with pytest.raises(OSError, match="cannot write /proc/fupan.xlsx"):
        export_meeting(db, demo.id, "xlsx", Path("/proc/fupan.xlsx"), lang="en", today=TODAY)


def test_display_width_counts_wide_characters_twice():
    assert display_width("abc") == 3
    assert display_width("销售额") == 6
    assert display_width("Ｑ３销售") == 8


def test_closed_action_is_not_overdue_in_the_sheet(db, demo, tmp_path):
    action = queries.save_action(db, Action(demo.id, "张伟", "关闭的行动", owner="张伟", due=date(2026, 1, 1),
                                            status=ActionStatus.DONE))
    [table] = collect(db, demo.id, "zh", TODAY, ["actions"])
    row = next(r for r in table.rows if r[0] == action.id)
    assert row[9] == "已完成"


# --- the fast paths of the large exports give what the plain rules give ------------------------------


def test_csv_columns_are_converted_as_cell_by_cell(tmp_path):
    """write_csv converts a column at a time and skips columns that need nothing: the file is byte for
    byte the one the per-cell rules (_CSV_CELL) give."""
    from datetime import datetime

    from exports.tables import DATE, GAP, INT, NUMBER, RATE, TEXT, Table
    from exports.csv_writer import _CSV_CELL, write_csv

    kinds = [TEXT, TEXT, NUMBER, INT, GAP, RATE, DATE, DATE]
    columns = [[None, "", "plain", "销售额", *INJECTIONS, "-", "\n换行", "a=b"],
               ["clean", None, "", "整体业绩", "x", "y", "z", "w", "v", "u", "t", "s", "r"],
               [1, 2.0, 2.5, None, -3, 0.0, 1e20, 7, 8, 9, 10, 11, 12],
               [1, 2, 3, None, 5, 6, 7, 8, 9, 10, 11, 12, 13],
               [-1.0, None, 0.25, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
               [0.76, None, 1.0, 0.0, -0.05, 1.234, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
               [date(2026, 1, 2), None, date(2026, 12, 31), *[date(2026, 5, 5)] * 10],
               [datetime(2026, 1, 2, 3, 4), None, date(2026, 1, 1), *[None] * 10]]
    rows = [list(row) for row in zip(*columns)]
    for only_clean in (False, True):
        table = Table("actions", "t", [f"c{i}" for i in range(len(kinds))], kinds,
                      rows=[[r[0] if not only_clean else "x", *r[1:6], r[6], r[6]] for r in rows])
        path = write_csv(table, tmp_path / f"fast{only_clean}.csv")
        expected = io.StringIO(newline="")
        writer = csv.writer(expected)
        writer.writerow(table.columns)
        writer.writerows([[_CSV_CELL[k](v) for k, v in zip(kinds, row)] for row in table.rows])
        assert path.read_bytes() == expected.getvalue().encode("utf-8-sig")


def test_action_rows_from_sql_give_the_table_the_actions_give(db, demo):
    """The export builds the tracking sheet from SQL rows, deciding overdue and due soon once per
    (due, status): the same rows and marks as core.rules applied to every Action."""
    from exports.tables import action_rows_table, action_table

    for day, status in [(None, ActionStatus.NOT_STARTED), (TODAY, ActionStatus.IN_PROGRESS),
                        (date(2026, 11, 22), ActionStatus.NOT_STARTED), (date(2026, 11, 22), ActionStatus.DONE),
                        (date(2026, 11, 30), ActionStatus.IN_PROGRESS), (date(2026, 12, 1), ActionStatus.CANCELLED),
                        (date(2027, 1, 1), ActionStatus.NOT_STARTED)]:
        queries.save_action(db, Action(demo.id, "李娜", f"{day} {status}", owner="李娜", due=day, status=status,
                                       start=date(2026, 11, 1)))
    from core.i18n import status_text, update_text
    from exports.tables import DUE_COL, DUE_SOON, OVERDUE, STATUS_COL

    actions = queries.actions_for(db, demo.id)
    updates = queries.latest_updates(db)
    rows = queries.action_rows_for_export(db, meeting_id=demo.id)
    assert [r[0] for r in rows] == [a.id for a in actions]
    titles = {demo.id: demo.title}
    for lang in ("zh", "en"):
        # what core.rules says of each Action, row by row
        expected_rows = [[a.id, a.presenter, a.measure, a.owner, a.start, a.due, a.standard, a.checkpoint,
                          a.resources, status_text(a.status, rules.is_overdue(a, TODAY), lang), a.risk,
                          update_text(updates.get(a.id), lang),
                          ""] for a in actions]
        expected_marks = {}
        for n, a in enumerate(actions):
            if rules.is_overdue(a, TODAY):
                expected_marks[(n, STATUS_COL)] = expected_marks[(n, DUE_COL)] = OVERDUE
            elif rules.is_due_soon(a, TODAY):
                expected_marks[(n, DUE_COL)] = DUE_SOON
        assert OVERDUE in expected_marks.values() and DUE_SOON in expected_marks.values()
        by_rows = action_rows_table(rows, updates, lang, TODAY)
        assert by_rows.rows == expected_rows and by_rows.marks == expected_marks
        for titled in (None, titles):
            by_actions = action_table(actions, updates, lang, TODAY, meeting_titles=titled)
            by_rows = action_rows_table(rows, updates, lang, TODAY, meeting_titles=titled)
            assert by_rows.rows == by_actions.rows and by_rows.marks == by_actions.marks
    overdue_rows = queries.action_rows_for_export(db, overdue_on=TODAY, by_due=True)
    assert [r[0] for r in overdue_rows] == [a.id for a in queries.find_actions(db, overdue_on=TODAY)]


def test_exports_pause_the_cycle_collector_and_restore_it(db, demo, tmp_path):
    import gc

    from exports.tables import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    export_meeting(db, demo.id, "csv", tmp_path, lang="zh", today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        export_actions(db, tmp_path / "a.csv", "csv", lang="zh", today=TODAY)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_an_export_on_a_worker_thread_leaves_the_cycle_collector_running(db_path, demo, tmp_path):
    """The app exports from a worker while its screen runs: the process-wide collector stays on."""
    import gc
    import threading

    from db.store import connect
    from exports.tables import gc_paused

    seen: list[bool] = []

    def export() -> None:
        db = connect(db_path)
        try:
            with gc_paused():
                seen.append(gc.isenabled())
            export_meeting(db, demo.id, "csv", tmp_path, lang="zh", today=TODAY)
            seen.append(gc.isenabled())
        finally:
            db.close()

    worker = threading.Thread(target=export)
    worker.start()
    worker.join(60)
    assert seen == [True, True] and gc.isenabled()


def test_key_work_table_marks_shortfalls_and_reaches_the_report(db, demo, tmp_path):
    [table] = collect(db, demo.id, "zh", TODAY, ["key_work"])
    rows = {row[1]: row for row in table.rows}
    assert rows["重点客户华力机械二期签约"][4:] == ["未达成", "客户预算审批延后，我方未提前锁定决策人", "策略"]
    assert rows["老客户复购激活计划"][4] == "达成"
    shortfall_rows = {r for (r, c), mark in table.marks.items() if c == 4}
    assert {table.rows[r][1] for r in shortfall_rows} == {
        "重点客户华力机械二期签约", "开拓食品行业新客户3家", "新人带教与话术训练"}
    [path] = export_meeting(db, demo.id, "report", tmp_path, lang="zh", today=TODAY)
    report = path.read_text(encoding="utf-8")
    assert "重点工作复盘表" in report and "开拓食品行业新客户3家" in report


def test_negative_and_zero_targets_in_the_indicator_table_agree_with_their_flags(db, demo):
    """Issue 12's rows, exported: the rate and 达成/未达成 never contradict each other; a rate that cannot
    be defined is blank with the reason in 差异分析."""
    from core.model import Direction, Indicator, IndicatorValue

    rows = [("净利润", Direction.HIGHER, -100, -50), ("亏损额", Direction.LOWER, -100, -50),
            ("销售额(调整)", Direction.HIGHER, -500, 380), ("退货数", Direction.LOWER, 0, 3)]
    for name, direction, target, actual in rows:
        indicator = queries.save_indicator(db, Indicator(demo.id, name, "整体业绩", "万元", direction))
        queries.save_values(db, [IndicatorValue(indicator.id, "张伟", "H1", target, actual)])
    [table] = collect(db, demo.id, "zh", TODAY, ["indicators"])
    shown = {row[2]: (table.rows.index(row), row) for row in table.rows if row[0] == "张伟" and row[2] in
             {r[0] for r in rows}}
    expected = {"净利润": (1.5, "达成"), "亏损额": (0.5, "未达成"), "销售额(调整)": (2.76, "达成"),
                "退货数": (None, "未达成")}
    for name, (rate, verdict) in expected.items():
        index, row = shown[name]
        assert row[7] == (pytest.approx(rate) if rate is not None else None), name
        assert row[10].startswith(verdict) and not row[10].startswith("未" if verdict == "达成" else "达成"), name
        assert ((index, 7) in table.marks) is (verdict == "未达成"), name  # shortfall marks follow the flag
    assert "目标为0" in shown["退货数"][1][10]
