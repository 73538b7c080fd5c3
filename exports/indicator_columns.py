"""The indicator import's reading of a sheet, column by column: the cells as one table (pandas reads
a CSV file; an XLSX sheet, or a CSV file pandas cannot read exactly as csv.reader does, comes from
exports.reading), each column's distinct cells parsed once with core.parse (plain decimals such as 500
or -1.25 converted over the whole column at C speed), names, attributes, periods and duplicates checked
on whole columns, and every problem listed with its row and column in the order a reader going row by
row meets them. exports/indicators.py decides what the values mean and writes them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.parse import MAX_NUMBER
from exports.headers import cell_text
from exports.layouts import HEADER_SCAN_ROWS
from exports.reading import CSV_SUFFIXES, Sheet, SheetError, csv_delimiter, decode_csv_bytes, read_sheet

if TYPE_CHECKING:
    from exports.indicators import _IndicatorSpec, _RowReader

# At most 30 integer digits: a longer number is core.parse's to refuse (above MAX_NUMBER, or inf).
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]+)?|\.[0-9]+)")


# A column of plain decimals and blanks, joined by line breaks: float() reads each cell as core.parse
# does once a cell ending in "." ("12.") and a number over MAX_NUMBER are ruled out (both tested).
_DECIMALS_ONLY = re.compile(r"[0-9.+\-\n]*")


def _plain_quantity(raw: str) -> float | None:
    """The value of a cell that is a plain ASCII decimal ("500", "-1.25"), else None.

    Such a cell means the same number in every unit: core.parse.parse_quantity returns float(raw) for
    it (no magnitude, no 元, no %, nothing to fold), so float() is the same rule, only faster.
    """
    return float(raw) if _PLAIN_DECIMAL.fullmatch(raw) else None


@dataclass(slots=True)
class Cells:
    """A sheet as one table: ``sheet`` has its top rows (the header is found there) and its merged
    cells; ``table`` is every row, padded with None, and ``numbers`` the row numbers Excel shows.
    ``exact`` says the cells are exports.reading's (else pandas read them, and a blank a short row
    lacks reads as "" rather than None: the same values, not always the same words in a problem)."""

    sheet: Sheet
    table: Any
    numbers: Any
    exact: bool

    def whole_sheet(self) -> Sheet:
        if len(self.sheet.rows) == len(self.table):
            return self.sheet
        return Sheet(self.sheet.name, list(zip(self.numbers.tolist(), self.table.tolist())), self.sheet.merged)


def sheet_cells(path: Path, sheet: str | None, *, exact: bool = False) -> Cells:
    """The cells of a sheet: a CSV file through pandas unless ``exact``, else exports.reading's rows."""
    import numpy as np

    if not exact and sheet is None and path.suffix.lower() in CSV_SUFFIXES:
        frame = _read_csv_frame(path)
        if frame is not None and not frame.empty:
            table = frame.to_numpy(dtype=object)
            head = Sheet(path.name, [(n, row) for n, row in enumerate(table[:HEADER_SCAN_ROWS].tolist(), start=1)])
            return Cells(head, table, np.arange(1, len(table) + 1), exact=False)
    data = read_sheet(path, sheet)
    table = np.empty((len(data.rows), max((len(cells) for _, cells in data.rows), default=0)), dtype=object)
    for i, (_, cells) in enumerate(data.rows):
        table[i, :len(cells)] = cells
    return Cells(data, table, np.array([n for n, _ in data.rows], dtype=np.int64), exact=True)


def _read_csv_frame(path: Path) -> Any:
    """The CSV file as a DataFrame of strings, one row per record (blank records kept, so row i is
    Excel's row i + 1), or None when pandas cannot read it the way csv.reader does (including a cell
    over csv's field size limit, which pandas reads and csv.reader rejects: exports.reading says where)."""
    import pandas as pd

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:  # UTF-8, the common case: pandas decodes the bytes itself, faster than from a str, and
        # faster as "utf-8" (its own decoder) than as "utf-8-sig" (Python's), so the BOM goes here
        content = data.decode("utf-8-sig")
        source, encoding = io.BytesIO(data[3:] if data.startswith(codecs.BOM_UTF8) else data), "utf-8"
    except UnicodeDecodeError:
        try:
            content = decode_csv_bytes(data)
        except UnicodeError:
            return None
        source, encoding = io.StringIO(content), None
    delimiter = csv_delimiter(content[:4096])
    options = dict(sep=delimiter, header=None, dtype=object, na_filter=False, keep_default_na=False,
                   skip_blank_lines=False, quotechar='"', doublequote=True, engine="c", encoding=encoding)
    if "\x00" in content:
        return None  # csv.reader refuses a NUL: exports.reading says where
    try:
        frame = pd.read_csv(source, **options)
    except pd.errors.EmptyDataError:
        return None
    except (ValueError, OverflowError) as exc:  # ParserError among them
        if not isinstance(exc, pd.errors.ParserError):
            return None
        # A row longer than the first one (a title row above the header): name enough columns.
        width = max(line.count(delimiter) for line in content.splitlines()) + 1
        source.seek(0)
        try:
            frame = pd.read_csv(source, names=range(width), **options)
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            return None
    if _longest_cell(data if encoding else content.encode("utf-8"), frame) > csv.field_size_limit():
        return None
    return frame


