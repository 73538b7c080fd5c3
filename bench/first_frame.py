"""Runs one app until its first frame is displayed, then exits: the unit the start-up bench times.

    python bench/first_frame.py bare            # a bare Textual app showing one widget
    python bench/first_frame.py widgets         # a bare app with the meetings screen's widgets
    python bench/first_frame.py fupan DB_PATH   # fupan on its meetings screen

Everything — interpreter start, imports, opening the database, the first paint — is inside the
measured process, exactly as a user waits for it. Headless, so no terminal is needed.
"""

from __future__ import annotations

import sys


async def _stop_at_first_frame(pilot) -> None:  # auto_pilot runs once the app is ready
    # Let the messages queued by the first frame settle (e.g. Header setting its title), so the
    # app exits cleanly; both apps get the same treatment.
    await pilot.pause()
    pilot.app.exit()


def main() -> None:
    which = sys.argv[1]
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
        from pathlib import Path

        from tui.app import make_app

        app = make_app(Path(sys.argv[2]), lang="zh")
    app.run(headless=True, auto_pilot=_stop_at_first_frame)


if __name__ == "__main__":
    main()
