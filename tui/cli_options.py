"""What every `fupan` command shares: the settings the top-level options decide, a typed option checked as
it will be stored, and failing with one clear line. (`tui.cli` and `tui.cli_files` both use it.)"""

from __future__ import annotations

import locale
import os
import sqlite3
from pathlib import Path
from typing import Any, NoReturn

import click

from core.i18n import Lang, text
from core.parse import MAX_LINE_CHARS, TextError, typed_text
from tui.cli_lang import language


def default_lang(environ: dict[str, str] | os._Environ[str] = os.environ) -> Lang:
    """Chinese when the user's locale is Chinese, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith("zh") else "en"


class Settings:
    """What the top-level options decide, handed to every command through the click context."""

    current: Settings | None = None

    def __init__(self, db: str | None, lang: Lang | None) -> None:
        from db.store import resolve_db_path

        self.db_path: Path = resolve_db_path(self._checked_db(db), os.environ)
        self.lang: Lang = lang or default_lang()
        Settings.current = self  # for `main`, which reports a database error after click has finished

    @staticmethod
    def _checked_db(db: str | None) -> str | None:
        if db is not None and not db.strip():
            # e.g. --db "$UNSET": never fall back to the real database in the user's data directory
            raise click.BadParameter(text("cli.empty_db", language()), param_hint="'--db'")
        return db

    def set_db(self, db: str) -> None:
        """`--db` given after the command's name (`fupan demo --db X`): as if given before it."""
        from db.store import resolve_db_path

        self.db_path = resolve_db_path(self._checked_db(db), os.environ)

    def set_lang(self, lang: Lang) -> None:
        self.lang = lang

    def open_db(self) -> Any:
        from db.store import connect

        try:
            return connect(self.db_path)
        except (sqlite3.Error, OSError) as exc:
            self.cannot_open(exc)

    def cannot_open(self, exc: Exception) -> NoReturn:
        """The path is wrong (not a database, a folder that cannot be made, not fupan's), not the program."""
        from db.backup import BackupFailed
        from db.store import RefusedFile

        reason = exc.message(self.lang) if isinstance(exc, (RefusedFile, BackupFailed)) else str(exc)
        fail(text("file.cannot_open", self.lang).format(path=self.db_path, error=reason))


def fail(message: str) -> NoReturn:
    """Stop with one clear line: where and what was expected."""
    raise click.ClickException(message)


def text_option(value: str, option: str, limit: int = MAX_LINE_CHARS) -> str:
    """A typed option as it will be stored (`core.parse.typed_text`); a bad one is a one-line error."""
    try:
        return typed_text(value, limit)
    except TextError as exc:
        raise click.BadParameter(exc.message(language()), param_hint=f"'{option}'") from None
