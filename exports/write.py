"""Writing the tables out: CSV, XLSX, Markdown, and the review report (复盘报告) in Markdown and HTML.

Two promises hold for every format: no cell is ever executed by a spreadsheet (text that a spreadsheet
would read as a formula is neutralised in CSV and written as a plain string in XLSX), and numbers stay
numbers. xlsxwriter and tabulate are imported inside the functions that use them, so importing this
module costs nothing at app start-up.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import rules
from core.files import export_file_name
from core.i18n import Lang, label, text
from core.model import ActionStatus
from core.parse import display_safe, period_label, period_text, period_year
from core.timer import format_duration, slot_timing
from core.width import display_width
from db import queries
from exports.charts import chart_svg, meeting_charts
from exports.tables import (
    DATE,
    DUE_SOON,
    DURATION,
    GAP,
    INT,
    NUMBER,
    OVERDUE,
    RATE,
    REPORT_TABLE_KEYS,
    SHORTFALL,
    TEXT,
    UNDER_COVERED,
    Table,
    action_rows_table,
    ask_standard_text,
    collect,
    gc_paused,
    movement_summary,
)

if TYPE_CHECKING:  # sqlite_utils must load through `db` (which keeps pandas out of start-up)
    from sqlite_utils import Database

FORMATS: tuple[str, ...] = ("csv", "xlsx", "md", "html", "report")
ACTION_FORMATS: tuple[str, ...] = ("csv", "xlsx", "md")

# What a spreadsheet may take for the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r\n")

Progress = Callable[[int, int], None]
"""Called as progress(rows_written, rows_total) while a large export runs."""

PROGRESS_STEP = 5000


def neutralise(value: str) -> str:
    """Text a spreadsheet would evaluate gets a leading apostrophe, which Excel and WPS show as text."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


# --- entry points ---------------------------------------------------------------------------------


