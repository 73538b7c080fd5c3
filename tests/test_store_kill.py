"""Killing is safe (issue 11): a process doing multi-step writes is SIGKILLed at random points, again and
again; the file stays whole, every write it reported as committed is there, and none is half there."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from db.store import connect

KILLS = 50


def _child(path: Path, step: int, out: int) -> None:
    """Write step after step until killed. Each step writes a meeting, its agenda of three, an action
    with a status change and a catch-up plan of two lines in one transaction (`writer`), then reports
    its number on ``out``: the parent's record of what was committed."""
    from core.model import Action, ActionStatus, CatchUpLine, CatchUpPlan, CatchUpSource, Meeting
    from db import queries
    from db.store import connect, writer

    db = connect(path)
    os.write(out, b"ready\n")
    while True:
        with writer(db):
            meeting = queries.save_meeting(db, Meeting(title=f"kill-{step}", goal="g"))
            for name in ("甲", "乙", "丙"):
                queries.add_slot(db, meeting.id, name)
            action = queries.save_action(db, Action(meeting.id, "甲", f"measure {step}", owner="甲"))
            queries.update_action_status(db, action.id, ActionStatus.IN_PROGRESS, f"note {step}")
            queries.save_catchup_plan(db, CatchUpPlan(meeting.id, "甲", 100, 40, lines=[
                CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "客户A", 30),
                CatchUpLine(CatchUpSource.NEW_CUSTOMER_NEW_PROJECT, "客户B", 30)]))
        os.write(out, f"{step}\n".encode())
        step += 1


def _run_until_killed(path: Path, step: int, delay: float) -> list[int]:
    """Fork a writer (it starts at once: the modules are already imported), SIGKILL it ``delay`` seconds
    after it is ready, and return the steps it reported."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test runner
        try:
            os.close(read)
            _child(path, step, write)
        finally:
            os._exit(1)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        assert pipe.readline() == b"ready\n"
        time.sleep(delay)  # somewhere inside a transaction, or between two
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        return [int(line) for line in pipe.read().split()]


def _whole(db, meeting_id: int) -> bool:
    """Every part of one step's write is there."""
    count = lambda sql: db.execute(sql, [meeting_id]).fetchone()[0]  # noqa: E731
    return (count("SELECT count(*) FROM slots WHERE meeting_id = ?") == 3
            and count("SELECT count(*) FROM actions WHERE meeting_id = ? AND status = 'in_progress'") == 1
            and count("SELECT count(*) FROM action_updates u JOIN actions a ON a.id = u.action_id "
                      "WHERE a.meeting_id = ?") == 1
            and count("SELECT count(*) FROM catchup_lines l JOIN catchup_plans p ON p.id = l.plan_id "
                      "WHERE p.meeting_id = ?") == 2)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork and SIGKILL are POSIX")
def test_random_sigkills_lose_no_reported_write_and_leave_none_half_written(db_path):
    connect(db_path).close()  # the schema exists before the first child starts
    rng = random.Random(11)
    reported: set[int] = set()
    step = 0
    started = time.monotonic()
    for _ in range(KILLS):
        done = _run_until_killed(db_path, step, rng.uniform(0.0, 0.08))
        reported.update(done)
        step = max(done, default=step - 1) + 2  # a step may have committed unreported: never reuse it
    elapsed = time.monotonic() - started

    db = connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = {int(title.removeprefix("kill-")): meeting_id
              for meeting_id, title in db.execute("SELECT id, title FROM meetings")}
    assert len(reported) >= KILLS // 2, "the kills came before most children had committed anything"
    assert reported <= set(stored)  # every write reported as committed is there
    assert [step for step, meeting_id in stored.items() if not _whole(db, meeting_id)] == []  # none half there
    db.close()
    assert elapsed < 60, f"{KILLS} kills took {elapsed:.1f} s"
