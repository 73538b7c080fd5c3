"""Below 100 columns the live screen's agenda drops its status column (the mark before each name tells it),
so the presenter's indicators keep their achievement and gap columns on an 80×24 laptop terminal."""

from __future__ import annotations

import pytest

from tests.drivers import FakeClock
from tests.test_app_zh import screen_text, settle
from tui.app import make_app


@pytest.mark.parametrize(("lang", "columns", "status"), [("zh", ("达成率", "差距"), "状态"),
                                                        ("en", ("Rate", "Gap"), "Status")])  # 'Achievement' is too wide
async def test_an_80_column_live_screen_shows_the_gap_columns(db_path, demo, lang, columns, status):
    app = make_app(db_path, lang=lang, meeting_id=demo.id, clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        shown = screen_text(app)
        assert all(column in shown for column in columns), shown
        assert status not in shown.splitlines()[2], shown  # the agenda's heading: no status column
        assert "0:00/10:00" in shown  # every slot's time stays whole
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert status in screen_text(app).splitlines()[2]  # wide again: the status column is back
