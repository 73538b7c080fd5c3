"""Keyboard sweep around the meeting: setup (agenda and details), timer resilience across restarts,
tracking filters and the summary's lists. Every test reads the database after the keys.

Tests whose docstring says "Was:" reproduce a problem the sweep found (now fixed); the others pin
behaviour verified to be right that the older tests do not cover.
"""

from __future__ import annotations

import sqlite3

from datetime import timedelta

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select

from core import rules
from core.model import (
    Action,
    ActionStatus,
    Meeting,
    MeetingStatus,
    RootCause,
    SlotStatus,
)
from db import queries
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, live_app, open_live, open_setup, settled
from tui.app import make_app
from tui.screens.setup import SetupScreen
from tui.screens.summary import SummaryScreen
from tui.screens.tracking import TrackingScreen
from tui.widgets.clock import AgendaList
from tui.widgets.dialogs import ConfirmDialog, TextDialog

SIZE = (160, 48)
SLOT_COLUMNS = ("presenter", "position", "planned_seconds", "status", "accumulated_seconds", "running_since",
                "first_started_at", "finished_at", "pause_count", "adjust_seconds")


# --- helpers -------------------------------------------------------------------------------------


def slot_rows(db_path, meeting_id: int) -> list[dict]:
    """The meeting's slots table as stored, in agenda order (a fresh connection: what a restart sees)."""
    db = connect(db_path)
    try:
        return list(db.query(f"SELECT {', '.join(SLOT_COLUMNS)} FROM slots WHERE meeting_id = ? "
                             "ORDER BY position, id", [meeting_id]))
    finally:
        db.close()


def by_name(db_path, meeting_id: int) -> dict[str, dict]:
    return {row["presenter"]: row for row in slot_rows(db_path, meeting_id)}


