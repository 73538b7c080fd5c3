"""Text people type is shown as typed on every screen, never read as markup.

Rich and Textual read "[bold]" or "[/]" in a plain string as styling, and an unmatched closing tag
raises. A meeting title such as "华东 [/b] 复盘" once stopped the app from starting. Here every free-text
field of the demo carries such brackets, and the whole app is walked with the keyboard.
"""

from __future__ import annotations

import sqlite3

from textual.widgets import DataTable, Label, Select

from tests.conftest import TODAY
from tests.drivers import FakeClock, listed_meetings, settled
from tui.app import make_app
from tui.screens.meetings import MeetingsScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.clock import AgendaList

SIZE = (160, 50)
MARKUP = " [/b][bold]x[/]"  # an unmatched closing tag, a style and a generic close
FREE_TEXT = {  # table -> the columns people type into (enums, dates, numbers, units and periods excluded)
    "meetings": ("title", "goal", "facilitator"),
    "slots": ("presenter",),
    "indicators": ("name", "category"),
    "indicator_values": ("presenter", "note"),
    "key_works": ("presenter", "title", "plan", "status", "shortfall"),
    "gaps": ("presenter", "title"),
    "root_causes": ("problem", "preliminary_cause", "root_cause", "evidence"),
    "lessons": ("presenter", "content", "applies_to"),
    "actions": ("presenter", "measure", "owner", "standard", "checkpoint", "resources", "risk"),
    "action_updates": ("note",),
    "catchup_plans": ("presenter",),
    "catchup_lines": ("customer",),
}


def _bracket_everything(db_path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        for table, columns in FREE_TEXT.items():
            sets = ", ".join(f"{c} = {c} || ?" for c in columns)
            conn.execute(f"UPDATE {table} SET {sets}", [MARKUP] * len(columns))
    conn.close()


async def _back_to(pilot, screen_type: type, *keys: str) -> None:
    for _ in range(6):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.press(*keys)
        await pilot.pause()
    raise AssertionError(f"still on {pilot.app.screen!r}")


async def _open_every_select(pilot) -> None:
    """Draw each visible drop-down's options, where a title would be parsed if it were markup."""
    for select in pilot.app.screen.query(Select):
        if select.display and select.region:
            select.expanded = True
            await pilot.pause()
            select.expanded = False
            await pilot.pause()


def _cells(table: DataTable) -> set[str]:
    return {str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)}


async def test_every_screen_shows_bracketed_text_as_typed(demo, db, db_path):
    _bracket_everything(db_path)
    title = demo.title + MARKUP
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert title in {cells[1] for cells in listed_meetings(app.screen)}

        await pilot.press("d")  # the confirmation names the meeting
        await pilot.pause()
        assert any(title in str(label.render()) for label in app.screen.query(Label))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("e")  # setup: details and agenda
        await pilot.pause()
        assert any(cell.endswith(MARKUP) for cell in _cells(app.screen.query_one("#slots", DataTable)))
        await _back_to(pilot, MeetingsScreen, "escape")

        await pilot.press("enter")  # live: every tab of every presenter
        await pilot.pause()
        agenda = app.screen.query_one(AgendaList)
        assert MARKUP in str(agenda.query(Label).first().render())
        assert str(app.screen.query_one("#presenter", Label).render()).endswith(MARKUP)
        seen: set[str] = set()
        for tab in "1234567":  # the first presenter carries every kind of record in the demo
            await pilot.press("escape", tab)  # leave any field, then open the tab
            await pilot.pause()
            for table in app.screen.query(DataTable):
                seen |= _cells(table)
            await _open_every_select(pilot)  # gaps, root causes and links are listed by their names
        shown_as_typed = {cell for cell in seen if cell.endswith(MARKUP)}
        assert len(shown_as_typed) > 10, "indicator names, causes, measures, lessons, previous actions"
        await pilot.press("f10")  # summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await _back_to(pilot, MeetingsScreen, "escape", "q")

        await pilot.press("t")  # tracking
        await settled(pilot)
        assert any(cell.endswith(MARKUP) for cell in _cells(app.screen.query_one("#actions", DataTable)))
        await _open_every_select(pilot)  # the meeting filter lists titles
    assert app.return_code in (None, 0)
    assert TODAY  # the demo is dated, so the open actions are overdue and drawn red
