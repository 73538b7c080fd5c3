"""Column widths and row heights for the XLSX: CJK-aware, from a sample of the rows."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from core.width import display_width
from exports.tables import DATE, DURATION, RATE, TEXT, Table

WIDTH_SAMPLE_ROWS = 2000
MIN_WIDTH, MAX_WIDTH = 6, 60
# On paper a long text column wraps at this width instead of widening the sheet: with the sheet fitted
# to one A4 page wide, a 60-character column would shrink every other column's print to a squint.
WRAP_WIDTH = 24
NOTE_WIDTH = 14  # the empty 备注 column: room for an owner's handwriting on the printout
LINE_HEIGHT = 16.0  # points per wrapped line (CJK glyphs in the fallback font are taller than Calibri's)
MAX_ROW_LINES = 24  # Excel's row limit is 409 points; a longer cell scrolls rather than taking a page


def _cell_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == TEXT:
        return max((display_width(line) for line in value.split("\n")), default=0)
    if kind == DATE:
        return 10
    if kind == RATE:
        return 7
    if kind == DURATION:
        return 8
    return len(f"{value:,.2f}")


def column_widths(table: Table) -> list[int]:
    """Widths from the header and the first rows: a sample, so 100,000 rows are not measured twice.

    A text column is at most WRAP_WIDTH wide (its cells wrap, see wrap_lines); a header wider than its
    values wraps too rather than widening the column."""
    widths = [0] * len(table.columns)
    for row in table.rows[:WIDTH_SAMPLE_ROWS]:
        for col, (value, kind) in enumerate(zip(row, table.kinds)):
            widths[col] = max(widths[col], _cell_width(value, kind))
    result = []
    for width, header, kind in zip(widths, table.columns, table.kinds):
        head = display_width(header)
        if kind == TEXT:
            if width == 0 and head <= NOTE_WIDTH:  # an empty column for owners to fill in
                width = NOTE_WIDTH
            width = min(max(width, min(head, WRAP_WIDTH)), WRAP_WIDTH)
        else:
            width = max(width, min(head, 10))
        result.append(min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
    return result


def wrap_lines(value: str, width: int) -> int:
    """Lines a text takes when wrapped in a column ``width`` characters wide (CJK counted twice)."""
    usable = max(width - 1, 1)
    if "\n" not in value:
        return max(1, -(-display_width(value) // usable))
    return sum(max(1, -(-display_width(line) // usable)) for line in value.split("\n"))


def rows_lines(rows: Sequence[Sequence[Any]], text_cols: Sequence[tuple[int, int]]) -> list[int]:
    """The most lines any text cell of each row wraps to, a column at a time: a column whose cells all
    fit one line is not measured, and a cell repeated in its column (an owner, a status) only once."""
    counts = []
    for col, width in text_cols:
        values = list(map(itemgetter(col), rows))
        present = list(filter(None, values))
        if not present or (max(map(len, present)) * 2 < width - 1 and "\n" not in "".join(present)):
            continue  # a character is at most two columns wide: every cell fits on one line
        counts.append(list(map(_LineCounts(width).__getitem__, values)))
    if not counts:
        return [1] * len(rows)
    return counts[0] if len(counts) == 1 else list(map(max, *counts))


class _LineCounts(dict):
    """Cell text → wrap_lines in a column ``width`` wide, measured once per distinct text."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def __missing__(self, value: str | None) -> int:
        lines = self[value] = wrap_lines(value, self.width) if value else 1
        return lines
