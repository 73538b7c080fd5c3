"""`fupan clock`: the room's clock, a second Textual app for the projector, a tmux pane or a browser.

It shows the running slot only and follows the facilitator's app through the database file: a read-only
connection (it can never write), polled with `PRAGMA data_version` every `POLL_SECONDS`, which costs one
tiny query and reads the agenda again only when another connection has committed. The face repaints
only when what it shows changes (each second while the countdown runs). If the facilitator's app quits
and starts again, nothing here notices but the data; a file that is missing, locked or not yet set up
is waited for, with a line that says what the clock is waiting for.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult
from textual.binding import Binding

from core.clock import ClockFace, clock_face
from core.i18n import Lang, text
from core.model import MeetingStatus, SlotStatus
from core.timer import PhaseWatch
from db.clock import ClockSnapshot, data_version, open_read_only, read_clock
from tui.keys import localize_bindings, use_keymap_file
from tui.widgets.bigclock import RoomClock

if TYPE_CHECKING:
    from core.timer import Clock

POLL_SECONDS = 0.25
"""How often the clock asks the file whether anything changed: a change shows within this (< 1 s)."""


class ClockApp(App[None]):
    """The running slot's countdown, filling the terminal; read-only, keys only to quit."""

    BINDINGS = [Binding("q,ctrl+q", "quit", "key.quit", id="clock.quit")]
    ENABLE_COMMAND_PALETTE = False  # the room's screen: nothing to choose, and no English palette on it

    def __init__(
        self,
        db_path: str | Path,
        *,
        meeting_id: int | None = None,
        lang: Lang = "zh",
        clock: Clock = time.time,
        poll_seconds: float = POLL_SECONDS,
        keymap_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.meeting_id = meeting_id
        self.lang: Lang = lang
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.conn: sqlite3.Connection | None = None
        self.snapshot = ClockSnapshot(None)
        self._version: int | None = None
        self._slot_id: int | None = None
        self.watch = PhaseWatch()
        self.flashes: list[str] = []
        """Every phase signalled with a flash, for the tests (the room never misses a phase change)."""
        self.title = text("clock.title", lang)
        localize_bindings(self, lambda key: text(key, lang))
        self._keymap_problem = use_keymap_file(self, keymap_file, lang)

    def compose(self) -> ComposeResult:
        yield RoomClock(id="room-clock")

    def on_mount(self) -> None:
        self.query_one(RoomClock).follow(self._remaining)  # the digits read the clock when painted
        self.poll()
        self.set_interval(self.poll_seconds, self.poll)
        if self._keymap_problem:
            self.notify(self._keymap_problem, severity="warning", markup=False)

    def on_unmount(self) -> None:
        self._close()

    # --- following the file ------------------------------------------------------------------------

    def poll(self) -> None:
        """Read the file again if another connection committed since the last look; repaint what changed."""
        try:
            if self.conn is None:
                self.conn = open_read_only(self.db_path)
                self._version = None
            version = data_version(self.conn)
            if version != self._version:
                self.snapshot = read_clock(self.conn, self.meeting_id, self._today())
                self._version = version
        except sqlite3.Error:
            # missing, not yet a database, or replaced: start again at the next poll
            self._close()
            self.snapshot = ClockSnapshot(None)
            self._show(None, text("clock.waiting_db", self.lang).format(path=self.db_path))
            return
        self.repaint()

    def repaint(self) -> None:
        face, waiting = self.face()
        self._show(face, waiting)

    def face(self) -> tuple[ClockFace | None, str]:
        """What to show now: the running slot's face, or the line that says what the clock waits for."""
        meeting, slots = self.snapshot.meeting, self.snapshot.slots
        t = self.lang
        if meeting is None:
            if self.meeting_id is not None:
                return None, text("clock.waiting_id", t).format(id=self.meeting_id)
            return None, text("clock.waiting_any", t)
        title = meeting.title
        if not slots:
            return None, text("clock.empty", t).format(title=title)
        if all(slot.status is SlotStatus.DONE for slot in slots) or meeting.status is MeetingStatus.FINISHED:
            return None, text("clock.finished", t).format(title=title)
        if meeting.status is MeetingStatus.PLANNED and not any(s.status is SlotStatus.PRESENTING for s in slots):
            return None, text("clock.waiting_for", t).format(title=title)
        return clock_face(meeting, slots, self.clock()), ""

    def _remaining(self) -> float | None:
        """The running slot's seconds left, as of now (None when no slot shows: the face stays as set)."""
        face, _ = self.face()
        return None if face is None else face.remaining

    def _show(self, face: ClockFace | None, waiting: str) -> None:
        rooms = self.query(RoomClock)  # none once the clock has closed
        if not rooms or not rooms.first().is_attached:  # a poll that lands while it closes: nothing to draw
            return
        room = rooms.first()
        room.show(face, self.lang, waiting)
        if face is None:
            self._slot_id = None
            return
        if face.slot_id != self._slot_id:  # a new slot on screen: its current phase is not news
            self._slot_id = face.slot_id
            self.watch = PhaseWatch(face.phase)
            return
        entered = self.watch.observe(face.phase)
        if entered is not None:
            self.flashes.append(entered.value)
            room.flash()

    def _today(self) -> date:
        return datetime.fromtimestamp(self.clock()).date()

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def make_clock_app(
    db_path: str | Path,
    *,
    meeting_id: int | None = None,
    lang: Lang = "zh",
    clock: Clock = time.time,
    poll_seconds: float = POLL_SECONDS,
    keymap_file: Path | None = None,
) -> ClockApp:
    """The one way to build the clock: the CLI, `fupan serve`, the tests and the bench come through here."""
    return ClockApp(db_path, meeting_id=meeting_id, lang=lang, clock=clock, poll_seconds=poll_seconds,
                    keymap_file=keymap_file)
