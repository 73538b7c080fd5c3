"""Responsiveness of the live screen: key press to frame, large meeting vs the demo meeting.

The large database holds 50 presenters, 2,000 indicator values and 5,000 actions (DESIGN.md §8); the
baseline is the demo meeting, measured in the same run, interleaved. Each sample is one key press and
the wait until Textual has processed it and refreshed (headless). Quality bar: ratio <= 1.5.

    .venv/bin/python bench/bench_live.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from core.model import ActionStatus, Indicator, IndicatorValue, Meeting, Scenario
from db import queries
from db.demo import create_demo
from db.store import connect
from tui.app import make_app

TODAY = date(2026, 11, 23)


def build_large(path: Path) -> int:
    """50 presenters, 2,000 indicator values and 5,000 actions across the meeting and earlier ones.

    Each presenter has the demo's eight indicators (a sales team reviews a handful of indicators, not
    forty), over five months rolled up to the half-year, so the database is large and the screen shows
    what it shows in a real review.
    """
    db = connect(path)
    create_demo(db, TODAY)
    with db.atomic():
        meeting = queries.save_meeting(db, Meeting("大型复盘会", "分析全国销售未达标原因，确定追赶计划",
                                                   Scenario.HALF_YEAR, "H2", TODAY))
        presenters = [f"销售{n:02d}" for n in range(50)]
        for name in presenters:
            queries.add_slot(db, meeting.id, name)
        values = []
        for i in range(8):  # the demo's catalogue size, over five months: 8 × 50 × 5 = 2,000 values
            indicator = queries.save_indicator(db, Indicator(meeting.id, f"指标{i:02d}", "整体业绩", "万元"))
            values += [IndicatorValue(indicator.id, p, f"M{m:02d}", 100 + i, 80 + (i * 7 + n + m) % 40)
                       for n, p in enumerate(presenters) for m in range(7, 12)]
        queries.save_values(db, values)
        rows = [
            {"meeting_id": meeting.id if k % 2 else 1, "presenter": presenters[k % 50], "measure": f"措施{k}",
             "owner": presenters[(k + 1) % 50], "due": (TODAY + timedelta(days=k % 60 - 30)).isoformat(),
             "status": ActionStatus.IN_PROGRESS.value, "standard": "达标", "created_at": "2026-11-01T10:00:00",
             "updated_at": "2026-11-01T10:00:00"}
            for k in range(5000)
        ]
        db["actions"].insert_all(rows)
    db.close()
    return meeting.id


def build_demo(path: Path) -> int:
    db = connect(path)
    meeting = create_demo(db, TODAY)
    db.close()
    return meeting.id


class Clock:
    now = time.time()

    def __call__(self) -> float:
        return self.now


async def sample(db_path: Path, meeting_id: int, rounds: int) -> dict[str, list[float]]:
    """Seconds per key press for: next slot, open the Actions tab, save an action."""
    timings: dict[str, list[float]] = {"next slot": [], "open a tab": [], "save an action": []}
    app = make_app(db_path, lang="zh", meeting_id=meeting_id, clock=Clock(), bell=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()

        async def timed(name: str, *keys: str) -> None:
            start = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            timings[name].append(time.perf_counter() - start)

        for _ in range(rounds):
            await pilot.press("escape", "1")
            await timed("next slot", "f4")
            await timed("open a tab", "4")  # Actions
            screen = app.screen
            screen.query_one("#measure").value = "建立客户分级标准"
            screen.query_one("#owner").value = "张伟"
            screen.query_one("#due").value = "+2w"
            await timed("save an action", "ctrl+s")
            await pilot.press("ctrl+n")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        demo_path, large_path = Path(tmp) / "demo.db", Path(tmp) / "large.db"
        demo_id, large_id = build_demo(demo_path), build_large(large_path)
        small: dict[str, list[float]] = {}
        large: dict[str, list[float]] = {}
        for _ in range(3):  # interleaved, so drift on a noisy machine hits both alike
            for into, path, mid in ((small, demo_path, demo_id), (large, large_path, large_id)):
                work = Path(tmp) / "work.db"  # a fresh copy: every sample starts on the first slot
                for suffix in ("-wal", "-shm"):
                    Path(f"{work}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(path, work)
                for name, values in asyncio.run(sample(work, mid, args.rounds)).items():
                    into.setdefault(name, []).extend(values)
    worst = 0.0
    for name in small:
        s, big = statistics.median(small[name]), statistics.median(large[name])
        worst = max(worst, big / s)
        print(f"{name:15s} demo {s * 1000:7.1f} ms   large {big * 1000:7.1f} ms   ratio {big / s:.2f}")
    print(f"worst ratio large / demo: {worst:.2f}  (bar: <= 1.50)")


if __name__ == "__main__":
    main()
