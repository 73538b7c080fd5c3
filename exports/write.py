"""Exporting a meeting or the tracking sheet: the entry points, which pick the tables and the writer.

Two promises hold for every format: no cell is ever executed by a spreadsheet (exports.cells) and numbers
stay numbers. The writers (exports.csv_writer, xlsx_writer, markdown, report_html) import xlsxwriter and
tabulate inside the functions that use them, so importing this module costs nothing at app start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.files import export_file_name
from core.i18n import Lang, text
from core.model import ActionStatus
from core.parse import display_safe
from db import queries
from exports.charts import meeting_charts
from exports.csv_writer import write_csv
from exports.markdown import render_markdown, tables_markdown
from exports.progress import Progress, ProgressCounter
from exports.report import report_blocks
from exports.report_html import render_html
from exports.tables import REPORT_TABLE_KEYS, Table, action_rows_table, collect, gc_paused, streamed_action_table
from exports.xlsx_writer import write_xlsx

if TYPE_CHECKING:
    from db.store import Store

FORMATS: tuple[str, ...] = ("csv", "xlsx", "md", "html", "report")
ACTION_FORMATS: tuple[str, ...] = ("csv", "xlsx", "md")
STREAMED_FORMATS: tuple[str, ...] = ("csv", "xlsx")
"""The writers that walk a table's pieces, so the actions reach them streamed from the cursor."""


# --- entry points ---------------------------------------------------------------------------------


@gc_paused()
def export_meeting(
    db: Store,
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
    collected = collect(db, meeting_id, lang, today, REPORT_TABLE_KEYS if whole and report else tables,
                        stream=fmt in STREAMED_FORMATS)
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
    db: Store,
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
                                   meeting_id=meeting_id, overdue=overdue, due_soon=due_soon,
                                   stream=fmt in STREAMED_FORMATS)
    return write_tables([table], fmt, out, title=table.title, progress=progress, lang=lang, named_by_title=False)


def actions_tracking_table(
    db: Store, *, lang: Lang, today: date, owner: str | None = None,
    statuses: Iterable[ActionStatus] | None = None, meeting_id: int | None = None, overdue: bool = False,
    due_soon: int | None = None, stream: bool = False,
) -> Table:
    """Actions across meetings, filtered like the tracking screen, with their meeting's title; with
    ``due_soon``, only the open ones due today or within that many days; with ``stream``, as a streamed
    table (`Table.parts`) for the CSV and XLSX writers."""
    filters = dict(meeting_id=meeting_id, owner=owner, statuses=None if statuses is None else list(statuses),
                   overdue_on=today if overdue else None, by_due=True,
                   due_soon_on=today if due_soon is not None else None,
                   due_soon_days=due_soon if due_soon is not None else 0)
    titles = {listing.meeting.id: listing.meeting.title for listing in queries.list_meetings(db)}
    if stream:
        return streamed_action_table(db, lang, today, meeting_titles=titles, **filters)
    rows = queries.action_rows_for_export(db, **filters)
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
    counter = ProgressCounter(sum(t.row_count() for t in tables), progress)
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
