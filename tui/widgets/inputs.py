"""One-line text fields that keep what is pasted whole: what the form checks is what will be stored."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from core.parse import clean_text
from core.width import display_width
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

    def render_line(self, y: int) -> Strip:
        """As Input draws its line, except where what is shown runs past the field's edge: a value left
        too long for the field shows its start with "…" after its last whole character (Input showed
        wherever the cursor had left it, a CJK character at the edge split into a blank), and the
        suggestion after the cursor ends with "…" where the field ends (Input cut it with nothing to
        say more follows). Typing, the value scrolls to the cursor as Input scrolls it."""
        width = self.scrollable_content_region.width
        value = self.value
        if y != 0 or not value or self.password or width <= 0:
            return super().render_line(y)
        if not self.has_focus:
            if display_width(value) <= width:
                return super().render_line(y)
            return self._line(ellipsized(self._value, width, pad=False), 0)
        tail = self._suggestion[len(value):] if len(self._suggestion) > len(value) else ""
        room = width - (display_width(value) - self.scroll_offset.x)
        if not tail or not self.cursor_at_end or display_width(tail) <= room:
            return super().render_line(y)
        line = self._value
        if room > 0:
            line += ellipsized(Text(tail, self.get_component_rich_style("input--suggestion"), end=""), room,
                               pad=False)
        if self._cursor_visible:
            line.pad_right(max(0, len(value) + 1 - len(line)))
            line.stylize(self.get_component_rich_style("input--cursor"), len(value), len(value) + 1)
        return self._line(line, self.scroll_offset.x)

    def _line(self, line: Text, scroll_x: int) -> Strip:
        """``line`` drawn as Input draws its own (from ``scroll_x``, its width, the field's style)."""
        width = self.scrollable_content_region.width
        line.end = ""  # one line of the field: no line break after it (the terminal would move down a row)
        segments = self.app.console.render(line, self.app.console_options.update_width(max(self.content_width,
                                                                                           width + 1)))
        strip = Strip(list(segments)).crop(scroll_x, scroll_x + width + 1).extend_cell_length(width + 1)
        return strip.apply_style(self.rich_style)

    def on_paste(self, event: events.Paste) -> None:
        # Textual then calls Input's own handler (handlers run along the MRO) unless prevented here.
        if event.text != (cleaned := one_line(event.text)):
            event.stop()
            event.prevent_default()
            replay_paste(self, cleaned)


def refocus(widget: Widget) -> None:
    """Give the focus back to ``widget`` as it was left: an Input's text is not selected for the next key
    to replace (as Textual selects a field entered with Tab), so typing goes on where it stopped. The
    Focus is already in the widget's queue when the callback that restores `select_on_focus` joins it."""
    if isinstance(widget, Input) and widget.select_on_focus:
        widget.select_on_focus = False
        widget.screen.set_focus(widget)
        widget.call_later(setattr, widget, "select_on_focus", True)
    else:
        widget.screen.set_focus(widget)
