"""Files as teams save them: encodings detected (never assumed), Traditional Chinese sheets, formula
cells without a saved value, merged cells, duplicated headers, honest counts on a re-import."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from core.model import Aggregation, Direction, Meeting
from db import queries
from exports.reading import ENCODINGS_TRIED, SheetError, decode_csv_bytes
from exports.agenda import import_agenda
from exports.indicators import import_indicators
from tests.drivers import run_cli
from tests.test_import import counts, value_of, write_csv, write_xlsx


@pytest.fixture
def meeting(db):
    """A quarterly review whose agenda holds names as a Hong Kong, a French and a mainland team write them."""
    m = queries.save_meeting(db, Meeting("Q1 复盘会", "分析Q1销售额未达标原因", period="Q1",
                                         date=date(2026, 4, 10)))
    for name in ("陳大文", "José", "张伟"):
        queries.add_slot(db, m.id, name)
    return m


def csv_bytes(rows: list[list[object]]) -> str:
    handle = io.StringIO(newline="")
    csv.writer(handle).writerows(rows)
    return handle.getvalue()


# --- encodings -------------------------------------------------------------------------------------

BIG5_SHEET = [
    ["銷售代表", "指標類別", "具體指標", "單位", "方向", "彙總方式", "期間", "目標值", "實際值", "備註"],
    ["陳大文", "整體業績", "銷售額", "萬元", "越高越好", "", "1月", "500萬", "380萬", "港島區：大客戶延遲"],
    ["陳大文", "整體業績", "銷售額", "萬元", "越高越好", "", "2月", "1.2億", "9000", ""],
    ["陳大文", "過程效率", "平均跟進週期", "天", "越低越好", "平均", "1月", "15", "22", ""],
]


def test_big5_sheet_with_traditional_headers_reads_like_simplified(db, meeting, tmp_path):
    path = tmp_path / "香港.csv"
    path.write_bytes(csv_bytes(BIG5_SHEET).encode("big5"))
    result = import_indicators(db, meeting.id, path)
    assert (result.indicators_created, result.values_created) == (2, 3)
    # Names, categories and notes as written; the unit in fupan's vocabulary; 萬 and 億 are magnitudes.
    sales, value = value_of(db, meeting.id, "陳大文", "銷售額", "M01")
    assert (sales.unit, sales.category, sales.direction) == ("万元", "整體業績", Direction.HIGHER)
    assert (value.target, value.actual, value.note) == (500, 380, "港島區：大客戶延遲")
    _, value = value_of(db, meeting.id, "陳大文", "銷售額", "M02")
    assert (value.target, value.actual) == (12000, 9000)
    cycle, value = value_of(db, meeting.id, "陳大文", "平均跟進週期", "M01")
    assert (cycle.direction, cycle.aggregation, value.actual) == (Direction.LOWER, Aggregation.MEAN, 22)


def test_big5_bytes_are_not_read_as_gb18030():
    """GB18030 decodes these bytes without an error, into 綪扳肂-like nonsense: detection must win."""
    data = csv_bytes(BIG5_SHEET).encode("big5")
    assert decode_csv_bytes(data) == csv_bytes(BIG5_SHEET)
    assert data.decode("gb18030") != csv_bytes(BIG5_SHEET)


def test_a_sheet_saved_in_cp1252_imports_with_its_accents_and_euro_sign(db, meeting, tmp_path):
    rows = [["Presenter", "Indicator", "Unit", "Period", "Target", "Actual", "Note"],
            ["José", "Sales", "€", "Jan", "500", "380", "café crème – très bien"],
            ["José", "New customers", "", "Jan", "20", "12", "naïve"]]
    path = tmp_path / "paris.csv"
    path.write_bytes(csv_bytes(rows).encode("cp1252"))
    result = import_indicators(db, meeting.id, path)
    assert result.values_created == 2
    sales, value = value_of(db, meeting.id, "José", "Sales", "M01")
    assert (sales.unit, value.target, value.actual, value.note) == ("€", 500, 380, "café crème – très bien")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_by_its_byte_order_mark(db, meeting, tmp_path, encoding):
    import codecs

    text = csv_bytes([["汇报人", "指标", "期间", "目标", "实际"], ["张伟", "销售额", "1月", "500", "380"]])
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[encoding]
    path = tmp_path / "u16.csv"
    path.write_bytes(bom + text.encode(encoding))
    import_indicators(db, meeting.id, path)
    _, value = value_of(db, meeting.id, "张伟", "销售额", "M01")
    assert (value.target, value.actual) == (500, 380)


def test_nonsense_is_refused_naming_the_encodings_tried(db, meeting, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(bytes(range(128, 256)) * 40)
    before = counts(db)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, path)
    message = str(caught.value)
    assert "binary.csv" in message and all(name in message for name in ENCODINGS_TRIED)
    assert counts(db) == before


def test_traditional_agenda_minutes(db, meeting, tmp_path):
    rows = [["順序", "銷售代表", "時長(分鐘)"], ["1", "陳大文", "15分鐘"]]
    path = tmp_path / "議程.csv"
    path.write_bytes(csv_bytes(rows).encode("big5"))
    import_agenda(db, meeting.id, path)
    [slot] = [s for s in queries.slots_for(db, meeting.id) if s.presenter == "陳大文"]
    assert (slot.position, slot.planned_seconds) == (1, 15 * 60)


# --- one reading of a slot's minutes ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "minutes"), [
    ("15", 15), ("１５", 15), ("15分钟", 15), ("15 分", 15), ("15min", 15), ("15 minutes", 15), ("15.0", 15),
    (15, 15), (15.0, 15), ("120", 120), ("1", 1),
])
def test_parse_slot_minutes_reads_minutes_as_typed(typed, minutes):
    from core.parse import parse_slot_minutes

    assert parse_slot_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["1.5", 1.5, "0", 0, "121", "1_5", "ten", "十", "", "-5", True, "15h"])
def test_parse_slot_minutes_refuses_the_rest(typed):
    from core.parse import ParseError, parse_slot_minutes

    with pytest.raises(ParseError, match="whole minutes from 1 to 120"):
        parse_slot_minutes(typed)


def test_the_form_name_minutes_and_sheets_read_minutes_alike(db, meeting, tmp_path):
    from core.parse import parse_presenter

    assert parse_presenter("李娜:15分钟") == ("李娜", 15)
    rows = [["汇报人", "时长"], ["陳大文", "15分钟"], ["José", 20.0], ["张伟", "12.0"]]
    import_agenda(db, meeting.id, write_xlsx(tmp_path / "agenda.xlsx", rows))
    planned = {s.presenter: s.planned_seconds // 60 for s in queries.slots_for(db, meeting.id)}
    assert planned == {"陳大文": 15, "José": 20, "张伟": 12}
    before = counts(db)
    with pytest.raises(SheetError, match="'1.5' expected whole minutes"):
        import_agenda(db, meeting.id, write_csv(tmp_path / "half.csv", [["汇报人", "时长"], ["张伟", "1.5"]]))
    assert counts(db) == before


# --- formula cells and merged cells in XLSX ------------------------------------------------------------


def test_formula_cells_without_a_saved_value_are_refused_and_nothing_changes(db, meeting, tmp_path):
    """A workbook written by a script (openpyxl stores formulas, never their results)."""
    rows = [["汇报人", "指标", "期间", "目标", "实际"],
            ["张伟", "销售额", "1月", 500, 380],
            ["张伟", "销售额", "2月", "=D2*1.1", "=E2+20"]]
    import_indicators(db, meeting.id, write_xlsx(tmp_path / "first.xlsx", rows[:2]))
    before = counts(db), queries.values_for(db, meeting.id)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, write_xlsx(tmp_path / "script.xlsx", rows))
    [problem] = caught.value.problems
    assert "D3, E3" in str(problem) and "open and save it in Excel/WPS/LibreOffice first" in str(problem)
    assert (counts(db), queries.values_for(db, meeting.id)) == before


def test_formula_cells_with_saved_values_import_their_values(db, meeting, tmp_path):
    import xlsxwriter

    path = tmp_path / "saved.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for col, header in enumerate(["汇报人", "指标", "期间", "目标", "实际"]):
        sheet.write_string(0, col, header)
    sheet.write_row(1, 0, ["张伟", "销售额", "1月", 500])
    sheet.write_formula(1, 4, "=D2*0.76", None, 380)  # as Excel saves it: the formula and its result
    book.close()
    import_indicators(db, meeting.id, path)
    _, value = value_of(db, meeting.id, "张伟", "销售额", "M01")
    assert (value.target, value.actual) == (500, 380)


def test_merged_name_cells_are_refused_saying_merged(db, meeting, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    for row in (["汇报人", "指标", "期间", "目标", "实际"], ["张伟", "销售额", "1月", 500, 380],
                [None, "销售额", "2月", 500, 400], [None, "销售额", "3月", 500, 420]):
        ws.append(row)
    ws.merge_cells("A2:A4")
    book.save(tmp_path / "merged.xlsx")
    before = counts(db)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, tmp_path / "merged.xlsx")
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2 and all("merged cells A2:A4" in p for p in problems)
    assert "row 3" in problems[0] and "row 4" in problems[1]
    assert counts(db) == before


# --- honest messages and counts ------------------------------------------------------------------------


def test_a_duplicated_header_names_both_columns_distinctly(db, meeting, tmp_path):
    rows = [["汇报人", "指标", "期间", "目标值", "实际值", "目标值"], ["张伟", "销售额", "1月", "500", "380", "520"]]
    before = counts(db)
    with pytest.raises(SheetError) as caught:
        import_indicators(db, meeting.id, write_csv(tmp_path / "twice.csv", rows))
    [problem] = caught.value.problems
    assert str(problem) == ("twice.csv, row 1, column F (目标值): expected one column for 目标值, but column "
                            "D (目标值) means the same: rename or delete one of them")
    assert counts(db) == before


def test_reimporting_an_identical_file_updates_nothing_and_says_so(db, meeting, tmp_path):
    rows = [["汇报人", "指标", "单位", "期间", "目标值", "实际值", "备注"],
            *[[name, "销售额", "万元", month, "500万", "380", "note"] for name in ("张伟", "陳大文", "José")
              for month in ("1月", "2月", "3月")],
            ["张伟", "复购率", "%", "1月", "60%", "", ""]]
    path = write_csv(tmp_path / "same.csv", rows)
    first = import_indicators(db, meeting.id, path)
    assert (first.values_created, first.values_updated, first.values_unchanged) == (10, 0, 0)
    again = import_indicators(db, meeting.id, path)
    assert (again.indicators_created, again.indicators_updated) == (0, 0)
    assert (again.values_created, again.values_updated, again.values_unchanged) == (0, 0, 10)
    assert "0 new and 0 updated values (10 values already as stored, unchanged)" in again.summary()
    rows[1][5] = "390"  # one figure changed
    changed = import_indicators(db, meeting.id, write_csv(tmp_path / "one.csv", rows), dry_run=True)
    assert (changed.values_created, changed.values_updated, changed.values_unchanged) == (0, 1, 9)
    wide = [["汇报人", "指标", "1月目标", "1月实际"], ["张伟", "复购率", "60%", ""]]  # as stored: unchanged
    again = import_indicators(db, meeting.id, write_csv(tmp_path / "wide.csv", wide))
    assert (again.values_created, again.values_updated, again.values_unchanged) == (0, 0, 1)


def test_a_bad_traditional_value_is_reported_as_typed(db, meeting, tmp_path):
    rows = [["銷售代表", "具體指標", "期間", "目標值"], ["陳大文", "銷售額", "1月", "五百萬"]]
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows).encode("big5"))
    with pytest.raises(SheetError, match="'五百萬' expected a number"):
        import_indicators(db, meeting.id, path)


def test_the_command_line_reads_minutes_the_same_way(db_path, capsys):
    from db.store import connect

    code, _, _ = run_cli(capsys, "--db", str(db_path), "new", "--title", "Q1", "--goal", "分析Q1销售额未达标原因",
                         "--minutes", "15分钟", "--presenter", "李娜:12分钟", "--presenter", "张伟")
    assert code == 0
    db = connect(db_path)
    [meeting] = [listing.meeting for listing in queries.list_meetings(db)]
    assert meeting.slot_minutes == 15
    assert {s.presenter: s.planned_seconds // 60 for s in queries.slots_for(db, meeting.id)} == {"李娜": 12, "张伟": 15}
    db.close()
    code, _, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "new", "--title", "Q1", "--goal", "分析Q1销售额未达标原因",
                           "--minutes", "1.5")
    assert code == 2 and "'1.5': expected whole minutes from 1 to 120" in err and "Traceback" not in err


def test_a_formula_saved_with_an_empty_text_result_is_a_value_not_a_missing_one(db, meeting, tmp_path):
    """=IF(…,"",…) as Excel and LibreOffice save it: a string cell (t="str") with an empty value."""
    import zipfile

    import xlsxwriter

    built = tmp_path / "built.xlsx"
    book = xlsxwriter.Workbook(str(built))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["汇报人", "指标", "期间", "目标", "实际", "备注"])
    sheet.write_row(1, 0, ["张伟", "销售额", "1月", 500, 380])
    sheet.write_formula(1, 5, '=IF(E2<D2,"","达成")', None, "")
    book.close()
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="F2">', b'<c r="F2" t="str">')
                assert b't="str"' in data
            target.writestr(item, data)
    import_indicators(db, meeting.id, path)
    _, value = value_of(db, meeting.id, "张伟", "销售额", "M01")
    assert (value.target, value.actual, value.note) == (500, 380, "")


def test_import_summaries_speak_the_chosen_language(tmp_path, capsys):
    """Under --lang zh the line after an import is Chinese too (it was English while its problems were not)."""
    from tests.drivers import run_cli

    db = str(tmp_path / "f.db")
    code, out, err = run_cli(capsys, "--db", db, "--lang", "zh", "new", "--title", "三月复盘", "--goal", "分析三月销售额未达标原因", "--presenter", "张伟",
                             "--presenter", "李娜")
    assert code == 0, err
    agenda = tmp_path / "议程.csv"
    agenda.write_text("汇报人,时长\n李娜,12\n张伟,10\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", db, "--lang", "zh", "import", "agenda", str(agenda), "--meeting", "1")
    assert code == 0, err
    assert "新增 0 位汇报人，更新 2 位" in out and "李娜 12′" in out, out
    sheet = tmp_path / "指标.csv"
    sheet.write_text("汇报人,指标,期间,目标,实际\n张伟,销售额,2026-03,100,80\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", db, "--lang", "zh", "import", "indicators", str(sheet), "--meeting", "1")
    assert code == 0, err
    assert "已写入指标 新增 1 个、更新 0 个；数值 新增 1 个、更新 0 个" in out, out
    assert not any(word in out for word in ("wrote", "indicators", "values")), out
