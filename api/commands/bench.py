"""``passerelle bench``: the shortlist / index benchmark of one pool size, with an optional CI guard."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer


def bench_command(
    size: int = typer.Option(100_000, min=100, help="Candidates in the generated pool."),
    out: Path = typer.Option(..., help="Where to write the JSON results."),
    queries: int = typer.Option(200, min=10, help="Vacancies timed (shortlist requests)."),
    repeats: int = typer.Option(3, min=1, help="Timed rounds over all queries; percentiles use each query's best."),
    guard: bool = typer.Option(False, help="Exit 1 if recall@50 < 0.98 or search p99 is not 5x below exact p99."),
    encoder: str = typer.Option("usem", help="usem (the real encoder) or hashing (fast fake, for tests)."),
    per_group: int = typer.Option(6, min=2, help="Really encoded seed texts per NOC unit group."),
    ingest_docs: int = typer.Option(200, min=0, help="Résumés pushed through the ingest pipeline (0 skips)."),
    classify: bool = typer.Option(True, help="Time the occupations classifier (trained on first use, ~2 min)."),
    nprobe: int | None = typer.Option(None, min=1, help="Override IndexConfig.nprobe."),
    ann_type: str | None = typer.Option(None, help="Override IndexConfig.ann_type (ivf_sq8, ivf_flat, hnsw)."),
) -> None:
    """Benchmark a pool of SIZE candidates and write the results to OUT."""
    from benchmarks.bench_shortlist import BenchConfig, run_benchmark
    from benchmarks.guard import compare_with_baseline, guard_failures
    from embeddings.faiss_index import IndexConfig

    if encoder not in ("usem", "hashing"):
        raise typer.BadParameter("expected usem or hashing", param_hint="--encoder")
    overrides = {k: v for k, v in {"nprobe": nprobe, "ann_type": ann_type}.items() if v is not None}
    config = BenchConfig.model_validate(
        {
            "size": size,
            "queries": queries,
            "repeats": repeats,
            "encoder": encoder,
            "per_group": per_group,
            "ingest_docs": ingest_docs,
            "classify": classify,
            "index": IndexConfig.model_validate(overrides),
        }
    )
    result = run_benchmark(config)
    result["baseline_ratio"] = compare_with_baseline(result)
    failures = guard_failures(result)
    result["guard"] = {"checked": guard, "passed": not failures, "failures": failures}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    keys = ("size", "shortlist_p50_ms", "shortlist_p99_ms", "search_p99_ms", "exact_p99_ms", "recall_at_50")
    typer.echo(" ".join(f"{k}={result[k]}" for k in keys) + f" build_s={result['build_s']} rss_mb={result['rss_mb']}")
    typer.echo(f"wrote {out}")
    if guard and failures:
        typer.echo("benchmark guard FAILED: " + "; ".join(failures), err=True)
        raise typer.Exit(1)
    if guard:
        typer.echo("benchmark guard passed")


def register(app: typer.Typer) -> None:
    """Add ``bench`` to the ``passerelle`` command line."""
    app.command("bench")(bench_command)
