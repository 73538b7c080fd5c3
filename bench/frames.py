"""Timing in-process by frame timestamps: from the key to the first frame that shows its result.

Pilot's press-and-wait returns only after Textual has been idle for a while, which adds 100–400 ms of
polling to every sample and pulls every ratio toward 1. Here the app's `_display` (what a screen calls
with each rendered update; headless Textual skips only the terminal write) stamps each frame, and a
sample is the time from just before the key is posted to the first frame at which the expected result
holds (a predicate on the app's state, checked as the frame is handed over). Pilot is used only to post
the key and to wait; its waiting is not counted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.app import App


class Frames:
    """Stamps the frames one app displays."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._until: Callable[[], bool] | None = None
        self.hit: float | None = None
        display = app._display

        def stamped(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            now = time.perf_counter()
            if self._until is not None and self.hit is None and self._until():
                self.hit = now

        app._display = stamped  # type: ignore[method-assign]

    async def key(self, pilot, key: str, until: Callable[[], bool], timeout: float = 60.0) -> float:
        """Seconds from posting ``key`` to the first frame at which ``until()`` holds."""
        self.hit, self._until = None, until
        start = time.perf_counter()
        await pilot.press(key)
        while self.hit is None:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"no frame showed the result of {key!r} in {timeout} s")
            await asyncio.sleep(0.005)
        self._until = None
        return self.hit - start

    async def after(self, start: float, until: Callable[[], bool], timeout: float = 60.0) -> float:
        """Seconds from ``start`` (a `time.perf_counter`) to the first frame at which ``until()`` holds,
        from now on (for work that did not start with a key)."""
        self.hit, self._until = None, until
        while self.hit is None:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"no frame showed the result in {timeout} s")
            await asyncio.sleep(0.005)
        self._until = None
        return self.hit - start


class Lag:
    """The longest the event loop (the UI thread) was held while it runs: a key arriving then waits as
    long. A task that asks to wake every 5 ms records how late it woke; and how much CPU the UI thread
    itself spent meanwhile (`time.thread_time`: the loop and the watcher run on one thread). On a shared
    2-core machine the wall-clock wait of one hold varies with the load (another process may have the
    core: 54 / 61 ms at 5k / 50k actions with a bare app starting in ~190 ms, 101 / 170 ms with it at
    324 ms); its CPU time varies less (a busy machine still slows it: shared caches)."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.worst_cpu = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            before, cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)
            self.worst_cpu = max(self.worst_cpu, time.thread_time() - cpu)

    def __enter__(self) -> Lag:
        self.worst = self.worst_cpu = 0.0
        self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
