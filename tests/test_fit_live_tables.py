"""Every table of the live screen's tabs on a laptop's screen (issue 14): no column runs off the table's
edge mid-value or mid-heading (Textual's DataTable scrolled sideways and the screen's edge cut 'Applies
to / copy' to '适用场景/可' and '2026年8月' to '2026年8'); a column the width leaves out is read, with the
cut ones, under the table for the row under the cursor."""

from __future__ import annotations

import pytest

from tests.drivers import live_app
from tests.test_app_zh import screen_text, settle
from tests.test_fit_live_indicators import _cells, _shown
from tests.test_app_live_tables_fit import LONG, _long_texts
from tui.widgets.table import FullText, Table

TABLES = [(2, "key-work-table"), (3, "steps"), (4, "action-table"), (5, "lesson-table"), (6, "line-table"),
          (7, "previous-table")]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_no_live_table_runs_off_its_edge(db, db_path, demo, lang, size):
    _long_texts(db, demo.id)
    app = live_app(db_path, demo.id, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for tab, table_id in TABLES:
            await app.screen.action_tab(tab)
            await settle(pilot)
            table = app.screen.query_one(f"#{table_id}", Table)
            if not table.display or not table.region.width:
                continue
            region = table.scrollable_content_region
            assert table.virtual_size.width <= region.width, (table_id, table.virtual_size, region)
            lines = screen_text(app).splitlines()
            top = region.y + (1 if table.show_header else 0)
            if table.show_header:
                header = _cells(lines[region.y], region.x, region.width)
                for column in table.ordered_columns:
                    assert str(column.label) in header, (table_id, str(column.label), header)
            for row in range(min(table.row_count, region.height - 1)):
                drawn = _cells(lines[top + row], region.x, region.width)
                for column, cell in zip(table.ordered_columns, table.get_row_at(row), strict=True):
                    assert _shown(str(cell), drawn), (table_id, str(column.label), str(cell), drawn)


async def test_a_column_left_out_at_80_columns_reads_under_the_table(db, db_path, demo):
    _long_texts(db, demo.id)
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.screen.action_tab(5)
        await settle(pilot)
        table = app.screen.query_one("#lesson-table", Table)
        assert "applies_to" not in [str(column.key.value) for column in table.ordered_columns]
        [row] = [n for n in range(table.row_count) if ("经验" + LONG) in map(str, table.get_row_at(n))]
        table.focus()
        table.move_cursor(row=row)
        await settle(pilot)
        assert isinstance(table.full_text, FullText) and table.full_text.display
        assert "全员" in str(table.full_text.render())  # the applies-to column, left out, read here
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        await settle(pilot)
        assert "applies_to" in [str(column.key.value) for column in table.ordered_columns]  # wide: back
