"""The slot timer on a fake clock: ten minutes run in a millisecond."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.model import Slot, SlotStatus
from core.timer import (
    Phase,
    PhaseWatch,
    SlotTimer,
    TimerSettings,
    TimerState,
    format_clock,
    format_duration,
    phase_of,
    schedule,
)


class FakeClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def ten_minutes(clock: FakeClock) -> SlotTimer:
    return SlotTimer(TimerState(planned_seconds=600), clock)


def test_a_ten_minute_slot_with_pauses_extensions_and_overtime():
    clock = FakeClock()
    timer = ten_minutes(clock)
    assert timer.remaining() == 600 and timer.phase() is Phase.NORMAL and not timer.running

    timer.start()
    clock.advance(300)
    timer.pause()
    clock.advance(120)  # paused: does not count
    assert timer.elapsed() == 300
    assert timer.state.pause_count == 1

    timer.start()
    clock.advance(190)
    assert timer.remaining() == 110
    assert timer.phase() is Phase.WRAP_UP

    timer.extend()  # +1 minute
    assert timer.remaining() == 170
    assert timer.phase() is Phase.NORMAL

    clock.advance(150)
    assert timer.phase() is Phase.FINAL  # 20 s left

    clock.advance(85)
    assert timer.remaining() == -65
    assert timer.phase() is Phase.OVERTIME
    assert format_clock(timer.remaining()) == "+01:05"

    state = timer.finish()
    assert state.accumulated_seconds == 725
    assert state.finished_at == clock.now
    assert not state.running
    clock.advance(1000)
    assert timer.elapsed() == 725  # finished: the clock is stopped for good


def test_save_and_restore_mid_slot_gives_the_same_elapsed_time():
    clock = FakeClock()
    timer = ten_minutes(clock)
    timer.start()
    clock.advance(200)
    timer.pause()
    timer.start()
    clock.advance(50)

    slot = timer.state.apply_to(Slot(meeting_id=1, presenter="张伟", position=1))
    restored = SlotTimer(TimerState.of(slot), clock)
    assert restored.elapsed() == timer.elapsed() == 250
    assert restored.running

    clock.advance(30)  # the program was down for 30 s while the presenter kept talking
    assert restored.elapsed() == 280


def test_shorten_never_goes_below_zero_and_start_is_idempotent():
    clock = FakeClock()
    timer = ten_minutes(clock)
    for _ in range(20):
        timer.shorten()
    assert timer.state.allowed_seconds == 0
    assert timer.phase() is Phase.FINAL  # 00:00 and not yet past it: over time means elapsed > plan
    timer.start()
    first = timer.state.first_started_at
    clock.advance(5)
    timer.start()
    assert timer.state.first_started_at == first
    assert timer.elapsed() == 5
    assert timer.phase() is Phase.OVERTIME


def test_a_clock_set_backwards_never_runs_time_backwards():
    clock = FakeClock()
    timer = ten_minutes(clock)
    timer.start()
    clock.advance(-100)
    assert timer.elapsed() == 0


def test_phase_thresholds_are_configurable():
    settings = TimerSettings(wrap_up_seconds=300, final_seconds=60)
    assert phase_of(301, settings) is Phase.NORMAL
    assert phase_of(300, settings) is Phase.WRAP_UP
    assert phase_of(60, settings) is Phase.FINAL
    assert phase_of(0, settings) is Phase.FINAL
    assert phase_of(-0.001, settings) is Phase.OVERTIME


def test_phase_watch_signals_each_phase_once_and_again_after_an_extension():
    watch = PhaseWatch(Phase.NORMAL)
    seen = [watch.observe(p) for p in (Phase.NORMAL, Phase.WRAP_UP, Phase.WRAP_UP, Phase.FINAL,
                                       Phase.NORMAL, Phase.WRAP_UP, Phase.OVERTIME, Phase.OVERTIME)]
    assert seen == [None, Phase.WRAP_UP, None, Phase.FINAL, None, Phase.WRAP_UP, Phase.OVERTIME, None]


def test_format_clock_and_duration():
    assert format_clock(600) == "10:00"
    assert format_clock(599.2) == "10:00"
    assert format_clock(0.5) == "00:01"
    assert format_clock(0) == "00:00"
    assert format_clock(-0.4) == "00:00"
    assert format_clock(-61) == "+01:01"
    assert format_duration(725) == "12:05"
    assert format_duration(None) == "—"


def _slot(position: int, status: SlotStatus, **kw) -> Slot:
    return Slot(meeting_id=1, presenter=f"p{position}", position=position, status=status, **kw)


def test_schedule_projects_the_end_and_flags_the_last_ten_minutes():
    t0 = 1_800_000_000.0
    slots = [
        _slot(1, SlotStatus.DONE, first_started_at=t0, accumulated_seconds=720, finished_at=t0 + 720),
        _slot(2, SlotStatus.PRESENTING, first_started_at=t0 + 720, running_since=t0 + 720),
        _slot(3, SlotStatus.WAITING),
        _slot(4, SlotStatus.SKIPPED),
    ]
    now = t0 + 720 + 100
    plan = schedule(slots, now)
    assert plan.planned_end == t0 + 2400
    # The skipped presenter is still to be taken up: their 600 s are in the projection.
    assert plan.projected_end == now + 500 + 600 + 600
    assert plan.delta == now + 1700 - (t0 + 2400)  # 380 s behind (the first slot ran 2 min over)
    assert not plan.warning
    late = schedule(slots, t0 + 1900)
    assert late.warning  # 500 s of the meeting left


def test_schedule_without_a_start_has_no_planned_end():
    plan = schedule([_slot(1, SlotStatus.WAITING)], 100.0)
    assert plan.planned_end is None and plan.delta is None and not plan.warning
    assert plan.projected_end == 700.0


operations = st.lists(
    st.tuples(st.sampled_from(["start", "pause", "extend", "shorten", "wait"]), st.integers(0, 400)),
    max_size=40,
)


@given(operations)
def test_elapsed_is_the_sum_of_running_intervals(ops):
    clock = FakeClock()
    timer = ten_minutes(clock)
    expected = 0
    for op, seconds in ops:
        if op == "wait":
            if timer.running:
                expected += seconds
            clock.advance(seconds)
        else:
            getattr(timer, op)()
        assert timer.elapsed() == expected
        assert timer.state.allowed_seconds >= 0
        restored = SlotTimer(TimerState.of(timer.state.apply_to(_slot(1, SlotStatus.PRESENTING))), clock)
        assert restored.elapsed() == timer.elapsed()


@given(st.floats(-10_000, 10_000, allow_nan=False))
def test_the_clock_text_matches_the_phase(remaining):
    text = format_clock(remaining)
    assert text.startswith("+") == (phase_of(remaining) is Phase.OVERTIME and text != "00:00")


def test_actual_and_overrun_as_recorded_and_live():
    slot = _slot(1, SlotStatus.PRESENTING, accumulated_seconds=500, running_since=1000.0)
    from core.timer import actual_seconds, overrun_seconds

    assert actual_seconds(slot) == 500 and overrun_seconds(slot) == 0
    assert actual_seconds(slot, now=1200.0) == 700 and overrun_seconds(slot, now=1200.0) == 100


def test_every_timer_field_round_trips_through_the_slot_row():
    """TimerState persists in the slot: each of its fields has a Slot field of the same name."""
    state = TimerState(planned_seconds=420, accumulated_seconds=61.5, running_since=1000.25,
                       first_started_at=900.0, finished_at=1500.0, pause_count=3, adjust_seconds=-60.0)
    slot = state.apply_to(Slot(meeting_id=1, presenter="张伟", position=1))
    assert (slot.planned_seconds, slot.accumulated_seconds, slot.running_since, slot.first_started_at,
            slot.finished_at, slot.pause_count, slot.adjust_seconds) == (420, 61.5, 1000.25, 900.0, 1500.0, 3, -60.0)
    assert TimerState.of(slot) == state


def test_the_phase_words_follow_the_time_really_left():
    from core.timer import phase_caption

    assert phase_caption(300, "zh") == ""
    assert phase_caption(120, "zh") == "请总结 · 剩余2分钟内"
    assert phase_caption(61, "en") == "Wrap up · under 2 min left"
    assert phase_caption(35, "zh") == "请总结 · 剩余1分钟内"  # not "剩余2分钟" at 0:35
    assert phase_caption(30, "zh") == "最后30秒 · 请结束"
    assert phase_caption(0, "zh") == "最后30秒 · 请结束"
    assert phase_caption(-1, "zh") == "已超时"
    three = TimerSettings(wrap_up_seconds=180, final_seconds=60)
    assert phase_caption(170, "zh", three) == "请总结 · 剩余3分钟内"
    assert phase_caption(45, "en", three) == "Final 60 seconds · please finish"


def test_over_time_has_one_definition_against_the_adjusted_plan():
    from core.timer import is_over, overrun_seconds, plan_seconds, slot_timing

    slot = _slot(1, SlotStatus.DONE, first_started_at=0.0, accumulated_seconds=630, adjust_seconds=60)
    assert plan_seconds(slot) == 660
    assert not is_over(slot) and overrun_seconds(slot) == 0  # F7 then 10:30: on time everywhere
    timing = slot_timing(slot)
    assert (timing.plan, timing.actual, timing.remaining, timing.over, timing.overrun) == (660, 630, 30, False, 0)
    assert timing.phase is Phase.FINAL
    slot.adjust_seconds = -60  # F6 then 10:30: 1:30 over
    assert is_over(slot) and overrun_seconds(slot) == 90 and slot_timing(slot).phase is Phase.OVERTIME
