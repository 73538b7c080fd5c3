"""Nothing typed is lost, and nothing lands on the wrong presenter (issue 10, DESIGN §4 Live: drafts).

Each test reproduces one thing a facilitator saw, through the keyboard on the demo meeting, and reads
the database: the drafts table for unsaved text, the item tables for what was saved.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Select

from core.model import ActionStatus, Draft
from db import queries
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, live_app, open_live, type_text

SIZE = (160, 48)
DRAFT_WAIT = 1.3  # the draft is written within about a second of the last key


def drafts(db_path, meeting_id):
    db = connect(db_path)
    try:
        return {(d.presenter, d.form): d for d in queries.drafts_for(db, meeting_id)}
    finally:
        db.close()


def read(db_path, fn, *args):
    db = connect(db_path)
    try:
        return fn(db, *args)
    finally:
        db.close()


async def started(pilot):
    """The live screen with the clock running (F4 on a slot that never ran asks first)."""
    screen = await open_live(pilot)
    await pilot.press("f2")
    return screen


async def to_presenter(pilot, screen, name: str) -> None:
    """F4 until ``name`` is on the clock (which runs)."""
    if not screen.timer.running:
        await pilot.press("f2")
    for _ in range(len(screen.slots)):
        if screen.current.presenter == name:
            return
        await pilot.press("f4")
        await pilot.pause()
    assert screen.current.presenter == name


# --- the drafts table ------------------------------------------------------------------------------


def test_a_draft_is_one_row_per_meeting_presenter_and_form_and_goes_with_its_meeting(db, demo):
    queries.save_draft(db, Draft(demo.id, "李娜", "lesson", {"content": "一"}, {"kind": "success"}))
    queries.save_draft(db, Draft(demo.id, "李娜", "lesson", {"content": "一二"}, {"kind": "failure"}))
    queries.save_draft(db, Draft(demo.id, "张伟", "action", {"measure": "措施"}, {}, {"id": 7}))
    found = queries.drafts_for(db, demo.id)
    assert [(d.presenter, d.form) for d in found] == [("张伟", "action"), ("李娜", "lesson")]  # agenda order
    assert (found[1].fields, found[1].choices, found[0].item) == ({"content": "一二"}, {"kind": "failure"}, {"id": 7})
    assert found[1].text() == "一二"
    queries.discard_draft(db, demo.id, "李娜", "lesson")
    assert queries.draft_for(db, demo.id, "李娜", "lesson") is None
    queries.delete_meeting(db, demo.id)
    assert queries.drafts_for(db, demo.id) == []


@pytest.mark.parametrize("fmt", ["csv", "md", "xlsx", "report"])
def test_exports_leave_drafts_out(db, demo, tmp_path, fmt):
    from exports.write import export_meeting

    queries.save_draft(db, Draft(demo.id, "张伟", "action", {"measure": "草稿里的措施XYZ"}, {}))
    queries.save_draft(db, Draft(demo.id, "张伟", "lesson", {"content": "草稿里的经验XYZ"}, {}))
    carried = queries.carried_over_actions(db, demo, "张伟")[0]
    queries.save_draft(db, Draft(demo.id, "张伟", queries.status_note_form(carried.id), {"note": "备注草稿XYZ"}, {},
                                 {"action": carried.id, "status": "done"}))
    paths = export_meeting(db, demo.id, fmt, tmp_path / "out", lang="zh", today=TODAY)
    for path in paths:
        if path.suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            content = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                               for cell in row)
        else:
            content = path.read_text(encoding="utf-8-sig")
        assert "XYZ" not in content, path


# --- typed text vanishes -------------------------------------------------------------------------


async def test_text_typed_after_the_room_clock_lands_in_the_field_it_was_typed_in(db_path, demo):
    """F12 shows the room's clock and takes the focus off the hidden form; F12 again gives it back to the
    field that had it. Left with nothing focused, the next keys went nowhere, and a Tab put them into the
    type drop-down's search: "谈价格" typed after F12, F4, F3, F12 was lost (seen in tmux)."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", "5")  # 张伟's clock runs: F4 moves on without asking
        await type_text(pilot, "大客户分级要先做，再")
        content = screen.query_one("#pane-lessons #content", Input)
        await pilot.press("f12")
        assert pilot.app.focused is None  # under the clock, number keys must not type into the form
        await pilot.press("f4")  # 李娜, then back to 张伟, all under the clock
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f12")
        assert pilot.app.focused is content
        await type_text(pilot, "谈价格")
        assert content.value == "大客户分级要先做，再谈价格"
        await pilot.press("f12", "f12")  # and again with nothing moved meanwhile
        await type_text(pilot, "。")
        assert content.value == "大客户分级要先做，再谈价格。"
        assert content.select_on_focus  # Tab into a field still selects it, as Textual's fields do


