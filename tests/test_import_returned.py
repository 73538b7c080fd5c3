"""The returned tracking sheet: owners' edits come back in, and never undo a newer change made in fupan."""

from __future__ import annotations

import csv
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from core.model import Action, ActionStatus
from db import queries
from exports.reading import SheetError
from exports.returned import import_actions
from exports.write import export_meeting
from tests.conftest import TODAY
from tests.drivers import run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Columns of the exported tracking sheet of one meeting (zh): 编号 … 最近更新 备注, then what it was exported from.
ID, MEASURE, START, DUE, STATUS, LAST_UPDATE, NOTE, ORIGIN = 0, 2, 4, 5, 9, 11, 12, 13
NOW = datetime(2026, 11, 24, 9, 0)


def exported(db, tmp_path: Path, name: str = "sheet", lang: str = "zh") -> list[list[str]]:
    [path] = export_meeting(db, 1, "csv", tmp_path / f"{name}.csv", lang=lang, today=TODAY, tables=["actions"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def returned(tmp_path: Path, rows: list[list[object]], name: str = "returned.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def row_of(rows: list[list[str]], action_id: int) -> list[str]:
    [row] = [r for r in rows[1:] if r[ID] == str(action_id)]
    return row


def move_due(db, action_id: int, day: date) -> None:
    """The due date changed in fupan (the app's form): no update is recorded for a date."""
    action = queries.get_action(db, action_id)
    queries.save_action(db, replace(action, due=day), original=action)


def state(db) -> list[tuple]:
    actions = [tuple(r.values()) for r in db.query("SELECT * FROM actions ORDER BY id")]
    return actions + [tuple(r.values()) for r in db.query("SELECT * FROM action_updates ORDER BY id")]


# --- what each row was exported from -------------------------------------------------------------------


def test_each_exported_row_carries_what_it_was_exported_from_in_a_hidden_column(db, demo, tmp_path):
    from openpyxl import load_workbook

    rows = exported(db, tmp_path)
    assert rows[0][ORIGIN] == "fupan导出值（勿改）" and all(r[ORIGIN] for r in rows[1:])
    [path] = export_meeting(db, 1, "xlsx", tmp_path / "t.xlsx", lang="en", today=TODAY, tables=["actions"])
    sheet = load_workbook(path).worksheets[0]
    assert sheet.cell(1, ORIGIN + 1).value == "fupan export (do not edit)"
    assert sheet.column_dimensions["N"].hidden
    assert sheet.auto_filter.ref == "A1:N6"  # sorting by a column moves the hidden cell with its row


def test_an_unedited_sheet_applies_nothing(db, demo, tmp_path):
    before = state(db)
    result = import_actions(db, returned(tmp_path, exported(db, tmp_path)), today=TODAY, now=NOW)
    assert (result.changes, result.conflicts) == ([], [])
    assert "0 changes" in result.summary("en") and "0 项修改" in result.summary("zh")
    assert state(db) == before


def test_an_out_of_date_sheet_never_moves_a_due_date_back(db, demo, tmp_path):
    """The issue: date changes write no history, so an old sheet's due date read as an edit undid them."""
    rows = exported(db, tmp_path)
    move_due(db, 2, date(2026, 12, 31))
    result = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert (result.changes, result.conflicts) == ([], [])
    assert queries.get_action(db, 2).due == date(2026, 12, 31)


def test_a_field_changed_in_both_places_is_a_conflict_and_nothing_is_applied(db, demo, tmp_path):
    rows = exported(db, tmp_path)
    row_of(rows, 2)[DUE] = "2026-12-10"
    row_of(rows, 4)[STATUS] = "已完成"  # not a conflict, but nothing is applied while one is reported
    move_due(db, 2, date(2026, 12, 31))
    before = state(db)
    result = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    [conflict] = result.conflicts
    assert (conflict.action_id, conflict.field) == (2, "due")
    assert (conflict.exported, conflict.current, conflict.sheet) == (date(2026, 12, 3), date(2026, 12, 31),
                                                                    date(2026, 12, 10))
    assert state(db) == before and not result.applied
    forced = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW, force=True)
    assert [(c.action_id, c.field) for c in forced.conflicts] == [(2, "due")] and forced.applied
    assert queries.get_action(db, 2).due == date(2026, 12, 10)
    assert queries.get_action(db, 4).status is ActionStatus.DONE


def test_a_conflict_is_found_with_the_last_update_column_deleted(db, demo, tmp_path):
    rows = [r[:LAST_UPDATE] + r[LAST_UPDATE + 1:] for r in exported(db, tmp_path)]
    row_of(rows, 1)[STATUS] = "已取消"
    queries.update_action_status(db, 1, ActionStatus.DONE, "在会上关闭", at=datetime(2026, 11, 23, 18, 0))
    result = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert [(c.action_id, c.field) for c in result.conflicts] == [(1, "status")]
    assert queries.get_action(db, 1).status is ActionStatus.DONE


@pytest.mark.parametrize("order", ["A then B", "B then A"])
def test_two_owners_sheets_apply_in_either_order(db, demo, tmp_path, order):
    first = exported(db, tmp_path, "a")
    second = exported(db, tmp_path, "b")
    row_of(first, 1)[STATUS], row_of(first, 1)[NOTE] = "完成", "合同已签"  # 张伟's sheet
    row_of(second, 5)[DUE], row_of(second, 5)[STATUS] = "2026-12-28", "已取消"  # 陈静's sheet
    sheets = [returned(tmp_path, first, "a.csv"), returned(tmp_path, second, "b.csv")]
    for path in sheets if order == "A then B" else sheets[::-1]:
        result = import_actions(db, path, today=TODAY, now=NOW)
        assert result.conflicts == [] and result.applied
    assert queries.get_action(db, 1).status is ActionStatus.DONE
    assert queries.updates_for(db, 1)[-1].note == "合同已签"
    assert queries.get_action(db, 5).due == date(2026, 12, 28)
    assert queries.get_action(db, 5).status is ActionStatus.CANCELLED
    for path in sheets:  # each again: already in, nothing more
        assert import_actions(db, path, today=TODAY, now=NOW).changes == []


def test_two_owners_changing_one_status_differently_conflict_on_the_second(db, demo, tmp_path):
    first, second = exported(db, tmp_path, "a"), exported(db, tmp_path, "b")
    row_of(first, 4)[STATUS], row_of(second, 4)[STATUS] = "已完成", "已取消"
    assert import_actions(db, returned(tmp_path, first, "a.csv"), today=TODAY, now=NOW).applied
    result = import_actions(db, returned(tmp_path, second, "b.csv"), today=TODAY, now=NOW)
    assert [(c.action_id, c.field) for c in result.conflicts] == [(4, "status")]
    assert queries.get_action(db, 4).status is ActionStatus.DONE


# --- notes -------------------------------------------------------------------------------------------------


def test_text_typed_into_last_update_is_a_new_note(db, demo, tmp_path):
    rows = exported(db, tmp_path)
    row_of(rows, 1)[LAST_UPDATE] = "客户已回款"  # typed over the exported update
    row_of(rows, 5)[LAST_UPDATE] += "\n12月初交付"  # added under it
    result = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert result.conflicts == []
    assert sorted((c.action_id, c.field, c.new) for c in result.changes) == [
        (1, "note", "客户已回款"), (5, "note", "12月初交付")]
    assert queries.updates_for(db, 1)[-1].note == "客户已回款"
    assert queries.get_action(db, 1).status is ActionStatus.IN_PROGRESS
    assert import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW).changes == []


def test_a_note_in_last_update_and_another_in_note_are_both_kept_without_a_conflict(db, demo, tmp_path):
    rows = exported(db, tmp_path)
    row_of(rows, 1)[LAST_UPDATE], row_of(rows, 1)[NOTE] = "客户已回款", "下周验收"
    result = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert result.conflicts == []
    assert queries.updates_for(db, 1)[-1].note == "下周验收\n客户已回款"


def test_crlf_and_stray_spaces_in_cells_are_not_edits(db, demo, tmp_path):
    queries.update_action_status(db, 1, ActionStatus.IN_PROGRESS, "第一行\n第二行", at=datetime(2026, 11, 20, 9))
    rows = exported(db, tmp_path)
    row = row_of(rows, 1)
    assert "\n" in row[LAST_UPDATE]
    row[LAST_UPDATE] = "  " + row[LAST_UPDATE].replace("\n", "\r\n") + " \r\n"  # as Excel on Windows saves it
    row[MEASURE] = row[MEASURE] + "\r\n"
    row_of(rows, 3)[NOTE] = "交付\r\n验收"
    result = import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert result.conflicts == [] and result.ignored == {}
    assert [(c.action_id, c.field) for c in result.changes] == [(3, "note")]
    assert queries.updates_for(db, 3)[-1].note == "交付\n验收"


# --- statuses and dates as owners type them ----------------------------------------------------------------


@pytest.mark.parametrize("typed, status", [
    ("完成", ActionStatus.DONE), ("已完成", ActionStatus.DONE), (" 已 完成 ", ActionStatus.DONE),
    ("completed", ActionStatus.DONE), ("Done", ActionStatus.DONE), ("ＤＯＮＥ", ActionStatus.DONE),
    ("取消", ActionStatus.CANCELLED), ("Canceled", ActionStatus.CANCELLED), ("已取消", ActionStatus.CANCELLED),
    ("進行中", ActionStatus.IN_PROGRESS), ("In  Progress", ActionStatus.IN_PROGRESS),
    ("未开始 (逾期)", ActionStatus.NOT_STARTED), ("not started", ActionStatus.NOT_STARTED),
])
def test_statuses_as_owners_type_them(db, demo, tmp_path, typed, status):
    rows = exported(db, tmp_path)
    row_of(rows, 2)[STATUS] = typed  # exported as 未开始
    import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert queries.get_action(db, 2).status is status


def test_a_month_and_day_typed_in_december_is_next_years(db, tmp_path):
    from core.model import Meeting

    meeting = queries.save_meeting(db, Meeting("12 月复盘", "目标", period="M12", date=date(2026, 12, 4)))
    queries.add_slot(db, meeting.id, "张伟")
    action = queries.save_action(db, Action(meeting.id, "张伟", "回款", owner="张伟", start=date(2026, 12, 4),
                                            due=date(2026, 12, 20)))
    [path] = export_meeting(db, meeting.id, "csv", tmp_path, lang="zh", today=date(2026, 12, 4), tables=["actions"])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][DUE] = "1月15日"
    import_actions(db, returned(tmp_path, rows), today=date(2026, 12, 5), now=NOW)
    assert queries.get_action(db, action.id).due == date(2027, 1, 15)


