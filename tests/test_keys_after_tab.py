"""Keys typed right after Tab go to the field Tab moves to, however fast they come.

Tab acts only once it has bubbled up from the field to the screen; the keys typed after it are queued
for the field being left by then. Seen in a tmux trial at 80×24: "Tab Li Ming Tab Why Q4 …" sent at once
into the new-meeting dialog put "Li" into the date and "MingWhy Q4 revenue missed target" into the
facilitator. A fast typist, a loaded machine or an input method committing a phrase does the same."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from tests.drivers import FakeClock, live_app, open_live
from tui.app import make_app

SIZE = (120, 36)


def burst(app, text: str) -> None:
    """Queue every key at once, faster than the app handles them ("\t" is Tab)."""
    for char in text:
        app.post_message(events.Key("tab", None) if char == "\t" else events.Key(char, char))


def values(screen, selector: str = "Input") -> dict[str, str]:
    return {field.id: field.value for field in screen.query(selector) if isinstance(field, Input) and field.id}


async def test_words_typed_right_after_tab_land_in_the_next_field_of_an_action(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        burst(pilot.app, "建立大客户分级\t李明")
        await pilot.pause()
        typed = values(screen, "#pane-actions Input")
        assert (typed["measure"], typed["owner"]) == ("建立大客户分级", "李明")


async def new_meeting_dialog(pilot) -> None:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()


async def typed_into_a_new_meeting(db_path, keys: str) -> tuple[dict[str, str], str]:
    """``keys`` sent at once into the new-meeting dialog at 80×24: each field's value, and today's date."""
    app = make_app(db_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_meeting_dialog(pilot)
        burst(app, keys)
        await pilot.pause()
        return values(app.screen), app.today().isoformat()


async def test_words_typed_right_after_tab_land_in_the_next_field_of_a_new_meeting(db_path):
    typed, today = await typed_into_a_new_meeting(db_path, "East China Q4\t\t2026-Q4\t\tLi Ming\tWhy Q4 missed")
    assert typed["title"] == "East China Q4" and typed["period"] == "2026-Q4"
    assert typed["facilitator"] == "Li Ming" and typed["goal"] == "Why Q4 missed"
    assert typed["date"] == today  # Tab passed through it, nothing typed there


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_tab_shows_every_field_and_button_of_the_new_meeting_dialog(db_path, lang, size):
    """At 80×24 the dialog ran off the screen: the minutes per presenter and both buttons were below it,
    and Tab moved the focus there unseen. It scrolls to the field in focus now."""
    app = make_app(db_path, lang=lang)
    async with app.run_test(size=size) as pilot:
        await new_meeting_dialog(pilot)
        visited = []
        for _ in range(10):
            focused = app.screen.focused
            visited.append(focused.id)
            region = focused.region
            assert region.height > 0 and 0 <= region.y and region.bottom <= size[1], (focused.id, region)
            await pilot.press("tab")
            await pilot.pause()
    assert visited[:9] == ["title", "scenario", "period", "date", "facilitator", "goal", "slot-minutes",
                           "cancel", "save"]
    assert visited[9] == "title"  # round again: the scrolling frame takes no stop of its own


async def test_a_folder_typed_right_after_tab_is_where_the_export_goes(db_path, demo, tmp_path, monkeypatch):
    """Seen in tmux at 80×24: F9, then 'Tab /tmp/…/out Tab Enter' sent at once exported to the folder the
    dialog offered; the typed folder went to the format list, which ignores text."""
    offered, typed = tmp_path / "offered", tmp_path / "typed"
    offered.mkdir()
    typed.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(offered))
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f9")
        await pilot.pause()
        burst(pilot.app, f"\t{typed}\t")
        pilot.app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause(0.5)
    assert [p.suffix for p in typed.iterdir()] == [".xlsx"]
    assert not list(offered.iterdir())


async def test_a_date_typed_right_after_tab_replaces_the_date_offered(db_path):
    """The date field offers today, selected when Tab enters it: a date typed at once replaces it."""
    typed, _ = await typed_into_a_new_meeting(db_path, "T1\t\t2026-Q4\t2026-10-20\tLi Ming")
    assert (typed["period"], typed["date"], typed["facilitator"]) == ("2026-Q4", "2026-10-20", "Li Ming")
