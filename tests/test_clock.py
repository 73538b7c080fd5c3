"""The room's clock: `fupan clock` follows the facilitator's app through the file, read-only, in big digits.

The facilitator's app (the live screen) and the clock run side by side on one fake clock; every change the
facilitator makes must show on the clock within its poll interval, and the clock must never write.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import date, datetime

import pytest

from core.clock import clock_face, current_index, next_waiting, pick_meeting
from core.meeting import Meeting, MeetingStatus
from core.model import Slot, SlotStatus
from core.timer import Phase, schedule
from db import queries
from db.clock import open_read_only, read_clock
from db.store import connect
from tests.conftest import TODAY
from tests.drivers import FakeClock, live_app, open_live, sqlite_utils_on, type_text
from tui.clock_app import POLL_SECONDS, ClockApp, make_clock_app
from tui.widgets.bigclock import BigDigits, RoomClock, render_big, scale_for

SMALL, LARGE = (80, 24), (160, 48)


def _slot(position: int, status: SlotStatus = SlotStatus.WAITING, **kw) -> Slot:
    return Slot(meeting_id=1, presenter=f"p{position}", position=position, status=status, id=position, **kw)


# --- what the clock shows (core.clock) -------------------------------------------------------------


def test_the_clock_shows_the_presenting_slot_and_names_the_next_one_waiting():
    slots = [_slot(1, SlotStatus.DONE), _slot(2, SlotStatus.SKIPPED), _slot(3, SlotStatus.PRESENTING,
             running_since=1000.0, first_started_at=1000.0), _slot(4), _slot(5)]
    assert current_index(slots) == 2 and next_waiting(slots, 2) == 3
    face = clock_face(Meeting("m", "g", id=1), slots, now=1000.0 + 490)
    assert (face.presenter, face.number, face.total, face.next_presenter) == ("p3", 3, 5, "p4")
    assert face.remaining == 110 and face.phase is Phase.WRAP_UP and face.running
    assert face.projected_end == schedule(slots, 1490.0).projected_end  # core.timer's projection, not another


def test_the_last_presenter_has_no_one_next():
    slots = [_slot(1, SlotStatus.DONE), _slot(2, SlotStatus.PRESENTING)]
    assert clock_face(Meeting("m", "g"), slots, now=0).next_presenter is None


def test_without_a_meeting_named_the_clock_follows_the_running_one_else_todays_only_one():
    today = date(2026, 11, 23)
    planned_today = Meeting("today", "g", date=today, id=1)
    running = Meeting("running", "g", date=date(2026, 11, 20), status=MeetingStatus.RUNNING, id=2)
    assert pick_meeting([planned_today, running], today) is running
    assert pick_meeting([planned_today], today) is planned_today
    assert pick_meeting([planned_today, Meeting("also today", "g", date=today, id=3)], today) is None
    assert pick_meeting([], today) is None


# --- big digits --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_the_digits_fill_at_least_half_the_terminal_and_grow_with_it(size):
    width, height = size
    lines = render_big("09:59", width - 2, height - 5)  # the clock's own lines take 5 rows
    assert len(lines) >= height / 2
    assert max(len(line) for line in lines) >= width * 0.75
    assert {char for line in lines for char in line} <= set(" ▀▄█")


def test_larger_terminals_get_larger_digits_and_a_tiny_one_gets_plain_text():
    assert scale_for("10:00", 158, 43) > scale_for("10:00", 78, 19)
    assert render_big("+01:05", 10, 3) == ("+01:05",)


# --- read-only -----------------------------------------------------------------------------------------


def test_the_clock_connection_cannot_write(db_path, demo):
    conn = open_read_only(db_path)
    for statement in ("UPDATE slots SET message = 'x'", "DELETE FROM meetings",
                      "CREATE TABLE intruder (x)", "INSERT INTO meetings (title, goal) VALUES ('a', 'b')"):
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only|attempt to write"):
            conn.execute(statement)
    conn.close()
    db = connect(db_path)
    assert [s.message for s in queries.slots_for(db, demo.id)] == [""] * 5
    assert sqlite_utils_on(db)["meetings"].count == 2
    db.close()


async def test_the_running_clock_app_never_writes(db_path, demo):
    before = db_path.read_bytes()
    app = make_clock_app(db_path, meeting_id=demo.id, clock=FakeClock())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        with pytest.raises(sqlite3.OperationalError):
            app.conn.execute("UPDATE meetings SET title = 'hacked'")
    assert db_path.read_bytes() == before


def test_reading_a_missing_file_or_an_empty_one_raises_or_finds_nothing(tmp_path):
    with pytest.raises(sqlite3.OperationalError):
        open_read_only(tmp_path / "missing.db")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert read_clock(open_read_only(empty), None, TODAY).meeting is None


# --- following the facilitator's app -----------------------------------------------------------------


def shown(app: ClockApp) -> dict[str, str]:
    """The clock as drawn: the digits' value and each line's text."""
    room = app.query_one(RoomClock)
    lines = {name: str(room.query_one(f"#room-{name}").render()) for name in
             ("presenter", "slot", "phase", "message", "next", "end", "waiting")}
    return {"digits": room.query_one(BigDigits).value, **lines,
            "phase_class": next((c for c in ("normal", "wrap-up", "final", "overtime") if room.has_class(c)), ""),
            "waiting_mode": str(room.has_class("waiting"))}


@pytest.fixture(autouse=True)
def _polls_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each clock counts its polls (`polls`), for `within_a_poll`."""
    poll = ClockApp.poll

    def counted(self: ClockApp) -> None:
        poll(self)
        self.polls = getattr(self, "polls", 0) + 1

    monkeypatch.setattr(ClockApp, "poll", counted)


