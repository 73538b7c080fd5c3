"""The CSV writer: UTF-8 with BOM for Excel, one file per table, every text cell neutralised."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from datetime import date
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from core import rules
from core.i18n import text
from exports.cells import FORMULA_STARTS, neutralise
from exports.progress import ProgressCounter
from exports.tables import DATE, DURATION, GAP, INT, NUMBER, RATE, TEXT, Table, gc_paused


def _csv_text(value: str | None) -> str:
    return "" if value is None else neutralise(value)


def _csv_number(value: float | int | None) -> Any:
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _csv_rate(value: float | None) -> str:
    return "" if value is None else rules.format_rate(value, 1)


def _csv_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _csv_duration(value: float | None) -> str:
    """h:mm:ss, which Excel and LibreOffice read as a duration ("10:45" alone would be read as 10:45 am)."""
    if value is None:
        return ""
    whole = int(round(value))
    sign, whole = ("-", -whole) if whole < 0 else ("", whole)
    hours, rest = divmod(whole, 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"


_CSV_CELL: dict[str, Callable[[Any], Any]] = {
    TEXT: _csv_text, NUMBER: _csv_number, GAP: _csv_number, INT: _csv_number, RATE: _csv_rate,
    DATE: _csv_date, DURATION: _csv_duration,
}


# The cells of a text column are joined with a character no stored text holds (db and
# core.parse.display_safe drop control characters) and searched for it followed by a formula start: the
# regex engine finds the rare literal at memchr speed. A cell holding it may be searched in vain (it then
# goes the careful way); an empty cell can not look like a formula start, as a line break could.
_CELL_BREAK = "\x00"
_CELL_STARTS_FORMULA = re.compile(_CELL_BREAK + "[" + re.escape("".join(sorted(FORMULA_STARTS))) + "]")
_INT_OR_NONE, _DATE_OR_NONE = frozenset({int, type(None)}), frozenset({date, str, type(None)})


def _csv_text_column(values: Sequence[Any]) -> Sequence[Any]:
    # The common case, nothing to neutralise, is found by one search over the column's cells.
    try:
        joined = _CELL_BREAK.join(values)
    except TypeError:  # None (no text) among them
        joined = _CELL_BREAK.join(filter(None, values))
    if joined[:1] not in FORMULA_STARTS and _CELL_STARTS_FORMULA.search(joined) is None:
        return values
    return [v if v is None or v[:1] not in FORMULA_STARTS else "'" + v for v in values]


def _csv_number_column(values: Sequence[Any]) -> Sequence[Any]:
    if set(map(type, values)) <= _INT_OR_NONE:
        return values  # _csv_number leaves ints as they are; None is written as ""
    return [v if type(v) is int else _csv_number(v) for v in values]


def _csv_date_column(values: Sequence[Any]) -> Sequence[Any]:
    if set(map(type, values)) <= _DATE_OR_NONE:
        # csv.writer writes a date as str(date), which is its isoformat, ISO text (the streamed actions'
        # dates, see exports.tables.Table) as it is, and None as ""
        return values
    return [_csv_date(v) for v in values]


def _as_composed(values: Sequence[Any]) -> Sequence[Any]:
    return values  # a Table.composed column: text fupan wrote, which never starts a formula


_CSV_COLUMN: dict[str, Callable[[Sequence[Any]], Sequence[Any]]] = {
    TEXT: _csv_text_column, NUMBER: _csv_number_column, GAP: _csv_number_column, INT: _csv_number_column,
    RATE: lambda values: [_csv_rate(v) for v in values], DATE: _csv_date_column,
    DURATION: lambda values: [_csv_duration(v) for v in values],
}


_ORIGIN_MARK = "\x00"
"""Where a line's origin goes while csv.writer writes the rest: a character no stored text holds
(db and core.parse.display_safe drop control characters), found again with one split."""
_NEEDS_QUOTING = ('"', ",", "\r", "\n", _ORIGIN_MARK)


def _lines_with_origins(rows: Sequence[Sequence[Any]], origins: Sequence[str]) -> str:
    """The lines csv.writer writes for ``rows`` with each row's origin as a last cell, byte for byte.

    An origin (`exports.tables.origin_text`: "fupan1;12;in_progress;2026-11-01;2026-11-30;45") is fupan's
    own text, which never needs quoting, yet it is the longest cell of a row, and csv.writer looks at every
    character of every cell (for quotes, commas and line breaks): with it, writing 100,000 actions takes
    twice as long. So csv.writer writes the other cells, each line ending in a mark before its line break,
    and the origins are put in place of the marks by one split and one join. A cell holding the mark, or
    a line csv.writer writes differently when it is the line's last cell (one empty cell is written as
    '""'), and the rows go the plain way.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=_ORIGIN_MARK + "\r\n").writerows(rows)
    lines = buffer.getvalue()
    parts = lines.split(_ORIGIN_MARK)
    joined = "".join(origins)
    if (len(parts) != len(origins) + 1 or '""' + _ORIGIN_MARK in lines
            or any(c in joined for c in _NEEDS_QUOTING)):
        buffer = io.StringIO()
        csv.writer(buffer).writerows(map(chain, rows, zip(origins)))
        return buffer.getvalue()
    last = parts.pop()  # the line break after the last row's mark
    return "".join(chain.from_iterable(zip(parts, repeat(","), origins))) + last


@gc_paused()
def write_csv(table: Table, path: Path, counter: ProgressCounter | None = None) -> Path:
    """UTF-8 with BOM so Excel opens Chinese correctly; rates as "76.0%", which Excel reads as numbers.

    The table is written a piece at a time (streamed from the cursor for the actions): cells are
    converted a column at a time (the _CSV_CELL rules, applied without a call per cell), and each piece
    goes through csv.writer into memory and is encoded and written in one call.
    """
    converters = [_CSV_COLUMN[kind] if col not in table.composed else _as_composed
                  for col, kind in enumerate(table.kinds)]
    pieces = table.pieces()
    first = next(pieces, None)
    # The tracking sheet's origins: a last column of what each row was exported from.
    origins = first is not None and bool(first[1].origins)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer.writerow([neutralise(h) for h in table.columns] + ([text("origin", table.lang)] if origins else []))
        handle.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
        for _, piece in chain([first] if first else [], pieces):
            rows = piece.rows
            columns = list(zip(*rows))
            converted = [convert(column) for convert, column in zip(converters, columns)]
            changed = any(new is not old for new, old in zip(converted, columns))
            if origins:
                handle.write(_lines_with_origins(list(zip(*converted)) if changed else rows, piece.origins))
            else:
                writer.writerows(zip(*converted) if changed else rows)
                handle.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
            if counter:
                counter.advance(len(rows))
    return path
