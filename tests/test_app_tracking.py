"""The tracking screen driven headlessly: status changes with notes, filters, overdue and due-soon colours."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select
from textual.worker import WorkerState

from core.model import Action, ActionStatus
from db import queries
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, open_tracking, settled, type_text
from tests.test_app_meetings import SIZE
from tui.app import make_app
from tui.palette import tone
from tui.screens.tracking import DUE_SOON_STYLE, OVERDUE_STYLE, TrackingScreen
from tui.widgets.dialogs import TextDialog


def _ids(table: DataTable) -> list[int]:
    return [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]


def _action_id(db, measure: str) -> int:
    [action] = [a for a in queries.find_actions(db) if a.measure == measure]
    return action.id


async def test_status_change_with_note_is_recorded(db_path, db, demo):
    target = _action_id(db, "制定重点客户拜访计划")  # 王芳, overdue, not started
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        table = screen.query_one("#actions", DataTable)
        table.move_cursor(row=table.get_row_index(str(target)))

        await pilot.press("d")
        await settled(pilot)
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "拜访计划已发团队")
        await pilot.press("enter")
        await settled(pilot)
        assert app.screen is screen

        fresh = connect(db_path)
        assert queries.get_action(fresh, target).status is ActionStatus.DONE
        last = queries.updates_for(fresh, target)[-1]
        assert last.status is ActionStatus.DONE
        assert last.note == "拜访计划已发团队"
        assert last.at == datetime(2026, 11, 23, 14, 0)  # the app's clock, not the machine's
        fresh.close()
        row = table.get_row(str(target))
        assert str(row[6]) == "已完成"
        assert "拜访计划已发团队" in str(row[7])
        assert row[0].style != tone(app, OVERDUE_STYLE)  # done is never overdue

        # Escape on the note cancels: nothing changes.
        await pilot.press("i")
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert queries.get_action(app.db, target).status is ActionStatus.DONE

        # Enter accepts an empty note: two keys for a status change.
        await pilot.press("i", "enter")
        await settled(pilot)
        assert queries.get_action(app.db, target).status is ActionStatus.IN_PROGRESS
        assert queries.updates_for(app.db, target)[-1].note == ""


async def test_overdue_filter_and_colours(db_path, db, demo):
    soon = queries.save_action(db, Action(demo.id, "刘洋", "梳理重点客户名单", owner="刘洋",
                                          due=TODAY + timedelta(days=3)))
    overdue_ids = {a.id for a in queries.find_actions(db, overdue_on=TODAY)}
    assert len(overdue_ids) == 2  # the demo's 张伟 (-20 days) and 王芳 (-3 days)
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        table = screen.query_one("#actions", DataTable)
        assert table.row_count == 6

        for action_id in overdue_ids:
            row = table.get_row(str(action_id))
            assert row[0].style == tone(app, OVERDUE_STYLE)
            assert str(row[6]).endswith(" (逾期)")  # the stored status stays visible
        assert table.get_row(str(soon.id))[0].style == tone(app, DUE_SOON_STYLE)

        await pilot.click("#overdue-only")
        await settled(pilot)
        assert screen.query_one("#overdue-only", Checkbox).value
        assert set(_ids(table)) == overdue_ids

        done = min(overdue_ids)  # marked done, it is no longer overdue: its row leaves the filtered list
        table.focus()
        table.move_cursor(row=table.get_row_index(str(done)))
        await pilot.press("d")
        await settled(pilot)
        await pilot.press("enter")  # no note
        await settled(pilot)
        assert set(_ids(table)) == overdue_ids - {done}

        screen.query_one("#overdue-only", Checkbox).value = False
        await settled(pilot)
        assert table.row_count == 6


async def test_owner_status_and_meeting_filters(db_path, db, demo):
    app = make_app(db_path, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        table = screen.query_one("#actions", DataTable)

        owner = screen.query_one("#owner-filter", Input)
        owner.focus()
        await pilot.press(*"张伟")
        await pilot.pause(TrackingScreen.OWNER_TYPING_DELAY + 0.2)
        await settled(pilot)  # reloads once typing pauses
        assert {str(table.get_row_at(i)[4]) for i in range(table.row_count)} == {"张伟"}
        assert table.row_count == 2
        await pilot.press("enter")  # back to the table
        await settled(pilot)
        assert table.has_focus

        owner.value = ""
        screen.query_one("#status-filter", Select).value = ActionStatus.DONE
        await settled(pilot)
        assert [str(table.get_row_at(i)[3]) for i in range(table.row_count)] == ["整理老客户复购话术并在团队分享"]

        screen.query_one("#status-filter", Select).value = Select.NULL
        screen.query_one("#meeting-filter", Select).value = demo.id  # the new review has no actions yet
        await settled(pilot)
        assert table.row_count == 0
        assert "No actions" in str(screen.query_one("#tracking-summary").render())


# --- 50,000 actions: read off the UI thread, a page at a time --------------------------------------


@pytest.mark.xdist_group("fifty_thousand")  # one process builds the database (conftest)
async def test_a_key_is_handled_while_fifty_thousand_actions_load(many_path, monkeypatch):
    path = many_path
    reading, release = threading.Event(), threading.Event()
    count = queries.count_actions

    def held(*args, **kwargs):  # the first read waits until the test lets it go
        reading.set()
        assert release.wait(60)
        return count(*args, **kwargs)

    monkeypatch.setattr(queries, "count_actions", held)
    app = make_app(path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrackingScreen)
        assert await asyncio.to_thread(reading.wait, 30)
        owner = screen.query_one("#owner-filter", Input)
        owner.focus()
        await pilot.press(*"销售07")  # keys are handled while the 50,000 actions are being read
        assert owner.value == "销售07"
        # the read is still in flight (on a slow machine the owner filter's reload may have begun too)
        assert WorkerState.RUNNING in [w.state for w in app.workers]
        monkeypatch.setattr(queries, "count_actions", count)
        release.set()
        await pilot.pause(TrackingScreen.OWNER_TYPING_DELAY + 0.2)
        await settled(pilot)

        table = screen.query_one("#actions", DataTable)
        wanted = queries.count_actions(app.db, owner_contains="销售07", today=TODAY)
        assert wanted[0] > TrackingScreen.PAGE_ROWS  # more than a page: the rest is read on the way down
        assert table.row_count == TrackingScreen.PAGE_ROWS
        assert {str(table.get_row_at(i)[4]) for i in range(table.row_count)} == {"销售07"}
        assert screen.counts == wanted
        summary = str(screen.query_one("#tracking-summary").render())
        assert f"{wanted[0]} 项行动，逾期 {wanted[1]} 项" in summary

        table.focus()
        table.move_cursor(row=table.row_count - 1)
        await settled(pilot)
        assert table.row_count == 2 * TrackingScreen.PAGE_ROWS
        first_ids = [a.id for a in queries.find_actions(app.db, owner_contains="销售07")[:2 * TrackingScreen.PAGE_ROWS]]
        assert _ids(table) == first_ids  # in due-date order, no row twice, none skipped


async def test_a_status_change_redraws_its_row_without_reading_the_list_again(db_path, db, demo, monkeypatch):
    target = _action_id(db, "制定重点客户拜访计划")  # overdue, not started
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        table = screen.query_one("#actions", DataTable)
        total, overdue = screen.counts
        read = []
        monkeypatch.setattr(screen, "_read", lambda *args: read.append(args))
        asked: list[list[int]] = []
        latest = queries.latest_updates
        monkeypatch.setattr(queries, "latest_updates", lambda db, ids=None: asked.append(list(ids)) or latest(db, ids))
        table.move_cursor(row=table.get_row_index(str(target)))
        await pilot.press("d", *"已完成", "enter")
        await settled(pilot)
        assert read == [] and asked == [[target]]  # one row read, no page
        assert str(table.get_row(str(target))[6]) == "已完成"
        assert screen.counts == (total, overdue - 1)  # done is never overdue
        assert queries.get_action(connect(db_path), target).status is ActionStatus.DONE
