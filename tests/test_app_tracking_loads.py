"""The tracking screen over 50,000 actions: every read runs in a worker, so a key is handled while the
screen opens, a filter is applied or the next page is read; and the due-date order reads from an index.
(Not timed: bench/run.py --only tracking times them.)"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select

from core.model import ActionStatus
from db import queries
from db.store import connect
from tests.conftest import FIFTY_THOUSAND, TODAY
from tests.drivers import FakeClock, open_tracking, settled, sqlite_utils_on
from tests.test_app_meetings import SIZE
from tui.app import make_app
from tui.screens.tracking import TrackingScreen

ACTIONS = FIFTY_THOUSAND
pytestmark = pytest.mark.xdist_group("fifty_thousand")  # one process builds the database (conftest)


class Held:
    """`queries.find_actions` made to wait, in the worker, on the first read that ``when`` picks, until
    the test lets it go."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, when: Callable[[dict[str, Any]], bool]) -> None:
        self.reading, self.release = threading.Event(), threading.Event()
        self.on_ui_thread = False
        find = queries.find_actions

        def held(db, **kwargs):
            if not self.reading.is_set() and kwargs.get("action_id") is None and when(kwargs):
                self.on_ui_thread = threading.current_thread() is threading.main_thread()
                self.reading.set()
                assert self.release.wait(60)
            return find(db, **kwargs)

        monkeypatch.setattr(queries, "find_actions", held)

    async def started(self) -> None:
        assert await asyncio.to_thread(self.reading.wait, 30), "the read never started"
        assert not self.on_ui_thread


async def _type_while_held(app, pilot, held: Held, screen: TrackingScreen) -> None:
    """Keys typed into the owner filter are handled while the read waits."""
    await held.started()
    owner = screen.query_one("#owner-filter", Input)
    owner.focus()
    await pilot.press(*"销售07")
    assert owner.value == "销售07"
    assert any(w.is_running for w in app.workers)  # the read is still in flight
    held.release.set()
    await pilot.pause(TrackingScreen.OWNER_TYPING_DELAY + 0.2)
    await settled(pilot)
    table = screen.query_one("#actions", DataTable)
    assert table.row_count > 0
    assert {str(table.get_row_at(i)[4]) for i in range(table.row_count)} == {"销售07"}


async def test_the_screen_paints_and_takes_keys_before_its_first_read_returns(many_path, monkeypatch):
    held = Held(monkeypatch, lambda kwargs: kwargs.get("after") is None)
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrackingScreen)
        await held.started()
        await pilot.pause()
        table = screen.query_one("#actions", DataTable)
        assert len(table.columns) > 0 and table.row_count == 0  # the header is drawn, the rows come
        assert "正在读取" in str(screen.query_one("#tracking-summary").render())
        await _type_while_held(app, pilot, held, screen)
        # The meeting filter got its meetings with the first page, in the meetings list's order.
        meetings = [(m.meeting.id, m.meeting.title) for m in queries.list_meetings(connect(many_path))]
        assert len(meetings) > 1
        options = screen.query_one("#meeting-filter", Select)._options
        assert [value for _, value in options if value is not Select.NULL] == [mid for mid, _ in meetings]


async def test_a_key_is_handled_while_a_filter_reads_fifty_thousand_actions(many_path, monkeypatch):
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        held = Held(monkeypatch, lambda kwargs: kwargs.get("overdue_on") is not None)
        screen.query_one("#overdue-only", Checkbox).value = True
        await _type_while_held(app, pilot, held, screen)
        table = screen.query_one("#actions", DataTable)
        assert all("逾期" in str(table.get_row_at(i)[6]) for i in range(table.row_count))
        total, overdue = screen.counts
        assert total == overdue == queries.count_actions(app.db, overdue_on=TODAY, owner_contains="销售07",
                                                         today=TODAY)[0] > 0


async def test_a_key_is_handled_while_the_next_page_is_read(many_path, monkeypatch):
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        table = screen.query_one("#actions", DataTable)
        assert table.row_count == TrackingScreen.PAGE_ROWS
        held = Held(monkeypatch, lambda kwargs: kwargs.get("after") is not None)
        table.focus()
        table.move_cursor(row=table.row_count - 1)  # near the end of what is read: the next page
        await held.started()
        await pilot.press("up")  # the table takes a key meanwhile
        assert table.cursor_row == TrackingScreen.PAGE_ROWS - 2
        held.release.set()
        await settled(pilot)
        assert table.row_count == 2 * TrackingScreen.PAGE_ROWS
        ids = [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]
        assert ids == [a.id for a in queries.find_actions(app.db, limit=2 * TrackingScreen.PAGE_ROWS)]


# --- the index of the due-date order ------------------------------------------------------------------


def test_the_due_date_order_reads_from_its_index_not_a_sort(db):
    assert "actions_due_order" in {index.name for index in sqlite_utils_on(db)["actions"].indexes}  # made by the migration
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)  # each statement as run, its values filled in
    queries.find_actions(db, limit=200)  # the first page
    queries.find_actions(db, after=("2026-11-01", 7), limit=200)  # a next page
    queries.find_actions(db, overdue_on=TODAY, limit=200)  # overdue only
    queries.find_actions(db, statuses=[ActionStatus.DONE], owner_contains="王", limit=200)
    db.conn.set_trace_callback(None)
    plans = [" | ".join(row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
             for sql in statements if sql.startswith("SELECT * FROM actions")]
    assert len(plans) == 4, statements
    for plan in plans:
        assert "actions_due_order" in plan and "TEMP B-TREE" not in plan, plan
    assert plans[1].startswith("SEARCH"), plans[1]  # a next page seeks; it does not scan from the top


async def test_rows_are_shown_before_they_are_counted_and_a_change_meanwhile_is_counted(db_path, db, demo,
                                                                                     monkeypatch):
    [target] = [a.id for a in queries.find_actions(db, overdue_on=TODAY)
                if a.measure == "制定重点客户拜访计划"]  # overdue, not started
    counting, release = threading.Event(), threading.Event()
    count = queries.count_actions

    def held(*args, **kwargs):  # the first count is read, then handed over when the test lets it go
        counts = count(*args, **kwargs)
        if not counting.is_set():
            counting.set()
            assert release.wait(60)
        return counts

    monkeypatch.setattr(queries, "count_actions", held)
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        assert await asyncio.to_thread(counting.wait, 30)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrackingScreen)
        table = screen.query_one("#actions", DataTable)
        assert str(target) in table.rows  # the rows are drawn while they are counted
        assert "正在读取" in str(screen.query_one("#tracking-summary").render())
        table.move_cursor(row=table.get_row_index(str(target)))
        await pilot.press("d", *"已完成", "enter")  # done while the count is being read
        await pilot.pause()
        assert queries.get_action(connect(db_path), target).status is ActionStatus.DONE
        release.set()
        await settled(pilot)
        await settled(pilot)
        stored = count(connect(db_path), today=TODAY)
        assert screen.counts == stored  # not the count read before the change, nor it adjusted twice
        assert f"{stored[0]} 项行动，逾期 {stored[1]} 项" in str(screen.query_one("#tracking-summary").render())
