"""Opening the SQLite file, and converting rows to and from core objects.

One connection per thread (sqlite3's `check_same_thread`): a worker thread opens its own with `connect`.
WAL and a busy timeout let the app and a CLI command write the same file at once.

Opening is two steps: `open_connection` is plain sqlite3 (the file checked to be fupan's, WAL on), and
`attach` applies pending migrations and returns the `Store`, fupan's handle on the file. `connect` does
both. sqlite-utils applies the migrations (`db.schema`); everything else — every read and every capture —
is plain sqlite3 through the `Store`, so opening a current file and working in it never loads sqlite-utils
(~35 ms on this machine's start-up).

Many writers, one file: every transaction that writes begins as a writer (`writer`, `BEGIN IMMEDIATE`),
so it waits for the busy timeout instead of failing. (A deferred transaction that reads and then writes
fails at once with "database is locked" when another connection committed in between: SQLite cannot
upgrade a stale snapshot, and does not call the busy handler for it.) The `Store`'s `atomic()` is such a
writer, and so is the `atomic()` of the sqlite-utils `Database` the migrations run in. A lock that still
cannot be had raises `StoreBusy`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import sys
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from core.i18n import Lang, text
from core.parse import clean_text, display_safe
from db.schema import APPLICATION_ID, MIGRATION_SET, MIGRATIONS, MIGRATIONS_TABLE, migration_set, schema_version

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_SECONDS = 15.0
ENV_VAR = "FUPAN_DB"

T = TypeVar("T")


def default_db_path() -> Path:
    """The database in the user's data directory (platformdirs), created on first use."""
    from platformdirs import user_data_path

    return user_data_path("fupan", appauthor=False) / "fupan.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None, environ: typing.Mapping[str, str]) -> Path:
    """`--db PATH` first, then `$FUPAN_DB`, then the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    return default_db_path()


class StoreBusy(sqlite3.OperationalError):
    """Another program held the database's write lock for longer than the busy timeout.

    Nothing was written. The app keeps what was typed and says so; the command line prints one line
    (`tui.cli.database_problem`: it carries SQLite's busy code like the error it replaces).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.sqlite_errorcode = sqlite3.SQLITE_BUSY
        self.sqlite_errorname = "SQLITE_BUSY"


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" / "busy" (after the busy timeout)."""
    if isinstance(exc, StoreBusy):
        return True
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    message = str(exc).lower()
    return "locked" in message or "busy" in message


_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


class Store:
    """fupan's handle on its database: the connection, and what the queries (`db.queries`) ask of it.

    A thin layer over sqlite3 that behaves as sqlite-utils' `Database` does for the same calls
    (`execute`, `query` giving rows as dicts, `atomic`): the queries are SQL, so they need nothing more,
    and opening a file to read or capture into it loads no sqlite-utils."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one statement. A write outside a transaction is committed at once (sqlite3 would leave the
        transaction it opened for it to whatever comes next), and one that fails is rolled back."""
        opened = not self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, parameters)
        except BaseException:
            if opened and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if opened and self.conn.in_transaction and cursor.description is None \
                and sql.split(None, 1)[0].upper() not in _TRANSACTION_CONTROL:
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Iterator[dict[str, Any]]:
        """The rows of ``sql`` as dicts, column name to value."""
        cursor = self.conn.execute(sql, parameters)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def atomic(self) -> contextlib.AbstractContextManager[Store]:
        """A write transaction (`writer`): ``with db.atomic():``."""
        return writer(self)

    def close(self) -> None:
        self.conn.close()