async def test_a_lesson_typed_right_after_its_tab_key_lands_in_its_content(db_path, demo):
    """5 put the focus on the 类型 drop-down: text typed next was dropped, and a letter such as n, a live
    screen key off a text field, moved the running clock to the next presenter (seen in a tmux trial)."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", "5")
        await type_text(pilot, "new 大客户分级先做")
        assert screen.current.presenter == "张伟"
        assert screen.query_one("#pane-lessons #content", Input).value == "new 大客户分级先做"
        await pilot.press("shift+tab")  # the kind, one key back
        assert screen.query_one("#pane-lessons #kind", Select).has_focus


async def test_a_half_typed_lesson_survives_f3_and_f4(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await to_presenter(pilot, screen, "王芳")
        await pilot.press("5")
        await type_text(pilot, "王芳未保存的经验")
        await pilot.press("f3")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        pane = screen.query_one("#pane-lessons")
        assert pane.query_one("#content", Input).value == ""  # 李娜 never sees 王芳's text
        assert drafts(db_path, demo.id)[("王芳", "lesson")].fields["content"] == "王芳未保存的经验"
        await pilot.press("f4")
        await pilot.pause()
        assert screen.current.presenter == "王芳"
        await pilot.press("escape", "5")
        assert pane.query_one("#content", Input).value == "王芳未保存的经验"
        assert pane.has_class("-draft")  # marked as a draft
        assert read(db_path, queries.lessons_for, demo.id, "王芳") == []  # a draft is not an item


async def test_a_draft_the_locked_database_refused_is_kept_and_written_once_the_lock_is_free(db_path, demo):
    """Another program holds the write lock past the busy timeout when F3 keeps 王芳's half-typed lesson:
    one notice, no crash, the text kept in memory and written as her draft once the lock is free."""
    import sqlite3

    app = live_app(db_path, demo.id, FakeClock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_live(pilot)
        await to_presenter(pilot, screen, "王芳")
        await pilot.press("5")
        await type_text(pilot, "锁住时写的经验")
        app.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("f3")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        assert any("数据库正被其他程序占用" in n.message for n in app._notifications)
        other.execute("ROLLBACK")
        other.close()
        await pilot.pause(1.6)  # the kept draft is retried every second
        assert drafts(db_path, demo.id)[("王芳", "lesson")].fields["content"] == "锁住时写的经验"
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("escape", "5")
        await pilot.pause()
        assert screen.query_one("#pane-lessons").query_one("#content", Input).value == "锁住时写的经验"
    assert app.return_code in (0, None)


async def test_a_half_typed_action_survives_f3_and_f4_and_saving_it_ends_the_draft(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await to_presenter(pilot, screen, "王芳")
        await pilot.press("4")
        await type_text(pilot, "王芳的措施")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("escape", "4")
        pane = screen.query_one("#pane-actions")
        assert pane.query_one("#measure", Input).value == "王芳的措施"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not pane.has_class("-draft")
    assert [a.measure for a in read(db_path, queries.actions_for, demo.id, "王芳")] == ["王芳的措施"]
    assert ("王芳", "action") not in drafts(db_path, demo.id)


async def test_ctrl_n_on_a_half_typed_lesson_asks_before_discarding(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5")
        await type_text(pilot, "半句经验")
        pane = screen.query_one("#pane-lessons")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("n")  # no: keep it
        await pilot.pause()
        assert pane.query_one("#content", Input).value == "半句经验"
        assert drafts(db_path, demo.id)[("张伟", "lesson")].fields["content"] == "半句经验"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")  # yes: discard
        await pilot.pause()
        assert pane.query_one("#content", Input).value == ""
    assert ("张伟", "lesson") not in drafts(db_path, demo.id)
    assert read(db_path, queries.lessons_for, demo.id, "张伟") == []


async def test_a_draft_is_written_within_a_second_of_the_last_key(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("5")
        await type_text(pilot, "还在打字")
        await pilot.pause(DRAFT_WAIT)
        assert drafts(db_path, demo.id)[("张伟", "lesson")].fields["content"] == "还在打字"


async def test_quitting_keeps_the_draft_and_reopening_shows_it(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "退出前的措施")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert drafts(db_path, demo.id)[("张伟", "action")].fields["measure"] == "退出前的措施"
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        assert screen.query_one("#pane-actions").query_one("#measure", Input).value == "退出前的措施"


async def test_discarding_a_draft_takes_a_confirmed_key(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "不要了")
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("escape")  # no
        await pilot.pause()
        pane = screen.query_one("#pane-actions")
        assert pane.query_one("#measure", Input).value == "不要了"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pane.query_one("#measure", Input).value == ""
        assert not pane.has_class("-draft")
    assert drafts(db_path, demo.id) == {}


# --- one presenter's figures under the next ----------------------------------------------------


async def test_catch_up_figures_stay_with_their_presenter(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("6")
        pane = screen.query_one("#pane-catch-up")
        for selector, typed in (("#period-target", "1000万"), ("#actual-to-date", "380万")):
            pane.query_one(selector, Input).clear()
            pane.query_one(selector, Input).focus()
            await pilot.press(*typed)
        await pilot.press("f4")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        await pilot.press("escape", "6")
        李娜_plans = read(db_path, queries.catchup_plans_for, demo.id, "李娜")
        shown = pane.query_one("#period-target", Input).value, pane.query_one("#actual-to-date", Input).value
        if 李娜_plans:
            assert "1000" not in shown[0] and "380" not in shown[1]
        else:
            assert shown == ("", "")
        pane.query_one("#customer", Input).focus()
        await type_text(pilot, "客户B")
        pane.query_one("#amount", Input).focus()
        await type_text(pilot, "80万")
        await pilot.press("enter")
        await pilot.pause()
    for plan in read(db_path, queries.catchup_plans_for, demo.id, "李娜"):
        assert (plan.period_target, plan.actual_to_date) != (1000.0, 380.0)
    assert drafts(db_path, demo.id)[("张伟", "catch_up")].fields["period-target"] == "1000万"


# --- a rating hits the wrong indicator -----------------------------------------------------------


async def test_the_cursor_follows_the_rated_indicator_when_the_table_re_sorts(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("1")
        pane = screen.query_one("#pane-indicators")
        table = pane.query_one("#indicator-table")
        sales = next(k for k, a in pane.rows.items() if a.indicator.name == "销售额")
        order = [str(key.value) for key in table.rows]
        await pilot.press(*["down"] * order.index(sales))
        assert pane.current().indicator.name == "销售额"
        await pilot.press("i", "e", "e")
        await pilot.pause()
        assert pane.current().indicator.name == "销售额"
    gaps = read(db_path, queries.gaps_for, demo.id, "张伟")
    rated = {g.indicator_id: (g.impact, g.ease) for g in gaps if g.impact or g.ease}
    names = {i.id: i.name for i in read(db_path, queries.indicators_for, demo.id)}
    assert {names[i]: (im.value if im else None, ea.value if ea else None) for i, (im, ea) in rated.items()} \
        == {"销售额": ("high", "hard")}


async def test_the_summary_lists_open_drafts_until_they_are_saved(db_path, demo):
    from tui.screens.summary import SummaryScreen

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("5")
        await type_text(pilot, "总结前没保存的")
        await pilot.press("f10")
        await pilot.pause()
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        table = summary.query_one("#open_drafts")
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:3] == ["张伟", "经验教训", "总结前没保存的"]
        assert drafts(db_path, demo.id)[("张伟", "lesson")].text() == "总结前没保存的"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        table = pilot.app.screen.query_one("#open_drafts")
        assert table.row_count == 1 and "✓" in str(table.get_row_at(0)[0])  # all clear
    assert [lesson.content for lesson in read(db_path, queries.lessons_for, demo.id, "张伟")] == ["总结前没保存的"]
# --- a save sees every character shown -----------------------------------------------------------


async def test_ctrl_s_right_after_fast_typing_saves_every_character(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5")
        for char in "快速输入的经验":
            pilot.app.post_message(events.Key(char, char))
        pilot.app.post_message(events.Key("ctrl+s", None))
        await pilot.pause()
        await pilot.pause()
        shown = screen.query_one("#pane-lessons").query_one("#content", Input).value
    saved = [lesson.content for lesson in read(db_path, queries.lessons_for, demo.id, "张伟")]
    assert saved == ["快速输入的经验"], (saved, shown)


async def test_f4_right_after_fast_typing_keeps_the_text_with_its_presenter(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("4")
        for char in "张伟说的":
            pilot.app.post_message(events.Key(char, char))
        pilot.app.post_message(events.Key("f4", None))
        await pilot.pause()
        await pilot.pause()
        assert screen.current.presenter == "李娜"
        assert screen.query_one("#pane-actions").query_one("#measure", Input).value == ""
    assert drafts(db_path, demo.id)[("张伟", "action")].fields["measure"] == "张伟说的"




# --- kill -9 -------------------------------------------------------------------------------------

KILLED_APP = """
import asyncio, json, sys
from tests.drivers import FakeClock, live_app

