"""The live meeting driven through the keyboard on a fake clock; assertions read the database."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events
from textual.widgets import Input

from core.model import (
    ActionStatus,
    Attribution,
    FishboneCategory,
    MeetingStatus,
    SlotStatus,
)
from core.timer import Phase
from db import queries
from db.store import connect
from tests.drivers import FakeClock, live_app, open_live, type_text
from tui.screens.summary import SummaryScreen
from tui.widgets.clock import AgendaList, Countdown

SIZE = (160, 48)


def slots_by_presenter(db_path, meeting_id):
    db = connect(db_path)
    try:
        return {s.presenter: s for s in queries.slots_for(db, meeting_id)}
    finally:
        db.close()


async def test_a_whole_meeting_on_a_fake_clock(db_path, demo):
    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "张伟"

        await pilot.press("f2")  # start
        clock.advance(300)
        await pilot.press("f2")  # pause: the next minute does not count
        clock.advance(60)
        await pilot.press("f2")
        for step in (190, 60, 40, 20):  # wrap-up (110, 50 s left), final (10 s), overtime (−10 s)
            clock.advance(step)
            screen.tick()
        assert screen.timer.phase() is Phase.OVERTIME
        assert screen.signals == [Phase.WRAP_UP, Phase.FINAL, Phase.OVERTIME]
        assert screen.query_one(Countdown).has_class("overtime")

        await pilot.press("f4")  # next: 李娜, the clock keeps running
        assert screen.current.presenter == "李娜" and screen.timer.running
        clock.advance(200)
        await pilot.press("f5")  # skip 李娜: she stays on the agenda
        assert screen.current.presenter == "王芳"
        clock.advance(500)
        await pilot.press("f4")
        assert screen.current.presenter == "刘洋"

        agenda = screen.query_one(AgendaList)  # take 李娜 (2nd) up again from the sidebar
        agenda.focus()
        await pilot.press("up", "up", "enter")  # the highlight follows the current slot (刘洋, 4th)
        assert screen.current.presenter == "李娜"
        clock.advance(100)
        await pilot.press("f4")  # back to the first slot still waiting: 刘洋
        assert screen.current.presenter == "刘洋"
        clock.advance(610)
        await pilot.press("f4")
        clock.advance(590)
        await pilot.press("f4")  # the last one: the summary opens
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)

    slots = slots_by_presenter(db_path, demo.id)
    assert {name: round(s.accumulated_seconds) for name, s in slots.items()} == {
        "张伟": 610, "李娜": 300, "王芳": 500, "刘洋": 610, "陈静": 590}
    assert {s.status for s in slots.values()} == {SlotStatus.DONE}
    assert slots["张伟"].pause_count == 1
    assert all(s.running_since is None and s.finished_at is not None for s in slots.values())
    db = connect(db_path)
    assert queries.get_meeting(db, demo.id).status is MeetingStatus.FINISHED
    db.close()


async def test_extend_shorten_and_previous(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", "f7", "f7", "f6")  # +1 +1 −1 → 11 minutes
        clock.advance(100)
        await pilot.press("f4")
        clock.advance(50)
        await pilot.press("f3")  # back to 张伟; 李娜 keeps her 50 s and waits to finish
        assert screen.current.presenter == "张伟" and screen.timer.running
        clock.advance(20)
        screen.tick()
        assert round(screen.timer.remaining()) == 660 - 120
    slots = slots_by_presenter(db_path, demo.id)
    assert slots["张伟"].adjust_seconds == 60 and slots["张伟"].status is SlotStatus.PRESENTING
    assert round(slots["李娜"].accumulated_seconds) == 50 and slots["李娜"].status is SlotStatus.WAITING


async def test_closing_mid_slot_and_reopening_resumes_the_same_slot(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2")
        clock.advance(130)
        await pilot.press("f4")  # 李娜 presenting, running
        clock.advance(95)
    clock.advance(30)  # the app was closed (or crashed) while 李娜 kept talking
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "李娜"
        assert screen.timer.running
        assert round(screen.timer.elapsed()) == 125
        assert screen.query_one("#slot-of").render().plain == "第 2/5 位"


async def test_a_five_why_root_cause_through_the_keyboard(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("1", "r")  # first row: the chronic gap, leading the unrated ones → its root cause form
        await pilot.pause()
        assert screen.query_one("TabbedContent").active == "root-causes"
        await type_text(pilot, "客户分级不清")  # Enter is the behaviour here, the letters are not
        await pilot.press("enter")  # preliminary cause → saved, on to the first why
        for why, because in [("为什么跟进慢", "没有分级"), ("为什么没分级", "没有标准"), ("为什么没标准", "流程缺失")]:
            await type_text(pilot, why)
            await pilot.press("enter")
            await type_text(pilot, because)
            await pilot.press("enter")
        await pilot.press("enter")  # empty why: on to the root cause
        await type_text(pilot, "客户分级流程缺失")
        await pilot.press("enter")
        await pilot.press("enter", "down", "down", "down", "enter")  # category: the third option (process)
        pane = screen.query_one("#pane-root-causes")
        pane.query_one("#evidence").focus()
        await type_text(pilot, "CRM 数据")
        await pilot.press("enter")
        await pilot.pause()

    db = connect(db_path)
    causes = queries.root_causes_for(db, demo.id, "张伟")
    assert len(causes) == 1
    cause = causes[0]
    assert cause.preliminary_cause == "客户分级不清"
    assert [(w.why, w.because) for w in cause.whys] == [
        ("为什么跟进慢", "没有分级"), ("为什么没分级", "没有标准"), ("为什么没标准", "流程缺失")]
    assert cause.root_cause == "客户分级流程缺失"
    assert cause.category is FishboneCategory.PROCESS
    assert cause.attribution is Attribution.INTERNAL
    assert cause.evidence == "CRM 数据"
    gap = queries.get_gap(db, cause.gap_id)
    indicator = next(i for i in queries.indicators_for(db, demo.id) if i.id == gap.indicator_id)
    assert indicator.name == "新客户数" and gap.period == "H1"  # 连续未达成 2 期 ranks it before 平均跟进周期
    db.close()



def type_burst(app, text: str) -> None:
    """Queue every key at once, as a paste or an IME commit followed by Enter arrives: faster than
    the app handles them ("\n" is Enter)."""
    for char in text:
        app.post_message(events.Key("enter", "\r") if char == "\n" else events.Key(char, char))


async def test_keys_typed_faster_than_enter_is_handled_land_in_the_next_field(db_path, demo):
    """Enter saves and moves on; what was typed right after it belongs to the next field, however fast."""
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("1", "r")
        await pilot.pause()
        type_burst(pilot.app, "客户分级不清\n为什么跟进慢\n没有分级\n为什么没分级")
        await pilot.pause()
        await pilot.pause()
        pane = screen.query_one("#pane-root-causes")
        assert pane.query_one("#why", Input).value == "为什么没分级"
        assert pane.query_one("#why", Input).has_focus
        type_burst(pilot.app, "\n没有标准\n")
        await pilot.pause()
        await pilot.pause()

    db = connect(db_path)
    [cause] = queries.root_causes_for(db, demo.id, "张伟")
    assert cause.preliminary_cause == "客户分级不清"
    assert [(w.why, w.because) for w in cause.whys] == [("为什么跟进慢", "没有分级"), ("为什么没分级", "没有标准")]
    db.close()


async def draft_action(pilot, measure: str):
    """Open the actions tab of the first presenter and save a draft action; returns the pane."""
    screen = await open_live(pilot)
    await pilot.press("4")
    await type_text(pilot, measure)
    await pilot.press("enter")
    return screen.query_one("#pane-actions")


async def test_keys_typed_after_a_refused_enter_stay_in_the_field(db_path, demo):
    """When Enter does not move on (an invalid date), what follows is typed into the same field."""
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        pane = await draft_action(pilot, "复盘客户流失")
        due = pane.query_one("#due", Input)
        due.focus()
        await pilot.pause()
        type_burst(pilot.app, "13月45日\n前")
        await pilot.pause()
        await pilot.pause()  # no waiting on a timer: the held key is released once Enter is handled
        assert due.has_focus and due.value == "13月45日前"
        assert "13月45日" in str(pane.query_one(".error").render())



async def test_a_half_typed_action_is_not_carried_to_the_next_presenter(db_path, demo):
    """F4 mid-form: what was typed for 张伟 must not be saved under 李娜 by the next Ctrl+S."""
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "张伟的措施")
        await pilot.press("f4")  # 张伟 never started: confirm "not presented"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        assert screen.query_one("#pane-actions").query_one("#measure", Input).value == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    db = connect(db_path)
    assert [a.measure for a in queries.actions_for(db, demo.id) if a.measure == "张伟的措施"] == []
    db.close()

async def test_an_action_with_every_field_and_a_typed_date(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        pane = screen.query_one("#pane-actions")
        await type_text(pilot, "建立客户分级标准")
        await pilot.press("enter")  # measure (saved as a draft), on to owner
        await type_text(pilot, "张伟")
        await pilot.press("enter")
        await pilot.press("enter", "down", "enter")  # status → in progress
        pane.query_one("#start").focus()
        for typed in ("+1w", "12月20日", "A类客户100%分级", "分级表", "CRM权限", "客户抵触"):
            await type_text(pilot, typed)
            await pilot.press("enter")
        await pilot.pause()

    db = connect(db_path)
    actions = queries.actions_for(db, demo.id, "张伟")
    assert len(actions) == 1
    a = actions[0]
    assert (a.measure, a.owner, a.status) == ("建立客户分级标准", "张伟", ActionStatus.IN_PROGRESS)
    assert a.start == date(2026, 11, 30) and a.due == date(2026, 12, 20)
    assert (a.standard, a.checkpoint, a.resources, a.risk) == ("A类客户100%分级", "分级表", "CRM权限", "客户抵触")
    db.close()


async def test_a_typed_date_is_the_next_such_day_and_a_bad_one_saves_nothing(db_path, demo):
    """The demo meeting is on 2026-11-23: 10月20日 typed as a due date means 2027-10-20 (never an action
    overdue the moment it is saved), and the form shows that full date before anything is saved."""
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        pane = await draft_action(pilot, "复盘客户流失")
        pane.query_one("#due").focus()
        await type_text(pilot, "13月45日")
        await pilot.press("enter")
        await pilot.pause()
        assert "13月45日" in str(pane.query_one(".error").render())
        db = connect(db_path)
        assert [a.due for a in queries.actions_for(db, demo.id, "张伟")] == [None]
        pane.query_one("#due").value = ""
        await type_text(pilot, "10月20日")
        caption = str(pane.query_one("#due").parent.query_one(".field-label").render())
        assert "2027-10-20" in caption  # shown before saving
        assert [a.due for a in queries.actions_for(db, demo.id, "张伟")] == [None]
        await pilot.press("enter")
        await pilot.pause()
        assert [a.due for a in queries.actions_for(db, demo.id, "张伟")] == [date(2027, 10, 20)]
        pane.query_one("#start").value = "2027-11-01"  # a start after the due date is refused, nothing saved
        pane.query_one("#start").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "完成时间早于开始时间" in str(pane.query_one(".error").render())
        assert [(a.start, a.due) for a in queries.actions_for(db, demo.id, "张伟")] == [(None, date(2027, 10, 20))]
        db.close()


async def test_a_lesson_and_a_previous_action_status(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5", "shift+tab", "enter", "down", "enter")  # lessons; kind → failure
        await pilot.press("tab")
        await type_text(pilot, "大客户只靠一人维护")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "7")  # leave the field; previous actions: 张伟's open ones from last month
        previous = screen.query_one("#pane-previous")
        assert previous.actions
        first = next(iter(previous.actions))
        await pilot.press("d")
        await type_text(pilot, "已上线")
        await pilot.press("enter")
        await pilot.pause()

    db = connect(db_path)
    lessons = queries.lessons_for(db, demo.id, "张伟")
    assert [(x.kind.value, x.content) for x in lessons] == [("failure", "大客户只靠一人维护")]
    assert queries.get_action(db, first).status is ActionStatus.DONE
    assert [u.note for u in queries.updates_for(db, first)][-1] == "已上线"
    db.close()


async def test_timer_keys_work_while_typing(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4", *"abc")
        await pilot.press("f2")
        assert screen.timer.running
        assert screen.query_one("#measure").value == "abc"
        await pilot.press(*"de")
        assert screen.query_one("#measure").value == "abcde"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("seconds", [100, 500, 700], ids=["normal", "wrap-up", "overtime"])
def test_live_screen_snapshots(snap_compare, db_path, demo, lang, seconds):
    clock = FakeClock()

    async def run_before(pilot) -> None:
        await pilot.pause()  # the app pushes the meeting's screen after its start-up batch
        screen = pilot.app.screen
        await pilot.press("f2")
        clock.advance(seconds)
        screen.tick()
        screen.query_one(Countdown).remove_class("flash")
        await pilot.pause()

    app = live_app(db_path, demo.id, clock, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
async def test_sigterm_and_sighup_close_the_app_cleanly_and_lose_nothing(db_path, demo, name):
    import os
    import signal

    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f2")
        os.kill(os.getpid(), getattr(signal, name))  # as a dropped SSH session or `kill` would
        await pilot.pause(0.2)
        assert app._exit  # the app is closing through its normal exit path, restoring the terminal
    clock.advance(42)
    slot = slots_by_presenter(db_path, demo.id)["张伟"]
    assert slot.status is SlotStatus.PRESENTING and slot.running_since == clock.now - 42


async def test_rating_a_gap_reorders_the_indicators_by_priority(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        table = screen.query_one("#indicator-table")
        order = [str(key.value) for key in table.rows]
        sales = next(k for k, a in screen.query_one("#pane-indicators").rows.items() if a.indicator.name == "销售额")
        assert order.index(sales) > 1  # 24 % gap rate: below the larger, unrated gaps
        table.move_cursor(row=order.index(sales))
        await pilot.press("i", "e")  # high impact, easy: do it first
        await pilot.pause()
        assert str(table.coordinate_to_cell_key((0, 0)).row_key.value) == sales
    db = connect(db_path)
    [gap] = [g for g in queries.gaps_for(db, demo.id, "张伟") if g.impact]
    assert (gap.impact.value, gap.ease.value, gap.period) == ("high", "easy", "H1")
    db.close()


async def test_a_catch_up_line_raises_the_coverage(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("6")
        pane = screen.query_one("#pane-catch-up")
        assert "82%" in str(pane.query_one("#plan-summary").render())  # 510 of 620 万元: flagged
        pane.query_one("#customer").focus()
        await type_text(pilot, "新客户A")
        pane.query_one("#amount").focus()
        await type_text(pilot, "200万")
        await pilot.press("enter")
        await pilot.pause()
        assert "115%" in str(pane.query_one("#plan-summary").render())
    db = connect(db_path)
    [plan] = queries.catchup_plans_for(db, demo.id, "张伟")
    assert (plan.lines[-1].customer, plan.lines[-1].amount) == ("新客户A", 200.0)
    db.close()


@pytest.mark.parametrize(("field", "typed"), [("#amount", "-5"), ("#amount", "0"), ("#period-target", "0")])
async def test_a_catch_up_amount_or_target_not_above_zero_is_refused(db_path, demo, field, typed):
    """A line is an expected contribution and the target what the plan closes to: -5 or 0 is a typo."""
    db = connect(db_path)
    [before] = queries.catchup_plans_for(db, demo.id, "张伟")
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("6")
        pane = screen.query_one("#pane-catch-up")
        pane.query_one("#customer").focus()
        await type_text(pilot, "新客户A")
        pane.query_one("#amount").focus()
        await type_text(pilot, "200万")
        pane.query_one(field).clear()
        pane.query_one(field).focus()
        await type_text(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        assert "必须大于 0" in str(pane.query_one(".error").render())
    [after] = queries.catchup_plans_for(db, demo.id, "张伟")
    assert after == before
    db.close()


async def test_an_action_linked_to_a_root_cause_keeps_its_gap(db_path, db, demo):
    from core.model import RootCause

    indicator = next(i for i in queries.indicators_for(db, demo.id) if i.name == "新客户数")
    gap = queries.gap_for_indicator(db, demo.id, "张伟", indicator.id, "H1")
    cause = queries.save_root_cause(db, RootCause(gap.id, "新客户少", root_cause="线索分配无规则"))
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "线索按区域分配")
        screen.query_one("#link").focus()
        await pilot.press("enter", "down", "enter")  # the first link: the root cause
        await pilot.press("ctrl+s")
        await pilot.pause()
    [action] = queries.actions_for(db, demo.id, "张伟")
    assert (action.root_cause_id, action.gap_id) == (cause.id, gap.id)


async def test_export_from_the_live_screen_runs_in_a_worker(db_path, demo, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    (tmp_path / "docs").mkdir()  # the user's documents folder: where the dialog offers to export
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(tmp_path / "docs"))
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", "f9")
        await pilot.pause()
        await pilot.press("enter")  # xlsx, the first format
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.timer.running  # the meeting went on
    [path] = (tmp_path / "docs").glob("*.xlsx")
    assert "行动计划跟踪表" in load_workbook(path, read_only=True).sheetnames


async def test_the_meeting_warns_when_ten_minutes_are_left_and_projects_the_end(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2")
        clock.advance(900)  # 张伟 runs 5 minutes over: the meeting is 5 minutes behind
        screen.tick()
        assert "落后 5 分钟" in str(screen.query_one("#schedule").render())
        assert str(screen.query_one("#meeting-warning").render()) == ""
        clock.advance(1600)  # 2,500 s into a 3,000 s meeting
        screen.tick()
        assert str(screen.query_one("#meeting-warning").render()) == "⚠ 会议仅剩 8 分钟"


async def test_key_work_is_captured_and_its_shortfall_root_caused(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("2")  # key work: 张伟 has two items that fell short
        pane = screen.query_one("#pane-key-work")
        assert len(pane.items) == 2
        await pilot.press("ctrl+n")
        await type_text(pilot, "华东区渠道伙伴招募")
        await pilot.press("enter")  # a new item, saved on Enter
        pane.query_one("#met").focus()
        await pilot.press("enter", "down", "down", "enter")  # not met
        pane.query_one("#shortfall").focus()
        await type_text(pilot, "只签约1家")
        await pilot.press("enter")
        await pilot.pause()
        table = pane.query_one("DataTable")
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("r")  # root-cause this shortfall
        await pilot.pause()
        assert screen.query_one("TabbedContent").active == "root-causes"
        await type_text(pilot, "招募标准不清")
        await pilot.press("enter")
        await pilot.pause()

    db = connect(db_path)
    item = [k for k in queries.key_works_for(db, demo.id, "张伟") if k.title == "华东区渠道伙伴招募"][0]
    assert (item.met, item.shortfall) == (False, "只签约1家")
    [cause] = queries.root_causes_for(db, demo.id, "张伟")
    gap = queries.get_gap(db, cause.gap_id)
    assert (gap.kind.value, gap.key_work_id, cause.preliminary_cause) == ("key_work", item.id, "招募标准不清")
    assert "华东区渠道伙伴招募" in cause.problem
    db.close()
