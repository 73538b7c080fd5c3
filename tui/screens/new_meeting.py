"""New meeting (新建复盘会): a modal form; nothing is written until every field is valid."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from db import queries
from tui.busy import keeps_input_when_busy
from tui.screens.base import LocalizedBindings
from tui.shell import ScreenWords
from tui.widgets.meeting_form import MeetingForm


class NewMeetingScreen(ScreenWords, LocalizedBindings, ModalScreen["Meeting | None"]):
    """Ask for a new meeting's details; saves it and returns it, or returns None when cancelled.

    Nothing is written until every field is valid (a specific goal above all: never "随便聊聊").
    """

    CSS_PATH = "new_meeting.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "ui.save", priority=True, id="new_meeting.save"),
        Binding("escape", "cancel", "ui.cancel", id="new_meeting.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._localize()

    def compose(self) -> ComposeResult:
        app = self.fupan
        with VerticalScroll(id="dialog", can_focus=False):  # a short terminal scrolls to the field in focus
            yield Label(app.t("ui.new_meeting_title"), id="form-title")
            yield MeetingForm(id="meeting-form")
            with Horizontal(id="buttons"):
                yield Button(f"{app.t('ui.cancel')} (Esc)", id="cancel")
                yield Button(f"{app.t('ui.save')} (Ctrl+S)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    @on(Button.Pressed, "#save")
    @keeps_input_when_busy
    def action_save(self) -> None:
        meeting = self.query_one(MeetingForm).read()
        if meeting is None:
            return
        self.dismiss(queries.save_meeting(self.fupan.db, meeting))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
