"""Tracking (行动跟踪): every action across meetings, filtered, coloured by urgency, updated with a note.

This is the weekly follow-up view that closes the loop (闭环管理): overdue actions in red, actions due
within 7 days in yellow (both decided by `core.rules`), and a status change in two keys — a status key,
then Enter on the note — recorded with its note in the action's history.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Select, Static

from core.model import Action, ActionStatus, ActionUpdate
from core.rules import is_due_soon, is_overdue
from db import queries
from tui.screens.base import FupanScreen
from tui.widgets.dialogs import TextDialog

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
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder=app.t("ui.filter_owner"), id="owner-filter")
            yield Select(
                [(app.label(s), s) for s in ActionStatus], prompt=app.t("ui.all_statuses"), id="status-filter"
            )
            yield Select(
                [(listing.meeting.title, listing.meeting.id) for listing in queries.list_meetings(app.db)],
                prompt=app.t("ui.all_meetings"),
                id="meeting-filter",
            )
            yield Checkbox(app.t("ui.overdue_only"), id="overdue-only")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="tracking-summary")
        yield Footer()

    def on_mount(self) -> None:
        t = self.fupan.t
        self.title = t("tracking")
        table = self.query_one("#actions", DataTable)
        table.add_columns(
            t("action_id"), t("meeting_title"), t("presenter"), t("measure"), t("owner"), t("due"),
            t("action_status"), t("last_update"),
        )
        self.refresh_actions()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_actions()

    # --- filters -------------------------------------------------------------------------------

    def filtered_actions(self) -> list[Action]:
        """The actions the filters let through, in due-date order (from `queries.find_actions`)."""
        status = self.query_one("#status-filter", Select).value
        meeting = self.query_one("#meeting-filter", Select).value
        overdue_only = self.query_one("#overdue-only", Checkbox).value
        actions = queries.find_actions(
            self.fupan.db,
            meeting_id=None if meeting is Select.NULL else int(meeting),  # type: ignore[arg-type]
            statuses=None if status is Select.NULL else [ActionStatus(status)],
            overdue_on=self.fupan.today() if overdue_only else None,
        )
        # Owner matches as people type it: part of the name, any case.
        owner = self.query_one("#owner-filter", Input).value.strip().casefold()
        if owner:
            actions = [a for a in actions if owner in a.owner.casefold()]
        return actions

    @on(Input.Changed, "#owner-filter")
    @on(Select.Changed)
    @on(Checkbox.Changed, "#overdue-only")
    def _filters_changed(self) -> None:
        self.refresh_actions()

    @on(Input.Submitted, "#owner-filter")
    def _owner_entered(self) -> None:
        self.query_one("#actions", DataTable).focus()

    # --- table ---------------------------------------------------------------------------------

    def refresh_actions(self, select_id: int | None = None) -> None:
        """Reload the table, keeping the cursor on the same action where it is still listed."""
        app = self.fupan
        table = self.query_one("#actions", DataTable)
        keep = select_id if select_id is not None else self.selected_id
        today = app.today()
        actions = self.filtered_actions()
        titles = {listing.meeting.id: listing.meeting.title for listing in queries.list_meetings(app.db)}
        latest = queries.latest_updates(app.db, [a.id for a in actions if a.id is not None])
        table.clear()
        overdue = 0
        for action in actions:
            style = ""
            if is_overdue(action, today):
                style, overdue = OVERDUE_STYLE, overdue + 1
            elif is_due_soon(action, today):
                style = DUE_SOON_STYLE
            status = app.label(action.status)
            if style == OVERDUE_STYLE:
                status = f"{status} · {app.label('overdue')}"
            cells = [
                str(action.id), titles.get(action.meeting_id, ""), action.presenter, action.measure,
                action.owner, action.due.isoformat() if action.due else "", status,
                self._update_text(latest.get(action.id)),  # type: ignore[arg-type]
            ]
            table.add_row(*(Text(cell, style=style) for cell in cells), key=str(action.id))
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        summary = app.t("ui.action_count").format(count=len(actions), overdue=overdue)
        self.query_one("#tracking-summary", Static).update(summary if actions else app.t("ui.no_actions"))

    def _update_text(self, update: ActionUpdate | None) -> str:
        if update is None:
            return ""
        text = f"{update.at:%Y-%m-%d} {self.fupan.label(update.status)}"
        return f"{text}：{update.note}" if update.note else text

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
            queries.update_action_status(app.db, action_id, new_status, note, at=app.now())
            self.refresh_actions(select_id=action_id)
            self.notify(app.t("ui.status_updated").format(id=action_id, status=app.label(new_status)))

        prompt = app.t("ui.status_note_prompt").format(
            id=action_id, measure=action.measure, status=app.label(new_status)
        )
        app.push_screen(TextDialog(prompt, placeholder=app.t("note")), noted)

    def action_back(self) -> None:
        self.app.pop_screen()
