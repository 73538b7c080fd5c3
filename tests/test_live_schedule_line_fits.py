"""The meeting's planned and projected end beside the countdown (DESIGN §4 Live) read as pairs at every
size: a caption and its time are never split over two lines. At 80×24 the line "计划结束 14:50 · 预计结束
04:43" wrapped after 预计结束, its time alone on the next line."""

from __future__ import annotations

import re

import pytest
from tui.widgets.packed import PackedLine

from tests.drivers import FakeClock, live_app, open_live
from tests.test_app_zh import screen_text
from tests.test_app_fit_setup_summary import drawn_in

TIME = re.compile(r"\d{2}:\d{2}")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_each_end_time_stands_on_the_line_of_its_caption(db_path, demo, lang, size):
    async with live_app(db_path, demo.id, FakeClock(), lang=lang).run_test(size=size) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2")  # started: the schedule also says how far ahead or behind
        await pilot.pause()
        label = screen.query_one("#schedule", PackedLine)
        lines = screen_text(pilot.app).splitlines()
        region = label.region
        rows = [drawn_in(lines, region.__class__(region.x, y, region.width, 1)).strip()
                for y in range(region.y, region.bottom)]
        rows = [row for row in rows if row]
        assert rows, "the schedule is drawn"
        for row in rows:  # every time on a row comes after a caption on the same row
            for found in TIME.finditer(row):
                assert row[:found.start()].strip(" ·"), (size, lang, rows)
        words = " ".join(rows)
        for caption in (("计划结束", "预计结束") if lang == "zh" else ("Planned end", "Projected end")):
            assert caption in words


async def test_the_schedule_goes_back_to_one_line_when_the_terminal_grows(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=(80, 24)) as pilot:
        screen = await open_live(pilot)
        label = screen.query_one("#schedule", PackedLine)
        assert label.region.height == 2  # 计划结束 14:50 / 预计结束 14:50: a pair a line
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        await pilot.pause()
        assert label.region.height == 1


async def test_running_late_is_said_in_the_theme_s_warning_colour_beside_the_times(db_path, demo):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=(160, 48)) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2")
        clock.advance(13 * 60)  # three minutes over a ten-minute slot
        await pilot.pause(0.6)  # a tick
        label = screen.query_one("#schedule", PackedLine)
        shown = label.render()
        assert "落后 3 分钟" in str(shown)
        late = [span for span in shown.spans if "落后" in str(shown)[span.start:span.end]]
        assert late and late[0].style, "in a colour of its own"
