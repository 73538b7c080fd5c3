"""One timing model (issue 12): on a fake clock, with F6/F7/F5/F3 and F4, the countdown, the agenda sidebar,
the projected end and the timing export agree at every step, because they all read `core.timer`.

Each step's figures are worked by hand (the oracles); the screen and the export are checked against them,
reading the database, not only what is drawn.
"""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Digits

from core.model import MeetingStatus, SlotStatus
from core.timer import schedule
from db import queries
from db.store import connect
from exports.tables import OVERRUN, timing_table
from tests.drivers import FakeClock, live_app, open_live, type_text
from tui import palette
from tui.screens.summary import SummaryScreen
from tui.widgets.clock import AgendaList, Countdown
from tui.widgets.dialogs import ConfirmDialog

SIZE = (160, 48)
START = datetime(2026, 11, 23, 14, 0)  # the demo's planned start, on the fake clock (TZ=UTC in tests)


def _stored(db_path, meeting_id):
    db = connect(db_path)
    try:
        return queries.slots_for(db, meeting_id)
    finally:
        db.close()


def _label(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())  # a Label, or the schedule's PackedLine


def check(screen, db_path, meeting_id, clock, *, expected: dict[str, tuple[int, int, int]], countdown: str,
          phase: str, to_run: float) -> None:
    """``expected``: presenter → (plan, actual, overrun) in seconds, worked by hand; ``countdown`` the
    digits of the current slot; ``phase`` its CSS class; ``to_run`` the seconds the projection adds to now.

    Checks are made with every clock paused, so "as recorded" (the export) and "live" (the screen) agree.
    """
    slots = _stored(db_path, meeting_id)
    assert not any(s.running_since for s in slots), "checks are made with the clock paused"
    # the timing export (时间记录), from the database
    table = timing_table(slots, "zh")
    rows = {row[0]: row for row in table.rows}
    for name, (plan, actual, overrun) in expected.items():
        assert rows[name][1:4] == [plan, actual, overrun], name
        row_index = table.rows.index(rows[name])
        assert (table.marks.get((row_index, 3)) == OVERRUN) is (overrun > 0), name
    # the agenda sidebar: actual/adjusted plan, red exactly when the export reports an overrun
    agenda = screen.query_one(AgendaList)
    for slot in slots:
        if slot.presenter not in expected:
            continue
        plan, actual, overrun = expected[slot.presenter]
        shown = agenda._lines[slot.id][1]
        assert f"{actual // 60}:{actual % 60:02d}/{plan // 60}:{plan % 60:02d}" in shown, (slot.presenter, shown)
        assert (palette.ALERT in shown) is (overrun > 0), (slot.presenter, shown)
    # the countdown: digits and phase of the current slot
    clock_widget = screen.query_one(Countdown)
    assert clock_widget.query_one(Digits).value == countdown
    assert clock_widget.has_class(phase), phase
    # the projected end: core.timer.schedule, and the same time on screen
    projected = schedule(slots, clock()).projected_end
    assert projected == clock() + to_run
    assert f"{datetime.fromtimestamp(projected):%H:%M}" in _label(screen, "#schedule")