@gc_paused()
def export_meeting(
    db: Database,
    meeting_id: int,
    fmt: str,
    out: str | Path,
    *,
    lang: Lang,
    today: date,
    tables: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> list[Path]:

    """Write a meeting's tables (all, or the keys in ``tables``) and return the files written.

    ``out`` is a directory for CSV (one file per table); for the other formats a file path, or a
    directory in which a file named after the meeting is created.
    """
    if fmt not in FORMATS:
        raise ValueError(text("export.unknown_format", lang).format(format=repr(fmt), choices=", ".join(FORMATS)))
    meeting = queries.get_meeting(db, meeting_id)
    whole = tables is None
    report = fmt in ("report", "html")
    collected = collect(db, meeting_id, lang, today, REPORT_TABLE_KEYS if whole and report else tables)
    charts = meeting_charts(db, meeting_id, lang, today) if whole and fmt in ("report", "html", "xlsx") else []
    if fmt in ("report", "html"):
        slots = queries.slots_for(db, meeting_id)
        moved = queries.movements_for(db, meeting) if whole else None
        blocks = report_blocks(meeting, collected, lang, today, slots, charts, moved)
        name = export_file_name(meeting.title, text("report", lang), ".md" if fmt == "report" else ".html")
        if fmt == "report":
            return [_write_text(_target(out, name, lang), render_markdown(blocks))]
        return [_write_text(_target(out, name, lang),
                            render_html(blocks, f"{text('report', lang)}：{meeting.title}", lang))]
    return write_tables(collected, fmt, out, title=meeting.title, progress=progress, lang=lang, charts=charts)


@gc_paused()
def export_actions(
    db: Database,
    out: str | Path,
    fmt: str,
    *,
    lang: Lang,
    today: date,
    owner: str | None = None,
    statuses: Iterable[ActionStatus] | None = None,
    meeting_id: int | None = None,
    overdue: bool = False,
    progress: Progress | None = None,
    due_soon: int | None = None,
) -> list[Path]:
    """The cross-meeting tracking sheet (the tracking screen's filters), as CSV, XLSX or Markdown."""
    if fmt not in ACTION_FORMATS:
        raise ValueError(text("export.unknown_format", lang).format(format=repr(fmt),
                                                                    choices=", ".join(ACTION_FORMATS)))
    table = actions_tracking_table(db, lang=lang, today=today, owner=owner, statuses=statuses,
                                   meeting_id=meeting_id, overdue=overdue, due_soon=due_soon)
    return write_tables([table], fmt, out, title=table.title, progress=progress, lang=lang, named_by_title=False)


def actions_tracking_table(
    db: Database, *, lang: Lang, today: date, owner: str | None = None,
    statuses: Iterable[ActionStatus] | None = None, meeting_id: int | None = None, overdue: bool = False,
    due_soon: int | None = None,
) -> Table:
    """Actions across meetings, filtered like the tracking screen, with their meeting's title; with
    ``due_soon``, only the open ones due today or within that many days."""
    rows = queries.action_rows_for_export(
        db, meeting_id=meeting_id, owner=owner, statuses=statuses, overdue_on=today if overdue else None,
        by_due=True, due_soon_on=today if due_soon is not None else None,
        due_soon_days=due_soon if due_soon is not None else 0)
    titles = {listing.meeting.id: listing.meeting.title for listing in queries.list_meetings(db)}
    updates = queries.latest_updates(db) if rows else {}
    return action_rows_table(rows, updates, lang, today, meeting_titles=titles)


def write_tables(
    tables: Sequence[Table], fmt: str, out: str | Path, *, title: str = "",
    progress: Progress | None = None, lang: Lang = "zh", charts: Sequence[Any] = (), named_by_title: bool = True,
) -> list[Path]:
    """Write already collected tables as csv, xlsx or md.

    Files made in a folder are named by `core.files.export_file_name`: ``title`` (the meeting's, unless
    ``named_by_title`` is false) and the table's name, or 复盘表 / Review tables for several in one file.
    """
    counter = _Counter(sum(len(t.rows) for t in tables), progress)
    head = title if named_by_title else ""
    part = tables[0].title if len(tables) == 1 else text("file.review_tables", lang)
    if fmt == "csv":
        if len(tables) == 1:  # one table: `out` may name the file itself
            return [write_csv(tables[0], _target(out, export_file_name(head, part, ".csv"), lang), counter)]
        folder = _folder(out, text("export.csv_files", lang).format(count=len(tables)), lang)
        return [write_csv(t, folder / export_file_name(head, t.title, ".csv"), counter) for t in tables]
    if fmt == "xlsx":
        return [write_xlsx(tables, _target(out, export_file_name(head, part, ".xlsx"), lang), counter, title=title,
                           lang=lang, charts=charts)]
    if fmt == "md":
        return [_write_text(_target(out, export_file_name(head, part, ".md"), lang), tables_markdown(tables, title))]
    raise ValueError(text("export.unknown_format", lang).format(format=repr(fmt), choices="csv, xlsx, md"))


def _target(out: str | Path, name: str, lang: Lang) -> Path:
    """``out/name`` when ``out`` is a folder, else ``out`` itself when it names a file with ``name``'s suffix.

    A path with another suffix is refused rather than made into a folder (``--out a.txt`` for XLSX).
    """
    path, suffix = Path(out), Path(name).suffix
    if path.suffix.lower() == suffix and not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
    return _folder(out, text("export.a_file", lang).format(suffix=suffix), lang) / name


def _folder(out: str | Path, what: str, lang: Lang) -> Path:
    """``out`` as a folder, created if needed; a new path that looks like a file name is refused."""
    path = Path(out)
    if not path.is_dir():
        if path.suffix:
            raise ValueError(text("export.not_folder", lang).format(path=out, what=what))
        path.mkdir(parents=True, exist_ok=True)
    return path


def _write_text(path: Path, content: str) -> Path:
    path.write_text(display_safe(content), encoding="utf-8")  # the documents' last gate: one search
    return path


class _Counter:
    """Reports progress every PROGRESS_STEP rows and at the end, never per row (that would cost more)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)


def _chunks(rows: list[list[Any]]) -> Iterable[tuple[int, list[list[Any]]]]:
    for start in range(0, len(rows), PROGRESS_STEP):
        yield start, rows[start:start + PROGRESS_STEP]


# --- CSV ------------------------------------------------------------------------------------------


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


_FIRST_CHAR = itemgetter(slice(None, 1))
_INT_OR_NONE, _DATE_OR_NONE = frozenset({int, type(None)}), frozenset({date, type(None)})


def _csv_text_column(values: Sequence[Any]) -> Sequence[Any]:
    # The common case, nothing to neutralise, is found by iterating in C; csv.writer writes None as "".
    if FORMULA_STARTS.isdisjoint(map(_FIRST_CHAR, filter(None, values))):
        return values
    return [v if v is None or v[:1] not in FORMULA_STARTS else "'" + v for v in values]


def _csv_number_column(values: Sequence[Any]) -> Sequence[Any]:
    if set(map(type, values)) <= _INT_OR_NONE:
        return values  # _csv_number leaves ints as they are; None is written as ""
    return [v if type(v) is int else _csv_number(v) for v in values]


def _csv_date_column(values: Sequence[Any]) -> Sequence[Any]:
    if set(map(type, values)) <= _DATE_OR_NONE:
        return values  # csv.writer writes a date as str(date), which is its isoformat, and None as ""
    return [_csv_date(v) for v in values]


_CSV_COLUMN: dict[str, Callable[[Sequence[Any]], Sequence[Any]]] = {
    TEXT: _csv_text_column, NUMBER: _csv_number_column, GAP: _csv_number_column, INT: _csv_number_column,
    RATE: lambda values: [_csv_rate(v) for v in values], DATE: _csv_date_column,
    DURATION: lambda values: [_csv_duration(v) for v in values],
}


@gc_paused()
def write_csv(table: Table, path: Path, counter: _Counter | None = None) -> Path:
    """UTF-8 with BOM so Excel opens Chinese correctly; rates as "76.0%", which Excel reads as numbers.

    Cells are converted a column at a time (the _CSV_CELL rules, applied without a call per cell) and
    each chunk goes to csv.writer in one writerows.
    """
    converters = [_CSV_COLUMN[kind] for kind in table.kinds]
    origins = table.origins  # the tracking sheet's: a last column of what each row was exported from
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(h) for h in table.columns] + ([text("origin", table.lang)] if origins else []))
        for start, chunk in _chunks(table.rows):
            columns = list(zip(*chunk))
            converted = [convert(column) for convert, column in zip(converters, columns)]
            if origins:
                writer.writerows(zip(*converted, origins[start:start + len(chunk)]))
            else:
                changed = any(new is not old for new, old in zip(converted, columns))
                writer.writerows(zip(*converted) if changed else chunk)
            if counter:
                counter.advance(len(chunk))
    return path


# --- XLSX -----------------------------------------------------------------------------------------

WIDTH_SAMPLE_ROWS = 2000
MIN_WIDTH, MAX_WIDTH = 6, 60
# On paper a long text column wraps at this width instead of widening the sheet: with the sheet fitted
# to one A4 page wide, a 60-character column would shrink every other column's print to a squint.
WRAP_WIDTH = 24
NOTE_WIDTH = 14  # the empty 备注 column: room for an owner's handwriting on the printout
LINE_HEIGHT = 16.0  # points per wrapped line (CJK glyphs in the fallback font are taller than Calibri's)
MAX_ROW_LINES = 24  # Excel's row limit is 409 points; a longer cell scrolls rather than taking a page
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
    return sum(max(1, -(-display_width(line) // usable)) for line in value.split("\n"))


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
def write_xlsx(tables: Sequence[Table], path: Path, counter: _Counter | None = None, *, title: str = "",
               lang: Lang = "zh", charts: Sequence[Any] = ()) -> Path:
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
            _write_sheet(sheet, table, formats, counter)
            _live_rules(sheet, table, formats, lang)
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


def _write_sheet(sheet: Any, table: Table, formats: _XlsxFormats, counter: _Counter | None) -> None:
    widths = column_widths(table)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    origins, origin_col = table.origins, len(table.columns)
    if origins:  # hidden, inside the autofilter: sorting or filtering moves it with its row
        sheet.set_column(origin_col, origin_col, len(origins[0]) + 2, None, {"hidden": True})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - (0 if origins else 1))
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
    marked_rows = {row for (row, _), mark in table.marks.items() if mark not in live}
    columns = list(enumerate(zip(writers, plain)))
    text_cols = [(col, widths[col]) for col, kind in enumerate(table.kinds) if kind == TEXT]
    for start, chunk in _chunks(table.rows):
        for offset, row in enumerate(chunk):
            index = start + offset
            excel_row = index + 1
            lines = _row_lines(row, text_cols)
            if lines > 1:
                sheet.set_row(excel_row, LINE_HEIGHT * min(lines, MAX_ROW_LINES))
            if origins:
                sheet.write_string(excel_row, origin_col, origins[index])
            if index in marked_rows:
                _write_marked_row(sheet, table, index, row, writers, formats, live)
                continue
            for col, (write, fmt) in columns:
                value = row[col]
                if value is not None and value != "":
                    write(excel_row, col, value, fmt)
        if counter:
            counter.advance(len(chunk))


def _row_lines(row: Sequence[Any], text_cols: Sequence[tuple[int, int]]) -> int:
    """The most lines any text cell of the row wraps to; short ASCII cells are decided without measuring."""
    lines = 1
    for col, width in text_cols:
        value = row[col]
        if value and (len(value) * 2 >= width - 1 or "\n" in value):
            lines = max(lines, wrap_lines(value, width))
    return lines


def _write_marked_row(sheet: Any, table: Table, index: int, row: Sequence[Any],
                      writers: Sequence[Callable[..., Any]], formats: _XlsxFormats,
                      live: frozenset[str] = frozenset()) -> None:
    for col, (value, kind) in enumerate(zip(row, table.kinds)):
        mark = table.marks.get((index, col))
        if mark in live:
            mark = None
        fmt = formats.get(kind, mark)
        if value is None or value == "":
            if mark is not None:
                sheet.write_blank(index + 1, col, None, fmt)
            continue
        writers[col](index + 1, col, value, fmt)


def _cell_writer(sheet: Any, kind: str) -> Callable[..., Any]:
    """The typed xlsxwriter call for a column: text is always write_string, so it never runs."""
    if kind == TEXT:
        return sheet.write_string
    if kind == DATE:
        return sheet.write_datetime
    if kind == DURATION:  # a spreadsheet time is a fraction of a day
        return lambda row, col, seconds, fmt: sheet.write_number(row, col, seconds / SECONDS_PER_DAY, fmt)
    return sheet.write_number


def _excel_text(value: str) -> str:
    """A string literal inside an Excel formula."""
    return '"' + value.replace('"', '""') + '"'


def _live_rules(sheet: Any, table: Table, formats: _XlsxFormats, lang: Lang) -> None:
    """Conditional formats for the marks in LIVE_MARKS, and the tracking sheet's drop-down and date
    checks, over the table's rows. The formulas restate core.rules for the spreadsheet: overdue is an
    open action whose due day has passed (rules.is_overdue), due soon is within rules.DUE_SOON_DAYS,
    a shortfall is a positive gap (rules.gap), a catch-up plan under 100 % is under covered."""
    from xlsxwriter.utility import xl_col_to_name

    last = len(table.rows)
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


# --- Markdown tables --------------------------------------------------------------------------------


# Inline Markdown (CommonMark and GitHub's): emphasis, code, links and images, tables, strikethrough,
# headings' closing #. Escaped with a backslash, each shows as the character typed.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~#!])")
# What starts a block at the beginning of a line: a list (- + 1. 1)), a setext underline (=), a quote
# (>, escaped as HTML below anyway) and indentation (a code block).
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def _md_text(value: str) -> str:
    """User text inside a Markdown line, inert: Markdown punctuation is backslash-escaped and HTML is
    escaped (a viewer would run <script>), so links, emphasis, tables and tags show as typed."""
    return html.escape(_MD_INLINE.sub(r"\\\1", value), quote=False)


def _md_line(value: str) -> str:
    """_md_text for text that begins a line (a heading, a paragraph, a list item's value): no block
    marker at its start, and its own line breaks as <br> so a typed "# x" or "- x" cannot start a block."""
    lines = []
    for line in value.replace("\r\n", "\n").split("\n"):
        escaped = _md_text(line.lstrip())  # leading blanks would make a code block
        lines.append(_MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped, 1))
    return "<br>".join(lines)


def _md_heading(value: str) -> str:
    """A heading is one line: its text's line breaks become spaces."""
    return _md_text(" ".join(value.split()))


def _md_cell(value: str) -> str:
    """A cell that cannot break a pipe table: Markdown and HTML escaped (pipes too), line breaks as <br>."""
    return _md_text(value).replace("\r\n", "<br>").replace("\n", "<br>")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from tabulate import tabulate

    return tabulate([[_md_cell(c) for c in row] for row in rows], headers=[_md_cell(h) for h in headers],
                    tablefmt="pipe", disable_numparse=True)


def tables_markdown(tables: Sequence[Table], title: str) -> str:
    """All tables in one Markdown document, for chat and wikis."""
    parts = [f"# {_md_heading(title)}"] if title else []
    for table in tables:
        parts.append(f"## {_md_heading(table.title)}")
        rows = [[table.display(row, col) for col in range(len(table.columns))] for row in table.rows]
        parts.append(markdown_table(table.columns, rows) if rows else "—")
    return "\n\n".join(parts) + "\n"


# --- the review report (复盘报告) -------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """One piece of the report; rendered to Markdown or HTML by the same walk."""

    kind: str  # "h1" | "h2" | "h3" | "p" | "facts" | "table" | "chart"
    text: str = ""
    facts: list[tuple[str, str]] | None = None
    headers: list[str] | None = None
    cells: list[list[tuple[str, str | None]]] | None = None  # (text, mark)
    unbroken: frozenset[int] = frozenset()  # columns of dates and numbers: never wrapped on paper
    chart: Any = None  # exports.charts.Chart


def _table_block(table: Table, rows: Iterable[int], drop: Iterable[int | None] = ()) -> Block:
    dropped = set(drop)
    keep = [c for c in range(len(table.columns)) if c not in dropped]
    cells = [
        [(table.display(table.rows[r], c), table.marks.get((r, c))) for c in keep]
        for r in rows
    ]
    unbroken = frozenset(i for i, c in enumerate(keep) if table.kinds[c] != TEXT)
    return Block("table", headers=[table.columns[c] for c in keep], cells=cells, unbroken=unbroken)


# The report's sections in the order of the seeds' review (seed 000: 目标复盘 → 重点工作 → 改善措施 →
# 更新计划), and the charts each opens with (exports.charts keys; "indicator-" is every indicator's).
REPORT_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("indicators", ("ranking", "indicator-")),
    ("priority", ()),
    ("key_work", ()),
    ("root_causes", ()),
    ("lessons", ()),
    ("actions", ("actions",)),
    ("catchup", ("coverage",)),
)


def report_blocks(meeting: Any, tables: Sequence[Table], lang: Lang, today: date,
                  slots: Sequence[Any] = (), charts: Sequence[Any] = (),
                  moved: tuple[Any, Sequence[rules.Movement]] | None = None) -> list[Block]:
    """复盘报告, as the seeds walk a review: the meeting and its goal; the indicator review (charts
    first, then each presenter's indicators for the review period — the monthly detail is in the
    spreadsheet); key work; root causes; lessons; actions; catch-up; the previous actions' movement
    since the last review (``moved``: that review and core.rules movements) and the indicator trends;
    the timing record."""
    year = period_year(meeting.period, meeting.date)
    blocks = [
        Block("h1", f"{text('report', lang)}：{meeting.title}" if lang == "zh"
              else f"{text('report', lang)}: {meeting.title}"),
        Block("facts", facts=[
            (text("goal", lang), meeting.goal),
            (text("scenario", lang), label(meeting.scenario, lang)),
            (text("period", lang), period_text(meeting.period, lang, year)),
            (text("date", lang), meeting.date.isoformat() if meeting.date else ""),
            (text("facilitator", lang), meeting.facilitator),
            (text("report.generated", lang), today.isoformat()),
        ]),
    ]
    by_key = {t.key: t for t in tables}
    own = rules.own_period(meeting.period)
    own_period = period_label(own, lang, year) if own else None
    presenters = _presenter_order(tables)
    for key, chart_keys in REPORT_SECTIONS:
        table = by_key.get(key)
        if table is None:
            continue
        blocks.append(Block("h2", table.title))
        blocks.extend(Block("chart", chart=c) for c in charts
                      if any(c.key == k or (k.endswith("-") and c.key.startswith(k)) for k in chart_keys))
        section = [block for presenter in presenters
                   for block in _presenter_blocks(table, presenter, own_period, lang)]
        blocks.extend(section or [Block("p", text("report.none", lang))])
    movement = by_key.get("movement")
    if movement is not None and moved is not None and moved[0] is not None:
        last, movements = moved
        blocks.append(Block("h2", movement.title))
        blocks.append(Block("p", text("movement.since", lang).format(
            title=last.title, date=last.date.isoformat() if last.date else "")))
        if movement.rows:
            blocks.append(Block("p", movement_summary(rules.movement_counts(movements), lang)))
            if ask := ask_standard_text(movements, lang):
                blocks.append(Block("p", ask))
            blocks.append(_table_block(movement, range(len(movement.rows))))
        else:
            blocks.append(Block("p", text("movement.none", lang)))
    trends = by_key.get("trends")
    if trends is not None and trends.rows:
        blocks.append(Block("h2", trends.title))
        blocks.append(_table_block(trends, range(len(trends.rows))))
    timing = by_key.get("timing")
    if timing is not None:
        blocks.append(Block("h2", timing.title))
        if timing.rows:
            blocks.append(_table_block(timing, range(len(timing.rows))))
            blocks.append(Block("p", timing_summary(slots, lang)))
        else:
            blocks.append(Block("p", text("report.none", lang)))
    return blocks


def _presenter_order(tables: Sequence[Table]) -> list[str]:
    """Agenda order (the timing table follows it), then anyone else who appears in a table."""
    names: list[str] = []
    ordered = sorted(tables, key=lambda t: t.key != "timing")
    for table in ordered:
        if table.presenter_col is None:
            continue
        for row in table.rows:
            if row[table.presenter_col] not in names:
                names.append(row[table.presenter_col])
    return names


def _presenter_blocks(table: Table, presenter: str, own_period: str | None, lang: Lang) -> list[Block]:
    """A presenter's rows of one table, under their name, without the presenter column."""
    if table.presenter_col is None:
        return []
    rows = [r for r, row in enumerate(table.rows) if row[table.presenter_col] == presenter]
    if table.key == "indicators" and own_period:
        period_col = table.columns.index(text("period", lang))
        in_period = [r for r in rows if table.rows[r][period_col] == own_period]
        rows = in_period or rows
    if not rows:
        return []
    # The empty 备注 column is for owners editing the tracking sheet, not for the report.
    drop = [table.presenter_col, len(table.columns) - 1 if table.key == "actions" else None]
    return [Block("h3", text("report.presenter", lang).format(name=presenter)), _table_block(table, rows, drop)]


def timing_summary(slots: Sequence[Any], lang: Lang) -> str:
    timings = [slot_timing(s) for s in slots]
    planned = sum(t.plan for t in timings)
    actual = sum(t.actual for t in timings)
    over = sum(t.overrun for t in timings)
    return text("report.timing_total", lang).format(
        planned=format_duration(planned), actual=format_duration(actual), overrun=format_duration(over))


def render_markdown(blocks: Sequence[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            parts.append(f"{'#' * int(block.kind[1])} {_md_heading(block.text)}")
        elif block.kind == "p":
            parts.append(_md_line(block.text))
        elif block.kind == "facts":
            parts.append("\n".join(f"- **{_md_text(k)}**: {_md_line(v)}" for k, v in block.facts or [] if v))
        elif block.kind == "table":
            rows = [[cell + (" ⚠" if mark else "") for cell, mark in row] for row in block.cells or []]
            parts.append(markdown_table(block.headers or [], rows))
        elif block.kind == "chart":
            parts.append(_md_chart(block.chart))
    return "\n\n".join(parts) + "\n"


def _md_chart(chart: Any) -> str:
    """A chart in Markdown: its title, then bars of block characters in a code block (inert: only a
    run of backticks as long as the fence could end it, so the fence is longer than any in the text)."""
    from exports.charts import chart_lines

    lines = chart_lines(chart)
    fence = "`" * max(3, 1 + max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0))
    return f"**{_md_heading(chart.title)}**\n\n{fence}text\n" + "\n".join(lines) + f"\n{fence}"


_HTML_FONTS = ('-apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
               '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')
# On screen: a page to read. On paper (A4 landscape): tables shrink to the page width by wrapping (a
# long word or URL breaks anywhere rather than pushing a column off the page), rows and charts are never
# split across pages, and a table's header repeats on each page it continues on.
_HTML_STYLE = f"""
body {{ font-family: {_HTML_FONTS}; margin: 2em auto; max-width: 72em; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; max-width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top;
          overflow-wrap: anywhere; }}
th {{ background: #D9E1F2; }}
td.n {{ white-space: nowrap; }}
td.shortfall, td.overdue, td.overrun {{ background: #FFC7CE; color: #9C0006; }}
td.due_soon, td.under_covered, td.unverified {{ background: #FFEB9C; color: #9C5700; }}
dt {{ font-weight: bold; }} dd {{ margin: 0 0 0.4em 1em; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 1em 2em; }}
figure.chart {{ margin: 0.5em 0 1em; break-inside: avoid; page-break-inside: avoid; }}
figure.chart figcaption {{ font-weight: bold; margin-bottom: 0.3em; }}
svg.chart {{ max-width: 100%; height: auto; }}
@page {{ size: A4 landscape; margin: 12mm; }}
@media print {{
  body {{ margin: 0; max-width: none; font-size: 10pt; }}
  table {{ width: 100%; font-size: 8.5pt; }}
  th, td {{ padding: 0.2em 0.4em; }}
  thead {{ display: table-header-group; }}
  tr, td, th {{ break-inside: avoid; page-break-inside: avoid; }}
  h1, h2, h3, figcaption {{ break-after: avoid; page-break-after: avoid; }}
  svg.chart {{ width: 125mm; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"""


def _html_cell(cell: str, classes: str) -> str:
    return f'<td class="{classes}">{html.escape(cell)}</td>' if classes else f"<td>{html.escape(cell)}</td>"


def render_html(blocks: Sequence[Block], title: str, lang: Lang) -> str:
    """A self-contained HTML page; every piece of user text is escaped."""
    esc = html.escape
    body: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2", "h3"):
            body.append(f"<{block.kind}>{esc(block.text)}</{block.kind}>")
        elif block.kind == "p":
            body.append(f"<p>{esc(block.text)}</p>")
        elif block.kind == "facts":
            items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in block.facts or [] if v)
            body.append(f"<dl>{items}</dl>")
        elif block.kind == "table":
            head = "".join(f"<th>{esc(h)}</th>" for h in block.headers or [])
            rows = "".join(
                "<tr>" + "".join(
                    _html_cell(cell, " ".join(filter(None, (mark, "n" if i in block.unbroken else None))))
                    for i, (cell, mark) in enumerate(row)) + "</tr>"
                for row in block.cells or []
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif block.kind == "chart":
            figure = (f'<figure class="chart"><figcaption>{esc(block.chart.title)}</figcaption>'
                      f"{chart_svg(block.chart)}</figure>")
            if body and body[-1].startswith('<div class="charts">'):  # charts in a row share a flow box
                body[-1] = body[-1][:-len("</div>")] + figure + "</div>"
            else:
                body.append(f'<div class="charts">{figure}</div>')
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n<style>{_HTML_STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
