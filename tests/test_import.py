"""Imports: sheets as people keep them go in; a bad sheet is rejected whole, with every problem listed."""

from __future__ import annotations

import csv
from dataclasses import astuple
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from core.model import ActionStatus, Aggregation, Direction, Slot
from db import queries
from exports.agenda import import_agenda
from exports.headers import wide_column
from exports.reading import SheetError
from exports.returned import import_actions
from exports.indicators import import_indicators
from exports.templates import write_templates
from exports.write import export_meeting
from tests.conftest import TODAY
from tests.drivers import run_cli, sqlite_utils_on

TABLES = ("indicators", "indicator_values", "slots", "actions", "action_updates")


def counts(db) -> dict[str, int]:
    return {t: sqlite_utils_on(db).table(t).count for t in TABLES}


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, title: str | None = None,
               sheet: str = "Sheet1") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def value_of(db, meeting_id: int, presenter: str, name: str, period: str):
    [indicator] = [i for i in queries.indicators_for(db, meeting_id) if i.name == name]
    [value] = [v for v in queries.values_for(db, meeting_id, presenter)
               if v.indicator_id == indicator.id and v.period == period]
    return indicator, value


@pytest.fixture
def meeting(db):
    """A quarterly review with three presenters and nothing imported yet."""
    from core.model import Meeting

    m = queries.save_meeting(db, Meeting("Q3 复盘会", "分析Q3销售额未达标原因", period="Q3",
                                         date=date(2026, 10, 20)))
    for name in ("张伟", "李娜", "王芳"):
        queries.add_slot(db, m.id, name)
    return m


LONG_ZH = [
    ["汇报人", "指标类别", "具体指标", "单位", "方向", "期间", "目标值", "实际值", "去年同期"],
    ["张伟", "整体业绩", "销售额", "万元", "越高越好", "7月", "500万", "380万", "350"],
    ["张伟", "客户维护", "复购率", "%", "越高越好", "7月", "60%", "65%", ""],
    ["张伟", "过程效率", "平均跟进周期", "天", "越低越好", "7月", "１５", "22", ""],
    ["李娜", "整体业绩", "销售额", "万元", "越高越好", "Q3", "1.2亿", "９０００", ""],
    ["王芳", "过程效率", "新客获取成本", "元", "越低越好", "7月", "￥400", "￥1,234", ""],
]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_long_csv_in_every_encoding(db, meeting, tmp_path, encoding):
    path = write_csv(tmp_path / "指标.csv", LONG_ZH, encoding)
    result = import_indicators(db, meeting.id, path)
    assert (result.indicators_created, result.values_created) == (4, 5)
    sales, value = value_of(db, meeting.id, "张伟", "销售额", "M07")
    assert (value.target, value.actual, value.last_year) == (500, 380, 350)
    assert sales.unit == "万元" and sales.category == "整体业绩" and sales.aggregation is Aggregation.SUM
    rate, value = value_of(db, meeting.id, "张伟", "复购率", "M07")
    assert (value.target, value.actual) == (60, 65) and rate.aggregation is Aggregation.MEAN
    cycle, value = value_of(db, meeting.id, "张伟", "平均跟进周期", "M07")
    assert cycle.direction is Direction.LOWER and value.target == 15
    _, value = value_of(db, meeting.id, "李娜", "销售额", "Q3")
    assert (value.target, value.actual) == (12000, 9000)
    _, value = value_of(db, meeting.id, "王芳", "新客获取成本", "M07")
    assert (value.target, value.actual) == (400, 1234)


def test_xlsx_with_a_title_row_and_english_headers(db, meeting, tmp_path):
    rows = [["Presenter", "Indicator", "Unit", "Direction", "Period", "Target", "Actual"],
            ["张伟", "New customers", "个", "higher", "Jul", 20, 12],
            ["王芳", "Acquisition cost", "元", "lower is better", "2026-08", 400, "500"]]
    path = write_xlsx(tmp_path / "kpi.xlsx", rows, title="华东销售中心 Q3 指标表")
    result = import_indicators(db, meeting.id, path)
    assert result.values_created == 2
    _, value = value_of(db, meeting.id, "张伟", "New customers", "M07")
    assert (value.target, value.actual) == (20, 12)
    cost, value = value_of(db, meeting.id, "王芳", "Acquisition cost", "M08")
    assert cost.direction is Direction.LOWER and value.actual == 500


def test_xlsx_percent_cells_come_in_as_typed(db, meeting, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["汇报人", "指标", "单位", "期间", "目标", "实际"])
    ws.append(["张伟", "复购率", "%", "Q3", 0.6, 0.65])
    ws["E2"].number_format = ws["F2"].number_format = "0%"
    book.save(tmp_path / "pct.xlsx")
    import_indicators(db, meeting.id, tmp_path / "pct.xlsx")
    _, value = value_of(db, meeting.id, "张伟", "复购率", "Q3")
    assert (value.target, value.actual) == (60, 65)


