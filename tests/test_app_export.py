"""Exports from the app go where the user says: the dialog offers the documents folder, then the last
folder used for this database, lists the files written, and refuses a folder it cannot write into."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from db import queries
from db.store import connect
from tests.drivers import FakeClock, live_app, open_live, type_text
from tui.widgets.dialogs import ExportDialog

SIZE = (160, 48)


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "文档"
    folder.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(folder))
    return folder


def _files(folder: Path, db_path: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.name.startswith(db_path.name))


async def _export(pilot, folder: str | None, fmt_downs: int = 0) -> ExportDialog:
    """F9, optionally type a folder, pick the format ``fmt_downs`` below xlsx; the dialog as it was."""
    await pilot.press("f9")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    if folder is not None:
        field = dialog.query_one("#export-folder", Input)
        field.focus()
        field.value = ""
        await type_text(pilot, folder)  # typed as keys (not waiting for the app after each of ~100)
        await pilot.press("enter")  # Enter goes back to the formats
    await pilot.press(*["down"] * fmt_downs, "enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return dialog


async def test_the_dialog_offers_the_documents_folder_then_remembers_the_last_one(db_path, demo, documents, tmp_path):
    chosen = tmp_path / "导出"
    chosen.mkdir()
    app = live_app(db_path, demo.id, FakeClock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_live(pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert pilot.app.screen.query_one("#export-folder", Input).value == str(documents)
        await pilot.press("escape")
        await pilot.pause()
        await _export(pilot, str(chosen), fmt_downs=1)  # csv: one file per table
        written = sorted(chosen.glob("*.csv"))
        assert f"{demo.title}-行动计划跟踪表.csv" in [p.name for p in written]
        assert not list(documents.iterdir())
        [notice] = [n.message for n in app._notifications if n.message.startswith("已导出")]
        assert all(str(path) in notice for path in written)  # the files written, each with its path
        assert queries.setting(connect(db_path), queries.EXPORT_FOLDER) == str(chosen)
        await pilot.press("f9")
        await pilot.pause()
        assert pilot.app.screen.query_one("#export-folder", Input).value == str(chosen)  # remembered
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:  # and after a restart
        await open_live(pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert pilot.app.screen.query_one("#export-folder", Input).value == str(chosen)


@pytest.mark.parametrize("case", ["missing", "a file", "unwritable"])
async def test_a_folder_that_cannot_be_written_is_refused_in_one_line_and_nothing_is_written(
        db_path, demo, documents, tmp_path, case):
    if case == "missing":
        folder, says = tmp_path / "没有这个文件夹", "不存在"
    elif case == "a file":
        folder, says = tmp_path / "笔记.txt", "不是文件夹"
        folder.write_text("x", encoding="utf-8")
    else:
        if not sys.platform.startswith("linux"):
            pytest.skip("needs /proc, a folder no one can create a file in")
        folder, says = Path("/proc"), "无法在 /proc 中写入文件"
    before = _files(tmp_path, db_path)
    app = live_app(db_path, demo.id, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_live(pilot)
        dialog = await _export(pilot, str(folder))
        assert pilot.app.screen is dialog  # still asking
        problem = str(dialog.query_one("#export-problem", Label).render())
        assert says in problem and "没有写入任何文件" in problem and "\n" not in problem
    assert _files(tmp_path, db_path) == before and not list(documents.iterdir())  # nothing written anywhere
    assert queries.setting(connect(db_path), queries.EXPORT_FOLDER) is None


async def test_the_summary_exports_through_the_same_dialog(db_path, demo, documents):
    async with live_app(db_path, demo.id, FakeClock(), lang="en").run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        await _export(pilot, None, fmt_downs=4)  # html: the review report
    [report] = documents.iterdir()
    assert report.name == f"{demo.title}-Review report.html"
