"""The test suite runs with Textual's animations off (tests/conftest.py: TEXTUAL_ANIMATIONS=none), the app
with them on. Switched tabs and a scrolled table end in the same state either way, so what the other tests
check of the end state holds for the app as users run it."""

from __future__ import annotations

from textual.widgets import Tabs

from tests.drivers import live_app, open_live
from tests.test_app_zh import screen_text
from tui.widgets.workspace import Workspace


async def _after_tab_switches(db_path, meeting_id: int, level: str) -> tuple[object, ...]:
    app = live_app(db_path, meeting_id)
    app.animation_level = level  # type: ignore[assignment]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_live(pilot)
        for key in ("escape", "7", "escape", "2"):
            await pilot.press(key)
            await pilot.wait_for_scheduled_animations()
        tabs = app.screen.query_one(Workspace).query_one(Tabs)
        underline = tabs.query_one("Underline")  # the bar under the open tab (Tabs' own widget)
        return (app.screen.query_one(Workspace).active, underline.highlight_start, underline.highlight_end,
                screen_text(app))


async def test_a_tab_switch_ends_the_same_with_textual_animations_on_as_with_them_off(db_path, demo):
    animated = await _after_tab_switches(db_path, demo.id, "full")
    assert animated[0] == "key-work" and animated[2] > animated[1]  # the underline under the open tab
    assert animated == await _after_tab_switches(db_path, demo.id, "none")
