"""The countdown and the agenda sidebar of the live screen.

Both only *show* state computed by `core.timer`; the live screen owns the timer and calls `show(...)`.
The countdown's look is switched by CSS classes named after `core.timer.Phase`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult, RenderResult
from textual.content import Content
from textual.containers import Vertical
from textual.widgets import Digits, Label, ListItem, ListView
from textual.reactive import reactive

from core.i18n import Lang, label, text
from core.model import Slot, SlotStatus
from core.timer import (
    Phase,
    TimerSettings,
    format_clock,
    format_duration,
    phase_caption,
    slot_timing,
    was_presented,
)
from core.width import display_width, pad
from tui import palette
from tui.messages import SlotChosen
from tui.widgets.steady import SteadyLabel

PHASE_CLASSES = tuple(phase.value for phase in Phase)


class ClockDigits(Digits):
    """Digits that read the countdown from the clock as they are painted.

    A tick sets the digits and asks for a repaint; if the UI thread is then held (a slow save, a large
    load), that repaint is drawn after the hold and would show the time from before it. Reading the
    time again at paint makes every frame right, whenever it is drawn (issue 17).
    """

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(value, id=id)
        self.read: Callable[[], str | None] | None = None

    def render(self) -> RenderResult:
        value = self.read() if self.read is not None else None
        if value is not None and value != self.value:
            self.update(value)  # the width may change (+01:05): Digits re-lays itself out
        return super().render()


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
        yield ClockDigits("10:00", id="digits")
        yield SteadyLabel("", id="phase-text")

    def follow(self, remaining: Callable[[], float | None]) -> None:
        """Read ``remaining`` (seconds; None: keep what `show` set) each time the digits are painted."""

        def read() -> str | None:
            seconds = remaining()
            return None if seconds is None else format_clock(seconds)

        self.query_one(ClockDigits).read = read

    def show(self, remaining: float, phase: Phase, running: bool, lang: Lang,
             settings: TimerSettings = TimerSettings()) -> None:
        """Digits, colour and words, all from ``remaining`` (the words follow `core.timer.phase_caption`)."""
        self.query_one(Digits).update(format_clock(remaining))
        for name in PHASE_CLASSES:
            self.set_class(name == phase.value, name)
        self.set_class(not running, "paused")
        self.query_one("#phase-text", Label).update(phase_caption(remaining, lang, settings))

    def flash(self) -> None:
        """One visible pulse when a phase begins (the bell is the screen's job)."""
        self.add_class("flash")
        self.set_timer(0.8, lambda: self.remove_class("flash"))


_STATUS_STYLE = {
    SlotStatus.WAITING: "",
    SlotStatus.PRESENTING: "bold",
    SlotStatus.DONE: palette.GOOD,
    SlotStatus.SKIPPED: palette.WARN,
}
_STATUS_MARK = {SlotStatus.WAITING: "·", SlotStatus.PRESENTING: "▶", SlotStatus.DONE: "✓", SlotStatus.SKIPPED: "↷"}
_MARK_WIDTH, _PRESENTER_WIDTH = 2, 10  # in terminal cells, so CJK names line up


class AgendaList(ListView):
    """Every slot: status, presenter, actual vs planned. Enter takes a slot up (e.g. a skipped one).

    One widget per slot, so the running slot's time repaints one line each second, not the whole list
    (a DataTable re-renders every visible row on any cell update).
    """

    DEFAULT_CSS = """
    AgendaList { height: 1fr; }
    AgendaList > ListItem { height: 1; }
    AgendaList > ListItem.-presenting { background: $primary 30%; }
    """

    compact: reactive[bool] = reactive(False, init=False)
    """No status column (the mark before the name tells it): below 100 columns the indicators keep the width."""

    def setup(self, lang: Lang) -> str:
        """Returns the column heading line, aligned with the rows."""
        self.lang = lang
        self._lines: dict[int, tuple[Label, str]] = {}
        self._shown: tuple[Sequence[Slot], float] | None = None
        statuses = [label(s, lang) for s in SlotStatus] + [text("agenda.not_presented", lang)]
        self._widths = (_MARK_WIDTH, _PRESENTER_WIDTH, max(display_width(status) for status in statuses))
        return self.heading()

    def heading(self) -> str:
        """The column heading line, aligned with the rows as they are drawn now."""
        headings = ("", text("presenter", self.lang), "" if self.compact else text("status", self.lang))
        return "".join(pad(h, w + 1) for h, w in zip(headings, self._column_widths(), strict=True)) + text(
            "actual_vs_planned", self.lang)

    def _column_widths(self) -> tuple[int, int, int]:
        mark, presenter, status = self._widths
        return mark, presenter, -1 if self.compact else status

    def watch_compact(self) -> None:
        if self._shown is not None:  # every line drawn again in place (no line is remounted)
            self._lines = {slot_id: (line, "") for slot_id, (line, _) in self._lines.items()}
            self.show(*self._shown)

    def show(self, slots: Sequence[Slot], now: float) -> None:
        """Rebuild when the agenda changed; otherwise repaint only the lines whose text changed."""
        self._shown = (slots, now)
        ids = [slot.id for slot in slots]
        if list(self._lines) != ids:
            self.clear()
            self._lines = {}
            items = []
            for slot in slots:
                content = self._text(slot, now)
                line = Label(content)
                self._lines[slot.id] = (line, content.markup)
                presenting = "-presenting" if slot.status is SlotStatus.PRESENTING else ""
                # By name, not id: a reordered agenda (an import while the meeting runs) is rebuilt before
                # the old lines are removed (`clear` completes later), and ids must be unique.
                items.append(ListItem(line, name=f"slot-{slot.id}", classes=presenting))
            self.extend(items)
            return
        for slot in slots:
            line, shown = self._lines[slot.id]
            content = self._text(slot, now)
            if content.markup != shown:
                self._lines[slot.id] = (line, content.markup)
                line.update(content)
                if line.parent is not None:
                    line.parent.set_class(slot.status is SlotStatus.PRESENTING, "-presenting")

    def _text(self, slot: Slot, now: float) -> Content:
        timing = slot_timing(slot, now)  # actual vs the adjusted plan, over time by core.timer's one rule
        over = timing.over and slot.status is not SlotStatus.WAITING
        mark, presenter, status = self._column_widths()
        # ⚑: skipped or not presented at the review this one follows (core.model.PresenterFlag)
        not_presented = slot.status is SlotStatus.SKIPPED and not was_presented(slot)
        shown = text("agenda.not_presented", self.lang) if not_presented else label(slot.status, self.lang)
        line = Content.assemble(
            pad(_STATUS_MARK[slot.status], mark + 1),
            pad(f"{slot.presenter} ⚑" if slot.flagged else slot.presenter, presenter + 1),
            "" if self.compact else pad(shown, status + 1),
            (f"{format_duration(timing.actual)}/{format_duration(timing.plan)}", palette.ALERT if over else ""),
        )
        return line.stylize_before(_STATUS_STYLE[slot.status])

    @on(ListView.Selected)
    def _selected(self, event: ListView.Selected) -> None:
        event.stop()
        if event.item.name:
            self.post_message(SlotChosen(int(event.item.name.removeprefix("slot-"))))
