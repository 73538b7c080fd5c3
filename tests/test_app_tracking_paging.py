"""Paging through 50,000 actions on the tracking screen: Ctrl+End lists the last page (one read, not 500
pages down), the cursor going up from there reads the pages before, Ctrl+Home goes back to the first; each
page holds exactly the actions SQLite lists there in due-date order (the oracle is SQL of the test's own),
with a filter too. A filter and a status change on the database are in test_app_tracking*.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable

from core.model import ActionStatus
from db import queries
from tests.conftest import FIFTY_THOUSAND as ACTIONS
from tests.conftest import TODAY
from tests.drivers import FakeClock, open_tracking, settled
from tests.test_app_meetings import SIZE
from tui.app import make_app
from tui.screens.tracking import TrackingScreen

pytestmark = pytest.mark.xdist_group("fifty_thousand")  # one process builds the database (conftest)

PAGE = TrackingScreen.PAGE_ROWS


def in_order(path: Path, where: str = "1", params: tuple = ()) -> list[int]:
    """Every action id in the due-date order (undated last, then by id), by SQL of the test's own."""
    with sqlite3.connect(path) as conn:
        sql = f"SELECT id FROM actions WHERE {where} ORDER BY coalesce(due, '9999'), id"
        return [row[0] for row in conn.execute(sql, params)]


def listed(table: DataTable) -> list[int]:
    return [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]


async def _open(pilot, app) -> tuple[TrackingScreen, DataTable]:
    screen = await open_tracking(pilot)
    table = screen.query_one("#actions", DataTable)
    table.focus()
    return screen, table


async def test_ctrl_end_lists_the_last_of_fifty_thousand_and_going_up_reads_the_pages_before(many_path):
    order = in_order(many_path)
    assert len(order) == ACTIONS
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _open(pilot, app)
        assert listed(table) == order[:PAGE]
        await pilot.press("ctrl+end")
        await settled(pilot)
        assert listed(table) == order[-PAGE:]  # the last page, read backwards, shown in order
        assert table.cursor_row == table.row_count - 1 and screen.selected_id == order[-1]
        assert screen.next_page is None and screen.previous_page is not None
        await pilot.press("down")  # at the end: nothing more is read
        await settled(pilot)
        assert listed(table) == order[-PAGE:] and screen.selected_id == order[-1]

        # Up from the first row listed: the page before it is read, the cursor stays on its action.
        table.move_cursor(row=0)
        await settled(pilot)
        assert listed(table) == order[-2 * PAGE:]
        assert screen.selected_id == order[-PAGE]
        await pilot.press("up")
        assert screen.selected_id == order[-PAGE - 1]
        # ... and on up: the rows furthest down go past WINDOW_PAGES pages, so they are read again.
        for _ in range(TrackingScreen.WINDOW_PAGES):
            table.move_cursor(row=0)
            await settled(pilot)
        kept = TrackingScreen.WINDOW_PAGES * PAGE
        first = len(order) - (TrackingScreen.WINDOW_PAGES + 2) * PAGE
        assert listed(table) == order[first:first + kept]
        assert screen.next_page is not None
        table.move_cursor(row=table.row_count - 1)
        await settled(pilot)
        assert listed(table) == order[first:first + kept + PAGE]  # the next page after them, read again

        await pilot.press("ctrl+home")
        await settled(pilot)
        assert listed(table) == order[:PAGE] and table.cursor_row == 0
        assert screen.previous_page is None


async def test_page_down_from_the_top_reads_page_after_page_in_order(many_path):
    order = in_order(many_path)
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _open(pilot, app)
        for _ in range(3 * PAGE // 10):  # ~three pages of rows, a screen of rows at a time
            await pilot.press("pagedown")
        await settled(pilot)
        assert table.row_count >= 3 * PAGE
        assert listed(table) == order[:table.row_count]
        assert screen.selected_id == order[table.cursor_row]


async def test_ctrl_end_with_a_filter_lists_the_last_actions_that_pass_it(many_path):
    overdue = in_order(many_path, "status IN ('not_started', 'in_progress') AND due < ?", (TODAY.isoformat(),))
    assert len(overdue) > 2 * PAGE
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _open(pilot, app)
        screen.query_one("#overdue-only", Checkbox).value = True
        await settled(pilot)
        assert listed(table) == overdue[:PAGE]
        table.focus()
        await pilot.press("ctrl+end")
        await settled(pilot)
        assert listed(table) == overdue[-PAGE:]
        assert screen.counts == (len(overdue), len(overdue))
        # A filter changed down there lists from the first action again.
        screen.query_one("#overdue-only", Checkbox).value = False
        await settled(pilot)
        assert listed(table) == in_order(many_path)[:PAGE] and screen.previous_page is None


def test_pages_read_backwards_seek_in_the_due_date_index(db):
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    queries.find_actions(db, last=True, limit=100)
    queries.find_actions(db, before=("2026-11-01", 7), limit=100)
    db.conn.set_trace_callback(None)
    plans = [" | ".join(row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
             for sql in statements if sql.startswith("SELECT * FROM actions")]
    assert len(plans) == 2, statements
    for plan in plans:
        assert "actions_due_order" in plan and "TEMP B-TREE" not in plan, plan
    assert plans[1].startswith("SEARCH"), plans[1]


async def test_a_status_change_on_the_last_page_of_fifty_thousand_is_stored_and_counted(many_path):
    """Overdue only, Ctrl+End, `d` then Enter on the last overdue action: stored as done with its update,
    gone from the list (done is never overdue) and from the count, which agrees with SQLite's."""
    overdue = in_order(many_path, "status IN ('not_started', 'in_progress') AND due < ?", (TODAY.isoformat(),))
    app = make_app(many_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _open(pilot, app)
        screen.query_one("#overdue-only", Checkbox).value = True
        await settled(pilot)
        table.focus()
        await pilot.press("ctrl+end")
        await settled(pilot)
        target = overdue[-1]
        assert screen.selected_id == target
        await pilot.press("d")
        await settled(pilot)
        await pilot.press(*"已交付", "enter")
        await settled(pilot)
        await settled(pilot)
        stored = queries.get_action(app.db, target)
        assert stored.status is ActionStatus.DONE
        assert queries.updates_for(app.db, target)[-1].note == "已交付"
        assert str(target) not in table.rows
        assert listed(table) == overdue[-PAGE:-1]
        counted = queries.count_actions(app.db, overdue_on=TODAY, today=TODAY)
        assert screen.counts == counted == (len(overdue) - 1, len(overdue) - 1)
