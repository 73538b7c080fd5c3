"""Backups and upgrades (DESIGN.md §7): a database made by the first schema upgrades with every row
intact, a backup is taken beside it first, `fupan backup` copies consistently at any time, and the rows
that may one day be combined across files carry a stable global id."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from core.meeting import Meeting
from core.model import Action, ActionStatus
from db import queries
from db.backup import BackupFailed, backup_to
from db.schema import APPLICATION_ID, GLOBAL_ID_TABLES, MIGRATIONS, schema_version
from db.store import connect
from tests.drivers import run_cli

FIXTURE = Path(__file__).with_name("fixtures") / "first-schema.db"
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _rows(path: Path) -> dict[str, dict[int, dict]]:
    """Every row of every table, by table and id, read with plain sqlite3 (the file is not changed)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")]
        return {t: {r["id"] if "id" in r.keys() else i: dict(r)
                    for i, r in enumerate(conn.execute(f"SELECT * FROM {t}"))} for t in tables}
    finally:
        conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def first_schema(tmp_path) -> Path:
    copy = tmp_path / "fupan.db"
    shutil.copyfile(FIXTURE, copy)
    return copy


def test_the_fixture_is_the_first_schema_with_every_table_populated():
    rows = _rows(FIXTURE)
    assert [r["name"] for r in rows["_sqlite_migrations"].values()] == ["m001_initial"]
    assert {t: len(r) for t, r in rows.items() if not r} == {}
    assert len(rows) == 13  # the twelve tables of m001 and the migrations table


def test_a_first_schema_database_upgrades_with_every_row_intact(first_schema, tmp_path):
    before = _rows(first_schema)
    db = connect(first_schema)
    db.close()
    after = _rows(first_schema)
    for table, rows in before.items():
        if table == "_sqlite_migrations":
            continue
        assert after[table].keys() == rows.keys(), table
        for pk, row in rows.items():
            assert {c: after[table][pk][c] for c in row} == row, (table, pk)  # every old column as it was
    applied = [r["name"] for r in after["_sqlite_migrations"].values()]
    assert applied == [fn.__name__ for fn in MIGRATIONS]
    for table in GLOBAL_ID_TABLES:  # the global id: filled for every existing row, all different
        ids = [r["uuid"] for r in after[table].values()]
        assert all(UUID4.match(i) for i in ids), table
        assert len(set(ids)) == len(ids)
    conn = sqlite3.connect(first_schema)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    # the backup taken before the migration: beside the file, checked, the first schema's rows exactly
    [backup] = [p for p in tmp_path.iterdir() if p.name.startswith(f"fupan.before-v1-to-v{schema_version()}-")]
    assert backup.suffix == ".db"
    assert _integrity(backup) == "ok"
    assert _rows(backup) == before
    # opening again changes nothing and takes no second backup
    connect(first_schema).close()
    assert len([p for p in tmp_path.iterdir() if ".before-" in p.name]) == 1
    assert _rows(first_schema) == after


def test_no_backup_for_a_new_database_or_one_already_current(db_path, tmp_path):
    queries.save_meeting(db := connect(db_path), Meeting("华东 Q3 复盘会", "分析Q3销售额未达标原因"))
    db.close()
    connect(db_path).close()
    assert [p.name for p in tmp_path.iterdir() if ".before-" in p.name or ".backup-" in p.name] == []


