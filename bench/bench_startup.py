"""Start-up: time to the first frame of `fupan` (meetings screen, demo data) vs a bare Textual app.

Both are measured in the same run, interleaved, as whole processes; the ratio of the medians is printed.
Quality bar (DESIGN.md §8): ratio <= 1.2.

    .venv/bin/python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "first_frame.py"), *argv], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


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
        # Warm the OS file cache and bytecode caches once for both.
        _time(["bare"])
        _time(["fupan", str(db_path)])
        bare, fupan = [], []
        for _ in range(args.runs):
            bare.append(_time(["bare"]))
            fupan.append(_time(["fupan", str(db_path)]))
    b, f = statistics.median(bare), statistics.median(fupan)
    print(f"bare textual app  first frame: median {b * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"fupan meetings    first frame: median {f * 1000:7.1f} ms  ({args.runs} runs)")
    print(f"ratio fupan / bare: {f / b:.2f}  (bar: <= 1.20)")


if __name__ == "__main__":
    main()
