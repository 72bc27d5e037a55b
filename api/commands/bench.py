"""``passerelle bench``: the shortlist / index benchmark of one pool size (optional CI guard); ``bench load``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer


def bench_command(
    ctx: typer.Context,
    size: int = typer.Option(100_000, min=100, help="Candidates in the generated pool."),
    out: Path | None = typer.Option(None, help="Where to write the JSON results."),
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
    """Benchmark a pool of SIZE candidates and write the results to OUT (``bench load``: the server under load)."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise typer.BadParameter("give --out", param_hint="--out")
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


def load_command(
    clients: int = typer.Option(50, min=1, max=500, help="Concurrent closed-loop clients."),
    seconds: float = typer.Option(60.0, min=1, max=3600, help="How long the clients send requests."),
    workers: int = typer.Option(1, min=1, max=16, help="Server processes (passerelle serve --workers)."),
    max_requests: int = typer.Option(200_000, min=1, help="Stop after this many requests even before the time."),
    out: Path = typer.Option(Path("benchmarks/results/load.json"), help="Where to write the JSON results."),
    database_url: str = typer.Option("", help="PostgreSQL URL to serve from (a fresh SQLite file by default)."),
    classify: bool = typer.Option(False, help="Classify documents (trains the classifier on first use)."),
    fail_on_errors: bool = typer.Option(False, help="Exit 1 on any 5xx or dropped connection (CI)."),
    separate_worker: bool = typer.Option(
        False, help="Encode in a separate `passerelle worker` process (servers with PASSERELLE_INDEX_EMBED=false)."
    ),
) -> None:
    """Start a server on 127.0.0.1 (real encoder, demo data) and run the request mix against it."""
    from benchmarks.load import run_load, write_result

    result = run_load(clients, seconds, workers, max_requests, database_url, classify, separate_worker)
    write_result(result, out)
    kinds = result["kinds"]
    typer.echo(
        f"requests/s={result['requests_per_s']} errors_5xx={result['errors_5xx']} dropped={result['dropped']} "
        f"healthz_p99_ms={kinds['healthz'].get('p99_ms')} shortlist_p99_ms={kinds['shortlist'].get('p99_ms')} "
        f"index_lag_p99_ms={result['index_lag'].get('p99_ms')}"
    )
    for kind, row in kinds.items():
        typer.echo(
            f"  {kind:<15} n={row['count']:<6} p50={row.get('p50_ms')} p95={row.get('p95_ms')} "
            f"p99={row.get('p99_ms')} 5xx={row['errors_5xx']} 4xx={row['other_4xx']} dropped={row['dropped']}"
        )
    typer.echo(f"targets: {result['targets']}")
    typer.echo(f"wrote {out}")
    if fail_on_errors and (result["errors_5xx"] or result["dropped"]):
        typer.echo("load benchmark FAILED: server errors or dropped connections", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``bench`` (the shortlist benchmark) and ``bench load`` to the ``passerelle`` command line."""
    group = typer.Typer(invoke_without_command=True, no_args_is_help=False, add_completion=False)
    group.callback()(bench_command)
    group.command("load")(load_command)
    app.add_typer(group, name="bench")