async def within_a_poll(pilot) -> None:
    """What the clock promises: a change in the file shows at the next poll, every `POLL_SECONDS`. Waited
    for by the poll, not by the time: a machine running the suite on every core can hold the poll's timer
    back past the interval (an assertion 0.3 s after a change failed once with eight workers on two cores)."""
    app = pilot.app
    polled = getattr(app, "polls", 0)
    for _ in range(round(10 / POLL_SECONDS)):
        await asyncio.sleep(POLL_SECONDS)
        if getattr(app, "polls", 0) > polled:
            break
    await pilot.pause()


async def test_the_clock_follows_start_pause_next_extend_and_messages_within_a_poll(db_path, demo):
    clock = FakeClock(datetime(2026, 11, 23, 14, 0))
    facilitator = live_app(db_path, demo.id, clock, lang="en")
    room = make_clock_app(db_path, lang="en", clock=clock)  # no MEETING: today's only one (the demo)
    async with facilitator.run_test(size=LARGE) as live, room.run_test(size=SMALL) as projector:
        screen = await open_live(live)
        await within_a_poll(projector)
        assert shown(room)["waiting"] == f"Waiting for “{demo.title}” to start"

        await live.press("f2")  # start
        await within_a_poll(projector)
        face = shown(room)
        assert (face["digits"], face["presenter"], face["slot"]) == ("10:00", "张伟", "Slot 1 of 5")
        assert face["next"] == "Next: 李娜" and face["end"] == "Projected end 14:50"

        clock.advance(490)  # the countdown is computed from the clock, not from the file
        await within_a_poll(projector)
        assert (shown(room)["digits"], shown(room)["phase_class"]) == ("01:50", "wrap-up")
        assert room.flashes == ["wrap-up"]

        await live.press("f2")  # pause
        await within_a_poll(projector)
        clock.advance(30)
        await within_a_poll(projector)
        assert (shown(room)["digits"], shown(room)["phase"]) == ("01:50", "paused")

        await live.press("f7")  # +1 min
        await within_a_poll(projector)
        assert shown(room)["digits"] == "02:50" and shown(room)["phase_class"] == "normal"

        await live.press("ctrl+t")
        await live.pause()
        await type_text(live, "请总结")
        await live.press("enter")
        await within_a_poll(projector)
        assert shown(room)["message"] == "请总结"

        await live.press("f2", "f4")  # resume, then next: 李娜 starts at once
        await within_a_poll(projector)
        face = shown(room)
        assert (face["presenter"], face["slot"], face["digits"], face["message"]) == ("李娜", "Slot 2 of 5", "10:00", "")
        assert face["next"] == "Next: 王芳"

        await live.press("f6")  # −1 min
        await within_a_poll(projector)
        assert shown(room)["digits"] == "09:00"
        assert screen.current.presenter == "李娜"


async def test_the_clock_keeps_running_while_the_facilitators_app_restarts(db_path, demo):
    clock = FakeClock(datetime(2026, 11, 23, 14, 0))
    room = make_clock_app(db_path, meeting_id=demo.id, lang="en", clock=clock)
    async with room.run_test(size=SMALL) as projector:
        async with live_app(db_path, demo.id, clock, lang="en").run_test(size=LARGE) as live:
            await open_live(live)
            await live.press("f2")
        await within_a_poll(projector)  # the facilitator's app has quit
        clock.advance(65)
        await within_a_poll(projector)
        assert shown(room)["digits"] == "08:55"
        async with live_app(db_path, demo.id, clock, lang="en").run_test(size=LARGE) as live:
            await open_live(live)
            await live.press("f4")
            await within_a_poll(projector)
            assert shown(room)["presenter"] == "李娜"


