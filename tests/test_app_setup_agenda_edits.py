"""Setup's agenda through the keyboard: refused entries write nothing, names differing only by full-width
characters are one presenter, reordering and ± minutes stay in bounds, and beside a live meeting setup shows
the live statuses, asks before removing a started slot and lets the presenting slot move. Every test reads
the slots table back. Tests whose docstring says "Was:" reproduce a defect a keyboard sweep found.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from core.model import SlotStatus
from db import queries
from tests.drivers import FakeClock, live_app, open_live, open_setup
from tests.meetings import add, assert_positions, by_name, meeting, slot_rows, three  # noqa: F401 (fixtures)
from tui.app import make_app
from tui.widgets.dialogs import ConfirmDialog

SIZE = (160, 48)


# --- setup: agenda -------------------------------------------------------------------------------


async def test_refused_agenda_entries_write_nothing_and_long_and_cjk_names_are_kept(db_path, meeting):
    long_name = "欧阳" + "长" * 150
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        assert await add(pilot, screen, "张伟") == ""
        for refused in ("王芳:0", "王芳:121", "王芳:1.5", "王芳:十", "王芳:", "王芳：", ":", "Bob:+5"):
            assert "无法识别" in await add(pilot, screen, refused), refused
            assert screen.query_one("#add-presenter", Input).value == refused  # kept to correct it
        for duplicate in ("张伟 ", "　张伟", "张伟:15"):  # edge spaces (ASCII and full-width) are trimmed
            assert "已在议程中" in await add(pilot, screen, duplicate), duplicate
        assert await add(pilot, screen, "王芳：１５") == ""  # full-width colon and digits
        assert await add(pilot, screen, long_name) == ""
        assert await add(pilot, screen, "a:b:5") == ""  # the last colon separates the minutes
        assert screen.query_one("#slots", DataTable).row_count == 4
    rows = slot_rows(db_path, meeting.id)
    assert [(r["presenter"], r["planned_seconds"]) for r in rows] == [
        ("张伟", 600), ("王芳", 900), (long_name, 600), ("a:b", 300)]
    assert_positions(db_path, meeting.id)


async def test_names_differing_only_by_full_width_characters_are_one_presenter(db_path, meeting):
    """'Ａlice' (full-width A) next to 'Alice', or '张　伟' (a name padded with an ideographic space) next to
    '张伟', became two slots, and one person's captures split between them (they are filed by name)."""
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        for name in ("Alice", "Ａlice", "张　伟", "张伟", "张 伟", "Mary  Ann", "Mary Ann"):
            await add(pilot, screen, name)
    assert [r["presenter"] for r in slot_rows(db_path, meeting.id)] == ["Alice", "张伟", "Mary Ann"]