def test_wide_layout_months_quarters_and_halves(db, meeting, tmp_path):
    rows = [["销售目标与完成情况（单位：万元）"],
            ["姓名", "指标", "单位", "7月目标", "7月实际", "Q3 目标", "Q3 实际", "H2目标", "Aug target", "Aug actual"],
            ["张伟", "销售额", "万元", "80", "70", "250万", "", "500", "85", "￥60"],
            ["李娜", "销售额", "万元", "", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "wide.csv", rows, "gbk")
    result = import_indicators(db, meeting.id, path)
    assert result.values_created == 4  # 李娜's empty row writes nothing
    periods = {v.period: (v.target, v.actual) for v in queries.values_for(db, meeting.id, "张伟")}
    assert periods == {"M07": (80, 70), "Q3": (250, None), "H2": (500, None), "M08": (85, 60)}


def test_wide_header_recognition():
    assert wide_column("1月目标") == ("M01", "target")
    assert wide_column("Q1 实际") == ("Q1", "actual")
    assert wide_column("上半年目标值") == ("H1", "target")
    assert wide_column("Jan target") == ("M01", "target")
    assert wide_column("目标-Q2") == ("Q2", "target")
    assert wide_column("实际完成") is None


def test_dry_run_previews_and_writes_nothing(db, meeting, tmp_path):
    before = counts(db)
    result = import_indicators(db, meeting.id, write_csv(tmp_path / "a.csv", LONG_ZH), dry_run=True)
    assert result.dry_run and len(result.preview) == 5 and result.values_created == 5
    assert result.preview[0].presenter == "张伟" and result.preview[0].target == 500
    assert counts(db) == before


def test_reimport_updates_values_and_keeps_columns_the_sheet_lacks(db, meeting, tmp_path):
    import_indicators(db, meeting.id, write_csv(tmp_path / "a.csv", LONG_ZH))
    targets_only = [["汇报人", "指标", "期间", "目标"], ["张伟", "销售额", "7月", "520"]]
    result = import_indicators(db, meeting.id, write_csv(tmp_path / "b.csv", targets_only))
    assert (result.indicators_created, result.values_created, result.values_updated) == (0, 0, 1)
    _, value = value_of(db, meeting.id, "张伟", "销售额", "M07")
    assert (value.target, value.actual) == (520, 380)


BAD_CASES = [
    ("missing column", [["汇报人", "期间", "目标值", "实际值"], ["张伟", "7月", "1", "2"]], "missing column"),
    ("text in number", [["汇报人", "指标", "期间", "目标值", "实际值"], ["张伟", "销售额", "7月", "很多", "2"]],
     "row 2, column 目标值: '很多' expected a number"),
    ("unknown presenter", [["汇报人", "指标", "期间", "目标值"], ["赵六", "销售额", "7月", "1"]],
     "'赵六' expected a presenter on the meeting's agenda"),
    ("duplicate row", [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "7月", "1"],
                       ["张伟", "销售额", "July", "2"]], "row 3: '张伟 / 销售额 / M07' expected one row per"),
    ("empty file", [], "the file is empty"),
    ("bad period", [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "13月", "1"]],
     "'13月' expected a period"),
    ("no header", [["a", "b"], ["1", "2"]], "a header row"),
    ("header only", [["汇报人", "指标", "期间", "目标值"]], "at least one value under the header"),
    ("long and wide mixed", [["汇报人", "指标", "期间", "目标值", "2月目标"], ["张伟", "销售额", "1月", "1", "2"]],
     "column 2月目标: expected one layout per sheet"),
    ("no figures", [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "7月", ""]], "at least one value"),
    ("overlong number", [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "7月", "9" * 400]],
     "too large"),  # once stored as inf, which the XLSX export refused
    ("decimal comma", [["汇报人", "指标", "期间", "目标值"], ["张伟", "销售额", "7月", "80,5"]],
     "'80,5' expected a number"),
]


@pytest.mark.parametrize(("case", "rows", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_sheets_are_rejected_whole(db, meeting, tmp_path, case, rows, message):
    import_indicators(db, meeting.id, write_csv(tmp_path / "good.csv", LONG_ZH))
    before = counts(db)
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, path)
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems
    assert all(str(p).startswith("bad.csv") for p in caught.value.problems)
    assert counts(db) == before


def test_every_problem_is_listed_and_good_rows_are_not_written(db, meeting, tmp_path):
    rows = [["汇报人", "指标", "期间", "目标值", "实际值"],
            ["张伟", "销售额", "7月", "100", "90"],
            ["赵六", "销售额", "7月", "abc", "1"],
            ["李娜", "", "7月", "1", "1"],
            ["王芳", "销售额", "8月", "1", "x"]]
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, write_csv(tmp_path / "bad.csv", rows))
    rows_reported = sorted(p.row for p in caught.value.problems)
    assert rows_reported == [3, 3, 4, 5]
    assert counts(db)["indicator_values"] == 0 and counts(db)["indicators"] == 0


