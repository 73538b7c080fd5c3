"""The summary lines above the catch-up plan (tab 6) and the previous actions (tab 7) read as pairs of a
caption and its figure at every size: a line breaks only between two pairs. At 80×24 "滚动预测−初始预测"
ended one line and "-80 万元" stood alone on the next; "新逾期" ended one and its "1" began the next. The
plan's unit comes from a sheet anyone may have written: "[/]万元" raised a markup error and closed the app."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Static

from tests.drivers import FakeClock, live_app, open_live
from tests.test_app_fit_setup_summary import drawn_in
from tests.test_app_zh import screen_text

FIGURE_FIRST = re.compile(r"^[-−+]?\d")  # a line that starts with a figure lost its caption


def drawn_rows(app, widget) -> list[str]:
    lines = screen_text(app).splitlines()
    region = widget.region
    return [row for y in range(region.y, region.bottom)
            if (row := drawn_in(lines, region.__class__(region.x, y, region.width, 1)).strip())]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_no_figure_starts_a_line_of_the_catch_up_and_previous_summaries(db_path, demo, lang, size):
    async with live_app(db_path, demo.id, FakeClock(), lang=lang).run_test(size=size) as pilot:
        screen = await open_live(pilot)
        for key, selector in (("6", "#plan-summary"), ("7", "#previous-movement")):
            await pilot.press(key)
            await pilot.pause()
            rows = drawn_rows(pilot.app, screen.query_one(selector, Static))
            assert rows, (selector, "drawn")
            if lang == "en" and selector == "#previous-movement":  # "1 untouched": English counts lead
                items = [item for row in rows for item in row.split(", ")]
                assert all(re.match(r"^\d+ [a-z]", item) for item in items), (size, rows)
            else:
                assert not [row for row in rows if FIGURE_FIRST.match(row)], (selector, size, lang, rows)


async def test_a_unit_with_brackets_from_the_file_is_shown_as_written(db, db_path, demo):
    db.execute("UPDATE catchup_plans SET unit = '[/]万元'")
    db.conn.commit()
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=(160, 48)) as pilot:
        screen = await open_live(pilot)
        await pilot.press("6")
        await pilot.pause()
        shown = " ".join(drawn_rows(pilot.app, screen.query_one("#plan-summary", Static)))
        assert "620 [/]万元" in shown
