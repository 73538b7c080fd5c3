"""Aggregation when a sheet does not say (DESIGN §3): inferred from unit and name, shown, changeable,
and never changed silently for indicators an earlier version stored with its default."""

from __future__ import annotations

from datetime import date

import pytest

from core.model import Aggregation, AggregationSource, Indicator, Meeting
from core.rules import infer_aggregation
from db import queries
from exports.indicators import import_indicators
from tests.drivers import run_cli
from tests.test_import import write_csv

MONTHLY = [  # no 汇总方式 column: as most teams' sheets are
    ["汇报人", "具体指标", "单位", "方向", "期间", "目标值", "实际值"],
    *[["张伟", "平均跟进周期", "天", "越低越好", month, "15", actual] for month, actual in
      (("1月", "20"), ("2月", "22"), ("3月", "24"))],
    *[["张伟", "新客获取成本", "元", "越低越好", month, "￥400", "￥500"] for month in ("1月", "2月", "3月")],
    *[["张伟", "销售额", "万元", "越高越好", month, target, "70"] for month, target in
      (("1月", "80"), ("2月", "80"), ("3月", "90"))],
    *[["张伟", "在职人数", "人", "越高越好", month, "12", actual] for month, actual in
      (("1月", "10"), ("2月", "12"), ("3月", "11"))],
    *[["张伟", "复购率", "%", "越高越好", month, "60%", "65%"] for month in ("1月", "2月", "3月")],
]


@pytest.fixture
def meeting(db):
    m = queries.save_meeting(db, Meeting("Q1 复盘会", "分析Q1销售额未达标原因", period="Q1", date=date(2026, 4, 10)))
    queries.add_slot(db, m.id, "张伟")
    return m


def quarter(db, meeting_id: int) -> dict[str, tuple[float | None, float | None]]:
    """Q1 as every screen and export computes it (db.queries.review_for → core.rules.rollup)."""
    return {a.indicator.name: (a.target, a.actual) for a in queries.review_for(db, meeting_id, "张伟", ["Q1"])}


def test_monthly_sheet_rolls_up_as_an_analyst_would(db, meeting, tmp_path):
    import_indicators(db, meeting.id, write_csv(tmp_path / "monthly.csv", MONTHLY))
    assert quarter(db, meeting.id) == {
        "平均跟进周期": (15, 22),  # mean: never 45 days
        "新客获取成本": (400, 500),  # mean: ￥400 a customer, not ￥1,200
        "销售额": (250, 210),  # sum
        "在职人数": (12, 11),  # a stock: the last month
        "复购率": (60, 65),  # mean
    }
    stored = {i.name: (i.aggregation, i.aggregation_source) for i in queries.indicators_for(db, meeting.id)}
    assert stored["平均跟进周期"] == (Aggregation.MEAN, AggregationSource.INFERRED)
    assert stored["在职人数"] == (Aggregation.LAST, AggregationSource.INFERRED)


def test_an_aggregation_column_wins_over_the_inference(db, meeting, tmp_path):
    rows = [[*MONTHLY[0], "汇总方式"], *[[*row, "求和"] for row in MONTHLY[1:4]]]
    result = import_indicators(db, meeting.id, write_csv(tmp_path / "summed.csv", rows))
    assert quarter(db, meeting.id)["平均跟进周期"] == (45, 66)  # as the sheet says, however odd
    [line] = result.aggregations
    assert (line.aggregation, line.source) == (Aggregation.SUM, AggregationSource.CHOSEN)
    assert result.aggregation_notes("zh") == []


