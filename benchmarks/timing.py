"""Timing helpers: warm-up then repeated perf_counter runs, percentiles in milliseconds, and the machine."""

from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
import psutil
from tqdm import tqdm

T = TypeVar("T")


def percentiles_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 of durations given in seconds, in milliseconds (3 decimals).

    Args:
        seconds: the measured durations.

    Returns:
        ``{"p50": ..., "p95": ..., "p99": ...}``.
    """
    values = np.asarray(seconds, dtype=np.float64) * 1e3
    return {f"p{q}": round(float(np.percentile(values, q)), 3) for q in (50, 95, 99)}


def best_of_repeats(seconds: Sequence[float], items: int) -> list[float]:
    """Per item, the fastest of its repeats (durations are stored round after round).

    Like ``timeit``'s minimum, this removes the scheduler's pre-emptions of a shared machine (a 1 ms call that
    loses the CPU waits a 10-30 ms time slice) while keeping each query's own cost: slow queries stay slow.

    Args:
        seconds: ``repeats × items`` durations, round-major.
        items: number of distinct items per round.

    Returns:
        One duration per item.
    """
    rounds = np.asarray(seconds, dtype=np.float64).reshape(-1, items)
    return [float(x) for x in rounds.min(axis=0)]


def summary_ms(seconds: Sequence[float], items: int, prefix: str) -> dict[str, float]:
    """``{prefix}_p50/p95/p99_ms`` over best-of-repeats per item, and ``{prefix}_p99_all_ms`` over every call.

    Args:
        seconds: ``repeats × items`` durations, round-major.
        items: number of distinct items per round.
        prefix: key prefix, e.g. "search".

    Returns:
        The summary, in milliseconds.
    """
    best = percentiles_ms(best_of_repeats(seconds, items))
    every = percentiles_ms(seconds)
    return {
        f"{prefix}_p50_ms": best["p50"],
        f"{prefix}_p95_ms": best["p95"],
        f"{prefix}_p99_ms": best["p99"],
        f"{prefix}_p99_all_ms": every["p99"],
    }


def time_each(items: Sequence[T], call: Callable[[T], Any], *, warmup: int, repeats: int, label: str) -> list[float]:
    """Time ``call(item)`` for every item, ``repeats`` rounds, after ``warmup`` untimed calls.

    Args:
        items: the inputs (e.g. query vectors or vacancies).
        call: what to time.
        warmup: untimed calls first (cycling through ``items``).
        repeats: timed rounds over all items.
        label: progress-bar label.

    Returns:
        One duration in seconds per timed call.
    """
    for i in range(min(warmup, len(items) * 2)):
        call(items[i % len(items)])
    durations = []
    with tqdm(total=len(items) * repeats, desc=label, unit="q", leave=False) as bar:
        for _ in range(repeats):
            for item in items:
                start = time.perf_counter()
                call(item)
                durations.append(time.perf_counter() - start)
                bar.update()
    return durations


def time_interleaved(
    items: Sequence[T], calls: dict[str, Callable[[T], Any]], *, warmup: int, repeats: int, label: str
) -> dict[str, list[float]]:
    """Like :func:`time_each` for several callables, alternating them on each item.

    Interleaving makes the series share the same moments of a noisy machine, so their ratio is fair.

    Args:
        items: the inputs.
        calls: name -> what to time.
        warmup: untimed calls of each callable first.
        repeats: timed rounds over all items.
        label: progress-bar label.

    Returns:
        name -> one duration in seconds per timed call.
    """
    for i in range(min(warmup, len(items) * 2)):
        for call in calls.values():
            call(items[i % len(items)])
    durations: dict[str, list[float]] = {name: [] for name in calls}
    with tqdm(total=len(items) * repeats, desc=label, unit="q", leave=False) as bar:
        for _ in range(repeats):
            for item in items:
                for name, call in calls.items():
                    start = time.perf_counter()
                    call(item)
                    durations[name].append(time.perf_counter() - start)
                bar.update()
    return durations


def rss_mb() -> float:
    """Current resident memory of this process, MiB."""
    return round(psutil.Process().memory_info().rss / 2**20, 1)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import faiss

    model = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), model)
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "faiss": faiss.__version__,
        "platform": platform.platform(),
    }
