"""The `fupan` command line: opens the app, and scripts what a facilitator scripts.

User errors (a bad argument, an unknown id, a wrong date) print one line and exit non-zero; tracebacks
are for bugs only. Heavy modules are imported inside the commands that need them, so `fupan --help`
and the app start fast.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click

from core.i18n import Lang, label, text
from core.meeting import Meeting, Scenario
from core.parse import (
    MAX_TEXT_CHARS,
    ParseError,
    parse_date,
    parse_presenter,
    parse_slot_minutes,
    repeated_names,
)
from tui.cli_options import Settings, default_lang, fail, text_option
from tui.cli_lang import argv_lang, click_message, language, localise, use_language
from tui.console import say

EXIT_USER_ERROR = 2


def database_problem(exc: sqlite3.Error, path: Path | None, lang: Lang) -> str:
    """A database error as one line for the user: read-only, locked, or not the tables fupan expects."""
    from db.store import BUSY_TIMEOUT_SECONDS, RefusedFile, SchemaMismatch

    where = str(path) if path is not None else "fupan.db"
    message = exc.message(lang) if isinstance(exc, RefusedFile) else " ".join(str(exc).split())
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_READONLY or "readonly" in message:
        key = "file.read_only"
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in message:
        key = "file.locked"
    elif isinstance(exc, SchemaMismatch) or any(
            words in message for words in ("no such column", "has no column named", "no such table")):
        key = "file.other_columns"
    else:
        key = "file.error"
    return text(key, lang).format(path=where, error=message, seconds=f"{BUSY_TIMEOUT_SECONDS:g}")


def _date_option(value: str | None, *, default_year: int | None = None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value, default_year=default_year or date.today().year, today=date.today())
    except ParseError as exc:
        raise click.BadParameter(exc.message(language()), param_hint="'--date'") from None


SCENARIOS = [s.value for s in Scenario]


class FupanGroup(click.Group):
    """The top-level group; the file commands (`tui.cli_files`) are loaded when one is named.

    They bring the whole model and the sheet code's imports with them, which opening the app does
    not need (the lazy-loading pattern of click's documentation).
    """

    FILE_COMMANDS = ("actions", "export", "import", "template")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.FILE_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.FILE_COMMANDS:
            from tui.cli_files import COMMANDS

            command: click.Command | None = {command.name: command for command in COMMANDS}[cmd_name]
        else:
            command = super().get_command(ctx, cmd_name)
        if command is not None:
            _accept_global_options(command)
            localise(command, f"{ctx.command_path} {cmd_name}")
        return command


def _set_late_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_object(Settings).set_db(value)


def _set_late_lang(ctx: click.Context, _param: click.Parameter, value: Lang | None) -> None:
    if value is not None:
        ctx.find_object(Settings).set_lang(value)


def _accept_global_options(command: click.Command) -> None:
    """Let `--db` and `--lang` follow the command's name too, as users type them (`fupan demo --db X`,
    `fupan export 1 --db X --lang zh`); in a group, on each of its commands as well. Given in both places,
    the later one wins."""
    if getattr(command, "_global_options", False):
        return
    command._global_options = True  # type: ignore[attr-defined]
    taken = {name for param in command.params for name in param.opts}  # `template --lang` is its own
    late = [
        click.Option(["--db"], metavar="PATH", expose_value=False, callback=_set_late_db),
        click.Option(["--lang"], type=click.Choice(["zh", "en"]), expose_value=False, callback=_set_late_lang),
    ]
    command.params.extend(option for option in late if option.opts[0] not in taken)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_global_options(sub)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`, in the CLI's language (click's own version option fixes its words when it is declared)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    say(text("cli.version", language()).format(version=version("fupan")))
    ctx.exit()


@click.group(cls=FupanGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH")
@click.option("--lang", type=click.Choice(["zh", "en"]))
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version)
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: Lang | None) -> None:
    """fupan 复盘 — run timed sales review meetings and track their actions.

    With no command, opens the app on the list of meetings.
    """
    ctx.obj = Settings(db, lang)
    if ctx.invoked_subcommand is None:
        launch(ctx.obj)


def launch(settings: Settings, meeting_id: int | None = None, *, setup: bool = False,
           conn: sqlite3.Connection | None = None) -> None:
    """Open the Textual app, on the meetings list or straight on a meeting's live screen (its setup
    with ``setup``); on ``conn`` when the command already opened the file (the app closes it)."""
    from tui.app import make_app
    from tui.keys import keymap_path

    path = settings.db_path
    if path.exists() and not os.access(path, os.W_OK):
        # SQLite would open it read-only and the first capture would fail inside the app.
        fail(database_problem(sqlite3.OperationalError("attempt to write a readonly database"), path,
                              settings.lang))
    try:
        app = make_app(settings.db_path, lang=settings.lang, meeting_id=meeting_id, setup=setup,
                       keymap_file=keymap_path(), conn=conn)
    except (sqlite3.Error, OSError) as exc:
        settings.cannot_open(exc)
    # What exists now (the modules, their classes and tables, the command line's settings, the app)
    # lives as long as the process: frozen out of the collector's generations, the collections while
    # the first screen is built no longer walk all of it again. Measured for issue 17: a full
    # collection inside `fupan demo`'s first frame walked every object imported; freezing halves the
    # time the collector takes before that frame (~60 -> ~30 ms of CPU under load). What is left of
    # the command's own garbage stays (a one-time few kB). tests/test_start_up_gc.py pins it.
    gc.freeze()
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


class _SlotMinutes(click.ParamType):
    """Minutes as the form, NAME:MIN and agenda sheets read them (core.parse.parse_slot_minutes)."""

    name = "minutes"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_slot_minutes(str(value))
        except ParseError as exc:
            self.fail(exc.message(language()), param, ctx)


SLOT_MINUTES = _SlotMinutes()


@cli.command("new")
@click.option("--from", "previous_id", type=int, metavar="MEETING")
@click.option("--title")
@click.option("--goal")
@click.option("--scenario", type=click.Choice(SCENARIOS))
@click.option("--period")
@click.option("--date", "day", metavar="DATE")
@click.option("--facilitator")
@click.option("--minutes", type=SLOT_MINUTES)
@click.option("--presenter", "presenters", multiple=True, metavar="NAME[:MIN]")
@click.pass_obj
def new_meeting(settings: Settings, previous_id: int | None, title: str | None, goal: str | None,
                scenario: str | None, period: str | None, day: str | None, facilitator: str | None,
                minutes: int | None, presenters: Sequence[str]) -> None:
    """Create a meeting with its agenda, or the review after MEETING (--from)."""
    from core.rules import next_meeting, validate_goal
    from db import queries

    if previous_id is not None:
        if presenters:
            raise click.BadParameter(text("cli.agenda_from_previous", settings.lang), param_hint="'--presenter'")
        db = settings.open_db()
        try:
            previous = queries.get_meeting(db, previous_id)
        except queries.NotFound:
            fail(text("cli.no_meeting", settings.lang).format(id=previous_id))
        meeting = next_meeting(previous, _date_option(day) or date.today())
    else:
        if title is None or goal is None:
            missing = "--title" if title is None else "--goal"
            raise click.UsageError(text("cli.missing_title_goal", settings.lang).format(option=missing))
        meeting = Meeting(title="", goal="", date=_date_option(day) or date.today())
    if title is not None:
        meeting.title = text_option(title, "--title")
    if not meeting.title:  # blank, or control characters only
        raise click.BadParameter(text("cli.title_required", settings.lang), param_hint="'--title'")
    if goal is not None:
        meeting.goal = text_option(goal, "--goal", MAX_TEXT_CHARS)
    if validate_goal(meeting.goal):
        lang = settings.lang
        problem = text("ui.goal_vague", lang).format(goal=meeting.goal) if meeting.goal.strip() else \
            text("ui.goal_required", lang)
        raise click.BadParameter(problem, param_hint="'--goal'")
    if scenario is not None:
        meeting.scenario = Scenario(scenario)
    if period is not None:
        meeting.period = text_option(period, "--period")
    if facilitator is not None:
        meeting.facilitator = text_option(facilitator, "--facilitator")
    if minutes is not None:
        meeting.slot_minutes = minutes
    agenda = [_parse_presenter(text_option(p, "--presenter"), meeting.slot_minutes) for p in presenters]
    names = [name for name, _ in agenda]
    duplicates = repeated_names(names)
    if duplicates:
        raise click.BadParameter(text("cli.listed_twice", settings.lang).format(names=", ".join(duplicates)),
                                 param_hint="'--presenter'")
    if previous_id is not None:
        meeting, flagged = queries.create_next_meeting(db, previous_id, meeting)
        lang = settings.lang
        say(text("cli.created_next", lang).format(id=meeting.id, title=meeting.title, period=meeting.period,
                                                  count=len(queries.slots_for(db, meeting.id))))
        for name, why in flagged:
            say(text("next.flagged", lang).format(name=name, why=text(f"next.{why}", lang)))
        return
    db = settings.open_db()
    with db.atomic():
        queries.save_meeting(db, meeting)
        for name, slot_minutes in agenda:
            queries.add_slot(db, meeting.id, name, slot_minutes * 60)
    say(text("cli.created", settings.lang).format(id=meeting.id, title=meeting.title, count=len(agenda)))


def _parse_presenter(spec: str, default_minutes: int) -> tuple[str, int]:
    try:
        name, minutes = parse_presenter(spec)
    except ParseError as exc:
        raise click.BadParameter(exc.message(language()), param_hint="'--presenter'") from None
    return name, minutes or default_minutes


@cli.command("meetings")
@click.pass_obj
def list_meetings(settings: Settings) -> None:
    """List the meetings, newest first."""
    from tabulate import tabulate

    from db import queries

    lang = settings.lang
    rows = [
        [m.meeting.id, m.meeting.title, m.meeting.period, m.meeting.date or "",
         label(m.meeting.status, lang), m.presenters, m.open_actions]
        for m in queries.list_meetings(settings.open_db())
    ]
    headers = ["ID", text("title", lang), text("period", lang), text("date", lang),
               text("status", lang), text("presenters", lang), text("open_actions", lang)]
    say(tabulate(rows, headers=headers) if rows else text("cli.no_meetings", lang))


@cli.command("backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.pass_obj
def backup(settings: Settings, path: Path | None) -> None:
    """Copy the database, consistently, also while the app runs; the copy is checked.

    PATH is a new file or a folder; without it the copy goes next to the database
    (fupan.backup-YYYYMMDD-HHMMSS.db). An existing file is never overwritten.
    """
    from db.backup import BackupFailed, backup_path, backup_to
    from db.store import open_connection

    source = settings.db_path
    if not source.is_file():
        fail(text("backup.no_database", settings.lang).format(path=source))
    if path is None:
        target = backup_path(source, "backup")
    elif path.is_dir():
        target = backup_path(path / source.name, "backup")
    else:
        target = path
    try:
        conn = open_connection(source)
    except (sqlite3.Error, OSError) as exc:
        settings.cannot_open(exc)
    try:
        backup_to(conn, target)
    except BackupFailed as exc:
        fail(exc.message(settings.lang))
    finally:
        conn.close()
    say(target)


@cli.command("demo")
@click.option("--no-open", is_flag=True)
@click.pass_obj
def demo(settings: Settings, no_open: bool) -> None:
    """Create a demo half-year review (5 presenters, last month's open actions) and open it."""
    from db.demo import open_or_create_demo

    db = settings.open_db()
    meeting, existed = open_or_create_demo(db)
    told = "cli.demo_exists" if existed else "cli.demo_created"
    say(text(told, settings.lang).format(id=meeting.id, title=meeting.title, path=settings.db_path))
    if no_open:
        db.close()
    else:
        # The app takes this connection: closing it first would write the new demo into the file and
        # wait for the disk (20-30 ms here) before the first frame; the app's close at exit does that.
        launch(settings, meeting_id=meeting.id, conn=db.conn)


@cli.command("open")
@click.argument("meeting_id", metavar="MEETING", type=int)
@click.pass_obj
def open_meeting(settings: Settings, meeting_id: int) -> None:
    """Open MEETING's live screen, or its setup when it has no agenda yet."""
    from db import queries

    db = settings.open_db()
    try:
        queries.get_meeting(db, meeting_id)
    except queries.NotFound:
        fail(text("cli.no_meeting", settings.lang).format(id=meeting_id))
    has_agenda = bool(queries.slots_for(db, meeting_id))
    db.close()
    launch(settings, meeting_id=meeting_id, setup=not has_agenda)


@cli.command("clock")
@click.argument("meeting", type=int, required=False)
@click.pass_obj
def clock(settings: Settings, meeting: int | None) -> None:
    """The room's clock for a projector or a second terminal: the running slot's countdown, read-only.

    Follows the app running the meeting through the database. Without MEETING: the meeting running
    now, else today's only one.
    """
    from tui.clock_app import make_clock_app
    from tui.keys import keymap_path

    make_clock_app(settings.db_path, meeting_id=meeting, lang=settings.lang, keymap_file=keymap_path()).run()


@cli.command("serve")
@click.argument("meeting", type=int, required=False)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def serve(settings: Settings, meeting: int | None, host: str, port: int) -> None:
    """Serve the room's clock (`fupan clock`) to browsers: presenters open it on a laptop or phone."""
    from tui.serve import serve_clock

    try:
        serve_clock(settings.db_path, meeting_id=meeting, lang=settings.lang, host=host, port=port)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        fail(text("cli.cannot_listen", settings.lang).format(host=host, port=port, error=exc.strerror or exc))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: click's own handling, but every user error is one line, never a usage dump."""
    Settings.current = None
    args = list(argv) if argv is not None else sys.argv[1:]
    lang = argv_lang(args) or default_lang()
    use_language(lang)  # before click reads a word: its usage errors and --help are in it too
    localise(cli, "fupan")

    def error(message: str) -> None:
        say(text("cli.error", lang).format(message=message), err=True)

    try:
        cli.main(args=args, prog_name="fupan", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # e.g. `fupan import` alone: its help, as click shows it
        exc.show()
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.Abort:
        say(text("cli.aborted", lang), err=True)
        sys.exit(1)
    except click.ClickException as exc:
        where = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None and exc.ctx.command_path:
            where = f"{exc.ctx.command_path}: "
        error(f"{where}{click_message(exc)}".replace("\n", " "))
        sys.exit(EXIT_USER_ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except sqlite3.Error as exc:  # read-only, locked past the timeout, other columns: the file, not a bug
        settings = Settings.current
        if settings is None:
            error(database_problem(exc, None, lang))
        else:
            error(database_problem(exc, settings.db_path, settings.lang))
        sys.exit(EXIT_USER_ERROR)
    except UnicodeError:  # an argument not in UTF-8 reached a file or the database unchecked
        error(text("cli.not_utf8", lang))
        sys.exit(EXIT_USER_ERROR)


if __name__ == "__main__":
    main()
