"""Runs one app until its first frame is displayed, and prints how long that took since launch.

    python bench/first_frame.py bare            # a bare Textual app showing one widget
    python bench/first_frame.py widgets         # a bare app with the meetings screen's widgets
    python bench/first_frame.py fupan DB_PATH   # `fupan --db DB_PATH`: the real command, meetings screen
    python bench/first_frame.py clock DB_PATH   # `fupan --db DB_PATH clock`: the room's clock
    python bench/first_frame.py fupan DB_PATH demo   # any fupan command line after the database

Environment: ``FIRST_FRAME_UNTIL=LiveScreen`` waits for the first frame of that screen (`fupan demo`
paints the meetings list before its live screen); ``FIRST_FRAME_PTY=1`` runs on the terminal it is given
(a pty: the frame is written to it) instead of headless; ``FIRST_FRAME_OUT=FILE`` writes the result there
(on a pty, stdout is the terminal). The result is milliseconds and the peak RSS in KiB.

The clock starts when the parent launches this process (`FIRST_FRAME_T0`, a `time.time()` taken
just before the spawn) and stops when the app hands its first complete screen update to the display,
so interpreter start, imports, parsing the command line, opening the database, composing and
rendering are all inside it, as a user waits for them — and the app's shutdown is not. Headless, so no
terminal is needed: headless Textual skips only the terminal write, which every app would pay alike.
"""

from __future__ import annotations

import os
import sys
import time

T0 = float(os.environ.get("FIRST_FRAME_T0", time.time()))
UNTIL = os.environ.get("FIRST_FRAME_UNTIL", "")
ON_PTY = os.environ.get("FIRST_FRAME_PTY") == "1"
OUT = os.environ.get("FIRST_FRAME_OUT")


def _report(ms: float) -> None:
    # Peak RSS in kB as VmHWM: Linux carries ru_maxrss over exec, so it would report the peak of the
    # (large) bench process this one was forked from.
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    line = f"{ms:.2f} {peak}"
    if OUT:
        with open(OUT, "w") as handle:
            handle.write(line)
    else:
        print(line, flush=True)


def _instrument() -> None:
    """Every app runs headless, and `App._display` (what a screen calls with each rendered update)
    prints the time and exits at the first frame."""
    from textual.app import App

    display, run = App._display, App.run
    if not ON_PTY:
        App.run = lambda app, *args, **kwargs: run(app, *args, **{**kwargs, "headless": True})

    def first_display(app: App, screen, renderable) -> None:
        display(app, screen, renderable)
        if renderable is not None and not app._batch_count and app._running \
                and (not UNTIL or type(screen).__name__ == UNTIL):
            _report((time.time() - T0) * 1000)
            App._display = display
            app.exit()

    App._display = first_display


def main() -> None:
    which = sys.argv[1]
    _instrument()
    if which == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("hello")

        app = Bare()
    elif which == "widgets":
        from textual.app import App, ComposeResult
        from textual.widgets import DataTable, Footer, Header

        class SameWidgets(App[None]):
            """What any app showing a table between a header and a footer pays, without fupan."""

            BINDINGS = [("n", "bell", "New"), ("e", "bell", "Edit"), ("d", "bell", "Delete")]

            def compose(self) -> ComposeResult:
                yield Header()
                yield DataTable()
                yield Footer()

            def on_mount(self) -> None:
                table = self.query_one(DataTable)
                table.add_columns("ID", "Title", "Period", "Date", "Status")
                table.add_rows([(str(n), "华东销售中心复盘会", "H1", "2026-11-23", "planned") for n in range(3)])

        app = SameWidgets()
    else:
        from tui.cli import main as fupan

        fupan(["--db", sys.argv[2], "--lang", "zh", *(["clock"] if which == "clock" else []), *sys.argv[3:]])
        return
    app.run()


if __name__ == "__main__":
    main()
