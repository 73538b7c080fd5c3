"""The countdown is read from the clock when it is painted, not from the last tick: a repaint queued by a
tick just before the UI thread was held is drawn after the hold, and must show the time as it is then."""

from __future__ import annotations

import asyncio
import time

from textual.widgets import Digits

from core.timer import format_clock
from tests.drivers import FakeClock, live_app, open_live
from tui.widgets.clock import Countdown


async def test_a_repaint_queued_before_a_2_s_hold_shows_the_time_at_paint_not_at_the_tick(db_path, demo,
                                                                                         monkeypatch):
    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_live(pilot)
        await pilot.press("escape", "f2")  # the countdown runs
        clock.advance(30)
        await pilot.pause(0.4)
        digits = screen.query_one("#countdown").query_one(Digits)
        rendered: list[str] = []
        render = digits.render

        def render_and_note():  # what the widget draws, read off the renderable it hands to the frame
            result = render()
            rendered.append(digits.value)
            return result

        digits.render = render_and_note  # type: ignore[method-assign]
        painted: list[tuple[str, str]] = []
        display = app._display

        def stamped(shown_screen, renderable) -> None:
            display(shown_screen, renderable)
            if renderable is not None and not app._batch_count and held.done() and rendered:
                painted.append((rendered[-1], format_clock(screen.timer.remaining())))

        held = asyncio.get_running_loop().create_future()

        def hold() -> None:
            clock.advance(1.0)
            screen.tick()  # the tick repaints the countdown (09:29): that frame is still to be drawn ...
            ticked = digits.value
            # Ticks after the hold may come before or after that frame (a race): here they set nothing,
            # so what the frame shows can only come from reading the clock as it is painted.
            monkeypatch.setattr(Countdown, "show", lambda *args, **kwargs: None)
            time.sleep(2.0)  # ... when the UI thread is held 2 s, and the wall clock moves on meanwhile
            clock.advance(2.0)
            held.set_result(ticked)

        app._display = stamped  # type: ignore[method-assign]
        app.call_later(hold)
        ticked = await held
        while not painted:
            await asyncio.sleep(0.01)
        shown, expected = painted[0]
        assert ticked == format_clock(screen.timer.state.allowed_seconds - 31)
        assert expected == format_clock(screen.timer.state.allowed_seconds - 33)
        assert shown == expected  # what the first frame after the hold drew, not the tick's 09:29


async def test_the_rooms_big_clock_after_a_2_s_hold_shows_the_time_at_paint_not_at_the_tick(db_path, demo,
                                                                                           monkeypatch):
    from tui.widgets.bigclock import BigDigits, RoomClock

    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_live(pilot)
        await pilot.press("escape", "f2", "f12")  # the countdown runs, on the room's clock
        clock.advance(30)
        await pilot.pause(0.4)
        digits = screen.query_one(BigDigits)
        assert digits.value == format_clock(screen.timer.remaining())
        rendered: list[str] = []
        render = digits.render

        def render_and_note():
            result = render()
            rendered.append(digits.value)
            return result

        digits.render = render_and_note  # type: ignore[method-assign]
        painted: list[tuple[str, str]] = []
        display = app._display

        def stamped(shown_screen, renderable) -> None:
            display(shown_screen, renderable)
            if renderable is not None and not app._batch_count and held.done() and rendered:
                painted.append((rendered[-1], format_clock(screen.timer.remaining())))

        held = asyncio.get_running_loop().create_future()

        def hold() -> None:
            clock.advance(1.0)
            screen.tick()  # the tick sets the big digits: that frame is still to be drawn ...
            ticked = digits.value
            monkeypatch.setattr(RoomClock, "show", lambda *args, **kwargs: None)  # later ticks set nothing
            time.sleep(2.0)  # ... when the UI thread is held 2 s
            clock.advance(2.0)
            held.set_result(ticked)

        app._display = stamped  # type: ignore[method-assign]
        app.call_later(hold)
        ticked = await held
        while not painted:
            await asyncio.sleep(0.01)
        shown, expected = painted[0]
        assert ticked == format_clock(screen.timer.state.allowed_seconds - 31)
        assert shown == expected == format_clock(screen.timer.state.allowed_seconds - 33)