async def main(db_path, meeting_id, keys):
    async with live_app(db_path, meeting_id, FakeClock()).run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for key in keys:  # no save, no F-key: only the draft timer writes it
            await pilot.press(key)
            await pilot.pause()
        print("typed", flush=True)
        await asyncio.sleep(120)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])))
"""


async def test_a_status_note_survives_kill_9(db_path, demo):
    """The note dialog open on a previous action, half a note typed, the process killed: the note is its
    presenter's draft, and the next status key on that action shows it again."""
    import asyncio
    import json
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from tui.widgets.dialogs import TextDialog

    root = Path(__file__).resolve().parent.parent
    keys = ["7", "d", *"kill之前的备注"]
    process = subprocess.Popen([sys.executable, "-c", KILLED_APP, str(db_path), str(demo.id), json.dumps(keys)],
                               cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), timeout=120)
        assert line.strip() == "typed", process.stderr.read() if process.stderr else ""
        for _ in range(100):
            if drafts(db_path, demo.id):
                break
            await asyncio.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    [(presenter, form)] = drafts(db_path, demo.id)
    assert presenter == "张伟" and form.startswith("status_note:")
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        action_id, dialog = await _previous_action_dialog(pilot, screen)
        assert form == queries.status_note_form(action_id)
        assert isinstance(dialog, TextDialog) and dialog.query_one(Input).value == "kill之前的备注"
        assert dialog.has_class("-draft")


