"""Every bench of issue 17 in one command: one table printed, and bench/RESULTS.md written.

    .venv/bin/python bench/run.py [--rounds 5] [--quick] [--no-write]

What a user waits for is timed from the key (or the launch) to the painted frame that shows its result
(`frames.Frames`; a launch to its first frame by `first_frame.py`), never by Pilot's press-and-wait.
Each figure is a median with its spread (min–max) over ``--rounds`` samples; contenders are sampled in
turns (A, B, A, B …) so the drift of a busy machine hits all alike, and every ratio
is against a baseline measured in the same run:

- a bare Textual app's first paint (a one-widget app launched as a process), for start-up, the live
  screen, its keys and tabs, and the tracking screen (DESIGN.md §8: every interaction paints within the
  time a bare app takes to start);
- `pd.read_csv` + one bulk insert for the import, `DataFrame.to_csv` / raw xlsxwriter (with the same
  settings as fupan's: constant memory, no formula/number/URL scanning) for the export. These two
  sections run in a process of their own, as `fupan import` and `fupan export` do, both contenders in it.

Data (bench/data.py): the demo, the large meeting (50 presenters × 8 indicators × 6 months, 5,000 actions
over 12 earlier reviews), 5,000 and 50,000 actions for tracking, 100,000 import values with realistic
cardinality (and typed as people type them; the old generator's flattering values only as a labelled row).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import data  # noqa: E402  (bench/, this script's folder)
from frames import Frames, Lag  # noqa: E402

ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
SIZE = (160, 48)


@dataclass
class Row:
    """One line of the table: a figure against its baseline."""

    figure: str
    samples: list[float] = field(default_factory=list)
    baseline: str = ""
    base_samples: list[float] = field(default_factory=list)
    bar: float | None = None
    unit: str = "ms"
    note: str = ""
    fixed_base: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def base(self) -> float | None:
        if self.fixed_base is not None:
            return self.fixed_base
        return statistics.median(self.base_samples) if self.base_samples else None

    @property
    def ratio(self) -> float | None:
        return self.median / self.base if self.base else None

    def cells(self) -> list[str]:
        scale = 1000 if self.unit == "ms" else 1

        def fmt(value: float) -> str:
            return f"{value * scale:,.0f}" if self.unit in ("ms", "MB") else f"{value * scale:.3f}"

        spread = f"{fmt(min(self.samples))}–{fmt(max(self.samples))}" if len(self.samples) > 1 else ""
        base = f"{fmt(self.base)}" if self.base is not None else ""
        ratio = f"{self.ratio:.2f}" if self.ratio is not None else ""
        bar = f"≤ {self.bar:g}" if self.bar is not None else ""
        met = "" if self.bar is None or self.ratio is None else ("met" if self.ratio <= self.bar else "NOT MET")
        return [self.figure, f"{fmt(self.median)} {self.unit}", spread, self.baseline, base, ratio, bar, met,
                self.note]


HEAD = ["figure", "median", "spread (min–max)", "baseline", "baseline median", "ratio", "bar", "", "note"]


# --- launches: a process to its first frame -------------------------------------------------------


def launch(argv: list[str], *, until: str = "", on_pty: bool = False) -> tuple[float, float]:
    """Seconds from launching `first_frame.py ARGV` to its first frame (of screen ``until``), and the
    process's peak RSS in MB. Headless, or on a pty of 120×40 like a user's terminal."""
    out = Path(tempfile.mkstemp(prefix="frame-")[1])
    env = {**ENV, "FIRST_FRAME_T0": repr(time.time()), "FIRST_FRAME_UNTIL": until, "FIRST_FRAME_OUT": str(out),
           "FIRST_FRAME_PTY": "1" if on_pty else "0", "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    argv = [sys.executable, str(HERE / "first_frame.py"), *argv]
    if on_pty:
        import fcntl
        import struct
        import termios

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        while True:  # drain what the app writes to its terminal, as a terminal would
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        proc.wait()
        os.close(master)
    else:
        subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    ms, rss = out.read_text().split()
    out.unlink()
    return float(ms) / 1000, int(rss) / 1024


# --- in-process: keys on the live and tracking screens ------------------------------------------


class Clock:
    """The wall clock, as the app's clock (a bench runs in real time)."""

    def __call__(self) -> float:
        return time.time()


def _fresh(path: Path, into: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{into}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, into)
    return into