def test_new_rows_get_a_global_id_and_keep_it_when_saved_again(db, db_path):
    meeting = queries.save_meeting(db, Meeting("华东 Q3 复盘会", "分析Q3销售额未达标原因", date=date(2026, 10, 20)))
    slot = queries.add_slot(db, meeting.id, "张伟")
    action = queries.save_action(db, Action(meeting.id, "张伟", "每周拜访 3 家重点客户", owner="张伟"))
    queries.update_action_status(db, action.id, ActionStatus.IN_PROGRESS, "已启动")
    raw = sqlite3.connect(db_path)  # another program's insert gets one too
    raw.execute("INSERT INTO lessons (meeting_id, presenter, kind, content) VALUES (?, '张伟', 'success', '周会')",
                [meeting.id])
    raw.commit()

    def uuid(table: str, pk: int) -> str:
        return raw.execute(f"SELECT uuid FROM {table} WHERE id = ?", [pk]).fetchone()[0]

    first = {("meetings", meeting.id): uuid("meetings", meeting.id), ("slots", slot.id): uuid("slots", slot.id),
             ("actions", action.id): uuid("actions", action.id)}
    assert all(UUID4.match(v) for v in first.values())
    assert UUID4.match(raw.execute("SELECT uuid FROM lessons").fetchone()[0])
    assert UUID4.match(raw.execute("SELECT uuid FROM action_updates").fetchone()[0])
    meeting.title = "华东 Q3 复盘会（改）"
    queries.save_meeting(db, meeting)
    action.measure = "每周拜访 4 家重点客户"
    queries.save_action(db, action)
    assert {key: uuid(*key) for key in first} == first  # stable across saves
    raw.close()


def test_fupan_backup_copies_next_to_the_database_into_a_folder_or_a_named_file(capsys, db_path, tmp_path):
    code, _, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    assert code == 0
    before = _rows(db_path)
    code, out, err = run_cli(capsys, "--db", str(db_path), "backup")
    assert code == 0 and err == ""
    beside = Path(out.strip())
    assert beside.parent == db_path.parent and beside.name.startswith("fupan.backup-")
    folder = tmp_path / "copies"
    folder.mkdir()
    code, out, _ = run_cli(capsys, "--db", str(db_path), "backup", str(folder))
    assert code == 0 and Path(out.strip()).parent == folder
    named = tmp_path / "named.db"
    code, out, _ = run_cli(capsys, "--db", str(db_path), "backup", str(named))
    assert code == 0 and Path(out.strip()) == named
    for copy in (beside, Path(out.strip()), *folder.iterdir()):
        assert _integrity(copy) == "ok"
        assert _rows(copy) == before
    # an existing file is never overwritten; a missing database is not created
    stamp = named.read_bytes()
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "backup", str(named))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "already exists" in err
    code, out, err = run_cli(capsys, "--db", str(db_path), "backup", str(named))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "已存在" in err
    assert named.read_bytes() == stamp
    missing = tmp_path / "nowhere.db"
    code, _, err = run_cli(capsys, "--db", str(missing), "--lang", "en", "backup")
    assert code == 2 and "no database" in err and not missing.exists()


def test_a_backup_while_another_connection_writes_is_one_consistent_snapshot(db, demo, db_path, tmp_path):
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO meetings (title, goal) VALUES ('未提交', 'x')")  # not committed yet
    copy = backup_to(db.conn, tmp_path / "during.db")
    writer.execute("COMMIT")
    writer.close()
    assert _integrity(copy) == "ok"
    titles = {r["title"] for r in _rows(copy)["meetings"].values()}
    assert demo.title in titles and "未提交" not in titles
    with pytest.raises(BackupFailed):
        backup_to(db.conn, copy)  # never over an existing file


async def test_fupan_backup_while_the_app_runs_a_meeting(db, demo, db_path, tmp_path, capsys):
    from tests.drivers import live_app, open_live

    app = live_app(db_path, demo.id)
    async with app.run_test() as pilot:
        await open_live(pilot)
        await pilot.press("f2")  # the countdown runs: its state is written to the file
        await pilot.pause()
        copy = tmp_path / "during-meeting.db"
        code, _, err = run_cli(capsys, "--db", str(db_path), "backup", str(copy))  # the app prints nothing
        assert code == 0 and "error" not in err
    assert _integrity(copy) == "ok"
    slots = _rows(copy)["slots"].values()
    assert any(s["status"] == "presenting" and s["running_since"] is not None for s in slots)
    assert _rows(copy)["meetings"].keys() == _rows(db_path)["meetings"].keys()
