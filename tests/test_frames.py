"""tests/frames.py: a headless app under test paints only what a test reads and its last screen; a test
marked `paints` gets Textual's own refresh; the Textual method it replaces is still Textual 8.2's."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tests import frames


class Counted(Static):
    """A widget that counts how often it is drawn, and can be told to fail drawing."""

    def __init__(self) -> None:
        super().__init__("x")
        self.drawn = 0
        self.broken = False

    def render_lines(self, crop):  # a frame's lines of this widget (render() also serves its measuring)
        if self.broken:
            raise RuntimeError("cannot draw this")
        self.drawn += 1
        return super().render_lines(crop)


class OneWidget(App):
    def compose(self) -> ComposeResult:
        yield Counted()


async def test_a_headless_app_under_test_paints_nothing_until_its_last_screen():
    app = OneWidget()
    async with app.run_test(size=(20, 4)) as pilot:
        widget = app.query_one(Counted)
        for text in ("a", "b", "c"):
            widget.update(text)
            await pilot.pause()
        assert widget.drawn == 0  # nobody read those frames
        assert "c" in app.export_screenshot()  # what a test reads is drawn on demand
        drawn = widget.drawn
        assert drawn >= 1
    assert widget.drawn == drawn + 1  # the last screen, painted whole before the app closed


async def test_a_widget_that_cannot_draw_its_last_screen_still_fails_the_test():
    app = OneWidget()
    with pytest.raises(RuntimeError, match="cannot draw this"):
        async with app.run_test(size=(20, 4)) as pilot:
            app.query_one(Counted).broken = True
            app.query_one(Counted).update("y")
            await pilot.pause()


@pytest.mark.paints
async def test_a_test_marked_paints_sees_every_frame():
    app = OneWidget()
    async with app.run_test(size=(20, 4)) as pilot:
        widget = app.query_one(Counted)
        await pilot.pause()
        before = widget.drawn
        widget.update("b")
        await pilot.pause()
        assert before >= 1 and widget.drawn > before


def test_the_refresh_replaced_is_textuals_8_2_one():
    """When this fails, Textual changed `Screen._compositor_refresh`: compare tests/frames.py's copy of
    what it does (less the frame) with the new source, then update the hash."""
    source = inspect.getsource(frames._textual_refresh)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "7a40efe563816a06"
    assert Screen._compositor_refresh is frames._refresh_without_painting  # (this test is not marked paints)
