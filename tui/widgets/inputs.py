"""One-line text fields that keep what is pasted whole: what the form checks is what will be stored."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from core.parse import clean_text
from tui.textual_adapter import replay_paste
from tui.widgets.text import ellipsized


def one_line(pasted: str) -> str:
    """A paste as a one-line field takes it: control characters dropped (core.parse.clean_text) and
    several lines joined by a space. (Textual's Input keeps only the first line, so the rest of a pasted
    paragraph was lost, and all of a paste that starts with a line break.)"""
    lines = clean_text(pasted).splitlines()
    if len(lines) <= 1:
        return "".join(lines)
    return " ".join(line.strip() for line in lines if line.strip())


class CleanInput(Input):
    """An Input that takes a paste as `one_line` makes it: a terminal paste keeps BEL, ESC … and line
    breaks, and what the form checks (required, already on the agenda) must be what will be stored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.whole_placeholder = self.placeholder
        """The placeholder as written; the one shown is cut with "…" to the field's width."""

    def on_resize(self) -> None:
        """A placeholder wider than the field ends with "…" after its last whole character (Input cut
        it mid-word with nothing to say so: 'File path (CSV', '10月20')."""
        width = self.scrollable_content_region.width
        if width > 0:
            self.placeholder = ellipsized(self.whole_placeholder, width, pad=False).plain

    def on_paste(self, event: events.Paste) -> None:
        # Textual then calls Input's own handler (handlers run along the MRO) unless prevented here.
        if event.text != (cleaned := one_line(event.text)):
            event.stop()
            event.prevent_default()
            replay_paste(self, cleaned)
