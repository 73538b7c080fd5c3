"""The live screen's and the meetings list's code stays easy to change (issue 18): each file of the live
workspace readable at once, text measured by the one width rule, and the meetings list's state held in
Textual reactives that lay the list out again only when what it shows changes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.drivers import FakeClock
from tui.app import make_app
from tui.screens.meetings import MeetingsScreen

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", ["tui/screens/live.py", "tui/widgets/workspace.py", "tui/widgets/pane.py"])
def test_live_screen_files_read_at_once(path):
    assert len((ROOT / path).read_text(encoding="utf-8").splitlines()) < 500


def test_tui_measures_text_only_with_core_width():
    """One display-width rule (core.width, pinned equal to Rich by tests/test_width.py): no tui module
    measures with rich's cell_len or wcwidth beside it."""
    offenders = {}
    for path in (ROOT / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            bad = [n for n in names if n.split(".")[0] == "wcwidth" or n.startswith("rich.cells")]
            if bad:
                offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


async def test_meetings_list_is_laid_out_again_only_when_its_width_or_rows_change(db_path, demo):
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        assert [key for key, _ in screen.rows] == [str(demo.id), str(demo.id - 1)]  # newest first
        screen.query_one("#meetings").highlighted = 1
        laid_out = []
        original = screen._lay_out
        screen._lay_out = lambda keep: (laid_out.append(app.size.width), original(keep))  # type: ignore[method-assign]
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert laid_out == []  # the same width: nothing to redo
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert laid_out == [90]
        assert screen.list_width == 90
        screen.refresh_meetings()  # read again (another program wrote): laid out again, cursor kept
        assert laid_out == [90, 90]
        assert screen.selected_id == demo.id - 1
        screen.refresh_meetings(select_id=demo.id)
        assert screen.selected_id == demo.id