async def test_countdown_agenda_projection_and_export_agree_through_f6_f7_f5_f3(db_path, demo):
    clock = FakeClock(START)
    app = live_app(db_path, demo.id, clock)
    rest = 4 * 600  # 李娜, 王芳, 刘洋, 陈静 still to run
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "张伟"

        # 张伟 talks 5:00, the facilitator takes a minute away (F6): plan 9:00, 4:00 left.
        await pilot.press("f2")
        clock.advance(300)
        await pilot.press("f6", "f2")
        check(screen, db_path, demo.id, clock, expected={"张伟": (540, 300, 0)}, countdown="04:00",
              phase="normal", to_run=240 + rest)

        # Two minutes added (F7 F7): plan 11:00. At 10:30 he is on time — nowhere reported as over.
        await pilot.press("f2", "f7", "f7")
        clock.advance(330)
        await pilot.press("f2")
        check(screen, db_path, demo.id, clock, expected={"张伟": (660, 630, 0)}, countdown="00:30",
              phase="final", to_run=30 + rest)
        assert "30" in _label(screen, "#phase-text")  # final phase words, not "剩余2分钟"

        # 1:00 later he is 0:30 over: the countdown, the agenda and the export all say so.
        await pilot.press("f2")
        clock.advance(60)
        await pilot.press("f2")
        check(screen, db_path, demo.id, clock, expected={"张伟": (660, 690, 30)}, countdown="+00:30",
              phase="overtime", to_run=rest)

        # F4: 张伟 is done (11:30 of 11:00). 李娜 comes up, her clock not started.
        await pilot.press("f4")
        assert screen.current.presenter == "李娜"
        check(screen, db_path, demo.id, clock, expected={"张伟": (660, 690, 30), "李娜": (600, 0, 0)},
              countdown="10:00", phase="normal", to_run=rest)

        # F4 again on 李娜, who never presented: the screen asks; "n" leaves her where she is.
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        assert {s.presenter: s.status for s in _stored(db_path, demo.id)}["李娜"] is not SlotStatus.SKIPPED

        # F5 skips her: she stays on the agenda, and her 10:00 stay in the projection.
        await pilot.press("f5")
        assert screen.current.presenter == "王芳"
        stored = {s.presenter: s for s in _stored(db_path, demo.id)}
        assert stored["李娜"].status is SlotStatus.SKIPPED
        check(screen, db_path, demo.id, clock, expected={"李娜": (600, 0, 0), "王芳": (600, 0, 0)},
              countdown="10:00", phase="normal", to_run=rest)

        # 王芳 runs 2:00 with a minute added, then F3 goes back to 李娜, whose clock takes over.
        await pilot.press("f2", "f7")
        clock.advance(120)
        await pilot.press("f3")
        assert screen.current.presenter == "李娜" and screen.timer.running
        clock.advance(200)
        await pilot.press("f2")
        check(screen, db_path, demo.id, clock,
              expected={"张伟": (660, 690, 30), "李娜": (600, 200, 0), "王芳": (660, 120, 0)},
              countdown="06:40", phase="normal", to_run=400 + 540 + 600 + 600)
        assert "2/5" in _label(screen, "#slot-of")


async def test_the_last_slot_ends_the_meeting_and_the_screen_says_so(db_path, demo):
    clock = FakeClock(START)
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2")
        for _ in range(5):
            clock.advance(600)
            await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        app.pop_screen()
        await pilot.pause()
        state = _label(screen, "#timer-state")
        assert "会议已结束" in state and "已暂停" not in state
    db = connect(db_path)
    try:
        assert queries.get_meeting(db, demo.id).status is MeetingStatus.FINISHED
        assert all(s.status is SlotStatus.DONE for s in queries.slots_for(db, demo.id))
    finally:
        db.close()


async def test_f4_on_a_slot_that_never_ran_records_it_as_not_presented_once_confirmed(db_path, demo):
    clock = FakeClock(START)
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        agenda = screen.query_one(AgendaList)
        assert "未汇报" in agenda._lines[screen.slots[0].id][1]  # the sidebar says so too
    slots = _stored(db_path, demo.id)
    first = slots[0]
    assert first.status is SlotStatus.SKIPPED and first.first_started_at is None
    row = timing_table(slots, "zh").rows[0]
    assert row[0] == "张伟" and row[5] == "未汇报"


async def test_an_explicit_past_due_date_is_asked_about_before_it_is_saved(db_path, demo):
    """2026-11-01 typed in full at a meeting on 2026-11-23: the form asks; "n" saves nothing, "y" saves it."""
    from datetime import date

    async with live_app(db_path, demo.id, FakeClock(START)).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "复盘客户流失")
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one("#pane-actions")
        pane.query_one("#due").focus()
        await pilot.press(*"2026-11-01", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        db = connect(db_path)
        try:
            assert [a.due for a in queries.actions_for(db, demo.id, "张伟")] == [None]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
            assert [a.due for a in queries.actions_for(db, demo.id, "张伟")] == [date(2026, 11, 1)]
        finally:
            db.close()


async def test_a_meeting_created_in_the_app_without_a_date_is_dated_today(db_path):
    from textual.widgets import Input

    from tests.drivers import FakeClock as Clock
    from tui.app import make_app

    app = make_app(db_path, lang="zh", clock=Clock(START))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#date", Input).value == "2026-11-23"
        form.query_one("#title", Input).value = "华东 Q4 复盘会"
        form.query_one("#goal", Input).value = "分析Q4新客户获取不足的原因"
        form.query_one("#date", Input).value = ""  # cleared: still today's, as `fupan new` does
        form.query_one("#title", Input).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
    db = connect(db_path)
    try:
        [listing] = queries.list_meetings(db)
        assert listing.meeting.date.isoformat() == "2026-11-23"
    finally:
        db.close()
