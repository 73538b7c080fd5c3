"""The live meeting (现场复盘): a countdown per presenter, the agenda, and the presenter workspace.

The screen owns the current slot's `core.timer.SlotTimer`. Every timer action (start, pause, next, skip,
±1 min) writes the slot's state to the database before the screen changes, so quitting or a crash at any
moment resumes the same slot with the right elapsed time. The interval only repaints: the time shown is
always computed from the clock.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Static, TabPane

from core import agenda
from core.clock import clock_face
from core.model import MeetingStatus, Slot, SlotStatus
from core.timer import Phase, PhaseWatch, SlotTimer, TimerSettings, TimerState, was_presented
from db import queries
from db.store import is_busy
from tui.exporting import ask_and_export
from tui.messages import AfterTyped, CaptureSaved, RootCauseRequested, SlotChosen
from tui.screens.base import FupanScreen
from tui.screens.live_keys import BINDINGS as LIVE_KEYS
from tui.screens.live_keys import LiveKeys
from tui.widgets.bigclock import RoomClock
from tui.widgets.clock import AgendaList, Countdown
from tui.widgets.dialogs import MessageDialog
from tui.widgets.inputs import refocus
from tui.widgets.footer import Footer
from tui.widgets.slot_info import SlotInfo
from tui.widgets.title import TitleBar
from tui.widgets.workspace import LISTING_TABS, TABS, Pane, Presenting, Workspace

TICK_SECONDS = 0.25
NARROW_BELOW = 100  # columns: below, the agenda drops its status column (the mark tells it) for the indicators
SHORT_BELOW = 30  # rows: below, a tab's list and its form share the height (live.tcss)


class LiveScreen(FupanScreen, LiveKeys):
    """The heart of fupan: the timed agenda and the capture of gaps, root causes, actions, lessons."""

    BINDINGS = LIVE_KEYS  # tui/screens/live_keys.py

    index: reactive[int | None] = reactive(None, init=False, always_update=True)
    """The agenda position of the slot on the clock; its line in the sidebar is highlighted."""
    muted: reactive[bool] = reactive(False, init=False)
    """The bell is off (F8, or the app started without one); said beside the timer's state."""

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting = queries.get_meeting(self.app.db, meeting_id)  # type: ignore[attr-defined]
        self.slots: list[Slot] = queries.slots_for(self.app.db, meeting_id)  # type: ignore[attr-defined]
        self.set_reactive(LiveScreen.index, agenda.current_index(self.slots))
        self.timer: SlotTimer | None = None
        self.watch = PhaseWatch()
        self.set_reactive(LiveScreen.muted, not self.app.bell_enabled)  # type: ignore[attr-defined]
        self.signals: list[Phase] = []
        """Every phase signalled (flash + bell): a slot never runs out silently."""
        self._unsaved: dict[int | None, Slot] = {}
        """Slots whose timer state a locked database has not taken yet: the tick retries them."""
        self._focus_under_clock: Widget | None = None  # the focus F12 took away, given back by F12

    # --- layout ------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t = self.app.t  # type: ignore[attr-defined]
        # Narrow or not from the start: the class added once the widgets are mounted restyles them all.
        self._fit_to(self.app.size)
        yield TitleBar()
        with Horizontal(id="live-body"):
            with Vertical(id="sidebar"):
                yield Label(t("agenda"), classes="section-title")
                yield Label("", id="agenda-head", classes="muted")
                agenda = AgendaList(id="agenda")
                agenda.set_reactive(AgendaList.compact, self.has_class("-narrow"))
                yield agenda
            with Vertical(id="main"):
                with Horizontal(id="clock-row"):
                    yield Countdown(id="countdown")
                    yield SlotInfo(id="clock-info")
                # Only the first tab's pane is composed; the others are built when first shown.
                later = {tab_id: partial(pane_class, id=f"pane-{tab_id}") for tab_id, pane_class, _ in TABS[1:]}
                with Workspace(id="workspace", panes=later):
                    for number, (tab_id, pane_class, key) in enumerate(TABS, start=1):
                        with TabPane(f"{number} {t(key)}", id=tab_id):
                            if tab_id not in later:
                                yield pane_class(id=f"pane-{tab_id}")
                yield Static(t("edit_hint"), classes="hint")
        yield Footer()  # (F12's room clock is built the first time F12 shows it: `action_big_clock`)

    def on_mount(self) -> None:
        self.title = self.meeting.title
        self.sub_title = self.meeting.goal
        heading = self.query_one(AgendaList).setup(self.app.lang)  # type: ignore[attr-defined]
        self.query_one("#agenda-head", Label).update(heading)
        self._select_slot(self.index)
        if self.timer is not None:
            self.watch = PhaseWatch(self.timer.phase())
        self.query_one(Countdown).follow(self._remaining)
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)
        self._pane(TABS[0][0]).focus_first()
        self.call_after_refresh(self.fupan.collector.keep)  # built and painted: out of the collector's walks

    def on_resize(self) -> None:
        self._fit_to(self.size)
        agenda = self.query_one(AgendaList)
        agenda.compact = self.has_class("-narrow")
        self.query_one("#agenda-head", Label).update(agenda.heading())
        self.call_after_refresh(self.fit_tabs)

    def _fit_to(self, size: Size) -> None:
        """The screen's size classes: `-narrow` (the agenda compact too) and `-short` (live.tcss)."""
        self.set_class(size.width < NARROW_BELOW, "-narrow")
        self.set_class(size.height < SHORT_BELOW, "-short")

    def fit_tabs(self) -> None:
        self.query_one(Workspace).fit_labels(self.app.t)  # type: ignore[attr-defined]

    # --- state -------------------------------------------------------------------------------------

    @property
    def db(self):
        return self.app.db  # type: ignore[attr-defined]

    @property
    def settings(self) -> TimerSettings:
        return TimerSettings(self.meeting.wrap_up_seconds, self.meeting.final_seconds)

    @property
    def current(self) -> Slot | None:
        return None if self.index is None else self.slots[self.index]

    def _select_slot(self, index: int | None) -> None:
        self.index = index
        slot = self.current
        self.timer = None if slot is None else SlotTimer(TimerState.of(slot), self.app.clock, self.settings)  # type: ignore[attr-defined]
        if self.timer is not None:
            self.watch = PhaseWatch(self.timer.phase())
        self.query_one(Workspace).present(None if slot is None else Presenting(self.meeting, slot.presenter))
        self._show_agenda()

    def watch_index(self, index: int | None) -> None:
        """The sidebar's highlight follows the slot on the clock (once the sidebar shows the new lines)."""
        self.call_after_refresh(setattr, self.query_one(AgendaList), "index", index)

    def watch_muted(self) -> None:
        self.tick()

    def _persist(self, *slots: Slot) -> None:
        """Commit slot states (status and timer only) in one transaction before anything on screen says
        they changed.

        If another program holds the database past the busy timeout, the meeting goes on: the state is
        kept here, one notice says so, and every tick tries again (without waiting) until it is written.
        """
        self._unsaved.update({slot.id: slot for slot in slots})
        self._write_unsaved(wait=True)

    def _write_unsaved(self, *, wait: bool) -> None:
        try:
            queries.save_slot_timers(self.db, *self._unsaved.values(), wait=wait)
        except Exception as exc:
            if not is_busy(exc):
                raise
            if wait:  # a first failure, not a retry: say it once
                self.app.store_busy("store_busy_timer")  # type: ignore[attr-defined]
            return
        self._unsaved.clear()

    def _set_meeting_status(self, status: MeetingStatus) -> None:
        """Record the meeting's status; a locked database leaves it to the next timer action."""
        try:
            queries.set_meeting_status(self.db, self.meeting_id, status)
        except Exception as exc:
            if not is_busy(exc):
                raise
            self.app.store_busy("store_busy_timer")  # type: ignore[attr-defined]
            return
        self.meeting.status = status

    def store_changed(self) -> None:
        """Another program committed (`FupanApp.check_store`): show the agenda as stored now — order,
        names, minutes, statuses, and the timer if another window moved it — and reload the tabs that
        only list; tabs with a form reload when next opened, so nothing half-typed is replaced."""
        if self._unsaved or not self.is_mounted:
            return  # our own state is not written yet: it wins, and is shown as it is
        try:
            meeting = queries.get_meeting(self.db, self.meeting_id)
        except queries.NotFound:
            return  # deleted elsewhere: leaving is the user's call
        slots = queries.slots_for(self.db, self.meeting_id)
        previous = self.current
        self.meeting, self.slots = meeting, slots
        self.title, self.sub_title = meeting.title, meeting.goal
        index = next((i for i, s in enumerate(slots) if previous is not None and s.id == previous.id), None)
        if index is None or slots[index].presenter != previous.presenter:  # type: ignore[union-attr]
            watch = self.watch
            self._select_slot(agenda.current_index(self.slots) if index is None else index)
            self.watch = watch  # a phase already signalled is not signalled again
        else:
            self.set_reactive(LiveScreen.index, index)  # the same slot: the sidebar's cursor stays where it is
            self.timer = SlotTimer(TimerState.of(slots[index]), self.app.clock, self.settings)  # type: ignore[attr-defined]
            active = self._active_tab()
            workspace = self.query_one(Workspace)
            workspace.stale = {tab_id for tab_id, _, _ in TABS if tab_id != active}
            if active in LISTING_TABS and workspace.is_built(active) and self._pane(active).is_mounted:
                workspace.stale.add(active)
                self._load_active_pane()
        self._show_agenda()
        self.tick()

    def _apply(self, state: TimerState) -> None:
        slot = self.current
        assert slot is not None
        state.apply_to(slot)
        self._persist(slot)
        self.tick()

    # --- repaint -----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Repaint from clock readings; signal a phase the moment it begins."""
        if self._unsaved:
            self._write_unsaved(wait=False)
        lang = self.app.lang  # type: ignore[attr-defined]
        now = self.app.clock()  # type: ignore[attr-defined]
        countdown = self.query_one(Countdown)
        slot = self.current
        if slot is None or self.timer is None or self.index is None:
            self.query_one(SlotInfo).show_empty(lang)
            return
        remaining = self.timer.remaining()
        phase = self.timer.phase()
        countdown.show(remaining, phase, self.timer.running, lang, self.settings)
        entered = self.watch.observe(phase) if slot.status is SlotStatus.PRESENTING else None
        big_clock = self.has_class("-big-clock")
        if big_clock:
            self.query_one(RoomClock).show(clock_face(self.meeting, self.slots, now, self.index), lang)
        if entered is not None:
            self.signals.append(entered)
            countdown.flash()
            if big_clock:
                self.query_one(RoomClock).flash()
            if not self.muted:
                self.app.bell()
        self.query_one(SlotInfo).show(self.meeting, self.slots, self.index, running=self.timer.running,
                                      muted=self.muted, now=now, lang=lang)
        self.query_one(AgendaList).show(self.slots, now)

    def _show_agenda(self) -> None:
        self.query_one(AgendaList).show(self.slots, self.app.clock())  # type: ignore[attr-defined]

    # --- the workspace -----------------------------------------------------------------------------

    def _active_tab(self) -> str:
        return self.query_one(Workspace).active or TABS[0][0]

    def _pane(self, tab_id: str) -> Pane:
        return self.query_one(Workspace).pane(tab_id)

    def _load_active_pane(self) -> None:
        self.query_one(Workspace).show_active()

    @on(Workspace.TabActivated)
    async def _tab_activated(self) -> None:
        await self.query_one(Workspace).build(self._active_tab())
        self._load_active_pane()
        self.fit_tabs()  # a narrow screen names the open tab only

    @on(CaptureSaved)
    def _capture_saved(self, event: CaptureSaved) -> None:
        self.query_one(Workspace).saved_elsewhere()

    @on(RootCauseRequested)
    async def _root_cause_requested(self, event: RootCauseRequested) -> None:
        pane = await self.query_one(Workspace).open_tab("root-causes")
        pane.request(event.gap_key)  # type: ignore[attr-defined]  # asks before replacing a draft
        pane.focus_first()

    async def action_tab(self, number: int) -> None:
        """A number key: that tab shown (built the first time) and loaded, its first field focused; the
        keys typed next wait for it."""
        pane = await self.query_one(Workspace).open_tab(TABS[number - 1][0])
        pane.focus_first()

    AFTER_TYPED = frozenset({"previous", "next", "skip", "summary", "save"})

    def action_after_typed(self, action: str) -> None:
        """Keys that read or re-bind the forms act after the keys typed before them (`AfterTyped`)."""
        focused = self.focused
        if focused is None:
            self._typed_then(AfterTyped(action))
        else:
            focused.post_message(AfterTyped(action))

    @on(AfterTyped)
    def _typed_then(self, event: AfterTyped) -> None:
        event.stop()
        if event.action in self.AFTER_TYPED:
            getattr(self, f"action_{event.action}")()

    def action_save(self) -> None:
        self._pane(self._active_tab()).save()

    # --- timer actions -----------------------------------------------------------------------------

    def _mark_running(self) -> None:
        if self.meeting.status is MeetingStatus.PLANNED:
            self._set_meeting_status(MeetingStatus.RUNNING)

    def action_toggle(self) -> None:
        slot = self.current
        if slot is None or self.timer is None:
            return
        if slot.status is not SlotStatus.PRESENTING:
            slot.status = SlotStatus.PRESENTING
        self._mark_running()
        self._apply(self.timer.toggle())

    def action_extend(self) -> None:
        if self.timer is not None:
            self._apply(self.timer.extend())

    def action_shorten(self) -> None:
        if self.timer is not None:
            self._apply(self.timer.shorten())

    def action_mute(self) -> None:
        self.muted = not self.muted

    def _enter(self, index: int, *, start: bool) -> None:
        slot = self.slots[index]
        agenda.take_turn(slot)
        previous = self.current
        self._persist(*([previous] if previous is not None and previous is not slot else []), slot)
        self._select_slot(index)
        if start and self.timer is not None:
            self._mark_running()
            self._apply(self.timer.start())
        self.tick()

    def action_next(self) -> None:
        """This presenter is done: record the actual time, move on (the clock keeps running if it was).

        A slot whose clock never ran is not silently skipped: the facilitator confirms that this presenter
        did not present, and the slot is recorded as not presented (skipped, to be taken up later)."""
        slot = self.current
        if (slot is None or self.meeting.status is MeetingStatus.FINISHED or slot.status is SlotStatus.DONE
                or was_presented(slot)):
            self._move_on(skip=False)
            return
        from tui.widgets.dialogs import ConfirmDialog

        t = self.app.t  # type: ignore[attr-defined]
        slot_id = slot.id

        def answered(yes: bool | None) -> None:
            if yes and self.current is not None and self.current.id == slot_id:
                self._move_on(skip=False)  # never started → recorded as skipped
                self.notify(t("not_presented_recorded").format(name=slot.presenter), markup=False)

        self.app.push_screen(ConfirmDialog(t("confirm_not_presented").format(name=slot.presenter),
                                           t("not_presented_yes"), t("stay")), answered)

    def action_skip(self) -> None:
        """Skip: the slot stays on the agenda as skipped and can be taken up again from the sidebar."""
        self._move_on(skip=True)

    def _move_on(self, *, skip: bool) -> None:
        """Leave the current slot for the next one waiting (`core.agenda.move_on`); with none left, the
        meeting is over."""
        if self.index is None:
            return
        turn = agenda.move_on(self.slots, self.index, self.timer, skip=skip)
        if turn.index is None:
            self._persist(self.slots[self.index])
            self._finish_meeting()
            return
        self._enter(turn.index, start=turn.start)

    def action_previous(self) -> None:
        target = agenda.previous_index(self.index)
        if target is not None:
            self._go_to(target)

    def _go_to(self, index: int) -> None:
        """Previous, or a line chosen in the agenda: that presenter's turn again. Once the meeting is
        finished, only the view moves (to capture what was missed): recorded times stay as they are."""
        if self.meeting.status is MeetingStatus.FINISHED:
            self._select_slot(index)
            self.tick()
            return
        turn = agenda.go_to(self.slots, self.index, self.timer, index)  # the interrupted presenter waits
        self._enter(index, start=turn.start)

    @on(SlotChosen)
    def _take_up(self, event: SlotChosen) -> None:
        """Enter on an agenda line: take that slot up now (a skipped one, or a presenter out of order)."""
        index = next(i for i, s in enumerate(self.slots) if s.id == event.slot_id)
        if index != self.index:
            self._go_to(index)

    def _finish_meeting(self) -> None:
        self._set_meeting_status(MeetingStatus.FINISHED)
        self._select_slot(self.index)
        self.tick()
        self.notify(self.app.t("meeting_finished"), markup=False)  # type: ignore[attr-defined]
        self.action_summary()

    # --- the room's clock ---------------------------------------------------------------------------

    def _remaining(self) -> float | None:
        """The running slot's seconds left, read by the clocks at each paint."""
        return None if self.timer is None else self.timer.remaining()

    async def action_big_clock(self) -> None:
        """F12: the room's clock full screen (for one screen mirrored to a projector); F12 again: back.
        The timer keys keep working meanwhile. Built the first time it is shown: most meetings never
        show it, and the live screen's first frame does not wait for its widgets."""
        if not self.query(RoomClock):
            clock = RoomClock(id="big-clock")
            await self.mount(clock, before=self.query_one(Footer))
            clock.follow(self._remaining)
        self.toggle_class("-big-clock")
        if self.has_class("-big-clock"):
            self._focus_under_clock = self.focused
            self.set_focus(None)  # the hidden form keeps its text; number keys must not type into it
        else:  # back to the form: the keys go where they went before F12
            before, self._focus_under_clock = self._focus_under_clock, None
            if before is not None and before.is_attached and before.focusable:
                refocus(before)
            else:
                self._pane(self._active_tab()).focus_first()
        self.tick()

    def action_message(self) -> None:
        """Ctrl+T: a short line for the presenter on the clock ("请总结"), kept with the slot until cleared."""
        slot = self.current
        if slot is None:
            return

        def typed(message: str | None) -> None:
            if message is None or slot is not self.current:
                return
            queries.set_slot_message(self.db, slot, message)  # committed before the screen shows it
            self.tick()
            t = self.app.t  # type: ignore[attr-defined]
            self.notify(t("message.sent").format(message=slot.message) if slot.message else t("message.cleared"),
                        markup=False)

        self.app.push_screen(MessageDialog(self.app.t("message.prompt"), slot.message), typed)  # type: ignore[attr-defined]

    # --- elsewhere ---------------------------------------------------------------------------------

    def action_summary(self) -> None:
        from tui.screens.summary import SummaryScreen

        self.query_one(Workspace).flush_drafts()  # the summary lists them
        self.app.push_screen(SummaryScreen(self.meeting_id))

    def action_export(self) -> None:
        ask_and_export(self, self.meeting_id)

    def action_back(self) -> None:
        self.dismiss()
        self.fupan.collector.closed()  # what it froze can be freed (tui/collector.py)

