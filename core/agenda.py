"""Moving through the agenda (议程): whose turn it is, and what next, skip, previous and taking a slot up do
to the slots and their timer.

The live screen calls these and only saves and shows the result; the room's clock (`core.clock`) uses the
same `current_index` and `next_waiting`, so both always agree on who presents and who is next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.model import Slot, SlotStatus
from core.timer import SlotTimer


def current_index(slots: Sequence[Slot]) -> int | None:
    """The slot to resume: the one being presented, else the first still waiting, else the first
    skipped, else the last; None for an empty agenda."""
    for wanted in (SlotStatus.PRESENTING, SlotStatus.WAITING, SlotStatus.SKIPPED):
        for index, slot in enumerate(slots):
            if slot.status is wanted:
                return index
    return len(slots) - 1 if slots else None


def next_waiting(slots: Sequence[Slot], after: int) -> int | None:
    """The next slot still waiting after ``after``, wrapping round to the start of the agenda."""
    order = list(range(after + 1, len(slots))) + list(range(after + 1))
    for index in order:
        if index != after and slots[index].status is SlotStatus.WAITING:
            return index
    return None


def previous_index(index: int | None) -> int | None:
    """The slot before ``index``; None at the first slot (previous does not wrap round)."""
    return None if index is None or index == 0 else index - 1


@dataclass(frozen=True, slots=True)
class Turn:
    """Where a move leads: the slot whose turn it is now (None: no slot is waiting, the meeting is over),
    and whether its clock starts (the clock keeps running across a move when it was running)."""

    index: int | None
    start: bool


def leave(slot: Slot | None, timer: SlotTimer | None, status_if_started: SlotStatus,
          status_if_not: SlotStatus, *, finish: bool) -> bool:
    """Stop ``slot``'s clock and set its status (``status_if_not`` when its clock never ran); returns whether
    the clock was running. A done slot (the finished meeting's last) stays done, its time as recorded."""
    if slot is None or timer is None or slot.status is SlotStatus.DONE:
        return False
    was_running = timer.running
    if finish and slot.first_started_at is not None:
        state = timer.finish()
    else:
        state = timer.pause(counted=False)  # moving away is not a pause the presenter asked for
    state.apply_to(slot)
    slot.status = status_if_started if slot.first_started_at is not None else status_if_not
    return was_running


def take_turn(slot: Slot) -> None:
    """``slot`` presents now: a slot taken up again is no longer finished."""
    slot.status = SlotStatus.PRESENTING
    slot.finished_at = None


def move_on(slots: Sequence[Slot], index: int, timer: SlotTimer | None, *, skip: bool) -> Turn:
    """Next (the presenter is done: the actual time is recorded) or skip (the slot stays on the agenda to
    be taken up later): the turn goes to the next slot waiting, wrapping round. A slot whose clock never
    ran is recorded as skipped either way ("not presented")."""
    status = SlotStatus.SKIPPED if skip else SlotStatus.DONE
    was_running = leave(slots[index], timer, status, SlotStatus.SKIPPED, finish=not skip)
    return Turn(next_waiting(slots, index), was_running)


def go_to(slots: Sequence[Slot], index: int | None, timer: SlotTimer | None, target: int) -> Turn:
    """Previous, or a slot chosen in the agenda: the interrupted presenter keeps their time and waits to
    finish later (only next marks a slot done)."""
    current = None if index is None else slots[index]
    was_running = leave(current, timer, SlotStatus.WAITING, SlotStatus.WAITING, finish=False)
    return Turn(target, was_running)
