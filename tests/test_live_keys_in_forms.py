"""The live screen's letter keys (space, n, p, s, +, -, m, q) move the clock only where the keyboard is not in
a form, and Esc followed at once by a key does what Esc and then that key do.

Seen in a tmux trial at 100×30: tab 6 opens on its line table and tab 3 on the gap drop-down, and a
facilitator who pressed 6 and began typing "new customer …" moved the clock to the next presenter with
the `n`. And Esc with 7 sent together (as a fast hand or tmux's send-keys does) typed "¶" into the
measure being typed, instead of leaving it for tab 7."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from core.model import SlotStatus
from db import queries
from db.store import connect
from tests.drivers import FakeClock, live_app, open_live, type_text
from tui.widgets.pane import Pane

SIZE = (120, 36)


def statuses(db_path, meeting_id) -> dict[str, SlotStatus]:
    db = connect(db_path)
    try:
        return {slot.presenter: slot.status for slot in queries.slots_for(db, meeting_id)}
    finally:
        db.close()


def form_of(widget) -> Pane | None:
    return next((node for node in widget.ancestors_with_self if isinstance(node, Pane)), None)


@pytest.mark.parametrize("tab", ["3", "6"])
async def test_a_letter_on_a_forms_table_or_drop_down_leaves_the_clock_alone(db_path, demo, tab):
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2")  # 张伟 on the clock, running
        await pilot.press(tab)
        pane = form_of(screen.focused)
        assert pane is not None and pane.FORM is not None  # the tab opened on its table or drop-down
        assert not isinstance(screen.focused, Input)
        muted = screen.muted
        await pilot.press("n", "p", "s", "space", "m", "minus", "q")
        await pilot.pause()
        assert screen.current.presenter == "张伟"
        assert screen.timer.running and screen.muted == muted
        assert screen.timer.state.adjust_seconds == 0
        assert pilot.app.screen is screen  # q did not leave the live screen
    stored = statuses(db_path, demo.id)
    assert stored["张伟"] is SlotStatus.PRESENTING
    assert all(status is SlotStatus.WAITING for name, status in stored.items() if name != "张伟")


async def test_escape_then_a_letter_moves_the_clock_from_a_form(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", "6")
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
    assert statuses(db_path, demo.id)["张伟"] is SlotStatus.DONE


@pytest.mark.parametrize("tab", ["1", "7"])
async def test_the_clock_letters_act_on_the_tabs_that_only_list(db_path, demo, tab):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", tab)
        assert form_of(screen.focused) is None or form_of(screen.focused).FORM is None
        await pilot.press("n")
        await pilot.pause()
        assert screen.current.presenter == "李娜"


async def test_escape_and_a_digit_together_leave_the_field_for_that_tab(db_path, demo):
    """What the terminal sends for Esc and 7 within its escape delay reaches the app as Alt+7
    (tests/test_textual_adapter.py pins that): it opens tab 7 and leaves the field as typed."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "建立大客户分级")
        measure = screen.query_one("#pane-actions #measure", Input)
        await pilot.press("alt+7")
        await pilot.pause()
        assert screen.query_one("Workspace").active == "previous"
        assert measure.value == "建立大客户分级"
        assert form_of(screen.focused) is None or form_of(screen.focused).FORM is None


async def test_escape_and_a_letter_together_move_the_clock_and_leave_the_field_as_typed(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("f2", "4")
        await type_text(pilot, "建立大客户分级")
        await pilot.press("alt+n")
        await pilot.pause()
        assert screen.current.presenter == "李娜"
    db = connect(db_path)
    try:
        drafts = {(d.presenter, d.form): d.fields for d in queries.drafts_for(db, demo.id)}
    finally:
        db.close()
    assert drafts[("张伟", "action")]["measure"] == "建立大客户分级"
