"""Setup and the summary on a laptop's 80×24, in both languages: every caption, heading and button reads
whole (wrapped if it must, never cut mid-word or mid-character), and the footer starts with the way out."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Button, Label

from tests.drivers import FakeClock, tab_through
from tests.test_app_zh import assert_footer_whole, screen_text, settle
from tui.app import make_app


def drawn_in(lines: list[str], region) -> str:
    """What the terminal shows inside ``region`` (columns counted in cells: a CJK character takes two)."""
    rows = []
    for line in lines[region.y: region.bottom]:
        cells, x = "", 0
        for char in line:
            if region.x <= x < region.right:
                cells += char
            x += cell_len(char)
        rows.append(cells)
    return "".join(rows)


def cut_captions(app) -> list[tuple[str, str]]:
    """Labels and buttons on screen whose whole text is not drawn in their place (or ends in "…"). One
    scrolled partly out of view (above or below) is not cut: scrolling shows it."""
    lines = screen_text(app).splitlines()
    shown_widgets = app.screen._compositor.visible_widgets  # each widget's region and what clips it
    cut = []
    for widget in [*app.screen.query(Label), *app.screen.query(Button)]:
        if widget not in shown_widgets:
            continue
        region, clip = shown_widgets[widget]
        visible = region.intersection(clip)
        if visible.height < region.height:
            continue
        content = widget.content_region.intersection(visible)
        whole = "".join(str(widget.render() if isinstance(widget, Label) else widget.label).split())
        shown = "".join(drawn_in(lines, content).split())
        if whole and whole != shown and not shown.endswith("…"):
            cut.append((whole, shown))
    return cut


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_setup_fits_80x24(db_path, demo, lang):
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_setup(demo.id)
        await settle(pilot)
        assert_footer_whole(app)
        assert not cut_captions(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_summary_fits_80x24(db_path, demo, lang):
    app = make_app(db_path, lang=lang, meeting_id=demo.id, clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.action_summary()
        await settle(pilot)
        await pilot.pause(0.3)
        assert_footer_whole(app)
        assert not cut_captions(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_field_and_button_of_setup_comes_into_view_when_tab_reaches_it(db_path, demo, lang):
    """At 80×24 the details column ran off the screen: Tab moved the focus to its Save button unseen, and
    the names typed next for the agenda pressed Save instead (seen in a tmux trial)."""
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_setup(demo.id)
        await settle(pilot)
        visited = await tab_through(pilot)
        aggregations = app.screen.query_one("#aggregations")
        assert aggregations.region.width >= aggregations.virtual_size.width  # its columns side by side
    visited = [widget.id for widget in visited]
    assert {"save", "aggregations", "add-presenter", "sheet-path"} <= set(visited)
