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

from core.width import display_width


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


def ellipsized(value: str | Text, width: int) -> Text:
    """``value`` in exactly ``width`` cells: whole and padded, or cut at a character with "…" after it.

    Rich's own cut fills the half of a wide (CJK) character that does not fit with a space before the
    "…" ("10  …" for "10 月月度…"), which reads as a character lost; here the "…" follows the last whole
    character and the padding goes after it."""
    text = plain(value).copy()
    if text.cell_len > width:
        room, end = width - 1, 0
        for index, char in enumerate(text.plain):
            room -= cell_len(char)
            if room < 0:
                break
            end = index + 1
        text = text[:end]
        text.rstrip()  # "10 …" reads like a lost character too
        text.append("…")
    text.pad_right(max(0, width - text.cell_len))
    return text


def column_widths(rows: Sequence[Sequence[str | Text]]) -> list[int]:
    """The widest cell of each column (headings included), in terminal cells."""
    return [max(display_width(str(cell)) for cell in column) for column in zip(*rows, strict=True)]
