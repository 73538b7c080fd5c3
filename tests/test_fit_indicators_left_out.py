"""What the live indicators table leaves out for lack of width reads under it for the cursor's row, as
every other live table does (`FullText`): at 160 columns the streak "连续未达成 2 期（长期差距）" did not fit
whole and was nowhere on screen; at 80 columns the gap rate, impact and ease were not either."""

from __future__ import annotations

import pytest

from tests.drivers import FakeClock, live_app, open_live
from tui.widgets.table import FullText, Table


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_cursor_row_reads_whole_under_the_indicators_table(db_path, demo, size):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=size) as pilot:
        screen = await open_live(pilot)
        await pilot.pause()
        table = screen.query_one("#indicator-table", Table)
        shown = {str(column.key.value) for column in table.ordered_columns}
        below = screen.query_one(FullText)
        table.focus()
        await pilot.pause()
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            name = str(table.get_row_at(row)[0])
            if not name.startswith("新客户数"):
                continue
            said = str(below.render())
            if "not_met_streak" not in shown:
                assert "连续未达成 2 期（长期差距）" in said, said
                assert "连续未达成：连续未达成" not in said  # a text that starts with its heading says it once
            if "gap_rate" not in shown:
                assert "差距率：" in said, said
            assert below.has_class("-shown")
            break
        else:
            pytest.fail("新客户数 is listed")
        assert not {"not_met_streak", "gap_rate"} <= shown  # the screen did leave something out
