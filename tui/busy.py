"""A write that found the database locked past the busy timeout (another program held the write lock):
one notice, nothing lost, the app goes on.

`db.store.writer` raises `StoreBusy` before anything is written; a single statement raises SQLite's own
"database is locked". Either way the form that was being saved is left as it was typed (nothing clears
it), so the user saves again a moment later. (A draft in the database would need the same lock.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from db.store import is_busy

F = TypeVar("F", bound=Callable[..., Any])


def keeps_input_when_busy(method: F) -> F:
    """Wrap a widget's save (or key action) so a busy database is one notice instead of a crash;
    the method then returns False (not saved)."""

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if not is_busy(exc):
                raise
            self.app.store_busy()
            return False

    guarded.__keeps_input_when_busy__ = True  # type: ignore[attr-defined]
    return guarded  # type: ignore[return-value]


def guard_writes(cls: type) -> None:
    """Guard ``save`` and every ``action_*`` method ``cls`` defines (a workspace pane's write paths)."""
    for name, value in list(vars(cls).items()):
        if (name == "save" or name.startswith("action_")) and callable(value) \
                and not getattr(value, "__keeps_input_when_busy__", False):
            setattr(cls, name, keeps_input_when_busy(value))


class WhenBusy:
    """``with WhenBusy(app, key, **values) as guard:`` a write; a busy database is one notice (``key``
    formatted with ``values``: say what was not saved) and ``guard.busy`` is True; other errors pass."""

    def __init__(self, app: Any, key: str = "store_busy", **values: str) -> None:
        self.app, self.key, self.values = app, key, values
        self.busy = False

    def __enter__(self) -> WhenBusy:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        if exc is not None and is_busy(exc):
            self.busy = True
            self.app.store_busy(self.key, **self.values)
            return True
        return False
