"""Screen state held in Textual reactives: setting it is enough, the screen follows."""

from __future__ import annotations

from textual.widgets import DataTable, Label

from core.timer import Phase
from tests.drivers import FakeClock, live_app, open_live
from tui.widgets.clock import AgendaList
from tui.widgets.review import IndicatorsPane

SIZE = (160, 48)


async def test_muting_keeps_the_flash_drops_the_bell_and_says_so(db_path, demo):
    clock = FakeClock()
    app = live_app(db_path, demo.id, clock, lang="en")
    rung: list[int] = []
    app.bell = lambda: rung.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.muted  # the tests' app starts without the bell
        await pilot.press("f8")
        await pilot.pause()
        assert not screen.muted and "muted" not in str(screen.query_one("#timer-state", Label).render())
        await pilot.press("f8", "f2")
        await pilot.pause()
        assert screen.muted and "muted" in str(screen.query_one("#timer-state", Label).render())
        clock.advance(490)  # wrap-up begins: a flash, no bell
        screen.tick()
        assert screen.signals == [Phase.WRAP_UP] and rung == []


async def test_the_sidebar_highlight_follows_the_slot_on_the_clock(db_path, demo):
    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.pause()
        assert screen.query_one(AgendaList).index == screen.index == 0
        await pilot.press("f2", "f4")
        await pilot.pause()
        assert screen.index == 1 and screen.query_one(AgendaList).index == 1


async def test_all_periods_lists_every_stored_period_and_back(db_path, demo):
    app = live_app(db_path, demo.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("1")
        await pilot.pause()
        pane = screen.query_one(IndicatorsPane)
        table = pane.query_one(DataTable)
        headline = table.row_count
        pane.all_periods = True
        await pilot.pause()
        assert table.row_count > headline
        await pilot.press("a")
        await pilot.pause()
        assert not pane.all_periods and table.row_count == headline
