"""Text as fupan shows it: what people typed, never read as markup, and lines of aligned columns.

Rich and Textual read "[bold]" in a plain ``str`` as a style and raise on an unmatched "[/b]"; titles,
names and notes are user text, so they are handed to widgets as plain ``Text``. ``aligned`` lays out
one line of columns for a list widget, cutting or padding each cell in terminal cells (CJK counts two).
No Textual import here: the meetings list uses it in the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from core.width import char_width, display_width


def plain(value: Any) -> Any:
    """A str as literal text; anything else (numbers, ``Text``, renderables) unchanged."""
    return Text(value) if isinstance(value, str) else value


def aligned(cells: Sequence[str | Text], widths: Sequence[int], gap: int = 2) -> Text:
    """One line of columns, each cut ("…") or padded to its width in terminal cells (CJK counts two)."""
    line = Text(no_wrap=True, end="")
    for cell, width in zip(cells, widths, strict=True):
        line.append_text(ellipsized(cell, width))
        line.append(" " * gap)
    line.rstrip()
    return line


def ellipsized(value: str | Text, width: int, *, pad: bool = True) -> Text:
    """``value`` in ``width`` cells: whole (padded with ``pad``), or cut at a character with "…" after it.

    Rich's own cut fills the half of a wide (CJK) character that does not fit with a space before the
    "…" ("10  …" for "10 月月度…"), which reads as a character lost; here the "…" follows the last whole
    character and the padding goes after it."""
    text = plain(value).copy()
    if display_width(text.plain) > width:
        room, end = width - 1, 0
        for index, char in enumerate(text.plain):
            room -= char_width(char)
            if room < 0:
                break
            end = index + 1
        line_end = text.end
        text = text[:end]
        text.end = line_end  # Rich's slice ends with "\n": a field drew its line break into the row below
        text.rstrip()  # "10 …" reads like a lost character too
        text.append("…")
    if pad:
        text.pad_right(max(0, width - display_width(text.plain)))
    return text


def packed(parts: Sequence[str | Text], width: int, sep: str = " · ", end_mark: str = "") -> Text:
    """``parts`` on as few lines as fit ``width`` cells, joined by ``sep``; a line breaks only between two
    parts, ending with ``end_mark`` (Chinese keeps its "，" there), so a caption never wraps away from its
    figure ("新逾期" at the end of one line, its "1" alone on the next). A part wider than ``width`` has a
    line of its own (wrapped by the widget); ``width`` 0 (not laid out yet) puts everything on one line."""
    lines: list[list[Text]] = []
    used = 0
    for part in map(plain, parts):
        size = display_width(part.plain)
        if lines and width > 0 and used + display_width(sep) + size > width - display_width(end_mark):
            lines.append([part])
            used = size
        elif lines:
            lines[-1].append(part)
            used += display_width(sep) + size
        else:
            lines.append([part])
            used = size
    return Text(end_mark + "\n").join(Text(sep).join(line) for line in lines)


def column_widths(rows: Sequence[Sequence[str | Text]]) -> list[int]:
    """The widest cell of each column (headings included), in terminal cells."""
    return [max(display_width(str(cell)) for cell in column) for column in zip(*rows, strict=True)]


class Fitted:
    """A table cell drawn whole when it fits its column and cut with "…" after its last whole character
    when it does not (`ellipsized`, at draw time, so a column's width can change); ``str()`` is the
    whole text, as typed. ``whole=True`` draws it whole, wrapped over as many lines as it needs: the
    highlighted entry of a drop-down, so the text under the cursor can always be read in full."""

    def __init__(self, text: str | Text, *, whole: bool = False) -> None:
        self.text = plain(text)
        self.whole = whole

    def __str__(self) -> str:
        return self.text.plain

    def shown_whole(self, whole: bool = True) -> Fitted:
        """The same text, drawn whole (wrapped) or cut."""
        return Fitted(self.text, whole=whole)

    @property
    def style(self) -> Any:
        """The cell's style (the row's urgency colour)."""
        return self.text.style

    def __rich_console__(self, console: Any, options: Any) -> Any:
        if self.whole:
            yield self.text
        else:
            yield ellipsized(self.text, options.max_width, pad=False)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(1, display_width(self.text.plain))
