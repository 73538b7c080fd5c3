"""`fupan clock` paints the countdown as it is when painted (issue 17's timer row, for the room's clock):
the digits are read from the clock at each paint, not from the last poll, so a repaint that comes late
(the room's app held, a slow terminal) never shows a time the countdown has already left behind."""

from __future__ import annotations

from datetime import datetime

from tests.drivers import FakeClock
from tui.clock_app import make_clock_app
from tui.widgets.bigclock import BigDigits




async def test_the_digits_show_the_time_at_paint_not_at_the_last_poll(db_path, demo):
    from tests.drivers import live_app, open_live

    clock = FakeClock(datetime(2026, 11, 23, 14, 0))
    async with live_app(db_path, demo.id, clock, lang="en").run_test(size=(160, 48)) as live:
        await open_live(live)
        await live.press("f2")  # the first presenter's clock runs
    room = make_clock_app(db_path, meeting_id=demo.id, lang="en", clock=clock, poll_seconds=3600)  # no poll now
    async with room.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        digits = room.query_one(BigDigits)
        assert digits.value == "10:00"
        clock.advance(2)  # two seconds pass with no poll (the room's app held)
        digits.refresh()
        await pilot.pause()
        digits.render()
        assert digits.value == "09:58"
