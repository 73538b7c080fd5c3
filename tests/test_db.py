"""The SQLite store: migrations, round trips of every core object, concurrent writers, the demo."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from core.model import (
    Action,
    ActionStatus,
    Aggregation,
    Attribution,
    CatchUpLine,
    CatchUpPlan,
    CatchUpSource,
    Draft,
    Direction,
    Ease,
    FishboneCategory,
    Impact,
    Indicator,
    IndicatorValue,
    KeyWork,
    KeyWorkCause,
    Lesson,
    LessonKind,
    Meeting,
    PipelineStage,
    RootCause,
    Scenario,
    SlotStatus,
    WhyStep,
)
from core.rules import format_rate, is_overdue
from db import queries
from db.schema import OPEN_ACTION, migration_set
from db.store import Store, connect, open_connection, resolve_db_path, schema_is_current
from tests.conftest import TODAY
from tests.drivers import sqlite_utils_on


def test_migrations_create_the_schema_from_an_empty_file_and_reapply_as_no_op(db_path: Path):
    db = connect(db_path)
    tables = set(sqlite_utils_on(db).table_names())
    assert {"meetings", "slots", "indicators", "indicator_values", "gaps", "root_causes", "lessons",
            "actions", "action_updates", "catchup_plans", "catchup_lines", "key_works"} <= tables
    migrations = migration_set()
    applied = [m.name for m in migrations.applied(sqlite_utils_on(db))]
    assert schema_is_current(db.conn)
    db.close()
    again = connect(db_path)
    assert [m.name for m in migrations.applied(sqlite_utils_on(again))] == applied
    assert migrations.pending(sqlite_utils_on(again)) == []
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.execute("PRAGMA foreign_keys").fetchone()[0] == 1



def test_schema_check_and_meeting_list_work_on_the_plain_sqlite3_connection(db_path: Path):
    """What the app's first frame uses, without sqlite-utils: the same answers as after `connect`."""
    raw = open_connection(db_path)
    assert not schema_is_current(raw)  # an empty file: nothing applied yet
    raw.close()
    db = connect(db_path)
    meeting = _meeting(db)
    raw = open_connection(db_path)
    assert schema_is_current(raw)
    assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert queries.list_meetings(Store(raw)) == queries.list_meetings(db)
    assert [listing.meeting.id for listing in queries.list_meetings(Store(raw))] == [meeting.id]
    raw.close()


def _meeting(db) -> Meeting:
    return queries.save_meeting(db, Meeting(
        "华东 Q3 复盘会", "分析Q3销售额未达标原因", Scenario.QUARTERLY, "Q3", date(2026, 10, 20), "赵敏"))


