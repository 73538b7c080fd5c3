"""Lessons are captured one after another (DESIGN §4 Live, tab 5): Enter saves the lesson and empties the form
for the next one. A form left on the saved lesson let the next lesson typed there, after clearing the field,
overwrite the first (seen in a trial: the draft of an emptied form still carried the saved lesson's id)."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from db import queries
from db.store import connect
from tests.drivers import FakeClock, live_app, open_live, type_text

SIZE = (160, 48)


def lessons(db_path, meeting_id, presenter):
    db = connect(db_path)
    try:
        return [(x.content, x.applies_to) for x in queries.lessons_for(db, meeting_id, presenter)]
    finally:
        db.close()


async def test_two_lessons_typed_in_a_row_are_two_lessons(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5")
        await pilot.pause()
        pane = screen.query_one("#pane-lessons")
        content = pane.query_one("#content", Input)
        content.focus()
        await type_text(pilot, "大客户分级要先做")
        await pilot.press("enter")
        await pilot.pause()
        assert content.value == ""  # ready for the next lesson
        assert pane.query_one("#applies", Input).value == ""
        assert pilot.app.focused is content
        await type_text(pilot, "报价前先核对库存")
        await pilot.press("enter")
        await pilot.pause()
        table = pane.query_one("#lesson-table", DataTable)
        assert table.row_count == 2
    assert lessons(db_path, demo.id, "张伟") == [("大客户分级要先做", ""), ("报价前先核对库存", "")]


async def test_a_lesson_chosen_from_the_table_is_edited_and_the_form_empties_after_the_save(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("5")
        await pilot.pause()
        pane = screen.query_one("#pane-lessons")
        content = pane.query_one("#content", Input)
        content.focus()
        await type_text(pilot, "第一条")
        await pilot.press("enter")
        await pilot.pause()
        table = pane.query_one("#lesson-table", DataTable)
        table.focus()
        await pilot.press("enter")  # the saved lesson, opened for editing
        await pilot.pause()
        assert content.value == "第一条"
        await pilot.press("end")  # focusing a field selects its text (Textual's default): go on after it
        await type_text(pilot, "（已改）")
        await pilot.press("enter")
        await pilot.pause()
        assert content.value == ""
    assert lessons(db_path, demo.id, "张伟") == [("第一条（已改）", "")]
