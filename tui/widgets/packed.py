"""`PackedLine`: a summary line of caption–figure pairs ("覆盖率 82%", "新逾期 1") that breaks only between
two pairs, laid out again when its width changes (`tui.widgets.text.packed`). Rich wraps at spaces, and a
Chinese line has its spaces between a caption and its figure: "新逾期" ended one line and "1" began the next.
Every part is plain text (a unit or a name from the file is never read as markup). Like `SteadyLabel`, it
repaints only when its text changes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tui.widgets.text import packed


class PackedLine(Static):
    """Pairs joined by ``sep`` on as few lines as fit, then any whole sentences (``after``), a line each."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._parts: list[str | Text] = []
        self._after: list[str | Text] = []
        self._sep, self._end_mark = " · ", ""
        self._shown: Text | None = None

    def show(self, parts: Sequence[str | Text], *, sep: str = " · ", end_mark: str = "",
             after: Sequence[str | Text] = ()) -> None:
        self._parts, self._after, self._sep, self._end_mark = list(parts), list(after), sep, end_mark
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        lines = [packed(self._parts, self.content_region.width, self._sep, self._end_mark)] if self._parts else []
        content = Text("\n").join([*lines, *(Text(x) if isinstance(x, str) else x for x in self._after)])
        if content != self._shown:  # the same text again (the live screen's tick) lays nothing out again
            self._shown = content
            self.update(content)
