"""The review meeting itself: what the meetings list, the command line and every screen start from.

Kept apart from the rest of the domain (`core.model`, which re-exports all of it) so that the app's
first frame — the meetings list — loads one dataclass, not the model's thirteen: measured for issue 18
(2026-12-05, meetings list on a pty, median of 11), loading `core.model` there costs 11 ms more CPU
(74 vs 63 ms after Textual's import; a bare Textual app's whole start is ~180 ms). tests/test_layering.py
keeps `core.model` out of the first frame. Enum values are the strings stored in
the database and in files, so they never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Scenario(StrEnum):
    """复盘场景 — why the meeting is held (seed 001)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEAR = "half_year"
    ANNUAL = "annual"
    KEY_PROJECT = "key_project"
    ANOMALY = "anomaly"
    CAPABILITY = "capability"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


@dataclass(slots=True)
class Meeting:
    """复盘会: a review meeting with a specific goal and a timed agenda."""

    title: str
    goal: str
    scenario: Scenario = Scenario.MONTHLY
    period: str = ""
    date: date | None = None
    facilitator: str = ""
    slot_minutes: int = 10
    status: MeetingStatus = MeetingStatus.PLANNED
    wrap_up_seconds: int = 120
    final_seconds: int = 30
    planned_start: datetime | None = None
    id: int | None = None


DUE_SOON_DAYS = 7
"""An open action due within this many days is due soon (`core.rules.is_due_soon`); here, with the meeting,
because the meetings list's first frame counts them without loading the rules."""

MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 1, 120
"""The minutes a presenter's slot may be planned for."""
