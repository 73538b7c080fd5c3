"""How many columns a text takes on a terminal or in a spreadsheet: the one measure fupan aligns with.

East Asian wide and full-width characters (汉字, Ｑ３) take two columns, combining marks none, as the
Unicode tables of the `wcwidth` library say (the widths Rich draws with: a test holds the two equal).
"""

from __future__ import annotations

_WIDTHS: dict[str, int] = {}  # measured once per character: exports measure many thousand cells

BLOCKS = (
    ("\u00a1", "\u00ac", 1), ("\u00ae", "\u00ff", 1),  # Latin-1: · é ü ×
    ("\u2010", "\u2027", 1), ("\u2030", "\u205e", 1),  # punctuation: — ‘ ’ “ ” • …
    ("\u2190", "\u21ff", 1),  # arrows: ↷ →
    ("\u2500", "\u257f", 1),  # box drawing
    ("\u2580", "\u259f", 1),  # block elements: the trend's sparkline ▁▃▅▇█
    ("\u25a0", "\u25fc", 1),  # geometric shapes: ▶ ■ ○
    ("\u3000", "\u3029", 2),  # CJK punctuation: 、。「」【】
    ("\u3041", "\u3096", 2),  # hiragana
    ("\u30a1", "\u30fa", 2),  # katakana
    ("\u3400", "\u4dbf", 2),  # CJK ideographs, extension A
    ("\u4e00", "\u9fff", 2),  # CJK ideographs
    ("\uac00", "\ud7a3", 2),  # Hangul syllables
    ("\uf900", "\ufaff", 2),  # CJK compatibility ideographs
    ("\uff01", "\uff60", 2),  # full-width forms: （），：￥ Ｑ３
    ("\uffe0", "\uffe6", 2),  # full-width signs
)
"""Blocks in which wcwidth gives every character the same width (tests/test_width.py checks each
character), so Chinese text and the usual marks are measured without loading wcwidth: its import (~20 ms)
was most of what the meetings list's first frame spent on fupan's side. Any other character is measured
by wcwidth."""


def char_width(char: str) -> int:
    """Columns one character takes: 2 for wide and full-width, 0 for combining and control characters."""
    width = _WIDTHS.get(char)
    if width is None:
        if char.isascii() and char.isprintable():
            width = 1
        else:
            width = next((cells for first, last, cells in BLOCKS if first <= char <= last), -1)
        if width < 0:
            from wcwidth import wcwidth  # loaded with the first such character, not at start-up

            width = max(wcwidth(char), 0)
        _WIDTHS[char] = width
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
