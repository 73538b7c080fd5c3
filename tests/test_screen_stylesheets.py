"""The live and tracking screens' stylesheets are loaded with the app's (`FupanApp.CSS_PATH`): showing
either screen parses no stylesheet again (a screen's own CSS_PATH makes Textual reparse every source when
it is first shown, ~15 ms on the way to its first frame). Their rules are therefore app-wide, so each must
be scoped to its screen, and the layout they give must still be that screen's."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable

from tests.drivers import FakeClock, live_app, open_live, open_tracking
from tui.app import FupanApp, make_app
from tui.screens.live import LiveScreen
from tui.screens.tracking import TrackingScreen

SCREENS = Path(__file__).resolve().parents[1] / "tui" / "screens"
SHEETS = [(LiveScreen, "live.tcss", 10), (TrackingScreen, "tracking.tcss", 8)]


@pytest.mark.parametrize(("screen", "tcss", "least_rules"), SHEETS, ids=["live", "tracking"])
def test_every_rule_of_a_screen_s_stylesheet_is_scoped_to_that_screen(screen, tcss, least_rules):
    from textual.app import App

    sheet = Stylesheet(variables=App().get_css_variables())
    sheet.read(SCREENS / tcss)
    sheet.parse()
    assert len(sheet.rules) >= least_rules
    for rule in sheet.rules:
        for selector in rule.selector_set:
            assert selector.selectors[0].name == screen.__name__, rule.css


@pytest.mark.parametrize(("screen", "tcss", "least_rules"), SHEETS, ids=["live", "tracking"])
def test_the_screen_s_stylesheet_is_the_apps_not_the_screens(screen, tcss, least_rules):
    assert not screen.CSS_PATH
    assert any(str(path).endswith(tcss) for path in FupanApp.CSS_PATH)


@pytest.fixture
def reparsed(monkeypatch: pytest.MonkeyPatch) -> list[Stylesheet]:
    """Every stylesheet Textual parses again from its sources, as the test goes."""
    seen: list[Stylesheet] = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (seen.append(self), original(self))[1])
    return seen


async def test_showing_the_live_screen_parses_no_stylesheet_again(db_path, demo, reparsed):
    app = live_app(db_path, demo.id)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_live(pilot)
        assert reparsed == []
        assert screen.query_one("#sidebar").outer_size.width == 40  # its layout, from live.tcss
        await pilot.press("f12")  # the room's clock, built now, is shown by live.tcss's rules…
        assert screen.query_one("#big-clock").display and not screen.query_one("#live-body").display
        await pilot.press("f12")  # …and hidden by them
        assert not screen.query_one("#big-clock").display and screen.query_one("#live-body").display
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert screen.query_one("#sidebar").outer_size.width == 28  # LiveScreen.-narrow


async def test_opening_tracking_parses_no_stylesheet_again(db_path, demo, reparsed):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_tracking(pilot)
        assert reparsed == []
        assert screen.query_one("#owner-filter").outer_size.width <= 28  # its layout, from tracking.tcss
        assert screen.query_one("#status-filter").outer_size.width == 22
        assert screen.query_one("#actions", DataTable).row_count > 0
        summary = screen.query_one("#tracking-summary")
        assert summary.outer_size.height == 1