@pytest.mark.parametrize(("name", "unit", "expected"), [
    ("平均跟进周期", "天", Aggregation.MEAN), ("新客获取成本", "元", Aggregation.MEAN),
    ("销售额", "万元", Aggregation.SUM), ("新客户数", "个", Aggregation.SUM), ("客户拜访次数", "次", Aggregation.SUM),
    ("复购率", "%", Aggregation.MEAN), ("客单价", "元", Aggregation.MEAN), ("人均产值", "万元", Aggregation.MEAN),
    ("客户满意度", "分", Aggregation.MEAN), ("销售占比", "", Aggregation.MEAN), ("人均获客成本", "元/人", Aggregation.MEAN),
    ("在职人数", "人", Aggregation.LAST), ("客户总数", "个", Aggregation.LAST), ("应收余额", "万元", Aggregation.LAST),
    ("签约家数", "家", Aggregation.SUM), ("订单", "单", Aggregation.SUM), ("响应时长", "小时", Aggregation.MEAN),
    ("毛利", "", Aggregation.SUM),
])
def test_an_indicator_s_name_and_unit_say_whether_its_months_are_summed_averaged_or_last(name, unit, expected):
    assert infer_aggregation(name, unit).aggregation is expected


def test_dry_run_shows_each_indicator_and_warns_naming_what_was_inferred(db, meeting, tmp_path, capsys):
    from tests.test_import import counts

    path = write_csv(tmp_path / "monthly.csv", MONTHLY)
    before = counts(db)
    code, out, _ = run_cli(capsys, "--db", str(db.conn.execute("PRAGMA database_list").fetchone()[2]),
                           "--lang", "zh", "import", "indicators", str(path), "--meeting", str(meeting.id),
                           "--dry-run")
    assert code == 0 and counts(db) == before
    assert "已按单位和名称推断 5 个指标的汇总方式" in out
    assert "平均跟进周期 → 平均（单位「天」）" in out and "新客获取成本 → 平均（名称含「获取成本」）" in out
    assert "在职人数 → 期末值（名称含「在职人数」）" in out and "销售额 → 求和（单位「万元」）" in out
    table = [line for line in out.splitlines() if line.startswith("平均跟进周期")]
    assert table and "平均 (推断)" in table[0]  # the per-indicator table


def test_traditional_names_are_inferred_like_simplified(db, meeting, tmp_path):
    rows = [["銷售代表", "具體指標", "單位", "期間", "目標值", "實際值"],
            *[["张伟", "平均跟進週期", "天", m, "15", "15"] for m in ("1月", "2月", "3月")],
            *[["张伟", "新客獲取成本", "元", m, "400", "400"] for m in ("1月", "2月", "3月")]]
    import_indicators(db, meeting.id, write_csv(tmp_path / "tw.csv", rows))
    assert quarter(db, meeting.id) == {"平均跟進週期": (15, 15), "新客獲取成本": (400, 400)}


def test_indicators_stored_with_the_old_default_are_noted_not_recomputed(db, meeting, tmp_path):
    """A database from before the inference: the migration marks its indicators 'legacy'; an import
    without a 汇总方式 column keeps their aggregation and says what the unit suggests."""
    import_indicators(db, meeting.id, write_csv(tmp_path / "monthly.csv", MONTHLY))
    # What an earlier version stored: sum for all but %, source unknown (the migration's default).
    db.execute("UPDATE indicators SET aggregation = 'sum', aggregation_source = 'legacy' WHERE unit != '%'")
    db.conn.commit()
    result = import_indicators(db, meeting.id, write_csv(tmp_path / "again.csv", MONTHLY))
    assert quarter(db, meeting.id)["平均跟进周期"] == (45, 66)  # unchanged: nothing recomputed silently
    notes = [note for note in result.aggregation_notes("en") if "earlier version" in note]
    assert len(notes) == 3  # 平均跟进周期, 新客获取成本, 在职人数 (销售额 sums either way; 复购率 is inferred)
    assert any("平均跟进周期 rolls up by 'sum', an earlier version's default; by its unit '天' it would be "
               "'mean'" in note for note in notes)
    assert result.indicators_updated == 0