def test_wrong_sheet_name_lists_the_sheets(db, meeting, tmp_path):
    path = write_xlsx(tmp_path / "kpi.xlsx", LONG_ZH, sheet="指标")
    with pytest.raises(SheetError, match="one of: 指标"):
        import_indicators(db, meeting.id, path, sheet="Sheet9")
    assert import_indicators(db, meeting.id, path, sheet="指标").values_created == 5


def test_empty_xlsx_and_not_a_spreadsheet(db, meeting, tmp_path):
    with pytest.raises(SheetError, match="empty"):
        import_indicators(db, meeting.id, write_xlsx(tmp_path / "empty.xlsx", []))
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(SheetError, match="readable .xlsx"):
        import_indicators(db, meeting.id, tmp_path / "fake.xlsx")
    assert counts(db)["indicators"] == 0


def test_inconsistent_indicator_attributes_are_a_problem(db, meeting, tmp_path):
    rows = [["汇报人", "指标", "单位", "期间", "目标值"], ["张伟", "销售额", "万元", "7月", "1"],
            ["李娜", "销售额", "元", "7月", "1"]]
    with pytest.raises(SheetError, match="the same unit for 销售额"):
        import_indicators(db, meeting.id, write_csv(tmp_path / "u.csv", rows))


# --- large CSV sheets: pandas reads them; the results of many sheets are oracles in
# tests/test_indicator_import_oracles.py ------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    'a,b,c\n1,2\n\n3,4,5\n', 'a,b\n"x ""q"" y",2\nab"c,3\n"ab"c,4\n" sp ",5\n', 'a,b\n"l1\nl2",2\n3,4\n',
    'a,b\r1,2\r3,4\r', 'a,b\r\n\r\n1,2\r\n', 'a,b\n   \n1,2\n', 'a,b\n1,2\n\n\n', 'title\na,b\n1,2,3\n',
    'a,b,c\nx, "b,c",d\n', 'a\tb\n1\t2\n', 'a;b;c\n1;2;3\n', 'a,b\n1\\,2,3\n', 'a,b\n"",2\n#x,3\n',
])
def test_pandas_reads_a_csv_file_as_csv_reader_does(tmp_path, content):
    """Where pandas reads the file at all (else the row reader does), every record is the same row,
    with the same cells, padded with blanks."""
    from exports.reading import _read_csv
    from exports.indicator_columns import _read_csv_frame

    path = tmp_path / "sheet.csv"
    path.write_bytes(content.encode("utf-8-sig"))
    frame = _read_csv_frame(path)
    expected = [cells for _, cells in _read_csv(path).rows]
    if frame is not None:
        got = frame.to_numpy(dtype=object).tolist()
        assert len(got) == len(expected)
        assert [row[:len(cells)] for row, cells in zip(got, expected)] == expected
        assert all(c == "" for row, cells in zip(got, expected) for c in row[len(cells):])


@pytest.mark.parametrize("unit", ["", "万元", "元", "%", "亿", "千克"])
def test_plain_decimal_short_cut_agrees_with_core_parse(unit):
    from core.parse import ParseError, parse_quantity
    from exports.indicator_columns import _plain_quantity

    plain = ["0", "500", "-3.5", "+7", ".5", "0012", "-0", "123456789.123456789", "1" * 30]
    other = ["", " 12", "12.", "1e3", "inf", "nan", "1_000", "１２", "500万", "76%", "￥1", "1,234", "-", "--1",
             "+-1", "٣", "0x10", "1.2.3", "5000元", "9" * 31, "9" * 400]
    for raw in plain:
        assert _plain_quantity(raw) == parse_quantity(raw, unit)
        assert str(_plain_quantity(raw)) == str(parse_quantity(raw, unit))  # -0.0 stays -0.0
    for raw in other:
        assert _plain_quantity(raw) is None, raw  # left to core.parse
        try:
            parse_quantity(raw, unit)
        except ParseError:
            pass