def meeting_row(db_path, meeting_id: int) -> dict:
    db = connect(db_path)
    try:
        [row] = db.query("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        return row
    finally:
        db.close()


def assert_positions(db_path, meeting_id: int) -> None:
    positions = [row["position"] for row in slot_rows(db_path, meeting_id)]
    assert positions == list(range(1, len(positions) + 1))


@pytest.fixture
def meeting(db) -> Meeting:
    return queries.save_meeting(db, Meeting(title="十月复盘", goal="分析10月新客户开发不足原因", slot_minutes=10))


@pytest.fixture
def three(db, meeting) -> Meeting:
    for name in ("甲", "乙", "丙"):
        queries.add_slot(db, meeting.id, name)
    return meeting


async def add(pilot, screen: SetupScreen, text: str) -> str:
    """Put an agenda entry in the add field (as pasted: full-width punctuation is no key name) and press
    Enter; the error line shown after it."""
    field = screen.query_one("#add-presenter", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()
    return str(screen.query_one("#add-error").render())


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


# --- setup: details ------------------------------------------------------------------------------


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


# --- setup while the meeting runs -----------------------------------------------------------------


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


# --- timer resilience ----------------------------------------------------------------------------


async def test_pause_and_minutes_survive_ctrl_q_and_a_restart(db_path, three):
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("p")  # previous from the first slot: nothing happens
        assert screen.current.presenter == "甲" and screen.current.status is SlotStatus.WAITING
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("space")  # paused at 100 s
        clock.advance(30)
        await pilot.press("plus", "plus", "minus")  # +1 min
        await pilot.press("ctrl+q")
    stored = by_name(db_path, three.id)["甲"]
    assert (stored["status"], stored["accumulated_seconds"], stored["running_since"], stored["pause_count"],
            stored["adjust_seconds"]) == ("presenting", 100, None, 1, 60)
    clock.advance(600)  # closed for ten minutes: a paused slot does not count them
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "甲" and not screen.timer.running
        assert screen.timer.elapsed() == 100 and screen.timer.remaining() == 560
        await pilot.press("space")
        clock.advance(20)
    clock.advance(40)
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.timer.running and screen.timer.elapsed() == 160
    stored = by_name(db_path, three.id)["甲"]
    assert stored["pause_count"] == 1 and stored["adjust_seconds"] == 60
    assert stored["first_started_at"] == FakeClock().now


async def test_skip_then_restart_then_take_it_up_from_the_agenda(db_path, three):
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("space")
        clock.advance(70)
        await pilot.press("s")  # 甲 skipped with 70 s, 乙 runs
        clock.advance(30)
    slots = by_name(db_path, three.id)
    assert slots["甲"]["status"] == "skipped" and slots["甲"]["accumulated_seconds"] == 70
    assert slots["甲"]["finished_at"] is None and slots["甲"]["pause_count"] == 0
    clock.advance(10)
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "乙" and screen.timer.elapsed() == 40
        screen.query_one(AgendaList).focus()
        await pilot.press("up", "enter")  # take 甲 up again: 乙 waits with her 40 s
        await pilot.pause()
        assert screen.current.presenter == "甲" and screen.timer.running
        clock.advance(5)
    slots = by_name(db_path, three.id)
    assert slots["甲"]["status"] == "presenting" and slots["甲"]["accumulated_seconds"] == 70
    assert slots["乙"]["status"] == "waiting" and slots["乙"]["accumulated_seconds"] == 40
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "甲" and screen.timer.elapsed() == 75


async def test_shorten_stops_at_zero_allowed_and_extend_comes_back(db_path, meeting, db):
    queries.add_slot(db, meeting.id, "甲", 120)
    clock = FakeClock()
    async with live_app(db_path, meeting.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("space")
        clock.advance(30)
        await pilot.press(*["minus"] * 4)  # −4 min on a 2-min slot: allowed 0, not less
        assert screen.timer.remaining() == -30
        assert by_name(db_path, meeting.id)["甲"]["adjust_seconds"] == -120
        await pilot.press("plus")
        assert screen.timer.remaining() == 30
    assert by_name(db_path, meeting.id)["甲"]["adjust_seconds"] == -60


async def test_next_past_the_last_slot_finishes_and_leaves_a_skipped_one_skipped(db_path, three):
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("s")  # 甲 never started: skipped
        await pilot.press("space")
        clock.advance(30)
        await pilot.press("n")
        clock.advance(20)
        await pilot.press("n")  # past the last: the meeting is over, the summary opens
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
    slots = by_name(db_path, three.id)
    assert [(n, slots[n]["status"], slots[n]["accumulated_seconds"]) for n in ("甲", "乙", "丙")] == [
        ("甲", "skipped", 0), ("乙", "done", 30), ("丙", "done", 20)]
    assert meeting_row(db_path, three.id)["status"] == "finished"
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "甲"  # the skipped slot is where a reopened meeting starts


async def test_previous_after_the_meeting_finished_keeps_done_slots_done(db_path, three):
    """Was: after the last 'next' the meeting is finished; Escape back to the live screen and 'p' turned
    the last presenter's done slot into 'waiting' and the one before into 'presenting'. Now, once the
    meeting is finished, 'p' (or Enter on an agenda line) moves the view only."""
    clock = FakeClock()
    async with live_app(db_path, three.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("space")
        for _ in range(3):
            clock.advance(30)
            await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("p")
        await pilot.pause()
        assert screen.current.presenter == "乙"  # the view moved, to capture what was missed
    slots = by_name(db_path, three.id)
    assert meeting_row(db_path, three.id)["status"] == "finished"
    assert slots["丙"]["status"] == slots["乙"]["status"] == "done"


# --- tracking ------------------------------------------------------------------------------------


async def test_tracking_filters_combined_a_long_owner_and_a_noted_status_change(db_path, db, demo):
    long_owner = "欧阳" + "长" * 200
    mine = queries.save_action(db, Action(demo.id, "张伟", "长名字负责人的措施", owner=long_owner,
                                          due=TODAY - timedelta(days=1)))
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, TrackingScreen)
        table = screen.query_one("#actions", DataTable)

        def shown() -> list[int]:
            return [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]

        screen.query_one("#owner-filter", Input).focus()
        await pilot.press(*"欧阳", "enter")
        await settled(pilot)
        assert shown() == [mine.id]
        assert str(table.get_row_at(0)[4]) == long_owner  # shown whole
        screen.query_one("#overdue-only", Checkbox).value = True
        screen.query_one("#status-filter", Select).value = ActionStatus.DONE
        await settled(pilot)
        assert shown() == []  # done is never overdue: an empty list, said so
        assert "没有" in str(screen.query_one("#tracking-summary").render())
        screen.query_one("#status-filter", Select).value = ActionStatus.NOT_STARTED
        screen.query_one("#meeting-filter", Select).value = demo.id
        await settled(pilot)
        assert shown() == [mine.id]
        table.focus()
        await pilot.press("i")
        await settled(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"已约客户", "enter")
        await settled(pilot)
        assert shown() == []  # in progress: it leaves the not-started list
        screen.query_one("#status-filter", Select).value = Select.NULL
        await settled(pilot)
        assert shown() == [mine.id]  # still overdue (due yesterday, open)
        await pilot.press("i", "enter")  # the same status without a note records nothing
        await settled(pilot)
        assert [n.message for n in app._notifications][-1] == f"#{mine.id} 状态未变且没有备注，未记录"
    fresh = connect(db_path)
    stored = queries.get_action(fresh, mine.id)
    updates = queries.updates_for(fresh, mine.id)
    others = [a for a in queries.find_actions(fresh) if a.id != mine.id]
    fresh.close()
    assert stored.status is ActionStatus.IN_PROGRESS and stored.owner == long_owner
    assert [(u.status, u.note) for u in updates] == [(ActionStatus.IN_PROGRESS, "已约客户")]
    assert {a.id: a.status for a in others} == {a.id: a.status for a in queries.find_actions(db) if a.id != mine.id}


# --- summary -------------------------------------------------------------------------------------


async def test_summary_lists_agree_with_the_database_after_captures(db_path, db, demo):
    meeting = queries.get_meeting(db, demo.id)
    periods = rules.headline_periods(queries.periods_for(db, demo.id), meeting.period)
    shortfalls = [(s.presenter, a.indicator.name, a.indicator.id, a.period)
                  for s in queries.slots_for(db, demo.id)
                  for a in queries.review_for(db, demo.id, s.presenter, periods) if a.shortfall]
    (p1, n1, i1, per1), (p2, n2, i2, per2) = shortfalls[:2]
    unverified = queries.save_root_cause(
        db, RootCause(queries.gap_for_indicator(db, demo.id, p1, i1, per1).id, "问题甲", evidence="   "))
    queries.save_root_cause(
        db, RootCause(queries.gap_for_indicator(db, demo.id, p2, i2, per2).id, "问题乙", evidence="CRM数据"))
    no_owner = queries.save_action(db, Action(demo.id, "张伟", "无负责人", due=TODAY))
    no_due = queries.save_action(db, Action(demo.id, "李娜", "无期限", owner="李娜"))
    queries.save_action(db, Action(demo.id, "王芳", "完整", owner="王芳", due=TODAY))
    unmet_key_work = [k for k in queries.key_works_for(db, demo.id) if k.met is False]

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SummaryScreen)

        def rows(key: str) -> list[list[str]]:
            table = screen.query_one(f"#{key}", DataTable)
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

        gaps = rows("gaps_without_root_cause")
        causes = rows("root_causes_without_evidence")
        actions = rows("actions_incomplete")

    # What the database says, read with plain SQL.
    fresh = connect(db_path)
    caused = {(r["presenter"], r["indicator_id"], r["period"]) for r in fresh.query(
        "SELECT g.presenter, g.indicator_id, g.period FROM gaps g JOIN root_causes r ON r.gap_id = g.id "
        "WHERE g.meeting_id = ?", [demo.id])}
    no_evidence = [r["problem"] for r in fresh.query(
        "SELECT r.problem FROM root_causes r JOIN gaps g ON g.id = r.gap_id "
        "WHERE g.meeting_id = ? AND trim(r.evidence) = '' ORDER BY r.id", [demo.id])]
    incomplete = [r["id"] for r in fresh.query(
        "SELECT id FROM actions WHERE meeting_id = ? AND (trim(owner) = '' OR due IS NULL) ORDER BY id",
        [demo.id])]
    fresh.close()

    expected_gaps = [(p, n) for p, n, i, per in shortfalls if (p, i, per) not in caused]
    assert [(r[0], r[1]) for r in gaps[:len(expected_gaps)]] == expected_gaps
    assert (p1, n1) not in [(r[0], r[1]) for r in gaps] and (p2, n2) not in [(r[0], r[1]) for r in gaps]
    assert len(gaps) == len(expected_gaps) + len(unmet_key_work)
    assert no_evidence == [unverified.problem] and [r[1] for r in causes] == no_evidence
    assert incomplete == [no_owner.id, no_due.id] and [int(r[0]) for r in actions] == incomplete
