"""Many writers, one file (issue 11, DESIGN.md §7): writes wait for the lock instead of failing, and a save
writes only what the user changed, so the app never undoes an import, a CLI update or another window."""

from __future__ import annotations

import copy
import sqlite3
import threading
import time

import pytest
from textual.widgets import Input

from core.model import Action, ActionStatus, CatchUpLine, CatchUpPlan, CatchUpSource, MeetingStatus, SlotStatus
from db import queries
from db.store import StoreBusy, connect, open_connection, writer
from tests.drivers import FakeClock, live_app, open_live, run_cli, settled, type_text

SIZE = (160, 48)


def write_agenda(path, rows):
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --- writes that wait ------------------------------------------------------------------------------


def test_a_write_transaction_holds_the_write_lock_from_its_start(db, db_path):
    """`db.atomic()` and `writer` begin IMMEDIATE: no other connection can commit between their read
    and their write (a deferred BEGIN let one in, and the upgrade then failed with "database is locked")."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    for transaction in (db.atomic, lambda: writer(db)):
        with transaction():
            db.execute("SELECT count(*) FROM meetings").fetchone()  # a read first
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO meetings (title, goal) VALUES ('x', 'y')")
            db.execute("INSERT INTO meetings (title, goal) VALUES ('mine', 'g')")
    other.close()
    assert db.execute("SELECT title FROM meetings").fetchall() == [("mine",), ("mine",)]


def test_a_read_then_write_waits_for_another_writer_instead_of_failing(db, db_path, demo):
    """D1 at the store: another connection holds the write lock for a while; the app's save waits for
    it (the busy timeout applies) and both writes are kept."""
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE meetings SET title = 'renamed elsewhere' WHERE id = ?", [demo.id])
    release = threading.Timer(0.3, other.execute, ["COMMIT"])
    release.start()
    slot = queries.slots_for(db, demo.id)[0]
    slot.status, slot.running_since = SlotStatus.PRESENTING, 1000.0
    started = time.monotonic()
    with db.atomic():  # as the live screen did: read the row, then write it
        queries.get_slot(db, slot.id)
        queries.save_slot_timers(db, slot)
    release.join()
    other.close()
    assert time.monotonic() - started >= 0.2  # it waited for the other writer
    assert queries.get_slot(db, slot.id).running_since == 1000.0
    assert queries.get_meeting(db, demo.id).title == "renamed elsewhere"


def test_a_lock_held_past_the_busy_timeout_is_store_busy_and_writes_nothing(db, db_path, demo):
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    db.conn.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(StoreBusy, match="busy"):
            queries.set_meeting_status(db, demo.id, MeetingStatus.FINISHED)
        with pytest.raises(StoreBusy):
            queries.update_action_status(db, queries.find_actions(db)[0].id, ActionStatus.DONE, "x")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not db.conn.in_transaction
    assert queries.get_meeting(db, demo.id).status is MeetingStatus.PLANNED
    assert not [u for u in queries.latest_updates(db).values() if u.note == "x"]


def test_the_cli_says_one_line_and_exits_non_zero_when_the_database_stays_locked(capsys, db_path, demo,
                                                                                monkeypatch):
    import db.store

    monkeypatch.setattr(db.store, "BUSY_TIMEOUT_SECONDS", 0.1)
    action_id = queries.find_actions(connect(db_path))[0].id
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "actions", "update",
                                 str(action_id), "done")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "locked" in err and "Traceback" not in err
    fresh = connect(db_path)
    assert queries.get_action(fresh, action_id).status is not ActionStatus.DONE
    fresh.close()


# --- no stale overwrites ---------------------------------------------------------------------------


async def test_f2_after_an_agenda_import_keeps_the_imported_order_and_minutes(db_path, demo, tmp_path, capsys):
    """D2: with the meeting open, `fupan import agenda` gives 张伟 15 minutes and moves 陈静 first; F2 in
    the open app starts 张伟's clock and writes nothing else of the slot."""
    agenda = write_agenda(tmp_path / "agenda.csv", [["顺序", "汇报人", "时长(分钟)"], ["1", "陈静", ""],
                                                    ["2", "张伟", "15"]])
    clock = FakeClock()
    async with live_app(db_path, demo.id, clock).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        assert screen.current.presenter == "张伟"
        code, _, err = run_cli(capsys, "--db", str(db_path), "import", "agenda", str(agenda),
                               "--meeting", str(demo.id))
        assert code == 0, err
        await pilot.press("f2")
        await pilot.pause()
        clock.advance(30)
        await pilot.press("f7")  # +1 min: still only the timer columns
        await pilot.pause()
    db = connect(db_path)
    slots = queries.slots_for(db, demo.id)
    assert [(s.presenter, s.position) for s in slots][:2] == [("陈静", 1), ("张伟", 2)]
    assert sorted(s.position for s in slots) == list(range(1, len(slots) + 1))
    zhang = next(s for s in slots if s.presenter == "张伟")
    assert zhang.planned_seconds == 900 and zhang.adjust_seconds == 60
    assert zhang.status is SlotStatus.PRESENTING and zhang.running_since == clock.now - 30
    assert queries.get_meeting(db, demo.id).status is MeetingStatus.RUNNING
    db.close()