def test_a_presenter_spelled_with_full_width_characters_is_the_one_on_the_agenda(db, meeting, tmp_path):
    """"Ａlice" and "李　娜" (full-width letter, ideographic space) are the agenda's Alice and 李娜; a name
    stored before names were folded ("陈　静 ", written directly) is found by its folded spelling."""
    queries.add_slot(db, meeting.id, "Alice")
    queries.save_slot(db, Slot(meeting.id, "陈　静 ", 9, 600))
    rows = [["汇报人", "指标", "期间", "目标值", "实际值"], ["Ａlice", "销售额", "7月", "500", "380"],
            ["李　娜", "销售额", "7月", "400", "300"], ["陈静", "销售额", "7月", "300", "200"]]
    import_indicators(db, meeting.id, write_csv(tmp_path / "a.csv", rows))
    assert [value_of(db, meeting.id, name, "销售额", "M07")[1].target for name in ("Alice", "李娜", "陈　静 ")] == [
        500, 400, 300]
    assert sorted({v.presenter for v in queries.values_for(db, meeting.id)}) == sorted(["Alice", "李娜", "陈　静 "])


# --- agenda ----------------------------------------------------------------------------------------


def test_agenda_import_orders_adds_and_sets_minutes(db, meeting, tmp_path):
    rows = [["顺序", "汇报人", "时长(分钟)"], ["2", "张伟", "15分钟"], ["1", "陈静", ""], ["3", "李娜", "8"]]
    result = import_agenda(db, meeting.id, write_csv(tmp_path / "agenda.csv", rows, "gbk"))
    assert result.added == ["陈静"]
    agenda = [(s.presenter, s.planned_seconds, s.position) for s in queries.slots_for(db, meeting.id)]
    assert agenda == [("陈静", 600, 1), ("张伟", 900, 2), ("李娜", 480, 3), ("王芳", 600, 4)]


def test_agenda_import_folds_full_width_names_onto_the_agenda(db, meeting, tmp_path):
    rows = [["汇报人", "时长"], ["张　伟", "15"], ["Ｂｏｂ", "5"]]
    result = import_agenda(db, meeting.id, write_csv(tmp_path / "agenda.csv", rows))
    assert (result.added, result.updated) == (["Bob"], ["张伟", "李娜", "王芳"])  # 15 min; moved down
    agenda = [(s.presenter, s.planned_seconds) for s in queries.slots_for(db, meeting.id)]
    assert agenda == [("张伟", 900), ("Bob", 300), ("李娜", 600), ("王芳", 600)]
    duplicates = [["汇报人", "时长"], ["Bob", "5"], ["Ｂｏｂ", "6"]]
    with pytest.raises(SheetError, match="each presenter once"):
        import_agenda(db, meeting.id, write_csv(tmp_path / "again.csv", duplicates))


def test_agenda_bad_minutes_and_duplicates(db, meeting, tmp_path):
    before = counts(db)
    rows = [["Presenter", "Minutes"], ["张伟", "0"], ["张伟", "10"], ["陈静", "ten"], ["王芳", "十"]]
    with pytest.raises(SheetError) as caught:
        import_agenda(db, meeting.id, write_csv(tmp_path / "agenda.csv", rows))
    text = "\n".join(map(str, caught.value.problems))
    assert "whole minutes from 1 to 120" in text and "each presenter once" in text and "'ten'" in text
    assert "'十' expected whole minutes" in text  # not "a number such as 500万"
    assert counts(db) == before


# --- the tracking sheet back ------------------------------------------------------------------------


