"""Tracking (行动跟踪): every action across meetings, filtered, coloured by urgency, updated with a note.

This is the weekly follow-up view that closes the loop (闭环管理): overdue actions in red, actions due
within 7 days in yellow (both decided by `core.rules`), and a status change in two keys — a status key,
then Enter on the note — recorded with its note in the action's history.

Nothing heavy runs on the UI thread: a worker with its own connection reads the rows a page at a time
(SQLite filters, orders and counts them), and a status change redraws its one row.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any, cast

from rich.segment import Segment
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from core.i18n import status_text, update_text
from core.model import Action, ActionStatus, ActionUpdate
from core.rules import is_due_soon, is_overdue
from core.width import display_width
from db import queries
from db.store import connect
from tui import palette
from tui.busy import WhenBusy
from tui.palette import tone
from tui.screens.base import FupanScreen
from tui.textual_adapter import DrawnCells, drop_table_caches
from tui.widgets.inputs import CleanInput
from tui.widgets.notes import NoteDraft, note_dialog
from tui.widgets.select import FittedSelect
from tui.widgets.footer import Footer
from tui.widgets.table import Table
from tui.widgets.text import Fitted, ellipsized, plain
from tui.widgets.title import TitleBar

OVERDUE_STYLE = palette.ALERT
DUE_SOON_STYLE = palette.WARN


class Cell(Fitted):
    """A cell of a column of fixed width (every column here has one), drawn as one line.

    Its one segment — the text cut to the column with "…", in the row's colour — is built with the page
    in the worker (`TrackingScreen._segments`), so drawing a cell on the UI thread hands it over as it
    is; a cell drawn at another width (the columns were just refitted, its page not yet read again) is
    cut at draw time. DataTable measures each cell of every row added, even for columns of fixed width,
    where the result is unused: without ``__rich_measure__`` a page costs nothing to measure.
    """

    __rich_measure__ = None  # type: ignore[assignment]

    def __init__(self, text: Text, width: int, segments: tuple[Segment, ...]) -> None:
        super().__init__(text)
        self.width = width
        self.segments = segments

    def __rich_console__(self, console: Any, options: Any) -> Any:
        if options.max_width == self.width:
            return self.segments
        return _segments(self.text, options.max_width)


def _segments(text: Text, width: int) -> tuple[Segment, ...]:
    """``text`` cut to ``width`` cells with "…" as one segment in its style (`Text.render` draws
    spans only: the whole text's style is given to the segment)."""
    line = ellipsized(text, width, pad=False).plain
    return (Segment(line, (text.style or None) if line else None),)  # type: ignore[arg-type]


class ActionsTable(DrawnCells, Table):
    """The actions, a few pages of them: Ctrl+End and Ctrl+Home reach the last and the first action
    however many pages lie between (`TrackingScreen.last_page`, `TrackingScreen.first_page`). Its cells
    come drawn from the worker (`Cell`), and are drawn on the UI thread by joining their segments with
    the row's style (`DrawnCells`)."""

    def notify_style_update(self) -> None:
        drop_table_caches(self)  # DataTable empties them on every style change (a focus change is one)
        super().notify_style_update()

    def action_scroll_bottom(self) -> None:
        if not cast("TrackingScreen", self.screen).last_page():
            super().action_scroll_bottom()

    def action_scroll_top(self) -> None:
        if not cast("TrackingScreen", self.screen).first_page():
            super().action_scroll_top()


class TrackingScreen(FupanScreen):
    """All actions with their latest update; filters by owner, status, meeting and overdue."""

    # Its rules (tracking.tcss, each scoped to TrackingScreen) load with the app's (`FupanApp.CSS_PATH`):
    # a screen's own CSS_PATH makes Textual parse every stylesheet again and restyle every node when the
    # screen is first shown (~18 ms of the UI thread's CPU on the way to the first rows).
    BINDINGS = [
        Binding("d", "set_status('done')", "ui.mark_done", id="tracking.done"),
        Binding("i", "set_status('in_progress')", "ui.mark_in_progress", id="tracking.in_progress"),
        Binding("c", "set_status('cancelled')", "ui.mark_cancelled", id="tracking.cancelled"),
        Binding("s", "set_status('not_started')", "ui.mark_not_started", id="tracking.not_started"),
        Binding("escape", "back", "ui.back", id="tracking.back"),
    ]

    def compose(self) -> ComposeResult:
        app = self.fupan
        yield TitleBar()
        with Horizontal(id="filters"):
            yield CleanInput(placeholder=app.t("ui.filter_owner"), id="owner-filter")
            yield FittedSelect(
                [(app.label(s), s) for s in ActionStatus], prompt=app.t("ui.all_statuses"), id="status-filter"
            )
            # Its meetings come with the first page (`_read`): nothing is read before the first frame.
            yield FittedSelect([], prompt=app.t("ui.all_meetings"), id="meeting-filter")
            yield Checkbox(app.t("ui.overdue_only"), id="overdue-only")
        yield ActionsTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="tracking-detail", markup=False)
        yield Static(app.t("ui.tracking_loading"), id="tracking-summary")
        yield Footer()

    COLUMNS = ("action_id", "meeting_title", "presenter", "measure", "owner", "due", "action_status", "last_update")
    """Column keys, which are also the i18n keys of their headers (the seeds' 行动计划跟踪表 columns)."""
    FIXED_WIDTHS = {"action_id": 6, "presenter": 8, "owner": 8, "due": 10}
    FLEX_WEIGHTS = {"measure": 3, "last_update": 3, "meeting_title": 2}
    """The long texts share what the fixed columns leave; a cut one ends in "…" and the highlighted
    row's measure and latest update are shown whole under the table."""
    HIDDEN_FIRST = ("meeting_title", "presenter")
    """On a narrow screen these go (in this order) before the measure, owner, due date or status do."""
    WINDOW_PAGES = 3
    """Pages kept listed while the cursor goes up from the last page (each page before is read as the
    cursor comes near the first row; the rows furthest down go)."""
    MIN_FLEX_WIDTH = 10
    OWNER_TYPING_DELAY = 0.25
    """Seconds of quiet typing in the owner filter before the table reloads (large tables stay fluid)."""
    PAGE_ROWS = 100
    """Rows read and drawn at a time: about two screens of a tall terminal. The list may hold 50,000
    actions: SQLite filters, counts and orders them, a worker thread reads one page, and the next page is
    read when the cursor comes within half a page of the end of what is shown (a DataTable given every
    row spends seconds measuring them on the UI thread, and each row added costs the UI thread)."""

    status_filter: var[ActionStatus | None] = var(None, init=False)
    """The status chosen in the status filter, None for all."""
    owner_filter: var[str] = var("", init=False)
    """What the owner filter holds (the table follows after `OWNER_TYPING_DELAY`, or at once on Enter)."""
    meeting_filter: var[int | None] = var(None, init=False)
    """The meeting chosen in the meeting filter, None for all."""
    overdue_only: var[bool] = var(False, init=False)
    """Whether only overdue actions are listed."""
    counts: var[tuple[int, int] | None] = var(None, init=False)
    """How many actions pass the filters, and how many of them are overdue (SQLite's count); None from a
    reload until its count is read (it is read after its first page); the line under the table follows."""
    next_page: var[tuple[str, int] | None] = var(None, init=False)
    """The page position: where the next page starts (`queries.action_sort_key` of the last row listed),
    None when the last action that passes the filters is listed."""
    previous_page: var[tuple[str, int] | None] = var(None, init=False)
    """Where the list starts when it does not start at the first action (after Ctrl+End): the sort key
    of the first row listed; None when the first action is listed."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[int, Action] = {}
        """The actions listed right now (the pages read so far), by id."""
        self._titles: dict[int, str] = {}
        self._meetings: list[tuple[int, str]] | None = None
        """The meeting filter's choices (id, title), as last read."""
        self._loaded = False
        self._generation = 0
        """Bumped by every reload: a page read for older filters is dropped when it arrives."""
        self._reading_page = False
        self._recount = False
        """A row was redrawn while counting: the counts being read may predate its change."""
        self._reload_on_resume = True
        """False while our own note dialog is open: closing it needs one row redrawn, not a reload."""
        self._owner_timer: Timer | None = None
        self._full: dict[int, list[Text]] = {}
        """Each listed action's cells uncut, for the line under the table."""

    def on_mount(self) -> None:
        t = self.fupan.t
        self.title = t("tracking")
        table = self.query_one("#actions", DataTable)
        self._widths: dict[str, int] = {}
        self._fit_columns()
        table.focus()

    def column_widths(self, width: int) -> dict[str, int]:
        """The shown columns and their widths for a table ``width`` cells wide."""
        lang = self.fupan.lang
        status = max(display_width(status_text(s, True, lang)) for s in ActionStatus)
        heading = {key: display_width(self.fupan.t(key)) for key in self.COLUMNS}
        fixed = {key: max(width, heading[key]) for key, width in {**self.FIXED_WIDTHS, "action_status": status}.items()}
        shown = list(self.COLUMNS)
        hideable = list(self.HIDDEN_FIRST)
        while True:
            flex = [key for key in shown if key in self.FLEX_WEIGHTS]
            rest = width - 2 - sum(fixed[key] for key in shown if key in fixed) - 2 * len(shown)  # 2: scrollbar
            least = {key: max(self.MIN_FLEX_WIDTH, heading[key]) for key in flex}  # a heading is never cut
            if rest >= sum(least.values()) or not hideable:
                break
            shown.remove(hideable.pop(0))
        weights = sum(self.FLEX_WEIGHTS[key] for key in flex)
        widths = {key: fixed.get(key, 0) for key in shown}
        for key in flex:
            widths[key] = max(least[key], rest * self.FLEX_WEIGHTS[key] // weights)
        return widths

    def _fit_columns(self) -> bool:
        """Columns for the table's width; True if they changed (the rows are then read again)."""
        table = self.query_one("#actions", DataTable)
        widths = self.column_widths(table.size.width or self.size.width or self.app.size.width)
        if widths == self._widths:
            return False
        self._widths = widths
        t = self.fupan.t
        table.clear(columns=True)
        for key, width in widths.items():
            table.add_column(t(key), key=key, width=width)
        return True

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.is_attached and self._fit_columns() and self._loaded:
            self.refresh_actions()

    def _fitted(self, cells: list[Text], widths: dict[str, int]) -> list[Cell]:
        """A row's cells for the shown columns, each cut to its width with "…" (CJK kept whole), their
        segments built now: called in the worker that read the row, with the widths it was read for."""
        return [Cell(cell, widths[key], _segments(cell, widths[key]))
                for key, cell in zip(self.COLUMNS, cells, strict=True) if key in widths]

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

    def filters(self) -> dict[str, Any]:
        """The filters as `queries.find_actions` takes them."""
        return {
            "meeting_id": self.meeting_filter,
            "statuses": None if self.status_filter is None else [self.status_filter],
            "overdue_on": self.fupan.today() if self.overdue_only else None,
            "owner_contains": self.owner_filter.strip() or None,
        }

    @on(Select.Changed, "#status-filter")
    def _status_chosen(self, event: Select.Changed) -> None:
        self.status_filter = None if event.value is Select.NULL else ActionStatus(event.value)  # type: ignore[arg-type]

    @on(Select.Changed, "#meeting-filter")
    def _meeting_chosen(self, event: Select.Changed) -> None:
        self.meeting_filter = None if event.value is Select.NULL else int(event.value)  # type: ignore[arg-type]

    @on(Checkbox.Changed, "#overdue-only")
    def _overdue_checked(self, event: Checkbox.Changed) -> None:
        self.overdue_only = event.value

    @on(Input.Changed, "#owner-filter")
    def _owner_typed(self, event: Input.Changed) -> None:
        self.owner_filter = event.value

    def watch_status_filter(self) -> None:
        self._filters_changed()

    def watch_meeting_filter(self) -> None:
        self._filters_changed()

    def watch_overdue_only(self) -> None:
        self._filters_changed()

    def _filters_changed(self) -> None:
        if self._loaded:  # the first load comes with ScreenResume
            self.refresh_actions()

    def watch_owner_filter(self) -> None:
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

    def refresh_actions(self, select_id: int | None = None, *, from_top: bool = False) -> None:
        """Reload the table in a worker from the first action, keeping the cursor on the same action
        where it is still listed (as many pages are read again as the cursor had gone down from the
        first action; one when the list started further down); with ``from_top``, the cursor goes to the
        first action."""
        table = self.query_one("#actions", DataTable)
        keep = None if from_top else select_id if select_id is not None else self.selected_id
        self._loaded = True
        self._generation += 1
        self._reading_page = True
        self.counts = None
        rows = self.PAGE_ROWS
        if keep is not None and self.previous_page is None:  # the rows listed start at the first action
            rows = max(self.PAGE_ROWS, table.cursor_row + self.PAGE_ROWS)
        self._read(self._generation, self.filters(), dict(self._widths), "first", None, rows, keep)

    def _next_page(self) -> None:
        """The cursor came near the last row read: read the next page, if there is one."""
        if self.next_page is None or self._reading_page:
            return
        self._reading_page = True
        self._read(self._generation, self.filters(), dict(self._widths), "next", self.next_page, self.PAGE_ROWS, None)

    def _previous_page(self) -> None:
        """The cursor came near the first row listed, and the list starts further down (after Ctrl+End):
        read the page before it."""
        if self.previous_page is None or self._reading_page:
            return
        self._reading_page = True
        self._read(self._generation, self.filters(), dict(self._widths), "previous", self.previous_page,
                   self.PAGE_ROWS, None)

    def last_page(self) -> bool:
        """Ctrl+End: list the last page (read backwards from the end), the cursor on the last action —
        at 50,000 actions the end is one read away, not 500 pages down. False when the last action is
        already listed (the table moves its cursor there itself)."""
        if self.next_page is None:
            return False
        if not self._reading_page:
            self._reading_page = True
            self._read(self._generation, self.filters(), dict(self._widths), "last", None, self.PAGE_ROWS, None)
        return True

    def first_page(self) -> bool:
        """Ctrl+Home: back to the first page when the list no longer starts at the first action (False:
        it does, and the table moves its cursor there itself)."""
        if self.previous_page is None:
            return False
        self.refresh_actions(select_id=None, from_top=True)
        return True

    def _show_detail(self) -> None:
        """The highlighted action's measure and latest update, whole (the table may cut them)."""
        action_id = self.selected_id
        cells = self._full.get(action_id) if action_id is not None else None
        detail = self.query_one("#tracking-detail", Static)
        if not cells:
            detail.update("")
            return
        shown = dict(zip(self.COLUMNS, cells, strict=True))
        t = self.fupan.t
        colon = "：" if self.fupan.lang == "zh" else ": "
        line = Text.assemble(f"#{action_id} ", (t("measure"), "bold"), colon, shown["measure"].plain)
        if shown["last_update"].plain:
            line.append_text(Text.assemble(" · ", (t("last_update"), "bold"), colon, shown["last_update"].plain))
        detail.update(line)

    @on(DataTable.RowHighlighted, "#actions")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        row = event.data_table.cursor_row  # where it is now: a highlight posted while rows were replaced is stale
        if row >= event.data_table.row_count - self.PAGE_ROWS // 2:
            self._next_page()
        elif row < self.PAGE_ROWS // 2:
            self._previous_page()

    @work(thread=True, group="tracking-read")
    def _read(self, generation: int, filters: dict[str, Any], widths: dict[str, int], place: str,
              where: tuple[str, int] | None, rows: int, keep: int | None) -> None:
        """Read a page on a connection of this thread's own, build its cells and hand them to the UI
        thread: the ``first`` (with the meetings' titles), the ``next`` after ``where``, the ``previous``
        before ``where`` or the ``last``. After a first page, count what the filters pass (a scan of
        every action: the rows are shown before it)."""
        app = self.fupan
        today = app.today()
        first = place == "first"
        db = connect(app.db_path)
        try:
            actions = queries.find_actions(db, **filters, limit=rows, after=where if place == "next" else None,
                                           before=where if place == "previous" else None, last=place == "last")
            latest = queries.latest_updates(db, [a.id for a in actions if a.id is not None])
            meetings = queries.meeting_titles(db) if first else None
            titles = dict(meetings) if meetings is not None else self._titles
            page = []
            for action in actions:
                cells = self._cells(action, latest.get(action.id), today, titles)  # type: ignore[arg-type]
                page.append((action, cells, self._fitted(cells, widths)))
            more = None  # where the list goes on past this page (after it, or before it read backwards)
            if len(actions) == rows:
                more = queries.action_sort_key(actions[0] if place in ("previous", "last") else actions[-1])
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                app.call_from_thread(self._show, generation, page, place, more, meetings, keep)
            if first:
                counts = queries.count_actions(db, **filters, today=today)
                with contextlib.suppress(RuntimeError):
                    app.call_from_thread(self._show_counts, generation, filters, counts)
        finally:
            db.close()

    @work(thread=True, group="tracking-read")
    def _count(self, generation: int, filters: dict[str, Any]) -> None:
        """Count again (a row changed while the first count was being read)."""
        app = self.fupan
        db = connect(app.db_path)
        try:
            counts = queries.count_actions(db, **filters, today=app.today())
        finally:
            db.close()
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(self._show_counts, generation, filters, counts)

    def _left(self) -> bool:
        """Whether the screen was left: detached, or being taken down (its parts go first, while the screen
        is still attached for a moment): what a worker read then has nowhere to go."""
        return not self.is_attached or not self.query("#actions") or not self.query("#tracking-summary")

    def _show_counts(self, generation: int, filters: dict[str, Any], counts: tuple[int, int]) -> None:
        """How many actions pass the filters, and how many are overdue, under the table."""
        if generation != self._generation or self._left():
            return
        if self._recount:  # these may have been read before a change redrawn meanwhile
            self._recount = False
            self._count(generation, filters)
            return
        self.counts = counts

    def _show(self, generation: int, page: list[tuple[Action, list[Text], list[Cell]]], place: str,
              more: tuple[str, int] | None, meetings: list[tuple[int, str]] | None, keep: int | None) -> None:
        """A page read by `_read`, on the UI thread: the rows added after the table's (``next``), put
        before them (``previous``: the rows furthest down go past `WINDOW_PAGES` pages), or replacing them
        (``first``, ``last``); the cursor kept on its action."""
        if generation != self._generation or self._left():
            return  # the filters changed meanwhile, or the screen was left
        self._reading_page = False
        table = self.query_one("#actions", DataTable)
        if place == "previous":
            keep = self.selected_id
            listed = [(self._shown[int(key.value)], self._full[int(key.value)], table.get_row(key))  # type: ignore[arg-type]
                      for key in [row.key for row in table.ordered_rows]]
            room = self.WINDOW_PAGES * self.PAGE_ROWS - len(page)
            if len(listed) > room:
                listed = listed[:room]
                self.next_page = queries.action_sort_key(listed[-1][0])
            page = page + listed
        if place != "next":
            drop_table_caches(table)  # freed now, not by a full collection later (DataTable.clear drops rings)
            table.clear()
            self._shown = {}
            self._full = {}
        if meetings is not None:
            self._titles = dict(meetings)
            self._offer_meetings(meetings)
        for action, cells, shown in page:
            assert action.id is not None
            table.add_row(*shown, key=str(action.id))
            self._shown[action.id] = action
            self._full[action.id] = cells
        if place in ("first", "next"):
            self.next_page = more
        if place == "first":
            self.previous_page = None
        elif place in ("previous", "last"):
            self.previous_page = more
        if place == "last":
            self.next_page = None
            table.move_cursor(row=table.row_count - 1)
        elif keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        self._show_detail()

    def _offer_meetings(self, meetings: list[tuple[int, str]]) -> None:
        """The meeting filter's choices, when they changed; the chosen meeting stays chosen (and
        choosing nothing new reads nothing again)."""
        if meetings == self._meetings:
            return
        self._meetings = meetings
        select = self.query_one("#meeting-filter", Select)
        chosen = select.value
        with select.prevent(Select.Changed):
            select.set_options([(plain(title), meeting_id) for meeting_id, title in meetings])
            if chosen is not Select.NULL and any(meeting_id == chosen for meeting_id, _ in meetings):
                select.value = chosen
            else:  # the chosen meeting is gone: all meetings from the next read on (no read now)
                self.set_reactive(TrackingScreen.meeting_filter, None)

    def redraw_action(self, action_id: int, before: Action | None = None) -> None:
        """Redraw one action after a change: its row is read in a worker (`_read_row`), then its cells
        are replaced in place, or its row removed if filtered out; the counts follow from ``before``
        (the action as it was), so nothing else is read or measured."""
        self._read_row(self._generation, self.filters(), dict(self._widths), action_id, before)

    @work(thread=True, group="tracking-row")
    def _read_row(self, generation: int, filters: dict[str, Any], widths: dict[str, int], action_id: int,
                  before: Action | None) -> None:
        app = self.fupan
        today = app.today()
        db = connect(app.db_path)
        try:
            still_listed = queries.find_actions(db, **filters, action_id=action_id)
            latest = queries.latest_updates(db, [action_id]).get(action_id) if still_listed else None
        finally:
            db.close()
        action = still_listed[0] if still_listed else None
        cells = self._cells(action, latest, today, self._titles) if action is not None else None
        shown = dict(zip([key for key in self.COLUMNS if key in widths], self._fitted(cells, widths))) if cells else {}
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            app.call_from_thread(self._redraw, generation, action_id, before, action, cells, shown, today)

    def _redraw(self, generation: int, action_id: int, before: Action | None, action: Action | None,
                cells: list[Text] | None, shown: dict[str, Cell], today: date) -> None:
        """The row read by `_read_row`, on the UI thread. A reload begun meanwhile reads it anyway."""
        if generation != self._generation or self._left():
            return
        table = self.query_one("#actions", DataTable)
        total, overdue = self.counts or (0, 0)
        overdue -= before is not None and is_overdue(before, today)
        if action is None or cells is None:
            if str(action_id) in table.rows:
                table.remove_row(str(action_id))
            self._shown.pop(action_id, None)
            total -= before is not None
        else:
            overdue += is_overdue(action, today)
            for key, cell in shown.items():  # fixed widths: nothing to re-measure
                if key in table.columns:
                    table.update_cell(str(action_id), key, cell)
            self._shown[action_id] = action
            self._full[action_id] = cells
            self._show_detail()
        if self.counts is None:
            self._recount = True  # the counts on their way may not include this change
        else:
            self.counts = (total, overdue)

    def _cells(self, action: Action, latest: ActionUpdate | None, today: date, titles: dict[int, str]) -> list[Text]:
        """One row: red when overdue, yellow when due within 7 days (the rules of core.rules)."""
        lang = self.fupan.lang
        overdue = is_overdue(action, today)
        status = status_text(action.status, overdue, lang)
        style = ""
        if overdue:
            style = OVERDUE_STYLE
        elif is_due_soon(action, today):
            style = DUE_SOON_STYLE
        cells = [
            str(action.id), titles.get(action.meeting_id, ""), action.presenter, action.measure,
            action.owner, action.due.isoformat() if action.due else "", status, update_text(latest, lang),
        ]
        return [Text(cell, style=tone(self.app, style)) for cell in cells]

    def watch_counts(self, counts: tuple[int, int] | None) -> None:
        """The line under the table: how many actions are listed, and how many are overdue."""
        app = self.fupan
        if counts is None:
            self.query_one("#tracking-summary", Static).update(app.t("ui.tracking_loading"))
            return
        count, overdue = counts
        summary = app.t("ui.action_count").format(count=count, overdue=overdue)
        self.query_one("#tracking-summary", Static).update(summary if count else app.t("ui.no_actions"))

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
        action = self._shown.get(action_id) or queries.get_action(app.db, action_id)  # as listed: as counted

        def noted(note: str | None) -> None:
            if note is None:  # Escape: nothing changes
                return
            with WhenBusy(app, "store_busy_status", id=str(action_id), note=note) as guard:
                with draft.saving():  # the note's draft ends with the change, in one transaction
                    recorded = queries.update_action_status(app.db, action_id, new_status, note, at=app.now())
            if guard.busy:
                return
            if recorded is None:
                self.notify(app.t("status_unchanged").format(id=action_id), markup=False)
                return
            self.redraw_action(action_id, before=action)
            self.notify(app.t("ui.status_updated").format(id=action_id, status=app.label(new_status)), markup=False)

        prompt = app.t("ui.status_note_prompt").format(
            id=action_id, measure=action.measure, status=app.label(new_status)
        )
        self._reload_on_resume = False
        # A note typed here is kept as a draft of the action's own meeting and presenter.
        draft = NoteDraft(app.db, action_id, action.meeting_id, action.presenter, new_status.value, app.now)
        app.push_screen(note_dialog(app, prompt, draft, placeholder=app.t("note")), noted)

    def action_back(self) -> None:
        """Escape leaves a text field for the table first, so a stray Escape never drops the screen."""
        if isinstance(self.focused, Input):
            self.query_one("#actions", DataTable).focus()
        else:
            self.app.pop_screen()