async def test_the_summary_lists_an_open_status_note_by_its_action(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        action_id, _ = await _previous_action_dialog(pilot, screen)
        await pilot.press(*"还没定的备注", "escape")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        table = pilot.app.screen.query_one("#open_drafts")
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[:3] for row in rows] == [["张伟", f"状态备注 #{action_id}", "还没定的备注"]]


async def test_a_draft_survives_kill_9(db_path, demo):
    import asyncio
    import json
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    keys = json.dumps(["5", *"kill之前打的经验"])
    process = subprocess.Popen([sys.executable, "-c", KILLED_APP, str(db_path), str(demo.id), keys], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), timeout=120)
        assert line.strip() == "typed", process.stderr.read() if process.stderr else ""
        for _ in range(100):  # the draft timer commits it about a second after the last key
            if ("张伟", "lesson") in drafts(db_path, demo.id):
                break
            await asyncio.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    assert drafts(db_path, demo.id)[("张伟", "lesson")].fields["content"] == "kill之前打的经验"
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5")
        pane = screen.query_one("#pane-lessons")
        assert pane.query_one("#content", Input).value == "kill之前打的经验"
        assert pane.has_class("-draft")
    assert read(db_path, queries.lessons_for, demo.id, "张伟") == []
# --- visible focus, sane Tab order ---------------------------------------------------------------