async def test_a_poll_that_lands_while_the_clock_closes_draws_nothing(db_path, demo):
    """The poll's timer can fire while the clock is being closed (its parts already removed): it draws
    nothing instead of failing with NoMatches (seen once in a full run under load)."""
    room = make_clock_app(db_path, meeting_id=demo.id, lang="en", clock=FakeClock(datetime(2026, 11, 23, 14, 0)))
    async with room.run_test(size=SMALL) as projector:
        await projector.pause()
        clock = room.query_one(RoomClock)
    room.poll()  # after the close: nothing left to draw on
    room.repaint()
    clock.show(room.face()[0], "en")


async def test_a_poll_that_lands_while_the_clock_s_parts_are_removed_draws_nothing(db_path, demo):
    """Closing removes the parts before the whole: a poll in between finds the clock attached and its
    labels gone (seen in a full run with four workers on two cores)."""
    clock_time = FakeClock(datetime(2026, 11, 23, 14, 0))
    async with live_app(db_path, demo.id, clock_time, lang="en").run_test(size=LARGE) as live:
        await open_live(live)
        await live.press("f2")
    room = make_clock_app(db_path, meeting_id=demo.id, lang="en", clock=clock_time)
    async with room.run_test(size=SMALL) as projector:
        await within_a_poll(projector)
        clock = room.query_one(RoomClock)
        assert shown(room)["presenter"] == "张伟"
        await clock.query_one("#room-presenter").remove()
        assert clock.is_attached
        room.poll()
        room.repaint()


async def test_the_clock_waits_for_a_file_that_does_not_exist_yet(tmp_path):
    path = tmp_path / "later.db"
    room = make_clock_app(path, lang="en", clock=FakeClock())
    async with room.run_test(size=SMALL) as projector:
        await projector.pause()
        assert shown(room)["waiting"] == f"Waiting for the database {path}"
        assert not path.exists()  # waiting never creates the file
        from db.demo import create_demo

        db = connect(path)
        create_demo(db, today=TODAY)
        db.close()
        await within_a_poll(projector)
        assert shown(room)["waiting"].startswith("Waiting for “")


async def test_a_named_meeting_that_is_not_there_is_waited_for(db_path, demo):
    async with make_clock_app(db_path, meeting_id=99, lang="en", clock=FakeClock()).run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert shown(pilot.app)["waiting"] == "Waiting for meeting #99 — it is not in the database yet"


# --- the live screen: big clock and message ------------------------------------------------------------


async def test_f12_maximises_the_clock_on_the_live_screen_and_the_timer_keys_still_work(db_path, demo):
    """The room's clock is built the first time F12 shows it (not with the live screen's first frame),
    then shown and hidden again as the same widget."""
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock, lang="en").run_test(size=LARGE) as pilot:
        screen = await open_live(pilot)
        assert not screen.query(RoomClock)
        await pilot.press("f12")
        big = screen.query_one("#big-clock", RoomClock)
        assert big.display and not screen.query_one("#live-body").display
        await pilot.press("f2")
        clock.advance(100)
        screen.tick()
        assert big.query_one(BigDigits).value == "08:20"
        assert big.size.height >= LARGE[1] - 3 and big.query_one(BigDigits).size.height >= LARGE[1] / 2
        await pilot.press("f12")
        assert not big.display and screen.query_one("#live-body").display
        clock.advance(10)
        await pilot.press("f12")
        assert screen.query_one("#big-clock", RoomClock) is big and big.display
        assert big.query_one(BigDigits).value == "08:10"
    db = connect(db_path)
    assert queries.slots_for(db, demo.id)[0].running_since == clock.now - 110  # F2 under the big clock saved
    db.close()


