"""The title line at the top of every screen: "title — subtitle", as Textual's Header shows it.

Textual's Header is four widgets (an icon, the title, a clock space and the bar itself) that re-render
through four asynchronous watchers. Measured again for issue 18 (2026-12-05, meetings list on a pty,
median of 11): with Header the list's first frame costs 8 ms more CPU after Textual's import (69 vs 61 ms;
a bare Textual app's whole start is ~180 ms), which the list's 1.3x bar cannot spare. fupan uses none of
Header's extras (the clock, the tall mode; the command palette is on the footer's ^p), so one Static that
follows the same four titles does the job; tests/test_title_bar.py holds it to what Header shows.
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """The screen's title and subtitle (each falling back to the app's), centred on one line."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._show_title, init=False)
            self.watch(owner, "sub_title", self._show_title, init=False)
        self._show_title()

    def _show_title(self) -> None:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        self.update(app.format_title(title, sub_title))  # plain text: a title is never read as markup
