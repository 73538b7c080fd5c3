"""The setup screen driven headlessly: details saved with validation, agenda add/remove/reorder/minutes."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input

from core.model import Meeting
from db import queries
from db.store import connect
from tests.drivers import FakeClock, listed_meetings, open_setup
from tests.test_app_meetings import SIZE
from tui.app import make_app
from tui.screens.setup import SetupScreen


@pytest.fixture
def meeting(db) -> Meeting:
    return queries.save_meeting(db, Meeting(title="十月复盘", goal="分析10月新客户开发不足原因", slot_minutes=10))


def _agenda(db_path, meeting_id: int) -> list[tuple[str, int]]:
    fresh = connect(db_path)
    try:
        return [(s.presenter, s.planned_seconds // 60) for s in queries.slots_for(fresh, meeting_id)]
    finally:
        fresh.close()


async def test_agenda_add_with_keys_remove_reorder_and_minutes(db_path, meeting):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        # The add-presenter input has focus: type like a facilitator would.
        await pilot.press(*"张伟", "enter")
        await pilot.press(*"李娜:15", "enter")
        await pilot.press(*"王芳", "enter")
        await pilot.pause()
        assert _agenda(db_path, meeting.id) == [("张伟", 10), ("李娜", 15), ("王芳", 10)]

        # A duplicate or unreadable entry writes nothing and says why.
        await pilot.press(*"张伟", "enter")
        await pilot.pause()
        assert "已在议程中" in str(screen.query_one("#add-error").render())
        assert len(_agenda(db_path, meeting.id)) == 3

        table = screen.query_one("#slots", DataTable)
        table.focus()
        table.move_cursor(row=2)  # 王芳
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert [p for p, _ in _agenda(db_path, meeting.id)] == ["张伟", "王芳", "李娜"]
        await pilot.press("[")
        await pilot.pause()
        assert [p for p, _ in _agenda(db_path, meeting.id)] == ["王芳", "张伟", "李娜"]
        await pilot.press("]", "ctrl+down")
        await pilot.pause()
        assert [p for p, _ in _agenda(db_path, meeting.id)] == ["张伟", "李娜", "王芳"]

        await pilot.press("+", "+", "-", "+")  # 王芳 10 → 12
        await pilot.pause()
        assert _agenda(db_path, meeting.id)[2] == ("王芳", 12)

        table.move_cursor(row=0)
        await pilot.press("delete")
        await pilot.pause()
        assert _agenda(db_path, meeting.id) == [("李娜", 15), ("王芳", 12)]
        positions = [s.position for s in queries.slots_for(app.db, meeting.id)]
        assert positions == [1, 2]
        assert table.row_count == 2


async def test_details_saved_with_ctrl_s_and_vague_goal_refused(db_path, meeting):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        screen.query_one("#goal", Input).value = "聊聊"
        screen.query_one("#date", Input).value = "10/20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        fresh = connect(db_path)
        assert queries.get_meeting(fresh, meeting.id).goal == "分析10月新客户开发不足原因"
        assert screen.query_one("#goal-error").has_class("-shown")

        screen.query_one("#goal", Input).value = "落实10月新客户开发的改进措施"
        screen.query_one("#title", Input).value = "十月月度复盘"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = queries.get_meeting(fresh, meeting.id)
        fresh.close()
        assert saved.goal == "落实10月新客户开发的改进措施"
        assert saved.title == "十月月度复盘"
        assert saved.date == date(2026, 10, 20)
        assert not screen.query_one("#goal-error").has_class("-shown")


async def test_escape_returns_to_meetings_list_with_fresh_counts(db_path, meeting):
    from tui.screens.meetings import MeetingsScreen

    app = make_app(db_path, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot, meeting.id)
        await pilot.press(*"Alice", "enter")
        await pilot.pause()
        await pilot.press("escape")  # first Escape leaves the text field for the agenda
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#slots", DataTable).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert listed_meetings(app.screen)[0][5] == "1"  # presenters column refreshed on resume


def _write_sheet(path, rows: list[str]) -> str:
    path.write_text("\n".join(["汇报人,指标,单位,期间,目标,实际", *rows]) + "\n", encoding="utf-8-sig")
    return str(path)


async def _preview(app, pilot, screen, path: str) -> None:
    screen.query_one("#sheet-path", Input).value = path
    await pilot.click("#preview")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_sheet_import_previews_then_commits(db_path, meeting, tmp_path):
    from textual.widgets import Button

    queries.add_slot(app_db := connect(db_path), meeting.id, "张伟")
    app_db.close()
    sheet = _write_sheet(tmp_path / "指标.csv", ["张伟,销售额,万元,1月,500,380", "张伟,新客户数,个,1月,20,12"])
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        await _preview(app, pilot, screen, sheet)
        rows = screen.query_one("#import-rows", DataTable)
        assert rows.row_count == 2
        assert "预览" in str(screen.query_one("#import-status").render())
        assert queries.indicators_for(app.db, meeting.id) == []  # a dry run writes nothing
        assert not screen.query_one("#import", Button).disabled

        await pilot.click("#import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert {i.name for i in queries.indicators_for(app.db, meeting.id)} == {"销售额", "新客户数"}
        assert len(queries.values_for(app.db, meeting.id)) == 2
        assert screen.query_one("#import", Button).disabled


async def test_sheet_with_bad_rows_lists_problems_and_writes_nothing(db_path, meeting, tmp_path):
    from textual.widgets import Button

    sheet = _write_sheet(tmp_path / "bad.csv", ["张伟,销售额,万元,1月,abc,380", "无名氏,销售额,万元,1月,500,380"])
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        await _preview(app, pilot, screen, sheet)
        rows = screen.query_one("#import-rows", DataTable)
        assert rows.row_count >= 2  # every problem, each with its row
        assert {str(rows.get_row_at(i)[1]) for i in range(rows.row_count)} >= {"2", "3"}
        assert "未写入" in str(screen.query_one("#import-status").render())
        assert screen.query_one("#import", Button).disabled
        assert queries.indicators_for(app.db, meeting.id) == []


async def test_a_pasted_name_with_control_characters_is_checked_as_it_will_be_stored(db_path, meeting):
    """A terminal paste keeps BEL or NUL; '张伟\x00' once passed the duplicate check and crashed the app
    on the database's UNIQUE constraint, and '\x07' alone added a presenter with no name."""
    from textual import events

    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        field = screen.query_one("#add-presenter", Input)
        field.focus()
        await pilot.press(*"张伟", "enter")
        await pilot.pause()
        for pasted in ("张伟\x00", "\x07"):
            field.value = ""
            field.focus()
            field.post_message(events.Paste(pasted))
            await pilot.pause()
            assert field.value == pasted.strip("\x00\x07")
            await pilot.press("enter")
            await pilot.pause()
        assert app.is_running
    fresh = connect(db_path)
    assert [s.presenter for s in queries.slots_for(fresh, meeting.id)] == ["张伟"]
    fresh.close()
