"""Command-line verbs for files and tracking: import, export, template, actions.

Each command opens the database, calls `exports` or `db.queries`, and turns user errors into one line
(plus, for a rejected sheet, one line per problem on stderr). pandas, openpyxl and xlsxwriter load inside
`exports` only when a file is read or written, so registering these commands costs nothing at start-up.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from core.i18n import Lang, label, text
from core.meeting import DUE_SOON_DAYS
from core.model import ActionStatus
from core.parse import ParseError, parse_status
from tui.cli_options import Settings, fail, text_option
from tui.cli_lang import language
from tui.console import say


PROGRESS_THRESHOLD_ROWS = 10_000
# Ids are SQLite integers: a larger number is no id at all, and is refused like any other bad argument.
ID = click.IntRange(1, 2**63 - 1)


@contextlib.contextmanager
def _user_errors(file: str | Path | None = None, lang: Lang | None = None) -> Iterator[None]:
    """Known user errors become one line; a rejected sheet lists every problem first (in ``lang`` for an
    import whose problems are worded in it)."""
    from db.queries import NotFound
    from exports.reading import SheetError

    try:
        yield
    except SheetError as exc:
        from dataclasses import replace

        from core.parse import expected_text

        for problem in exc.problems:  # a number, a date … expected: the parser's words, in ``lang`` too
            say(replace(problem, expected=expected_text(problem.expected, lang)).shown(lang) if lang else str(problem),
                err=True)
        where = Path(file).name if file else text("cli.the_sheet", language())
        fail(text("cli.sheet_problems", language()).format(count=len(exc.problems), where=where))
    except NotFound as exc:
        fail(exc.message(language()))
    except (ValueError, OSError) as exc:
        fail(str(exc))


# --- import ---------------------------------------------------------------------------------------


@click.group("import")
def import_group() -> None:
    """Import an indicator sheet, an agenda or an edited action tracking sheet (CSV or XLSX)."""


_file_arg = click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
_sheet_opt = click.option("--sheet", metavar="NAME")
_dry_run_opt = click.option("--dry-run", is_flag=True)
_meeting_opt = click.option("--meeting", "meeting_id", type=ID, required=True, metavar="ID")


@import_group.command("indicators")
@_file_arg
@_meeting_opt
@_sheet_opt
@_dry_run_opt
@click.pass_obj
def import_indicators_cmd(settings: Settings, file: Path, meeting_id: int, sheet: str | None,
                          dry_run: bool) -> None:
    """Targets and actuals per presenter, indicator and period (long or wide layout). All or nothing."""
    from exports.indicators import import_indicators

    db = settings.open_db()
    with _user_errors(file, settings.lang):
        result = import_indicators(db, meeting_id, file, sheet=sheet, dry_run=dry_run)
    if dry_run:
        from core.parse import period_year
        from db import queries

        meeting = queries.get_meeting(db, meeting_id)
        _echo_preview(result, settings.lang, period_year(meeting.period, meeting.date))
    for note in result.aggregation_notes(settings.lang):
        say(note)
    say(result.summary(settings.lang))


def _echo_preview(result: Any, lang: Lang, year: int | None = None, limit: int = 50) -> None:
    """The values that would be written, then each indicator with how it rolls up (and who decided)."""
    from tabulate import tabulate

    from core.parse import period_label
    from core.rules import format_number

    rows = [[p.row, p.presenter, p.indicator, period_label(p.period, lang, year), format_number(p.target),
             format_number(p.actual), p.unit] for p in result.preview[:limit]]
    headers = ["#", text("presenter", lang), text("indicator", lang), text("period", lang),
               text("target", lang), text("actual", lang), text("unit", lang)]
    say(tabulate(rows, headers=headers))
    if len(result.preview) > limit:
        say(text("cli.more_rows", lang).format(count=len(result.preview) - limit))
    say(tabulate([[line.indicator, line.unit, line.shown(lang)] for line in result.aggregations],
                 headers=[text("indicator", lang), text("unit", lang), text("aggregation", lang)]))


@import_group.command("agenda")
@_file_arg
@_meeting_opt
@_sheet_opt
@_dry_run_opt
@click.pass_obj
def import_agenda_cmd(settings: Settings, file: Path, meeting_id: int, sheet: str | None, dry_run: bool) -> None:
    """Presenters, their order and minutes per slot."""
    from exports.agenda import import_agenda

    db = settings.open_db()
    with _user_errors(file, settings.lang):
        result = import_agenda(db, meeting_id, file, sheet=sheet, dry_run=dry_run)
    say(result.summary(settings.lang))


EXIT_CONFLICT = 3
"""`fupan import actions`: the sheet changes fields that were changed in fupan since the export."""


@import_group.command("actions")
@_file_arg
@_sheet_opt
@_dry_run_opt
@click.option("--force", is_flag=True)
@click.pass_obj
def import_actions_cmd(settings: Settings, file: Path, sheet: str | None, dry_run: bool, force: bool) -> None:
    """Status, notes and dates from a returned tracking sheet, matched by action id. Exits 3, writing
    nothing, when a field was changed both in the sheet and in fupan since the export (see --force)."""
    from exports.returned import import_actions

    lang = settings.lang
    db = settings.open_db()
    with _user_errors(file, lang):
        result = import_actions(db, file, sheet=sheet, dry_run=dry_run, force=force, lang=lang)
    for conflict in result.conflicts:
        say(conflict.shown(lang), err=True)
    for change in result.changes:
        say(change.shown(lang))
    for warning in result.warnings(lang):
        say(warning, err=True)
    say(result.summary(lang))
    if result.conflicts:
        if force:
            say(text("returned.forced", lang).format(count=len(result.conflicts)), err=True)
        else:
            say(text("returned.conflicts_stop", lang).format(count=len(result.conflicts)), err=True)
            sys.exit(EXIT_CONFLICT)  # click's Exit is swallowed by its standalone_mode=False


# --- export ---------------------------------------------------------------------------------------


class _ProgressBar:
    """A click progress bar that appears only for large exports (and only on a terminal)."""

    def __init__(self, label_: str) -> None:
        self.label, self.bar, self.shown = label_, None, 0

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD_ROWS:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=click.get_text_stream("stderr"))
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("export")
@click.argument("meeting_id", metavar="MEETING", type=ID)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "md", "html", "report"]), default="xlsx",
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True)
@click.option("--tables", metavar="KEYS")
@click.pass_obj
def export_cmd(settings: Settings, meeting_id: int, fmt: str, out: Path, tables: str | None) -> None:
    """Write a meeting's tables or its review report."""
    from exports.write import export_meeting

    keys = list(dict.fromkeys(k.strip() for k in tables.split(",") if k.strip())) if tables else None
    db = settings.open_db()
    bar = _ProgressBar(text("tracking", settings.lang) if keys == ["actions"] else text("cli.export_progress", settings.lang))
    try:
        with _user_errors():
            paths = export_meeting(db, meeting_id, fmt, out, lang=settings.lang, today=date.today(),
                                   tables=keys, progress=bar)
    finally:
        bar.close()
    for path in paths:
        say(str(path))


