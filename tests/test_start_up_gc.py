"""`tui.cli.launch` freezes what exists before the app runs (gc.freeze): the modules, classes and the app
live as long as the process, and the collections while the first screen is built no longer walk them
(issue 17: a full collection inside `fupan demo`'s first frame walked every object imported). What is
made afterwards — screens, widgets, rows — is collected as before."""

from __future__ import annotations

import gc
import weakref

from textual.app import App
from textual.widgets import Static

from tests.drivers import run_cli


def test_the_app_runs_with_what_was_made_before_it_frozen(capsys, db_path, monkeypatch):
    seen: dict[str, int] = {}

    def run(app, *args, **kwargs):  # instead of running it: what the collector holds then
        seen["frozen"] = gc.get_freeze_count()
        app.conn.close()

    monkeypatch.setattr(App, "run", run)
    gc.unfreeze()
    try:
        code, _, _ = run_cli(capsys, "--db", str(db_path))
        assert code == 0
        assert seen["frozen"] > 10_000  # every module's objects: Textual, sqlite3, click, fupan
    finally:
        gc.unfreeze()  # the rest of this test process collects as usual


def test_what_is_made_after_the_freeze_is_still_collected():
    gc.freeze()
    try:
        widget = Static("a")
        widget.me = widget  # type: ignore[attr-defined]  # a cycle: only the collector frees it
        gone = weakref.ref(widget)
        del widget
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
