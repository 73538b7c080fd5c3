"""SQLite storage through sqlite-utils: schema migrations and query functions over core objects."""

import sys


def _import_sqlite_utils_lightly() -> None:
    """Import sqlite-utils without letting it import pandas and numpy.

    sqlite-utils imports pandas and numpy at import time when they are installed (about half a second
    here) only to map their scalar types to column types. fupan creates its tables with SQL and passes
    plain Python values, so it needs neither; hiding them while sqlite-utils loads keeps the app's
    start-up as fast as a bare Textual app. pandas loads normally later, when a sheet is read or written.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_sqlite_utils_lightly()