@contextmanager
def collector_as_fupan_runs() -> Iterator[None]:
    """What exists before the app runs frozen out of the collector, as `fupan` does (tui/cli.py), so a
    full collection in a timed key walks the app's objects, not the bench process's; thawed after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def live_session(db_path: Path, meeting_id: int, taken: dict[str, list[float]], tag: str) -> None:
    """Enter on the meeting to its painted live screen; then, on it: the first opening of every tab,
    next slot, going back to a tab for the next presenter, and saving an action."""
    from tui.app import make_app

    app = make_app(db_path, lang="zh", clock=Clock(), bell=False)
    with collector_as_fupan_runs():
        await _live_keys(app, meeting_id, taken, tag)


async def _live_keys(app, meeting_id: int, taken: dict[str, list[float]], tag: str) -> None:  # type: ignore[no-untyped-def]
    """The keys of `live_session`, timed."""
    from tui.screens.live import TABS, LiveScreen
    from tui.widgets.workspace import Workspace

    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await pilot.pause()
        listing = app.screen.query_one("#meetings")
        listing.highlighted = listing.get_option_index(str(meeting_id))
        await pilot.pause()

        def shown(tab: str) -> Callable[[], bool]:
            def check() -> bool:
                screen = app.screen
                if not isinstance(screen, LiveScreen) or not screen.is_mounted:
                    return False
                workspace = screen.query_one(Workspace)
                return workspace.active == tab and tab not in workspace.stale
            return check

        taken.setdefault(f"Enter on a meeting → painted live screen ({tag})", []).append(
            await frames.key(pilot, "enter", shown(TABS[0][0])))
        await pilot.pause(0.3)
        for number, (tab, _, _) in enumerate(TABS[1:], start=2):
            await pilot.press("escape")
            await pilot.pause()
            name = f"first opening of tab {number} ({tab}) ({tag})" if tag == "large" else \
                f"first opening of a tab, tabs 2–7 together ({tag})"
            taken.setdefault(name, []).append(await frames.key(pilot, str(number), shown(tab)))
        screen = app.screen
        await pilot.press("escape", "f2")  # the clock runs, so F4 moves on without asking
        await pilot.pause()
        first = screen.index

        def moved() -> bool:
            return screen.index != first and str(screen.query_one("#presenter").render()) == \
                screen.slots[screen.index].presenter

        taken.setdefault(f"F4 next presenter ({tag})", []).append(await frames.key(pilot, "f4", moved))
        await pilot.pause(0.2)
        await pilot.press("escape")
        taken.setdefault(f"a tab again, for the next presenter ({tag})", []).append(
            await frames.key(pilot, "4", shown("actions")))
        pane = screen.query_one("#pane-actions")
        pane.query_one("#measure").value = "建立客户分级标准，新客数量增加30%"
        pane.query_one("#owner").value = "张伟"
        pane.query_one("#due").value = "+2w"
        await pilot.pause()
        before = app.db.conn.execute("SELECT count(*) FROM actions").fetchone()[0]
        saved = {"done": False}

        def stored() -> bool:
            if not saved["done"]:
                saved["done"] = app.db.conn.execute("SELECT count(*) FROM actions").fetchone()[0] > before
            return saved["done"]

        taken.setdefault(f"Ctrl+S save an action ({tag})", []).append(await frames.key(pilot, "ctrl+s", stored))


async def tracking_session(db_path: Path, taken: dict[str, list[float]], lag: dict[str, list[tuple[float, float]]],
                           tag: str) -> None:
    """`t` on the meetings list to the painted tracking screen; a filter; a status change (Enter on its
    note); and the longest the UI thread was held meanwhile."""
    from tui.app import make_app

    app = make_app(db_path, lang="zh", clock=Clock(), bell=False)
    with collector_as_fupan_runs():
        await _tracking_keys(app, taken, lag, tag)


async def _tracking_keys(app, taken: dict[str, list[float]], lag: dict[str, list[tuple[float, float]]],  # type: ignore[no-untyped-def]
                         tag: str) -> None:
    """The keys of `tracking_session`, timed."""
    from textual.widgets import Checkbox, DataTable

    from tui.screens.tracking import TrackingScreen

    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await pilot.pause()

        def ready() -> bool:
            screen = app.screen
            return isinstance(screen, TrackingScreen) and screen._loaded and not screen._reading_page \
                and screen.query_one(DataTable).row_count > 0

        with Lag() as watch:
            taken.setdefault(f"t → painted tracking screen ({tag})", []).append(await frames.key(pilot, "t", ready))
            await pilot.pause(0.2)
            screen = app.screen
            screen.query_one("#overdue-only", Checkbox).focus()
            await pilot.pause()
            generation = screen._generation

            def filtered() -> bool:
                return screen._generation > generation and ready()

            taken.setdefault(f"filter: overdue only ({tag})", []).append(await frames.key(pilot, "enter", filtered))
            await pilot.pause(0.2)
            table = screen.query_one(DataTable)
            table.focus()
            table.move_cursor(row=0)
            await pilot.pause()
            target = screen.selected_id
            await pilot.press("i")
            await pilot.pause()

            def changed() -> bool:
                return app.screen is screen and str(table.get_row(str(target))[6]).startswith("进行中")

            taken.setdefault(f"status change, Enter on the note ({tag})", []).append(
                await frames.key(pilot, "enter", changed))
        lag.setdefault(tag, []).append((watch.worst, watch.worst_cpu))


async def datatable_alone(rows: list[list[str]]) -> float:
    """A plain Textual DataTable given every row at once: seconds from add_rows to the painted table."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Alone(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = Alone()
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        table = app.query_one(DataTable)
        table.add_columns(*map(str, range(len(rows[0]))))
        await pilot.pause()
        start = time.perf_counter()
        table.add_rows(rows)
        return await frames.after(start, lambda: table.row_count == len(rows) and not table._require_update_dimensions)