@contextlib.contextmanager
def writer(db: T, *, wait: bool = True) -> Iterator[T]:
    """A write transaction that holds the write lock from its first statement (`BEGIN IMMEDIATE`).

    Its reads see the latest commits and nothing can commit in between, so a read-then-write is never
    stale and never fails half-way; waiting for the lock is bounded by the busy timeout (not at all
    with ``wait=False``: a retry that must not hold up the screen), after which `StoreBusy` is raised
    with nothing written. Inside a transaction already open it is a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with _savepoint(conn):
            yield db
        return
    timeout_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    if not wait:
        conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise StoreBusy(f"the database is busy: another program held it for over "
                            f"{timeout_ms / 1000:g} s") from exc
        raise
    finally:
        if not wait:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:  # an error such as a full disk may already have rolled it back
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if is_busy(exc):
            raise StoreBusy(f"the database is busy: {exc}") from exc
        raise


@contextlib.contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """A nested part of the open transaction: undone alone if it fails."""
    name = f"fupan_{os.urandom(8).hex()}"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
            conn.execute(f"RELEASE SAVEPOINT {name}")
        raise
    conn.execute(f"RELEASE SAVEPOINT {name}")


def connect(path: str | os.PathLike[str]) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    return attach(open_connection(path))


class RefusedFile(sqlite3.DatabaseError):
    """A SQLite file fupan will not write to: another program's, or one from a newer fupan.

    Raised before anything is written (no WAL switch, no migrations table), so the file is left exactly
    as it was; str() is one line in English, `message(lang)` the same in the user's language. A
    `sqlite3.DatabaseError`, so every place that reports a file it cannot open reports this one too.
    """

    def __init__(self, key: str, **details: object) -> None:
        self.key, self.details = key, details
        super().__init__(self.message("en"))

    def message(self, lang: Lang) -> str:
        return text(self.key, lang).format(**self.details)


def open_connection(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """The sqlite3 connection, configured (foreign keys, WAL), without sqlite-utils or migrations.

    The file is first checked to be fupan's (`check_identity`), by reading only: a foreign or newer file
    is refused (`RefusedFile`) before the WAL switch, which would be the first write.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    try:
        check_identity(conn)
    except BaseException:
        conn.close()
        raise
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        # No transaction is open on a new connection, so these take effect at once.
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL is durable against a killed process; only a power cut may lose the
        # last commits, which is the usual trade for an interactive app.
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def check_identity(conn: sqlite3.Connection) -> None:
    """Raise `RefusedFile` unless the file is empty, fupan's, or from a fupan before application_id.

    Reads two header fields (and, for a file without fupan's id, the table names and applied
    migrations); writes nothing.
    """
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    ours = schema_version()
    if app_id == APPLICATION_ID:
        if version > ours:
            raise _newer(version, ours)
        return
    if app_id != 0:
        raise RefusedFile("file.not_fupan_id", app_id=f"{app_id:#x}")
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY name")]
    if not tables:
        return  # a new (or empty) file: fupan creates its schema in it
    applied: list[str] = []
    if MIGRATIONS_TABLE in tables:
        applied = [name for (name,) in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])]
    if not applied:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise RefusedFile("file.not_fupan_tables", tables=shown)
    known = {fn.__name__ for fn in MIGRATIONS}
    if any(name not in known for name in applied):  # a fupan file from before user_version was kept
        raise _newer(len(applied), ours)


def _newer(theirs: int, ours: int) -> RefusedFile:
    return RefusedFile("file.newer", theirs=theirs, ours=ours)


def schema_is_current(conn: sqlite3.Connection) -> bool:
    """Whether every migration has been applied and the file is stamped as fupan's, read without
    loading sqlite-utils: applying the migrations through sqlite-utils at every start costs the meetings
    list's first frame 37 ms more CPU (98 vs 61 ms after Textual's import on a pty, median of 11, issue 18
    2026-12-05). tests/test_db.py holds this reading of sqlite-utils' table to `Migrations.pending`."""
    if (conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID
            or conn.execute("PRAGMA user_version").fetchone()[0] != schema_version()):
        return False
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [MIGRATIONS_TABLE]).fetchone() is None:
        return False
    applied = {name for (name,) in conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])}
    return all(fn.__name__ in applied for fn in MIGRATIONS)


def attach(conn: sqlite3.Connection) -> Store:
    """The `Store` on ``conn``, its schema brought up to date first: when a migration is pending (a new
    file, or one from an older fupan), sqlite-utils is loaded and applies it."""
    if not schema_is_current(conn):
        migrate(conn)
    return Store(conn)


def migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations through sqlite-utils (loading it), after a backup if the file holds
    meetings, and stamp the file as fupan's at this schema version."""
    _import_sqlite_utils_lightly()
    # fupan uses no sqlite-utils plugins; not scanning installed packages for them saves ~20 ms.
    db = _writer_database()(conn, execute_plugins=False)
    migrations = migration_set()
    pending = migrations.pending(db)
    if pending and _holds_data(conn):
        from db.backup import backup_next_to

        # Before a migration changes a file that holds meetings: a copy to go back to, beside it.
        done = schema_version() - len(pending)
        backup_next_to(conn, f"before-v{done}-to-v{schema_version()}")
    migrations.apply(db)
    _stamp(conn)


def _holds_data(conn: sqlite3.Connection) -> bool:
    """Whether the file has any meeting (every other row belongs to one)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meetings'").fetchone() is None:
        return False
    return conn.execute("SELECT EXISTS (SELECT 1 FROM meetings)").fetchone()[0] == 1


def _stamp(conn: sqlite3.Connection) -> None:
    """Mark the file as fupan's, at this schema version (written only when it differs)."""
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if conn.execute("PRAGMA user_version").fetchone()[0] != schema_version():
        conn.execute(f"PRAGMA user_version = {schema_version()}")