def _edited_sheet(db, tmp_path: Path, edit) -> Path:
    [path] = export_meeting(db, 1, "csv", tmp_path, lang="zh", today=TODAY, tables=["actions"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    return write_csv(tmp_path / "edited.csv", rows)


def test_action_sheet_applies_status_notes_and_dates(db, demo, tmp_path):
    def edit(rows):
        rows[1][9], rows[1][12] = "已完成", "机制已上线"  # action 1
        rows[2][5] = "12月20日"  # action 2's due date, typed without a year

    path = _edited_sheet(db, tmp_path, edit)
    now = datetime(2026, 11, 24, 9, 0)
    result = import_actions(db, path, today=TODAY, now=now)
    assert sorted((c.action_id, c.field) for c in result.changes) == [(1, "note"), (1, "status"), (2, "due")]
    assert queries.get_action(db, 1).status is ActionStatus.DONE
    assert queries.updates_for(db, 1)[-1].note == "机制已上线"
    assert queries.get_action(db, 2).due == date(2026, 12, 20)
    again = import_actions(db, path, today=TODAY, now=now)
    assert again.changes == [] and again.conflicts == []


def test_a_due_date_without_a_year_in_the_sheet_is_on_or_after_the_actions_meeting(db, demo, tmp_path):
    """Issue 12: a month-day typed in the tracking sheet is the next such day on or after the date of the
    action's meeting, as in the app's form — not that day of the current year, already past."""
    meeting = queries.get_meeting(db, queries.get_action(db, 2).meeting_id)
    assert meeting.date is not None
    before = meeting.date - timedelta(days=1)  # the day before the meeting: next year's is meant
    path = _edited_sheet(db, tmp_path, lambda rows: rows[2].__setitem__(5, f"{before.month}月{before.day}日"))
    import_actions(db, path, today=TODAY)
    due = queries.get_action(db, 2).due
    assert due == before.replace(year=before.year + 1) and due >= meeting.date


def test_action_changed_in_both_places_is_reported_not_overwritten(db, demo, tmp_path):
    path = _edited_sheet(db, tmp_path, lambda rows: rows[1].__setitem__(9, "已取消"))
    queries.update_action_status(db, 1, ActionStatus.DONE, "在会上关闭", at=datetime(2026, 11, 23, 18, 0))
    result = import_actions(db, path, today=TODAY)
    assert result.changes == [] and len(result.conflicts) == 1 and "#1" in str(result.conflicts[0])
    assert queries.get_action(db, 1).status is ActionStatus.DONE


def test_action_sheet_with_unknown_id_and_bad_status(db, demo, tmp_path):
    before = counts(db)
    rows = [["编号", "当前状态", "完成时间"], ["999", "进行中", ""], ["1", "快好了", ""], ["2", "", "2026-02-30"],
            ["-1", "进行中", ""], ["1.5", "进行中", ""], ["99999999999999999999", "进行中", ""]]
    with pytest.raises(SheetError) as caught:
        import_actions(db, write_csv(tmp_path / "a.csv", rows), today=TODAY)
    text = "\n".join(map(str, caught.value.problems))
    assert "existing action" in text and "'快好了'" in text and "'2026-02-30'" in text
    for bad_id in ("'-1'", "'1.5'", "'99999999999999999999'"):  # the last once raised OverflowError
        assert f"{bad_id} expected an action ID as exported" in text, text
    assert counts(db) == before


def test_files_that_are_not_sheets_and_headers_too_low_say_so(db, meeting, tmp_path):
    markdown = tmp_path / "actions.md"
    markdown.write_text("| 编号 | 当前状态 |\n|---|---|\n| 1 | 已完成 |\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"a \.csv or \.xlsx file"):
        import_actions(db, markdown, today=TODAY)
    low = write_csv(tmp_path / "low.csv", [["说明"]] * 12 + LONG_ZH)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, low)
    assert "a header row in the first 10 rows" in str(caught.value.problems[0])


# --- templates and the round trip --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_filled_imported_and_exported_gives_the_same_numbers(db, meeting, tmp_path, lang):
    from openpyxl import load_workbook

    paths = write_templates(tmp_path / "tpl", lang)
    assert sorted(p.name for p in paths) == ["agenda-template.csv", "agenda-template.xlsx",
                                            "indicators-template.csv", "indicators-template.xlsx"]
    assert paths[0].read_bytes().startswith(b"\xef\xbb\xbf")
    book = load_workbook(tmp_path / "tpl" / "indicators-template.xlsx")
    ws = book.active
    header = [c.value for c in ws[1]]
    filled = [("张伟", "销售额", "万元", "7月", 500, 380), ("张伟", "新客户数", "个", "7月", 20, 12),
              ("李娜", "复购率", "%", "7月", 60, 65)]
    ws.delete_rows(2)
    col = {name: header.index(name) + 1 for name in header}
    keys = ("presenter", "indicator", "unit", "period", "target", "actual")
    from core.i18n import text

    for r, values in enumerate(filled, start=2):
        for key, value in zip(keys, values):
            ws.cell(r, col[text(key, lang)], value)
    book.save(tmp_path / "filled.xlsx")
    assert import_indicators(db, meeting.id, tmp_path / "filled.xlsx").values_created == 3

    [out] = export_meeting(db, meeting.id, "xlsx", tmp_path / "out.xlsx", lang=lang, today=TODAY,
                           tables=["indicators"])
    sheet = load_workbook(out).active
    head = [c.value for c in sheet[1]]
    got = {(row[head.index(text("presenter", lang))], row[head.index(text("indicator", lang))]):
           row[head.index(text("target", lang)):head.index(text("achievement", lang)) + 1]
           for row in sheet.iter_rows(min_row=2, values_only=True)
           if row[head.index(text("period", lang))] in ("2026年7月", "Jul 2026")}  # periods show their year
    assert got[("张伟", "销售额")] == (500, 380, pytest.approx(0.76))
    assert got[("张伟", "新客户数")] == (20, 12, pytest.approx(0.60))
    assert got[("李娜", "复购率")][2] == pytest.approx(65 / 60)


def test_templates_never_overwrite_a_filled_in_one_unless_asked(capsys, tmp_path):
    from tests.drivers import run_cli

    write_templates(tmp_path, "zh")
    filled = tmp_path / "indicators-template.csv"
    filled.write_text("汇报人,具体指标,期间,目标值\n张伟,销售额,7月,500\n", encoding="utf-8-sig")
    with pytest.raises(FileExistsError, match="indicators-template.csv"):
        write_templates(tmp_path, "en")
    code, _, err = run_cli(capsys, "--db", str(tmp_path / "x.db"), "template", str(tmp_path))
    assert code == 2 and "already there" in err and len(err.strip().splitlines()) == 1
    assert "张伟,销售额" in filled.read_text(encoding="utf-8-sig")
    code, _, _ = run_cli(capsys, "--db", str(tmp_path / "x.db"), "template", str(tmp_path), "--overwrite")
    assert code == 0 and "张伟,销售额" not in filled.read_text(encoding="utf-8-sig")


def test_an_exported_review_read_back_does_not_freeze_its_half_year(db, demo, tmp_path):
    """The export lists H1 rolled up from the months; importing it back stores no H1 row, so a month
    corrected later still changes H1 (seed 001: 张伟 销售额 500 → 380, 76 %)."""
    [path] = export_meeting(db, demo.id, "csv", tmp_path, lang="zh", today=TODAY, tables=["indicators"])
    before = queries.values_for(db, demo.id)
    result = import_indicators(db, demo.id, path)
    assert result.rolled_up > 0 and result.values_created == 0
    assert "not stored: they are what fupan computes from the months" in result.summary()
    assert sorted(map(astuple, queries.values_for(db, demo.id))) == sorted(map(astuple, before))

    sales = next(i for i in queries.indicators_for(db, demo.id) if i.name == "销售额")
    h1 = queries.review_for(db, demo.id, "张伟", ["H1"])
    assert next(a for a in h1 if a.indicator.id == sales.id).actual == 380
    jan = next(v for v in before if v.presenter == "张伟" and v.indicator_id == sales.id and v.period == "M01")
    fix = [["汇报人", "具体指标", "期间", "实际值"], ["张伟", "销售额", "1月", str(jan.actual + 100)]]
    import_indicators(db, demo.id, write_csv(tmp_path / "fix.csv", fix))
    h1 = queries.review_for(db, demo.id, "张伟", ["H1"])
    assert next(a for a in h1 if a.indicator.id == sales.id).actual == 480


def test_a_quarter_figure_of_its_own_is_stored(db, meeting, tmp_path):
    rows = [["汇报人", "具体指标", "期间", "目标值"], ["张伟", "销售额", "7月", "100"], ["张伟", "销售额", "8月", "100"],
            ["张伟", "销售额", "9月", "100"], ["张伟", "销售额", "Q3", "320"]]  # not 300: set on its own
    result = import_indicators(db, meeting.id, write_csv(tmp_path / "q.csv", rows))
    assert result.rolled_up == 0 and result.values_created == 4


def test_agenda_template_imports(db, meeting, tmp_path):
    write_templates(tmp_path, "zh")
    result = import_agenda(db, meeting.id, tmp_path / "agenda-template.csv")
    assert result.order[0] == ("张伟", 600)


# --- command line -------------------------------------------------------------------------------------


def test_cli_import_export_template_and_actions(capsys, db_path, tmp_path):
    code, out, err = run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    assert code == 0, err
    code, out, err = run_cli(capsys, "--db", str(db_path), "template", str(tmp_path / "tpl"), "--lang", "en")
    assert code == 0 and "indicators-template.xlsx" in out
    code, out, err = run_cli(capsys, "--db", str(db_path), "import", "indicators",
                         str(tmp_path / "tpl" / "indicators-template.csv"), "--meeting", "2", "--dry-run",
                         "--lang", "en")
    assert code == 0 and "would write" in out and "张伟" in out
    code, out, err = run_cli(capsys, "--db", str(db_path), "import", "agenda",
                         str(tmp_path / "tpl" / "agenda-template.xlsx"), "--meeting", "2")
    assert code == 0, err
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "export", "2", "--format", "report",
                         "--out", str(tmp_path / "r.md"))
    assert code == 0 and "76%" in (tmp_path / "r.md").read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db_path), "export", "2", "--format", "csv", "--out",
                         str(tmp_path / "csv"), "--tables", "actions,timing")
    assert code == 0 and len(out.strip().splitlines()) == 2
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "actions", "--owner", "张伟")
    assert code == 0 and "建立线索48小时首次跟进机制" in out
    code, out, err = run_cli(capsys, "--db", str(db_path), "actions", "update", "2", "进行中", "--note", "已启动")
    assert code == 0, err
    code, out, err = run_cli(capsys, "--db", str(db_path), "actions", "--status", "in_progress")
    assert "每周复盘商机推进" in out


