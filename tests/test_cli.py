"""The command line as a user scripts it: help, new, meetings, demo, and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.drivers import run_cli


def test_help_lists_the_commands(capsys):
    code, out, _ = run_cli(capsys, "--help", "--lang", "en")
    assert code == 0
    listed = [line.split()[0] for line in out.split("Commands:")[1].strip().splitlines()]
    assert listed == ["actions", "backup", "clock", "demo", "export", "import", "meetings", "new", "open",
                      "serve", "template"]  # file commands too


def test_a_group_without_its_command_shows_its_help_not_a_one_line_error(capsys, db_path):
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "import")
    assert code == 2
    assert err.startswith("Usage: fupan import")
    assert [line.split()[0] for line in err.split("Commands:")[1].strip().splitlines()] == [
        "actions", "agenda", "indicators"]


def test_new_then_meetings_lists_it(capsys, db_path: Path):
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "new", "--title", "华东 Q3 复盘会",
                         "--goal", "分析Q3销售额未达标原因", "--scenario", "quarterly", "--period", "Q3",
                         "--date", "2026年10月20日", "--presenter", "张伟", "--presenter", "李娜:15")
    assert code == 0, err
    assert "2 presenters" in out
    code, out, _ = run_cli(capsys, "--db", str(db_path), "--lang", "en", "meetings")
    assert code == 0
    assert "华东 Q3 复盘会" in out and "2026-10-20" in out

    from db import queries
    from db.store import connect

    db = connect(db_path)
    [listing] = queries.list_meetings(db)
    assert [(s.presenter, s.planned_seconds) for s in queries.slots_for(db, listing.meeting.id)] == [
        ("张伟", 600), ("李娜", 900)]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["new", "--title", "x", "--goal", "随便聊聊"], "too vague"),
        (["new", "--title", "x", "--goal", "分析Q3销售额未达标原因", "--date", "2026-02-30"], "expected a date"),
        (["new", "--title", "x", "--goal", "分析Q3销售额未达标原因", "--minutes", "abc"], "abc"),
        (["new", "--title", "x", "--goal", "分析Q3销售额未达标原因", "--presenter", "张伟:0"], "minutes"),
        (["new", "--title", "x", "--goal", "分析Q3销售额未达标原因", "--date", "13月45日"], "'--date'"),
        (["new", "--title", " ", "--goal", "分析Q3销售额未达标原因"], "needs a title"),
        (["meetingz"], "No such command"),
        (["--lang", "fr", "meetings"], "fr"),
        (["--db", "", "meetings"], "empty path"),  # e.g. --db "$UNSET": not the real database
        (["actions", "update", "99999999999999999999", "done"], "99999999999999999999"),  # beyond SQLite
        (["export", "99999999999999999999"], "99999999999999999999"),
        (["actions", "--meeting", "0"], "not in the range"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line_and_write_nothing(capsys, db_path, argv, expected):
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", *argv)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert expected in lines[0] and "Traceback" not in err
    if db_path.exists():
        from db import queries
        from db.store import connect

        assert queries.list_meetings(connect(db_path)) == []


@pytest.mark.parametrize("argv", [[], ["demo"], ["meetings"]])
def test_a_file_that_is_not_a_database_is_one_line_not_a_traceback(capsys, tmp_path, argv):
    """Opening the app, or a command, on the wrong file: one line naming it; the file is left alone."""
    wrong = tmp_path / "notes.db"
    wrong.write_text("复盘纪要, not a database\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(wrong), "--lang", "en", *argv)
    assert code == 2
    assert err.strip().splitlines() == [f"error: cannot open database {wrong}: file is not a database"]
    code, out, err = run_cli(capsys, "--db", str(wrong), *argv)  # the words in the user's language
    assert code == 2
    assert err.strip().splitlines() == [f"错误：无法打开数据库 {wrong}：file is not a database"]
    assert wrong.read_text(encoding="utf-8") == "复盘纪要, not a database\n"


def test_control_characters_in_stored_text_are_not_sent_to_the_terminal(capsys, db_path):
    """An escape sequence in a title (a pasted or imported cell) is dropped when stored, and never printed."""
    code, _, _ = run_cli(capsys, "--db", str(db_path), "new", "--title", "\x1b[2J华东\x07复盘会",
                         "--goal", "分析Q3销售额未达标原因")
    assert code == 0
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meetings")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "[2J华东复盘会" in out
    from db.store import connect

    db = connect(db_path)  # stored without them, so the app shows them as plain text too
    db.execute("UPDATE meetings SET title = ?", ["\x1b]0;pwned\x07旧库"])  # a file written by another tool
    db.conn.commit()
    db.close()
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meetings")
    assert "\x1b" not in out and "旧库" in out and "pwned" not in out  # the whole sequence is dropped


def test_demo_without_opening_creates_the_meeting(capsys, db_path):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open", "--lang", "en")
    assert code == 0 and "demo meeting" in out
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meetings")
    assert "上半年复盘会" in out and "月度复盘会" in out


def test_meetings_table_aligns_chinese_text(capsys, db_path):
    from wcwidth import wcswidth

    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    _, out, _ = run_cli(capsys, "--db", str(db_path), "meetings")
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) >= 4
    # The last column is right-aligned numbers: every line ends in the same terminal column only if
    # the Chinese titles before it were measured as two columns per character.
    assert len({wcswidth(line.rstrip()) for line in lines}) == 1


def test_the_installed_console_script_runs_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "x.db"), "meetings", "--bogus"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_demo_again_opens_the_demo_it_made_instead_of_a_second_copy(capsys, db_path):
    """Quickstart's `fupan demo` run twice put two copies in the file, and every previous action showed
    twice on the live screen (both copies' last-month actions match the presenters)."""
    import sqlite3

    def meetings() -> list[int]:
        with sqlite3.connect(db_path) as conn:
            return [row[0] for row in conn.execute("SELECT id FROM meetings ORDER BY id")]

    code, first, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open", "--lang", "en")
    assert code == 0 and len(meetings()) == 2  # the half-year review and last month's
    code, again, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open", "--lang", "en")
    assert code == 0 and "already" in again and first.split(":")[0] in again
    assert len(meetings()) == 2
    code, again, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open", "--lang", "zh")
    assert code == 0 and "已有" in again and len(meetings()) == 2
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM meetings WHERE id = ?", [meetings()[-1]])
    code, _, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open", "--lang", "en")
    assert code == 0 and len(meetings()) == 3  # the demo the user deleted is made again
