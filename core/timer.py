"""The slot timer (计时): a countdown per presenter that never runs out silently.

Elapsed time is computed from clock readings, never by counting ticks: elapsed = accumulated running time
+ (now − last start). The clock is injected, so tests run a ten-minute slot in a millisecond, and it is a
*wall* clock (epoch seconds) so that the persisted state resumes correctly after the program restarts.

One timing model (DESIGN.md §3): every screen and export reads its figures from here, never re-derives
them. For a slot: `slot_timing` (plan = planned ± adjustments, actual, remaining, over, overrun, phase),
`plan_seconds`, `overrun_seconds`, `is_over`, `was_presented`; for the words: `phase_caption` (under the
countdown) and `timer_status` (the i18n key of the running/paused/done/not presented/finished line); for
the meeting: `schedule` (planned end, projected end with skipped slots still to come, warning).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from core.i18n import Lang, text
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

    def is_over(self, now: float) -> bool:
        """超时, the one definition (DESIGN.md §3): elapsed > planned + adjustments."""
        return self.elapsed(now) > self.allowed_seconds

    def overrun(self, now: float) -> float:
        """How far the elapsed time went past the adjusted plan; 0 while within it."""
        return max(0.0, self.elapsed(now) - self.allowed_seconds)


def phase_of(remaining: float, settings: TimerSettings = TimerSettings()) -> Phase:
    """The phase for ``remaining`` seconds. OVERTIME exactly when the slot is over time (`is_over`):
    elapsed > planned + adjustments, i.e. remaining < 0. At 00:00 the slot is in its final phase."""
    if remaining < 0:
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


def plan_seconds(slot: Slot) -> float:
    """The slot's plan as the meeting now holds it: planned length + the minutes added or taken away
    (F7/F6). The agenda's 实际/计划, the summary and the timing report all show this plan."""
    return TimerState.of(slot).allowed_seconds


def overrun_seconds(slot: Slot, now: float | None = None) -> float:
    """超时: how far the actual length went past the adjusted plan (`plan_seconds`); the same rule as
    `TimerState.is_over`, so a slot extended by F7 that stays within it reports no overrun."""
    return max(0.0, actual_seconds(slot, now) - plan_seconds(slot))


def is_over(slot: Slot, now: float | None = None) -> bool:
    """Whether the slot is (or, with ``now`` None, ended) over time: elapsed > planned + adjustments."""
    return actual_seconds(slot, now) > plan_seconds(slot)


def was_presented(slot: Slot) -> bool:
    """Whether the slot's clock ever ran; a skipped slot that never ran is 'not presented'."""
    return slot.first_started_at is not None


@dataclass(frozen=True, slots=True)
class SlotTiming:
    """One slot's figures, as every screen and export shows them (seconds)."""

    planned: float
    """The planned length as set on the agenda."""
    adjust: float
    """Minutes added (F7) or taken away (F6), in seconds."""
    plan: float
    """planned + adjust, never below 0: what `remaining`, `over` and `overrun` are measured against."""
    actual: float
    remaining: float
    over: bool
    overrun: float
    phase: Phase


def slot_timing(slot: Slot, now: float | None = None, settings: TimerSettings = TimerSettings()) -> SlotTiming:
    """A slot's timing in one reading of the clock (``now`` None: as recorded, the live part left out).

    The countdown, the agenda sidebar, the summary, the timing report and the projector clock read
    these figures, so they agree by construction.
    """
    state = TimerState.of(slot)
    actual = state.accumulated_seconds if now is None else state.elapsed(now)
    plan = state.allowed_seconds
    remaining = plan - actual
    return SlotTiming(
        planned=float(slot.planned_seconds), adjust=float(state.adjust_seconds), plan=plan, actual=actual,
        remaining=remaining, over=actual > plan, overrun=max(0.0, actual - plan),
        phase=phase_of(remaining, settings),
    )


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

    Slots still to run are the waiting, presenting and *skipped* ones: a skipped presenter stays on the
    agenda to be taken up again, so the projection keeps their time (DESIGN.md §3). Only done slots
    are out. A slot over time adds nothing more; the planned end uses each slot's adjusted plan.
    """
    start = meeting_start(slots, planned_start)
    planned_end = None if start is None else start + sum(plan_seconds(s) for s in slots)
    to_run = 0.0
    for slot in slots:
        if slot.status is SlotStatus.DONE:
            continue
        to_run += max(0.0, TimerState.of(slot).remaining(now))
    seconds_left = None if planned_end is None else planned_end - now
    return Schedule(planned_end=planned_end, projected_end=now + to_run, seconds_left=seconds_left)


def phase_caption(remaining: float, lang: Lang, settings: TimerSettings = TimerSettings()) -> str:
    """The words under the countdown, following the phase and the time really left: "请总结 · 剩余2分钟内"
    from the wrap-up threshold, "…1分钟内" under a minute, "最后30秒" in the final phase, "已超时" after."""
    phase = phase_of(remaining, settings)
    if phase is Phase.WRAP_UP:
        minutes = max(1, math.ceil(remaining / MINUTE))
        return text("phase.wrap-up.left", lang).format(minutes=minutes)
    if phase is Phase.FINAL:
        return text("phase.final.left", lang).format(seconds=settings.final_seconds)
    return text(f"phase.{phase.value}", lang)


def timer_status(slot: Slot, running: bool, meeting_finished: bool) -> str:
    """The `core.i18n` key of the line beside the countdown: the meeting is over, this slot is done,
    not presented (skipped before it ran), skipped, running, paused or not started yet."""
    if meeting_finished:
        return "timer.meeting_finished"
    if running:
        return "running_clock"
    if slot.status is SlotStatus.DONE:
        return "timer.slot_done"
    if slot.status is SlotStatus.SKIPPED:
        return "timer.skipped" if was_presented(slot) else "timer.not_presented"
    if not was_presented(slot):
        return "not_started_clock"
    return "paused"
