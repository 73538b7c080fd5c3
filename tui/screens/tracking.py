"""Tracking (行动跟踪): every action across meetings, filtered, coloured by urgency, updated with a note.

This is the weekly follow-up view that closes the loop (闭环管理): overdue actions in red, actions due
within 7 days in yellow (both decided by `core.rules`), and a status change in two keys — a status key,
then Enter on the note — recorded with its note in the action's history.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Checkbox, DataTable, Input, Select, Static
from textual.widgets.data_table import ColumnKey

from core.i18n import status_text, update_text
from core.model import Action, ActionStatus, ActionUpdate
from core.rules import is_due_soon, is_overdue
from db import queries
from tui.busy import WhenBusy
from tui.screens.base import FupanScreen
from tui.widgets.dialogs import TextDialog
from tui.widgets.footer import Footer
from tui.widgets.table import Table
from tui.widgets.text import plain
from tui.widgets.title import TitleBar

OVERDUE_STYLE = "bold red"
DUE_SOON_STYLE = "yellow"


class TrackingScreen(FupanScreen):
    """All actions with their latest update; filters by owner, status, meeting and overdue."""

    DEFAULT_CSS = """
    TrackingScreen #filters { height: auto; padding: 0 1; }
    TrackingScreen #owner-filter { width: 28; }
    TrackingScreen #status-filter { width: 22; }
    TrackingScreen #meeting-filter { width: 1fr; }
    TrackingScreen #overdue-only { width: auto; }
    TrackingScreen #actions { height: 1fr; }
    TrackingScreen #tracking-summary { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("d", "set_status('done')", "ui.mark_done"),
        Binding("i", "set_status('in_progress')", "ui.mark_in_progress"),
        Binding("c", "set_status('cancelled')", "ui.mark_cancelled"),
        Binding("s", "set_status('not_started')", "ui.mark_not_started"),
        Binding("escape", "back", "ui.back"),
    ]

    def compose(self) -> ComposeResult:
        app = self.fupan
        yield TitleBar()
        with Horizontal(id="filters"):
            yield Input(placeholder=app.t("ui.filter_owner"), id="owner-filter")
            yield Select(
                [(app.label(s), s) for s in ActionStatus], prompt=app.t("ui.all_statuses"), id="status-filter"
            )
            yield Select(
                [(plain(listing.meeting.title), listing.meeting.id) for listing in queries.list_meetings(app.db)],
                prompt=app.t("ui.all_meetings"),
                id="meeting-filter",
            )
            yield Checkbox(app.t("ui.overdue_only"), id="overdue-only")
        yield Table(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="tracking-summary")
        yield Footer()

    COLUMNS = ("action_id", "meeting_title", "presenter", "measure", "owner", "due", "action_status", "last_update")
    """Column keys, which are also the i18n keys of their headers (the seeds' 行动计划跟踪表 columns)."""
    OWNER_TYPING_DELAY = 0.25
    """Seconds of quiet typing in the owner filter before the table reloads (large tables stay fluid)."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[int, Action] = {}
        """The actions listed right now, by id: the summary line counts them."""
        self._titles: dict[int, str] = {}
        self._loaded = False
        self._reload_on_resume = True
        """False while our own note dialog is open: closing it needs one row redrawn, not a reload."""
        self._owner_timer: Timer | None = None

    def on_mount(self) -> None:
        t = self.fupan.t
        self.title = t("tracking")
        table = self.query_one("#actions", DataTable)
        for key in self.COLUMNS:
            table.add_column(t(key), key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        """Shown for the first time, or back from another screen: reload (a note dialog excepted)."""
        if self._reload_on_resume:
            self.refresh_actions()
        self._reload_on_resume = True

    def store_changed(self) -> None:
        """Another program committed (`FupanApp.check_store`): the rows as stored now."""
        if self._loaded:
            self.refresh_actions()

    # --- filters -------------------------------------------------------------------------------

    def filtered_actions(self, action_id: int | None = None) -> list[Action]:
        """The actions the filters let through, in due-date order (from `queries.find_actions`); with
        ``action_id``, that one action if it still passes."""
        status = self.query_one("#status-filter", Select).value
        meeting = self.query_one("#meeting-filter", Select).value
        overdue_only = self.query_one("#overdue-only", Checkbox).value
        actions = queries.find_actions(
            self.fupan.db,
            meeting_id=None if meeting is Select.NULL else int(meeting),  # type: ignore[arg-type]
            statuses=None if status is Select.NULL else [ActionStatus(status)],
            overdue_on=self.fupan.today() if overdue_only else None,
            action_id=action_id,
        )
        return [a for a in actions if self._owner_matches(a)]

    def _owner_matches(self, action: Action) -> bool:
        """Owner matches as people type it: part of the name, any case."""
        owner = self.query_one("#owner-filter", Input).value.strip().casefold()
        return not owner or owner in action.owner.casefold()

    @on(Select.Changed)
    @on(Checkbox.Changed, "#overdue-only")
    def _filters_changed(self) -> None:
        if self._loaded:  # the first load comes with ScreenResume
            self.refresh_actions()

    @on(Input.Changed, "#owner-filter")
    def _owner_typed(self) -> None:
        if self._owner_timer is not None:
            self._owner_timer.stop()
        self._owner_timer = self.set_timer(self.OWNER_TYPING_DELAY, self.refresh_actions)

    @on(Input.Submitted, "#owner-filter")
    def _owner_entered(self) -> None:
        if self._owner_timer is not None:
            self._owner_timer.stop()
        self.refresh_actions()
        self.query_one("#actions", DataTable).focus()

    # --- table ---------------------------------------------------------------------------------

    def refresh_actions(self, select_id: int | None = None) -> None:
        """Reload the table, keeping the cursor on the same action where it is still listed."""
        app = self.fupan
        table = self.query_one("#actions", DataTable)
        keep = select_id if select_id is not None else self.selected_id
        actions = self.filtered_actions()
        self._titles = {m.meeting.id: m.meeting.title for m in queries.list_meetings(app.db)}  # type: ignore[misc]
        self._loaded = True
        latest = queries.latest_updates(app.db, [a.id for a in actions if a.id is not None])
        today = app.today()
        table.clear()
        self._shown = {}
        for action in actions:
            assert action.id is not None
            table.add_row(*self._cells(action, latest.get(action.id), today), key=str(action.id))
            self._shown[action.id] = action
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        self._update_summary()

    def redraw_action(self, action_id: int) -> None:
        """Redraw one action after a change: its cells in place, or its row removed if filtered out."""
        app = self.fupan
        table = self.query_one("#actions", DataTable)
        still_listed = self.filtered_actions(action_id)
        if not still_listed:
            table.remove_row(str(action_id))
            self._shown.pop(action_id, None)
        else:
            action = still_listed[0]
            latest = queries.latest_updates(app.db, [action_id]).get(action_id)
            for key, cell in zip(self.COLUMNS, self._cells(action, latest, app.today())):
                # Re-measuring a column costs a pass over every row: only when this cell is wider.
                wider = cell.cell_len > table.columns[ColumnKey(key)].content_width
                table.update_cell(str(action_id), key, cell, update_width=wider)
            self._shown[action_id] = action
        self._update_summary()

    def _cells(self, action: Action, latest: ActionUpdate | None, today: date) -> list[Text]:
        """One row: red when overdue, yellow when due within 7 days (the rules of core.rules)."""
        app = self.fupan
        overdue = is_overdue(action, today)
        status = status_text(action.status, overdue, app.lang)
        style = ""
        if overdue:
            style = OVERDUE_STYLE
        elif is_due_soon(action, today):
            style = DUE_SOON_STYLE
        cells = [
            str(action.id), self._titles.get(action.meeting_id, ""), action.presenter, action.measure,
            action.owner, action.due.isoformat() if action.due else "", status, update_text(latest, app.lang),
        ]
        return [Text(cell, style=style) for cell in cells]

    def _update_summary(self) -> None:
        app = self.fupan
        today = app.today()
        overdue = sum(is_overdue(a, today) for a in self._shown.values())
        summary = app.t("ui.action_count").format(count=len(self._shown), overdue=overdue)
        self.query_one("#tracking-summary", Static).update(summary if self._shown else app.t("ui.no_actions"))

    @property
    def selected_id(self) -> int | None:
        table = self.query_one("#actions", DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(value) if value is not None else None

    # --- actions -------------------------------------------------------------------------------

    def action_set_status(self, status: str) -> None:
        """Ask for a note (Enter accepts an empty one), then record the status change."""
        action_id = self.selected_id
        if action_id is None:
            return
        app = self.fupan
        new_status = ActionStatus(status)
        action = queries.get_action(app.db, action_id)

        def noted(note: str | None) -> None:
            if note is None:  # Escape: nothing changes
                return
            with WhenBusy(app, "store_busy_status", id=str(action_id), note=note) as guard:
                recorded = queries.update_action_status(app.db, action_id, new_status, note, at=app.now())
            if guard.busy:
                return
            if recorded is None:
                self.notify(app.t("status_unchanged").format(id=action_id), markup=False)
                return
            self.redraw_action(action_id)
            self.notify(app.t("ui.status_updated").format(id=action_id, status=app.label(new_status)), markup=False)

        prompt = app.t("ui.status_note_prompt").format(
            id=action_id, measure=action.measure, status=app.label(new_status)
        )
        self._reload_on_resume = False
        app.push_screen(TextDialog(prompt, placeholder=app.t("note")), noted)

    def action_back(self) -> None:
        """Escape leaves a text field for the table first, so a stray Escape never drops the screen."""
        if isinstance(self.focused, Input):
            self.query_one("#actions", DataTable).focus()
        else:
            self.app.pop_screen()
