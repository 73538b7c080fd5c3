"""A field's placeholder wider than the field ends with "…" after its last whole character, at any size:
Input cut it mid-word with nothing to say so ('Filter by' for 'Filter by owner', '10月20' for a date)."""

from __future__ import annotations

import pytest

from core.width import display_width
from tests.drivers import FakeClock, live_app
from tests.test_app_zh import screen_text, settle
from tui.app import make_app
from tui.widgets.inputs import CleanInput


def _fitted(app) -> list[CleanInput]:
    fields = [f for f in app.screen.query(CleanInput) if f.display and f.scrollable_content_region.width > 0]
    for field in fields:
        width = field.scrollable_content_region.width
        assert display_width(field.placeholder) <= width, (field.id, field.placeholder, width)
        if display_width(field.whole_placeholder) > width:
            assert field.placeholder.endswith("…"), (field.id, field.placeholder)
            assert field.whole_placeholder.startswith(field.placeholder[:-1])
        else:
            assert field.placeholder == field.whole_placeholder
    return fields


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_tracking_s_owner_filter_placeholder_fits_at_80_columns(db_path, demo, lang):
    app = make_app(db_path, lang=lang, clock=FakeClock(), bell=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_tracking()
        await settle(pilot)
        [owner] = [f for f in _fitted(app) if f.id == "owner-filter"]
        if lang == "en":
            assert owner.placeholder.endswith("…") and owner.placeholder in screen_text(app)


async def test_the_action_form_s_date_placeholders_fit_at_100_columns(db_path, demo):
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:  # two fields a line (at 80, one: whole)
        await settle(pilot)
        await app.screen.action_tab(4)
        await settle(pilot)
        fields = {f.id: f for f in _fitted(app)}
        assert fields["start"].placeholder.endswith("…")  # '10月20日 / +1w' in 11 cells
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert fields["start"].placeholder == fields["start"].whole_placeholder  # wide again: whole
