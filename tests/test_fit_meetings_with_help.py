"""The meetings list beside the F1 keys panel (issue 14): opening the panel narrows the list, and its lines
are laid out again for the width left, so none is cut at the panel's edge or wrapped onto a second line
(at 80×24 '2026上半年' was cut to '2026' and the open-actions count wrapped below)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from core.width import display_width
from tests.drivers import FakeClock
from tests.test_app_zh import settle
from tui.app import make_app


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_meetings_list_fits_beside_the_keys_panel(db_path, demo, lang):
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one("#meetings", OptionList)
        before = [str(meetings.get_option_at_index(n).prompt) for n in range(meetings.option_count)]
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.query("HelpPanel")
        room = meetings.scrollable_content_region.width
        assert room < 60
        for index in range(meetings.option_count):
            line = str(meetings.get_option_at_index(index).prompt)
            assert display_width(line) <= room - 2, (line, room)  # its padding: one cell each side
        await pilot.press("f1")
        await settle(pilot)
        wide = [str(meetings.get_option_at_index(n).prompt) for n in range(meetings.option_count)]
        assert wide == before  # the panel closed: laid out for the whole width again