# --- templates ------------------------------------------------------------------------------------


@click.command("template")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]))
@click.option("--overwrite", is_flag=True)
@click.pass_obj
def template_cmd(settings: Settings, directory: Path, lang: Lang | None, overwrite: bool) -> None:
    """Write empty import templates (indicators, agenda) as CSV and XLSX with one example row."""
    from exports.templates import write_templates

    with _user_errors():
        paths = write_templates(directory, lang or settings.lang, overwrite=overwrite)
    for path in paths:
        say(str(path))


# --- actions --------------------------------------------------------------------------------------


def _status_option(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> list[ActionStatus]:
    try:
        return [_status(value) for value in values]
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _status(typed: str) -> ActionStatus:
    """A status as typed (done, 已完成 …); ValueError saying which ones there are, in the CLI's language."""
    try:
        value = parse_status(typed)  # the returned sheet's rule: 完成, Canceled, ＤＯＮＥ, 进行中 (逾期) …
    except ParseError:
        value = None
    if value is not None:
        return ActionStatus(value)
    lang = language()
    choices = "、".join(f"{m.value}/{label(m, lang)}" for m in ActionStatus) if lang == "zh" else \
        ", ".join(f"{m.value}/{label(m, lang)}" for m in ActionStatus)
    expected = text("expected.status", lang).format(choices=choices)
    raise ValueError(text("parse.expected", lang).format(value=repr(typed), expected=expected))


@click.group("actions", invoke_without_command=True)
@click.option("--owner")
@click.option("--status", "statuses", multiple=True, callback=_status_option, metavar="STATUS")
@click.option("--meeting", "meeting_id", type=ID, metavar="ID")
@click.option("--overdue", is_flag=True)
@click.option("--due-soon", "due_soon", type=click.IntRange(0, 3660), is_flag=False, flag_value=DUE_SOON_DAYS,
              metavar="[DAYS]")
@click.option("--out", type=click.Path(path_type=Path), metavar="PATH")
@click.pass_context
def actions_group(ctx: click.Context, owner: str | None, statuses: list[ActionStatus], meeting_id: int | None,
                  overdue: bool, due_soon: int | None, out: Path | None) -> None:
    """List actions across meetings (the tracking sheet), or write it with --out."""
    if ctx.invoked_subcommand is not None:
        return
    settings: Settings = ctx.obj
    if owner is not None:
        owner = text_option(owner, "--owner")
    db = settings.open_db()
    filters = dict(owner=owner, statuses=statuses or None, meeting_id=meeting_id, overdue=overdue,
                   due_soon=due_soon)
    if out is not None:
        from exports.write import export_actions

        fmt = out.suffix.lower().lstrip(".") or "xlsx"
        with _user_errors():
            for path in export_actions(db, out, fmt, lang=settings.lang, today=date.today(), **filters):
                say(str(path))
        return
    _list_actions(db, settings.lang, filters)


def _list_actions(db: Any, lang: Lang, filters: dict[str, Any]) -> None:
    from tabulate import tabulate

    from exports.write import actions_tracking_table

    table = actions_tracking_table(db, lang=lang, today=date.today(), **filters)
    if not table.rows:
        say(text("ui.no_actions", lang))
        return
    wanted = [text(k, lang) for k in ("action_id", "meeting_id", "presenter", "measure", "owner", "due",
                                      "action_status", "last_update")]
    cols = [table.columns.index(h) for h in wanted]
    rows = [[table.display(row, c) for c in cols] for row in table.rows]
    say(tabulate(rows, headers=wanted, disable_numparse=True))


@actions_group.command("update")
@click.argument("action_id", metavar="ID", type=ID)
@click.argument("status", metavar="STATUS")
@click.option("--note", default="")
@click.pass_obj
def update_action_cmd(settings: Settings, action_id: int, status: str, note: str) -> None:
    """Set an action's status (not_started, in_progress, done, cancelled, or 未开始 …) with a note."""
    from db import queries

    from core.parse import MAX_TEXT_CHARS
    try:
        new_status = _status(status)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{text('cli.metavar.STATUS', settings.lang)}'") from None
    note = text_option(note, "--note", MAX_TEXT_CHARS)
    db = settings.open_db()
    with _user_errors():
        recorded = queries.update_action_status(db, action_id, new_status, note)
    if recorded is None:
        say(text("status_unchanged", settings.lang).format(id=action_id))
    else:
        say(f"#{action_id} {label(new_status, settings.lang)}")


COMMANDS = (import_group, export_cmd, template_cmd, actions_group)
