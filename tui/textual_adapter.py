"""Every place fupan reaches past Textual's public API, in one module, each with the reason Textual
offers no public way.

The rest of tui/ imports these names instead of touching Textual's private modules or attributes, and
tests/test_textual_adapter.py has a test per name here that fails when Textual changes under it (a
renamed attribute, a moved class, a method that no longer runs). The terminal-cell fix in
`tui.wide_chars` is the one other patch of Textual; it pins itself in tests/test_wide_chars.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.align import Align
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.widgets import Footer, Select
from textual.widgets._footer import FooterKey
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.app import App
    from textual.widgets import DataTable
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.widget import Widget

__all__ = [
    "CommandPalette",
    "DrawnCells",
    "FooterKey",
    "SelectCurrent",
    "SearchesEveryPrompt",
    "SelectOverlay",
    "bindings_map",
    "cell_cache_key",
    "drop_table_caches",
    "footer_bindings_ready",
    "read_escape_then_key_as_alt",
    "replay_key",
    "replay_paste",
    "select_types_to_search",
]

# FooterKey: the key widget Textual's Footer composes; our Footer composes the same widgets for the keys
# that fit (tui.widgets.footer), and Textual exports no public name for it.

# SelectCurrent, SelectOverlay: the two parts Textual's Select composes; a form's Select composes its own
# overlay that holds the keys typed right after a choice (tui.widgets.fields.FieldSelect).


def bindings_map(node: DOMNode) -> BindingsMap:
    """The node's own bindings map (its class's bindings, copied per node), which Textual's Footer, key
    panel and palette read. Binding descriptions are class data with no per-node hook, and ours are
    translated per app language (`tui.keys.localize_bindings`)."""
    return node._bindings


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether Textual's Footer has been told the screen's bindings (it composes nothing before)."""
    return footer._bindings_ready


def select_types_to_search(select: Select) -> bool:
    """The ``type_to_search`` a Select was built with, for the overlay it composes (no public getter)."""
    return select._type_to_search


WEZTERM_OPTION_SEQUENCES = ("\x1b§", *(f"\x1b{digit}" for digit in "1234567890"), "\x1b-", "\x1b=")
"""Esc and a number-row key, which Textual reads as WezTerm-on-macOS's Option with that key."""


def read_escape_then_key_as_alt() -> None:
    """Esc and a number-row key within the terminal's escape delay reach the app as Alt and that key, as
    Esc and a letter do. Textual's input parser reads them as WezTerm-on-macOS's Option+key and types its
    character: Esc 7 typed "¶" into the field being typed in instead of leaving it for tab 7 (the live
    screen binds Alt and a key as Esc then that key, tui/screens/live_keys.py). The parser's sequence table
    has no public hook; WezTerm users type those characters with the key's own layout instead of Option."""
    for sequence in WEZTERM_OPTION_SEQUENCES:
        ANSI_SEQUENCES_KEYS.pop(sequence, None)


def replay_key(app: App, key: events.Key) -> None:
    """Send a held key through the app again, as if typed now: Textual has no public way to re-deliver
    a key to whatever has the focus (`App.simulate_key` takes a key name, not the typed character)."""
    app.post_message(events.Key(key.key, key.character))


def replay_paste(target: App | Widget, text: str) -> None:
    """Deliver ``text`` as a paste to ``target`` (the app: whatever has the focus), as if pasted now: a
    held paste released, or a paste cleaned before its field takes it. Textual has no public way to paste."""
    target.post_message(events.Paste(text))


class CommandPalette(TextualCommandPalette):
    """Textual's palette with its "No matches found" line in the app's language.

    Textual writes that line inside `_start_no_matches_countdown`, with no hook for the words: this is
    the same method with ours (the placeholder has a public argument, `placeholder=`)."""

    def __init__(self, no_matches: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.no_matches_text = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self.no_matches_text, style="not bold")),
                           disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class SearchesEveryPrompt:
    """Mixed into a SelectOverlay: type to search reads the prompt's text whatever it is. Textual's
    `_find_search_match` reads only ``str`` and ``Text`` prompts and skips others, and a fitted entry
    (`tui.widgets.text.Fitted`, cut with "…" at draw time) is neither; it is searched by its whole text.
    Same rule as Textual's: the entry where the typed text starts earliest wins."""

    def _find_search_match(self, query: str) -> int | None:
        best, earliest = None, None
        for index, option in enumerate(self.options):  # type: ignore[attr-defined]
            found = str(option.prompt).lower().find(query.lower())
            if found != -1 and (earliest is None or found < earliest):
                best, earliest = index, found
        return best


