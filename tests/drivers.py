"""How the tests drive fupan: a clock moved by hand, and the command line called in-process."""

from __future__ import annotations

from datetime import datetime

from tui.cli import main


class FakeClock:
    """A wall clock the test moves by hand: ten minutes pass in a millisecond."""

    def __init__(self, start: datetime | float = datetime(2026, 11, 23, 14, 0)) -> None:
        self.now = start.timestamp() if isinstance(start, datetime) else float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run `fupan ARGV` in this process: (exit status, stdout, stderr)."""
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err