def test_cli_rejected_sheet_prints_each_problem_and_changes_nothing(capsys, db_path, tmp_path):
    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    rows = [["汇报人", "指标", "期间", "目标值"], ["赵六", "销售额", "7月", "1"], ["张伟", "销售额", "7月", "abc"]]
    path = write_csv(tmp_path / "bad.csv", rows)
    from db.store import connect

    before = counts(connect(db_path))
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "import", "indicators", str(path), "--meeting", "2")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 3
    assert "row 2" in lines[0] and "row 3" in lines[1] and lines[2].startswith("error: 2 problem(s)")
    assert counts(connect(db_path)) == before


@pytest.mark.parametrize(("argv", "expected"), [
    (["export", "99", "--out", "x"], "no meeting with id 99"),
    (["export", "2", "--tables", "nope"], "unknown table nope"),
    (["actions", "update", "1", "finito"], "expected one of"),
    (["actions", "update", "999", "done"], "no action with id 999"),
    (["import", "agenda", "missing.csv", "--meeting", "2"], "an existing file"),
])
def test_cli_user_errors_are_one_line(capsys, db_path, tmp_path, monkeypatch, argv, expected):
    monkeypatch.chdir(tmp_path)
    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", *argv)
    assert code == 2 and expected in err and "Traceback" not in err


