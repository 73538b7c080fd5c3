"""Cell safety: text a spreadsheet would read as a formula (OWASP "CSV injection") is made inert."""

from __future__ import annotations

# What a spreadsheet may take for the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r\n")


def neutralise(value: str) -> str:
    """Text a spreadsheet would evaluate gets a leading apostrophe, which Excel and WPS show as text."""
    return "'" + value if value[:1] in FORMULA_STARTS else value
