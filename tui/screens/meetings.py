"""Meetings (复盘会列表): the home screen — list, create, open, set up and delete review meetings."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from core.meeting import Meeting, MeetingStatus
from core.parse import period_text, period_year
from db.listing import action_reminders, list_meetings
from tui import palette
from tui.palette import tone
from tui.screens.base import FupanScreen
from tui.widgets.footer import Footer
from tui.widgets.text import aligned, column_widths
from tui.widgets.title import TitleBar

_LINE_MARGIN = 4  # cells of a list line that are not text: padding, and a scrollbar when the list is long
_STATUS_STYLE = {MeetingStatus.PLANNED: "", MeetingStatus.RUNNING: "bold " + palette.GOOD, MeetingStatus.FINISHED: "dim"}


class MeetingList(OptionList):
    """The list of meetings, which tells its screen when its width changes: the F1 keys panel narrows it
    with the screen's size unchanged, and its lines are then laid out again for the width left."""

    def on_resize(self) -> None:
        if isinstance(self.screen, MeetingsScreen):
            self.screen.list_width = self.size.width


class MeetingsScreen(FupanScreen):
    """All review meetings, newest first, with their agenda size and open actions."""

    BINDINGS = [
        Binding("n", "new_meeting", "ui.new_meeting", id="meetings.new"),
        Binding("c", "next_review", "ui.next_review", id="meetings.next_review"),
        Binding("enter,o", "open_live", "ui.open_live", id="meetings.open"),
        Binding("e", "setup", "ui.setup", id="meetings.setup"),
        Binding("d", "delete", "ui.delete", id="meetings.delete"),
        Binding("t", "tracking", "tracking", id="meetings.tracking"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="meetings-head", markup=False)
        yield MeetingList(id="meetings")
        yield Footer()

    rows: var[tuple[tuple[str, list[str | Text]], ...]] = var((), init=False, always_update=True)
    """(meeting id, cells) of every meeting, as last read: the list is laid out again when they change."""
    list_width: var[int] = var(0, init=False)
    """The width the list is laid out for: the title column takes what the others leave."""

    def on_mount(self) -> None:
        self.title = self.fupan.t("meetings")

    def on_screen_resume(self) -> None:
        """Shown first, or again after setup, live or tracking (counts and statuses may have changed)."""
        self.refresh_meetings()

    def store_changed(self) -> None:
        """Another program committed (`FupanApp.check_store`): a meeting added, renamed or its counts moved."""
        if self.is_mounted:
            self.refresh_meetings()

    def on_resize(self) -> None:
        self.list_width = self.app.size.width  # start-up resizes to the same width: nothing to redo

    def watch_rows(self) -> None:
        self._lay_out(self.selected_id)

    def watch_list_width(self) -> None:
        self._lay_out(self.selected_id)

    def refresh_meetings(self, select_id: int | None = None) -> None:
        """Reload the list, keeping the cursor on the same meeting (or moving it to ``select_id``)."""
        app = self.fupan
        rows = []
        for listing in list_meetings(app.db):
            m = listing.meeting
            rows.append((str(m.id), [
                str(m.id), m.title, Text(app.label(m.status), tone(app, _STATUS_STYLE[m.status])),
                m.date.isoformat() if m.date else "", period_text(m.period, app.lang, period_year(m.period, m.date)),
                str(listing.presenters),
                Text(str(listing.open_actions), tone(app, "bold " + palette.WARN if listing.open_actions else "")),
                app.label(m.scenario),
            ]))
        reminders = action_reminders(app.db, app.today())  # across meetings: what needs chasing now
        self.sub_title = app.t("ui.reminders").format(overdue=reminders.overdue, soon=reminders.due_soon,
                                                      days=reminders.days)
        self.rows = tuple(rows)  # laid out again (watch_rows)
        if select_id is not None:
            self._highlight(select_id)

    def _lay_out(self, keep: int | None) -> None:
        """Draw the loaded rows for the screen's width, the cursor on ``keep`` if it is listed."""
        t, rows = self.fupan.t, self.rows
        # Most telling first: on a narrow terminal the scenario, then the counts, are cut, not the title.
        heading = ["ID", t("title"), t("status"), t("date"), t("period"), t("presenters"), t("open_actions"),
                   t("scenario")]
        widths = column_widths([heading, *(cells for _, cells in rows)])
        # The title takes the room the columns up to the open actions leave (at least 16 cells); columns
        # that do not fit whole are left out from the right, so a line is never cut or wrapped.
        room = (self.list_width or self.app.size.width) - _LINE_MARGIN
        widths[1] = max(16, min(widths[1], room - 2 * (len(widths) - 2) - (sum(widths[:-1]) - widths[1])))
        shown = len(widths)
        while shown > 2 and sum(widths[:shown]) + 2 * (shown - 1) > room:
            shown -= 1
        self.query_one("#meetings-head", Static).update(
            aligned(heading[:shown], widths[:shown]) if rows else t("ui.no_meetings_hint"))
        meetings = self.query_one("#meetings", OptionList)
        meetings.set_options(Option(aligned(cells[:shown], widths[:shown]), id=key) for key, cells in rows)
        self.set_class(not rows, "-empty")
        self._highlight(keep)

    def _highlight(self, meeting_id: int | None) -> None:
        """The cursor on that meeting if it is listed, else on the first line."""
        meetings = self.query_one("#meetings", OptionList)
        if meeting_id is not None and str(meeting_id) in {key for key, _ in self.rows}:
            meetings.highlighted = meetings.get_option_index(str(meeting_id))
        elif self.rows:
            meetings.highlighted = 0

    @property
    def selected_id(self) -> int | None:
        """The id of the meeting under the cursor, if any."""
        meetings = self.query_one("#meetings", OptionList)
        if meetings.highlighted is None or meetings.option_count == 0:
            return None
        return int(meetings.get_option_at_index(meetings.highlighted).id or 0) or None

    # --- actions -----------------------------------------------------------------------------------

    def action_new_meeting(self) -> None:
        from tui.screens.new_meeting import (
            NewMeetingScreen,  # the form loads when asked for, not at start
        )

        def created(meeting: Meeting | None) -> None:
            if meeting is None or meeting.id is None:
                return
            self.refresh_meetings(select_id=meeting.id)
            self.notify(self.fupan.t("ui.meeting_created").format(title=meeting.title), markup=False)
            self.fupan.open_setup(meeting.id)

        self.app.push_screen(NewMeetingScreen(), created)

    def action_next_review(self) -> None:
        """The review after the one under the cursor, in one key: next title and period, the same agenda;
        its setup opens, and the presenters skipped or not presented last time are named."""
        previous_id = self.selected_id
        if previous_id is None:
            return
        from core.rules import next_meeting  # loaded when asked for, not at start
        from db import queries

        from tui.busy import WhenBusy

        app = self.fupan
        try:
            meeting = next_meeting(queries.get_meeting(app.db, previous_id), app.today())
            with WhenBusy(app) as guard:  # a locked database: one notice, nothing created
                meeting, flagged = queries.create_next_meeting(app.db, previous_id, meeting)
        except queries.NotFound:  # deleted by another program before the list noticed: show the list as it is
            self.refresh_meetings()
            return
        if guard.busy:
            return
        self.refresh_meetings(select_id=meeting.id)
        count = len(queries.slots_for(app.db, meeting.id))
        self.notify(app.t("ui.next_created").format(title=meeting.title, count=count), markup=False)
        if flagged:
            self.notify("\n".join(app.t("next.flagged").format(name=name, why=app.t(f"next.{why}"))
                                  for name, why in flagged), severity="warning", markup=False, timeout=10)
        app.open_setup(meeting.id)

    @on(OptionList.OptionSelected, "#meetings")
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
        # Loaded when asked for: the list itself needs neither the dialog nor the rest of the model.
        from db import queries
        from tui.widgets.dialogs import ConfirmDialog

        app = self.fupan
        meeting = queries.get_meeting(app.db, meeting_id)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from tui.busy import WhenBusy

            with WhenBusy(app) as guard:
                queries.delete_meeting(app.db, meeting_id)
            if guard.busy:
                return
            self.refresh_meetings()
            self.notify(app.t("ui.meeting_deleted").format(title=meeting.title), markup=False)

        question = app.t("ui.confirm_delete_meeting").format(title=meeting.title)
        app.push_screen(ConfirmDialog(question, app.t("ui.yes"), app.t("ui.no")), answered)
