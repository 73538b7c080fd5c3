"""The clock's view of the database: read-only, cheap to poll, never a writer.

`fupan clock` and `fupan serve` follow the facilitator's app through the file alone. The connection is
opened with SQLite's ``mode=ro`` URI, so no statement it runs can change a byte (a test tries), and
`PRAGMA data_version` (which moves only when another connection commits) tells it when to read again.
Plain sqlite3 and `core`: the clock starts as fast as a bare Textual app.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from core.clock import pick_meeting
from core.meeting import Meeting
from core.model import Slot
from db.store import BUSY_TIMEOUT_SECONDS, Store, from_row


def open_read_only(path: str | Path) -> sqlite3.Connection:
    """A connection that cannot write; raises sqlite3.OperationalError while the file does not exist."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")  # belt and braces: even a temp table is refused
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a file that is not a database fails here
    return conn


def data_version(conn: sqlite3.Connection) -> int:
    """Changes whenever another connection commits to the file: the clock reads again only then."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


@dataclass(frozen=True, slots=True)
class ClockSnapshot:
    """The meeting the clock follows and its agenda, read in one transaction (None: nothing to follow)."""

    meeting: Meeting | None
    slots: tuple[Slot, ...] = ()


def read_clock(conn: sqlite3.Connection, meeting_id: int | None, today: date) -> ClockSnapshot:
    """Meeting ``meeting_id``, or (None) the one running now or today's only one, with its slots."""
    conn.execute("BEGIN")  # one snapshot: a commit between the two reads cannot mix two states
    db = Store(conn)
    try:
        if not _has_schema(conn):
            return ClockSnapshot(None)
        if meeting_id is None:
            meetings = [from_row(Meeting, row) for row in db.query(
                "SELECT * FROM meetings WHERE status = 'running' OR date = ?", [today.isoformat()])]
            meeting = pick_meeting(meetings, today)
        else:
            rows = list(db.query("SELECT * FROM meetings WHERE id = ?", [meeting_id]))
            meeting = from_row(Meeting, rows[0]) if rows else None
        if meeting is None:
            return ClockSnapshot(None)
        slots = tuple(from_row(Slot, row) for row in db.query(
            "SELECT * FROM slots WHERE meeting_id = ? ORDER BY position, id", [meeting.id]))
        return ClockSnapshot(meeting, slots)
    finally:
        conn.execute("COMMIT")


def _has_schema(conn: sqlite3.Connection) -> bool:
    """A file the facilitator's app has not set up yet (just created) has no tables to read."""
    found = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meetings', 'slots')")
    return found.fetchone()[0] == 2
