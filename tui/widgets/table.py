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
    row under the cursor whole.

    Columns added by `add_keyed_columns` fit the table's width: the first always, each next one if it
    fits whole (a cut one narrower, down to `LEAST_CUT` cells, when that is all there is), so none runs
    off the edge mid-value; what a narrow screen leaves out shows under the table for the cursor's row."""

    DEFAULT_CSS = """
    Table.-fitted { scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cut_columns: list[ColumnKey] = []
        self.full_text: FullText | None = None
        self._keyed: list[tuple[str, str, int | None]] = []
        """(key, heading, cut width) of every column `add_keyed_columns` asked for, shown or not."""
        self._shown: list[int] = []
        """Which of those are shown now (their indices)."""
        self._whole_rows: dict[str, tuple[Any, ...]] = {}
        """Each row's cells for every keyed column, by row key (a fitted table's rows are drawn again from
        these when the width changes)."""
        self._refit_pending = False
        self._fit_widths: dict[str, int] = {}
        self.left_out: dict[str, list[tuple[str, str]]] = {}
        """(heading, text) of the columns a table fitted by its pane left out, by row key: read under it."""

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None,
                   default: CellType | None = None, cut: bool = False) -> ColumnKey:
        column = super().add_column(plain(label), width=width, key=key, default=plain(default))
        if cut:
            self.cut_columns.append(column)
        return column

    def add_keyed_columns(self, headings: Mapping[str, str], cut: Mapping[str, int] | None = None) -> None:
        """A column per key, headed by its text; a key in ``cut`` holds long text in that many cells. The
        columns fit the table's width (see the class)."""
        cut = cut or {}
        self._keyed = [(key, heading, cut.get(key)) for key, heading in headings.items()]
        self.add_class("-fitted")
        self._show(self._fitted())

    def _fitted(self) -> list[int]:
        """The keyed columns that fit the width now (every one before the table has a width)."""
        available = self.scrollable_content_region.width if self.size.width else 0
        if available <= 0:
            self._fit_widths = {}
            return list(range(len(self._keyed)))
        columns = []
        for n, (key, heading, cut) in enumerate(self._keyed):
            widest = max([0, *(display_width(str(row[n])) for row in self._whole_rows.values() if n < len(row))])
            columns.append(Column(key, heading, min(widest, cut) if cut else widest, kept=n == 0,
                                  cut_to=LEAST_CUT if cut else None))
        fits = {fit.key: fit for fit in fit_columns(columns, available, self.cell_padding)}
        self._fit_widths = {key: fit.width for key, fit in fits.items()}
        return [n for n, (key, _, _) in enumerate(self._keyed) if key in fits]

    def _show(self, shown: list[int]) -> None:
        """Draw the keyed columns ``shown`` and every row in them, the cursor kept on its row."""
        keep = selected_key(self) if self.row_count else None
        self._shown = shown
        widths = self._fit_widths
        super().clear(columns=True)
        self.cut_columns = []
        for n in shown:
            key, heading, cut = self._keyed[n]
            width = widths.get(key, cut)  # as fitted (never narrower than its heading); cut if cut
            self.add_column(heading, key=key, width=width, cut=cut is not None)
        for row_key, row in self._whole_rows.items():
            super().add_row(*(self._cell(self._keyed[n][0], row[n]) for n in shown if n < len(row)), key=row_key)
        follow_row(self, keep)
        self._text_changed()

    def refit(self) -> None:
        """The keyed columns again for the width now, if which fit (or their widths) changed."""
        self._refit_pending = False
        if not self._keyed or not self.is_attached:
            return
        before = (self._shown, dict(self._fit_widths))
        shown = self._fitted()
        if (shown, self._fit_widths) != before:
            self._show(shown)

    def on_resize(self) -> None:
        self._schedule_refit()

    def _schedule_refit(self) -> None:
        if self._keyed and not self._refit_pending and self.is_mounted:
            self._refit_pending = True
            self.call_after_refresh(self.refit)

    def add_row(self, *cells: CellType, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        if self._keyed and len(cells) == len(self._keyed):
            key = key if key is not None else f"row-{len(self._whole_rows)}"
            self._whole_rows[key] = cells
            self._schedule_refit()
            cells = tuple(cells[n] for n in self._shown)
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
        self._whole_rows = {}
        if columns:
            self.cut_columns = []
            self._keyed = []
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
        if not self.row_count or not (self.cut_columns or self._keyed or self.left_out):
            return []
        row = self.get_row_at(self.cursor_row) if 0 <= self.cursor_row < self.row_count else []
        cut = []
        for column, cell in zip(self.ordered_columns, row, strict=False):
            if column.key in self.cut_columns and display_width(str(cell)) > column.width:
                cut.append((str(column.label), str(cell)))
        cut += self.left_out.get(selected_key(self) or "", [])
        whole = self._whole_rows.get(selected_key(self) or "")
        if whole is not None:  # the columns too wide for the screen: their text, when there is some
            cut += [(heading, str(whole[n])) for n, (_, heading, _) in enumerate(self._keyed)
                    if n not in self._shown and n < len(whole) and str(whole[n]).strip() not in ("", "—")]
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
        room = available - used(shown) - 2 * padding
        if width[c.key] <= room:
            shown.append(c.key)
        elif c.cut_to is not None and room >= max(c.cut_to, display_width(c.heading)):
            width[c.key] = room  # cut narrower: all the room there is
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
        self.update(Text(" · ".join(whole if whole.startswith(label) else f"{label}{separator}{whole}"
                                    for label, whole in cut)))  # "连续未达成 2 期", not "连续未达成：连续未达成 2 期"
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
