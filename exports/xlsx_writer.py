"""The XLSX writer: one sheet per table, typed cells (text never runs), print setup and live colours."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from core import rules
from core.i18n import Lang, label, text
from core.model import ActionStatus
from exports.progress import ProgressCounter
from exports.tables import (
    DATE,
    DUE_SOON,
    DURATION,
    GAP,
    INT,
    NUMBER,
    OVERDUE,
    RATE,
    SHORTFALL,
    TEXT,
    UNDER_COVERED,
    Table,
    gc_paused,
)
from exports.widths import LINE_HEIGHT, MAX_ROW_LINES, column_widths, rows_lines, wrap_lines

_MARK_COLOURS = {
    "shortfall": ("#FFC7CE", "#9C0006"),
    "overdue": ("#FFC7CE", "#9C0006"),
    "overrun": ("#FFC7CE", "#9C0006"),
    "under_covered": ("#FFEB9C", "#9C5700"),
    "due_soon": ("#FFEB9C", "#9C5700"),
    "unverified": ("#FFEB9C", "#9C5700"),
}
_NUM_FORMATS = {RATE: "0.0%", DATE: "yyyy-mm-dd", NUMBER: None, GAP: None, INT: None, TEXT: None,
                DURATION: "[m]:ss"}
SECONDS_PER_DAY = 86400


def sheet_name(title: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


@gc_paused()
def write_xlsx(tables: Sequence[Table], path: Path, counter: ProgressCounter | None = None, *,
               title: str = "", lang: Lang = "zh", charts: Sequence[Any] = ()) -> Path:
    """One sheet per table, ready to read on screen and to print: bold frozen header, autofilter,
    CJK-aware widths, wrapped text, landscape A4 one page wide with the header row on every page, live
    colours (conditional formats) and drop-downs where owners edit. ``charts`` (exports.charts.Chart)
    go on a sheet of their own, first, as directors read the pictures first."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    try:
        formats = _XlsxFormats(workbook)
        used: set[str] = set()
        if charts:
            from exports.charts import write_chart_sheet

            name = sheet_name(text("charts", lang), used)
            write_chart_sheet(workbook, workbook.add_worksheet(name), charts, name, formats.header)
        for table in tables:
            sheet = workbook.add_worksheet(sheet_name(table.title, used))
            _page_setup(sheet, table, title, lang)
            written = _write_sheet(sheet, table, formats, counter)
            _live_rules(sheet, table, written, formats, lang)
    finally:
        try:
            workbook.close()  # the file is created here
        except xlsxwriter.exceptions.FileCreateError as exc:  # a folder, a missing or read-only place
            raise OSError(text("export.cannot_write", lang).format(path=path, error=exc.__context__ or exc)) from exc
    return path


def _header_text(value: str) -> str:
    """Text inside an Excel page header: `&` starts a code there, so it is doubled; Excel allows 255."""
    return " ".join(value.split()).replace("&", "&&")[:100]


def _page_setup(sheet: Any, table: Table, title: str, lang: Lang) -> None:
    """Landscape A4, one page wide (as many pages tall as it takes), the header row on every page, the
    meeting's title at the top of each page and "page n of N" at the bottom."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.hide_gridlines(0)  # print the grid: a sheet on paper needs its cell borders
    left = _header_text(title or table.title)
    sheet.set_header(f'&L&"-,Bold"{left}&R{_header_text(table.title)}', {"margin": 0.25})
    sheet.set_footer("&C" + text("xlsx.page_footer", lang), {"margin": 0.25})


class _XlsxFormats:
    """xlsxwriter formats created once per (column kind, mark), as Excel limits their number."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1,
                                           "text_wrap": True, "valign": "top"})
        self._cache: dict[tuple[str, str | None], Any] = {}
        self._marks: dict[str, Any] = {}

    def get(self, kind: str, mark: str | None = None) -> Any:
        key = (kind, mark)
        if key not in self._cache:
            props: dict[str, Any] = {"valign": "top"}
            if kind == TEXT:
                props["text_wrap"] = True
            if _NUM_FORMATS[kind]:
                props["num_format"] = _NUM_FORMATS[kind]
            if mark in _MARK_COLOURS:
                props["bg_color"], props["font_color"] = _MARK_COLOURS[mark]
            self._cache[key] = self.workbook.add_format(props)
        return self._cache[key]

    def mark(self, mark: str) -> Any:
        """The colours of a mark alone, for a conditional format (it keeps the cell's number format)."""
        if mark not in self._marks:
            fill, font = _MARK_COLOURS[mark]
            self._marks[mark] = self.workbook.add_format({"bg_color": fill, "font_color": font})
        return self._marks[mark]


