"""The meetings list: the home screen's one query, read before anything else is loaded.

The list is the app's first frame, so this module needs only the meeting (`core.meeting`) and plain
sqlite3: not sqlite-utils, not the rest of the model and not `db.queries` (which re-exports these
names). `tests/test_layering.py` checks that the first frame loads none of them.
"""

from __future__ import annotations

from datetime import date, timedelta
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.meeting import DUE_SOON_DAYS, Meeting
from db.schema import OPEN_ACTION
from db.store import from_row

if TYPE_CHECKING:
    from db.store import Store


@dataclass(frozen=True, slots=True)
class MeetingListing:
    """A line of the meetings list: the meeting, its agenda size and its open actions."""

    meeting: Meeting
    presenters: int
    open_actions: int


def list_meetings(db: Store) -> list[MeetingListing]:
    """Every meeting, newest first, with its agenda size and open actions.

    The list is the app's first frame: read in plain SQL, with the model's `Meeting` alone.
    """
    sql = f"""
        SELECT m.*,
            (SELECT count(*) FROM slots s WHERE s.meeting_id = m.id) AS presenters,
            (SELECT count(*) FROM actions a WHERE a.meeting_id = m.id AND a.{OPEN_ACTION}) AS open_actions
        FROM meetings m ORDER BY coalesce(m.date, '') DESC, m.id DESC
    """
    return [
        MeetingListing(from_row(Meeting, row), row["presenters"], row["open_actions"])
        for row in db.query(sql)
    ]


# core.rules.is_overdue and is_due_soon pushed into SQL (an open action; a due date is a whole day), so
# the first frame counts them without loading the rules and large tables filter fast.
OVERDUE_SQL = f"due IS NOT NULL AND due < ? AND {OPEN_ACTION}"
DUE_SOON_SQL = f"due IS NOT NULL AND due >= ? AND due <= ? AND {OPEN_ACTION}"


def due_soon_params(today: date, days: int = DUE_SOON_DAYS) -> list[str]:
    return [today.isoformat(), (today + timedelta(days=days)).isoformat()]


@dataclass(frozen=True, slots=True)
class ActionReminders:
    """The meetings list's heading: open actions across meetings past their due date and due soon."""

    overdue: int
    due_soon: int
    days: int = DUE_SOON_DAYS


def action_reminders(db: Store, today: date, days: int = DUE_SOON_DAYS) -> ActionReminders:
    """How many open actions, across meetings, are overdue and due within ``days`` days of ``today``."""
    sql = f"SELECT (SELECT count(*) FROM actions WHERE {OVERDUE_SQL}), (SELECT count(*) FROM actions WHERE {DUE_SOON_SQL})"
    overdue, due_soon = db.execute(sql, [today.isoformat(), *due_soon_params(today, days)]).fetchone()
    return ActionReminders(overdue, due_soon, days)