def test_migration_marks_existing_indicators_legacy(tmp_path):
    """m002 on a database made before it: rows keep their aggregation, with source 'legacy'."""
    import sqlite3

    from db.schema import MIGRATIONS
    from db.store import connect

    from sqlite_utils import Database, Migrations

    from db.schema import MIGRATION_SET, m001_initial

    path = tmp_path / "old.db"
    first = Migrations(MIGRATION_SET)  # a database made before m002: the first migration alone
    first(name="m001_initial")(m001_initial)
    db = Database(sqlite3.connect(path))
    first.apply(db)
    meeting = queries.save_meeting(db, Meeting("旧会议", "分析Q1销售额未达标原因"))
    db.execute("INSERT INTO indicators (meeting_id, name, unit, aggregation) VALUES (?, '平均跟进周期', '天', 'sum')",
               [meeting.id])
    db.conn.commit()
    db.close()
    assert [m.__name__ for m in MIGRATIONS][:2] == ["m001_initial", "m002_indicator_aggregation_source"]
    db = connect(path)
    [indicator] = queries.indicators_for(db, meeting.id)
    assert (indicator.aggregation, indicator.aggregation_source) == (Aggregation.SUM, AggregationSource.LEGACY)
    db.close()
    assert sqlite3.connect(path).execute("SELECT aggregation FROM indicators").fetchone() == ("sum",)


def test_demo_and_code_made_indicators_count_as_chosen():
    assert Indicator(1, "x").aggregation_source is AggregationSource.CHOSEN


# --- the setup screen ------------------------------------------------------------------------------------


async def test_setup_previews_aggregation_per_indicator_and_changes_it(db_path, db, meeting, tmp_path):
    from textual.widgets import DataTable, Static

    from tests.drivers import FakeClock, open_setup
    from tui.app import make_app

    path = write_csv(tmp_path / "monthly.csv", MONTHLY)
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        screen.query_one("#sheet-path").value = str(path)
        await pilot.click("#preview")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#import-status", Static).render())
        assert "已按单位和名称推断 5 个指标的汇总方式" in status and "平均跟进周期 → 平均（单位「天」）" in status
        preview = screen.query_one("#import-rows", DataTable)
        first = [str(cell) for cell in preview.get_row_at(0)]
        assert first[2] == "平均跟进周期" and first[-1] == "平均 (推断)"
        assert queries.indicators_for(db, meeting.id) == []  # a preview writes nothing
        await pilot.click("#import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#aggregations", DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == [
            "平均 (推断)", "平均 (推断)", "求和 (推断)", "期末值 (推断)", "平均 (推断)"]
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("a")  # 平均跟进周期: mean → last, the user's choice
        await pilot.pause()
        assert str(table.get_row_at(0)[2]) == "期末值"
    stored = {i.name: (i.aggregation, i.aggregation_source) for i in queries.indicators_for(db, meeting.id)}
    assert stored["平均跟进周期"] == (Aggregation.LAST, AggregationSource.CHOSEN)
    assert stored["销售额"] == (Aggregation.SUM, AggregationSource.INFERRED)
    assert quarter(db, meeting.id)["平均跟进周期"] == (15, 24)  # the last month's figures


async def test_setup_marks_a_legacy_aggregation_to_confirm(db_path, db, meeting, tmp_path):
    from textual.widgets import DataTable

    from tests.drivers import FakeClock, open_setup
    from tui.app import make_app

    import_indicators(db, meeting.id, write_csv(tmp_path / "monthly.csv", MONTHLY[:4]))
    db.execute("UPDATE indicators SET aggregation = 'sum', aggregation_source = 'legacy'")
    db.conn.commit()
    app = make_app(db_path, lang="zh", clock=FakeClock())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_setup(app, pilot, meeting.id)
        table = screen.query_one("#aggregations", DataTable)
        assert str(table.get_row_at(0)[2]) == "求和 (待确认: 平均?)"
        table.focus()
        await pilot.press("a")
        await pilot.pause()
        assert str(table.get_row_at(0)[2]) == "平均"
    [indicator] = queries.indicators_for(db, meeting.id)
    assert (indicator.aggregation, indicator.aggregation_source) == (Aggregation.MEAN, AggregationSource.CHOSEN)
