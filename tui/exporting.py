"""Exporting a meeting from a screen (live, summary): pick a format and a folder, write it on a worker
thread, notify with the files written.

The folder offered is the last one used for this database (remembered in its settings table), else the
user's documents folder. A folder that does not exist or takes no new file is refused in the dialog, in
one line, before anything is written. The worker opens its own connection (SQLite connections are per
thread), so the countdown never freezes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from core.i18n import Lang, text
from tui.widgets.dialogs import ExportDialog


def export_in_worker(screen: Screen, meeting_id: int, fmt: str, folder: str | Path | None = None) -> None:
    """Write an export into ``folder`` (the default one if None) on a thread with its own connection, then
    remember the folder and notify with the paths written."""
    app = screen.app
    out = Path(folder).expanduser().resolve() if folder else default_export_folder(app)

    def run() -> None:
        import sqlite3

        from db import queries
        from db.store import connect
        from exports.write import export_meeting

        db = connect(app.db_path)  # type: ignore[attr-defined]
        try:
            paths = export_meeting(db, meeting_id, fmt, out, lang=app.lang, today=app.today())  # type: ignore[attr-defined]
            try:
                queries.set_setting(db, queries.EXPORT_FOLDER, str(out))
            except sqlite3.Error:  # held by another program: the files are written, the folder not remembered
                pass
        except Exception as exc:  # a full disk or a locked file: tell the user, keep the meeting running
            app.call_from_thread(app.notify, app.t("export_failed").format(error=exc), markup=False,  # type: ignore[attr-defined]
                                 severity="error")
            return
        finally:
            db.close()
        shown = "\n".join(str(path) for path in paths)
        app.call_from_thread(app.notify, app.t("exported").format(path=shown), timeout=8, markup=False)  # type: ignore[attr-defined]

    screen.run_worker(run, thread=True, exclusive=False, exit_on_error=False, group="export")


def ask_and_export(screen: Screen, meeting_id: int) -> None:
    """The export menu of the live and summary screens: pick a format and a folder, write it in a worker."""
    app = screen.app
    lang: Lang = app.lang  # type: ignore[attr-defined]

    def chosen(answer: tuple[str, str] | None) -> None:
        if answer:
            fmt, folder = answer
            export_in_worker(screen, meeting_id, fmt, folder)

    dialog = ExportDialog(app.t("export_to"), str(default_export_folder(app)), text("export.folder", lang),  # type: ignore[attr-defined]
                          check=lambda folder: folder_problem(folder, lang))
    app.push_screen(dialog, chosen)


def default_export_folder(app: App) -> Path:
    """The folder the last export of this database went to, if it is still there; else the user's
    documents folder (platformdirs), else the home folder."""
    from db import queries

    try:
        remembered = queries.setting(app.db, queries.EXPORT_FOLDER)  # type: ignore[attr-defined]
    except Exception:  # an older file not migrated yet, or locked: offer the documents folder
        remembered = None
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def folder_problem(folder: str, lang: Lang) -> str | None:
    """Why nothing can be exported into ``folder``, in one line; None when it takes a new file (tried, not
    guessed from permissions: a read-only mount or a system folder refuses even root)."""
    if not folder.strip():
        return text("export.folder_empty", lang)
    path = Path(folder).expanduser()
    if not path.exists():
        return text("export.folder_missing", lang).format(path=path)
    if not path.is_dir():
        return text("export.folder_not_dir", lang).format(path=path)
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        return text("export.folder_unwritable", lang).format(path=path, error=exc.strerror or exc)
    return None