def test_a_due_date_before_the_start_is_refused(db, demo, tmp_path):
    rows = exported(db, tmp_path)
    row_of(rows, 2)[DUE] = "2026-10-01"  # starts 2026-10-24
    row_of(rows, 4)[START], row_of(rows, 4)[DUE] = "2026-11-25", "2026-11-24"
    before = state(db)
    with pytest.raises(SheetError) as caught:
        import_actions(db, returned(tmp_path, rows), today=TODAY, now=NOW)
    assert [str(p) for p in caught.value.problems] == [
        "returned.csv, row 3, column 完成时间: '2026-10-01' expected a due date on or after the start (2026-10-24)",
        "returned.csv, row 5, column 完成时间: '2026-11-24' expected a due date on or after the start (2026-11-25)",
    ]
    assert state(db) == before


def test_bad_rows_are_each_named_in_the_export_language_and_nothing_is_applied(db, demo, tmp_path):
    rows = exported(db, tmp_path)
    row_of(rows, 1)[STATUS] = "快好了"
    row_of(rows, 2)[DUE] = "下周"
    row_of(rows, 3)[ORIGIN] = "改过了"
    row_of(rows, 4)[NOTE] = "ok"  # a good edit: still not applied
    before = state(db)
    path = returned(tmp_path, rows)
    for lang, expected in [
        ("zh", ["returned.csv，第 2 行，当前状态列：“快好了”，应为 未开始、进行中、已完成或已取消（也可写 完成、取消、done 等）",
                "returned.csv，第 3 行，完成时间列：“下周”，应为 日期，例如 2026-10-20、2026/10/20、2026年10月20日、10月20日 或 +2w",
                "returned.csv，第 4 行，fupan导出值（勿改）列：“改过了”，应为 导出时写入的值：请勿修改此列（可删除整行）"]),
        ("en", ["returned.csv, row 2, column 当前状态: '快好了' expected not started, in progress, done or cancelled "
                "(完成, 取消, done … are read too)",
                "returned.csv, row 3, column 完成时间: '下周' expected a date such as 2026-10-20, 2026/10/20, "
                "2026年10月20日, 10月20日 or +2w",
                "returned.csv, row 4, column fupan导出值（勿改）: '改过了' expected the value fupan exported: leave "
                "this column as it is (a whole row may be deleted)"]),
    ]:
        with pytest.raises(SheetError) as caught:
            import_actions(db, path, today=TODAY, now=NOW, lang=lang)
        assert [p.shown(lang) for p in caught.value.problems] == expected
    assert state(db) == before


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_exits_3_on_a_conflict_and_force_applies_it(capsys, db_path, tmp_path):
    from db.store import connect

    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    db = connect(db_path)
    rows = exported(db, tmp_path)
    row_of(rows, 1)[STATUS] = "已取消"
    queries.update_action_status(db, 1, ActionStatus.DONE, "在会上关闭")
    db.close()
    path = returned(tmp_path, rows)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "import", "actions", str(path))
    assert code == 3 and "Traceback" not in err, (out, err)
    assert "#1" in err and "Status" in err and "--force" in err and "nothing was written" in err
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "import", "actions", str(path), "--force")
    assert code == 0 and "#1" in err and "1 项修改" in out
    db = connect(db_path)
    assert queries.get_action(db, 1).status is ActionStatus.CANCELLED
    db.close()
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "import", "actions", str(path))
    assert code == 0 and "0 changes" in out  # the forced sheet again: now as stored


