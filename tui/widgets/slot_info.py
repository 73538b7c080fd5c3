"""The lines beside the live countdown: who presents, slot n of m, the timer's state, the meeting's
planned and projected end, the warning near its end, and the facilitator's message.

It only *shows* what `core.timer` computes (`schedule`, `timer_status`); the live screen owns the timer
and calls `show` on every tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from core.i18n import Lang, flag_text, text
from core.model import Meeting, MeetingStatus, Slot
from core.timer import schedule, timer_status
from tui import palette
from tui.widgets.packed import PackedLine
from tui.widgets.steady import SteadyLabel


class SlotInfo(Vertical):
    """What the room needs to know about the slot on the clock and the meeting's end, one line each."""

    def compose(self) -> ComposeResult:
        yield SteadyLabel("", id="presenter", markup=False)
        yield SteadyLabel("", id="slot-of")
        yield SteadyLabel("", id="timer-state")
        yield PackedLine(id="schedule")  # a caption never wraps away from its time
        yield SteadyLabel("", id="meeting-warning")
        yield SteadyLabel("", id="presenter-message", markup=False)

    def show_empty(self, lang: Lang) -> None:
        """An agenda without presenters."""
        self.query_one("#presenter", Label).update(text("presenters", lang) + ": 0")

    def show(self, meeting: Meeting, slots: Sequence[Slot], index: int, *, running: bool, muted: bool,
             now: float, lang: Lang) -> None:
        """The slot at ``index`` of ``slots`` and the meeting's schedule at ``now``."""
        slot = slots[index]
        flag = flag_text(slot.flagged, lang)
        self.query_one("#presenter", Label).update(f"{slot.presenter}  {flag}" if flag else slot.presenter)
        self.query_one("#presenter-message", Label).update(
            text("message.shown", lang).format(message=slot.message) if slot.message else "")
        self.query_one("#slot-of", Label).update(text("slot_of", lang).format(n=index + 1, total=len(slots)))
        state = text(timer_status(slot, running, meeting.status is MeetingStatus.FINISHED), lang)
        self.query_one("#timer-state", Label).update(state + (f" · {text('muted', lang)}" if muted else ""))
        self._show_schedule(meeting, slots, now, lang)

    def _show_schedule(self, meeting: Meeting, slots: Sequence[Slot], now: float, lang: Lang) -> None:
        def t(key: str) -> str:
            return text(key, lang)

        planned_start = meeting.planned_start.timestamp() if meeting.planned_start else None
        plan = schedule(list(slots), now, planned_start)
        started = any(s.first_started_at is not None for s in slots)
        parts = []
        if plan.planned_end is not None:
            parts.append(Text(f"{t('planned_end')} {_hhmm(plan.planned_end)}"))
        parts.append(Text(f"{t('projected_end')} {_hhmm(plan.projected_end)}"))
        if started and plan.delta is not None:
            minutes = round(abs(plan.delta) / 60)
            if minutes == 0:
                parts.append(Text(t("on_time")))
            else:
                key = "behind_by" if plan.delta > 0 else "ahead_by"
                tone = palette.tone(self.app, palette.BAD if plan.delta > 0 else palette.GOOD)
                parts.append(Text(t(key).format(minutes=minutes), style=tone))
        self.query_one("#schedule", PackedLine).show(parts)
        warning = self.query_one("#meeting-warning", Label)
        if started and plan.warning and meeting.status is not MeetingStatus.FINISHED:
            left = plan.seconds_left or 0
            message = t("meeting_over") if left <= 0 else t("meeting_warning").format(minutes=max(1, round(left / 60)))
            warning.update(message)
            warning.add_class("warning")
        else:
            warning.update("")
            warning.remove_class("warning")


def _hhmm(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).strftime("%H:%M")
