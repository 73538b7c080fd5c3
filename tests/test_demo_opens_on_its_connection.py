"""`fupan demo` hands the connection it made the demo on to the app: closing it first wrote the new demo
into the file and waited for the disk (20-30 ms here) before the first frame."""

from __future__ import annotations

import sqlite3

from textual.app import App

from db.store import attach
from tests.drivers import run_cli
from tui.cli_options import Settings


def test_fupan_demo_opens_the_app_on_the_connection_that_made_the_demo_and_the_app_closes_it(
        capsys, db_path, monkeypatch):
    seen: dict[str, object] = {}

    def run(app, *args, **kwargs):  # what the app would read first, instead of running it
        seen["conn"] = app.conn
        seen["meeting"] = app.conn.execute("SELECT title FROM meetings WHERE id = ?",
                                           [app.start_meeting_id]).fetchone()[0]
        app.conn.close()  # as the app's unmount does
        return None

    opened: list[sqlite3.Connection] = []
    open_db = Settings.open_db
    monkeypatch.setattr(Settings, "open_db", lambda settings: opened.append(open_db(settings).conn) or
                        attach(opened[-1]))
    monkeypatch.setattr(App, "run", run)
    code, _, _ = run_cli(capsys, "--db", str(db_path), "demo")
    assert code == 0
    assert seen["conn"] is opened[0], "the app reads on the connection the demo was written on"
    assert "上半年复盘会" in str(seen["meeting"])
    other = sqlite3.connect(db_path)  # committed: another connection reads it
    try:
        (setting,) = other.execute("SELECT value FROM settings WHERE key = 'demo_meeting'").fetchone()
        assert other.execute("SELECT count(*) FROM meetings WHERE id = ?", [int(setting)]).fetchone()[0] == 1
    finally:
        other.close()
