"""How the tests drive fupan: a clock moved by hand, the command line called in-process, the app opened
on the live or setup screen, and the meetings list read as its columns."""

from __future__ import annotations

import re
from datetime import datetime

from rich.cells import cell_len
from textual import events
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tui.app import FupanApp, make_app
from tui.cli import main
from tui.screens.live import LiveScreen
from tui.screens.setup import SetupScreen


class FakeClock:
    """A wall clock the test moves by hand: ten minutes pass in a millisecond."""

    def __init__(self, start: datetime | float = datetime(2026, 11, 23, 14, 0)) -> None:
        self.now = start.timestamp() if isinstance(start, datetime) else float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def live_app(db_path, meeting_id: int, clock: FakeClock | None = None, lang: str = "zh") -> FupanApp:
    """The app opened straight on a meeting's live screen, on a fake clock, the bell off."""
    return make_app(db_path, lang=lang, meeting_id=meeting_id, clock=clock or FakeClock(), bell=False)  # type: ignore[arg-type]


async def open_live(pilot) -> LiveScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    return screen


async def open_setup(app: FupanApp, pilot, meeting_id: int) -> SetupScreen:
    await pilot.pause()
    app.open_setup(meeting_id)
    await pilot.pause()
    assert isinstance(app.screen, SetupScreen)
    return app.screen


async def open_tracking(pilot):
    """`t` on the meetings list, once its rows are read and drawn: the tracking screen."""
    from tui.screens.tracking import TrackingScreen

    await pilot.pause()
    await pilot.press("t")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TrackingScreen)
    return screen


def sqlite_utils_on(db):
    """sqlite-utils on a test's database (fupan's `Store`): its table helpers — insert, count, columns,
    indexes — for setting files up and checking them; fupan itself reads and writes in plain SQL."""
    from sqlite_utils import Database

    return Database(db.conn, execute_plugins=False)


async def type_text(pilot, text: str) -> None:
    """Type text into the focused widget through the app's key events, without a frame per key: where the
    letters are not what the test is about (Pilot's press waits for the app to go idle twice per key)."""
    for char in text:
        pilot.app.post_message(events.Key(char, char))
    await pilot.pause()


async def next_not_presented(pilot) -> None:
    """F4 on a presenter whose clock never ran: confirm they did not present, and move on."""
    await pilot.press("f4")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `fupan ARGV` in this process: (exit status, stdout, stderr)."""
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def listed_meetings(screen: Screen) -> list[list[str]]:
    """The meetings list as drawn: per line, the text under each column heading (cut at the heading
    positions, in terminal cells, so an empty cell stays in its place)."""
    heading = "".join(part or "\0" for part in _cells(str(screen.query_one("#meetings-head", Static).render())))
    starts = [0, *(match.end() for match in re.finditer(r" {2,}", heading))]  # headings are 2+ spaces apart
    options = screen.query_one("#meetings", OptionList).options
    return [_cut(_cells(str(option.prompt)), starts) for option in options]


def _cells(line: str) -> list[str]:
    """One entry per terminal cell: a wide (CJK) character, then an empty entry for its second cell."""
    return [part for char in line for part in ((char, "") if cell_len(char) == 2 else (char,))]


def _cut(cells: list[str], starts: list[int]) -> list[str]:
    bounds = [*starts, len(cells)]
    return ["".join(cells[a:b]).strip() for a, b in zip(bounds, bounds[1:], strict=False)]


async def settled(pilot) -> None:
    """Every worker finished (screens read their rows off the UI thread) and what they handed over shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def tab_through(pilot, limit: int = 40) -> list:
    """Press Tab from the focused widget round to it again, checking at each stop that the widget with the
    focus is drawn whole on the screen (not below it, not cut by its container); the widgets visited."""
    app = pilot.app
    start = app.screen.focused
    visited = []
    for _ in range(limit):
        focused = app.screen.focused
        if focused is None:
            break
        visible = app.screen._compositor.visible_widgets.get(focused)
        assert visible is not None, f"{focused} is focused but not on screen"
        region, clip = visible
        assert region.intersection(clip) == region, f"{focused} is focused but cut: {region} in {clip}"
        visited.append(focused)
        await pilot.press("tab")
        await pilot.pause()
        if app.screen.focused is start:
            break
    return visited