def test_every_core_object_round_trips(db):
    meeting = _meeting(db)
    assert queries.get_meeting(db, meeting.id) == meeting

    slot = queries.add_slot(db, meeting.id, "张伟")
    slot.status, slot.accumulated_seconds, slot.running_since = SlotStatus.PRESENTING, 42.5, 1_800_000_000.25
    slot.pause_count, slot.adjust_seconds, slot.first_started_at = 2, 60, 1_799_999_000.0
    queries.save_slot(db, slot)
    assert queries.slots_for(db, meeting.id) == [slot]

    indicator = queries.save_indicator(db, Indicator(meeting.id, "平均跟进周期", "过程效率", "天",
                                                     Direction.LOWER, Aggregation.MEAN))
    assert queries.indicators_for(db, meeting.id) == [indicator]
    value = IndicatorValue(indicator.id, "张伟", "Q3", 15, 22, last_year=18, benchmark=12, note="CRM")
    queries.save_values(db, [value])
    [stored] = queries.values_for(db, meeting.id, "张伟")
    value.id = stored.id
    assert stored == value

    work = queries.save_key_work(db, KeyWork(meeting.id, "张伟", "华力二期签约", "6月底签约", "延期",
                                             "决策人未锁定", KeyWorkCause.STRATEGY, False))
    assert queries.key_works_for(db, meeting.id) == [work]

    gap = queries.gap_for_indicator(db, meeting.id, "张伟", indicator.id, "Q3")
    assert queries.gap_for_indicator(db, meeting.id, "张伟", indicator.id, "Q3").id == gap.id
    queries.rate_gap(db, gap.id, Impact.HIGH, Ease.EASY)
    gap.impact, gap.ease = Impact.HIGH, Ease.EASY
    assert queries.gaps_for(db, meeting.id) == [gap]

    cause = queries.save_root_cause(db, RootCause(
        gap.id, "跟进周期22天", "客户决策慢",
        [WhyStep("为什么慢?", "首次跟进晚"), WhyStep("为什么晚?", "线索无人分配")],
        "", FishboneCategory.PROCESS, Attribution.INTERNAL, "CRM抽查30条"))
    assert queries.root_causes_for(db, meeting.id, "张伟") == [cause]

    lesson = queries.save_lesson(db, Lesson(meeting.id, "张伟", LessonKind.FAILURE, "线索无人跟进", "全员"))
    assert queries.lessons_for(db, meeting.id) == [lesson]

    action = queries.save_action(db, Action(
        meeting.id, "张伟", "线索48小时内首次跟进", "张伟", date(2026, 10, 21), date(2026, 11, 30),
        "首次跟进率≥90%", "周报", "CRM提醒", "客户不配合", ActionStatus.NOT_STARTED, gap.id, cause.id),
        now=datetime(2026, 10, 20, 16, 0))
    assert queries.get_action(db, action.id) == action

    update = queries.update_action_status(db, action.id, ActionStatus.IN_PROGRESS, "已上线提醒",
                                          at=datetime(2026, 10, 27, 9, 0))
    assert queries.updates_for(db, action.id) == [update]
    assert queries.get_action(db, action.id).status is ActionStatus.IN_PROGRESS
    assert queries.latest_updates(db)[action.id] == update
    # the same status again: nothing without a note (the last note stays the latest), recorded with one
    assert queries.update_action_status(db, action.id, ActionStatus.IN_PROGRESS, " ") is None
    assert queries.latest_updates(db)[action.id] == update
    progress = queries.update_action_status(db, action.id, ActionStatus.IN_PROGRESS, "完成一半",
                                            at=datetime(2026, 11, 3, 9, 0))
    assert queries.updates_for(db, action.id) == [update, progress]

    plan = queries.save_catchup_plan(db, CatchUpPlan(
        meeting.id, "张伟", 1000, 380, "万元", 900, 820,
        [CatchUpLine(CatchUpSource.EXISTING_CUSTOMER_NEW_PROJECT, "申通物流", 150, "M09", PipelineStage.BID)]))
    assert queries.catchup_plans_for(db, meeting.id) == [plan]
    plan.lines.append(CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "绿源", 120))
    queries.save_catchup_plan(db, plan)
    assert [line.customer for line in queries.catchup_plans_for(db, meeting.id)[0].lines] == ["申通物流", "绿源"]


def test_agenda_add_move_remove_keeps_positions(db):
    meeting = _meeting(db)
    a, b, c = (queries.add_slot(db, meeting.id, name) for name in ("张伟", "李娜", "王芳"))
    assert a.planned_seconds == 600
    queries.move_slot(db, c.id, -2)
    assert [s.presenter for s in queries.slots_for(db, meeting.id)] == ["王芳", "张伟", "李娜"]
    queries.remove_slot(db, a.id)
    assert [(s.presenter, s.position) for s in queries.slots_for(db, meeting.id)] == [("王芳", 1), ("李娜", 2)]
    with pytest.raises(ValueError, match="already on the agenda"):
        queries.add_slot(db, meeting.id, "李娜")


def test_deleting_a_meeting_removes_everything_it_owns(db, demo):
    queries.delete_meeting(db, demo.id)
    assert queries.slots_for(db, demo.id) == []
    assert queries.values_for(db, demo.id) == []
    assert queries.catchup_plans_for(db, demo.id) == []
    with pytest.raises(queries.NotFound):
        queries.get_meeting(db, demo.id)


