"""The file knows it is fupan's (DESIGN.md §7): `PRAGMA application_id` and a meaningful `user_version`;
another program's SQLite file and a file from a newer fupan are refused without a byte changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from db.schema import APPLICATION_ID, MIGRATIONS, MIGRATIONS_TABLE, schema_version
from db.store import RefusedFile, connect, open_connection, schema_is_current
from tests.drivers import run_cli
from tui.app import make_app


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                       "INSERT INTO notes (body) VALUES ('another program''s data');")
    conn.close()
    return path


def _pragmas(path: Path) -> tuple[int, int, str]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("PRAGMA application_id").fetchone()[0],
                conn.execute("PRAGMA user_version").fetchone()[0],
                conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def test_a_new_database_is_stamped_as_fupans_with_its_schema_version(db_path):
    connect(db_path).close()
    assert _pragmas(db_path) == (APPLICATION_ID, len(MIGRATIONS), "wal")
    assert schema_version() == len(MIGRATIONS)


def test_a_fupan_file_from_before_the_stamp_is_adopted_and_stamped(db_path):
    db = connect(db_path)
    db.execute("PRAGMA application_id = 0")
    db.execute("PRAGMA user_version = 0")
    db.close()
    raw = open_connection(db_path)  # accepted: its migrations table is fupan's
    assert not schema_is_current(raw)  # so the app attaches and stamps it
    raw.close()
    connect(db_path).close()
    assert _pragmas(db_path)[:2] == (APPLICATION_ID, len(MIGRATIONS))


def _refused(path: Path, capsys, *, words: tuple[str, ...]) -> None:
    """Every way in refuses ``path`` with one line naming ``words``, and leaves every byte as it was."""
    before, files = _digest(path), _siblings(path)
    with pytest.raises(RefusedFile) as refused:
        connect(path)
    assert all(w in str(refused.value) for w in words) and "\n" not in str(refused.value)
    with pytest.raises(RefusedFile):
        make_app(path)
    for argv in (["meetings"], ["demo", "--no-open"], ["actions"],
                 ["new", "--title", "T", "--goal", "分析Q3销售额未达标原因"]):
        code, out, err = run_cli(capsys, "--db", str(path), "--lang", "en", *argv)
        assert code == 2, argv
        assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert str(path) in err and all(w in err for w in words)
    code, _, err = run_cli(capsys, "--db", str(path), "meetings")  # in Chinese, as the user's locale says
    assert code == 2 and len(err.strip().splitlines()) == 1 and "文件没有任何改动" in err
    assert _digest(path) == before
    assert _siblings(path) == files  # no -wal, no -shm, no -journal left behind


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, capsys):
    path = _foreign(tmp_path / "other-app.db")
    _refused(path, capsys, words=("not a fupan database", "notes", "nothing was changed"))
    conn = sqlite3.connect(path)
    assert [n for (n,) in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]  # no migrations table
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    conn.close()


def test_a_file_with_another_application_id_is_refused_untouched(tmp_path, capsys):
    path = tmp_path / "geo.gpkg"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444487")  # GeoPackage's "GPKG"
    conn.execute("CREATE TABLE meetings (id INTEGER PRIMARY KEY)")  # even with a table of the same name
    conn.commit()
    conn.close()
    _refused(path, capsys, words=("not a fupan database", "0x47504b47"))


def test_a_database_from_a_newer_fupan_is_refused_naming_both_versions(db_path, capsys):
    connect(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {schema_version() + 3}")
    conn.commit()
    conn.close()
    _refused(db_path, capsys, words=(f"schema version {schema_version() + 3}",
                                     f"knows up to {schema_version()}", "newer fupan"))


def test_a_newer_fupan_file_from_before_the_stamp_is_refused_by_its_migrations(db_path, capsys):
    connect(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 0")
    conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) "
                 "VALUES ('fupan', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    _refused(db_path, capsys, words=(f"schema version {len(MIGRATIONS) + 1}", "newer fupan"))


def test_an_empty_sqlite_file_is_taken_as_new(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # a zero-byte file, as `touch` or another tool leaves it
    connect(path).close()
    assert _pragmas(path)[0] == APPLICATION_ID