async def test_tab_visits_only_visible_fields_in_reading_order(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        pane = screen.query_one("#pane-actions")
        visited = []
        for _ in range(14):
            focused = screen.focused
            visited.append(focused.id)
            assert focused.display and focused.region.area > 0, focused
            await pilot.press("tab")
        form = ["measure", "owner", "status", "start", "due", "standard", "checkpoint", "resources", "risk",
                "link", "save"]
        start = visited.index("measure")
        assert visited[start:start + len(form)] == form
        measure = pane.query_one("#measure", Input)
        measure.focus()
        await pilot.pause()
        assert measure.styles.background != pane.query_one("#owner", Input).styles.background
        await pilot.press("tab", *"某人")
        assert pane.query_one("#owner", Input).value == "某人"
        assert isinstance(pane.query_one("#status"), Select)


@pytest.mark.parametrize("tab", ["2", "3", "4", "5", "6"])
async def test_tab_and_shift_tab_stop_only_on_fields(db_path, demo, tab):
    """Tab went into a scrolling container (invisible), so the next text was typed nowhere."""
    from textual.widgets import Button, DataTable

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("escape", tab)
        pane = screen.query_one(f"#pane-{screen.query_one('#workspace').active}")
        forward = [screen.focused] if pane in screen.focused.ancestors else []
        for _ in range(16):  # until the focus comes round to a field it already visited (the chain is a cycle)
            await pilot.press("tab")
            focused = screen.focused
            if pane in focused.ancestors:
                assert isinstance(focused, (Input, Select, Button, DataTable)), focused
                forward.append(focused)
                if focused in forward[:-1]:
                    break
        backward = []
        for _ in range(16):
            await pilot.press("shift+tab")
            if pane in screen.focused.ancestors:
                backward.append(screen.focused)
                if screen.focused in backward[:-1]:
                    break
        assert backward and all(isinstance(w, (Input, Select, Button, DataTable)) for w in backward)
        once = forward[:next((i for i, w in enumerate(forward) if w in forward[:i]), len(forward))]
        fields = [w for w in once if isinstance(w, Input)]
        first = min(range(len(fields)), key=lambda i: (fields[i].region.y, fields[i].region.x))
        rows = [(w.region.y, w.region.x) for w in fields[first:] + fields[:first]]  # from the top field on
        assert fields and rows == sorted(rows)  # reading order: left to right, top to bottom
        if tab == "6":
            target = pane.query_one("#period-target", Input)
            pane.query_one("#line-table").focus()
            await pilot.press("tab", *"1000")
            assert target.value == "1000"



async def test_keys_after_enter_then_f4_stay_with_the_presenter_they_were_typed_for(db_path, demo):
    """Enter holds the keys typed after it for the next field; F4 in that instant must not release them
    into the next presenter's form."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("4")
        for key, char in [*((c, c) for c in "措施"), ("enter", "\r"), *((c, c) for c in "尾巴"), ("f4", None)]:
            pilot.app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause(1.2)  # past the hold's safety timer
        assert screen.current.presenter == "李娜"
        pane = screen.query_one("#pane-actions")
        assert all("尾巴" not in w.value for w in pane.query(Input))
    typed = " ".join([a.measure for a in read(db_path, queries.actions_for, demo.id, "张伟")]
                     + [d.text() for (p, _), d in drafts(db_path, demo.id).items() if p == "张伟"])
    assert "措施" in typed and "尾巴" in typed
    assert not any("尾巴" in d.text() for (p, _), d in drafts(db_path, demo.id).items() if p != "张伟")
    assert not [a for a in read(db_path, queries.actions_for, demo.id, "李娜") if "尾巴" in a.measure]


# --- status notes are drafts too ------------------------------------------------------------------


async def _previous_action_dialog(pilot, screen, key: str = "d"):
    """Previous actions (tab 7), the first row, a status key: the note dialog."""
    from tui.widgets.dialogs import TextDialog

    await pilot.press("escape", "7")
    await pilot.pause()
    previous = screen.query_one("#pane-previous")
    first = next(iter(previous.actions))
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, TextDialog)
    return first, pilot.app.screen


async def test_a_half_typed_status_note_survives_escape_f4_and_f3_and_shows_again_as_a_draft(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        action_id, dialog = await _previous_action_dialog(pilot, screen)
        await type_text(pilot, "客户说下周")
        await pilot.press("escape")  # the status does not change; the note is kept
        await pilot.pause()
        [(key, draft)] = [(k, d) for k, d in drafts(db_path, demo.id).items() if k[0] == "张伟"]
        assert draft.fields["note"] == "客户说下周" and draft.item["action"] == action_id
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert screen.current.presenter == "张伟"
        _, dialog = await _previous_action_dialog(pilot, screen, "i")
        assert dialog.query_one(Input).value == "客户说下周"
        assert dialog.has_class("-draft")  # marked as a draft
        await type_text(pilot, "上线")
        await pilot.press("enter")
        await pilot.pause()
    db = connect(db_path)
    try:
        assert queries.updates_for(db, action_id)[-1].note == "客户说下周上线"
        assert queries.drafts_for(db, demo.id) == []  # the note is saved: no draft left
    finally:
        db.close()


async def test_a_status_note_draft_is_written_within_a_second_and_survives_quitting(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        action_id, _ = await _previous_action_dialog(pilot, screen)
        await type_text(pilot, "打到一半")
        for _ in range(25):  # about a second after the last key (longer on a loaded machine)
            await pilot.pause(0.2)
            if drafts(db_path, demo.id):
                break
        assert [d.fields["note"] for d in drafts(db_path, demo.id).values()] == ["打到一半"]
        await type_text(pilot, "再多")
        await pilot.press("ctrl+q")  # quit with the dialog open
        await pilot.pause()
    assert [d.fields["note"] for d in drafts(db_path, demo.id).values()] == ["打到一半再多"]


async def test_ctrl_d_discards_a_status_note_draft_only_once_confirmed(db_path, demo):
    from tui.widgets.dialogs import ConfirmDialog

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        action_id, dialog = await _previous_action_dialog(pilot, screen)
        await type_text(pilot, "不要这句")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert dialog.query_one(Input).value == "不要这句"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert dialog.query_one(Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
    assert drafts(db_path, demo.id) == {}
    assert all(u.note != "不要这句" for u in read(db_path, queries.updates_for, action_id))


async def test_a_status_note_typed_on_the_tracking_screen_is_kept_as_a_draft(db_path, demo):
    from textual.widgets import DataTable

    from tui.app import make_app
    from tui.screens.tracking import TrackingScreen
    from tui.widgets.dialogs import TextDialog

    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrackingScreen)
        action_id = screen.selected_id
        await pilot.press("d")
        await type_text(pilot, "跟踪页上的备注")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        action = read(db_path, queries.get_action, action_id)
        kept = drafts(db_path, action.meeting_id)  # a draft of the action's own meeting and presenter
        assert [(p, d.fields["note"]) for (p, _), d in kept.items()] == [(action.presenter, "跟踪页上的备注")]
        assert action.status is not ActionStatus.DONE
        table = screen.query_one("#actions", DataTable)
        assert table.cursor_row == table.get_row_index(str(action_id))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one(Input).value == "跟踪页上的备注"
        await pilot.press("enter")
        await pilot.pause()
    assert read(db_path, queries.updates_for, action_id)[-1].note == "跟踪页上的备注"
    assert drafts(db_path, action.meeting_id) == {}


# --- the root-cause form does not drop typed text when another gap is chosen ---------------------


async def test_choosing_another_gap_asks_before_replacing_typed_text(db_path, demo):
    from tui.widgets.dialogs import ConfirmDialog

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("3")  # root causes: the keyboard on the gap choice
        pane = screen.query_one("#pane-root-causes")
        gap = pane.query_one("#gap", Select)
        assert gap.has_focus
        await pilot.press("enter", "enter")  # the first gap
        await pilot.pause()
        first = gap.value
        pane.query_one("#preliminary", Input).focus()
        await type_text(pilot, "还没保存的初步原因")
        gap.focus()
        await pilot.press("enter", "down", "enter")  # another gap
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # keep what was typed
        await pilot.pause()
        assert gap.value == first
        assert pane.query_one("#preliminary", Input).value == "还没保存的初步原因"
        assert drafts(db_path, demo.id)[("张伟", "root_cause")].fields["preliminary"] == "还没保存的初步原因"
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")  # discard it: the other gap opens
        await pilot.pause()
        assert gap.value != first
        assert pane.query_one("#preliminary", Input).value == ""
    assert ("张伟", "root_cause") not in drafts(db_path, demo.id)
    assert read(db_path, queries.root_causes_for, demo.id, "张伟") == []


async def test_r_on_another_indicator_asks_before_replacing_a_root_cause_draft(db_path, demo):
    from tui.widgets.dialogs import ConfirmDialog

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("1", "r")  # the first gap's root cause
        await pilot.pause()
        pane = screen.query_one("#pane-root-causes")
        first = pane.gap_key
        await type_text(pilot, "第一个差距的原因")
        await pilot.press("escape", "1", "down", "r")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert pane.gap_key == first
        assert pane.query_one("#preliminary", Input).value == "第一个差距的原因"


# --- a save sees text typed right after a choice ----------------------------------------------------


async def test_text_typed_right_after_choosing_a_value_is_seen_by_ctrl_s(db_path, demo):
    """The list open on the second kind; then in one burst, no pause: Enter (choose), Tab, type, Ctrl+S.
    Tab and the text went into the closing list and the save said 必填 beside the text."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5", "shift+tab")  # the kind, one key back from the lesson's text
        pane = screen.query_one("#pane-lessons")
        assert pane.query_one("#kind", Select).has_focus
        await pilot.press("enter", "down")
        await pilot.pause()
        for key in ("enter", "tab", *"选完就打的字", "ctrl+s"):
            pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        await pilot.pause(0.3)
        shown = pane.query_one("#content", Input).value
    saved = [(x.kind.value, x.content) for x in read(db_path, queries.lessons_for, demo.id, "张伟")]
    assert saved == [("failure", "选完就打的字")], (saved, shown)


