"""A large export streams the actions from the cursor a piece at a time, and writes what the whole table would."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from db import queries
from exports.csv_writer import write_csv
from exports.tables import DATE, PIECE_ROWS, TEXT, Table, action_rows_table
from exports.write import actions_tracking_table, export_actions, export_meeting
from exports.xlsx_writer import write_xlsx
from tests.conftest import TODAY

MANY = 2 * PIECE_ROWS + 345  # three pieces, the last one short


def _add_actions(db, meeting_id: int, count: int = MANY) -> None:
    """``count`` actions, a third overdue, some with a formula-like measure, every 7th with an update."""
    rows = []
    for i in range(count):
        due = TODAY + timedelta(days=i % 90 - 45)
        rows.append((meeting_id, f"销售{i % 30:02d}", ("=SUM(A1) " if i % 11 == 0 else "") + f"跟进线索 #{i}",
                     f"负责人{i % 40}", (due - timedelta(days=20)).isoformat(), due.isoformat(), "完成率≥90%",
                     "周报", "", ("not_started", "in_progress", "done")[i % 3], "预算延后" if i % 5 == 0 else ""))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO actions (meeting_id, presenter, measure, owner, start, due, standard, checkpoint,"
            " resources, status, risk) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        ids = [r[0] for r in db.conn.execute("SELECT id FROM actions WHERE meeting_id = ? ORDER BY id",
                                             [meeting_id])]
        db.conn.executemany("INSERT INTO action_updates (action_id, at, status, note) VALUES (?,?,?,?)",
                            [(pk, "2026-11-20T09:00:00", "in_progress", f"进展 {pk}") for pk in ids[::7]])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("sheet", ["meeting", "tracking"])
def test_a_large_export_holds_one_piece_of_actions_at_a_time(db, demo, tmp_path, monkeypatch, fmt, sheet):
    _add_actions(db, demo.id)
    where = "WHERE meeting_id = ?" if sheet == "meeting" else "WHERE ? > 0"
    total = db.conn.execute(f"SELECT count(*) FROM actions {where}", [demo.id]).fetchone()[0]
    read = [0]
    chunks = queries.action_row_chunks_for_export

    def counted(*args, **kwargs):
        for rows in chunks(*args, **kwargs):
            read[0] += len(rows)
            yield rows

    monkeypatch.setattr(queries, "action_row_chunks_for_export", counted)
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, of: int) -> None:
        seen.append((read[0], done, of))

    if sheet == "meeting":
        export_meeting(db, demo.id, fmt, tmp_path / "out", lang="zh", today=TODAY, tables=["actions"],
                       progress=progress)
    else:
        export_actions(db, tmp_path / "out", fmt, lang="zh", today=TODAY, progress=progress)
    assert read[0] == total and seen[-1][1:] == (total, total)
    assert len(seen) == -(-total // PIECE_ROWS)
    assert all(fetched - done <= 0 and done - before <= PIECE_ROWS  # nothing read ahead of what is written
               for (fetched, done, _), (_, before, _) in zip(seen, [(0, 0, 0), *seen]))


def _sheet_xml(path: Path, index: int = 1) -> str:
    with zipfile.ZipFile(path) as book:
        return book.read(f"xl/worksheets/sheet{index}.xml").decode()


def test_the_streamed_tracking_sheet_is_the_whole_table_written_at_once(db, demo, tmp_path):
    _add_actions(db, demo.id)
    whole = actions_tracking_table(db, lang="zh", today=TODAY)
    streamed = actions_tracking_table(db, lang="zh", today=TODAY, stream=True)
    assert streamed.rows == [] and streamed.row_count() == len(whole.rows) > 2 * PIECE_ROWS
    assert write_csv(streamed, tmp_path / "s.csv").read_bytes() == write_csv(whole, tmp_path / "w.csv").read_bytes()
    write_xlsx([streamed], tmp_path / "s.xlsx")
    write_xlsx([whole], tmp_path / "w.xlsx")
    assert _sheet_xml(tmp_path / "s.xlsx") == _sheet_xml(tmp_path / "w.xlsx")


def test_the_meeting_csv_keeps_each_row_with_its_origin_status_and_safe_text(db, demo, tmp_path):
    _add_actions(db, demo.id)
    [path] = export_meeting(db, demo.id, "csv", tmp_path / "a.csv", lang="en", today=TODAY, tables=["actions"])
    import csv

    header, *rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    expected = queries.action_rows_for_export(db, meeting_id=demo.id)
    assert [int(r[0]) for r in rows] == [r[0] for r in expected]
    assert all(r[-1].startswith(f"fupan1;{r[0]};") for r in rows)
    assert not any(cell[:1] in "=+-@" for r in rows for cell in r[1:-1] if cell)  # neutralised: "'=SUM…"
    assert sum(r[2].startswith("'=SUM(A1)") for r in rows) == sum("=SUM(A1)" in r[3] for r in expected)
    mine = rows[-MANY:]  # the actions added above, after the demo's: none cancelled
    overdue = [r for r in mine if date.fromisoformat(r[5]) < TODAY and not r[9].lower().startswith("done")]
    assert overdue and all("overdue" in r[9].lower() for r in overdue)


def test_xlsx_dates_are_the_serial_days_xlsxwriter_would_write(tmp_path):
    import xlsxwriter

    days = [date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(2026, 11, 23), date(2099, 12, 31)]
    table = Table("dates", "Dates", ["day", "note"], [DATE, TEXT], rows=[[d, "x"] for d in days])
    write_xlsx([table], tmp_path / "ours.xlsx")
    book = xlsxwriter.Workbook(str(tmp_path / "theirs.xlsx"))
    sheet = book.add_worksheet()
    for row, day in enumerate(days, start=1):
        sheet.write_datetime(row, 0, day)
    book.close()
    values = re.compile(r'<c r="A(\d+)"[^>]*><v>([^<]*)</v>')
    ours = values.findall(_sheet_xml(tmp_path / "ours.xlsx"))
    assert ours == values.findall(_sheet_xml(tmp_path / "theirs.xlsx")) and len(ours) == len(days)


def test_the_rows_of_one_piece_keep_their_marks_when_a_table_is_cut_into_pieces():
    rows = [[i, "x"] for i in range(PIECE_ROWS + 10)]
    marks = {(3, 1): "overdue", (PIECE_ROWS + 2, 0): "shortfall"}
    table = Table("t", "T", ["n", "s"], ["int", TEXT], rows=rows, marks=dict(marks),
                  origins=[str(i) for i in range(len(rows))])
    pieces = list(table.pieces())
    assert [(start, len(p.rows)) for start, p in pieces] == [(0, PIECE_ROWS), (PIECE_ROWS, 10)]
    assert pieces[0][1].marks == {(3, 1): "overdue"} and pieces[1][1].marks == {(2, 0): "shortfall"}
    assert pieces[1][1].origins[0] == str(PIECE_ROWS) and pieces[1][1].rows[0] == [PIECE_ROWS, "x"]
    assert action_rows_table((), {}, "en", TODAY).row_count() == 0
