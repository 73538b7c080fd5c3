"""Colours by meaning — good, warning, alert — as Textual theme variables, so no screen names a colour.

A screen says *why* a cell stands out (an overdue action is an `ALERT`, a done slot is `GOOD`) and the
theme decides how that looks: the same words in `.tcss` (`color: $error`), in Textual markup and
`Content` (``"[$error]…[/]"``), and, through `tone`, in the Rich `Text` that `DataTable` cells and the
summary chart are made of (Rich cannot read Textual's variables, so `tone` resolves them against the
app's current theme). tests/test_palette.py fails if a literal colour name comes back into tui/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.style import Style as RichStyle
    from textual.app import App

GOOD = "$success"
"""Met, done, covered: at or over target, a closed action."""
WARN = "$warning"
"""Needs a look soon: due within 7 days, not checkable, skipped, untouched since last time."""
ALERT = "bold $error"
"""Must be acted on now: overdue, over time, under target, missing owner or due date."""
BAD = "$error"
"""Under target, said quietly (a bar of the chart, a cell among many)."""

_resolved: dict[tuple[str, str], RichStyle] = {}


def tone(app: App, meaning: str) -> RichStyle | str:
    """The Rich style of ``meaning`` (one of the constants above, or "" for none) in ``app``'s theme."""
    if not meaning:
        return ""
    key = (app.theme, meaning)
    style = _resolved.get(key)
    if style is None:
        from textual.markup import parse_style

        # computed from the theme now: `App.theme_variables` follows a theme change only at the next refresh
        style = _resolved[key] = parse_style(meaning, app.get_css_variables()).rich_style
    return style
