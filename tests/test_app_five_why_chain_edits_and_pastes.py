"""The 5-Why chain on the root-cause tab, edited through the keyboard (delete, edit in place, refused
edits, the seven-step limit, the next presenter's empty tab) and pasted into (multi-line, tabs, CJK and
control characters, a paste queued right after Enter). Every test reads the chain back from the database.

Several reproduce defects found by a keyboard sweep: a presenter's cause overwritten by the next
presenter's, 5-Why edits landing on the wrong step, pasted lines lost.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from db import queries
from db.store import connect
from tests.drivers import live_app, next_not_presented, type_text
from tests.five_why import chain, focus_steps, new_cause_whys, open_chain, seed_chain, shown_steps, stored_causes

SIZE = (160, 48)
THREE = [("w1", "b1"), ("w2", "b2"), ("w3", "b3")]


# --- 5-Why chain: edits ----------------------------------------------------------------------------


async def test_the_root_cause_tab_starts_empty_for_the_next_presenter(db_path, demo):
    """张伟's cause is open on his first H1 gap (新客户数); 王芳 has shortfalls too. After F4 F4 the tab
    showed 张伟's problem and chain, and what was typed for 王芳 overwrote 张伟's root cause."""
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        await chain(pilot, [("w1", "b1")])
        await pilot.press("escape", "1")
        await next_not_presented(pilot)
        await next_not_presented(pilot)
        assert pilot.app.screen.current.presenter == "王芳"
        await pilot.press("3")
        await pilot.pause()
        pane = pilot.app.screen.query_one("#pane-root-causes")
        assert (pane.gap_id, pane.cause_id, pane.whys, pane.query_one("#problem", Input).value) == (None, None, [], "")
        pane.query_one("#preliminary", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "王芳的原因")
        await pilot.press("enter")
        await pilot.pause()
    causes = {(r["presenter"], r["preliminary_cause"]) for r in stored_causes(db_path) if r["id"] != 1}
    assert ("张伟", "初步原因") in causes
    assert ("张伟", "王芳的原因") not in causes


async def test_editing_a_step_after_deleting_an_earlier_one_edits_that_step(db_path, demo):
    seed_chain(db_path, demo.id, THREE)
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await open_chain(pilot)
        await focus_steps(pilot, pane)
        await pilot.press("down", "enter")  # edit step 2 (w2)
        await pilot.press("shift+tab", "up", "delete")  # back to the list, delete step 1 (w1)
        await pilot.pause()
        await pilot.press("tab", "end", "X", "enter", "enter")  # finish editing w2 → w2X
        await pilot.pause()
        assert new_cause_whys(db_path) == [("w2X", "b2"), ("w3", "b3")]
        assert shown_steps(pane) == new_cause_whys(db_path)


async def test_a_refused_step_delete_keeps_the_step_in_the_chain(db_path, demo):
    """Delete with the problem emptied is refused and the step stays, on screen and in the chain: the
    next successful save used to drop it while the screen still listed it."""
    seed_chain(db_path, demo.id, [("w1", "b1"), ("w2", "b2")])
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await open_chain(pilot)
        pane.query_one("#problem", Input).value = ""
        await focus_steps(pilot, pane)
        await pilot.press("delete")
        await pilot.pause()
        assert shown_steps(pane) == [("w1", "b1"), ("w2", "b2")]
        assert new_cause_whys(db_path) == [("w1", "b1"), ("w2", "b2")]
        pane.query_one("#problem", Input).focus()
        await pilot.press("P", "enter")
        await pilot.pause()
        assert new_cause_whys(db_path) == shown_steps(pane)


async def test_a_refused_step_add_keeps_the_step_in_the_fields_only(db_path, demo):
    """Enter on a step with the problem emptied is refused and the step stays in the fields: it used to
    vanish from them and be written by the next save although the list never showed it."""
    seed_chain(db_path, demo.id, [("w1", "b1")])
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await open_chain(pilot)
        pane.query_one("#problem", Input).value = ""
        pane.query_one("#why", Input).focus()
        await pilot.press("w", "2", "enter", "b", "2", "enter")
        await pilot.pause()
        assert new_cause_whys(db_path) == [("w1", "b1")]
        assert (pane.query_one("#why", Input).value, pane.query_one("#because", Input).value) == ("w2", "b2")
        pane.query_one("#problem", Input).focus()
        await pilot.press("P", "enter")
        await pilot.pause()
        assert new_cause_whys(db_path) == shown_steps(pane)


async def test_repeated_delete_removes_neighbouring_steps(db_path, demo):
    """Delete on step 2 of 3, then Delete again: w3 goes (the highlight used to jump to step 1)."""
    seed_chain(db_path, demo.id, THREE)
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await open_chain(pilot)
        table = await focus_steps(pilot, pane)
        await pilot.press("down", "delete")
        await pilot.pause()
        assert table.cursor_row == 1
        await pilot.press("delete")
        await pilot.pause()
        assert new_cause_whys(db_path) == [("w1", "b1")]


# --- 5-Why chain: checked and correct ------------------------------------------------------------


async def test_deleting_first_middle_last_and_only_step_matches_the_db_after_reopening(db_path, demo):
    steps = [("w1", "b1"), ("w2", "b2"), ("w3", "b3"), ("w4", "b4")]
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await chain(pilot, steps[:1])
        pane.query_one("#why", Input).value, pane.query_one("#because", Input).value = "w2", "b2"
        pane.query_one("#because", Input).focus()
        await pilot.press("enter")  # a step filled in at once, as a paste would
        await pilot.press("w", "3", "enter", "b", "3", "enter", "w", "4", "enter", "b", "4", "enter")
        await pilot.pause()
        assert new_cause_whys(db_path) == steps == shown_steps(pane)
        table = await focus_steps(pilot, pane)
        expected = list(steps)
        for row in (0, 1, 1, 0):  # first (w1), middle (w3), last (w4), the only one (w2)
            table.move_cursor(row=row)
            await pilot.press("delete")
            await pilot.pause()
            del expected[row]
            assert shown_steps(pane) == expected == new_cause_whys(db_path)
        await pilot.press("delete", "delete")  # an empty chain: nothing to delete, nothing written
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert new_cause_whys(db_path) == [] and shown_steps(pane) == []
        pane.query_one("#why", Input).focus()
        await pilot.press("n", "e", "w", "enter", "enter")  # a why without a because is a step
        await pilot.pause()
    assert new_cause_whys(db_path) == [("new", "")]
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "r")
        await pilot.pause()
        pane = pilot.app.screen.query_one("#pane-root-causes")
        assert shown_steps(pane) == new_cause_whys(db_path) == [("new", "")]
        assert pane.query_one("#preliminary", Input).value == "初步原因"


async def test_editing_a_step_in_place_and_the_seven_step_limit(db_path, demo):
    seven = [(f"w{n}", f"b{n}") for n in range(1, 8)]
    seed_chain(db_path, demo.id, seven)
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await open_chain(pilot)
        pane.query_one("#why", Input).focus()
        await type_text(pilot, "w8")
        await pilot.press("enter")
        await type_text(pilot, "b8")
        await pilot.press("enter")  # an eighth is refused, the text stays
        await pilot.pause()
        assert pane.query_one("#why", Input).value == "w8"
        assert new_cause_whys(db_path) == seven
        await focus_steps(pilot, pane)
        await pilot.press("down", "down", "enter", "end", "!", "enter", "end", "!", "enter")
        await pilot.pause()
    expected = list(seven)
    expected[2] = ("w3!", "b3!")
    assert new_cause_whys(db_path) == expected


# --- Pasting -------------------------------------------------------------------------------------


async def test_a_multi_line_paste_into_a_field_is_kept_whole_on_one_line(db_path, demo):
    """Textual's Input keeps `text.splitlines()[0]`: the rest of a pasted paragraph was dropped, and a
    paste starting with a newline pasted nothing (seen in tmux with a real bracketed paste too)."""
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await chain(pilot, [])
        why = pane.query_one("#why", Input)
        why.post_message(events.Paste("为什么跟进慢\n因为没有分级"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        because = pane.query_one("#because", Input)
        because.post_message(events.Paste("\n没有标准"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    [(why_text, because_text)] = new_cause_whys(db_path)
    assert "因为没有分级" in why_text
    assert "没有标准" in because_text


async def test_a_paste_right_after_enter_lands_where_enter_moved_the_focus(db_path, demo):
    """Keys typed after Enter are held for the next field, and so is a paste queued the same way."""
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await chain(pilot, [])
        for char in "w1":
            pilot.app.post_message(events.Key(char, char))
        pilot.app.post_message(events.Key("enter", "\r"))
        pilot.app.post_message(events.Paste("粘贴的因为"))
        await pilot.pause()
        await pilot.pause()
        assert pane.query_one("#because", Input).has_focus
        await pilot.press("enter")
        await pilot.pause()
    assert new_cause_whys(db_path) == [("w1", "粘贴的因为")]


async def test_pasted_tabs_cjk_and_control_characters_into_5_why_and_action_fields(db_path, demo):
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        pane = await chain(pilot, [])
        pane.query_one("#why", Input).post_message(events.Paste("为什么\t慢？"))
        await pilot.pause()
        await pilot.press("enter")
        pane.query_one("#because", Input).post_message(events.Paste("因为\x1b[2J\x07没有分级"))
        await pilot.pause()
        assert pane.query_one("#because", Input).value == "因为[2J没有分级"  # what will be stored
        await pilot.press("enter")
        await pilot.pause()
        assert shown_steps(pane) == [("为什么\t慢？", "因为[2J没有分级")]
        await pilot.press("escape", "4")
        await pilot.pause()
        actions = pilot.app.screen.query_one("#pane-actions")
        actions.query_one("#measure", Input).post_message(events.Paste("建立客户分级\x9b标准\x00"))
        await pilot.pause()
        await pilot.press("enter")  # saved as a draft, on to the owner
        await pilot.pause()
        actions.query_one("#owner", Input).post_message(events.Paste("张伟\x1b"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert new_cause_whys(db_path) == [("为什么\t慢？", "因为[2J没有分级")]
    db = connect(db_path)
    [action] = queries.actions_for(db, demo.id, "张伟")
    assert (action.measure, action.owner) == ("建立客户分级标准", "张伟")
    db.close()
