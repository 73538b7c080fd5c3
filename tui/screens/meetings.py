"""Meetings (复盘会列表): the home screen — list, create, open, set up and delete review meetings."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from core.model import Meeting
from core.parse import period_text
from db import queries
from tui.screens.base import FupanScreen, LocalizedBindings
from tui.widgets.dialogs import ConfirmDialog
from tui.widgets.meeting_form import MeetingForm
from tui.widgets.table import Table


class NewMeetingScreen(LocalizedBindings, ModalScreen["Meeting | None"]):
    """Ask for a new meeting's details; saves it and returns it, or returns None when cancelled.

    Nothing is written until every field is valid (a specific goal above all: never "随便聊聊").
    """

    DEFAULT_CSS = """
    NewMeetingScreen { align: center middle; }
    NewMeetingScreen > Vertical {
        width: 90; height: auto; max-height: 95%; border: thick $primary; background: $surface; padding: 0 2;
    }
    NewMeetingScreen #form-title { text-style: bold; padding: 1 0; }
    NewMeetingScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    NewMeetingScreen Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "ui.save", priority=True),
        Binding("escape", "cancel", "ui.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._localize()

    def compose(self) -> ComposeResult:
        app = self.fupan
        with Vertical():
            yield Label(app.t("ui.new_meeting_title"), id="form-title")
            yield MeetingForm(id="meeting-form")
            with Horizontal(id="buttons"):
                yield Button(f"{app.t('ui.cancel')} (Esc)", id="cancel")
                yield Button(f"{app.t('ui.save')} (Ctrl+S)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        meeting = self.query_one(MeetingForm).read()
        if meeting is None:
            return
        self.dismiss(queries.save_meeting(self.fupan.db, meeting))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MeetingsScreen(FupanScreen):
    """All review meetings, newest first, with their agenda size and open actions."""

    DEFAULT_CSS = """
    MeetingsScreen #meetings { height: 1fr; }
    MeetingsScreen #empty-hint { padding: 2 4; color: $text-muted; display: none; }
    MeetingsScreen.-empty #empty-hint { display: block; }
    MeetingsScreen.-empty #meetings { display: none; }
    """
    BINDINGS = [
        Binding("n", "new_meeting", "ui.new_meeting"),
        Binding("enter,o", "open_live", "ui.open_live"),
        Binding("e", "setup", "ui.setup"),
        Binding("d", "delete", "ui.delete"),
        Binding("t", "tracking", "tracking"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.fupan.t("ui.no_meetings_hint"), id="empty-hint")
        yield Table(id="meetings", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = self.fupan.t("meetings")
        table = self.query_one("#meetings", DataTable)
        t = self.fupan.t
        table.add_columns(
            "ID", t("title"), t("scenario"), t("period"), t("date"), t("status"), t("presenters"),
            t("open_actions"),
        )

    def on_screen_resume(self) -> None:
        """Shown first, or again after setup, live or tracking (counts and statuses may have changed)."""
        self.refresh_meetings()

    def refresh_meetings(self, select_id: int | None = None) -> None:
        """Reload the list, keeping the cursor on the same meeting (or on ``select_id``)."""
        table = self.query_one("#meetings", DataTable)
        keep = select_id if select_id is not None else self.selected_id
        table.clear()
        app = self.fupan
        for listing in queries.list_meetings(app.conn):  # no sqlite-utils needed for the first frame
            m = listing.meeting
            table.add_row(
                str(m.id), m.title, app.label(m.scenario), period_text(m.period, app.lang),
                m.date.isoformat() if m.date else "", app.label(m.status), str(listing.presenters),
                str(listing.open_actions), key=str(m.id),
            )
        self.set_class(table.row_count == 0, "-empty")
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))

    @property
    def selected_id(self) -> int | None:
        """The id of the meeting under the cursor, if any."""
        table = self.query_one("#meetings", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    # --- actions -----------------------------------------------------------------------------------

    def action_new_meeting(self) -> None:
        def created(meeting: Meeting | None) -> None:
            if meeting is None or meeting.id is None:
                return
            self.refresh_meetings(select_id=meeting.id)
            self.notify(self.fupan.t("ui.meeting_created").format(title=meeting.title), markup=False)
            self.fupan.open_setup(meeting.id)

        self.app.push_screen(NewMeetingScreen(), created)

    @on(DataTable.RowSelected, "#meetings")
    def action_open_live(self) -> None:
        if (meeting_id := self.selected_id) is not None:
            self.fupan.open_live(meeting_id)

    def action_setup(self) -> None:
        if (meeting_id := self.selected_id) is not None:
            self.fupan.open_setup(meeting_id)

    def action_tracking(self) -> None:
        self.fupan.open_tracking()

    def action_delete(self) -> None:
        meeting_id = self.selected_id
        if meeting_id is None:
            return
        app = self.fupan
        meeting = queries.get_meeting(app.db, meeting_id)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            queries.delete_meeting(app.db, meeting_id)
            self.refresh_meetings()
            self.notify(app.t("ui.meeting_deleted").format(title=meeting.title), markup=False)

        question = app.t("ui.confirm_delete_meeting").format(title=meeting.title)
        app.push_screen(ConfirmDialog(question, app.t("ui.yes"), app.t("ui.no")), answered)