def test_failed_multi_step_write_leaves_nothing(db):
    meeting = _meeting(db)
    with pytest.raises(sqlite3.IntegrityError):
        with db.atomic():
            queries.add_slot(db, meeting.id, "张伟")
            db.execute("INSERT INTO slots (meeting_id, position, presenter) VALUES (?, 2, '张伟')",
                       [meeting.id])
    assert queries.slots_for(db, meeting.id) == []


def _writer(path: str, name: str, count: int) -> None:
    db = connect(path)
    meeting_id = db.execute("SELECT min(id) FROM meetings").fetchone()[0]
    for i in range(count):
        queries.save_action(db, Action(meeting_id, name, f"措施 {i}", owner=name))
        queries.update_action_status(db, db.execute("SELECT max(id) FROM actions").fetchone()[0],
                                     ActionStatus.IN_PROGRESS, "进展")
    db.close()


def test_two_processes_writing_one_file_do_not_fail_with_database_is_locked(db, db_path):
    _meeting(db)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(db_path), name, 150)) for name in ("张伟", "李娜")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert db.execute("SELECT count(*) FROM actions").fetchone()[0] == 300
    assert db.execute("SELECT count(*) FROM action_updates").fetchone()[0] == 300


def test_demo_has_the_seed_numbers_and_carried_over_open_and_overdue_actions(db, demo):
    slots = queries.slots_for(db, demo.id)
    assert [s.presenter for s in slots] == ["张伟", "李娜", "王芳", "刘洋", "陈静"]
    assert demo.goal and demo.period == "H1"
    indicators = queries.indicators_for(db, demo.id)
    assert 6 <= len(indicators) <= 8
    assert {i.direction for i in indicators} == {Direction.HIGHER, Direction.LOWER}
    review = {a.indicator.name: a for a in queries.review_for(db, demo.id, "张伟", ["H1"])}
    assert format_rate(review["销售额"].achievement) == "76%"
    assert format_rate(review["新客户数"].achievement) == "60%"
    assert format_rate(review["复购率"].achievement) == "108%"
    assert format_rate(review["平均跟进周期"].achievement) == "68%" and review["平均跟进周期"].met is False
    assert review["新客获取成本"].gap == 100 and review["新客获取成本"].gap_rate == pytest.approx(0.25)
    everyone = [a for p in ("张伟", "李娜", "王芳", "刘洋", "陈静") for a in queries.review_for(db, demo.id, p, ["H1"])]
    assert any(a.met for a in everyone) and any(a.shortfall for a in everyone)
    carried = queries.carried_over_actions(db, demo, "张伟")
    assert carried and all(a.meeting_id != demo.id for a in carried)
    assert any(is_overdue(a, TODAY) for a in carried)
    assert queries.find_actions(db, overdue_on=TODAY)


def test_db_path_resolution_prefers_the_option_then_the_environment(tmp_path):
    assert resolve_db_path(tmp_path / "a.db", {"FUPAN_DB": "/x/b.db"}) == tmp_path / "a.db"
    assert resolve_db_path(None, {"FUPAN_DB": str(tmp_path / "b.db")}) == tmp_path / "b.db"
    assert resolve_db_path(None, {}).name == "fupan.db"


