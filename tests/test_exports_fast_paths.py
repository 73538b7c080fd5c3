"""The export's fast paths write what the careful ones would: formula starts found wherever they are, dates
as ISO text, the XLSX cells as xlsxwriter's public calls write them (issue 17's export bars)."""

from __future__ import annotations

import csv
from datetime import date

from exports.csv_writer import write_csv
from exports.tables import DATE, INT, TEXT, Table, action_rows_table
from tests.conftest import TODAY


def _csv_rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:  # a cell may hold a line break
        return list(csv.reader(handle))[1:]


def test_a_formula_start_in_the_first_cell_of_a_column_or_after_empty_cells_is_neutralised(tmp_path):
    for cells in (["=1+1", "a", "b"], ["", None, "@SUM(A1)", "x"], ["a", "b", "-3"], ["\tx", "y"],
                  ["a\n=b", "+c"], ["x", "y\n=z"]):
        table = Table("t", "T", ["n", "s"], [INT, TEXT], rows=[[i, v] for i, v in enumerate(cells)])
        got = [r[1] for r in _csv_rows(write_csv(table, tmp_path / "t.csv"))]
        expected = ["" if v is None else "'" + v if v[:1] in "=+-@\t\r\n" and v else v for v in cells]
        assert got == expected, cells


def test_a_date_column_of_iso_text_is_written_as_a_column_of_dates(tmp_path):
    days = [date(2026, 11, 30), None, date(2027, 1, 2)]
    as_dates = Table("t", "T", ["day"], [DATE], rows=[[d] for d in days])
    as_text = Table("t", "T", ["day"], [DATE], rows=[[d and d.isoformat()] for d in days])
    assert (write_csv(as_text, tmp_path / "a.csv").read_bytes()
            == write_csv(as_dates, tmp_path / "b.csv").read_bytes())
    assert _csv_rows(tmp_path / "a.csv") == [["2026-11-30"], [""], ["2027-01-02"]]


def test_the_streamed_actions_hold_their_dates_as_iso_text_and_the_whole_table_as_dates():
    rows = [(1, 1, "甲", "跟进", "张三", "2026-11-01", "2026-11-30", "", "", "", "in_progress", ""),
            (2, 1, "甲", "复盘", "李四", None, "", "", "", "", "done", "")]
    whole = action_rows_table(rows, {}, "zh", TODAY)
    assert [r[4:6] for r in whole.rows] == [[date(2026, 11, 1), date(2026, 11, 30)], [None, None]]
    from exports.tables import _ActionRows

    streamed = _ActionRows("zh", TODAY, None, iso_dates=True).table(rows, {})
    assert [r[4:6] for r in streamed.rows] == [["2026-11-01", "2026-11-30"], [None, None]]
    assert streamed.origins == whole.origins


def test_the_xlsx_cells_are_what_xlsxwriter_s_public_write_calls_write(db, demo, tmp_path, monkeypatch):
    import zipfile

    import exports.xlsx_writer as xlsx_writer
    from exports.write import export_actions

    def sheet_xml(path):
        with zipfile.ZipFile(path) as book:
            return book.read("xl/worksheets/sheet1.xml").decode()

    [fast] = export_actions(db, tmp_path / "fast.xlsx", "xlsx", lang="zh", today=TODAY)
    assert xlsx_writer._typed_write(object.__new__(__import__("xlsxwriter").worksheet.Worksheet),
                                    "write_string").__name__ == "_write_string"
    monkeypatch.setattr(xlsx_writer, "_typed_write", lambda sheet, name: getattr(sheet, name))
    [public] = export_actions(db, tmp_path / "public.xlsx", "xlsx", lang="zh", today=TODAY)
    assert "<c r=" in sheet_xml(fast) and sheet_xml(fast) == sheet_xml(public)
