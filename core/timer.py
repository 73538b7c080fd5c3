"""The slot timer (计时): a countdown per presenter that never runs out silently.

Elapsed time is computed from clock readings, never by counting ticks: elapsed = accumulated running time
+ (now − last start). The clock is injected, so tests run a ten-minute slot in a millisecond, and it is a
*wall* clock (epoch seconds) so that the persisted state resumes correctly after the program restarts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from core.model import Slot, SlotStatus

Clock = Callable[[], float]
"""Returns the current time in epoch seconds (`time.time` in the app, a fake in tests)."""

MEETING_WARNING_SECONDS = 600
"""The meeting as a whole warns when this much of its planned time is left."""

MINUTE = 60


class Phase(StrEnum):
    """How close a slot is to its end; the live screen's CSS class for the countdown."""

    NORMAL = "normal"
    WRAP_UP = "wrap-up"
    FINAL = "final"
    OVERTIME = "overtime"


@dataclass(frozen=True, slots=True)
class TimerSettings:
    wrap_up_seconds: int = 120
    final_seconds: int = 30


@dataclass(frozen=True, slots=True)
class TimerState:
    """Everything needed to resume a slot's timer: persisted in the slot's row after every change."""

    planned_seconds: int
    accumulated_seconds: float = 0.0
    running_since: float | None = None
    first_started_at: float | None = None
    finished_at: float | None = None
    pause_count: int = 0
    adjust_seconds: float = 0.0

    # Every field of TimerState is a field of Slot of the same name: the slot's row is where it persists.

    @classmethod
    def of(cls, slot: Slot) -> TimerState:
        return cls(**{f.name: getattr(slot, f.name) for f in fields(cls)})

    def apply_to(self, slot: Slot) -> Slot:
        """Copy this state into `slot` (in place) and return it, ready to be saved."""
        for f in fields(self):
            setattr(slot, f.name, getattr(self, f.name))
        return slot

    @property
    def running(self) -> bool:
        return self.running_since is not None

    @property
    def allowed_seconds(self) -> float:
        """Planned length plus the minutes the facilitator added (or minus those taken away)."""
        return max(0.0, self.planned_seconds + self.adjust_seconds)

    def elapsed(self, now: float) -> float:
        # A clock set backwards never makes time run backwards.
        live = max(0.0, now - self.running_since) if self.running_since is not None else 0.0
        return self.accumulated_seconds + live

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the slot runs over."""
        return self.allowed_seconds - self.elapsed(now)


def phase_of(remaining: float, settings: TimerSettings = TimerSettings()) -> Phase:
    if remaining <= 0:
        return Phase.OVERTIME
    if remaining <= settings.final_seconds:
        return Phase.FINAL
    if remaining <= settings.wrap_up_seconds:
        return Phase.WRAP_UP
    return Phase.NORMAL


class SlotTimer:
    """Start, pause, extend, shorten and finish one slot; every method returns the new state to persist."""

    def __init__(self, state: TimerState, clock: Clock, settings: TimerSettings = TimerSettings()) -> None:
        self.state = state
        self.clock = clock
        self.settings = settings

    @property
    def running(self) -> bool:
        return self.state.running

    def elapsed(self) -> float:
        return self.state.elapsed(self.clock())

    def remaining(self) -> float:
        return self.state.remaining(self.clock())

    def phase(self) -> Phase:
        return phase_of(self.remaining(), self.settings)

    def start(self) -> TimerState:
        if self.state.running:
            return self.state
        now = self.clock()
        first = self.state.first_started_at if self.state.first_started_at is not None else now
        self.state = replace(self.state, running_since=now, first_started_at=first, finished_at=None)
        return self.state

    def pause(self, *, counted: bool = True) -> TimerState:
        """Stop the clock; ``counted=False`` when the facilitator moves away rather than pausing."""
        if not self.state.running:
            return self.state
        now = self.clock()
        self.state = replace(
            self.state,
            accumulated_seconds=self.state.elapsed(now),
            running_since=None,
            pause_count=self.state.pause_count + (1 if counted else 0),
        )
        return self.state

    def toggle(self) -> TimerState:
        return self.pause() if self.state.running else self.start()

    def extend(self, seconds: float = MINUTE) -> TimerState:
        self.state = replace(self.state, adjust_seconds=self.state.adjust_seconds + seconds)
        return self.state

    def shorten(self, seconds: float = MINUTE) -> TimerState:
        """Take time away, but never below zero allowed seconds."""
        floor = -float(self.state.planned_seconds)
        self.state = replace(self.state, adjust_seconds=max(floor, self.state.adjust_seconds - seconds))
        return self.state

    def finish(self) -> TimerState:
        """Stop the clock for good (next presenter, or skip): the elapsed time becomes the actual length."""
        now = self.clock()
        self.state = replace(
            self.state,
            accumulated_seconds=self.state.elapsed(now),
            running_since=None,
            finished_at=now,
        )
        return self.state


class PhaseWatch:
    """Reports each phase change once, so the screen flashes and rings the bell exactly when a phase begins."""

    def __init__(self, initial: Phase | None = None) -> None:
        self.last = initial

    def observe(self, phase: Phase) -> Phase | None:
        """The phase just entered, or None if nothing changed or the slot went back to normal (extended)."""
        previous, self.last = self.last, phase
        if phase is previous or phase is Phase.NORMAL:
            return None
        return phase


def format_clock(seconds: float) -> str:
    """`09:59` counting down; `+01:05` once over. Whole seconds, rounded up while counting down.

    Rounding up means a fresh 10-minute slot shows 10:00 and 00:00 is only shown when time is really out.
    """
    if seconds > 0:
        whole = int(-(-seconds // 1))
        sign = ""
    else:
        whole = int(-seconds // 1)
        sign = "+" if whole else ""
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


def actual_seconds(slot: Slot, now: float | None = None) -> float:
    """A slot's actual length: its running time, pauses excluded (live time too when ``now`` is given)."""
    state = TimerState.of(slot)
    return state.accumulated_seconds if now is None else state.elapsed(now)


