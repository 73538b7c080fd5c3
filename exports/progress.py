"""Progress of a large export: reported every PROGRESS_STEP rows, never per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Progress = Callable[[int, int], None]
"""Called as progress(rows_written, rows_total) while a large export runs."""

PROGRESS_STEP = 5000


class ProgressCounter:
    """Reports progress every PROGRESS_STEP rows and at the end, never per row (that would cost more)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)


def chunks(rows: list[list[Any]]) -> Iterable[tuple[int, list[list[Any]]]]:
    """(start, rows) in slices of PROGRESS_STEP."""
    for start in range(0, len(rows), PROGRESS_STEP):
        yield start, rows[start:start + PROGRESS_STEP]