# --- bad input found in review -------------------------------------------------------------------------


def _swallowing_csv(path: Path, header: list[str], row: list[str], *, closed: bool) -> Path:
    """A CSV file whose row 2 starts a quoted cell that runs over csv's 131072-character limit:
    unclosed (a stray quote swallowing the rest of a big file), or closed (one very long cell)."""
    line = ",".join(row)
    filler = "\n".join(line for _ in range(200_000 // len(line)))  # 200,000 characters of ordinary rows
    cell = f'"{filler}"' if closed else f'"{filler}'
    text_ = ",".join(header) + "\n" + ",".join([*row[:-1], cell]) + "\n" + ",".join(row) + "\n"
    path.write_text(text_, encoding="utf-8-sig")
    return path


SWALLOWING = {
    "indicators": (["汇报人", "指标", "期间", "目标值", "备注"], ["张伟", "销售额", "7月", "1", "x"]),
    "agenda": (["汇报人", "时长(分钟)", "备注"], ["张伟", "10", "x"]),
    "actions": (["编号", "当前状态", "备注"], ["1", "进行中", "x"]),
}


@pytest.mark.parametrize("closed", [False, True], ids=["unclosed quote", "one long cell"])
@pytest.mark.parametrize("kind", list(SWALLOWING))
def test_a_cell_over_the_csv_field_limit_is_a_problem_not_a_traceback(db, meeting, tmp_path, kind, closed):
    path = _swallowing_csv(tmp_path / "big.csv", *SWALLOWING[kind], closed=closed)
    before = counts(db)
    run = {"indicators": lambda: import_indicators(db, meeting.id, path),
           "agenda": lambda: import_agenda(db, meeting.id, path),
           "actions": lambda: import_actions(db, path, today=TODAY)}[kind]
    with pytest.raises(SheetError) as caught:
        run()
    [problem] = caught.value.problems
    assert (problem.file, problem.row) == ("big.csv", 2)
    assert "a cell longer than 131072 characters" in str(problem) and "quote" in str(problem)
    assert counts(db) == before


def test_cli_reports_a_cell_over_the_field_limit_in_one_line(capsys, db_path, tmp_path):
    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    path = _swallowing_csv(tmp_path / "big.csv", *SWALLOWING["indicators"], closed=False)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "import", "indicators", str(path), "--meeting", "2")
    assert code == 2 and "big.csv, row 2" in err and "131072" in err and "Traceback" not in err


@pytest.mark.parametrize("headers", [("2026年1月实际", "2025年1月实际"), ("1月目标", "一月目标"),
                                     ("Q1 target", "目标-Q1")])
def test_wide_layout_two_columns_for_one_period_and_field(db, meeting, tmp_path, headers):
    first, second = headers
    rows = [["姓名", "指标", "单位", first, second, "2月实际"], ["张伟", "销售额", "万元", "80", "70", "60"]]
    before = counts(db)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, write_csv(tmp_path / "wide.csv", rows))
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (1, f"E ({second})")
    assert str(problem) == (f"wide.csv, row 1, column E ({second}): expected one column per period and field, "
                            f"but column D ({first}) is for the same")
    assert counts(db) == before


UNIT_LATER = [["汇报人", "指标", "单位", "期间", "目标值", "实际值"],
              ["张伟", "新指标", "", "1月", "500万", "3"],
              ["张伟", "新指标", "万元", "2月", "500万", "4"],
              ["李娜", "新指标", "", "1月", "1.2亿", "５"]]


