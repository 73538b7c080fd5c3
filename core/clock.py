"""What the room's clock shows (DESIGN.md §4 Clock): the running slot only, computed from the agenda.

The projector's `fupan clock`, the browser's `fupan serve` and the live screen's maximised clock all show
the same face, so which meeting the clock follows is decided here once; which slot is current and who is
next are `core.agenda`'s, as on the live screen, and the time maths is `core.timer`'s (`slot_timing`,
`schedule`), the same figures the live screen shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.agenda import current_index, next_waiting
from core.meeting import Meeting, MeetingStatus
from core.model import Slot
from core.timer import Phase, TimerSettings, TimerState, schedule, slot_timing, was_presented

MESSAGE_MAX_CHARS = 60
"""A message to the presenter is one short line ("请总结", "还有两页"), readable across a room."""


def pick_meeting(meetings: Sequence[Meeting], today: date) -> Meeting | None:
    """The meeting a clock started without a MEETING follows: the one running now, else today's only one.

    With several running, the latest (by date, then the newest); with several today and none running,
    none: the clock cannot guess and says so.
    """
    running = [m for m in meetings if m.status is MeetingStatus.RUNNING]
    if running:
        return max(running, key=lambda m: (m.date or date.min, m.id or 0))
    todays = [m for m in meetings if m.date == today]
    return todays[0] if len(todays) == 1 else None


@dataclass(frozen=True, slots=True)
class ClockFace:
    """Everything the clock shows of the running slot, at one instant."""

    presenter: str
    number: int
    """1-based position of the slot in the agenda."""
    total: int
    remaining: float
    """Seconds left; negative once over time (`core.timer.format_clock` shows it as +mm:ss)."""
    phase: Phase
    running: bool
    started: bool
    next_presenter: str | None
    projected_end: float
    message: str
    slot_id: int | None

    @property
    def text_key(self) -> str:
        """The i18n key of the line under the digits: the phase's words, or why the clock stands still."""
        if not self.started:
            return "clock.not_started"
        if not self.running:
            return "paused"
        return f"phase.{self.phase.value}"


def clock_face(meeting: Meeting, slots: Sequence[Slot], now: float, index: int | None = None) -> ClockFace | None:
    """The face for ``slots[index]`` (by default the current slot); None for an empty agenda."""
    if index is None:
        index = current_index(slots)
    if index is None:
        return None
    slot = slots[index]
    timing = slot_timing(slot, now, TimerSettings(meeting.wrap_up_seconds, meeting.final_seconds))
    following = next_waiting(slots, index)
    planned_start = meeting.planned_start.timestamp() if meeting.planned_start else None
    return ClockFace(
        presenter=slot.presenter,
        number=index + 1,
        total=len(slots),
        remaining=timing.remaining,
        phase=timing.phase,
        running=TimerState.of(slot).running,
        started=was_presented(slot),
        next_presenter=None if following is None else slots[following].presenter,
        projected_end=schedule(slots, now, planned_start).projected_end,
        message=slot.message,
        slot_id=slot.id,
    )
