"""A page or a count read in a worker that arrives while the tracking screen is being taken down draws
nothing (seen in full runs under load: "No nodes match '#actions'" from `_show`, "'#tracking-summary'" from
`_show_counts` — the screen is still attached for a moment after its parts are removed)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from tests.drivers import FakeClock, open_tracking
from tests.test_app_meetings import SIZE
from tui.app import make_app
from tui.screens.tracking import TrackingScreen


async def test_a_page_and_a_count_that_arrive_as_the_screen_goes_draw_nothing(db_path, demo):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracking(pilot)
        generation = screen._generation
        # what a pop does first: the screen's parts go while the screen itself is still attached
        await screen.query_one("#actions", DataTable).remove()
        await screen.query_one("#tracking-summary", Static).remove()
        assert screen.is_attached
        screen._show(generation, [], "first", None, None, None)
        screen._show_counts(generation, {}, (3, 1))
        await pilot.pause()
        assert app.return_code is None  # nothing raised: the app runs on
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrackingScreen)