@pytest.mark.parametrize("before", [None, [["汇报人", "指标", "单位", "期间", "目标值"],
                                          ["王芳", "新指标", "万元", "3月", "1"]]], ids=["new", "existing"])
def test_a_unit_given_on_a_later_row_scales_every_row_of_the_indicator(db, meeting, tmp_path, before):
    if before:
        import_indicators(db, meeting.id, write_csv(tmp_path / "before.csv", before))
    result = import_indicators(db, meeting.id, write_csv(tmp_path / "later.csv", UNIT_LATER))
    values = {(p.presenter, p.period): (p.target, p.actual, p.unit) for p in result.preview}
    assert values == {("张伟", "M01"): (500, 3, "万元"), ("张伟", "M02"): (500, 4, "万元"),
                      ("李娜", "M01"): (12000, 5, "万元")}
    stored = {(v.presenter, v.period): (v.target, v.actual) for v in queries.values_for(db, meeting.id)}
    assert {key: stored[key] for key in values} == {key: (t, a) for key, (t, a, _) in values.items()}


def test_a_unit_from_the_database_scales_rows_that_give_none(db, meeting, tmp_path):
    import_indicators(db, meeting.id, write_csv(tmp_path / "a.csv", [["汇报人", "指标", "单位", "期间", "目标值"],
                                                                     ["张伟", "销售额", "万元", "7月", "1"]]))
    rows = [["汇报人", "指标", "单位", "期间", "目标值"], ["李娜", "销售额", "", "7月", "300万"]]
    import_indicators(db, meeting.id, write_csv(tmp_path / "b.csv", rows))
    sales, value = value_of(db, meeting.id, "李娜", "销售额", "M07")
    assert sales.unit == "万元" and value.target == 300


def test_action_row_with_edits_but_no_id_is_a_problem(db, demo, tmp_path):
    def edit(rows):
        rows[1][9] = "已完成"  # action 1's status, and its ID cleared by mistake
        rows[1][0] = ""
        rows[2][0] = ""  # action 2's ID cleared too: its exported status and dates count as edits
        rows.append(["", "张伟", "新措施", "张伟", "", "", "", "", "", "", "", "", ""])  # nothing to import

    before = counts(db)
    path = _edited_sheet(db, tmp_path, edit)
    with pytest.raises(SheetError) as caught:
        import_actions(db, path, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        f"edited.csv, row {row}, column 编号: expected an action ID: this row has a status, date or note but no ID (to leave a row out, delete it)" for row in (2, 3)]
    assert counts(db) == before


def test_action_edits_in_columns_not_imported_are_named_in_the_summary(db, demo, tmp_path):
    def edit(rows):
        rows[0].append("我的批注")
        for row in rows[1:]:
            row.append("")
        rows[1][3], rows[1][9] = "李娜", "已完成"  # action 1: owner (not imported) and status
        rows[2][2] = "改过的措施"  # action 2: measure only
        rows[4][-1] = "看一下"  # a column of the user's own (after the hidden one of what was exported)
        rows.append(["", "张伟", "新措施", "", "", "", "", "", "", "", "", "", "", "", ""])  # a new action, no ID

    path = _edited_sheet(db, tmp_path, edit)
    result = import_actions(db, path, today=TODAY, now=datetime(2026, 11, 24, 9, 0))
    assert [(c.action_id, c.field) for c in result.changes] == [(1, "status")]
    assert result.ignored == {"汇报人": 1, "改进措施": 2, "责任人": 1, "我的批注": 1}
    assert result.summary().endswith("; not imported (only status, dates and notes are): "
                                     "汇报人 (1 row), 改进措施 (2 rows), 责任人 (1 row), 我的批注 (1 row)")
    assert queries.get_action(db, 1).owner == "张伟" and queries.get_action(db, 1).status is ActionStatus.DONE
    unchanged = import_actions(db, _edited_sheet(db, tmp_path, lambda rows: None), today=TODAY)
    assert unchanged.ignored == {} and "not imported" not in unchanged.summary()


@pytest.mark.parametrize(("typed", "stored"), [
    ("完成", "done"), ("Canceled", "cancelled"), ("ＤＯＮＥ", "done"), (" 进行中 (逾期)", "in_progress"),
    ("finished", "done"), ("in-progress", "in_progress"), ("已完成", "done"), ("not_started", "not_started"),
])
def test_cli_reads_a_status_as_the_returned_sheet_does(capsys, db_path, typed, stored):
    """`fupan actions update` and `--status` read statuses by the one rule the returned sheet uses."""
    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "actions", "update", "1", typed)
    assert code == 0, err
    from db.store import connect

    assert connect(db_path).execute("select status from actions where id = 1").fetchone()[0] == stored
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "actions", "--status", typed)
    assert code == 0, err