def overrun_seconds(slot: Slot, now: float | None = None) -> float:
    """超时: how far the actual length went past the planned one (the timing report's column)."""
    return max(0.0, actual_seconds(slot, now) - slot.planned_seconds)


def format_duration(seconds: float | None) -> str:
    """A recorded length as m:ss (`12:05`), for the agenda and the timing report."""
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    sign = "-" if whole < 0 else ""
    minutes, secs = divmod(abs(whole), 60)
    return f"{sign}{minutes}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """Where the meeting as a whole stands (epoch seconds)."""

    planned_end: float | None
    projected_end: float
    seconds_left: float | None

    @property
    def delta(self) -> float | None:
        """Seconds behind schedule (positive) or ahead (negative)."""
        return None if self.planned_end is None else self.projected_end - self.planned_end

    @property
    def warning(self) -> bool:
        """True when the meeting has 10 minutes or less of its planned time left."""
        return self.seconds_left is not None and self.seconds_left <= MEETING_WARNING_SECONDS


def meeting_start(slots: Sequence[Slot], planned_start: float | None = None) -> float | None:
    """When the first slot started; before that, the planned start (if one was set).

    Once the meeting runs, the agenda is anchored at its real start, so ahead/behind measures the pace of
    the meeting rather than how late the room filled up.
    """
    started = [s.first_started_at for s in slots if s.first_started_at is not None]
    return min(started) if started else planned_start


def schedule(slots: Sequence[Slot], now: float, planned_start: float | None = None) -> Schedule:
    """Planned end, projected end (now + what is left of every slot still to run) and time left.

    Skipped slots are left out of the projection: they stay on the agenda, but nobody plans for them
    until the facilitator takes one up again.
    """
    start = meeting_start(slots, planned_start)
    planned_end = None if start is None else start + sum(s.planned_seconds for s in slots)
    to_run = 0.0
    for slot in slots:
        if slot.status in (SlotStatus.DONE, SlotStatus.SKIPPED):
            continue
        to_run += max(0.0, TimerState.of(slot).remaining(now))
    seconds_left = None if planned_end is None else planned_end - now
    return Schedule(planned_end=planned_end, projected_end=now + to_run, seconds_left=seconds_left)