def _longest_cell(data: bytes, frame: Any) -> int:
    """An upper bound of the longest cell's length in characters: the longest line in bytes (UTF-8
    has at least one byte per character) when every line is one record (no cell holds a line break),
    found with numpy; else measured cell by cell."""
    import numpy as np

    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    records = len(breaks) + (not data.endswith(b"\n"))
    bare_cr = b"\r" in data and data.count(b"\r") != data.count(b"\r\n")  # (two counts of a 5 MB file: 7 ms)
    if not bare_cr and records == len(frame):  # \n or \r\n endings
        return int(np.diff(breaks, prepend=-1, append=len(data)).max())
    return max((max(map(len, frame[column].to_numpy()), default=0) for column in frame.columns), default=0)


def _factorize(values: Any, text: bool = False) -> tuple[Any, list[Any]]:
    """(a code per cell, the distinct cells): a column of text only (``text``: every cell a str, as
    pandas reads a CSV file) hashed by pandas; a column of typed cells (XLSX, or blanks as None) by type
    and value, so that 1, 1.0 and True stay apart as core.parse reads them apart."""
    import numpy as np
    import pandas as pd

    if text:
        codes, uniques = pd.factorize(values)
        return codes, list(uniques)
    index: dict[tuple[type, Any], int] = {}
    codes = np.fromiter((index.setdefault((type(v), v), len(index)) for v in values.tolist()), np.int64,
                        len(values))
    return codes, [v for _, v in index]


def _combine_codes(*codes: Any) -> Any:
    """One code per distinct tuple of codes (kept small by refactorising after each column)."""
    import pandas as pd

    key = codes[0]
    for more in codes[1:]:
        key, _ = pd.factorize(key.astype("int64") * (int(more.max(initial=0)) + 1) + more)
    return key


def _mapped(values: Any, fn: Callable[[Any], Any], text: bool) -> tuple[Any, Any, Any]:
    """fn of every cell, calling fn once per distinct cell: (array per cell, codes, array per distinct
    cell)."""
    import numpy as np

    codes, uniques = _factorize(values, text)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(u) for u in uniques]
    return mapped[codes], codes, mapped


def _codes_of(distinct: Any, codes: Any) -> Any:
    """Codes of mapped cells (a name as folded, a period as parsed) from the codes of the cells and
    the distinct cells' values: " 张伟" and "张伟", or 7月 and M07, get one code."""
    import pandas as pd

    return pd.factorize(distinct)[0][codes]


# --- the values of the sheet ---------------------------------------------------------------------------


@dataclass(slots=True)
class SheetValues:
    """What the rows under the header give, in sheet order (row, then period as the header orders
    them): value i is (presenters[i], names[i], periods[i]) with columns[j][i] for value_fields[j]."""

    specs: dict[str, _IndicatorSpec]
    numbers: list[int]
    presenters: list[str]
    names: list[str]
    periods: list[str]
    value_fields: list[str]
    columns: list[list[Any]]


