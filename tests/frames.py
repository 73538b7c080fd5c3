"""Frames in the tests: a headless app paints only the frames a test reads.

Under `App.run_test()` Textual computes every frame (each widget's lines, cut and joined for the terminal)
and then drops it: the headless driver has no terminal to write to (`App._display` returns at once). That
painting is a third of the suite's CPU. `paint_only_when_read` makes the top screen's refresh do what it
does minus the painting — the layout, the dirty state cleared, the mouse-over updated — so every key and
every pause costs what the app's logic costs. What a test reads is still painted in full: a snapshot, a
screenshot (`export_screenshot`), `widget.render()`, `_compositor.render_update(full=True)`. And the last
screen of every app run is painted whole before it closes, so a widget that cannot draw its state still
fails its test.

A test that watches frames reach the terminal (it replaces `app._display`) gets Textual's own refresh, as
does a test marked `@pytest.mark.paints`. The method replaced is private Textual API: tests/test_frames.py fails when its
source changes, and then this module is to be checked against the new one.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.app import App
from textual.screen import Screen

_textual_refresh = Screen._compositor_refresh
_textual_run_test = App.run_test


def _refresh_without_painting(self: Screen) -> None:
    """`Screen._compositor_refresh` (Textual 8.2) for the top screen of a headless app, less the frame."""
    app = self.app
    watched = "_display" in vars(app)  # a test put its own hand on the frames the terminal gets
    if watched or not (app.is_headless and not app.is_inline and self is app.screen):
        _textual_refresh(self)
        return
    self._dirty_widgets.clear()
    self._compositor._dirty_regions.clear()
    app._update_mouse_over(self)


@asynccontextmanager
async def _run_test_painting_the_last_frame(self: App, *args, **kwargs):
    async with _textual_run_test(self, *args, **kwargs) as pilot:
        yield pilot
        if self._running and not (self._closing or self._closed) and self._screen_stack:  # (not after ctrl+q)
            self.screen._compositor.render_update(full=True, screen_stack=self._background_screens)


def paint_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Screen, "_compositor_refresh", _refresh_without_painting)
    monkeypatch.setattr(App, "run_test", _run_test_painting_the_last_frame)
