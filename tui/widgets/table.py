"""The one table widget of fupan: a DataTable that shows what people typed exactly as they typed it.

Textual's DataTable reads a ``str`` cell or column label as Rich markup: "[bold]" vanishes into a style,
and an unmatched "[/b]" in a meeting title raises and stops the app. Titles, names, measures and notes
are user text, so every str is handed over as a plain ``Text``; styled cells are built as ``Text`` by
the screens themselves and pass through unchanged. (Plain ``Text`` also skips markup parsing.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellType, ColumnKey, RowDoesNotExist, RowKey

from core.width import display_width
from tui.widgets.text import Fitted, plain


class Table(DataTable[Any]):
    """A DataTable whose str cells and labels are never parsed as markup.

    A column added with ``cut=True`` (and a width) holds long text, a measure or a note: its cells end
    with "…" after their last whole character, and a `FullText` under the table shows the cut ones of the
    row under the cursor whole."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cut_columns: list[ColumnKey] = []
        self.full_text: FullText | None = None

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None,
                   default: CellType | None = None, cut: bool = False) -> ColumnKey:
        column = super().add_column(plain(label), width=width, key=key, default=plain(default))
        if cut:
            self.cut_columns.append(column)
        return column

    def add_keyed_columns(self, headings: Mapping[str, str], cut: Mapping[str, int] | None = None) -> None:
        """A column per key, headed by its text; a key in ``cut`` holds long text in that many cells."""
        cut = cut or {}
        for key, heading in headings.items():
            self.add_column(heading, key=key, width=cut.get(key), cut=key in cut)

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        keys = [column.key for column in self.ordered_columns]
        shown = [self._cell(column, cell) for column, cell in zip(keys, cells, strict=False)]
        row = super().add_row(*shown, *map(plain, cells[len(shown):]), height=height, key=key, label=plain(label))
        self._text_changed()
        return row

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, self._cell(column_key, value), update_width=update_width)
        self._text_changed()

    def clear(self, columns: bool = False) -> Table:
        super().clear(columns)
        if columns:
            self.cut_columns = []
        self._text_changed()
        return self

    def _cell(self, column: ColumnKey | str, cell: Any) -> Any:
        if column in self.cut_columns and isinstance(cell, (str, Text)):
            return Fitted(cell)
        return plain(cell)

    def _text_changed(self) -> None:
        if self.full_text is not None and self.is_mounted:
            self.call_after_refresh(self.full_text.show)

    def cut_texts(self) -> list[tuple[str, str]]:
        """(column heading, whole text) of each cell of the cursor's row cut to fit its column."""
        if not self.row_count or not self.cut_columns:
            return []
        row = self.get_row_at(self.cursor_row) if 0 <= self.cursor_row < self.row_count else []
        cut = []
        for column, cell in zip(self.ordered_columns, row, strict=False):
            if column.key in self.cut_columns and display_width(str(cell)) > column.width:
                cut.append((str(column.label), str(cell)))
        return cut


@dataclass(frozen=True, slots=True)
class Column:
    """A column offered to `fit_columns`: its heading and its widest cell, in terminal cells."""

    key: str
    heading: str
    content: int
    kept: bool = False
    """A key column: on screen at any width (cut with "…" when it must be)."""
    short: str | None = None
    """A shorter heading, used when the heading is what makes a kept column too wide for the screen."""
    cut_to: int | None = None
    """Cut to this many cells before any other kept column is cut (a name, before a figure)."""


@dataclass(frozen=True, slots=True)
class Fit:
    """A shown column: its heading, its width, and whether its cells are cut to it (then with "…")."""

    key: str
    heading: str
    width: int
    cut: bool


LEAST_CUT = 6
"""A cut column keeps at least this many cells (two CJK characters and the "…") and its heading whole."""


def fit_columns(columns: Sequence[Column], available: int, padding: int = 1,
                ranked: Sequence[str] = ()) -> list[Fit]:
    """The columns shown in ``available`` cells, in the order given: every kept column, then each other
    one that fits whole, tried in the order of ``ranked`` (then as given), so a narrow screen loses the
    least wanted ones first, never a kept one, and never part of a column. When the kept ones alone are too wide, a kept column whose heading is what
    makes it wide takes its short heading, then the ``cut_to`` columns are cut to it, then the widest
    kept columns are cut a cell at a time (down to `LEAST_CUT` and their headings): a cut cell ends with
    "…", and a `FullText` shows the cursor's row whole."""
    heading = {c.key: c.heading for c in columns}
    width = {c.key: max(c.content, display_width(c.heading)) for c in columns}
    shown = [c.key for c in columns if c.kept]

    def used(keys: Sequence[str]) -> int:
        return sum(width[key] + 2 * padding for key in keys)

    if used(shown) > available:
        for c in columns:
            if c.kept and c.short and max(c.content, display_width(c.short)) < display_width(c.heading):
                heading[c.key], width[c.key] = c.short, max(c.content, display_width(c.short))
    for c in columns:
        if c.kept and c.cut_to is not None and used(shown) > available:
            least = max(c.cut_to, display_width(heading[c.key]))
            width[c.key] = max(least, min(width[c.key], width[c.key] - (used(shown) - available)))
    least = {key: max(LEAST_CUT, display_width(heading[key])) for key in shown}
    while used(shown) > available:
        cuttable = [key for key in shown if width[key] > least[key]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda key: width[key])
        width[widest] -= 1
    rank = {key: n for n, key in enumerate(ranked)}
    for c in sorted((c for c in columns if not c.kept), key=lambda c: rank.get(c.key, len(rank))):
        if used([*shown, c.key]) <= available:
            shown.append(c.key)
    content = {c.key: c.content for c in columns}
    return [Fit(key, heading[key], width[key], width[key] < content[key])
            for key in (c.key for c in columns) if key in shown]


class FullText(Static):
    """Under a `Table`: the text of the row under the cursor that its columns cut, whole (hidden when
    nothing is cut), so whoever moves the cursor with the keyboard reads each row in full."""

    DEFAULT_CSS = """
    FullText { height: auto; color: $text-muted; display: none; }
    FullText.-shown { display: block; }
    """

    def __init__(self, table: Table, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.table = table
        table.full_text = self

    def on_mount(self) -> None:
        self.watch(self.table, "cursor_coordinate", lambda _: self.show())

    def show(self) -> None:
        cut = self.table.cut_texts()
        separator = "：" if any(display_width(label) > len(label) for label, _ in cut) else ": "
        self.update(Text(" · ".join(f"{label}{separator}{whole}" for label, whole in cut)))
        self.set_class(bool(cut), "-shown")


def selected_key(table: DataTable) -> str | None:
    """The key of the row the user sees selected (None in an empty table): row actions address rows by
    key, never by position, so a re-sort between the cursor move and the key cannot redirect them."""
    if table.row_count == 0 or table.cursor_row < 0:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


def follow_row(table: DataTable, key: str | None) -> None:
    """After a reload, put the cursor back on the row with ``key`` wherever it now sorts (else the
    nearest position, or the first row)."""
    if table.row_count == 0:
        return
    try:
        row = table.get_row_index(key) if key is not None else 0
    except RowDoesNotExist:  # the row is gone
        row = min(max(table.cursor_row, 0), table.row_count - 1)
    table.move_cursor(row=row, animate=False)
