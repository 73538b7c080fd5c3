"""No Chinese character is lost where a drop-down lies over a form: every entry of the root-cause gap
picker at 100×30 reads whole, or cut with "…" after its last whole character — in a full repaint and in the
partial repaints a terminal gets. Textual splits such a character into two blanks by itself
(Textualize/textual#6357); tui/wide_chars.py works around it, and the last two tests fail when Textual
changes under the workaround or no longer needs it."""

from __future__ import annotations

import hashlib
import inspect

from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from textual._compositor import Compositor
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from tests.drivers import live_app
from tests.test_app_zh import screen_text, settle
from tui import wide_chars
from tui.widgets.text import ellipsized


async def _open_gap_picker(pilot) -> SelectOverlay:
    app = pilot.app
    await settle(pilot)
    await app.screen.action_tab(3)  # root causes: the gap picker lies over the form's fields
    await settle(pilot)
    picker = app.screen.query_one("#gap", Select)
    picker.focus()
    picker.expanded = True
    await settle(pilot)
    return picker.query_one(SelectOverlay)


def _entries_as_drawn(lines: list[str], overlay: SelectOverlay) -> list[str]:
    """The drop-down's lines, as the terminal shows them between its edges."""
    content = overlay.content_region
    drawn = []
    for line in lines[content.y: content.bottom]:
        cells, x = "", 0
        for char in line:  # cut by columns, not characters: a CJK character takes two
            if content.x <= x < content.right:
                cells += char
            x += cell_len(char)
        drawn.append(cells.strip())
    return drawn


def _expected(overlay: SelectOverlay) -> list[str]:
    width = overlay.content_region.width - 2  # the option list's own padding
    labels = [str(option.prompt) for option in overlay.options]
    first = overlay.scroll_offset.y
    return [ellipsized(label, width).plain.strip() for label in labels[first: first + overlay.content_region.height]]


def _terminal(lines: list[str], update, width: int) -> list[str]:
    """``lines`` after a terminal applied ``update`` (cursor moves and text, CJK taking two columns)."""
    grid = [[*_cells(line, width)] for line in lines]
    console = Console(width=width, legacy_windows=False)
    x = y = 0
    for segment in console.render(update):
        if segment.control:
            for control in segment.control:
                if control[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = control[1], control[2]
            continue
        if segment.text == "\n":
            continue
        for char in segment.text:
            w = cell_len(char)
            if y < len(grid) and x + w <= width:
                grid[y][x] = char
                if w == 2:
                    grid[y][x + 1] = ""
            x += w
    return ["".join(row) for row in grid]


def _cells(line: str, width: int) -> list[str]:
    cells: list[str] = []
    for char in line:
        cells.append(char)
        if cell_len(char) == 2:
            cells.append("")
    return (cells + [" "] * width)[:width]


async def test_every_gap_entry_of_the_drop_down_reads_whole_or_ends_in_an_ellipsis(db_path, demo):
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        overlay = await _open_gap_picker(pilot)
        drawn = _entries_as_drawn(screen_text(app).splitlines(), overlay)
        assert drawn == _expected(overlay)
        assert any("2026上半年" in entry for entry in drawn)  # the entry the issue saw as "2026上  年"


async def test_a_partial_repaint_of_the_drop_down_keeps_its_characters(db_path, demo):
    """What a terminal receives when only the drop-down changed (its highlight moved)."""
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        overlay = await _open_gap_picker(pilot)
        compositor = app.screen._compositor
        before = screen_text(app).splitlines()
        compositor._dirty_regions.add(overlay.region)
        update = compositor.render_partial_update()
        assert update is not None
        after = _terminal(before, update, app.size.width)
        assert _entries_as_drawn(after, overlay) == _expected(overlay)


async def test_textual_still_splits_a_wide_character_without_the_workaround(db_path, demo):
    """When this fails, Textual keeps wide characters whole by itself: remove tui/wide_chars.py."""
    app = live_app(db_path, demo.id, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        overlay = await _open_gap_picker(pilot)
        wide_chars.restore_textual()
        try:
            drawn = _entries_as_drawn(screen_text(app).splitlines(), overlay)
        finally:
            wide_chars.keep_wide_characters_whole()
        assert drawn != _expected(overlay)
        assert any("  " in entry for entry in drawn), drawn  # a character became two blanks


def test_the_compositor_methods_the_workaround_replaces_are_textuals_8_2_ones(db_path):
    """`tui.wide_chars` copies `_render_chops` and reads `ChopsUpdate.chop_ends`: if Textual changes
    either method, review the copy against the new one and update these digests."""
    digests = {
        name: hashlib.sha256(inspect.getsource(getattr(wide_chars, f"_original_{name}")).encode()).hexdigest()[:16]
        for name in ("render_chops", "partial_update")
    }
    assert digests == {"render_chops": "ca8c3359d7afd017", "partial_update": "888dccc892d8ecc2"}
    live_app(db_path, 1)  # the app installs the workaround as it is made
    assert Compositor._render_chops is wide_chars._render_chops
