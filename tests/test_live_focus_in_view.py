"""Wherever Tab takes the focus on the live screen, the field is on screen: every tab's form, in both
languages, from a laptop's 80×24 up. At 80×24 in English the catch-up lines took the whole pane and the
form was drawn below it; Tab went through seven fields nobody could see."""

from __future__ import annotations

import pytest

from tests.drivers import FakeClock, live_app, open_live, tab_through
from tests.test_app_zh import settle


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_tab_never_takes_the_focus_off_screen_in_any_tab(db_path, demo, lang):
    """80×24, the smallest screen fupan fits (the live screen's larger sizes have more room in every tab)."""
    async with live_app(db_path, demo.id, FakeClock(), lang=lang).run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        visited = {}
        for tab in "1234567":
            await pilot.press("escape", tab)
            await settle(pilot)
            visited[tab] = [widget.id for widget in await tab_through(pilot)]
        assert all(visited.values()), visited
        assert {"period-target", "amount", "add-line"} <= set(visited["6"])  # the catch-up form among them
