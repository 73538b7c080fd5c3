"""The app started on a meeting (`fupan demo`, `fupan open`) paints that meeting's screen first, without
building the meetings list under it; leaving the meeting shows the list as a plain start does."""

from __future__ import annotations

from tests.drivers import FakeClock, listed_meetings, open_live
from tui.app import make_app
from tui.screens.live import LiveScreen
from tui.screens.meetings import MeetingsScreen
from tui.screens.setup import SetupScreen


async def test_started_on_a_meeting_the_list_is_neither_read_nor_built_until_the_meeting_is_left(
        db_path, demo, monkeypatch):
    import tui.screens.meetings as meetings

    reads: list[object] = []
    listing = meetings.list_meetings
    monkeypatch.setattr(meetings, "list_meetings", lambda conn: reads.append(conn) or listing(conn))
    app = make_app(db_path, lang="zh", meeting_id=demo.id, clock=FakeClock(), bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_live(pilot)
        assert not any(isinstance(shown, MeetingsScreen) for shown in app.screen_stack)
        assert reads == []
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert reads, "the list is read when it is first shown"
        rows = listed_meetings(app.screen)
        assert [row[0] for row in rows] == [str(m) for m in sorted(
            (row[0] for row in app.conn.execute("SELECT id FROM meetings")), reverse=True)]
        assert app.screen.selected_id is not None
        assert screen.meeting_id == demo.id
        await pilot.press("enter")  # and the list works as it does on a plain start
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)


async def test_started_on_a_meetings_setup_escape_shows_the_meetings_list(db_path, demo):
    app = make_app(db_path, lang="en", meeting_id=demo.id, setup=True, clock=FakeClock(), bell=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape")
        await pilot.pause()
        if not isinstance(app.screen, MeetingsScreen):  # the first Escape may leave a field
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert str(demo.id) in [row[0] for row in listed_meetings(app.screen)]