def tracking_rows(db_path: Path) -> list[list[str]]:
    """The cells the tracking screen shows for every action, as plain strings."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    rows = conn.execute("""SELECT a.id, m.title, a.presenter, a.measure, a.owner, a.due, a.status, '' FROM actions a
                           JOIN meetings m ON m.id = a.meeting_id ORDER BY coalesce(a.due, '9999'), a.id""").fetchall()
    conn.close()
    return [[str(c) for c in row] for row in rows]


# --- timer after a blocked UI thread -----------------------------------------------------------------


async def blocked_timer(db_path: Path, meeting_id: int) -> tuple[str, str]:
    """Start the countdown, hold the UI thread 2 s, and read the countdown at the next frame painted:
    (shown, what the wall clock says)."""
    from textual.widgets import Digits

    from core.timer import format_clock
    from tui.app import make_app

    app = make_app(db_path, lang="zh", meeting_id=meeting_id, clock=Clock(), bell=False)
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        await pilot.pause()
        screen = app.screen
        await pilot.press("escape", "f2")
        await pilot.pause(0.5)
        seen: dict[str, str] = {}

        def at_paint() -> bool:
            seen["shown"] = screen.query_one("#countdown").query_one(Digits).value
            seen["expected"] = format_clock(screen.timer.remaining())
            return True

        app.call_later(lambda: time.sleep(2.0))
        await asyncio.sleep(0.01)
        await frames.after(time.perf_counter(), at_paint)
        return seen["shown"], seen["expected"]


# --- import and export -------------------------------------------------------------------------------


def import_rows(tmp: Path, rounds: int, quick: bool) -> list[Row]:

    import bench_import
    from timing import seconds

    count = 20_000 if quick else 100_000
    template = tmp / "import.db"
    meeting_id = bench_import.build_db(template)
    rows = []
    for kind, label in (("realistic", "random two-decimal amounts"), ("mixed", "typed: 500万, ￥1,234.50, 76%"),
                        ("flattering", "OLD flattering data (~1,400 distinct strings), for comparison only")):
        csv_path = tmp / f"values-{kind}.csv"
        data.indicator_csv(csv_path, count, kind)
        runs = iter(range(10_000))

        def timed(fn: Callable[..., None], csv_path: Path = csv_path) -> float:
            path = tmp / f"import-run{next(runs)}.db"
            shutil.copy(template, path)
            took = seconds(lambda: fn(path, csv_path, meeting_id))
            path.unlink()
            return took

        row = Row(f"import {count:,} values: {label}", baseline="read_csv + one bulk insert", unit="s",
                  bar=1.5 if kind == "realistic" else None)
        timed(bench_import.fupan_import)
        timed(bench_import.pandas_import)
        for _ in range(rounds):
            row.samples.append(timed(bench_import.fupan_import))
            row.base_samples.append(timed(bench_import.pandas_import))
        rows.append(row)
    return rows


def export_rows(tmp: Path, rounds: int, quick: bool) -> list[Row]:
    import bench_export
    import pandas as pd
    import xlsxwriter

    from db.store import connect
    from exports.write import export_meeting

    count = 20_000 if quick else 100_000
    meeting_id = bench_export.build(tmp / "export.db", count)
    db = connect(tmp / "export.db")
    sql = bench_export.SQL

    def fupan(fmt: str) -> None:
        export_meeting(db, meeting_id, fmt, tmp / f"f.{fmt}", lang="zh", today=data.TODAY, tables=["actions"])

    def to_csv() -> None:
        pd.read_sql_query(sql, db.conn, params=[meeting_id]).to_csv(tmp / "p.csv", index=False, encoding="utf-8-sig")

    def raw_xlsx() -> None:  # fupan's own settings (exports/xlsx_writer.py)
        book = xlsxwriter.Workbook(str(tmp / "d.xlsx"), {"constant_memory": True, "strings_to_formulas": False,
                                                         "strings_to_numbers": False, "strings_to_urls": False})
        sheet = book.add_worksheet()
        for r, values in enumerate(db.conn.execute(sql, [meeting_id]), start=1):
            sheet.write_row(r, 0, values)
        book.close()

    rows = []
    for fmt, base, name in (("csv", to_csv, "read_sql + to_csv"), ("xlsx", raw_xlsx, "query + raw xlsxwriter")):
        row = Row(f"export {count:,} actions {fmt.upper()}", baseline=name, unit="s", bar=1.3)
        fupan(fmt)
        base()
        for _ in range(rounds):
            start = time.perf_counter()
            fupan(fmt)
            row.samples.append(time.perf_counter() - start)
            start = time.perf_counter()
            base()
            row.base_samples.append(time.perf_counter() - start)
        rows.append(row)
    db.close()
    return rows


CHILD_RSS = """
import resource, sys, shutil
sys.path[:0] = [{here!r}, {root!r}]
kind, db, arg = sys.argv[1:4]
if kind == "export-fupan":
    from db.store import connect
    from exports.write import export_meeting
    import data
    export_meeting(connect(db), int(arg), "xlsx", db + ".xlsx", lang="zh", today=data.TODAY, tables=["actions"])
