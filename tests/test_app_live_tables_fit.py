"""Long text in the live screen's tables ends with "…" after a whole character, and the row under the
cursor reads whole under its table: an indicator's name, a key-work item, an action's measure, a lesson,
a catch-up customer (each typed or imported by people, any length)."""

from __future__ import annotations

import re
import uuid

import pytest

from core.width import display_width
from tests.drivers import live_app, sqlite_utils_on
from tests.test_app_zh import screen_text, settle
from tui.widgets.table import FullText, Table

LONG = "建立线索四十八小时首次跟进机制并且每周复盘商机推进情况清理僵尸商机"


def _long_texts(db, meeting_id: int) -> None:
    """The first presenter's rows in every table of the live screen, given one long text each."""
    presenter = db.execute("select presenter from slots where meeting_id = ? order by position limit 1",
                           [meeting_id]).fetchone()[0]
    [indicator_id] = db.execute(
        "select i.id from indicators i join indicator_values v on v.indicator_id = i.id "
        "where i.meeting_id = ? and v.presenter = ? limit 1", [meeting_id, presenter]).fetchone()
    db.execute("update indicators set name = ? where id = ?", ["指标" + LONG, indicator_id])
    db.execute("update key_works set title = ? where id = (select min(id) from key_works where meeting_id = ? "
               "and presenter = ?)", ["重点" + LONG, meeting_id, presenter])
    sqlite_utils_on(db)["actions"].insert({"meeting_id": meeting_id, "presenter": presenter, "measure": "措施" + LONG,
                          "owner": presenter, "status": "not_started", "uuid": str(uuid.uuid4())})
    sqlite_utils_on(db)["lessons"].insert({"meeting_id": meeting_id, "presenter": presenter, "kind": "success",
                          "content": "经验" + LONG, "applies_to": "全员", "uuid": str(uuid.uuid4())})
    db.conn.commit()


@pytest.mark.parametrize(("tab", "table_id", "text"), [
    (1, "indicator-table", "指标" + LONG), (2, "key-work-table", "重点" + LONG),
    (4, "action-table", "措施" + LONG), (5, "lesson-table", "经验" + LONG)])
async def test_a_long_text_is_cut_and_reads_whole_under_the_cursor(db, db_path, demo, tab, table_id, text):
    _long_texts(db, demo.id)
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.screen.action_tab(tab)
        await settle(pilot)
        table = app.screen.query_one(f"#{table_id}", Table)
        [row] = [n for n in range(table.row_count) if str(text) in map(str, table.get_row_at(n))]
        table.focus()
        table.move_cursor(row=row)
        await settle(pilot)
        assert isinstance(table.full_text, FullText) and table.full_text.display
        assert text in str(table.full_text.render())
        shown = screen_text(app)
        cut = re.search(re.escape(text[:4]) + r"[^\s…]*…", shown)  # in its column, cut after a whole character
        assert cut, shown
        assert display_width(cut.group()) <= max(column.width for column in table.ordered_columns)