async def test_saving_an_action_keeps_a_status_set_by_the_cli_meanwhile(db_path, demo, capsys):
    """D3: the action is loaded in the actions tab; `fupan actions update ID done --note x` runs in another
    shell; the user edits the measure and presses Enter: the status stays done, the measure is saved."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("4")
        await type_text(pilot, "建立客户分级标准")
        await pilot.press("enter")
        await pilot.pause()
        pane = screen.query_one("#pane-actions")
        action_id = pane.action_id
        assert action_id is not None
        code, _, err = run_cli(capsys, "--db", str(db_path), "actions", "update", str(action_id), "done",
                               "--note", "x")
        assert code == 0, err
        measure = pane.query_one("#measure", Input)
        measure.focus()
        await pilot.press("end", *"表", "enter")
        await pilot.pause()
    db = connect(db_path)
    action = queries.get_action(db, action_id)
    assert action.measure == "建立客户分级标准表"
    assert action.status is ActionStatus.DONE
    assert queries.updates_for(db, action_id)[-1].status is ActionStatus.DONE
    db.close()


async def test_saving_a_root_cause_keeps_evidence_another_window_saved_meanwhile(db_path, demo):
    """The cause is open in the root-causes tab; another window records its evidence; the user then
    enters the root cause here: both are kept (the form used to write back its empty evidence)."""
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("1", "r")
        await pilot.pause()
        await type_text(pilot, "客户分级不清")
        await pilot.press("enter")  # preliminary cause: the cause is saved
        await pilot.pause()
        pane = screen.query_one("#pane-root-causes")
        cause_id = pane.cause_id
        assert cause_id is not None
        other = connect(db_path)
        theirs = queries.get_root_cause(other, cause_id)
        edited = copy.deepcopy(theirs)
        edited.evidence = "CRM 抽查30条"
        queries.save_root_cause(other, edited, original=theirs)
        other.close()
        pane.query_one("#root-cause", Input).focus()
        await type_text(pilot, "分级流程缺失")
        await pilot.press("enter")
        await pilot.pause()
    db = connect(db_path)
    stored = queries.get_root_cause(db, cause_id)
    assert (stored.preliminary_cause, stored.root_cause, stored.evidence) == (
        "客户分级不清", "分级流程缺失", "CRM 抽查30条")
    db.close()


def test_an_agenda_import_keeps_a_timer_change_committed_while_it_runs(db, db_path, demo, tmp_path, monkeypatch):
    """`fupan import agenda` reads the agenda and writes it back; the live screen's timer save coming in
    between those two steps used to be overwritten by the imported rows. Now the import holds the lock
    from its read, so that save waits and lands after it, and the import writes only order and minutes."""
    from exports import agenda

    path = write_agenda(tmp_path / "agenda.csv", [["汇报人", "时长"], ["陈静", "12"], ["张伟", "15"]])
    pending: list[float] = []
    real_slots_for = queries.slots_for

    def app_saves_its_timer(timeout: float) -> bool:
        conn = sqlite3.connect(db_path, timeout=timeout)
        try:
            conn.execute("UPDATE slots SET accumulated_seconds = 123 WHERE meeting_id = ? AND presenter = '张伟'",
                         [demo.id])
            conn.commit()
            return True
        except sqlite3.OperationalError:
            return False  # the import holds the lock: the app's save waits and is retried
        finally:
            conn.close()

    def slots_then_a_timer_save(*args, **kwargs):
        slots = real_slots_for(*args, **kwargs)
        if not pending:
            pending.append(0 if app_saves_its_timer(timeout=0) else 1)
        return slots

    monkeypatch.setattr(agenda.queries, "slots_for", slots_then_a_timer_save)
    agenda.import_agenda(db, demo.id, path)
    monkeypatch.setattr(agenda.queries, "slots_for", real_slots_for)
    if pending == [1]:
        assert app_saves_its_timer(timeout=5)
    slots = {s.presenter: s for s in queries.slots_for(db, demo.id)}
    assert slots["张伟"].accumulated_seconds == 123
    assert (slots["陈静"].position, slots["陈静"].planned_seconds) == (1, 720)
    assert (slots["张伟"].position, slots["张伟"].planned_seconds) == (2, 900)


def test_an_action_save_writes_only_the_fields_the_user_changed(db, demo):
    loaded = queries.save_action(db, Action(demo.id, "张伟", "措施", owner="张伟"))
    queries.update_action_status(db, loaded.id, ActionStatus.IN_PROGRESS, "started")  # another program
    other = connect(db.conn.execute("PRAGMA database_list").fetchone()[2])
    theirs = queries.get_action(other, loaded.id)
    theirs.risk = "客户抵触"
    queries.save_action(other, theirs, original=queries.get_action(other, loaded.id))  # another window
    other.close()
    edited = queries.get_action(db, loaded.id)
    edited.status, edited.risk = ActionStatus.NOT_STARTED, ""  # as this window loaded it
    original = queries.get_action(db, loaded.id)
    original.status, original.risk = ActionStatus.NOT_STARTED, ""
    edited.owner = "李娜"
    queries.save_action(db, edited, original=original)
    stored = queries.get_action(db, loaded.id)
    assert (stored.owner, stored.status, stored.risk) == ("李娜", ActionStatus.IN_PROGRESS, "客户抵触")
    edited.status = ActionStatus.DONE  # a status the user did change is written
    queries.save_action(db, edited, original=original)
    assert queries.get_action(db, loaded.id).status is ActionStatus.DONE


def test_a_catch_up_line_added_keeps_lines_and_figures_another_window_saved(db, demo):
    [plan] = queries.catchup_plans_for(db, demo.id, "张伟")
    mine, before = copy.deepcopy(plan), copy.deepcopy(plan)
    theirs = queries.catchup_plans_for(db, demo.id, "张伟")[0]  # another window
    their_original = copy.deepcopy(theirs)
    theirs.lines.append(CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "他们的客户", 5))
    theirs.actual_to_date = plan.actual_to_date + 1
    queries.save_catchup_plan(db, theirs, original=their_original)
    mine.lines.append(CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "我的客户", 7))
    del mine.lines[0]
    queries.save_catchup_plan(db, mine, original=before)
    [stored] = queries.catchup_plans_for(db, demo.id, "张伟")
    customers = [line.customer for line in stored.lines]
    assert customers == [line.customer for line in plan.lines[1:]] + ["他们的客户", "我的客户"]
    positions = [p for (p,) in db.execute("SELECT position FROM catchup_lines WHERE plan_id = ? ORDER BY position",
                                          [plan.id]).fetchall()]
    assert len(set(positions)) == len(positions)
    assert stored.actual_to_date == plan.actual_to_date + 1


def test_a_new_plan_for_a_presenter_who_has_one_adds_to_it(db, demo):
    [plan] = queries.catchup_plans_for(db, demo.id, "张伟")
    queries.save_catchup_plan(db, CatchUpPlan(demo.id, "张伟", plan.period_target, plan.actual_to_date,
                                              lines=[CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "新", 3)]))
    [stored] = queries.catchup_plans_for(db, demo.id, "张伟")
    assert [line.customer for line in stored.lines] == [line.customer for line in plan.lines] + ["新"]


def test_the_live_screen_writes_only_status_and_timer_columns(db, demo):
    slot = queries.slots_for(db, demo.id)[0]
    other = open_connection(db.conn.execute("PRAGMA database_list").fetchone()[2])
    other.execute("UPDATE slots SET presenter = '张伟伟', position = 9, planned_seconds = 1 WHERE id = ?",
                  [slot.id])
    other.commit()
    other.close()
    slot.status, slot.accumulated_seconds, slot.pause_count = SlotStatus.DONE, 42.0, 2
    queries.save_slot_timers(db, slot)
    stored = queries.get_slot(db, slot.id)
    assert (stored.presenter, stored.position, stored.planned_seconds) == ("张伟伟", 9, 1)
    assert (stored.status, stored.accumulated_seconds, stored.pause_count) == (SlotStatus.DONE, 42.0, 2)


# --- screens notice other writers ------------------------------------------------------------------


async def test_the_live_screen_shows_an_imported_agenda_without_being_reopened(db_path, demo, tmp_path, capsys):
    agenda = write_agenda(tmp_path / "agenda.csv", [["顺序", "汇报人", "时长(分钟)"], ["1", "陈静", ""],
                                                    ["2", "张伟", "15"]])
    async with live_app(db_path, demo.id, FakeClock()).run_test(size=SIZE) as pilot:
        screen = await open_live(pilot)
        await pilot.press("7")  # previous actions: a listing tab, reloaded in place
        assert not pilot.app.check_store()  # nothing committed elsewhere yet
        code, _, err = run_cli(capsys, "--db", str(db_path), "import", "agenda", str(agenda),
                               "--meeting", str(demo.id))
        assert code == 0, err
        carried = queries.carried_over_actions(connect(db_path), demo, "张伟")[0]
        code, _, err = run_cli(capsys, "--db", str(db_path), "actions", "update", str(carried.id), "done",
                               "--note", "closed elsewhere")
        assert code == 0, err
        assert pilot.app.check_store()
        await pilot.pause()
        assert [s.presenter for s in screen.slots][:2] == ["陈静", "张伟"]
        assert screen.current.presenter == "张伟" and screen.timer.state.planned_seconds == 900
        assert str(screen.query_one("#slot-of").render()).startswith("第 2") or "2" in str(
            screen.query_one("#slot-of").render())
        previous = screen.query_one("#pane-previous")
        assert carried.id not in previous.actions  # done: no longer open, gone from the tab
        await pilot.press("f2")
        await pilot.pause()
    db = connect(db_path)
    zhang = next(s for s in queries.slots_for(db, demo.id) if s.presenter == "张伟")
    assert (zhang.position, zhang.planned_seconds, zhang.status) == (2, 900, SlotStatus.PRESENTING)
    db.close()


async def test_the_tracking_and_meetings_screens_reload_what_another_program_wrote(db_path, demo, capsys):
    from tui.app import make_app

    app = make_app(db_path, lang="zh", clock=FakeClock(), bell=False)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        code, out, err = run_cli(capsys, "--db", str(db_path), "new", "--title", "别处新建的会",
                                 "--goal", "分析Q4销售额未达标原因")
        assert code == 0, err
        assert app.check_store()
        await pilot.pause()
        assert "别处新建的会" in str(app.screen.query_one("#meetings").get_option_at_index(0).prompt)
        app.open_tracking()
        await settled(pilot)
        action = queries.find_actions(connect(db_path))[0]
        code, _, err = run_cli(capsys, "--db", str(db_path), "actions", "update", str(action.id), "cancelled")
        assert code == 0, err
        assert app.check_store()
        await settled(pilot)
        assert app.screen._shown[action.id].status is ActionStatus.CANCELLED


# --- a lock that cannot be had ---------------------------------------------------------------------


async def test_a_locked_database_is_one_notice_and_the_typed_action_is_kept(db_path, demo):
    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_live(pilot)
        app.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("4")
        await type_text(pilot, "建立客户分级标准")
        await pilot.press("enter")
        await pilot.press("f2")  # the timer runs on; its state waits to be written
        await pilot.pause()
        pane = screen.query_one("#pane-actions")
        assert pane.query_one("#measure", Input).value == "建立客户分级标准"  # kept as typed
        assert pane.action_id is None and screen.timer.running
        messages = [n.message for n in app._notifications]
        assert sum("数据库正被其他程序占用" in m for m in messages) == 2  # the form, the timer: once each
        clock.advance(1)
        screen.tick()  # a retry while locked: no new notice
        assert sum("数据库正被其他程序占用" in m for m in (n.message for n in app._notifications)) == 2
        other.execute("ROLLBACK")
        other.close()
        screen.tick()  # the retry writes the timer
        pane.query_one("#measure", Input).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pane.action_id is not None
    assert app.return_code in (0, None)
    db = connect(db_path)
    assert [a.measure for a in queries.actions_for(db, demo.id, "张伟")] == ["建立客户分级标准"]
    zhang = queries.slots_for(db, demo.id)[0]
    assert zhang.status is SlotStatus.PRESENTING and zhang.running_since == clock.now - 1
    db.close()


def test_setup_minutes_keep_a_timer_another_window_runs(db, demo):
    slot = queries.slots_for(db, demo.id)[0]
    running = copy.deepcopy(slot)
    running.status, running.running_since, running.accumulated_seconds = SlotStatus.PRESENTING, 500.0, 30.0
    queries.save_slot_timers(db, running)  # the live screen, after setup loaded the agenda
    assert queries.change_slot_minutes(db, slot.id, +1).planned_seconds == slot.planned_seconds + 60
    stored = queries.get_slot(db, slot.id)
    assert (stored.status, stored.running_since, stored.accumulated_seconds) == (SlotStatus.PRESENTING, 500.0, 30.0)
    assert queries.change_slot_minutes(db, slot.id, -500).planned_seconds == 60  # never below a minute


def test_key_work_and_lesson_saves_keep_fields_another_window_changed(db, demo):
    from core.model import KeyWork, Lesson, LessonKind

    item = queries.save_key_work(db, KeyWork(demo.id, "张伟", "大客户拜访", plan="每周 3 家"))
    lesson = queries.save_lesson(db, Lesson(demo.id, "张伟", LessonKind.SUCCESS, "分级跟进"))
    loaded_item, loaded_lesson = copy.deepcopy(item), copy.deepcopy(lesson)
    db.execute("UPDATE key_works SET status = '完成 2 家' WHERE id = ?", [item.id])  # another window
    db.execute("UPDATE lessons SET applies_to = '全区' WHERE id = ?", [lesson.id])
    item.plan = "每周 4 家"
    lesson.content = "分级跟进，周报"
    queries.save_key_work(db, item, original=loaded_item)
    queries.save_lesson(db, lesson, original=loaded_lesson)
    [stored_item] = [k for k in queries.key_works_for(db, demo.id, "张伟") if k.id == item.id]
    [stored_lesson] = [x for x in queries.lessons_for(db, demo.id, "张伟") if x.id == lesson.id]
    assert (stored_item.plan, stored_item.status) == ("每周 4 家", "完成 2 家")
    assert (stored_lesson.content, stored_lesson.applies_to) == ("分级跟进，周报", "全区")


async def test_setup_and_new_meeting_writes_on_a_locked_database_are_one_notice_each(db_path, demo):
    from tests.drivers import open_setup
    from tui.app import make_app

    app = make_app(db_path, lang="en", clock=FakeClock(), bell=False)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_setup(app, pilot, demo.id)
        app.conn.execute("PRAGMA busy_timeout = 50")
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            add = screen.query_one("#add-presenter", Input)
            add.focus()
            await pilot.press(*"Alice", "enter")
            await pilot.pause()
            assert add.value == "Alice"  # kept as typed
            screen.query_one("#slots").focus()
            await pilot.press("plus", "]")
            await pilot.pause()
        finally:
            other.execute("ROLLBACK")
            other.close()
        busy = [n.message for n in app._notifications if "held by another program" in n.message]
        assert len(busy) == 1  # one notice, however many writes found the lock taken
        add.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert add.value == ""
    db = connect(db_path)
    assert [s.presenter for s in queries.slots_for(db, demo.id)][-1] == "Alice"
    assert queries.slots_for(db, demo.id)[0].planned_seconds == 600
    db.close()


async def test_a_busy_notice_is_not_repeated_after_another_kind_of_busy_notice(db_path, demo):
    """The form's save and then the timer found the lock taken (two notices); the draft timer then found
    it taken too and the form's notice came a second time: only the last notice was remembered."""
    app = live_app(db_path, demo.id, FakeClock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_live(pilot)
        app.store_busy()  # the form
        app.store_busy("store_busy_timer")  # the timer
        app.store_busy()  # the draft, a moment later, on the same lock
        await pilot.pause()
        busy = [n.message for n in app._notifications if "数据库正被其他程序占用" in n.message]
    assert len(busy) == 2 and len(set(busy)) == 2, busy
