"""Pilot's wait in the tests: for the widgets that have something left to handle, not for every widget.

Every `pilot.press()` and `pilot.pause()` waits until the screen has handled what was queued before it
(`Pilot._wait_for_screen`). Textual queues a callback on the app and on every widget of the screen — 67 on
the live screen — and waits for each to run it; a widget with nothing queued still handles that callback
and then an Idle event. That was ~15 % of the suite's CPU (issue 18: 227 → 185 and 209 → 181 s of user CPU,
two interleaved full runs on this 2-core machine).

A widget whose queue is empty and whose message loop is waiting for the next message has handled all that
was queued for it, so `wait_for_busy_widgets` leaves it out and waits for the rest as Textual does: the
widgets with messages queued, the one still in a handler, one whose loop has not started. Anything that
changes an idle widget later (a refresh, `call_next`, a message) queues something on it first, and makes it
busy again. Where it cannot tell whether a widget is waiting (a Textual or asyncio that keeps its waiters
elsewhere), it waits for it: slower, never sooner.

What waits for the screen's next refresh (`call_after_refresh`: the footer rebuilding its keys after a
focus move) Textual leaves to the screen's update timer, 1/60 s later, and its pause hopes that timer has
fired within the 20 ms it sleeps. On a machine running the suite on every core it sometimes had not (the
footer still empty after a focus move and a pause, once in six full runs with eight workers), and the
slower wait had only hidden that more often. This wait does what the timer would do — the refresh, then
those callbacks — and waits for them too, a few rounds at most.

It reads private Textual and asyncio state (the message queue, its ready event's waiters, the screen's
callbacks waiting for a refresh) and calls the screen's `_on_timer_update`, as Textual's pause does: tests/
test_pilot_wait.py fails when the Textual code it depends on changes, and then this module is to be checked
against the new one.
"""

from __future__ import annotations

import asyncio

from textual.message_pump import MessagePump
from textual.pilot import Pilot, WaitForScreenTimeout

_textual_wait_for_screen = Pilot._wait_for_screen
REFRESH_ROUNDS = 3
"""How many times a wait runs what waits for the next refresh: a callback may ask for one more (a footer
rebuilt after a focus move mounts its keys), not forever (a ticking clock refreshes every second)."""


def is_waiting_for_a_message(node: MessagePump) -> bool:
    """The node's loop is parked in `Queue.get` with nothing queued and nothing held back: it has handled
    everything queued for it."""
    queue = node._message_queue
    waiters = getattr(queue.ready_event, "_waiters", None)
    return not queue.values and node._pending_message is None and bool(waiters)


async def _wait_for_busy_widgets(self: Pilot, timeout: float = 30.0) -> bool:
    """`Pilot._wait_for_screen` (Textual 8.2) with the widgets that are waiting for a message left out, and
    then what waits for the screen's next refresh (`call_after_refresh`: the footer's keys after a focus
    move) run now, as the screen's update timer would at its next tick, and waited for in turn."""
    for _ in range(REFRESH_ROUNDS):
        if not await _wait_for_queued(self, timeout):
            return False
        screen = self.app.screen
        if not screen._callbacks:
            return True
        screen._on_timer_update()  # what the update timer does: refresh, then the callbacks (queued next)
    return await _wait_for_queued(self, timeout)


async def _wait_for_queued(self: Pilot, timeout: float) -> bool:
    try:
        screen = self.app.screen
    except Exception:
        return False
    left = 0
    all_handled = asyncio.Event()

    def handled() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            all_handled.set()

    for node in (self.app, *screen.walk_children(with_self=True)):
        if not is_waiting_for_a_message(node) and node.call_later(handled):
            left += 1
    if not left:
        return True
    waits = [asyncio.create_task(all_handled.wait()), asyncio.create_task(self.app._exception_event.wait())]
    _, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    if len(pending) == len(waits):
        raise WaitForScreenTimeout("Timed out while waiting for widgets to process pending messages.")
    return left == 0


def wait_for_busy_widgets() -> None:
    Pilot._wait_for_screen = _wait_for_busy_widgets  # type: ignore[method-assign]
