"""The live screen's and the meetings list's code stays easy to change (issue 18): each file of the live
workspace readable at once, text measured by the one width rule, and the meetings list's state held in
Textual reactives that lay the list out again only when what it shows changes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest


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
