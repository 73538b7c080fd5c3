"""Where a sheet's header row is and what each column means (long or wide layout), and reading the rows
under it with every problem collected rather than stopping at the first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.parse import Expected, ParseError, parse_number
from exports.headers import cell_text, field_of, wide_column
from exports.reading import Problem, Sheet, SheetError, read_sheet

HEADER_SCAN_ROWS = 10


@dataclass(slots=True)
class Layout:
    """Where the header is and what each column means."""

    header_index: int
    fields: dict[str, int]
    headers: list[str]
    wide: list[tuple[int, str, str]] = field(default_factory=list)  # (column, period, field)


def find_layout(sheet: Sheet, fields: dict[str, tuple[str, ...]], *, allow_wide: bool = False) -> Layout:
    """The header row is the first of the top rows that names the most known columns (a title row
    above it is skipped); raises with one problem when no row looks like a header."""
    best: tuple[int, int] | None = None
    for index, (_, cells) in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        score = sum(1 for c in cells if field_of(c, fields) or (allow_wide and wide_column(c)))
        if score >= 2 and (best is None or score > best[1]):
            best = (index, score)
    if not any(any(cell_text(c) for c in cells) for _, cells in sheet.rows):
        raise SheetError([Problem(sheet.name, None, None, None, "a header row and data: the file is empty")])
    if best is None:
        examples = [aliases[0] for aliases in fields.values()]
        raise SheetError([Problem(sheet.name, None, None, None,
                                  Expected("expected.header_row", rows=HEADER_SCAN_ROWS, examples=examples))])
    index = best[0]
    cells = sheet.rows[index][1]
    layout = Layout(index, {}, [cell_text(c) for c in cells])
    problems = []
    for col, cell in enumerate(cells):
        name = field_of(cell, fields)
        if name is not None:
            if name in layout.fields:
                first = layout.fields[name]
                problems.append(Problem(sheet.name, sheet.rows[index][0], lettered(col, cell_text(cell)), None,
                                        f"one column for {fields[name][0]}, but column "
                                        f"{lettered(first, layout.headers[first])} means the same: "
                                        f"rename or delete one of them"))
            else:
                layout.fields[name] = col
        elif allow_wide and (spec := wide_column(cell)):
            layout.wide.append((col, *spec))
    if problems:
        raise SheetError(problems)
    return layout


def column_letter(col: int) -> str:
    """Excel's name for a 0-based column: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def lettered(col: int, header: str) -> str:
    """A column as the user finds it, by letter and header: 'F (目标值)'. Two columns with one header
    are told apart."""
    return f"{column_letter(col)} ({header})" if header else column_letter(col)


def require_columns(sheet: Sheet, layout: Layout, names: Iterable[str],
             fields: dict[str, tuple[str, ...]]) -> list[Problem]:
    header_row = sheet.rows[layout.header_index][0]
    return [
        Problem(sheet.name, header_row, fields[name][0], None,
                f"a column headed {' / '.join(fields[name][:3])} (missing column)")
        for name in names if name not in layout.fields
    ]


def data_rows(sheet: Sheet, layout: Layout) -> Iterable[tuple[int, list[Any]]]:
    """Rows under the header, blank rows skipped."""
    for number, cells in sheet.rows[layout.header_index + 1:]:
        if any(c is not None and str(c).strip() for c in cells):
            yield number, cells


class RowReader:
    """Parses the cells of one sheet, collecting problems instead of stopping at the first."""

    def __init__(self, sheet: Sheet, layout: Layout) -> None:
        self.sheet, self.layout = sheet, layout
        self.problems: list[Problem] = []
        # Sheets repeat the same periods, units and often values: each distinct cell is parsed once.
        self._memo: dict[tuple[Any, type, Any], Any] = {}

    def cell(self, cells: list[Any], name: str) -> Any:
        col = self.layout.fields.get(name)
        return cells[col] if col is not None and col < len(cells) else None

    def problem(self, row: int, col: int | None, value: Any, expected: str) -> None:
        header = self.layout.headers[col] if col is not None else None
        if value is None and (ref := self.sheet.merged.get((row, col))):  # type: ignore[arg-type]
            expected += (f" in every row: this cell is covered by the merged cells {ref}, which hold it "
                         f"once — unmerge them and fill it into each row")
        self.problems.append(Problem(self.sheet.name, row, header, value, expected))

    def parse(self, row: int, col: int | None, value: Any, parser: Callable[[Any], Any]) -> Any:
        key = (parser, type(value), value)
        if key in self._memo:
            return self._memo[key]
        try:
            result = self._memo[key] = parser(value)
        except (ParseError, ValueError) as exc:
            expected = exc.expected if isinstance(exc, ParseError) else str(exc).split("expected ", 1)[-1]
            self.problem(row, col, value, expected)
            return None
        return result


def open_sheet(path: str | Path, sheet: str | None, fields: dict[str, tuple[str, ...]],
                required: list[str]) -> tuple[Sheet, Layout, RowReader]:
    """A sheet, its header row and a reader for its rows; raises if a required column is missing."""
    data = read_sheet(path, sheet)
    layout = find_layout(data, fields)
    missing = require_columns(data, layout, required, fields)
    if missing:
        raise SheetError(missing)
    return data, layout, RowReader(data, layout)


def whole_number(value: Any, expected: str, low: int, high: int) -> int | None:
    """A cell holding a whole number from ``low`` to ``high`` (blank → None); anything else, '十' or
    '0.5h' included, is a problem that says what was ``expected``."""
    typed = cell_text(value)
    if not typed:
        return None
    try:
        number = parse_number(typed)
    except ParseError:
        number = None
    if number is None or not number.is_integer() or not low <= number <= high:
        raise ParseError(value, expected)
    return int(number)
