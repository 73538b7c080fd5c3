"""The live screen keeps its built widgets out of the cycle collector's walks while it is open, and gives
them back when it closes (tui/collector.py, issue 17: full collections landing in a tab's first opening).

Frozen objects are the tracked objects `gc.get_objects()` no longer lists (it lists the three
generations, not the permanent one)."""

from __future__ import annotations

import gc
import weakref

import pytest

from tests.drivers import live_app, open_live
from tui.collector import Collector
from tui.screens.live import LiveScreen
from tui.screens.meetings import MeetingsScreen
from tui.widgets.workspace import Workspace

SIZE = (160, 48)


def frozen(obj: object) -> bool:
    return gc.is_tracked(obj) and all(o is not obj for o in gc.get_objects())


@pytest.fixture(autouse=True)
def _unfrozen_after():
    """Whatever a failing test left frozen goes back to the collector."""
    yield
    gc.unfreeze()


async def test_the_live_screen_and_each_tab_built_are_frozen_once_painted(db_path, demo):
    app = live_app(db_path, demo.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.pause()
        assert frozen(screen) and frozen(screen.query_one(Workspace).pane("indicators"))
        await pilot.press("6")  # the catch-up tab, built now
        await pilot.pause()
        await pilot.pause()
        pane = screen.query_one(Workspace).pane("catch-up")
        assert frozen(pane) and frozen(pane.query_one("#customer"))
    assert gc.get_freeze_count() == 0  # the app's exit gave everything back to the process's collector


async def test_a_closed_live_screen_is_given_back_and_freed_before_the_next_one_is_frozen(db_path, demo):
    app = live_app(db_path, demo.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.pause()
        await pilot.press("escape", "4")  # a tab built: its pane frozen too
        await pilot.pause()
        gone = weakref.ref(screen)
        pane = weakref.ref(screen.query_one(Workspace).pane("actions"))
        del screen
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert gc.get_freeze_count() == 0  # given back: the collector may free it from now on
        await pilot.press("enter")  # the next live screen: its first build collects fully first
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen) and frozen(app.screen)
        assert gone() is None and pane() is None


def test_keep_collects_the_garbage_that_would_be_frozen_with_what_lives():
    """What is frozen is never collected: a cycle made just before a build's freeze is collected first."""

    class Node:
        pass

    collector = Collector()
    node = Node()
    node.me = node  # type: ignore[attr-defined]  # a cycle: only the collector frees it
    gone = weakref.ref(node)
    del node
    collector.keep()
    assert gone() is None and gc.get_freeze_count() > 0
    collector.exited()
    assert gc.get_freeze_count() == 0
