"""How many columns a text takes on a terminal or in a spreadsheet: the one measure fupan aligns with.

East Asian wide and full-width characters (汉字, Ｑ３) take two columns, combining marks none, as the
Unicode tables of the `wcwidth` library say (the widths Rich draws with: a test holds the two equal).
"""

from __future__ import annotations

_WIDTHS: dict[str, int] = {}  # measured once per character: exports measure many thousand cells


def char_width(char: str) -> int:
    """Columns one character takes: 2 for wide and full-width, 0 for combining and control characters."""
    width = _WIDTHS.get(char)
    if width is None:
        from wcwidth import wcwidth  # loaded with the first non-ASCII text, not at start-up

        width = _WIDTHS[char] = max(wcwidth(char), 0)
    return width


def display_width(value: str) -> int:
    """Columns ``value`` takes (one line)."""
    if value.isascii() and value.isprintable():
        return len(value)
    try:
        return sum(map(_WIDTHS.__getitem__, value))
    except KeyError:  # a character not measured yet
        return sum(map(char_width, value))


def pad(value: str, width: int) -> str:
    """``value`` followed by spaces up to ``width`` columns (never cut)."""
    return value + " " * max(width - display_width(value), 0)
