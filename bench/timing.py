"""How every bench here times: samples taken in turns, medians compared in the same run.

These machines are noisy, so a bench never compares against a number from another run: it takes one
sample of each contender in turn (A, B, A, B …), so drift hits all alike, and reports ratios of medians.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping


def seconds(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(samplers: Mapping[str, Callable[[], float]], runs: int, *, warm_up: bool = True) -> dict[str, float]:
    """The median of ``runs`` samples of each sampler (each call returns one sample, in seconds), taken
    in turns; one untimed round first warms caches (files, bytecode, imports) for all alike."""
    if warm_up:
        for sample in samplers.values():
            sample()
    taken: dict[str, list[float]] = {name: [] for name in samplers}
    for _ in range(runs):
        for name, sample in samplers.items():
            taken[name].append(sample())
    return {name: statistics.median(values) for name, values in taken.items()}
