"""The countdown and the agenda sidebar of the live screen.

Both only *show* state computed by `core.timer`; the live screen owns the timer and calls `show(...)`.
The countdown's look is switched by CSS classes named after `core.timer.Phase`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Digits, Label

from core.i18n import Lang, label, text
from core.model import Slot, SlotStatus
from core.timer import Phase, TimerState, format_clock, format_duration

PHASE_CLASSES = tuple(phase.value for phase in Phase)


class Countdown(Vertical):
    """Big digits coloured by phase, with the phase's words under them; flashes when a phase begins."""

    DEFAULT_CSS = """
    Countdown { width: auto; height: auto; padding: 0 2; border: round $primary; }
    Countdown Digits { width: auto; color: $success; }
    Countdown #phase-text { width: 100%; content-align: center middle; text-style: bold; }
    Countdown.wrap-up { border: round $warning; }
    Countdown.wrap-up Digits, Countdown.wrap-up #phase-text { color: $warning; }
    Countdown.final { border: heavy $warning; }
    Countdown.final Digits, Countdown.final #phase-text { color: $warning; text-style: bold; }
    Countdown.overtime { border: heavy $error; }
    Countdown.overtime Digits, Countdown.overtime #phase-text { color: $error; }
    Countdown.paused Digits { text-opacity: 60%; }
    Countdown.flash { background: $warning 40%; }
    Countdown.overtime.flash { background: $error 40%; }
    """

    def compose(self) -> ComposeResult:
        yield Digits("10:00", id="digits")
        yield Label("", id="phase-text")

    def show(self, remaining: float, phase: Phase, running: bool, lang: Lang) -> None:
        self.query_one(Digits).update(format_clock(remaining))
        for name in PHASE_CLASSES:
            self.set_class(name == phase.value, name)
        self.set_class(not running, "paused")
        self.query_one("#phase-text", Label).update(text(f"phase.{phase.value}", lang))

    def flash(self) -> None:
        """One visible pulse when a phase begins (the bell is the screen's job)."""
        self.add_class("flash")
        self.set_timer(0.8, lambda: self.remove_class("flash"))


_STATUS_STYLE = {
    SlotStatus.WAITING: "",
    SlotStatus.PRESENTING: "bold reverse",
    SlotStatus.DONE: "green",
    SlotStatus.SKIPPED: "yellow",
}
_STATUS_MARK = {SlotStatus.WAITING: "·", SlotStatus.PRESENTING: "▶", SlotStatus.DONE: "✓", SlotStatus.SKIPPED: "↷"}


class AgendaTable(DataTable):
    """Every slot: status, presenter, actual vs planned. Enter takes a slot up (e.g. a skipped one)."""

    DEFAULT_CSS = """
    AgendaTable { height: 1fr; }
    """
    COLUMNS = ("mark", "presenter", "status", "time")
    _shown: dict[str, list[tuple[str, str]]] = {}

    def setup(self, lang: Lang) -> None:
        self.lang = lang
        self.cursor_type = "row"
        self.add_column("", key="mark", width=2)
        self.add_column(text("presenter", lang), key="presenter")
        self.add_column(text("status", lang), key="status")
        self.add_column(text("actual_vs_planned", lang), key="time")

    def show(self, slots: Sequence[Slot], now: float, current: int | None) -> None:
        """Update only the cells whose text changed, so a tick repaints one cell, not fifty rows."""
        keys = [str(slot.id) for slot in slots]
        if [str(k.value) for k in self.rows] != keys:
            self.clear()
            self._shown = {}
            for slot, key in zip(slots, keys, strict=True):
                cells = self._cells(slot, now, current)
                self._shown[key] = [(c.plain, str(c.style)) for c in cells]
                self.add_row(*cells, key=key)
            return
        for slot, key in zip(slots, keys, strict=True):
            shown = self._shown[key]
            for column, cell in enumerate(self._cells(slot, now, current)):
                seen = (cell.plain, str(cell.style))
                if shown[column] != seen:
                    shown[column] = seen
                    self.update_cell(key, self.COLUMNS[column], cell)

    def _cells(self, slot: Slot, now: float, current: int | None) -> tuple[Text, Text, Text, Text]:
        style = _STATUS_STYLE[slot.status]
        state = TimerState.of(slot)
        elapsed = state.elapsed(now)
        over = elapsed > state.allowed_seconds and slot.status is not SlotStatus.WAITING
        timing = Text(f"{format_duration(elapsed)}/{format_duration(slot.planned_seconds)}",
                      style="bold red" if over else style)
        return (
            Text(_STATUS_MARK[slot.status], style=style),
            Text(slot.presenter, style=style),
            Text(label(slot.status, self.lang), style=style),
            timing,
        )