async def test_reorder_at_the_ends_and_repeated_keeps_positions_one_to_n(db_path, three):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        table = screen.query_one("#slots", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("ctrl+up", "[", "[")  # the first one up: nothing moves
        await pilot.pause()
        assert [r["presenter"] for r in slot_rows(db_path, three.id)] == ["甲", "乙", "丙"]
        await pilot.press("]", "]", "]", "ctrl+down")  # down to the end and past it
        await pilot.pause()
        assert [r["presenter"] for r in slot_rows(db_path, three.id)] == ["乙", "丙", "甲"]
        assert table.cursor_row == 2  # the cursor follows the moved slot
        await pilot.press("[")
        await pilot.pause()
        assert [r["presenter"] for r in slot_rows(db_path, three.id)] == ["乙", "甲", "丙"]
        assert_positions(db_path, three.id)
        await pilot.press("delete")  # 甲 (the cursor's row)
        await pilot.press("delete")  # then 丙, which took its row
        await pilot.pause()
        assert [r["presenter"] for r in slot_rows(db_path, three.id)] == ["乙"]
        assert_positions(db_path, three.id)
        await pilot.press("delete", "delete")  # the last one, then an empty agenda: nothing to do
        await pilot.pause()
        assert slot_rows(db_path, three.id) == []
        assert await add(pilot, screen, "丁") == ""
    assert [(r["presenter"], r["position"]) for r in slot_rows(db_path, three.id)] == [("丁", 1)]


async def test_slot_minutes_keys_stay_between_1_and_120(db_path, meeting, db):
    queries.add_slot(db, meeting.id, "短", 60)
    queries.add_slot(db, meeting.id, "长", 120 * 60)
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        table = screen.query_one("#slots", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("-", "-")
        table.move_cursor(row=1)
        await pilot.press("+", "=")
        await pilot.pause()
        assert [str(table.get_row_at(i)[2]) for i in range(2)] == ["1", "120"]
    assert [r["planned_seconds"] for r in slot_rows(db_path, meeting.id)] == [60, 7200]


# --- setup beside the live meeting ---------------------------------------------------------------


async def test_setup_agenda_shows_the_live_statuses_on_return(db_path, three):
    """Was: back from the live screen, setup's agenda still showed every slot as waiting although the
    database had 甲 done and 乙 presenting."""
    clock = FakeClock()
    app = make_app(db_path, lang="zh", clock=clock, bell=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        await pilot.press("escape", "l")
        await open_live(pilot)
        await pilot.press("space")
        clock.advance(60)
        await pilot.press("n", "q")
        await pilot.pause()
        stored = [r["status"] for r in slot_rows(db_path, three.id)]
        assert stored == ["done", "presenting", "waiting"]
        table = screen.query_one("#slots", DataTable)
        shown = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert shown == [app.label(SlotStatus(s)) for s in stored]


async def test_removing_a_started_slot_in_setup_keeps_its_recorded_time(db_path, three):
    """Was: one Delete in setup erased a presenting (running) or done slot with its recorded time and
    its line in the timing report, without a question. Now it asks first (the slot stays until confirmed)."""
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("n")  # 甲 done with 100 s, 乙 presenting and running
        clock.advance(50)
    app = make_app(db_path, lang="zh", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        table = screen.query_one("#slots", DataTable)
        table.focus()
        table.move_cursor(row=1)  # 乙, presenting
        await pilot.press("delete")
        await pilot.pause()
        table.move_cursor(row=0)  # 甲, done
        await pilot.press("delete")
        await pilot.pause()
    slots = by_name(db_path, three.id)
    assert "乙" in slots and slots["乙"]["running_since"] is not None
    assert "甲" in slots and slots["甲"]["accumulated_seconds"] == 100


async def test_removing_a_started_slot_asks_first_and_y_removes_it(db_path, three):
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("n")  # 甲 done with 100 s
    app = make_app(db_path, lang="zh", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        table = screen.query_one("#slots", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "1:40" in str(app.screen.query_one("#question").render())  # the time that would go
        await pilot.press("y")
        await pilot.pause()
        assert [str(row[1]) for row in map(table.get_row_at, range(table.row_count))] == ["乙", "丙"]
    assert list(by_name(db_path, three.id)) == ["乙", "丙"]
    assert_positions(db_path, three.id)


async def test_moving_the_presenting_slot_in_setup_resumes_it_in_live(db_path, three):
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("n")  # 乙 running
        clock.advance(40)
    app = make_app(db_path, lang="zh", clock=clock, bell=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_setup(app, pilot, three.id)
        table = screen.query_one("#slots", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("]", "+")  # 乙 to the end, one minute longer
        await pilot.pause()
        assert [r["presenter"] for r in slot_rows(db_path, three.id)] == ["甲", "丙", "乙"]
        assert_positions(db_path, three.id)
        await pilot.press("l")
        live = await open_live(pilot)
        clock.advance(20)
        assert live.current.presenter == "乙" and live.timer.running
        assert round(live.timer.remaining()) == 660 - 60
    slots = by_name(db_path, three.id)
    assert slots["乙"]["status"] == "presenting" and slots["乙"]["planned_seconds"] == 660
    assert slots["甲"]["status"] == "done" and slots["丙"]["status"] == "waiting"