def test_the_sql_of_an_open_action_leaves_out_exactly_the_closed_statuses():
    """db.schema.OPEN_ACTION is ActionStatus.closed written in SQL; the two must not drift apart."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE actions (status TEXT)")
    conn.executemany("INSERT INTO actions VALUES (?)", [(s.value,) for s in ActionStatus])
    open_ = {row[0] for row in conn.execute(f"SELECT status FROM actions WHERE {OPEN_ACTION}")}
    assert open_ == {s.value for s in ActionStatus if not s.closed}


@pytest.mark.parametrize("status", list(ActionStatus))
def test_the_sql_overdue_filter_agrees_with_core_is_overdue(db, status):
    """One overdue rule: the SQL filter (find_actions overdue_on) and core.rules.is_overdue agree for a
    due date of yesterday, today, tomorrow or none, for every status."""
    meeting = _meeting(db)
    dues = {"yesterday": date(2026, 11, 22), "today": TODAY, "tomorrow": date(2026, 11, 24), "none": None}
    saved = {}
    for name, due in dues.items():
        action = queries.save_action(db, Action(meeting.id, "张伟", f"措施 {name}", owner="张伟", due=due))
        action.status = status
        saved[name] = queries.save_action(db, action)
    in_sql = {a.id for a in queries.find_actions(db, overdue_on=TODAY)}
    for name, action in saved.items():
        assert (action.id in in_sql) is is_overdue(action, TODAY), (name, status)
    expected = {"yesterday"} if not status.closed else set()
    assert {name for name, a in saved.items() if a.id in in_sql} == expected


def test_sqlite_utils_loaded_without_pandas_still_stores_numpy_and_pandas_values(tmp_path):
    """The app loads sqlite-utils with pandas and numpy hidden (db.store, for start-up); once a sheet
    loads them, sqlite-utils must still create columns for their values as it would have."""
    import subprocess
    import sys

    code = f"""
import sys
from db.store import attach, open_connection
store = attach(open_connection({str(tmp_path / 'f.db')!r}))  # a new file: migrated through sqlite-utils
assert "sqlite_utils" in sys.modules
assert "numpy" not in sys.modules and "pandas" not in sys.modules, "hidden while sqlite-utils loaded"
import numpy as np, pandas as pd
from sqlite_utils import Database
db = Database(store.conn)
db["t"].insert({{"i": np.int64(3), "f": np.float32(1.5), "when": pd.Timestamp("2026-11-23")}})
print(db["t"].columns_dict)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'i': <class 'int'>, 'f': <class 'float'>, 'when': <class 'str'>}"


def test_the_start_up_schema_check_reads_sqlite_utils_migrations_table_as_sqlite_utils_does(db_path):
    """`schema_is_current` reads sqlite-utils' `_sqlite_migrations` table itself (the first frame does not
    wait for sqlite-utils): it must keep agreeing with sqlite-utils' own `Migrations.pending`."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from db.schema import MIGRATIONS_TABLE, migration_set
    from db.store import connect, open_connection, schema_is_current

    assert Migrations.migrations_table == MIGRATIONS_TABLE
    connect(db_path).close()
    conn = open_connection(db_path)
    try:
        assert schema_is_current(conn) and migration_set().pending(Database(conn)) == []
        last = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        conn.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = ?", [last])
        conn.commit()
        pending = [m.name for m in migration_set().pending(Database(conn))]
        assert not schema_is_current(conn) and pending == [last]
    finally:
        conn.close()


def test_a_write_outside_a_transaction_is_committed_at_once_and_a_failed_one_leaves_none_open(db, demo, db_path):
    """The Store commits a lone write as sqlite-utils' `execute` did (a draft is saved this way): another
    connection sees it, and a write that fails leaves no transaction open to swallow the next ones."""
    queries.save_draft(db, Draft(demo.id, "张伟", "lesson", {"content": "先分级"}))
    assert not db.conn.in_transaction
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO settings (key, value) VALUES (?, NULL)", ["k"])
        assert not db.conn.in_transaction
        queries.set_setting(db, "k", "v")
        assert other.execute("SELECT value FROM settings WHERE key = 'k'").fetchone()[0] == "v"
    finally:
        other.close()


def test_deleting_an_item_another_program_deleted_meanwhile_is_not_found(db, demo, db_path):
    action = queries.save_action(db, Action(demo.id, "张伟", "建立客户分级", owner="张伟"))
    lesson = queries.save_lesson(db, Lesson(demo.id, "张伟", LessonKind.SUCCESS, "大客户先分级"))
    other = connect(db_path)
    queries.delete_action(other, action.id)
    queries.delete_lesson(other, lesson.id)
    other.close()
    with pytest.raises(queries.NotFound) as found:
        queries.delete_action(db, action.id)
    assert found.value.message("zh") == queries.NotFound("action", action.id).message("zh")
    with pytest.raises(queries.NotFound):
        queries.delete_lesson(db, lesson.id)
    assert action.id not in {a.id for a in queries.actions_for(db, demo.id)}
