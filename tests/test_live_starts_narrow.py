"""A narrow live screen is composed narrow: the `-narrow` class and the agenda's compact columns are
there before the widgets mount, so the screen is not styled twice (adding the class to a mounted screen
restyles every widget on it, ~20 ms of `fupan demo` on an 80-column terminal)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.drivers import live_app, open_live
from tui.screens.live import NARROW_BELOW, LiveScreen
from tui.widgets.clock import AgendaList


@pytest.mark.parametrize("width", [80, 120])
async def test_the_live_screen_is_narrow_or_wide_from_its_first_mount(db_path, demo, monkeypatch, width):
    seen: list[tuple[bool, bool]] = []
    on_mount = LiveScreen.on_mount

    def recording(screen: LiveScreen) -> None:
        seen.append((screen.has_class("-narrow"), screen.query_one(AgendaList).compact))
        on_mount(screen)

    monkeypatch.setattr(LiveScreen, "on_mount", recording)
    async with live_app(db_path, demo.id).run_test(size=(width, 30)) as pilot:
        screen = await open_live(pilot)
        narrow = width < NARROW_BELOW
        assert seen == [(narrow, narrow)]
        assert screen.has_class("-narrow") is narrow and screen.query_one(AgendaList).compact is narrow
        await pilot.resize_terminal(160 if narrow else 80, 30)
        await pilot.pause()
        assert screen.has_class("-narrow") is not narrow and screen.query_one(AgendaList).compact is not narrow


def test_the_sparkline_is_measured_without_loading_wcwidth():
    code = ("import sys; from core.width import display_width; "
            "assert display_width('▁▂▃▄▅▆▇█ 张伟 82.5%') == 19; print('wcwidth' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
