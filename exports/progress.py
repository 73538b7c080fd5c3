"""Progress of a large export: reported after each piece of a table (exports.tables.PIECE_ROWS rows)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called as progress(rows_written, rows_total) while a large export runs."""


class ProgressCounter:
    """Reports progress after each piece written, never per row (that would cost more)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)
