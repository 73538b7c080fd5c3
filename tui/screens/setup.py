"""Setup (会议设置): a meeting's details, its agenda of presenters, and the import of its indicator sheet.

Every change is written through `db.queries` as soon as it is made (the agenda) or on Ctrl+S (details),
and the screen shows it only after the write returned. A sheet import is checked in a dry run first and
is all or nothing: the preview lists the rows that would be written or every problem with its row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Button, DataTable, Input, Label, Static

from core.i18n import flag_text, label
from core.model import Aggregation, AggregationSource, SlotStatus
from core.parse import ParseError, expected_text, parse_presenter, period_label, period_year
from core.rules import format_value
from core.timer import TimerState, format_duration
from db import queries
from db.store import connect
from tui.busy import keeps_input_when_busy
from tui.messages import SheetChecked
from tui.screens.base import FupanScreen, LocalizedBindings
from tui.widgets.footer import Footer
from tui.widgets.meeting_form import MeetingForm
from tui.widgets.table import Table
from tui.widgets.inputs import CleanInput
from tui.widgets.title import TitleBar

if TYPE_CHECKING:
    from db.store import Store

    from exports.indicators import ImportResult


class AgendaEditor(LocalizedBindings, Vertical):
    """The ordered presenters of a meeting with their planned minutes; edits go straight to the database."""

    DEFAULT_CSS = """
    AgendaEditor { height: 1fr; }
    AgendaEditor #slots { height: 1fr; }
    AgendaEditor #agenda-total { color: $text-muted; height: 1; }
    AgendaEditor #add-error { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("delete", "remove", "ui.remove_slot", id="setup.remove_slot"),
        Binding("ctrl+up,[", "move(-1)", "ui.move_up", id="setup.move_up"),
        Binding("ctrl+down,]", "move(1)", "ui.move_down", id="setup.move_down"),
        Binding("+,=", "minutes(1)", "ui.longer", id="setup.longer"),
        Binding("-", "minutes(-1)", "ui.shorter", id="setup.shorter"),
    ]

    def __init__(self, meeting_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting_id = meeting_id
        self._localize()

    def compose(self) -> ComposeResult:
        t = self.fupan.t
        yield Label(t("agenda"), classes="section")
        yield Table(id="slots", cursor_type="row", zebra_stripes=True)
        yield Static("", id="agenda-total")
        yield CleanInput(placeholder=t("ui.add_presenter_placeholder"), id="add-presenter")
        yield Static("", id="add-error", markup=False)

    def on_mount(self) -> None:
        t = self.fupan.t
        self.query_one("#slots", DataTable).add_columns(t("order"), t("presenter"), t("minutes"), t("status"))
        self.refresh_slots()

    @property
    def db(self) -> Store:
        return self.fupan.db

    def refresh_slots(self, select_id: int | None = None) -> None:
        """Reload the agenda from the database, keeping the cursor on ``select_id`` (or where it was)."""
        table = self.query_one("#slots", DataTable)
        keep = select_id if select_id is not None else self.selected_id
        table.clear()
        slots = queries.slots_for(self.db, self.meeting_id)
        for slot in slots:
            table.add_row(
                str(slot.position), slot.presenter, str(slot.planned_seconds // 60),
                " ".join(filter(None, (self.fupan.label(slot.status), flag_text(slot.flagged, self.fupan.lang)))),
                key=str(slot.id),
            )
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        minutes = sum(s.planned_seconds for s in slots) // 60
        self.query_one("#agenda-total", Static).update(
            self.fupan.t("ui.agenda_total").format(count=len(slots), minutes=minutes)
        )

    @property
    def selected_id(self) -> int | None:
        table = self.query_one("#slots", DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(value) if value is not None else None

    @on(Input.Submitted, "#add-presenter")
    @keeps_input_when_busy
    def _add(self, event: Input.Submitted) -> None:
        t = self.fupan.t
        error = self.query_one("#add-error", Static)
        if not event.value.strip():
            return
        try:
            name, minutes = parse_presenter(event.value)
        except ParseError:
            error.update(t("ui.presenter_invalid").format(value=event.value))
            return
        try:
            slot = queries.add_slot(self.db, self.meeting_id, name, minutes * 60 if minutes else None)
        except queries.AlreadyOnAgenda:
            error.update(t("ui.presenter_exists").format(name=name))
            return
        error.update("")
        event.input.value = ""
        self.refresh_slots(select_id=slot.id)

    def action_remove(self) -> None:
        """Delete the selected presenter; one whose slot has run (time recorded) only once confirmed."""
        if (slot_id := self.selected_id) is None:
            return
        slot = queries.get_slot(self.db, slot_id)
        if slot.first_started_at is None and slot.status is SlotStatus.WAITING:
            self._remove(slot_id)
            return
        from tui.widgets.dialogs import ConfirmDialog

        t = self.fupan.t
        recorded = format_duration(TimerState.of(slot).elapsed(self.fupan.clock()))
        question = t("ui.confirm_remove_started_slot").format(name=slot.presenter, time=recorded)
        self.app.push_screen(ConfirmDialog(question, t("ui.yes"), t("ui.no")),
                             lambda yes: self._remove(slot_id) if yes else None)

    @keeps_input_when_busy
    def _remove(self, slot_id: int) -> None:
        table = self.query_one("#slots", DataTable)
        row = table.cursor_row
        queries.remove_slot(self.db, slot_id)
        self.refresh_slots()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    @keeps_input_when_busy
    def action_move(self, offset: int) -> None:
        if (slot_id := self.selected_id) is None:
            return
        queries.move_slot(self.db, slot_id, offset)
        self.refresh_slots(select_id=slot_id)

    @keeps_input_when_busy
    def action_minutes(self, delta: int) -> None:
        """Lengthen or shorten the selected slot by a minute, within the allowed range."""
        if (slot_id := self.selected_id) is None:
            return
        queries.change_slot_minutes(self.db, slot_id, delta)
        self.refresh_slots(select_id=slot_id)


class IndicatorAggregations(LocalizedBindings, Vertical):
    """The meeting's indicators and how each rolls up from months to quarters and the year (汇总方式):
    inferred by an import, chosen here (`a` cycles sum → mean → last), or stored by an earlier version and
    marked to confirm where the unit or name suggests another."""

    DEFAULT_CSS = """
    IndicatorAggregations { width: 100%; height: 1fr; min-height: 8; }  /* below the form, scrolled to on a short screen */
    IndicatorAggregations #aggregations { height: 1fr; }
    """
    BINDINGS = [Binding("a", "cycle_aggregation", "ui.change_aggregation", id="setup.aggregation")]

    def __init__(self, meeting_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting_id = meeting_id
        self._localize()

    def compose(self) -> ComposeResult:
        yield Label(self.fupan.t("ui.aggregations"), classes="section")
        yield Table(id="aggregations", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        t = self.fupan.t
        self.query_one("#aggregations", DataTable).add_columns(t("indicator"), t("unit"), t("aggregation"))
        self.refresh_indicators()

    def refresh_indicators(self, select_id: int | None = None) -> None:
        """Reload the indicators from the database, the cursor on ``select_id`` (or where it was)."""
        from core.rules import aggregation_in_doubt, infer_aggregation

        table = self.query_one("#aggregations", DataTable)
        keep = select_id if select_id is not None else self.selected_id
        table.clear()
        t, lang = self.fupan.t, self.fupan.lang
        for indicator in queries.indicators_for(self.fupan.db, self.meeting_id):
            shown = self.fupan.label(indicator.aggregation)
            inferred = infer_aggregation(indicator.name, indicator.unit)
            if indicator.aggregation_source is AggregationSource.INFERRED:
                shown += f" ({t('aggregation_mark.inferred')})"
            elif aggregation_in_doubt(indicator, inferred):
                shown += f" ({t('aggregation_mark.legacy')}: {label(inferred.aggregation, lang)}?)"
            table.add_row(indicator.name, indicator.unit, shown, key=str(indicator.id))
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))

    @property
    def selected_id(self) -> int | None:
        table = self.query_one("#aggregations", DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(value) if value is not None else None

    @keeps_input_when_busy
    def action_cycle_aggregation(self) -> None:
        """The next aggregation for the selected indicator, as the user's choice; written at once."""
        if (indicator_id := self.selected_id) is None:
            return
        current = next(i for i in queries.indicators_for(self.fupan.db, self.meeting_id) if i.id == indicator_id)
        order = list(Aggregation)
        following = order[(order.index(current.aggregation) + 1) % len(order)]
        queries.choose_aggregation(self.fupan.db, indicator_id, following)
        self.refresh_indicators(select_id=indicator_id)


class SheetImport(LocalizedBindings, Vertical):
    """Import of an indicator sheet: a dry-run preview (rows or problems) before anything is written."""

    DEFAULT_CSS = """
    SheetImport { height: 1fr; }
    SheetImport #sheet-row { height: auto; }
    SheetImport #sheet-path { width: 1fr; }
    SheetImport #import-status { height: auto; padding: 0 1; }
    SheetImport #import-status.-problems { color: $error; }
    SheetImport #import-rows { height: 1fr; }
    """

    def __init__(self, meeting_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting_id = meeting_id

    checked_path: var[str | None] = var(None, init=False)
    """The path whose dry run passed: only then may the import button write (it is enabled exactly then)."""

    def watch_checked_path(self, path: str | None) -> None:
        self.query_one("#import", Button).disabled = path is None

    def compose(self) -> ComposeResult:
        t = self.fupan.t
        yield Label(t("ui.import_sheet"), classes="section")
        with Horizontal(id="sheet-row"):
            yield CleanInput(placeholder=t("ui.sheet_path_placeholder"), id="sheet-path")
            yield Button(t("ui.preview"), id="preview")
            yield Button(t("ui.import"), id="import", variant="primary", disabled=True)
        yield Static("", id="import-status", markup=False)
        yield Table(id="import-rows", zebra_stripes=True)

    @on(Input.Submitted, "#sheet-path")
    @on(Button.Pressed, "#preview")
    def preview(self) -> None:
        path = self.query_one("#sheet-path", Input).value.strip()
        if path:
            self.checked_path = None
            self._run_import(path, dry_run=True)

    @on(Button.Pressed, "#import")
    def commit(self) -> None:
        path = self.query_one("#sheet-path", Input).value.strip()
        if path and path == self.checked_path:
            self._run_import(path, dry_run=False)

    @on(Input.Changed, "#sheet-path")
    def _path_changed(self) -> None:
        self.checked_path = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="sheet-import")
    def _run_import(self, path: str, dry_run: bool) -> None:
        """Read the sheet off the UI thread, with this thread's own connection (SQLite is per thread).

        exports.indicators is imported here, not at the top, so pandas and openpyxl load only when a sheet
        is actually read (the app starts as fast as a bare Textual app).
        """
        from exports.reading import SheetError
        from exports.indicators import import_indicators

        db = connect(self.fupan.db_path)
        try:
            result = import_indicators(db, self.meeting_id, Path(path).expanduser(), dry_run=dry_run)
        except SheetError as exc:
            self.post_message(SheetChecked(path, dry_run, problems=list(exc.problems)))
        except (OSError, ValueError) as exc:
            self.post_message(SheetChecked(path, dry_run, error=str(exc)))
        else:
            self.post_message(SheetChecked(path, dry_run, result=result))
        finally:
            db.close()

    @on(SheetChecked)
    def _show(self, message: SheetChecked) -> None:
        t = self.fupan.t
        status = self.query_one("#import-status", Static)
        table = self.query_one("#import-rows", DataTable)
        table.clear(columns=True)
        status.set_class(bool(message.problems or message.error), "-problems")
        if message.error:
            status.update(message.error)
            return
        if message.problems is not None:
            status.update(t("ui.import_problems").format(count=len(message.problems)))
            table.add_columns(t("ui.file"), t("ui.row"), t("ui.column"), t("ui.value"), t("ui.expected"))
            for problem in message.problems:
                table.add_row(
                    problem.file, _text(problem.row), _text(problem.column), _text(problem.value),
                    expected_text(problem.expected, self.fupan.lang),
                )
            return
        assert message.result is not None
        meeting = queries.get_meeting(self.fupan.db, self.meeting_id)
        year = period_year(meeting.period, meeting.date)
        headers, rows = preview_table(message.result, self.fupan.lang, t, year)
        table.add_columns(*headers)
        for row in rows:
            table.add_row(*row)
        notes = "".join(f"\n{note}" for note in message.result.aggregation_notes(self.fupan.lang))
        if message.dry_run:
            status.update(t("ui.import_preview").format(count=len(rows)) + notes)
            self.checked_path = message.path
        else:
            status.update(t("ui.imported").format(count=len(rows)) + notes)
            self.checked_path = None
            self.notify(t("ui.imported").format(count=len(rows)), markup=False)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def preview_table(result: ImportResult, lang: str, t: Callable[[str], str],
                  year: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Headers and rows showing what an import would write (or wrote), one line per value; periods with
    the meeting's ``year``."""
    headers = [t("ui.row"), t("presenter"), t("indicator"), t("period"), t("target"), t("actual"), t("aggregation")]
    aggregation = {line.indicator: line.shown(lang) for line in result.aggregations}  # type: ignore[arg-type]
    rows = [
        [
            str(line.row), line.presenter, line.indicator, period_label(line.period, lang, year),
            format_value(line.target, line.unit), format_value(line.actual, line.unit),
            aggregation.get(line.indicator, ""),
        ]
        for line in result.preview
    ]
    return headers, rows


class SetupScreen(FupanScreen):
    """One meeting's details, agenda and indicator import, before the meeting starts."""

    CSS_PATH = "setup.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # below 100 columns the two halves share it
    BINDINGS = [
        Binding("ctrl+s", "save", "ui.save", priority=True, id="setup.save"),
        Binding("ctrl+l", "live", "ui.open_live", id="setup.live"),
        Binding("l", "live", "ui.open_live", show=False, id="setup.live_letter"),
        Binding("escape", "back", "ui.back", id="setup.back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        app = self.fupan
        meeting = queries.get_meeting(app.db, self.meeting_id)
        self.shown_details = replace(meeting)  # the details as the form shows them, for saving what changed
        yield TitleBar()
        with Horizontal(id="columns"):
            # Columns that scroll to the field in focus: at 80×24 the details ran off the screen, and Tab
            # moved the focus to their Save button unseen (no focus stop of their own).
            with VerticalScroll(id="details", can_focus=False):
                yield Label(app.t("ui.details"), classes="section")
                yield MeetingForm(meeting, id="meeting-form")
                yield Button(f"{app.t('ui.save')} (Ctrl+S)", id="save", variant="primary")
                yield IndicatorAggregations(self.meeting_id, id="indicator-aggregations")
            with VerticalScroll(id="side", can_focus=False):
                yield AgendaEditor(self.meeting_id, id="agenda")
                yield SheetImport(self.meeting_id, id="sheet-import")
        yield Footer()

    def on_mount(self) -> None:
        self._set_title()
        self.query_one("#add-presenter", Input).focus()

    def on_screen_resume(self) -> None:
        self.query_one(AgendaEditor).refresh_slots()  # back from the live screen: statuses have moved on

    @on(SheetChecked)
    def _imported(self, message: SheetChecked) -> None:
        if not message.dry_run and message.result is not None:
            self.query_one(IndicatorAggregations).refresh_indicators()

    def store_changed(self) -> None:
        """Another program committed (`FupanApp.check_store`), e.g. `fupan import agenda`: the agenda as
        stored now (the details form is left as typed)."""
        if self.is_mounted:
            self.query_one(AgendaEditor).refresh_slots()

    def _set_title(self) -> None:
        meeting = queries.get_meeting(self.fupan.db, self.meeting_id)
        self.title = f"{self.fupan.t('ui.setup_title')} · {meeting.title}"

    @on(Button.Pressed, "#save")
    @keeps_input_when_busy
    def action_save(self) -> None:
        form = self.query_one(MeetingForm)
        # Only the details the user changed since they were shown are written: the status the live screen
        # moved on, or a goal another program rewrote meanwhile, stays as stored.
        form.meeting = replace(self.shown_details)
        meeting = form.read()
        if meeting is None:
            return
        queries.save_meeting(self.fupan.db, meeting, original=self.shown_details)
        self.shown_details = replace(meeting)
        self._set_title()
        self.notify(self.fupan.t("ui.saved"), markup=False)

    def action_live(self) -> None:
        self.fupan.open_live(self.meeting_id)

    def action_back(self) -> None:
        """Escape leaves a text field for the table first, so a stray Escape never drops the screen."""
        if isinstance(self.focused, Input):
            self.query_one("#slots", DataTable).focus()
        else:
            self.app.pop_screen()