def sheet_values(reader: _RowReader, cells: Cells, is_wide: bool, names_on_agenda: dict[str, str],
                 units_stored: dict[str, str]) -> SheetValues:
    """The values of an indicator sheet whose header and columns are checked, or SheetError with every
    problem of its rows: a presenter not on the agenda (``names_on_agenda``: folded name → name), a
    missing name, attributes contradicting an earlier row, a cell that is not a period or a number, a
    presenter, indicator and period given twice. Values are read in their indicator's unit as the whole
    sheet gives it, else as stored (``units_stored``), so a unit typed on a later row counts for all.

    Problems are collected column by column and phase by phase, each in row order, then sorted by row
    (stably): the order of a reader going row by row (names, attributes, period, values, duplicate)."""
    import numpy as np
    import pandas as pd

    from exports.indicators import _check_names, _indicator_spec, _name_cell, _period, _presenter_cell

    layout = reader.layout
    fields = layout.fields
    first = layout.header_index + 1
    table, numbers = cells.table[first:], cells.numbers[first:]
    if table.shape[1] < len(layout.headers):
        table = np.hstack([table, np.full((len(table), len(layout.headers) - table.shape[1]), None, dtype=object)])
    agenda = list(names_on_agenda.values())
    on_agenda = set(agenda)
    text = not cells.exact or set(map(type, table.ravel().tolist())) <= {str}  # pandas reads text only

    # Names: a presenter on the agenda and an indicator name; else a blank row (skipped) or a problem,
    # and a row with a name is still read for the problems of its attributes and values.
    presenters, presenter_codes, distinct = _mapped(table[:, fields["presenter"]],
                                                    lambda cell: _presenter_cell(cell, names_on_agenda), text)
    good = np.array([bool(p) and p in on_agenda for p in distinct], dtype=bool)[presenter_codes]
    presenter_codes = _codes_of(distinct, presenter_codes)  # of the names as folded
    names, raw_name_codes, distinct_names = _mapped(table[:, fields["indicator"]], _name_cell, text)
    good &= np.array([n != "" for n in distinct_names], dtype=bool)[raw_name_codes]
    name_codes = _codes_of(distinct_names, raw_name_codes)  # of the names as trimmed
    named = good.copy()
    for i in np.flatnonzero(~good).tolist():
        if not any(cell_text(c) for c in table[i].tolist()):
            continue  # a blank row
        _check_names(reader, int(numbers[i]), presenters[i], names[i], agenda)
        named[i] = names[i] != ""
    rows = np.flatnonzero(named)
    table, numbers, presenters, names, good = table[rows], numbers[rows], presenters[rows], names[rows], good[rows]
    name_codes, raw_name_codes, presenter_codes = name_codes[rows], raw_name_codes[rows], presenter_codes[rows]

    # Attributes: each distinct (name, attribute cells) once, at its first row.
    specs: dict[str, _IndicatorSpec] = {}
    spec_cols = [fields[a] for a in ("category", "unit", "direction", "aggregation") if a in fields]
    if len(rows):
        key = _combine_codes(raw_name_codes, *(_factorize(table[:, c], text)[0] for c in spec_cols))
        for i in np.flatnonzero(~pd.Series(key).duplicated().to_numpy()).tolist():  # first rows, in order
            _indicator_spec(reader, int(numbers[i]), table[i].tolist(), names[i], specs)
    unit_of = {n: spec.unit if spec.unit is not None else units_stored.get(n, "") for n, spec in specs.items()}
    units = np.array([unit_of.get(n, "") for n in distinct_names], dtype=object)[raw_name_codes]

    # Periods and values, each column once; (row, period) pairs in sheet order.
    if is_wide:
        period_order = list(dict.fromkeys(period for _, period, _ in layout.wide))
        value_fields = sorted({f for _, _, f in layout.wide}, key=("target", "actual", "last_year", "benchmark").index)
        parsed = {(period, f): _quantities(reader, table[:, col], units, numbers, col, text)
                  for col, period, f in layout.wide}
        blocks = []
        for k, period in enumerate(period_order):
            mine = [column for (p, _), column in parsed.items() if p == period]
            filled = good & np.logical_or.reduce([pd.notna(column) for column in mine])
            blocks.append((np.flatnonzero(filled), k))
        pos = np.concatenate([b for b, _ in blocks]) if blocks else np.empty(0, np.int64)
        which = np.concatenate([np.full(len(b), k) for b, k in blocks]) if blocks else np.empty(0, np.int64)
        order = np.lexsort((which, pos))
        pos, which = pos[order], which[order]
        periods = np.array(period_order, dtype=object)[which] if len(which) else np.empty(0, object)
        period_codes = which
        columns = []
        for f in value_fields:
            column = np.full(len(pos), None, dtype=object)
            for k, period in enumerate(period_order):
                if (period, f) in parsed:
                    at = which == k
                    column[at] = parsed[period, f][pos[at]]
            columns.append(column)
    else:
        col = fields["period"]
        period_of, period_ok, period_codes = _parsed_column(reader, table[:, col], numbers, col, _period, text)
        parsed = {f: _quantities(reader, table[:, fields[f]], units, numbers, fields[f], text)
                  for f in reader.value_columns}
        filled = np.logical_or.reduce([pd.notna(column) for column in parsed.values()])  # None: blank
        pos = np.flatnonzero(good & period_ok & filled)
        periods = period_of[pos]
        value_fields = [*reader.value_columns, *(["note"] if "note" in fields else [])]
        period_codes = period_codes[pos]
        columns = [parsed[f][pos] if f != "note" else _mapped(table[pos, fields["note"]], cell_text, text)[0]
                   for f in value_fields]
    presenters, names, numbers = presenters[pos], names[pos], numbers[pos]
    presenter_codes, name_codes = presenter_codes[pos], name_codes[pos]

    # One row per presenter, indicator and period (7月 and M07 are one period).
    if len(pos):
        key = _combine_codes(presenter_codes, name_codes, period_codes)
        twice = pd.Series(key).duplicated().to_numpy()
        if twice.any():
            _, firsts = np.unique(key, return_index=True)
            first_row = dict(zip(key[firsts].tolist(), numbers[firsts].tolist()))
            for i in np.flatnonzero(twice).tolist():
                reader.problem(int(numbers[i]), None, f"{presenters[i]} / {names[i]} / {periods[i]}",
                               f"one row per presenter, indicator and period (also on row {first_row[key[i]]})")
    if reader.problems:
        reader.problems.sort(key=lambda p: p.row)  # stable: each phase in row order, phases in row order
        raise SheetError(reader.problems)
    return SheetValues(specs, numbers.tolist(), presenters.tolist(), names.tolist(), periods.tolist(),
                       value_fields, [column.tolist() for column in columns])


