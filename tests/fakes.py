"""Test doubles shared by the app tests."""

from __future__ import annotations

from datetime import datetime


class FakeClock:
    """A wall clock the test moves by hand: ten minutes pass in a millisecond."""

    def __init__(self, start: datetime | float = datetime(2026, 11, 23, 14, 0)) -> None:
        self.now = start.timestamp() if isinstance(start, datetime) else float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
