"""tests/pilot_wait.py: a pause still waits for a message queued deep in the screen and for a handler still
running; it leaves out the widgets that wait for a message; the Textual code it reads is still 8.2's."""

from __future__ import annotations

import asyncio
import hashlib
import inspect

from textual._queue import Queue
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tests import pilot_wait


class Slow(Message):
    """Handled in 0.1 s."""


class Leaf(Static):
    def __init__(self) -> None:
        super().__init__("leaf")
        self.handled = 0

    async def on_slow(self, message: Slow) -> None:
        await asyncio.sleep(0.1)
        self.handled += 1


class Deep(App):
    def compose(self) -> ComposeResult:
        with Vertical():
            with Vertical():
                yield from (Static(str(n)) for n in range(30))
                yield Leaf()


async def test_a_pause_waits_for_a_message_queued_on_a_widget_deep_in_the_screen():
    app = Deep()
    async with app.run_test() as pilot:
        leaf = app.query_one(Leaf)
        leaf.post_message(Slow())
        leaf.post_message(Slow())
        await pilot.pause(0)  # no wait for idle: only the screen's wait stands between
        assert leaf.handled == 2


async def test_a_pause_waits_for_a_handler_still_running_with_nothing_queued():
    app = Deep()
    async with app.run_test() as pilot:
        leaf = app.query_one(Leaf)
        leaf.post_message(Slow())
        while leaf._message_queue.values:  # until the handler has taken the message and is in its sleep
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        assert leaf.handled == 0 and not pilot_wait.is_waiting_for_a_message(leaf)
        await pilot.pause(0)
        assert leaf.handled == 1


async def test_a_settled_screen_has_every_widget_waiting_so_a_pause_queues_nothing():
    """Fails if Textual or asyncio keep the loop's waiting elsewhere: the pauses would still be right, but
    as slow as Textual's, one callback and one Idle event for every widget."""
    app = Deep()
    async with app.run_test() as pilot:
        await pilot.pause()
        nodes = [app, *app.screen.walk_children(with_self=True)]
        assert len(nodes) > 30
        assert all(pilot_wait.is_waiting_for_a_message(node) for node in nodes)
        app.query_one(Leaf).post_message(Slow())
        assert not pilot_wait.is_waiting_for_a_message(app.query_one(Leaf))


async def test_a_pause_runs_what_waits_for_the_next_refresh_even_when_the_update_timer_is_late():
    """The footer's keys after a focus move: Textual leaves them to the screen's update timer; a machine
    busy on every core can hold that timer back past a pause."""
    app = Deep()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        screen._update_timer.pause()
        screen._update_timer.resume = lambda: None  # a timer that does not get to fire
        refreshed: list[str] = []
        leaf = app.query_one(Leaf)
        leaf.update("changed")
        leaf.call_after_refresh(refreshed.append, "after refresh")
        await pilot.pause(0)
        assert refreshed == ["after refresh"]


def test_the_textual_code_it_reads_is_textuals_8_2():
    """When this fails, Textual changed how a message loop waits or how Pilot waits: check that a loop with
    an empty queue and a waiter on the queue's ready event is still one that has handled everything, and
    that Pilot still waits as `tests/pilot_wait.py` does, then update the hashes."""
    expected = {
        Pilot._wait_for_screen: "abd78ecad5040ed1",
        MessagePump._get_message: "5c8f2e35f9c74837",
        Queue.get: "14f47515ca1e71ad",
        Queue.put_nowait: "3ccde67af91f8fdc",
        Screen._on_timer_update: "421401660de142c5",
        Screen._invoke_later: "d59e2de31d1c3717",
    }
    expected[pilot_wait._textual_wait_for_screen] = expected.pop(Pilot._wait_for_screen)
    for function, digest in expected.items():
        assert hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16] == digest, function
    assert Pilot._wait_for_screen is pilot_wait._wait_for_busy_widgets  # what conftest.py installs
