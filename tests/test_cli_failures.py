"""Every CLI failure is one line (DESIGN.md §8): an argument that is not UTF-8, a read-only or locked
database, a database whose columns differ, a title of control characters only, an over-long text.
Each case: the exit status, one line on stderr, no traceback, the database file unchanged."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import db.store
from core.parse import MAX_LINE_CHARS, MAX_TEXT_CHARS
from db.store import connect
from tests.drivers import run_cli

ROOT = Path(__file__).resolve().parents[1]
GOAL = "分析Q3销售额未达标原因"


@pytest.fixture
def demo_db(db_path, capsys) -> Path:
    code, _, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    assert code == 0
    return db_path


def _state(path: Path) -> tuple[str, dict[str, int]]:
    """The main file's hash (after every connection closed) and each table's row count."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for (t,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), counts


def _one_line_failure(capsys, path: Path, *argv: str, code: int = 2, says: tuple[str, ...] = ()) -> str:
    before = _state(path) if path.exists() else None
    got, out, err = run_cli(capsys, "--db", str(path), "--lang", "en", *argv)
    assert got == code, (argv, err)
    assert out == "" and len(err.strip().splitlines()) == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    assert all(words in err for words in says), err
    assert (_state(path) if path.exists() else None) == before
    return err


# --- text that is not what a field holds --------------------------------------------------------------


def test_an_undecodable_argument_is_one_line_and_stores_nothing(capsys, demo_db):
    undecodable = b"\xff\xfe".decode("utf-8", "surrogateescape")  # how Python hands over $'\xff\xfe'
    _one_line_failure(capsys, demo_db, "new", "--title", undecodable, "--goal", GOAL,
                      says=("'--title'", "not UTF-8"))
    _one_line_failure(capsys, demo_db, "new", "--title", "T", "--goal", GOAL + undecodable, says=("'--goal'",))
    _one_line_failure(capsys, demo_db, "new", "--title", "T", "--goal", GOAL, "--presenter", undecodable,
                      says=("'--presenter'",))
    _one_line_failure(capsys, demo_db, "actions", "update", "1", "done", "--note", undecodable, says=("'--note'",))
    _one_line_failure(capsys, demo_db, "actions", "--owner", undecodable, says=("'--owner'",))
    _one_line_failure(capsys, demo_db, "actions", "update", "1", undecodable, says=("'STATUS'",))


def test_undecodable_bytes_on_a_real_command_line(demo_db):
    before = _state(demo_db)
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(demo_db), "new", "--title", b"\xff\xfe", "--goal", GOAL],
        capture_output=True, timeout=60, cwd=ROOT, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and result.stdout == b""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "not UTF-8" in err
    assert _state(demo_db) == before


@pytest.mark.parametrize("title", ["\x1b\x07", " \x1b\x1b\t ", "\x00\x9b"])
def test_a_title_or_goal_of_control_characters_only_is_blank(capsys, demo_db, title):
    _one_line_failure(capsys, demo_db, "new", "--title", title, "--goal", GOAL, says=("needs a title",))
    _one_line_failure(capsys, demo_db, "new", "--title", "华东 Q3 复盘会", "--goal", "\x07" * 20,
                      says=("needs a goal",))


def test_over_long_text_is_refused_with_the_limit(capsys, demo_db):
    err = _one_line_failure(capsys, demo_db, "new", "--title", "长" * (MAX_LINE_CHARS + 1), "--goal", GOAL,
                            says=(f"at most {MAX_LINE_CHARS}", f"{MAX_LINE_CHARS + 1} characters", "'--title'"))
    assert len(err) < 300  # the limit, not the text
    _one_line_failure(capsys, demo_db, "new", "--title", "T", "--goal", "分析" * MAX_TEXT_CHARS,
                      says=(f"at most {MAX_TEXT_CHARS}",))
    _one_line_failure(capsys, demo_db, "new", "--title", "T", "--goal", GOAL, "--presenter", "张" * 500,
                      says=(f"at most {MAX_LINE_CHARS}",))
    _one_line_failure(capsys, demo_db, "actions", "update", "1", "done", "--note", "x" * (MAX_TEXT_CHARS + 1),
                      says=(f"at most {MAX_TEXT_CHARS}",))
    code, out, _ = run_cli(capsys, "--db", str(demo_db), "new", "--title", "长" * MAX_LINE_CHARS, "--goal", GOAL)
    assert code == 0  # the limit itself is allowed