# Marks that follow the owner's edits in the XLSX (conditional formats, see _live_rules) instead of being
# painted on the cell, per table: a fixed red fill would stay after an action is marked done.
LIVE_MARKS: dict[str, frozenset[str]] = {
    "actions": frozenset({OVERDUE, DUE_SOON}),
    "indicators": frozenset({SHORTFALL}),
    "key_work": frozenset({SHORTFALL}),
    "catchup": frozenset({UNDER_COVERED}),
}


def _write_sheet(sheet: Any, table: Table, formats: _XlsxFormats, counter: ProgressCounter | None) -> int:
    """The header and the rows, a piece at a time (streamed from the cursor for the actions); returns
    how many rows were written. Widths come from the first piece (a sample, see column_widths)."""
    pieces = table.pieces()
    first = next(pieces, (0, table))
    widths = column_widths(first[1])
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    origins, origin_col = first[1].origins, len(table.columns)
    if origins:  # hidden, inside the autofilter: sorting or filtering moves it with its row
        sheet.set_column(origin_col, origin_col, len(origins[0]) + 2, None, {"hidden": True})
    sheet.freeze_panes(1, 0)
    header_lines = max(wrap_lines(h, w) for h, w in zip(table.columns, widths))
    if header_lines > 1:
        sheet.set_row(0, LINE_HEIGHT * header_lines)
    for col, header in enumerate(table.columns):
        sheet.write_string(0, col, header, formats.header)
    if origins:
        sheet.write_string(0, origin_col, text("origin", table.lang), formats.header)
    writers = [_cell_writer(sheet, kind) for kind in table.kinds]
    plain = [formats.get(kind) for kind in table.kinds]
    live = LIVE_MARKS.get(table.key, frozenset())
    columns = list(enumerate(zip(writers, plain)))
    text_cols = [(col, widths[col]) for col, kind in enumerate(table.kinds) if kind == TEXT]
    write_origin = _typed_write(sheet, "write_string")
    written = 0
    for start, piece in chain([first], pieces):
        marked_rows = {row for (row, _), mark in piece.marks.items() if mark not in live}
        # Text is written when not empty, and a text column empty throughout the piece (备注, often
        # 最近更新) not visited at all; other values when not missing.
        texts = [(col, write, fmt) for col, (write, fmt) in columns
                 if table.kinds[col] == TEXT and any(map(itemgetter(col), piece.rows))]
        others = [(col, write, fmt) for col, (write, fmt) in columns if table.kinds[col] != TEXT]
        for index, (row, lines) in enumerate(zip(piece.rows, rows_lines(piece.rows, text_cols))):
            excel_row = start + index + 1
            if lines > 1:
                sheet.set_row(excel_row, LINE_HEIGHT * min(lines, MAX_ROW_LINES))
            if origins:
                write_origin(excel_row, origin_col, piece.origins[index])
            if index in marked_rows:
                _write_marked_row(sheet, piece, index, excel_row, row, writers, formats, live)
                continue
            for col, write, fmt in texts:
                if value := row[col]:
                    write(excel_row, col, value, fmt)
            for col, write, fmt in others:
                value = row[col]
                if value is not None and value != "":
                    write(excel_row, col, value, fmt)
        written += len(piece.rows)
        if counter:
            counter.advance(len(piece.rows))
    sheet.autofilter(0, 0, max(written, 1), len(table.columns) - (0 if origins else 1))
    return written


def _write_marked_row(sheet: Any, piece: Table, index: int, excel_row: int, row: Sequence[Any],
                      writers: Sequence[Callable[..., Any]], formats: _XlsxFormats,
                      live: frozenset[str] = frozenset()) -> None:
    for col, (value, kind) in enumerate(zip(row, piece.kinds)):
        mark = piece.marks.get((index, col))
        if mark in live:
            mark = None
        fmt = formats.get(kind, mark)
        if value is None or value == "":
            if mark is not None:
                sheet.write_blank(excel_row, col, None, fmt)
            continue
        writers[col](excel_row, col, value, fmt)


class _ExcelDays(dict):
    """date (or its ISO text: a streamed table's) → Excel's serial day number (1900 system, with its
    phantom 29 February 1900), once per day: what xlsxwriter's write_datetime stores for a date, without
    converting each cell again."""

    def __missing__(self, key: date | str) -> int:
        day = date.fromisoformat(key) if isinstance(key, str) else key
        serial = self[key] = (day - _EXCEL_DAY_ZERO).days + (day >= _EXCEL_LEAP_BUG)
        return serial