async def test_a_message_is_stored_with_the_slot_survives_a_restart_and_is_cleared_by_an_empty_line(db_path, demo):
    async with live_app(db_path, demo.id, lang="en").run_test(size=LARGE) as pilot:
        await open_live(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await type_text(pilot, "还有两页")
        await pilot.press("enter")
        await pilot.pause()
    db = connect(db_path)
    assert [s.message for s in queries.slots_for(db, demo.id)][:2] == ["还有两页", ""]
    db.close()
    async with live_app(db_path, demo.id, lang="en").run_test(size=LARGE) as pilot:
        screen = await open_live(pilot)
        assert str(screen.query_one("#presenter-message").render()) == "✉ Message: 还有两页"
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")  # an empty line clears it
        await pilot.pause()
        assert str(screen.query_one("#presenter-message").render()) == ""
    db = connect(db_path)
    assert queries.slots_for(db, demo.id)[0].message == ""
    db.close()


def test_a_message_is_one_short_clean_line(db, demo):
    slot = queries.slots_for(db, demo.id)[0]
    queries.set_slot_message(db, slot, "请看\n第3页\x1b[2J数据" + "很" * 100)
    stored = queries.slots_for(db, demo.id)[0].message
    assert stored.startswith("请看 第3页") and stored.endswith("很") and len(stored) == 60
    assert "\x1b" not in stored and "\n" not in stored


# --- fupan serve ---------------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_serve(db_path, *args: str):
    import subprocess
    import sys

    # A session of its own, so a failed test can end the server and every clock it started for a browser
    # (killing only the server would leave those running, orphaned, after the test).
    return subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", str(db_path), "--lang", "en", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _end_serve(server) -> None:
    import os
    import signal

    if server.poll() is None:
        server.kill()
        server.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # the clocks it started, whatever became of the server


def _lines_until(process, wanted: str, timeout: float = 30) -> list[str]:
    """stdout lines up to one containing ``wanted`` (bounded: a hung server fails the test, not CI)."""
    import threading

    lines: list[str] = []
    done = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if wanted in line:
                break
        done.set()

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(timeout), f"no {wanted!r} within {timeout}s: {lines}"
    return lines


def test_fupan_serve_serves_the_clock_page_and_stops_cleanly_on_sigterm(db_path, demo):
    import signal
    import urllib.request

    port = _free_port()
    server = _start_serve(db_path, str(demo.id), "--port", str(port))
    try:
        lines = _lines_until(server, "Ctrl+C")
        url = f"http://127.0.0.1:{port}"
        assert lines[-3:] == ["Open the clock in a browser:", f"  {url}", "Press Ctrl+C to stop"]
        assert not any("anyone on the network" in line for line in lines)
        with urllib.request.urlopen(url + "/", timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200
        assert f"ws://127.0.0.1:{port}/ws" in page and "fupan 复盘 · clock" in page
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0
    finally:
        _end_serve(server)


def test_fupan_serve_on_all_addresses_warns_and_lists_the_urls(db_path):
    port = _free_port()
    server = _start_serve(db_path, "--host", "0.0.0.0", "--port", str(port))
    try:
        lines = _lines_until(server, "Ctrl+C")
        assert lines[0] == "⚠ Listening on 0.0.0.0: anyone on the network can see the clock"
        assert f"  http://127.0.0.1:{port}" in lines
    finally:
        server.terminate()
        assert server.wait(timeout=15) == 0


def test_fupan_serve_on_a_busy_port_says_so_in_one_line(db_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        server = _start_serve(db_path, "--port", str(busy.getsockname()[1]))
        _, err = server.communicate(timeout=30)
    assert server.returncode == 2
    assert err.startswith("error: cannot listen on 127.0.0.1:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_the_served_page_shows_the_clock_in_a_real_browser(db_path, demo, tmp_path):
    """Headless Chromium opens the page and the clock draws (skipped where no Chromium is installed)."""
    from tests.browser import chromium, screenshot

    if chromium() is None:
        pytest.skip("no chromium on this machine")
    _running_for(db_path, demo.id, FakeClock(), 100)
    port = _free_port()
    server = _start_serve(db_path, str(demo.id), "--port", str(port))
    try:
        _lines_until(server, "Ctrl+C")
        shot = tmp_path / "clock.png"
        screenshot(f"http://127.0.0.1:{port}/", shot, wait=6)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        server.send_signal(__import__("signal").SIGTERM)
        out, _ = server.communicate(timeout=15)
        assert "/ws?" in out and " 101 " in out  # the page opened its websocket: a clock process ran for it
        assert server.returncode == 0
    finally:
        _end_serve(server)


# --- snapshots: what the room sees in each phase, and while waiting -------------------------------------


def _running_for(db_path, meeting_id: int, clock: FakeClock, seconds: float, message: str = "") -> None:
    """The state the facilitator's app leaves in the file after F2 and ``seconds`` of talk."""
    db = connect(db_path)
    meeting = queries.get_meeting(db, meeting_id)
    meeting.status = MeetingStatus.RUNNING
    queries.save_meeting(db, meeting)
    slot = queries.slots_for(db, meeting_id)[0]
    slot.status, slot.running_since, slot.first_started_at = SlotStatus.PRESENTING, clock.now - seconds, clock.now - seconds
    queries.save_slot(db, slot)
    queries.set_slot_message(db, slot, message)
    db.close()


@pytest.mark.parametrize(("size", "lang"), [(SMALL, "zh"), (LARGE, "en")], ids=["80x24-zh", "160x48-en"])
@pytest.mark.parametrize(("seconds", "message"), [(100, ""), (500, ""), (580, "请总结"), (700, ""), (None, "")],
                         ids=["normal", "wrap-up", "final", "overtime", "waiting"])
def test_clock_snapshots(snap_compare, db_path, demo, size, lang, seconds, message):
    clock = FakeClock(datetime(2026, 11, 23, 14, 0))
    if seconds is not None:
        _running_for(db_path, demo.id, clock, seconds, message)
    assert snap_compare(make_clock_app(db_path, lang=lang, clock=clock), terminal_size=size)
