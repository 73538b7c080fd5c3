"""The previous-actions tab (7): d / i / c / s and a note change an earlier action's status; a cancelled
dialog, the same status without a note, or a note of control characters only records nothing; a pasted
multi-line or long note is kept whole; done and cancelled actions leave the list, and each presenter sees
their own. Every test reads action_updates back from the database.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable, Input

from core.model import ActionStatus
from db import queries
from db.store import connect
from tests.drivers import live_app, next_not_presented, type_text
from tui.widgets.dialogs import TextDialog

SIZE = (160, 48)


def updates(db_path) -> list[dict]:
    db = connect(db_path)
    try:
        return list(db.query("SELECT * FROM action_updates ORDER BY id"))
    finally:
        db.close()


async def open_previous(pilot):
    await pilot.pause()
    await pilot.press("7")
    await pilot.pause()
    pane = pilot.app.screen.query_one("#pane-previous")
    return pane, pane.query_one("#previous-table", DataTable)


def row_shown(table, action_id) -> list[str]:
    return [str(c) for c in table.get_row(str(action_id))]


async def test_a_note_of_control_characters_only_is_no_note(db_path, demo):
    """Same status, a note that is only control characters (a paste) is no note: it used to be stored as
    an empty entry that pushed the last real note out of 最近更新."""
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane, table = await open_previous(pilot)
        assert next(iter(pane.actions)) == 1  # in progress since last month, note 周例会更新
        before = len(updates(db_path))
        await pilot.press("i")
        await pilot.pause()
        pilot.app.screen.query_one(Input).post_message(events.Paste("\x1b\x07"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert len(updates(db_path)) == before


async def test_a_multi_line_note_is_kept_whole_on_one_line(db_path, demo):
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        await open_previous(pilot)
        await pilot.press("d")
        await pilot.pause()
        pilot.app.screen.query_one(Input).post_message(events.Paste("客户已确认\n下周上线"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    note = updates(db_path)[-1]["note"]
    assert "客户已确认" in note and "下周上线" in note


async def test_status_keys_cancel_empty_and_odd_notes(db_path, demo):
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane, table = await open_previous(pilot)
        assert list(pane.actions) == [1, 2]  # 1 in progress (overdue), 2 not started
        before = updates(db_path)

        await pilot.press("c")
        await type_text(pilot, "作废")
        await pilot.press("escape")  # a cancelled dialog changes nothing
        await pilot.pause()
        assert not isinstance(pilot.app.screen, TextDialog)
        await pilot.press("c")  # the note typed is kept as a draft; only a confirmed Ctrl+D discards it
        await pilot.pause()
        assert pilot.app.screen.query_one(Input).value == "作废"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, TextDialog)
        await pilot.press("i", "enter")  # the status it has, no note: nothing recorded
        await pilot.pause()
        assert updates(db_path) == before
        assert [n.message for n in pilot.app._notifications][-1].endswith("状态未变且没有备注，未记录")

        await pilot.press("s", "enter")  # a new status with an empty note is recorded ("s" is not skip)
        await pilot.pause()
        assert pilot.app.screen.current.presenter == "张伟"
        markup = "[bold]上线[/b] \\ [red]"
        await pilot.press("s")
        await type_text(pilot, markup)
        await pilot.press("enter")  # same status with a note: a progress report
        await pilot.pause()
        assert row_shown(table, 1)[-1].endswith(markup)  # shown as typed, not read as markup
        long_note = "长" * 2000
        await pilot.press("i")
        await pilot.pause()
        pilot.app.screen.query_one(Input).post_message(events.Paste(long_note + "\t尾\x1b[31m"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    added = updates(db_path)[len(before):]
    assert [(u["action_id"], u["status"], u["note"]) for u in added] == [
        (1, "not_started", ""), (1, "not_started", markup), (1, "in_progress", long_note + "\t尾[31m")]
    db = connect(db_path)
    assert queries.get_action(db, 1).status is ActionStatus.IN_PROGRESS
    db.close()


async def test_done_and_cancelled_leave_the_list_and_each_presenter_has_their_own(db_path, demo):
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane, table = await open_previous(pilot)
        await pilot.press("d", "f4")  # F4 while the note dialog is open does not move on
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        await pilot.press("o", "k", "enter")
        await pilot.pause()
        assert list(pane.actions) == [2] and table.cursor_row == 0  # done leaves the list
        await pilot.press("c")
        await type_text(pilot, "不再需要")
        await pilot.press("enter")
        await pilot.pause()
        assert pane.actions == {}
        await pilot.press("d", "i", "c", "s")  # an empty list: no dialog, no skip, nothing written
        await pilot.pause()
        assert pilot.app.screen.current.presenter == "张伟"
        await next_not_presented(pilot)
        await next_not_presented(pilot)  # 王芳: her own open action only
        pane, table = await open_previous(pilot)
        assert list(pane.actions) == [4]
        await pilot.press("i")
        await type_text(pilot, "已排期")
        await pilot.press("enter")
        await pilot.pause()
        await next_not_presented(pilot)  # 刘洋 has none
        pane, table = await open_previous(pilot)
        assert pane.actions == {} and table.row_count == 0
    db = connect(db_path)
    assert queries.get_action(db, 1).status is ActionStatus.DONE
    assert [u.note for u in queries.updates_for(db, 1)][-1] == "ok"
    assert queries.get_action(db, 2).status is ActionStatus.CANCELLED
    assert [u.note for u in queries.updates_for(db, 2)] == ["不再需要"]
    assert (queries.get_action(db, 4).status, queries.updates_for(db, 4)[-1].note) == (
        ActionStatus.IN_PROGRESS, "已排期")
    db.close()
