"""Actions that can be checked at the next review (seed 003's SMART rule, seed 001's 衡量标准): a nudge on save,
never a refusal, and the summary lists them beside the incomplete ones."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from core.model import Action
from core.rules import is_checkable, smart_problems
from db import queries
from db.store import connect
from tests.drivers import FakeClock, live_app, open_live, type_text

SIZE = (140, 45)


@pytest.mark.parametrize(("measure", "standard"), [
    ("新客数量增加30%", ""),  # seed 003's example, as a measure with no separate standard
    ("开发新客户", "新客数量增加30%"),
    ("加强客户跟进", "新线索48小时内首次跟进率≥90%"),  # the vague verb is quantified by the standard
    ("整理老客户复购话术并在团队分享", "完成话术手册并培训1次"),  # the demo's own actions
    ("制定重点客户拜访计划", "每周拜访重点客户≥３家"),  # a full-width digit
    ("参加销售技巧训练营", "完成四次训练并通过考核"),  # a Chinese numeral counting
    ("梳理重点客户", "月底前提交客户清单"),  # a date word and a deliverable
    ("Tidy the pipeline", "Stale deals list sent by Friday"),
])
def test_an_action_naming_a_number_a_date_or_a_deliverable_is_checkable(measure, standard):
    assert smart_problems(measure, standard) == []
    assert is_checkable(Action(1, "张伟", measure, standard=standard))


@pytest.mark.parametrize(("measure", "standard", "expected"), [
    ("加强客户跟进", "", [("smart.no_measure", ""), ("smart.vague", "加强")]),  # seed 003's counter-example
    ("客户跟进", "加强客户跟进", [("smart.no_measure", ""), ("smart.vague", "加强")]),
    ("进一步提高客户满意度", "客户满意", [("smart.no_measure", ""), ("smart.vague", "提高"), ("smart.vague", "进一步")]),
    ("努力做好服务", "尽量持续跟进", [("smart.no_measure", ""), ("smart.vague", "努力"), ("smart.vague", "尽量"),
                                ("smart.vague", "持续"), ("smart.vague", "做好")]),
    ("Improve follow-up", "", [("smart.no_measure", ""), ("smart.vague", "improve")]),
    ("Strengthen key accounts", "report sent", [("smart.vague", "strengthen")]),  # a deliverable, but how much?
    ("客户拜访", "拜访有效果", [("smart.no_measure", "")]),
])
def test_not_checkable_actions_say_why(measure, standard, expected):
    assert smart_problems(measure, standard) == expected
    assert not is_checkable(Action(1, "张伟", measure, standard=standard))


def _messages(app) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


async def test_saving_a_vague_action_saves_it_and_nudges(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "加强客户跟进")
        await pilot.press("enter")
        await pilot.pause()
        nudges = [m for m, severity in _messages(pilot.app) if severity == "warning"]
        assert nudges == ["已保存。提示：衡量标准没有数字、日期或交付物，下次复盘难以检查；「加强」没有量化：写明提高多少、到何时"]
    db = connect(db_path)
    [action] = queries.actions_for(db, demo.id, "张伟")  # saved as typed: a nudge, never a refusal
    assert action.measure == "加强客户跟进"
    db.close()


async def test_saving_a_checkable_action_gives_no_nudge(db_path, demo):
    async with live_app(db_path, demo.id, FakeClock(), lang="en").run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "新客数量增加30%")
        await pilot.press("enter")
        await pilot.pause()
        assert [m for m, severity in _messages(pilot.app) if severity == "warning"] == []
    db = connect(db_path)
    assert [a.measure for a in queries.actions_for(db, demo.id, "张伟")] == ["新客数量增加30%"]
    db.close()


async def test_the_summary_lists_actions_without_a_checkable_standard(db_path, db, demo):
    vague = queries.save_action(db, Action(demo.id, "李娜", "提高复购率", owner="李娜", standard="加强客户跟进"))
    queries.save_action(db, Action(demo.id, "李娜", "开发新客户", owner="李娜", standard="新客数量增加30%"))
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=(120, 60)) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        table = pilot.app.screen.query_one("#smart-not_checkable", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    assert [row[:4] for row in rows] == [[str(vague.id), "李娜", "提高复购率", "加强客户跟进"]]
    assert "「提高」没有量化" in rows[0][4] and "衡量标准没有数字" in rows[0][4]


async def test_the_english_summary_gives_the_hints_in_english_punctuation(db_path, db, demo):
    vague = queries.save_action(db, Action(demo.id, "李娜", "Improve repeat sales", owner="李娜"))
    async with live_app(db_path, demo.id, FakeClock(), lang="en").run_test(size=(120, 60)) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        table = pilot.app.screen.query_one("#smart-not_checkable", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    assert [row[:3] for row in rows] == [[str(vague.id), "李娜", "Improve repeat sales"]]
    assert rows[0][4] == ("the standard has no number, date or deliverable: hard to check at the next review; "
                          "\"improve\" has no quantity: say how much, by when")
