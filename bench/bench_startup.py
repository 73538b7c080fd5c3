"""Start-up: time to the first frame of `fupan` (meetings screen, demo data) vs a bare Textual app.

All are measured in the same run, interleaved, from launching the process to the first frame handed to
the display (the app's shutdown is not counted); ratios of the medians are printed,
against the bare app (the quality bar) and against a bare app with a header, a table and a footer
(what such a screen's widgets cost any app, for scale).
Quality bar (DESIGN.md §8): ratio <= 1.2.

    .venv/bin/python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from timing import interleaved

HERE = Path(__file__).resolve().parent
# As on a user's machine, modules run from their bytecode caches, written by the warm-up runs: an
# environment that forbids writing them would time Python compiling fupan's source on every start.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _time(argv: list[str]) -> float:
    """Seconds from launching the process to its app's first frame (printed by first_frame.py)."""
    env = {**ENV, "FIRST_FRAME_T0": repr(time.time())}
    done = subprocess.run([sys.executable, str(HERE / "first_frame.py"), *argv], check=True, env=env,
                          stdout=subprocess.PIPE, text=True)
    return float(done.stdout.splitlines()[-1].split()[0]) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        from db.demo import create_demo
        from db.store import connect

        db = connect(db_path)
        create_demo(db)
        db.close()
        kinds = {"bare": ["bare"], "widgets": ["widgets"], "fupan": ["fupan", str(db_path)]}
        median = interleaved({name: partial(_time, argv) for name, argv in kinds.items()}, args.runs)
    print(f"bare textual app (one widget)       first frame: median {median['bare'] * 1000:7.1f} ms")
    print(f"textual app, header+table+footer    first frame: median {median['widgets'] * 1000:7.1f} ms")
    print(f"fupan meetings screen (demo data)   first frame: median {median['fupan'] * 1000:7.1f} ms")
    print(f"ratio fupan / bare:            {median['fupan'] / median['bare']:.2f}  (bar: <= 1.20)")
    print(f"ratio fupan / header+table+footer app: {median['fupan'] / median['widgets']:.2f}")
    print(f"ratio header+table+footer app / bare:  {median['widgets'] / median['bare']:.2f}  (what such widgets cost)")


if __name__ == "__main__":
    main()