TABLE_CACHES = ("_row_render_cache", "_cell_render_cache", "_row_renderable_cache", "_line_cache", "_offset_cache",
                "_ordered_row_cache")
"""DataTable's render caches, each a `textual.cache.LRUCache`."""


def drop_table_caches(table: DataTable[Any]) -> None:
    """Empty ``table``'s render caches so that what they held is freed now, not by a full collection.

    An LRUCache keeps its entries in a ring of ``[prev, next, key, value]`` links, and `DataTable.clear`
    drops each ring whole: a cycle holding up to 1,000 drawn lines (a Strip and its seven caches each)
    and 10,000 drawn cells, ~20-40k objects that wait for the cycle collector, whose full pass then holds
    the UI thread (40-90 ms measured on the tracking screen). Unlinking every link first lets reference
    counting free them at once. Textual has no public way to empty these caches."""
    for name in TABLE_CACHES:
        cache = getattr(table, name)
        for link in cache._cache.values():
            link.clear()
        cache.clear()


class DrawnCells:
    """Mixed into a DataTable whose cells may come drawn: a cell with ``width`` and ``segments`` (its one
    line cut to that many cells, `tui.screens.tracking.Cell`) is drawn, in a row one line high, by
    joining its segments with the row's and the cursor's style as Textual's `_render_cell` would, without
    Rich's render pipeline (Styled, Padding, console.render_lines: ~60 µs a cell). A table 40 rows high
    is drawn whole again after every clear, cell update and focus change (DataTable's caches are keyed
    on them), ~320 cells: ~20 ms of the UI thread each time, where a key waited. Any other cell, and a
    drawn one asked for at another width, goes through Textual's own `_render_cell`.

    Textual has no public hook for how a cell is drawn; tests/test_textual_adapter_drawn_cells.py
    compares every case with Textual's own drawing and fails when the names used here change."""

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        table = cast("DataTable[Any]", self)
        if row_index >= table.fixed_rows and column_index >= table.fixed_columns:
            row_key = table._row_locations.get_key(row_index)
            row = table.rows.get(row_key)  # type: ignore[arg-type]
            if row is not None and row.height == 1:
                cells = table._get_row_renderables(row_index).cells
                cell = cells[column_index] if column_index < len(cells) else None
                if getattr(cell, "width", None) == width - 2 * table.cell_padding and hasattr(cell, "segments"):
                    key = cell_cache_key(table, row_key, table._column_locations.get_key(column_index),  # type: ignore[arg-type]
                                         base_style, cursor, hover)
                    lines = table._cell_render_cache.get(key)
                    if lines is None:
                        lines = _drawn_cell(table, cell.segments, row_index, column_index,  # type: ignore[union-attr]
                                            base_style, width, cursor, hover)
                        if lines is not None:
                            table._cell_render_cache[key] = lines
                    if lines is not None:
                        return lines
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)  # type: ignore[misc]


def cell_cache_key(table: DataTable[Any], row_key: Any, column_key: Any, base_style: Style, cursor: bool,
                   hover: bool) -> tuple[Any, ...]:
    """The key of a drawn cell in DataTable's `_cell_render_cache`, as `DataTable._render_cell` makes it
    (so a cell drawn again with nothing changed — the cursor moved to another row — is taken from it)."""
    return (row_key, column_key, base_style, cursor, hover, table._show_hover_cursor, table._update_count,
            table._pseudo_class_state)


def _drawn_cell(table: DataTable[Any], segments: tuple[Segment, ...], row_index: int, column_index: int,
                base_style: Style, width: int, cursor: bool, hover: bool) -> list[list[Segment]] | None:
    """One cell's line as `DataTable._render_cell` draws it: padded each side, its text's segments
    styled ``base_style`` (with the cell's place, which a click reads) + the cursor's or hover's style +
    their own + the cursor's colours where CSS takes priority, and filled to ``width``; None if its
    segments are wider than the column (Textual's drawing then crops them)."""
    component, post = table._get_styles_to_render_cell(
        False, False, False, hover, cursor, table.show_cursor, table._show_hover_cursor,
        table.cursor_foreground_priority == "css", table.cursor_background_priority == "css")
    pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
    blank = pre + post if post else pre
    line = [Segment(" " * table.cell_padding, blank)] if table.cell_padding else []
    used = table.cell_padding
    for segment in segments:
        style = pre + segment.style if segment.style else pre
        line.append(Segment(segment.text, style + post if post else style))
        used += segment.cell_length
    if used + table.cell_padding > width:
        return None
    if width > used:
        line.append(Segment(" " * (width - used), blank))
    return [line]
