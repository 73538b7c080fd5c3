"""The live timer across restarts and at the meeting's ends: a pause and ± minutes survive Ctrl+Q and a
reopen, a skipped slot can be taken up again after a restart, shortening stops at zero, next past the last
slot finishes the meeting (a skipped one stays skipped), and previous after the end moves the view only.
Every test reads the slots table back.
"""

from __future__ import annotations

from core.model import SlotStatus
from db import queries
from tests.drivers import FakeClock, live_app, open_live
from tests.meetings import by_name, meeting, meeting_row, three  # noqa: F401 (fixtures)
from tui.screens.summary import SummaryScreen
from tui.widgets.clock import AgendaList

SIZE = (160, 48)


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
