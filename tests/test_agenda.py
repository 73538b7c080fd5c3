"""Moving through the agenda (core.agenda): resume, next waiting with wrap-around, skip, previous, take up."""

from __future__ import annotations

from core.agenda import Turn, current_index, go_to, move_on, next_waiting, previous_index, take_turn
from core.model import Slot, SlotStatus
from core.timer import SlotTimer, TimerState

W, P, D, S = SlotStatus.WAITING, SlotStatus.PRESENTING, SlotStatus.DONE, SlotStatus.SKIPPED


def _slots(*statuses: SlotStatus) -> list[Slot]:
    return [Slot(meeting_id=1, presenter=f"p{n}", position=n, status=status, id=n)
            for n, status in enumerate(statuses, start=1)]


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _running(slot: Slot, clock: Clock) -> SlotTimer:
    """``slot`` presenting with its clock started at ``clock``'s time."""
    take_turn(slot)
    timer = SlotTimer(TimerState.of(slot), clock)
    timer.start().apply_to(slot)
    return timer


def test_resume_takes_the_slot_presenting_else_the_first_waiting_else_the_first_skipped_else_the_last():
    assert current_index(_slots(D, W, P, W)) == 2
    assert current_index(_slots(D, S, W)) == 2
    assert current_index(_slots(D, S, D, S)) == 1
    assert current_index(_slots(D, D)) == 1
    assert current_index([]) is None


def test_next_waiting_wraps_round_and_never_returns_the_slot_itself():
    slots = _slots(W, D, P, D)
    assert next_waiting(slots, 2) == 0  # wrapped round to a presenter who has not presented yet
    assert next_waiting(_slots(D, P, W, W), 1) == 2
    assert next_waiting(_slots(W, D), 0) is None
    assert next_waiting(_slots(D, S, P), 2) is None  # skipped slots are taken up by hand, not by next


def test_previous_stops_at_the_first_slot():
    assert previous_index(3) == 2
    assert previous_index(0) is None
    assert previous_index(None) is None


def test_next_records_the_actual_time_and_keeps_the_clock_running_for_the_next_presenter():
    clock = Clock()
    slots = _slots(W, W, W)
    timer = _running(slots[0], clock)
    clock.now += 540
    turn = move_on(slots, 0, timer, skip=False)
    assert (turn.index, turn.start) == (1, True)
    assert slots[0].status is D and slots[0].accumulated_seconds == 540 and slots[0].finished_at == clock.now
    assert slots[0].running_since is None


def test_skip_keeps_the_slot_on_the_agenda_with_its_time_and_a_never_started_slot_is_not_presented():
    clock = Clock()
    slots = _slots(W, W, W)
    timer = _running(slots[0], clock)
    clock.now += 60
    turn = move_on(slots, 0, timer, skip=True)
    assert (turn.index, turn.start) == (1, True)
    assert slots[0].status is S and slots[0].accumulated_seconds == 60 and slots[0].finished_at is None
    assert slots[0].pause_count == 0  # moving away is not a pause the presenter asked for

    take_turn(slots[1])  # never started: next records it as not presented (skipped), the clock stays off
    turn = move_on(slots, 1, SlotTimer(TimerState.of(slots[1]), clock), skip=False)
    assert slots[1].status is S and slots[1].first_started_at is None
    assert (turn.index, turn.start) == (2, False)


def test_next_on_the_last_slot_waiting_ends_the_meeting():
    clock = Clock()
    slots = _slots(D, S, W)
    turn = move_on(slots, 2, _running(slots[2], clock), skip=False)
    assert turn.index is None and slots[2].status is D


def test_a_done_slot_stays_done_with_its_time_as_recorded():
    slots = _slots(D, W)
    slots[0].accumulated_seconds, slots[0].finished_at = 600.0, 2000.0
    turn = move_on(slots, 0, SlotTimer(TimerState.of(slots[0]), Clock(5000.0)), skip=True)
    assert (slots[0].status, slots[0].accumulated_seconds, slots[0].finished_at) == (D, 600.0, 2000.0)
    assert (turn.index, turn.start) == (1, False)


def test_going_back_leaves_the_interrupted_presenter_waiting_with_their_time():
    clock = Clock()
    slots = _slots(D, W, W)
    timer = _running(slots[1], clock)
    clock.now += 120
    turn = go_to(slots, 1, timer, previous_index(1))
    assert (turn.index, turn.start) == (0, True)
    assert slots[1].status is W and slots[1].accumulated_seconds == 120 and slots[1].running_since is None
    take_turn(slots[0])
    assert slots[0].status is P and slots[0].finished_at is None  # taken up again: no longer finished


def test_taking_up_a_slot_with_no_current_one_starts_nothing():
    slots = _slots(S)
    assert go_to(slots, None, None, 0) == Turn(0, False)
    assert slots[0].status is S