async def test_text_typed_right_after_choosing_an_action_status_is_seen_by_ctrl_s(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4", *"措施", "tab", *"某人", "tab")
        pane = screen.query_one("#pane-actions")
        assert pane.query_one("#status", Select).has_focus
        await pilot.press("enter", "down")
        await pilot.pause()
        for key in ("enter", "tab", *"+2w", "ctrl+s"):
            pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        await pilot.pause(0.3)
    [action] = read(db_path, queries.actions_for, demo.id, "张伟")
    assert (action.measure, action.owner, action.status, action.start is not None) \
        == ("措施", "某人", ActionStatus.IN_PROGRESS, True)


# --- two words: an unsaved draft, and a saved action still incomplete ----------------------------


async def test_an_incomplete_action_is_not_called_a_draft(db_path, demo):
    from core.i18n import text as t

    for lang in ("zh", "en"):
        assert t("incomplete", lang) != t("draft_mark", lang)
    assert t("incomplete", "zh") == "待补全" and "草稿" not in t("saved_incomplete", "zh")
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "没有责任人的措施")
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one("#pane-actions")
        row = [str(cell) for cell in pane.query_one("#action-table").get_row_at(0)]
        assert row[-1] == "待补全"
        assert not pane.has_class("-draft")
        assert "未保存草稿" in str(pane.query_one(".draft-mark").render())


