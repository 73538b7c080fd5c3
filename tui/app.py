"""The Textual application: one connection, one clock, one language, shared by every screen.

Built through `make_app`, which the command line, the tests and the benchmarks all use, so nothing reads
the environment deep inside a widget.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import threading
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from core.i18n import Lang, label, text
from db.store import Store, attach, open_connection
from tui.collector import Collector
from tui.keys import localize_bindings, use_keymap_file
from tui.textual_adapter import read_escape_then_key_as_alt
from tui.wide_chars import keep_wide_characters_whole

if TYPE_CHECKING:
    from core.timer import Clock

APP_BUSY_TIMEOUT_SECONDS = 5.0
"""How long a save in the app waits for another program's write lock: the screen (and the countdown)
waits with it, so less than the command line's `db.store.BUSY_TIMEOUT_SECONDS`; then `store_busy`."""
BUSY_NOTICE_SECONDS = 8.0
STORE_CHECK_SECONDS = 0.5
"""How often the app asks SQLite whether another program committed (`PRAGMA data_version`, ~µs)."""
CLOSING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class FupanApp(App[None]):
    """fupan 复盘: meetings → setup → live meeting → summary, plus action tracking."""

    CSS_PATH = ["fupan.tcss", "screens/live.tcss", "screens/tracking.tcss"]  # a screen's own would reparse all when shown
    TITLE = "fupan 复盘"
    BINDINGS = [
        Binding("f1", "toggle_help", "key.help", id="app.help"),
        Binding("ctrl+q", "quit", "key.quit", priority=True, id="app.quit"),
        # Textual adds this one itself with the English "palette" unless the app declares it
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True,
                tooltip="key.palette_tooltip", id="app.command_palette"),
    ]

    def __init__(
        self,
        db_path: str | Path,
        *,
        lang: Lang = "zh",
        meeting_id: int | None = None,
        clock: Clock = time.time,
        bell: bool = True,
        setup: bool = False,
        keymap_file: Path | None = None,
        conn: sqlite3.Connection | None = None,
    ) -> None:
        super().__init__()
        keep_wide_characters_whole()  # a drop-down over a form drew "2026上  年" (tui/wide_chars.py)
        read_escape_then_key_as_alt()  # Esc 7 at once typed "¶" (tui/textual_adapter.py)
        self.db_path = Path(db_path)
        self.conn = conn if conn is not None else open_connection(self.db_path)
        self.conn.execute(f"PRAGMA busy_timeout = {int(APP_BUSY_TIMEOUT_SECONDS * 1000)}")
        self._busy_notices: dict[str, float] = {}  # each busy message → when it was last shown
        self.db: Store = attach(self.conn)  # a new or older file is migrated before any screen reads it
        self.lang: Lang = lang
        self.clock = clock
        self.bell_enabled = bell
        self.start_meeting_id = meeting_id
        self.start_on_setup = setup  # open the meeting's setup rather than its live screen
        self.collector = Collector()  # the live screen's built widgets and the cycle collector
        self.sub_title = text("app_subtitle", lang)
        localize_bindings(self, self.t)
        self._keymap_problem = use_keymap_file(self, keymap_file, lang)  # said once the screen shows

    # --- words -------------------------------------------------------------------------------------

    def t(self, key: str) -> str:
        """A UI word in the app's language."""
        return text(key, self.lang)

    def label(self, value: object) -> str:
        """An enum value's label in the app's language."""
        return label(value, self.lang)  # type: ignore[arg-type]

    # --- time --------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock())

    def today(self) -> date:
        return self.now().date()

    # --- lifecycle ---------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The meetings list is the base screen, so the first frame shows it without a screen switch.

        Started on a meeting (`fupan demo`, `fupan open`), the base is a blank stand-in instead: the
        first frame is that meeting's screen, not a meetings list composed, read and painted under it
        (`_Home` builds the list when it is first uncovered)."""
        if self.start_meeting_id is not None:
            return _Home()
        from tui.screens.meetings import MeetingsScreen

        return MeetingsScreen()

    def on_mount(self) -> None:
        self._data_version = self._read_data_version()
        self.set_interval(STORE_CHECK_SECONDS, self.check_store)
        self._install_signal_handlers()
        if self.start_meeting_id is not None:
            # After the app's start-up batch, not inside it: a screen pushed inside is rendered whole
            # once for nothing (Textual does not display during a batch), then again.
            self.call_later(self.open_setup if self.start_on_setup else self.open_live, self.start_meeting_id)
        if self._keymap_problem:
            self.notify(self._keymap_problem, severity="warning", timeout=BUSY_NOTICE_SECONDS, markup=False)

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (a dropped SSH session) exit cleanly, so the terminal is restored.

        Everything shown as saved is already committed, and a running slot's state is in the database,
        so exiting here loses nothing.
        """
        if threading.current_thread() is threading.main_thread():
            loop = asyncio.get_running_loop()
            for sig in CLOSING_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not on this OS
                    loop.add_signal_handler(sig, self.exit)

    def on_unmount(self) -> None:
        self.conn.close()  # every write is already committed; closing checkpoints the WAL
        self.collector.exited()  # what the live screen froze goes back to the process's collector
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in CLOSING_SIGNALS:
                loop.remove_signal_handler(sig)

    # --- other writers ---------------------------------------------------------------------------

    def _read_data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def check_store(self) -> bool:
        """If another program (an import, `fupan actions update`, a second window) committed since the
        last look, every open screen that shows stored data reloads it (its ``store_changed``). The
        app's own commits do not count: SQLite's data_version changes only for other connections."""
        if not self.is_running:
            return False  # shutting down: the screens are being taken apart
        version = self._read_data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        for screen in list(self.screen_stack):
            reload = getattr(screen, "store_changed", None)
            if reload is not None:
                reload()
        return True

    def store_busy(self, key: str = "store_busy", **values: str) -> None:
        """A write found the database locked past the busy timeout (another program held it): one notice,
        and the app goes on; the caller keeps what was typed (nothing was written). `tui.busy`."""
        message = self.t(key).format(**values)
        now = self.clock()  # the app's clock, as the timer reads it (a test's fake clock decides too)
        shown = self._busy_notices.get(message)
        if shown is not None and now - shown < BUSY_NOTICE_SECONDS:
            return  # still on screen: one notice, however many writes found the lock taken
        self._busy_notices[message] = now
        self.notify(message, severity="warning", timeout=BUSY_NOTICE_SECONDS, markup=False)

    # --- navigation --------------------------------------------------------------------------------

    def open_live(self, meeting_id: int) -> None:
        from tui.screens.live import LiveScreen

        self.push_screen(LiveScreen(meeting_id))

    def open_setup(self, meeting_id: int) -> None:
        from tui.screens.setup import SetupScreen

        self.push_screen(SetupScreen(meeting_id))

    def open_tracking(self) -> None:
        from tui.screens.tracking import TrackingScreen

        self.push_screen(TrackingScreen())

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # --- Textual's own words (tui.shell) ----------------------------------------------------------

    def action_command_palette(self) -> None:
        from tui.textual_adapter import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(self.t("palette.no_matches"), id="--command-palette",
                                            placeholder=self.t("palette.placeholder")))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from tui.textual_adapter import CommandPalette

        self.push_screen(CommandPalette(self.t("palette.no_matches"), providers=[ThemeProvider],
                                        placeholder=self.t("palette.theme_placeholder")))

    def action_help_quit(self) -> None:
        """ctrl+c (copy in a field) tells how to quit, as Textual does, in the app's words."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(self.t("quit.how").format(key=self.get_key_display(active.binding)),
                            title=self.t("quit.title"), markup=False)
                return

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.shell import system_commands

        yield from system_commands(self, screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()


class _Home(Screen[None]):
    """Under the meeting the app was started on, never seen: once that meeting's screen is left it puts
    the meetings list over itself, so going back shows the list as when the app starts on it. (Textual
    cannot switch the bottom screen of the stack, so this one stays under the list.)"""

    _covered = False

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        if self._covered and self.app.screen is self:
            from tui.screens.meetings import MeetingsScreen

            self.app.push_screen(MeetingsScreen())


def make_app(
    db_path: str | Path,
    *,
    lang: Lang = "zh",
    meeting_id: int | None = None,
    clock: Clock = time.time,
    bell: bool = True,
    setup: bool = False,
    keymap_file: Path | None = None,
    conn: sqlite3.Connection | None = None,
) -> FupanApp:
    """The one way to build the app: the CLI, the tests and the benchmarks all come through here.

    With ``meeting_id`` it opens on that meeting's live screen, or its setup with ``setup``; ``keymap_file``
    (the command line passes `tui.keys.keymap_path()`) remaps keys by their binding ids; ``conn``, a connection to ``db_path`` the caller opened
    (`db.store.open_connection`), is used and closed by the app."""
    return FupanApp(db_path, lang=lang, meeting_id=meeting_id, clock=clock, bell=bell, setup=setup,
                    keymap_file=keymap_file, conn=conn)
