"""The tracking screen's stylesheet is loaded with the app's (`FupanApp.CSS_PATH`), as the live screen's
is (tests/test_live_css.py): `t` parses no stylesheet again on the way to the first rows. Its rules are
therefore app-wide, so each must be scoped to TrackingScreen, and the layout they give must still be the
tracking screen's."""

from __future__ import annotations

from pathlib import Path

from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable

from tests.drivers import FakeClock, settled
from tui.app import FupanApp, make_app
from tui.screens.tracking import TrackingScreen

TRACKING_TCSS = Path(__file__).resolve().parents[1] / "tui" / "screens" / "tracking.tcss"


def test_every_tracking_rule_is_scoped_to_the_tracking_screen():
    from textual.app import App

    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.read(TRACKING_TCSS)
    sheet.parse()
    assert len(sheet.rules) >= 8
    for rule in sheet.rules:
        for selector in rule.selector_set:
            assert selector.selectors[0].name == "TrackingScreen", rule.css


def test_the_tracking_stylesheet_is_the_apps_not_the_screens():
    assert not TrackingScreen.CSS_PATH
    assert any(str(path).endswith("tracking.tcss") for path in FupanApp.CSS_PATH)


async def test_opening_tracking_parses_no_stylesheet_again(db_path, demo, monkeypatch):
    reparsed = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(self), original(self))[1])
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, TrackingScreen)
        assert reparsed == []
        assert screen.query_one("#owner-filter").outer_size.width <= 28  # its layout, from tracking.tcss
        assert screen.query_one("#status-filter").outer_size.width == 22
        assert screen.query_one("#actions", DataTable).row_count > 0
        summary = screen.query_one("#tracking-summary")
        assert summary.outer_size.height == 1
