"""Shared fixtures: every test gets its own database file and never touches the user's data dir."""

from __future__ import annotations

import gc
import os
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import textual.constants
from hypothesis import settings

from tests.parsed_css import parse_each_stylesheet_once
from tests.pilot_wait import wait_for_busy_widgets

# Property tests: a quick profile by default (CI runs the README's bare `pytest`), a thorough one for local
# runs before a release: `pytest --hypothesis-profile=thorough` (the stateful live-screen test then runs the
# issue's 30 examples × 25 steps).
settings.register_profile("quick", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile("quick")  # --hypothesis-profile, read after this file, overrides it

TODAY = date(2026, 11, 23)

# The collector in a test process: each app test leaves an app's worth of cycles (widgets, styles, strips)
# for it, and with Python's thresholds (700, 10, 10) each worker ran ~45 full collections, ~10 s of its CPU.
# Young collections ten times rarer and full ones ten times rarer still, measured back to back on this
# 2-core machine (issue 18, 2026-12-05): the suite 2 min 43 s → 2 min 08 s, 296 → 217 s of user CPU, the
# collector's own time 77 → 28 s; each worker's peak memory ~200 → ~340 MB. Only the test process: the app
# keeps Python's thresholds (`fupan` freezes its start-up objects instead, tests/test_start_up_gc.py).
# Young collections rarer again (7,000 → 25,000, 2026-12-05): a young collection walks what an app test
# just built, most of which is alive until the app closes; three A/B rounds of the drafts and live-screen
# tests in one process, 37.8/40.0/42.5 → 37.3/39.3/39.2 s of user CPU.
gc.set_threshold(25_000, 10, 100)

# Textual's animations (the tab underline sliding to the new tab, smooth scrolls) end in the state they would
# reach at once without them, and tests wait for them to finish (Pilot.wait_for_scheduled_animations): ~0.3 s
# of wall time a tab switch. Off in tests, as Textual's documented TEXTUAL_ANIMATIONS=none turns them off
# (read when textual is imported, which pytest's plugins have done by now; the environment is for the apps
# tests start as processes): tests/test_fit_live_tables.py 22 -> 14 s. The app itself keeps them.
textual.constants.TEXTUAL_ANIMATIONS = "none"
os.environ["TEXTUAL_ANIMATIONS"] = "none"
parse_each_stylesheet_once()  # tests/parsed_css.py
wait_for_busy_widgets()  # tests/pilot_wait.py


def pytest_sessionfinish(session: pytest.Session) -> None:
    """One full collection at the end of a test process, then what survives frozen: pytest's check for
    exceptions raised in finalizers collects five times after this (gc_collect_harder), and each of those
    walked the heap of every test module again (1.2–2 s of CPU per worker). Whatever a finalizer raises in
    this collection is still reported by that check, whose hook is installed until then."""
    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's addopts): three workers per core, at most 16. An app test spends about half
    its time waiting for the app to go idle (Pilot polls every 20 ms), which other workers fill. On this
    2-core machine the suite took 5 min 17 s with 2 workers, 2 min 54 s with 4, 2 min 32 s with 6 (and
    2 min 43 s with 8, each worker collecting the whole suite)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(3 * cores, 16)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the real data directory or depend on the machine's locale."""
    monkeypatch.setenv("FUPAN_DB", str(tmp_path / "env-default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # no user keymap
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("TZ", "UTC")  # times on screen (planned end, …) must not depend on the machine
    time.tzset()


@pytest.fixture(autouse=True)
def _frames_painted_only_when_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless apps skip the frames nobody reads (tests/frames.py), unless the test watches them."""
    if request.node.get_closest_marker("paints") is None:
        from tests.frames import paint_only_when_read

        paint_only_when_read(monkeypatch)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "fupan.db"


@pytest.fixture(scope="session")
def _stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A migrated empty database and one holding the demo, made once per test process: each test that
    asks for `db` or `demo` starts from a copy (migrating and writing the demo took ~40 ms a test)."""
    from db import queries
    from db.demo import create_demo
    from db.store import connect

    folder = tmp_path_factory.mktemp("stored")
    empty, with_demo = folder / "empty.db", folder / "demo.db"
    connect(empty).close()
    database = connect(with_demo)
    meeting = create_demo(database, today=TODAY)
    assert queries.get_meeting(database, meeting.id) == meeting  # what `demo` reads back is what was made
    database.close()
    assert not list(folder.glob("*-wal")), "closing checkpoints the WAL: the file alone is the database"
    return {"empty": empty, "demo": with_demo, "demo_id": meeting.id}


@pytest.fixture
def db(db_path: Path, request: pytest.FixtureRequest, _stored: dict[str, Any]):
    from db.store import connect

    if not db_path.exists():
        shutil.copyfile(_stored["demo" if "demo" in request.fixturenames else "empty"], db_path)
    database = connect(db_path)
    yield database
    database.close()


FIFTY_THOUSAND = 50_000
"""Actions in the tracking tests' large database (bench/data.py's 12 meetings)."""


@pytest.fixture(scope="session")
def _fifty_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50,000 actions, built once per test process (~2.7 s of CPU); the tests that copy it are marked
    `xdist_group("fifty_thousand")`, so one process runs them all and builds it once."""
    from bench.data import build_actions

    path = tmp_path_factory.mktemp("fifty-thousand") / "many.db"
    build_actions(path, FIFTY_THOUSAND)
    return path


@pytest.fixture
def many_path(_fifty_thousand: Path, tmp_path: Path) -> Path:
    """A copy of the 50,000-action database, this test's own."""
    path = tmp_path / "many.db"
    shutil.copyfile(_fifty_thousand, path)
    return path


@pytest.fixture
def demo(db, _stored: dict[str, Any]):
    """The demo meeting, created as of TODAY, so dates in assertions are fixed (a copy of the one made
    for this test process, with its own file)."""
    from db import queries

    return queries.get_meeting(db, _stored["demo_id"])
