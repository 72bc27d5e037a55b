"""The CI guard on a benchmark result, and the comparison with ``benchmarks/baseline.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MIN_RECALL = 0.98
MIN_SPEEDUP = 5.0
BASELINE = Path(__file__).resolve().parent / "baseline.json"


def guard_failures(result: dict[str, Any]) -> list[str]:
    """Why a result fails the guard (empty when it passes).

    The guard: recall@50 of the index against the exact scan is at least 0.98, and the index search p99 is at
    least 5× below the exact scan's p99 measured in the same run (a ratio, robust to a noisy machine).

    Args:
        result: the output of ``run_benchmark``.

    Returns:
        Human-readable failure reasons.
    """
    failures = []
    if result["recall_at_50"] < MIN_RECALL:
        failures.append(f"recall@50 {result['recall_at_50']:.4f} < {MIN_RECALL}")
    if result["search_p99_ms"] * MIN_SPEEDUP > result["exact_p99_ms"]:
        failures.append(
            f"index search p99 {result['search_p99_ms']:.2f} ms is not {MIN_SPEEDUP:g}× below "
            f"the exact scan p99 {result['exact_p99_ms']:.2f} ms"
        )
    return failures


def compare_with_baseline(result: dict[str, Any], path: Path = BASELINE) -> dict[str, Any] | None:
    """Ratios of this run to the recorded baseline of the same size (informative, not a failure).

    Args:
        result: the output of ``run_benchmark``.
        path: the baseline file (``{"<size>": {metric: value}}``).

    Returns:
        ``{metric: this / baseline}`` for the shared metrics, or None when there is no baseline for the size.
    """
    if not path.is_file():
        return None
    baseline = json.loads(path.read_text(encoding="utf-8")).get(str(result["size"]))
    if not baseline:
        return None
    keys = ("shortlist_p99_ms", "search_p99_ms", "speedup_p99", "recall_at_50", "build_s", "rss_mb")
    return {
        key: round(result[key] / baseline[key], 3)
        for key in keys
        if isinstance(result.get(key), int | float) and isinstance(baseline.get(key), int | float) and baseline[key]
    }
