"""Backups: a consistent copy of the database through SQLite's online backup API.

Taken before a migration changes a database that holds data (`db.store.attach`), and by `fupan backup`
at any time, also while the app or a CLI command is writing: the copy is one snapshot, never a mix of
two commits. The copy is a single file (rollback journal, not WAL), checked with `integrity_check`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from core.i18n import Lang, text


class BackupFailed(sqlite3.DatabaseError):
    """The backup could not be written or did not check out; str() is one line in English,
    `message(lang)` the same in the user's language."""

    def __init__(self, key: str, **details: object) -> None:
        self.key, self.details = key, details
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        return text(self.key, lang).format(**self.details)


def main_file(conn: sqlite3.Connection) -> Path | None:
    """The file behind ``conn``'s main database, or None in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup_path(db_file: Path, label: str, now: datetime | None = None) -> Path:
    """A new file next to ``db_file``: ``fupan.<label>-20261204-190102.db`` (a number added if taken)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = db_file.suffix or ".db"
    candidate = db_file.with_name(f"{db_file.stem}.{label}-{stamp}{suffix}")
    n = 2
    while candidate.exists():
        candidate = db_file.with_name(f"{db_file.stem}.{label}-{stamp}-{n}{suffix}")
        n += 1
    return candidate


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the database of ``conn`` into the new file ``target`` and check the copy.

    ``target`` must not exist: a backup never overwrites a file. On failure the partial copy is removed.
    """
    if target.exists():
        raise BackupFailed("backup.exists", path=target)
    if not target.parent.is_dir():
        raise BackupFailed("backup.no_folder", path=target.parent)
    try:
        copy = sqlite3.connect(target)
    except sqlite3.Error as exc:
        raise BackupFailed("backup.cannot_write", path=target, error=exc) from None
    try:
        conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupFailed("backup.not_intact", path=target, error=result)
    except sqlite3.Error as exc:
        copy.close()
        target.unlink(missing_ok=True)
        if isinstance(exc, BackupFailed):
            raise
        raise BackupFailed("backup.cannot_write", path=target, error=exc) from None
    copy.close()
    return target


def backup_next_to(conn: sqlite3.Connection, label: str, now: datetime | None = None) -> Path | None:
    """Back up ``conn``'s database to a new file beside it; None for an in-memory database."""
    db_file = main_file(conn)
    if db_file is None:
        return None
    return backup_to(conn, backup_path(db_file, label, now))
