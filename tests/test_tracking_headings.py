"""The tracking table's column headings read whole at every size: a long text column is cut with "…", its
heading never ('Last updat' at 80×24 in English)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from tests.drivers import FakeClock
from tests.test_app_zh import SIZES, settle
from tui.app import make_app


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_every_tracking_heading_reads_whole(db_path, demo, lang, size):
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_tracking()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        table = app.screen.query_one("#actions", DataTable)
        columns = list(table.columns.values())
        assert len(columns) >= 5
        for column in columns:
            assert cell_len(column.label.plain) <= column.width, (column.label.plain, column.width)
        assert sum(column.get_render_width(table) for column in columns) <= table.size.width