# --- a database fupan cannot use as it is --------------------------------------------------------------


@pytest.fixture
def read_only(monkeypatch):
    """Open every database read-only, as SQLite does for a file without write permission (tests may run as
    root, for whom chmod does not stop a write)."""
    real = sqlite3.connect

    def read_only_connect(database, *args, **kwargs):
        if str(database) == ":memory:" or kwargs.get("uri"):
            return real(database, *args, **kwargs)
        return real(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(db.store.sqlite3, "connect", read_only_connect)


def test_a_read_only_database_is_one_line(capsys, demo_db, read_only):
    for argv in (["new", "--title", "T", "--goal", GOAL], ["actions", "update", "1", "done", "--note", "x"]):
        _one_line_failure(capsys, demo_db, *argv, says=(str(demo_db),))
    # `fupan demo` on a file that has its demo writes nothing: it opens that one, read-only or not
    code, out, err = run_cli(capsys, "--db", str(demo_db), "--lang", "en", "demo", "--no-open")
    assert code == 0 and "already there" in out and err == ""


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to a read-only file")
def test_a_database_file_without_write_permission_is_one_line(capsys, demo_db):
    demo_db.chmod(0o444)
    try:
        _one_line_failure(capsys, demo_db, "new", "--title", "T", "--goal", GOAL, says=("read-only",))
    finally:
        demo_db.chmod(0o644)


def test_a_write_lock_held_past_the_timeout_is_one_line(capsys, demo_db, monkeypatch):
    monkeypatch.setattr(db.store, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    holder.execute("UPDATE meetings SET title = title")
    try:
        before = run_cli(capsys, "--db", str(demo_db), "meetings")[1]  # readers still read
        got, out, err = run_cli(capsys, "--db", str(demo_db), "new", "--title", "T", "--goal", GOAL)
        assert got in (2, 3)  # a user error, or "busy: try again" where the store gives it its own status
        assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run_cli(capsys, "--db", str(demo_db), "meetings")[1] == before  # nothing was added


def test_database_problems_are_told_in_the_users_language(capsys, demo_db, read_only):
    code, out, err = run_cli(capsys, "--db", str(demo_db), "new", "--title", "T", "--goal", GOAL)  # zh locale
    assert code == 2 and out == "" and "文件是只读的" in err and len(err.strip().splitlines()) == 1


def test_a_database_whose_columns_differ_is_one_line(capsys, demo_db):
    conn = sqlite3.connect(demo_db)
    conn.execute("ALTER TABLE meetings RENAME COLUMN goal TO objective")  # another tool's change
    conn.execute("ALTER TABLE actions DROP COLUMN standard")
    conn.commit()
    conn.close()
    for argv in (["meetings"], ["actions"], ["export", "2", "--format", "md", "--out", str(demo_db.parent)],
                 ["new", "--title", "T", "--goal", GOAL]):
        _one_line_failure(capsys, demo_db, *argv, says=("does not have the tables and columns",))
    err = _one_line_failure(capsys, demo_db, "meetings")
    assert "goal" in err
    connect(demo_db).close()  # fupan's own schema check still accepts the file: it is fupan's


def test_the_app_is_not_opened_on_a_read_only_file(capsys, demo_db, monkeypatch):
    import tui.cli

    real = os.access
    monkeypatch.setattr(tui.cli.os, "access", lambda p, mode: False if Path(p) == demo_db else real(p, mode))
    monkeypatch.setattr("tui.app.FupanApp.run", lambda self: pytest.fail("the app was opened"))
    _one_line_failure(capsys, demo_db, says=("read-only", str(demo_db)))
