"""The one table widget of fupan: a DataTable that shows what people typed exactly as they typed it.

Textual's DataTable reads a ``str`` cell or column label as Rich markup: "[bold]" vanishes into a style,
and an unmatched "[/b]" in a meeting title raises and stops the app. Titles, names, measures and notes
are user text, so every str is handed over as a plain ``Text``; styled cells are built as ``Text`` by
the screens themselves and pass through unchanged. (Plain ``Text`` also skips markup parsing.)
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowDoesNotExist, RowKey

from tui.widgets.text import plain


class Table(DataTable[Any]):
    """A DataTable whose str cells and labels are never parsed as markup."""

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None,
                   default: CellType | None = None) -> ColumnKey:
        return super().add_column(plain(label), width=width, key=key, default=plain(default))

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*map(plain, cells), height=height, key=key, label=plain(label))

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, plain(value), update_width=update_width)


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
