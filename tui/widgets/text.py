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
        part = plain(cell).copy()
        part.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(part)
        line.append(" " * gap)
    line.rstrip()
    return line


def column_widths(rows: Sequence[Sequence[str | Text]]) -> list[int]:
    """The widest cell of each column (headings included), in terminal cells."""
    return [max(display_width(str(cell)) for cell in column) for column in zip(*rows, strict=True)]
