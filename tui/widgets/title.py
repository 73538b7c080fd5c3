"""The title line at the top of every screen: "title — subtitle", as Textual's Header shows it.

Textual's Header is four widgets (an icon, the title, a clock space and the bar itself) that re-render
through four asynchronous watchers; on the meetings screen that was about 4 ms of a ~200 ms first frame
(`bench/bench_startup.py`). fupan uses none of its extras (the clock, the tall mode; the command
palette is on the footer's ^p), so one Static that follows the same four titles does the job.
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