def _parsed_column(reader: _RowReader, raw: Any, numbers: Any, col: int, parser: Callable[[Any], Any],
                   text: bool) -> tuple[Any, Any, Any]:
    """parser of every cell, once per distinct cell: (values, ok, a code per distinct value); each cell
    it refuses is a problem."""
    import numpy as np

    codes, uniques = _factorize(raw, text)
    values = np.empty(len(uniques), dtype=object)
    ok = np.ones(len(uniques), dtype=bool)
    for u, cell in enumerate(uniques):
        try:
            values[u] = parser(cell)
        except ValueError:
            values[u], ok[u] = None, False
    value_codes = _codes_of(values, codes)
    ok = ok[codes]
    for i in np.flatnonzero(~ok).tolist():
        reader.parse(int(numbers[i]), col, raw[i], parser)  # the problem, worded as the reader words it
    return values[codes], ok, value_codes


_REFUSED = object()  # a cell core.parse refuses (a problem)


def _quantities(reader: _RowReader, raw: Any, units: Any, numbers: Any, col: int, text: bool) -> Any:
    """parse_quantity of every cell in its row's unit (None for a cell it refuses, which is a problem):
    a column of plain decimals with one regex over the whole column and float(), else plain decimals
    with a regex match and a float per cell (both at C speed), each distinct (cell, unit) pair of the
    others once through core.parse."""
    import numpy as np

    cells = raw.tolist()
    out = np.empty(len(cells), dtype=object)
    other = np.ones(len(cells), dtype=bool)
    if text:
        filled = list(map(bool, cells))
        joined = "\n".join(cells) + "\n"
        if _DECIMALS_ONLY.fullmatch(joined) and ".\n" not in joined:  # the whole column at once
            try:
                numbers_ = list(map(float, compress(cells, filled)))
            except ValueError:  # "1.2.3", "+-1", "-": core.parse says why
                numbers_ = None
            if numbers_ is not None and max(map(abs, numbers_), default=0) <= MAX_NUMBER:
                out[np.array(filled, dtype=bool)] = numbers_
                other[:] = False  # and a blank is None, as core.parse reads it
        if other.all():
            plain = list(map(bool, map(_PLAIN_DECIMAL.fullmatch, cells)))
            is_plain = np.array(plain, dtype=bool)
            out[is_plain] = list(map(float, compress(cells, plain)))
            other = ~is_plain
    if other.any():
        codes, uniques = _factorize(raw[other], text)
        unit_codes, unit_list = _factorize(units[other], True)
        pair = _combine_codes(codes, unit_codes)
        pair_uniques, first = np.unique(pair, return_index=True)
        parsers = [reader.quantity_parser(unit) for unit in unit_list]

        def quantity(c: int, u: int) -> Any:
            try:
                return parsers[u](uniques[c])
            except ValueError:
                return _REFUSED

        parsed = np.empty(len(pair_uniques), dtype=object)
        parsed[:] = list(map(quantity, codes[first].tolist(), unit_codes[first].tolist()))
        failed = parsed == _REFUSED
        parsed[failed] = None
        at = np.searchsorted(pair_uniques, pair)
        out[other] = parsed[at]
        if failed.any():
            rows = np.flatnonzero(other)[failed[at]]
            for i in rows.tolist():
                reader.parse(int(numbers[i]), col, raw[i], reader.quantity_parser(units[i]))
    return out
