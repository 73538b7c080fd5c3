"""`SteadyLabel`: a Label for text refreshed on a timer, which repaints only when its text changes.

Textual's `Static.update` lays the whole screen out again on every call, the same text included. The
live screen's tick sets the lines beside the countdown four times a second; with plain Labels that was
four layouts of the whole screen a second (~10 ms each on the large meeting) for text that changes once
a minute, and a key or a tab's first opening that met one waited for it.
"""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Label


def _same(new: VisualType, shown: VisualType) -> bool:
    if type(new) is not type(shown):
        return False
    if isinstance(new, Content):  # Content's == compares the text only, not its styles
        return new.markup == shown.markup  # type: ignore[union-attr]
    return bool(new == shown)


class SteadyLabel(Label):
    """A Label whose `update` does nothing when given the content it shows."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if not _same(content, self.content):
            super().update(content, layout=layout)
