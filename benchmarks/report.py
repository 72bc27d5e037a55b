"""Render ``benchmarks/results/*.json`` as the Markdown table of ``benchmarks/README.md``, and write the baseline.

Usage: ``python -m benchmarks.report [--baseline]`` (prints the table; ``--baseline`` also rewrites
``benchmarks/baseline.json`` from the results, one entry per size).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COLUMNS = (
    ("size", "pool"),
    ("index", "index"),
    ("shortlist_p50_ms", "shortlist p50 ms"),
    ("shortlist_p99_ms", "shortlist p99 ms"),
    ("shortlist_p99_all_ms", "shortlist p99 all calls"),
    ("query_encode_p50_ms", "query encode p50 ms"),
    ("search_p50_ms", "search p50 ms"),
    ("search_p99_ms", "search p99 ms"),
    ("search_p99_all_ms", "search p99 all calls"),
    ("exact_p50_ms", "exact p50 ms"),
    ("exact_p99_ms", "exact p99 ms"),
    ("exact_p99_all_ms", "exact p99 all calls"),
    ("speedup_p99", "exact/search p99"),
    ("recall_at_50", "recall@50"),
    ("build_s", "build s"),
    ("rss_mb", "RSS MiB"),
    ("ingest_per_s", "ingest /s"),
    ("classify_per_s", "classify /s"),
)
BASELINE_KEYS = (
    "shortlist_p99_ms",
    "search_p99_ms",
    "exact_p99_ms",
    "speedup_p99",
    "recall_at_50",
    "build_s",
    "rss_mb",
)


def load_results(folder: Path = HERE / "results") -> list[dict[str, Any]]:
    """Every committed result file (CI outputs ``ci-*.json`` excluded), by pool size."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json") if not p.name.startswith("ci-")]
    return sorted(found, key=lambda r: int(r["size"]))


def _cell(result: dict[str, Any], key: str) -> str:
    value = result.get(key)
    if key == "size":
        return f"{int(result['size']):,}"
    if key == "index":
        index = result["index"]
        return (
            f"{index['mode']} ({index['nlist']} lists, nprobe {index['nprobe']})" if index["nlist"] else index["mode"]
        )
    return "n/a" if value is None else f"{value:g}"


def table(results: list[dict[str, Any]]) -> str:
    """The Markdown results table.

    Args:
        results: parsed result files.

    Returns:
        The table, one row per result.
    """
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " | load avg |", "|" + "---|" * (len(COLUMNS) + 1)]
    for result in results:
        cells = [_cell(result, key) for key, _ in COLUMNS] + [str(result["machine"]["load_avg_1m"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Print the table; with ``--baseline``, write ``baseline.json`` too."""
    results = load_results()
    print(table(results))
    if "--baseline" in sys.argv[1:]:
        baseline = {str(r["size"]): {k: r[k] for k in BASELINE_KEYS} for r in results}
        (HERE / "baseline.json").write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
