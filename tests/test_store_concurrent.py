"""The app beside a writer that commits as fast as it can (issue 11, D1): the app's own save paths —
timer persistence, ±1 minute, action save, catch-up plan, status change — run many times; no error
reaches the user, no update is lost, and the file ends as the sum of both writers' intent."""

from __future__ import annotations

import copy
import json
import os
import signal
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from core.model import Action, ActionStatus, CatchUpLine, CatchUpSource, SlotStatus
from db import queries
from db.store import connect, writer
from tests.drivers import FakeClock, live_app, open_live, type_text

SIZE = (160, 48)
ROUNDS = 3  # every save path three times over (the last round's status key is then 's')
PAUSE_SECONDS = 0.005  # the other writer's breath between commits


def _hammer(path: Path, ids: dict[str, int], out: int) -> None:
    """The other program: four kinds of commit, one after the other as fast as it can, until SIGTERM;
    then it reports how many of each it committed. Between two commits it lets go of the file for
    PAUSE_SECONDS (still hundreds of commits a second), so that the app, which must wait for the lock like
    any writer, gets its turn, and Pilot sees it idle between keys instead of waiting out each key."""
    counts = {"minutes": 0, "risk": 0, "line": 0, "note": 0}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    db = connect(path)
    os.write(out, b"ready\n")
    turn = 0
    while not stop:
        turn += 1
        # Every 25th turn a catch-up line (each one is drawn on the app's catch-up tab), else the others.
        kind = "line" if turn % 25 == 0 else ("minutes", "risk", "note")[turn % 3]
        if kind == "minutes":  # as `fupan import agenda` gives 张伟 a minute more
            with writer(db):
                db.execute("UPDATE slots SET planned_seconds = planned_seconds + 60 WHERE id = ?", [ids["slot"]])
        elif kind == "risk":  # a second window edits the risk of the action the app edits the measure of
            loaded = queries.get_action(db, ids["edited"])
            edited = copy.deepcopy(loaded)
            edited.risk = f"risk {counts['risk'] + 1}"
            queries.save_action(db, edited, original=loaded)
        elif kind == "line":  # a second window adds a catch-up line to the plan the app adds lines to
            [plan] = queries.catchup_plans_for(db, ids["meeting"], "张伟")
            loaded = copy.deepcopy(plan)
            plan.lines.append(CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "他们的客户", 1))
            queries.save_catchup_plan(db, plan, original=loaded)
        else:  # `fupan actions update` on another action, with a note each time
            queries.update_action_status(db, ids["noted"], ActionStatus.IN_PROGRESS, f"note {counts['note'] + 1}")
        counts[kind] += 1
        time.sleep(PAUSE_SECONDS)
    db.close()
    os.write(out, json.dumps(counts).encode())


def _start_hammer(path: Path, ids: dict[str, int]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the test runner
        code = 1
        try:
            os.close(read)
            _hammer(path, ids, write)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    assert os.read(read, 6) == b"ready\n"
    return pid, read


def _stop_hammer(pid: int, read: int) -> dict[str, int]:
    os.kill(pid, signal.SIGTERM)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return json.loads(report)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer is forked (POSIX)")
async def test_the_app_beside_a_writer_committing_as_fast_as_it_can(db_path, db, demo):
    zhang = next(s for s in queries.slots_for(db, demo.id) if s.presenter == "张伟")
    edited = queries.save_action(db, Action(demo.id, "张伟", "措施 0", owner="张伟"))
    [carried, *_] = queries.carried_over_actions(db, demo, "张伟")
    noted = next(a for a in queries.find_actions(db) if a.id not in (edited.id, carried.id))
    [plan] = queries.catchup_plans_for(db, demo.id, "张伟")
    lines_before = len(plan.lines)
    notes_before = {a: len(queries.updates_for(db, a)) for a in (carried.id, noted.id)}
    ids = {"slot": zhang.id, "edited": edited.id, "noted": noted.id, "meeting": demo.id}

    clock = FakeClock()
    app = live_app(db_path, demo.id, clock)
    pid, read = _start_hammer(db_path, ids)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_live(pilot)
            for n in range(1, ROUNDS + 1):
                await pilot.press("f2")  # start: timer persistence
                clock.advance(10)
                await pilot.press("f7", "f2")  # +1 minute, pause
                clock.advance(5)
                await pilot.press("escape", "4")  # the action: load it, change the measure, Enter
                pane = screen.query_one("#pane-actions")
                table = pane.query_one("#action-table", DataTable)
                table.focus()
                table.move_cursor(row=table.get_row_index(str(edited.id)))
                await pilot.press("enter")
                pane.query_one("#measure", Input).value = f"措施 {n}"
                await pilot.press("enter")
                await pilot.press("escape", "6")  # catch-up: one more line
                catch_up = screen.query_one("#pane-catch-up")
                catch_up.query_one("#customer", Input).focus()
                await type_text(pilot, f"客户{n}")
                await pilot.press("tab")
                catch_up.query_one("#amount", Input).focus()
                await pilot.press("2", "enter")
                await pilot.press("escape", "7")  # previous actions: a status change with a note
                table = screen.query_one("#pane-previous").query_one(DataTable)
                table.focus()
                table.move_cursor(row=table.get_row_index(str(carried.id)))
                await pilot.press("s" if n % 2 else "i")
                await pilot.pause()
                await type_text(pilot, f"进展{n}")
                await pilot.press("enter")
                await pilot.pause()
                app.check_store()  # as the interval does, once a round at least
            await pilot.pause()
            notices = [n.message for n in app._notifications if n.severity != "information"]
    finally:
        counts = _stop_hammer(pid, read)

    assert notices == []  # 0 errors surfaced (and the app is still running: no crash)
    assert all(counts.values()), counts  # the other writer really wrote all along
    fresh = connect(db_path)
    slot = queries.get_slot(fresh, zhang.id)
    assert slot.planned_seconds == zhang.planned_seconds + 60 * counts["minutes"]
    assert (slot.accumulated_seconds, slot.pause_count, slot.adjust_seconds) == (10 * ROUNDS, ROUNDS, 60 * ROUNDS)
    assert slot.status is SlotStatus.PRESENTING and slot.running_since is None
    action = queries.get_action(fresh, edited.id)
    assert (action.measure, action.risk, action.status) == (f"措施 {ROUNDS}", f"risk {counts['risk']}",
                                                            ActionStatus.NOT_STARTED)
    [plan] = queries.catchup_plans_for(fresh, demo.id, "张伟")
    customers = [line.customer for line in plan.lines]
    assert len(customers) == lines_before + ROUNDS + counts["line"]
    assert customers.count("他们的客户") == counts["line"]
    assert [c for c in customers if c.startswith("客户") and c[2:].isdigit()] == [f"客户{n}" for n in range(1, ROUNDS + 1)]
    assert len(queries.updates_for(fresh, carried.id)) == notes_before[carried.id] + ROUNDS
    last = ActionStatus.NOT_STARTED if ROUNDS % 2 else ActionStatus.IN_PROGRESS  # the last round's 's' or 'i'
    assert queries.get_action(fresh, carried.id).status is last
    assert len(queries.updates_for(fresh, noted.id)) == notes_before[noted.id] + counts["note"]
    assert fresh.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fresh.close()
