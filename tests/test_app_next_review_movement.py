"""The live screen and the summary show how the previous actions moved and each indicator's trend
(issue 13, items 2 and 3), from the demo: last month's review, then the H1 review on TODAY."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from core import rules
from core.model import Action, ActionStatus, Ease, Impact
from db import queries
from tests.drivers import FakeClock, live_app, open_live
from tui.screens.summary import SummaryScreen

SIZE = (180, 50)


def _cells(table: DataTable, key: str) -> list[str]:
    return [str(c) for c in table.get_row(key)]


async def test_previous_actions_tab_shows_status_at_last_review_movement_and_counts_and_follows_an_update(db_path, db, demo):
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = pilot.app.screen.query_one("#pane-previous")
        table = pane.query_one("#previous-table", DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[3] == "标准可检查" and headers[6:9] == ["上次复盘时状态", "当前状态", "变化"]
        # Action 1: not started at last month's review, in progress since (周例会更新), due 20 days ago.
        assert _cells(table, "1")[6:9] == ["未开始", "进行中 (逾期)", "有进展 (新逾期)"]
        assert _cells(table, "2")[6:9] == ["未开始", "未开始", "未动"]
        assert _cells(table, "1")[3] == _cells(table, "2")[3] == "是"  # the demo's standards have numbers
        counts = str(pane.query_one("#previous-movement", Static).render())
        assert counts == "上次行动 2 项：已关闭 0，有进展 1，未动 1，新逾期 1"

        await pilot.press("d")  # close action 1 with a note
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "机制已上线"
        await pilot.press("enter")
        await pilot.pause()
        assert list(pane.actions) == [2]  # done leaves the list; the counts keep it
        counts = str(pane.query_one("#previous-movement", Static).render())
        assert counts.splitlines() == ["上次行动 2 项：已关闭 1，有进展 0，未动 1，新逾期 0",
                                       "已关闭：#1 建立线索48小时首次跟进机制"]
    assert queries.get_action(db, 1).status is ActionStatus.DONE


async def test_indicators_tab_shows_the_trend_and_ranks_a_chronic_gap_first(db_path, db, demo):
    trend = queries.trends_for(db, demo, "张伟")[("张伟", "新客户数")]
    assert trend.not_met_streak == 2  # last month 2 of 4, H1 12 of 20
    async with live_app(db_path, demo.id).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        pane = screen.query_one("#pane-indicators")
        table = pane.query_one("#indicator-table", DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        col_trend, col_streak = headers.index("趋势"), headers.index("连续未达成")
        rows = {a.indicator.name: _cells(table, key) for key, a in pane.rows.items()}
        assert rows["新客户数"][col_trend] == rules.sparkline(trend.rates) == rules.sparkline([0.5, 0.6])
        assert rows["新客户数"][col_streak] == "连续未达成 2 期（长期差距）"
        assert rows["平均跟进周期"][col_streak] == "连续未达成 1 期"  # a new gap: only this review
        assert rows["复购率"][col_streak] == ""
        col_impact = headers.index("影响")
        assert rows["新客户数"][col_impact] == "建议：影响大" and rows["平均跟进周期"][col_impact] == ""

        def first() -> str:
            return pane.rows[str(table.coordinate_to_cell_key((0, 0)).row_key.value)].indicator.name

        def rate(name: str) -> None:
            table.move_cursor(row=next(r for r, a in enumerate(pane.rows.values()) if a.indicator.name == name))

        # Before any rating the chronic gap leads, though 平均跟进周期's gap rate is larger (47 % vs 40 %) ...
        assert first() == "新客户数"
        # ... a rated gap (high impact, easy) comes before unrated ones ...
        rate("平均跟进周期")
        await pilot.press("i", "e")
        await pilot.pause()
        assert first() == "平均跟进周期"
        # ... and rated alike, the chronic gap ranks first in the quadrant.
        rate("新客户数")
        await pilot.press("i", "e")
        await pilot.pause()
        assert first() == "新客户数"
        rows = {a.indicator.name: _cells(table, key) for key, a in pane.rows.items()}
        assert rows["新客户数"][col_impact] == "影响大"
    rated = {g.indicator_id: (g.impact, g.ease) for g in queries.gaps_for(db, demo.id, "张伟")}
    assert len(rated) == 2 and set(rated.values()) == {(Impact.HIGH, Ease.EASY)}


async def test_summary_lists_the_previous_actions_movement(db_path, db, demo):
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SummaryScreen)
        counts = str(screen.query_one("#movement-counts", Static).render())
        table = screen.query_one("#table-movement", DataTable)
        shown = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
    last, moved = queries.movements_for(db, demo)
    assert counts.splitlines() == [f"上次复盘：{last.title}（{last.date.isoformat()}）",
                                   "上次行动 5 项：已关闭 1，有进展 2，未动 2，新逾期 2"]
    by_measure = {row[1]: row for row in shown}
    assert by_measure["整理老客户复购话术并在团队分享"][5:] == ["未开始", "已完成", "2026-10-31 已完成：周例会更新", "已关闭"]
    assert by_measure["制定重点客户拜访计划"][8] == "未动 (新逾期)"
    assert {row[2] for row in shown} == {"是"}
    assert len(shown) == len(moved) == 5


async def test_a_carried_in_action_without_a_checkable_standard_is_called_out_on_the_tab_and_the_summary(
        db_path, db, demo):
    """Seed 003: "加强客户跟进" cannot be checked; the next review says so beside the action and asks for a
    standard, in both languages."""
    last = queries.previous_review(db, demo)
    vague = queries.save_action(db, Action(last.id, "张伟", "加强客户跟进", owner="张伟", due=demo.date))
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("7")
        await pilot.pause()
        pane = pilot.app.screen.query_one("#pane-previous")
        cells = _cells(pane.query_one("#previous-table", DataTable), str(vague.id))
        assert cells[3].startswith("否：衡量标准没有数字、日期或交付物") and "「加强」没有量化" in cells[3]
        counts = str(pane.query_one("#previous-movement", Static).render()).splitlines()
        assert counts[-1] == (f"1 项带入的行动没有可检查的衡量标准，请责任人补上（数字、日期或交付物）："
                              f"#{vague.id} 加强客户跟进 (张伟)")
    async with live_app(db_path, demo.id, FakeClock(), lang="en").run_test(size=SIZE) as pilot:
        await open_live(pilot)
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        counts = str(screen.query_one("#movement-counts", Static).render()).splitlines()
        table = screen.query_one("#table-movement", DataTable)
        shown = {str(table.get_row_at(r)[1]): [str(c) for c in table.get_row_at(r)] for r in range(table.row_count)}
    assert counts[-1] == (f"Carried in without a checkable standard: 1; ask the owners for one (a number, "
                          f"a date or a deliverable): #{vague.id} 加强客户跟进 (张伟)")
    assert shown["加强客户跟进"][2].startswith("no: the standard has no number, date or deliverable")
    assert shown["制定重点客户拜访计划"][2] == "yes"
    assert not rules.is_checkable(queries.get_action(db, vague.id))