@cache
def _writer_database() -> type[Database]:
    """sqlite-utils' `Database` whose `atomic()` is `writer`: the migrations (and any table change
    sqlite-utils makes in them) take the write lock first."""
    from sqlite_utils import Database

    class WriterDatabase(Database):
        @contextlib.contextmanager
        def atomic(self) -> Iterator[Database]:
            with writer(self):
                yield self

    return WriterDatabase


def _import_sqlite_utils_lightly() -> None:
    """Import sqlite-utils without letting it import pandas and numpy.

    sqlite-utils imports pandas and numpy at import time when they are installed only to map their
    scalar types to column types: measured for issue 18 (2026-12-05, median of 9), importing sqlite-utils
    plainly takes 348 ms of CPU against 95 ms this way. fupan creates its tables with SQL and passes
    plain Python values, so it needs neither; hiding them while sqlite-utils loads keeps the app's
    start-up fast. pandas loads normally later, when a sheet is read or written; sqlite-utils' column
    types then learn numpy's and pandas' scalar types on first use (`_LateColumnTypes`), so a numpy value
    inserts as it would have (tests/test_db.py pins it).
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils.db
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    if hidden:
        sqlite_utils.db.COLUMN_TYPE_MAPPING = _LateColumnTypes(sqlite_utils.db.COLUMN_TYPE_MAPPING)


class _LateColumnTypes(dict):
    """sqlite-utils' column types (`sqlite_utils.db.COLUMN_TYPE_MAPPING`), completed with numpy's and
    pandas' scalar types, as sqlite-utils maps them at import, once those libraries are loaded."""

    def _complete(self) -> bool:
        numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
        before = len(self)
        if numpy is not None and numpy.int64 not in self:
            self.update({getattr(numpy, name): "INTEGER" for name in
                         ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")})
            self.update({getattr(numpy, name): "REAL" for name in ("float16", "float32", "float64")})
        if pandas is not None and pandas.Timestamp not in self:
            self[pandas.Timestamp] = "TEXT"
        return len(self) > before

    def __missing__(self, key: Any) -> str:
        if self._complete():
            return self[key]
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self._complete()
        return super().get(key, default)


# --- rows <-> dataclasses --------------------------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _row_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """The fields `from_row` fills, each with the type its value is built as (`lines` are read apart)."""
    hints = _hints(cls)
    return tuple((f.name, _base_type(hints[f.name])) for f in dataclasses.fields(cls) if f.name != "lines")


def _base_type(hint: Any) -> Any:
    """`date | None` → date; `Scenario` → Scenario; `list[WhyStep]` stays as it is."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def to_row(obj: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A dataclass as a row: enums by value, dates in ISO format, 5-Why chains as JSON, text cleaned."""
    row: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in exclude:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, str):
            value = clean_text(value)  # what people typed, never a terminal control sequence
        elif isinstance(value, list) and f.name == "whys":
            import json  # here, not at the top: the first frame (the meetings list) never needs it

            steps = [{k: clean_text(v) for k, v in dataclasses.asdict(s).items()} for s in value]
            value = json.dumps(steps, ensure_ascii=False)
        row[f.name] = value
    return row


def from_row(cls: type[T], row: typing.Mapping[str, Any]) -> T:
    """Build a core object from a row, ignoring columns the class does not have (e.g. created_at).

    Every text is made display-safe here (`core.parse.display_safe`), the one door stored text comes
    in by: another program may have written an escape sequence into the file, and no screen, export
    or message built from these objects may pass it to a terminal or a spreadsheet.
    """
    kwargs: dict[str, Any] = {}
    for name, base in _row_fields(cls):
        if name not in row:
            continue
        value = row[name]
        if isinstance(value, str):
            value = display_safe(value)
        if value is not None:
            if base is datetime:
                value = datetime.fromisoformat(value)
            elif base is date:
                value = date.fromisoformat(value[:10])
            elif base is bool:
                value = bool(value)
            elif isinstance(base, type) and issubclass(base, Enum):
                value = base(value)
            elif name == "whys":
                import json

                (step_type,) = typing.get_args(base)  # list[WhyStep]
                value = [step_type(**{k: display_safe(v) if isinstance(v, str) else v for k, v in step.items()})
                         for step in json.loads(value)]
        kwargs[name] = value
    try:
        return cls(**kwargs)
    except TypeError:
        missing = [f.name for f in dataclasses.fields(cls)  # type: ignore[arg-type]
                   if f.name not in row and f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING]
        if not missing:
            raise
        raise SchemaMismatch(f"its {cls.__name__} rows lack the column(s) {', '.join(missing)}") from None


class SchemaMismatch(sqlite3.DatabaseError):
    """The file's tables lack columns fupan reads (another tool changed them); str() is one line."""
