"""Shared fixtures: every test gets its own database file and never touches the user's data dir."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: a quick profile by default (CI runs the README's bare `pytest`), a thorough one for local
# runs before a release: `pytest --hypothesis-profile=thorough` (the stateful live-screen test then runs the
# issue's 30 examples × 25 steps).
settings.register_profile("quick", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=300, deadline=None)
settings.load_profile("quick")  # --hypothesis-profile, read after this file, overrides it

TODAY = date(2026, 11, 23)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's addopts): two workers per core, at most 16. An app test spends about half
    its time waiting for the app to go idle (Pilot polls every 20 ms), which a second worker fills."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(2 * cores, 16)


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


@pytest.fixture
def db(db_path: Path):
    from db.store import connect

    database = connect(db_path)
    yield database
    database.close()


@pytest.fixture
def demo(db):
    """The demo meeting, created as of TODAY, so dates in assertions are fixed."""
    from db.demo import create_demo

    return create_demo(db, today=TODAY)
