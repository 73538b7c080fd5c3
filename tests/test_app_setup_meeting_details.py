"""Setup's meeting details saved with Ctrl+S: refused values write nothing, 1.5 minutes is refused (not
saved as 15), and a save writes only what the user changed (a running meeting stays running, a goal another
program rewrote is kept). Every test reads the meetings row back.
"""

from __future__ import annotations

import sqlite3

from textual.widgets import Input

from core.model import MeetingStatus
from tests.drivers import FakeClock, open_live, open_setup
from tests.meetings import meeting, meeting_row, three  # noqa: F401 (fixtures)
from tui.app import make_app

SIZE = (160, 48)


async def test_refused_details_write_nothing(db_path, meeting):
    before = meeting_row(db_path, meeting.id)
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        for field_id, typed in (("title", ""), ("title", "   "), ("goal", "聊聊"), ("date", "13月40日"),
                                ("date", "2月30日"), ("slot-minutes", "0"), ("slot-minutes", "121"),
                                ("slot-minutes", ""), ("slot-minutes", "-5"), ("slot-minutes", "十")):
            field = screen.query_one(f"#{field_id}", Input)
            old = field.value
            field.value = ""
            field.focus()
            await pilot.press(*typed, "ctrl+s")
            await pilot.pause()
            assert screen.query_one(f"#{field_id}-error").has_class("-shown"), (field_id, typed)
            assert meeting_row(db_path, meeting.id) == before, (field_id, typed)
            field.value = old
        # Full-width digits and a free-text period are accepted and stored as typed.
        screen.query_one("#slot-minutes", Input).value = "１５"
        screen.query_one("#period", Input).value = "十月"
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = meeting_row(db_path, meeting.id)
    assert (after["slot_minutes"], after["period"], after["title"]) == (15, "十月", "十月复盘")


async def test_typing_1_5_minutes_is_refused_not_saved_as_15(db_path, meeting):
    """Was: the slot-minutes field was an integer Input, which dropped the '.' of '1.5' as it was typed;
    Ctrl+S then saved 15 minutes, ten times what was meant, without a word."""
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        field = screen.query_one("#slot-minutes", Input)
        field.value = ""
        field.focus()
        await pilot.press(*"1.5", "ctrl+s")
        await pilot.pause()
    assert meeting_row(db_path, meeting.id)["slot_minutes"] == 10


async def test_saving_details_after_the_live_meeting_started_keeps_its_status(db_path, three):
    """Was: setup → l (live) → Space starts the meeting → q back to setup → Ctrl+S wrote the Meeting
    object setup loaded before, status 'planned' included: the running meeting was 'planned' again."""
    clock = FakeClock()
    app = make_app(db_path, lang="zh", clock=clock, bell=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        await pilot.press("escape", "l")  # leave the add field, open the live meeting
        await open_live(pilot)
        await pilot.press("space")
        clock.advance(60)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        assert meeting_row(db_path, three.id)["status"] == "running"
        screen.query_one("#title", Input).value = "十月复盘（改）"
        await pilot.press("ctrl+s")
        await pilot.pause()
    row = meeting_row(db_path, three.id)
    assert row["title"] == "十月复盘（改）"
    assert row["status"] == MeetingStatus.RUNNING.value


async def test_saving_details_keeps_a_goal_another_program_changed_meanwhile(db_path, three):
    """Setup is open; another window (or a script) rewrites the goal; the user corrects the title here
    and saves: the title is written and the other goal kept (the form wrote every detail back)."""
    app = make_app(db_path, lang="zh", clock=FakeClock(), bell=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        with sqlite3.connect(db_path) as other:
            other.execute("UPDATE meetings SET goal = '分析十月新客户未达标原因' WHERE id = ?", [three.id])
        screen.query_one("#title", Input).value = "十月复盘（改）"
        await pilot.press("ctrl+s")
        await pilot.pause()
    row = meeting_row(db_path, three.id)
    assert (row["title"], row["goal"]) == ("十月复盘（改）", "分析十月新客户未达标原因")
