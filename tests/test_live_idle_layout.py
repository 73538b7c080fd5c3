"""The live screen's tick (four times a second) repaints only what changed: while nothing changes it
lays nothing out again, so a key or a tab's first opening never waits for a layout of the whole
screen the tick asked for (issue 17; `tui.widgets.steady.SteadyLabel`)."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import Screen

from tests.drivers import live_app
from tui.screens.live import TICK_SECONDS, LiveScreen
from tui.widgets.slot_info import SlotInfo
from tui.widgets.steady import SteadyLabel


async def test_an_idle_live_screen_lays_nothing_out_again(db_path, demo, monkeypatch):
    app = live_app(db_path, demo.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        await pilot.pause(2 * TICK_SECONDS)
        layouts = []
        original = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout",
                            lambda self, *a, **k: (layouts.append(self), original(self, *a, **k))[1])
        ticks = []
        monkeypatch.setattr(screen, "tick", lambda original=screen.tick: (ticks.append(1), original())[1])
        screen.tick()
        screen.tick()
        await asyncio.sleep(3 * TICK_SECONDS)
        await pilot.pause()
        assert len(ticks) >= 2
        assert layouts == []
        presenter = screen.query_one(SlotInfo).query_one("#presenter", SteadyLabel)
        assert str(presenter.render()) == screen.current.presenter  # still shown, just not redone


async def test_a_steady_label_repaints_when_its_text_or_style_changes():
    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield SteadyLabel("a", id="line")

    app = One()
    async with app.run_test() as pilot:
        line = app.query_one(SteadyLabel)
        painted = []
        original = line.refresh
        line.refresh = lambda *a, **k: (painted.append(k.get("layout")), original(*a, **k))[1]  # type: ignore[method-assign]
        line.update("a")
        assert painted == []
        line.update("b")
        assert painted == [True]
        line.update(Content.from_markup("b"))  # the same text as a Content: another kind of content
        line.update(Content.from_markup("[bold]b[/]"))  # Content's == ignores styles; this one is new
        assert len(painted) == 3
        await pilot.pause()
        assert "b" in str(line.render())


async def test_a_tab_first_opened_by_its_key_shows_no_frame_without_its_pane(db_path, demo):
    from tui.widgets.workspace import Workspace

    app = live_app(db_path, demo.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        workspace = app.screen.query_one(Workspace)
        frames: list[tuple[str, bool]] = []
        display = app._display

        def stamped(screen, renderable):  # every frame handed to the terminal: which tab, and its pane
            if renderable is not None:
                frames.append((workspace.active, workspace.is_built(workspace.active)))
            display(screen, renderable)

        app._display = stamped  # type: ignore[method-assign]
        await pilot.press("2")
        await pilot.pause()
        assert ("key-work", True) in frames
        assert ("key-work", False) not in frames
        assert app.focused is not None and workspace.pane("key-work") in app.focused.ancestors
