"""Exporting a meeting from a screen (live, summary): pick a format, write it on a worker thread, notify.

The worker opens its own connection (SQLite connections are per thread), so the countdown never freezes.
"""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from tui.widgets.dialogs import ExportDialog


def export_in_worker(screen: Screen, meeting_id: int, fmt: str) -> None:
    """Write an export on a thread with its own connection, then notify with the path."""
    app = screen.app

    def run() -> None:
        from db.store import connect
        from exports.write import export_meeting

        db = connect(app.db_path)  # type: ignore[attr-defined]
        try:
            out = Path.cwd() / f"fupan-export-{meeting_id}"
            paths = export_meeting(db, meeting_id, fmt, out, lang=app.lang, today=app.today())  # type: ignore[attr-defined]
        except Exception as exc:  # a full disk or a locked file: tell the user, keep the meeting running
            app.call_from_thread(app.notify, app.t("export_failed").format(error=exc), markup=False,  # type: ignore[attr-defined]
                                 severity="error")
            return
        finally:
            db.close()
        where = paths[0].parent if len(paths) > 1 else paths[0]
        app.call_from_thread(app.notify, app.t("exported").format(path=where), timeout=8, markup=False)  # type: ignore[attr-defined]

    screen.run_worker(run, thread=True, exclusive=False, exit_on_error=False, group="export")


def ask_and_export(screen: Screen, meeting_id: int) -> None:
    """The export menu of the live and summary screens: pick a format, write it in a worker."""

    def chosen(fmt: str | None) -> None:
        if fmt:
            export_in_worker(screen, meeting_id, fmt)

    screen.app.push_screen(ExportDialog(screen.app.t("export_to")), chosen)  # type: ignore[attr-defined]
