"""What a facilitator sees right after the app was held up: the countdown is right at the next paint."""

from __future__ import annotations

import asyncio
import time

from textual.widgets import Digits

from core.timer import format_clock
from tests.drivers import FakeClock, live_app, open_live


async def test_the_countdown_is_right_at_the_first_paint_after_the_ui_thread_was_held_2_s(db_path, demo):
    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_live(pilot)
        await pilot.press("escape", "f2")  # the countdown runs
        clock.advance(30)
        await pilot.pause(0.4)
        assert screen.query_one(Digits).value == format_clock(screen.timer.remaining())

        painted: list[tuple[str, str]] = []
        display = app._display

        def stamped(shown_screen, renderable) -> None:
            display(shown_screen, renderable)
            if renderable is not None and not app._batch_count and held.done():
                painted.append((screen.query_one(Digits).value, format_clock(screen.timer.remaining())))

        held = asyncio.get_running_loop().create_future()

        def hold() -> None:  # the UI thread is busy for 2 s, and the wall clock moves on meanwhile
            time.sleep(2.0)
            clock.advance(2.0)
            held.set_result(None)

        app._display = stamped  # type: ignore[method-assign]
        app.call_later(hold)
        await held
        while not painted:
            await asyncio.sleep(0.01)
        shown, expected = painted[0]
        assert expected == format_clock(screen.timer.state.allowed_seconds - 32)
        assert shown == expected  # not the time from before the UI thread was held