async def test_a_half_typed_5_why_step_stays_a_draft_after_ctrl_s_and_a_restart(db_path, demo):
    """Found by the state machine at 30×25: Ctrl+S saves the cause without the step still being typed,
    and the step's words were then taken as saved, so nothing kept them."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("3")
        await pilot.pause()
        pane = screen.query_one("#pane-root-causes")
        assert pane.query_one("#gap", Select).has_focus
        await pilot.press("enter", "down", "enter")  # the first gap
        await pilot.pause()
        assert pane.gap_id is not None, pane.query_one("#gap", Select).value
        pane.query_one("#preliminary", Input).focus()
        await type_text(pilot, "初步原因")
        pane.query_one("#why", Input).focus()
        await type_text(pilot, "为什么没跟进")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert pane.cause_id is not None  # the cause is saved …
        assert drafts(db_path, demo.id)[("张伟", "root_cause")].fields["why"] == "为什么没跟进"  # … the step kept
        await pilot.press("ctrl+q")
        await pilot.pause()
    [cause] = read(db_path, queries.root_causes_for, demo.id, "张伟")
    assert cause.preliminary_cause == "初步原因" and cause.whys == []
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("3")
        await pilot.pause()
        pane = screen.query_one("#pane-root-causes")
        assert pane.query_one("#why", Input).value == "为什么没跟进"
        assert pane.cause_id == cause.id


async def test_a_status_note_the_locked_database_refuses_stays_in_its_dialog(db_path, demo):
    """Escape or Enter while another program holds the database: one notice, and the dialog stays open
    with the note (closing it lost the note: neither the draft nor the change could be written)."""
    import sqlite3

    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE, notifications=True) as pilot:
        screen = await started(pilot)
        action_id, dialog = await _previous_action_dialog(pilot, screen)
        pilot.app.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await type_text(pilot, "锁着也不能丢")
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is dialog and dialog.query_one(Input).value == "锁着也不能丢"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is dialog and dialog.query_one(Input).value == "锁着也不能丢"
        assert sum("被其他程序占用" in n.message for n in pilot.app._notifications) == 1
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("enter")  # the lock is free: the change is recorded with its note
        await pilot.pause()
        assert pilot.app.screen is screen
    assert read(db_path, queries.updates_for, action_id)[-1].note == "锁着也不能丢"
    assert drafts(db_path, demo.id) == {}


async def test_typing_into_a_restored_draft_goes_on_after_its_text(db_path, demo):
    """Back on a presenter with a half-typed measure, the next keys go after what was typed, not before it
    (the restored field had its cursor at the start: '7建立大客户分级')."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("4")
        await pilot.pause()
        measure = screen.query_one("#pane-actions").query_one("#measure", Input)
        measure.focus()
        await type_text(pilot, "建立大客户")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert measure.value == "建立大客户"
        measure.focus()
        await pilot.press("分", "级")
        await pilot.pause()
        assert measure.value == "建立大客户分级"


async def test_typing_after_a_restart_goes_on_after_the_restored_draft(db_path, demo):
    """Reopened after a restart, 4 showed 张伟's half-typed measure with its text selected (as a field
    entered with Tab is), so the next keys replaced it: "建立大客户分级，先试点三家" became "，两周内"
    (seen in a tmux trial after kill -9)."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("4")
        await type_text(pilot, "建立大客户分级")
        await pilot.pause(DRAFT_WAIT)
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        measure = screen.query_one("#pane-actions").query_one("#measure", Input)
        assert measure.value == "建立大客户分级" and pilot.app.focused is measure
        await type_text(pilot, "，两周内")
        assert measure.value == "建立大客户分级，两周内"