# --- spreadsheets that re-save the file ---------------------------------------------------------------------


def test_an_xlsx_edited_in_a_spreadsheet_comes_back(db, demo, tmp_path):
    from openpyxl import load_workbook

    [path] = export_meeting(db, 1, "xlsx", tmp_path / "t.xlsx", lang="zh", today=TODAY, tables=["actions"])
    assert import_actions(db, path, today=TODAY, now=NOW).changes == []
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(3, DUE + 1).value = datetime(2026, 12, 24)
    sheet.cell(2, STATUS + 1).value = "完成"
    book.save(tmp_path / "edited.xlsx")
    result = import_actions(db, tmp_path / "edited.xlsx", today=TODAY, now=NOW)
    assert sorted((c.action_id, c.field) for c in result.changes) == [(1, "status"), (2, "due")]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_sheet_resaved_by_libreoffice_without_edits_imports_no_changes(db, demo, tmp_path):
    [path] = export_meeting(db, 1, "xlsx", tmp_path / "src" / "t.xlsx", lang="zh", today=TODAY, tables=["actions"])
    queries.update_action_status(db, 5, ActionStatus.IN_PROGRESS, "第一行\n第二行", at=datetime(2026, 11, 20, 9))
    [path] = export_meeting(db, 1, "xlsx", tmp_path / "src" / "t.xlsx", lang="zh", today=TODAY, tables=["actions"])
    out = tmp_path / "out"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "xlsx", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=240)
    before = state(db)
    result = import_actions(db, out / "t.xlsx", today=TODAY, now=NOW)
    assert (result.changes, result.conflicts, result.ignored) == ([], [], {})
    assert state(db) == before


def test_the_cross_meeting_tracking_sheet_comes_back_too(db, demo, tmp_path):
    """`fupan actions --out`: the sheet of every meeting's actions carries what each row was exported from
    (after its meeting columns), so an owner's edit applies and fupan's later change is kept."""
    from openpyxl import load_workbook

    from exports.write import export_actions

    [path] = export_actions(db, tmp_path / "all.xlsx", "xlsx", lang="zh", today=TODAY)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "fupan导出值（勿改）" and sheet.column_dimensions["P"].hidden
    ids = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    status_col = header.index("当前状态") + 1
    sheet.cell(ids.index(4) + 2, status_col).value = "完成"
    book.save(tmp_path / "edited.xlsx")
    move_due(db, 2, date(2026, 12, 31))  # changed in fupan after the export; the sheet still shows the old one
    result = import_actions(db, tmp_path / "edited.xlsx", today=TODAY, now=NOW)
    assert [(c.action_id, c.field) for c in result.changes] == [(4, "status")] and result.conflicts == []
    assert queries.get_action(db, 4).status is ActionStatus.DONE
    assert queries.get_action(db, 2).due == date(2026, 12, 31)
