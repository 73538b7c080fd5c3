"""Opening the SQLite file, and converting rows to and from core objects.

One connection per thread (sqlite3's `check_same_thread`): a worker thread opens its own with `connect`.
WAL and a busy timeout let the app and a CLI command write the same file at once.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from core.model import WhyStep
from db.schema import migrations

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


def connect(path: str | os.PathLike[str]) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    # fupan uses no sqlite-utils plugins; not scanning installed packages for them saves ~20 ms a start.
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        with db.ensure_autocommit_on():
            db.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is durable against a killed process; only a power cut may lose the
            # last commits, which is the usual trade for an interactive app.
            db.execute("PRAGMA synchronous = NORMAL")
    migrations.apply(db)
    return db


# --- rows <-> dataclasses --------------------------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _base_type(hint: Any) -> Any:
    """`date | None` → date; `Scenario` → Scenario; `list[WhyStep]` stays as it is."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def to_row(obj: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A dataclass as a row: enums by value, dates in ISO format, 5-Why chains as JSON."""
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
        elif isinstance(value, list) and f.name == "whys":
            value = json.dumps([dataclasses.asdict(s) for s in value], ensure_ascii=False)
        row[f.name] = value
    return row


def from_row(cls: type[T], row: typing.Mapping[str, Any]) -> T:
    """Build a core object from a row, ignoring columns the class does not have (e.g. created_at)."""
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in row or f.name == "lines":
            continue
        value = row[f.name]
        base = _base_type(hints[f.name])
        if value is not None:
            if base is datetime:
                value = datetime.fromisoformat(value)
            elif base is date:
                value = date.fromisoformat(value[:10])
            elif base is bool:
                value = bool(value)
            elif isinstance(base, type) and issubclass(base, Enum):
                value = base(value)
            elif f.name == "whys":
                value = [WhyStep(**step) for step in json.loads(value)]
        kwargs[f.name] = value
    return cls(**kwargs)
