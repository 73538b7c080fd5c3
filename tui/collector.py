"""The live screen's widgets and Python's cycle collector: what a built live screen holds is kept out of
the collector's full walks while the screen is open, and given back when it closes.

A full collection walks every object the collector tracks, and it runs inside whichever key allocates past
the collector's thresholds. A live screen with its tabs built is ~175,000 such objects (Textual gives every
rendered line seven small caches), so a full collection there took 36–75 ms on this 2-core machine.
Measured for issue 17 on the large meeting, tab 6's first opening after tabs 2–5: 141 ms (94–160) with
those collections landing in it, 96 ms (90–104) with each build's objects frozen once painted.

As `fupan` does with its start-up objects (tui/cli.py), what exists once a build has painted is frozen
(`Collector.keep`): the screen's widgets live as long as the screen. The young generations' garbage is
collected first (a few ms), since what is frozen is never collected. When the live screen closes,
everything is given back (`closed`); the next build collects fully before it freezes, so the closed screen
(whose timers stop a little after it is removed) is freed rather than frozen again. An app that exits gives
everything back (`exited`) and leaves the rest to the process's own collector. tests/test_collector.py
pins all of it.
"""

from __future__ import annotations

import gc


class Collector:
    """The app's side of that: one per app (the collector itself is the process's)."""

    def __init__(self) -> None:
        self._closed_since = False
        """A kept screen closed since the last `keep`: collect fully before freezing again."""

    def keep(self) -> None:
        """A build has painted: freeze what exists now, after collecting the garbage that may be frozen
        with it (the young generations', or all of it after a screen closed)."""
        gc.collect(2 if self._closed_since else 1)
        self._closed_since = False
        gc.freeze()

    def closed(self) -> None:
        """A kept screen closed and the app goes on: every frozen object goes back to the collector."""
        gc.unfreeze()
        self._closed_since = True

    def exited(self) -> None:
        """The app is done: every frozen object goes back to the process's collector."""
        gc.unfreeze()
