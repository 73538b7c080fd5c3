"""The live screen's stylesheet is loaded with the app's (`FupanApp.CSS_PATH`): showing the screen parses
no stylesheet again (a screen's own CSS_PATH makes Textual reparse every source when it is first shown,
~15 ms on the way to its first frame). Its rules are therefore app-wide, so each must be scoped to
LiveScreen, and the layout they give must still be the live screen's."""

from __future__ import annotations

from pathlib import Path

from textual.css.stylesheet import Stylesheet

from tests.drivers import live_app
from tui.app import FupanApp
from tui.screens.live import LiveScreen

LIVE_TCSS = Path(__file__).resolve().parents[1] / "tui" / "screens" / "live.tcss"


def test_every_live_rule_is_scoped_to_the_live_screen():
    from textual.app import App

    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.read(LIVE_TCSS)
    sheet.parse()
    assert len(sheet.rules) >= 10
    for rule in sheet.rules:
        for selector in rule.selector_set:
            assert selector.selectors[0].name == "LiveScreen", rule.css


def test_the_live_stylesheet_is_the_apps_not_the_screens():
    assert not LiveScreen.CSS_PATH
    assert any(str(path).endswith("live.tcss") for path in FupanApp.CSS_PATH)


async def test_showing_the_live_screen_parses_no_stylesheet_again(db_path, demo, monkeypatch):
    reparsed = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(self), original(self))[1])
    app = live_app(db_path, demo.id)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        assert reparsed == []
        assert screen.query_one("#sidebar").outer_size.width == 40  # its layout, from live.tcss
        assert not screen.query_one("#big-clock").display
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert screen.query_one("#sidebar").outer_size.width == 28  # LiveScreen.-narrow
