"""The room's clock (`fupan clock`): start-up against a bare Textual app, and what it costs while idle.

Start-up: launch → first frame of `fupan clock` on a running meeting vs a bare one-widget Textual app,
interleaved in the same run (bench/first_frame.py); quality bar: ratio <= 1.3.
Idle: CPU time used by a running clock (polling the file every 0.25 s, repainting each second) over
a window of wall time, as a share of one core, next to a bare Textual app idling the same window;
quality bar: < 5 % of one core.

    .venv/bin/python bench/bench_clock.py [--runs 15] [--idle-seconds 10]
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
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _first_frame(argv: list[str]) -> float:
    env = {**ENV, "FIRST_FRAME_T0": repr(time.time())}
    done = subprocess.run([sys.executable, str(HERE / "first_frame.py"), *argv], check=True, env=env,
                          stdout=subprocess.PIPE, text=True)
    return float(done.stdout.splitlines()[-1].split()[0]) / 1000


def _idle_share(which: str, db_path: str, seconds: float) -> float:
    """Share of one core the app used over ``seconds`` of wall time once started (run in a child)."""
    done = subprocess.run([sys.executable, __file__, "--idle-child", which, db_path, str(seconds)], check=True,
                          env=ENV, stdout=subprocess.PIPE, text=True)
    return float(done.stdout.splitlines()[-1].split()[0])


def _idle_child(which: str, db_path: str, seconds: float) -> None:
    """Run ``which`` headless; after a second to settle, measure CPU time over ``seconds``; print the share."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    if which == "clock":
        from tui.clock_app import make_clock_app

        app: App = make_clock_app(db_path, lang="zh")
    else:
        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("hello")

        app = Bare()
    marks: dict[str, float] = {}

    def start() -> None:
        marks["cpu"], marks["wall"] = time.process_time(), time.monotonic()
        app.set_timer(seconds, stop)

    def stop() -> None:
        share = (time.process_time() - marks["cpu"]) / (time.monotonic() - marks["wall"])
        print(f"{share:.5f}", flush=True)
        app.exit()

    app.call_later(lambda: app.set_timer(1.0, start))
    app.run(headless=True, size=(160, 48))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--idle-child":
        sys.path.insert(0, str(HERE.parent))
        _idle_child(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        from core.model import MeetingStatus, SlotStatus
        from db import queries
        from db.demo import create_demo
        from db.store import connect

        db = connect(db_path)
        meeting = create_demo(db)
        meeting.status = MeetingStatus.RUNNING  # a meeting under way: the clock shows a running countdown
        queries.save_meeting(db, meeting)
        slot = queries.slots_for(db, meeting.id)[0]
        slot.status, slot.running_since, slot.first_started_at = SlotStatus.PRESENTING, time.time(), time.time()
        queries.save_slot(db, slot)
        db.close()
        kinds = {"bare": ["bare"], "clock": ["clock", str(db_path)]}
        median = interleaved({name: partial(_first_frame, argv) for name, argv in kinds.items()}, args.runs)
        idle = {which: _idle_share(which, str(db_path), args.idle_seconds) for which in ("bare", "clock")}
    print(f"bare textual app (one widget)   first frame: median {median['bare'] * 1000:7.1f} ms")
    print(f"fupan clock (running meeting)   first frame: median {median['clock'] * 1000:7.1f} ms")
    print(f"ratio clock / bare:             {median['clock'] / median['bare']:.2f}  (bar: <= 1.30)")
    print(f"idle, bare textual app:         {idle['bare'] * 100:5.2f} % of one core over {args.idle_seconds:g} s")
    print(f"idle, fupan clock (counting):   {idle['clock'] * 100:5.2f} % of one core  (bar: < 5 %)")


if __name__ == "__main__":
    main()