_EXCEL_DAY_ZERO, _EXCEL_LEAP_BUG = date(1899, 12, 31), date(1900, 3, 1)


def _typed_write(sheet: Any, name: str) -> Callable[..., Any]:
    """xlsxwriter's ``write_string`` / ``write_number`` without the decorator around the public method,
    which only turns "A1" notation into (row, col) and costs two Python calls per cell (~0.4 s of an
    export of 100,000 actions): the method it calls, with the same arguments (the public one if an
    xlsxwriter version has no such method)."""
    return getattr(sheet, "_" + name, None) or getattr(sheet, name)


def _cell_writer(sheet: Any, kind: str) -> Callable[..., Any]:
    """The typed xlsxwriter call for a column: text is always write_string, so it never runs."""
    if kind == TEXT:
        return _typed_write(sheet, "write_string")
    write_number = _typed_write(sheet, "write_number")
    if kind == DATE:  # a date is a number of days shown in a date format
        days = _ExcelDays()
        return lambda row, col, day, fmt: write_number(row, col, days[day], fmt)
    if kind == DURATION:  # a spreadsheet time is a fraction of a day
        return lambda row, col, seconds, fmt: write_number(row, col, seconds / SECONDS_PER_DAY, fmt)
    return write_number


def _excel_text(value: str) -> str:
    """A string literal inside an Excel formula."""
    return '"' + value.replace('"', '""') + '"'


def _live_rules(sheet: Any, table: Table, last: int, formats: _XlsxFormats, lang: Lang) -> None:
    """Conditional formats for the marks in LIVE_MARKS, and the tracking sheet's drop-down and date
    checks, over the table's rows. The formulas restate core.rules for the spreadsheet: overdue is an
    open action whose due day has passed (rules.is_overdue), due soon is within rules.DUE_SOON_DAYS,
    a shortfall is a positive gap (rules.gap), a catch-up plan under 100 % is under covered. ``last``:
    the table's last row (as many rows as were written)."""
    from xlsxwriter.utility import xl_col_to_name

    if last == 0:
        return
    col = {kind: i for i, kind in enumerate(table.columns)}

    def ref(header_key: str) -> str:
        return f"${xl_col_to_name(col[text(header_key, lang)])}2"

    def paint(mark: str, columns: Iterable[int], formula: str) -> None:
        for c in columns:
            sheet.conditional_format(1, c, last, c, {"type": "formula", "criteria": formula,
                                                    "format": formats.mark(mark), "stop_if_true": True})

    if table.key == "actions":
        status, due = ref("action_status"), ref("due")
        closed = ",".join(f"{status}<>{_excel_text(label(s, lang))}" for s in ActionStatus if s.closed)
        status_col, due_col, start_col = (col[text(k, lang)] for k in ("action_status", "due", "start"))
        paint(OVERDUE, (status_col, due_col), f"=AND(ISNUMBER({due}),{due}<TODAY(),{closed})")
        paint(DUE_SOON, (due_col,),
              f"=AND(ISNUMBER({due}),{due}>=TODAY(),{due}-TODAY()<={rules.DUE_SOON_DAYS},{closed})")
        choices = [label(s, lang) for s in ActionStatus]
        sheet.data_validation(1, status_col, last, status_col, {
            "validate": "list", "source": choices, "error_type": "stop",
            "error_title": text("action_status", lang),
            "error_message": text("xlsx.status_expected", lang).format(choices=" / ".join(choices))[:255],
        })
        for c in (start_col, due_col):
            sheet.data_validation(1, c, last, c, {
                "validate": "date", "criteria": "between", "minimum": date(2000, 1, 1),
                "maximum": date(2099, 12, 31), "error_type": "stop", "error_title": table.columns[c],
                "error_message": text("xlsx.date_expected", lang),
            })
    elif table.key == "indicators":
        rates = [col[text(k, lang)] for k in ("achievement", "gap", "gap_rate")]
        paint(SHORTFALL, rates, f"=AND(ISNUMBER({ref('gap')}),{ref('gap')}>0)")
    elif table.key == "key_work":
        paint(SHORTFALL, (col[text("kw_met", lang)],), f"={ref('kw_met')}={_excel_text(text('not_met', lang))}")
    elif table.key == "catchup":
        coverage = ref("coverage")
        paint(UNDER_COVERED, (col[text("coverage", lang)],), f"=AND(ISNUMBER({coverage}),{coverage}<1)")
