"""The room's clock: a countdown in digits that fill the space they are given, and the slot around it.

Textual's `Digits` is three rows tall whatever the terminal; a projector needs the countdown readable from
the back of the room. `BigDigits` draws a 5×7 dot font scaled by whole cells to the widget's size, two dots
per cell vertically (half blocks), so the digits grow with the terminal and keep crisp strokes. It draws
in the widget's colour, so phase colours come from CSS classes as everywhere else.

`RoomClock` is the whole face (presenter, slot n/N, digits, phase, message, next presenter, projected end),
shown by `fupan clock`, by `fupan serve` in a browser, and maximised on the live screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from core.clock import ClockFace
from core.i18n import Lang, text
from core.timer import Phase, format_clock
from tui.widgets.steady import SteadyLabel

PHASE_CLASSES = tuple(phase.value for phase in Phase)

GLYPH_ROWS = 7
_FONT: dict[str, tuple[str, ...]] = {
    "0": (" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "),
    "1": ("  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "),
    "2": (" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"),
    "3": ("#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "),
    "4": ("   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "),
    "5": ("#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "),
    "6": ("  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "),
    "7": ("#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "),
    "8": (" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "),
    "9": (" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "),
    ":": ("  ", "  ", "##", "  ", "##", "  ", "  "),
    "+": ("     ", "  #  ", "  #  ", "#####", "  #  ", "  #  ", "     "),
    "-": ("     ", "     ", "     ", "#####", "     ", "     ", "     "),
    " ": ("  ",) * GLYPH_ROWS,
}
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _bitmap(value: str) -> tuple[str, ...]:
    """The dot rows of ``value``, one dot of space between glyphs; unknown characters are left out."""
    glyphs = [_FONT[char] for char in value if char in _FONT]
    return tuple(" ".join(glyph[row] for glyph in glyphs) for row in range(GLYPH_ROWS))


def scale_for(value: str, width: int, height: int) -> tuple[int, int]:
    """Cells per dot across and half-rows per dot down that fit ``value`` in width × height cells.

    A cell is about twice as tall as it is wide, so a dot of sx cells by sy half-rows is square when
    sx == sy; the digits may stretch up to twice as tall or wide as square to fill the space, no further.
    (0, 0) when even one cell per dot does not fit.
    """
    dots_across = len(_bitmap(value)[0])
    sx, sy = width // max(1, dots_across), (2 * height) // GLYPH_ROWS
    if sx < 1 or sy < 1:
        return 0, 0
    return min(sx, 2 * sy), min(sy, 2 * sx)


@lru_cache(maxsize=16)
def render_big(value: str, width: int, height: int) -> tuple[str, ...]:
    """``value`` drawn in half blocks to fit width × height cells; the plain text if it cannot fit."""
    sx, sy = scale_for(value, width, height)
    if sx == 0:
        return (value,)
    rows = [row.replace("#", "\0") for row in _bitmap(value)]
    wide = ["".join(char * sx for char in row) for row in rows]
    half_rows = [wide[half // sy] for half in range(GLYPH_ROWS * sy)]
    if len(half_rows) % 2:
        half_rows.append(" " * len(wide[0]))
    lines = []
    for top, bottom in zip(half_rows[::2], half_rows[1::2], strict=True):
        lines.append("".join(_HALF_BLOCKS[a == "\0", b == "\0"] for a, b in zip(top, bottom, strict=True)))
    return tuple(lines)


class BigDigits(Widget):
    """A countdown such as ``09:59`` or ``+01:05`` drawn as large as the widget allows."""

    DEFAULT_CSS = """
    BigDigits { width: 1fr; height: 1fr; content-align: center middle; }
    """

    value: reactive[str] = reactive("", layout=False)
    """The text to draw (digits, ``:``, ``+``, ``-``); a new value repaints, the same one does not."""

    read: Callable[[], str | None] | None = None
    """Read at each paint, when set (`RoomClock.follow`): a repaint drawn late (the UI thread was held)
    shows the time as it is then, not as the last tick saw it."""

    def render(self) -> RenderResult:
        value = self.read() if self.read is not None else None
        if value is not None and value != self.value:
            self.set_reactive(BigDigits.value, value)  # being painted now: no second repaint
        size = self.content_region.size
        return Text("\n".join(render_big(self.value, size.width, size.height)), no_wrap=True, overflow="crop")


class RoomClock(Vertical):
    """The running slot as the room sees it; phase colours are CSS classes named after `core.timer.Phase`."""

    DEFAULT_CSS = """
    RoomClock { height: 1fr; width: 1fr; padding: 0 1; }
    RoomClock #room-head, RoomClock #room-foot { height: 1; }
    RoomClock #room-presenter { width: 1fr; text-style: bold; color: $accent; }
    RoomClock #room-slot, RoomClock #room-end { width: auto; color: $text-muted; }
    RoomClock #room-next { width: 1fr; color: $text-muted; }
    RoomClock BigDigits { color: $success; }
    RoomClock #room-phase { width: 100%; content-align: center middle; text-style: bold; }
    RoomClock #room-message { width: 100%; content-align: center middle; text-style: bold;
                              background: $accent; color: $text; margin: 0 4; }
    RoomClock #room-message.-empty { display: none; }
    RoomClock #room-waiting { width: 100%; height: 1fr; content-align: center middle; text-style: bold; }
    RoomClock.waiting #room-head, RoomClock.waiting BigDigits, RoomClock.waiting #room-phase,
    RoomClock.waiting #room-message, RoomClock.waiting #room-foot { display: none; }
    RoomClock #room-waiting { display: none; }
    RoomClock.waiting #room-waiting { display: block; }
    RoomClock.wrap-up BigDigits, RoomClock.wrap-up #room-phase { color: $warning; }
    RoomClock.final BigDigits, RoomClock.final #room-phase { color: $warning; text-style: bold; }
    RoomClock.overtime BigDigits, RoomClock.overtime #room-phase { color: $error; }
    RoomClock.paused BigDigits { text-opacity: 60%; }
    RoomClock.flash { background: $warning 40%; }
    RoomClock.overtime.flash { background: $error 40%; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-head"):
            yield SteadyLabel("", id="room-presenter", markup=False)
            yield SteadyLabel("", id="room-slot")
        yield BigDigits(id="room-digits")
        yield SteadyLabel("", id="room-phase")
        yield SteadyLabel("", id="room-message", markup=False, classes="-empty")
        with Horizontal(id="room-foot"):
            yield SteadyLabel("", id="room-next", markup=False)
            yield SteadyLabel("", id="room-end")
        yield Label("", id="room-waiting", markup=False)

    def follow(self, remaining: Callable[[], float | None]) -> None:
        """Read ``remaining`` (seconds; None: keep what `show` set) each time the digits are painted."""

        def read() -> str | None:
            seconds = remaining()
            return None if seconds is None else format_clock(seconds)

        self.query_one(BigDigits).read = read

    def show(self, face: ClockFace | None, lang: Lang, waiting: str = "") -> None:
        """Show ``face``, or the ``waiting`` line when there is no slot to show. Only what changed repaints."""
        if not self.is_attached:  # the app is closing: nothing to draw
            return
        try:
            self._show(face, lang, waiting)
        except NoMatches:  # closing removes the parts before the whole: a poll in between draws nothing
            return

    def _show(self, face: ClockFace | None, lang: Lang, waiting: str) -> None:
        self.set_class(face is None, "waiting")
        if face is None:
            self._set("#room-waiting", waiting)
            for name in PHASE_CLASSES:
                self.remove_class(name)
            return
        self._set("#room-presenter", face.presenter)
        self._set("#room-slot", text("slot_of", lang).format(n=face.number, total=face.total))
        self.query_one(BigDigits).value = format_clock(face.remaining)
        for name in PHASE_CLASSES:
            self.set_class(name == face.phase.value, name)
        self.set_class(not face.running, "paused")
        self._set("#room-phase", text(face.text_key, lang))
        message = self.query_one("#room-message", Label)
        message.set_class(not face.message, "-empty")
        self._set("#room-message", face.message)
        following = (text("clock.next", lang).format(name=face.next_presenter) if face.next_presenter
                     else text("clock.last", lang))
        self._set("#room-next", following)
        end = datetime.fromtimestamp(face.projected_end).strftime("%H:%M")
        self._set("#room-end", f"{text('projected_end', lang)} {end}")

    def _set(self, selector: str, value: str) -> None:
        self.query_one(selector, Label).update(value)  # a SteadyLabel: repainted only if it changed

    def flash(self) -> None:
        """One visible pulse when a phase begins."""
        self.add_class("flash")
        self.set_timer(0.8, lambda: self.remove_class("flash"))