elif kind == "export-base":
    import xlsxwriter, sqlite3, bench_export
    conn = sqlite3.connect(db)
    book = xlsxwriter.Workbook(db + ".b.xlsx", {{"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}})
    sheet = book.add_worksheet()
    for r, values in enumerate(conn.execute(bench_export.SQL, [int(arg)])):
        sheet.write_row(r, 0, values)
    book.close()
elif kind == "import-fupan":
    import bench_import
    bench_import.fupan_import(__import__("pathlib").Path(db), __import__("pathlib").Path(arg), 1)
elif kind == "import-base":
    import bench_import
    bench_import.pandas_import(__import__("pathlib").Path(db), __import__("pathlib").Path(arg), 1)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child forked from this big bench process
# reported the parent's peak (every row read 247 MB when the export section ran first).
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def child_rss(kind: str, db: Path, arg: str) -> float:
    code = CHILD_RSS.format(here=str(HERE), root=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, kind, str(db), arg], check=True, env=ENV,
                          stdout=subprocess.PIPE, text=True)
    return int(done.stdout.split()[-1]) / 1024


# --- the run ---------------------------------------------------------------------------------------


def rows_in_a_process_of_their_own(section: str, rounds: int, quick: bool) -> list[Row]:
    """The import or export rows, measured in a new process (`--child`), as `fupan import` and `fupan
    export` run: after the live and tracking sections, this process holds the garbage and the heap of
    some forty app sessions, which slowed the import (a million small objects) more than its baseline
    (measured: 1.41 after the live section alone, 1.42 after tracking alone, 1.55 after both; 1.38–1.44
    in a process of its own). Both contenders still run in turns in that one process."""
    argv = [sys.executable, str(Path(__file__)), "--child", section, "--rounds", str(rounds)] + (["--quick"] if quick else [])
    done = subprocess.run(argv, check=True, env=ENV, stdout=subprocess.PIPE, text=True)
    return [Row(**row) for row in json.loads(done.stdout.splitlines()[-1])]


def child(section: str, rounds: int, quick: bool) -> None:
    """`--child SECTION`: that section's rows, as one line of JSON on stdout."""
    with tempfile.TemporaryDirectory() as tmp_name:
        rows = (import_rows if section == "import" else export_rows)(Path(tmp_name), rounds, quick)
    print(json.dumps([asdict(row) for row in rows]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller data and 2 rounds: a smoke run")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--only", default="", help="comma list of sections: launch,live,tracking,import,export,rss,timer")
    parser.add_argument("--child", choices=("import", "export"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    rounds = 2 if args.quick else args.rounds
    if args.child:
        return child(args.child, rounds, args.quick)
    only = set(filter(None, args.only.split(",")))

    def wanted(section: str) -> bool:
        return not only or section in only

    load_before = os.getloadavg()
    started = time.time()
    table: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        demo_path, large_path = tmp / "demo.db", tmp / "large.db"
        demo_id = data.build_demo(demo_path)
        large_id = data.build_large(large_path)
        bare = Row("bare Textual app: launch → first paint (headless)")
        bare_pty = Row("bare Textual app: launch → first paint (pty)")

        def bare_sample() -> None:
            bare.samples.append(launch(["bare"])[0])
            bare_pty.samples.append(launch(["bare"], on_pty=True)[0])

        def against_bare(row: Row, on_pty: bool = False) -> Row:
            row.baseline = "bare app first paint" + (" (pty)" if on_pty else "")
            row.base_samples = (bare_pty if on_pty else bare).samples
            return row

        launch(["bare"]), launch(["bare"], on_pty=True)  # a warm-up: bytecode caches, the page cache
        if wanted("launch"):
            meetings = against_bare(Row("`fupan`: launch → painted meetings list (pty)", bar=1.3), True)
            meetings_headless = against_bare(Row("`fupan`: launch → painted meetings list (headless)", bar=1.3))
            demo = against_bare(Row("`fupan demo`: launch → painted live screen (pty)", bar=2.0), True)
            demo_headless = against_bare(Row("`fupan demo`: launch → painted live screen (headless)", bar=2.0))
            # The rows above make the demo (the first `fupan demo` in a file); run again, it reopens the
            # demo it made (settings key `demo_meeting`): timed here for scale, without a bar of its own.
            again = against_bare(Row("`fupan demo` run again (its demo reused): launch → painted live screen (pty)",
                                     note="for scale: the rows above time the first run, which makes the demo"), True)
            launch(["fupan", str(demo_path)])
            for _ in range(rounds):
                bare_sample()
                meetings.samples.append(launch(["fupan", str(demo_path)], on_pty=True)[0])
                meetings_headless.samples.append(launch(["fupan", str(demo_path)])[0])
                work = _fresh(demo_path, tmp / "cli-demo.db")
                demo.samples.append(launch(["fupan", str(work), "demo"], until="LiveScreen", on_pty=True)[0])
                work = _fresh(demo_path, tmp / "cli-demo.db")
                demo_headless.samples.append(launch(["fupan", str(work), "demo"], until="LiveScreen")[0])
                again.samples.append(launch(["fupan", str(work), "demo"], until="LiveScreen", on_pty=True)[0])
            table += [meetings, meetings_headless, demo, demo_headless, again]
        if wanted("live"):
            taken: dict[str, list[float]] = {}
            for _ in range(rounds):
                bare_sample()
                for path, mid, tag in ((demo_path, demo_id, "demo"), (large_path, large_id, "large")):
                    work = _fresh(path, tmp / f"live-{tag}.db")
                    asyncio.run(live_session(work, mid, taken, tag))
            for name, samples in taken.items():
                bar = 2.0 if name.startswith("Enter") else 1.0
                if "(demo)" in name and not name.startswith("Enter"):
                    bar = None  # the bar is on the large meeting; the demo's figure is for scale
                table.append(against_bare(Row(name, samples, bar=bar)))
        if wanted("tracking"):
            taken = {}
            lag: dict[str, list[tuple[float, float]]] = {}
            sizes = (5_000,) if args.quick else (5_000, 50_000)
            paths = {}
            for size in sizes:
                paths[size] = tmp / f"actions-{size}.db"
                data.build_actions(paths[size], size)
            for _ in range(rounds):
                bare_sample()
                for size in sizes:
                    work = _fresh(paths[size], tmp / "tracking.db")
                    gc.collect()  # as in a process of its own: the last session's closed app is not collected in this one's
                    asyncio.run(tracking_session(work, taken, lag, f"{size:,} actions"))
            for name, samples in taken.items():
                table.append(against_bare(Row(name, samples, bar=1.0)))
            for tag, sessions in lag.items():
                waits, cpus = [f"{wait * 1000:.0f}" for wait, _ in sessions], [f"{cpu * 1000:.0f}" for _, cpu in sessions]
                table.append(Row(f"tracking: longest a key waits, over open + filter + status change ({tag})",
                                 [max(wait for wait, _ in sessions)], baseline="the bar", fixed_base=0.1, bar=1.0,
                                 note=f"UI thread held at most this long (the longest of every round: {', '.join(waits)} "
                                      f"ms); the UI thread's own CPU time in its longest hold, which load stretches "
                                      f"less: {', '.join(cpus)} ms"))
            for size in sizes:
                cells = tracking_rows(paths[size])
                alone = asyncio.run(datatable_alone(cells))
                table.append(against_bare(Row(f"for scale: a plain DataTable given all {size:,} rows, add_rows → painted",
                                              [alone], note="what fupan no longer does (pages of 100 from SQL)")))
        if wanted("timer"):
            shown, expected = asyncio.run(blocked_timer(_fresh(large_path, tmp / "timer.db"), large_id))
            table.append(Row("timer after the UI thread was blocked 2 s: the next paint shows", [0.0], unit="",
                             note=f"shown {shown}, wall clock says {expected}: "
                                  + ("right" if shown == expected else "WRONG")))
        for section in ("import", "export"):
            if wanted(section):
                table += rows_in_a_process_of_their_own(section, rounds, args.quick)
        if wanted("rss"):
            live_rss = Row("peak RSS: the large meeting's live screen", unit="MB", bar=None,
                           baseline="bare app", note="bar: ≤ 150 MB for the app")
            bare_rss: list[float] = []
            for _ in range(max(1, rounds // 2)):
                live_rss.samples.append(launch(["fupan", str(_fresh(large_path, tmp / "rss.db")), "open",
                                                str(large_id)], until="LiveScreen")[1])
                bare_rss.append(launch(["bare"])[1])
            live_rss.base_samples = bare_rss
            table.append(live_rss)
            import bench_export
            export_db = tmp / "rss-export.db"
            export_id = bench_export.build(export_db, 20_000 if args.quick else 100_000)
            table.append(Row("peak RSS: export 100,000 actions XLSX", [child_rss("export-fupan", export_db, str(export_id))],
                             unit="MB", baseline="raw xlsxwriter script",
                             base_samples=[child_rss("export-base", export_db, str(export_id))]))
            import bench_import
            csv_path = tmp / "rss.csv"
            data.indicator_csv(csv_path, 20_000 if args.quick else 100_000, "realistic")
            runs = []
            for kind in ("import-fupan", "import-base"):
                target = tmp / f"rss-{kind}.db"
                bench_import.build_db(target)
                runs.append(child_rss(kind, target, str(csv_path)))
            table.append(Row("peak RSS: import 100,000 values", [runs[0]], unit="MB", baseline="read_csv + bulk insert script",
                             base_samples=[runs[1]]))
        table[:0] = [row for row in (bare, bare_pty) if row.samples]
    load_after = os.getloadavg()
    report = render(table, rounds, args.quick, load_before, load_after, time.time() - started)
    print(report)
    if not args.no_write and not args.quick:
        (HERE / "RESULTS.md").write_text(report, encoding="utf-8")


def render(table: list[Row], rounds: int, quick: bool, load_before: tuple[float, ...], load_after: tuple[float, ...],
           took: float) -> str:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           stdout=subprocess.PIPE, text=True).stdout.strip()
    lines = [
        "# fupan benches (issue 17)",
        "",
        f"`python bench/run.py` — {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}"
        + (" (with uncommitted changes)" if dirty else "") + f", {rounds} interleaved rounds"
        + (" (QUICK: small data)" if quick else "") + f", {took / 60:.1f} min.",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores; "
        f"load average (1/5/15 min) before {'/'.join(f'{x:.1f}' for x in load_before)}, after "
        f"{'/'.join(f'{x:.1f}' for x in load_after)} (on a busy machine the interleaved "
        "baselines keep the ratios fair, the absolute figures are not).",
        "",
        "| " + " | ".join(HEAD) + " |",
        "|" + "---|" * len(HEAD),
    ]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |" for row in table]
    lines += ["", "Ratios are of medians; spread is min–max of the samples. In-process figures are timed from posting "
              "the key to the first frame whose state shows its result (bench/frames.py); launches from the spawn to "
              "the first frame of the named screen (bench/first_frame.py).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
