"""The meetings screen driven headlessly: create through the modal, validation, delete with confirmation."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from core.model import Meeting
from db import queries
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, listed_meetings
from tui.app import make_app
from tui.screens.meetings import MeetingsScreen
from tui.screens.new_meeting import NewMeetingScreen
from tui.widgets.dialogs import ConfirmDialog

SIZE = (140, 45)


def _meetings(db_path) -> list[Meeting]:
    fresh = connect(db_path)
    try:
        return [listing.meeting for listing in queries.list_meetings(fresh)]
    finally:
        fresh.close()


async def test_empty_database_shows_hint(db_path):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        assert screen.has_class("-empty")
        assert "fupan demo" in str(screen.query_one("#meetings-head").render())


async def test_create_meeting_with_real_keys_then_setup_opens(db_path):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewMeetingScreen)
        await pilot.press(*"华东10月复盘")  # title has focus
        app.screen.query_one("#period", Input).focus()
        await pilot.press(*"2026-10")
        assert app.screen.query_one("#date", Input).value == TODAY.isoformat()  # a new meeting is today's
        app.screen.query_one("#date", Input).value = ""
        app.screen.query_one("#date", Input).focus()
        await pilot.press(*"10月20日")
        app.screen.query_one("#goal", Input).focus()
        await pilot.press(*"分析10月新客户开发不足原因")
        app.screen.query_one("#slot-minutes", Input).value = ""
        app.screen.query_one("#slot-minutes", Input).focus()
        await pilot.press("1", "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()

        [meeting] = _meetings(db_path)
        assert meeting.title == "华东10月复盘"
        assert meeting.date == date(TODAY.year, 10, 20)  # year from the fake clock
        assert meeting.goal == "分析10月新客户开发不足原因"
        assert meeting.slot_minutes == 12
        assert meeting.period == "2026-10"
        # After creating, its setup screen opens, above the meetings list.
        from tui.screens.setup import SetupScreen

        assert isinstance(app.screen, SetupScreen)
        assert app.screen.meeting_id == meeting.id
        assert isinstance(app.screen_stack[-2], MeetingsScreen)


async def test_vague_or_empty_goal_is_rejected_and_nothing_saved(db_path):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        modal = app.screen
        modal.query_one("#title", Input).value = "十月复盘"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal  # still open
        assert "目标" in str(modal.query_one("#goal-error").render())
        assert modal.query_one("#goal-error").has_class("-shown")

        modal.query_one("#goal", Input).value = "随便聊聊"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal
        assert "太笼统" in str(modal.query_one("#goal-error").render())
        assert _meetings(db_path) == []

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert _meetings(db_path) == []


async def test_bad_date_is_rejected(db_path):
    app = make_app(db_path, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        modal = app.screen
        modal.query_one("#title", Input).value = "October review"
        modal.query_one("#goal", Input).value = "Find why October new-customer numbers fell short"
        modal.query_one("#date", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal
        assert "2026-02-30" in str(modal.query_one("#date-error").render())
        assert _meetings(db_path) == []


async def test_delete_asks_and_n_keeps_y_deletes(db_path, demo):
    before = {m.id for m in _meetings(db_path)}
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = listed_meetings(app.screen)
        assert {int(cells[0]) for cells in listed} == before
        assert int(listed[0][0]) == demo.id  # newest first
        assert listed[0][1:3] == [demo.title, "未开始"]
        target = app.screen.selected_id
        assert target in before

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert {m.id for m in _meetings(db_path)} == before

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert {m.id for m in _meetings(db_path)} == before - {target}
        assert [int(cells[0]) for cells in listed_meetings(app.screen)] == sorted(before - {target})


async def test_footer_words_follow_the_language(db_path):
    for lang, word in (("zh", "新建"), ("en", "New")):
        app = make_app(db_path, lang=lang, clock=FakeClock())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
            assert word in descriptions
            assert "ui.new_meeting" not in descriptions


async def test_enter_opens_live_and_e_opens_setup(db_path, demo):
    from tui.screens.live import LiveScreen
    from tui.screens.setup import SetupScreen

    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.selected_id == demo.id  # newest first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.screen.meeting_id == demo.id
        assert isinstance(app.screen_stack[-2], MeetingsScreen)

        app.pop_screen()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)


async def test_every_key_is_a_palette_command(db_path):
    app = make_app(db_path, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"New", "Open live", "Setup", "Delete", "Action tracking"} <= titles
