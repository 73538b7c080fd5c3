"""A meeting to set up (and one with three presenters, 甲 乙 丙), its slots and details read back as stored
on a fresh connection (what a restart sees), and an agenda entry added in setup's add field."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from core.model import Meeting
from db import queries
from db.store import connect
from tui.screens.setup import SetupScreen


SLOT_COLUMNS = ("presenter", "position", "planned_seconds", "status", "accumulated_seconds", "running_since",
                "first_started_at", "finished_at", "pause_count", "adjust_seconds")


def slot_rows(db_path, meeting_id: int) -> list[dict]:
    """The meeting's slots table as stored, in agenda order (a fresh connection: what a restart sees)."""
    db = connect(db_path)
    try:
        return list(db.query(f"SELECT {', '.join(SLOT_COLUMNS)} FROM slots WHERE meeting_id = ? "
                             "ORDER BY position, id", [meeting_id]))
    finally:
        db.close()


def by_name(db_path, meeting_id: int) -> dict[str, dict]:
    return {row["presenter"]: row for row in slot_rows(db_path, meeting_id)}


def meeting_row(db_path, meeting_id: int) -> dict:
    db = connect(db_path)
    try:
        [row] = db.query("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        return row
    finally:
        db.close()


def assert_positions(db_path, meeting_id: int) -> None:
    positions = [row["position"] for row in slot_rows(db_path, meeting_id)]
    assert positions == list(range(1, len(positions) + 1))


@pytest.fixture
def meeting(db) -> Meeting:
    return queries.save_meeting(db, Meeting(title="十月复盘", goal="分析10月新客户开发不足原因", slot_minutes=10))


@pytest.fixture
def three(db, meeting) -> Meeting:
    for name in ("甲", "乙", "丙"):
        queries.add_slot(db, meeting.id, name)
    return meeting


async def add(pilot, screen: SetupScreen, text: str) -> str:
    """Put an agenda entry in the add field (as pasted: full-width punctuation is no key name) and press
    Enter; the error line shown after it."""
    field = screen.query_one("#add-presenter", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()
    return str(screen.query_one("#add-error").render())
