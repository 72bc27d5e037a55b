"""The shortlist benchmark: index build, index search vs an exact numpy scan, recall@50, and the full path.

``run_benchmark(BenchConfig(size=...))`` returns a flat dict of results (see ``benchmarks/README.md``):

1. seed pool: real NOC texts encoded by the real encoder (cached in ``benchmarks/.cache``);
2. derived pool of ``size`` candidates (vectors + records) added chunk by chunk to ``build_index``;
3. ``queries`` fresh vacancies, encoded by the real encoder;
4. timed: index search alone (top-50) and the exact numpy scan over the same vectors (top-50), interleaved
   query by query so both see the same machine load, then the full
   shortlist through ``MatchingService.shortlist`` (query embedding, retrieval, scoring, rules, explanations);
5. recall@50 of the index against the exact scan, build time, memory, ingest and classification throughput.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field
from tqdm import tqdm

from benchmarks.bench_ingest import classify_throughput, ingest_throughput, load_title_classifier
from benchmarks.generator import PoolGenerator
from benchmarks.pool import build_seed_pool
from benchmarks.stored import stored_series
from benchmarks.timing import (
    machine,
    peak_rss_mb,
    percentiles_ms,
    rss_mb,
    summary_ms,
    time_each,
    time_interleaved,
)
from embeddings.exact_index import ExactIndex, exact_search
from embeddings.faiss_index import FaissIndex, IndexConfig
from embeddings.index_factory import build_index
from matching import InMemoryStore, MatchingService, RuleSetProvider, StaticRuleSetProvider
from matching.models import Candidate, Vacancy
from matching.ports import Embedder, FloatMatrix

K = 50


class BenchConfig(BaseModel):
    """One benchmark run."""

    size: int = Field(100_000, ge=100, description="Candidates in the pool.")
    queries: int = Field(200, ge=10, description="Vacancies timed (each one a shortlist request).")
    warmup: int = Field(10, ge=0, description="Untimed calls before each timed series.")
    repeats: int = Field(3, ge=1, description="Timed rounds over all queries, per series (best of them per query).")
    encoder: Literal["usem", "hashing"] = Field("usem", description="Real encoder, or the hashing fake (tests).")
    per_group: int = Field(6, ge=2, description="Really encoded résumé texts per NOC unit group (seed pool).")
    ingest_docs: int = Field(200, ge=0, description="Résumés pushed through the ingest pipeline (0 skips).")
    classify: bool = Field(True, description="Load the occupations classifier for ingest and title throughput.")
    index: IndexConfig = Field(default_factory=IndexConfig, description="Index parameters under test.")
    seed: int = Field(11, description="Generation seed.")


def run_benchmark(config: BenchConfig) -> dict[str, Any]:
    """Run every measurement of one pool size.

    Args:
        config: the run's parameters.

    Returns:
        The results, JSON-serialisable.
    """
    started = time.perf_counter()
    embedder = _embedder(config.encoder)
    seed_pool = _seed_pool(embedder, config)
    generator = PoolGenerator(seed_pool, seed=config.seed)
    t0 = time.perf_counter()
    index, store, gen_s, build_cpu_s = _build(generator, embedder.dim, config)
    build_s = time.perf_counter() - t0 - gen_s
    after_build = rss_mb()
    peaks = {"build": peak_rss_mb()}
    vacancies = generator.vacancies(config.queries)
    queries = embedder.encode_queries([v.text for v in vacancies])
    search = _search_series(index, queries, config)
    peaks["search"] = peak_rss_mb()
    rules, rules_name = _rules()
    service = _service(embedder, index, store, vacancies, rules)
    on = _rule_date(rules)
    shortlist = time_each(
        vacancies,
        lambda v: service.shortlist(v, k=K, on=on),
        warmup=config.warmup,
        repeats=config.repeats,
        label="shortlist",
    )
    short = summary_ms(shortlist, len(vacancies), "shortlist")
    stored = stored_series(
        service, index, _stored(index), store, vacancies, queries, rules, on, config.warmup, config.repeats
    )
    retrieved = float(np.mean([service.shortlist(v, k=K, on=on).retrieved for v in vacancies[:20]]))
    encode = percentiles_ms(
        time_each(
            [v.text for v in vacancies],
            lambda text: embedder.encode_queries([text]),
            warmup=config.warmup,
            repeats=1,
            label="query encoding",
        )
    )
    classifier = (
        load_title_classifier(embedder if config.encoder == "usem" else None)
        if config.classify
        else (None, "classification skipped (--no-classify)")
    )
    ingest = ingest_throughput(
        embedder, index, seed_pool, config.ingest_docs, first_id=config.size + 1, classifier=classifier
    )
    classify = classify_throughput(seed_pool, config.ingest_docs, classifier)
    return {
        "size": config.size,
        "queries": config.queries,
        "repeats": config.repeats,
        "k": K,
        **short,
        **stored,
        "shortlist_pairs_scored_mean": round(retrieved, 1),
        "query_encode_p50_ms": encode["p50"],
        "query_encode_p99_ms": encode["p99"],
        **search,
        "build_s": round(build_s, 2),
        "build_cpu_s": round(build_cpu_s, 2),
        "generate_s": round(gen_s, 2),
        "rss_mb": after_build,
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_by_step_mb": {**peaks, "end (shortlist, ingest, classifier)": peak_rss_mb()},
        **ingest,
        **classify,
        "encoder": config.encoder,
        "seed_texts": len(seed_pool.texts),
        "rule_provider": rules_name,
        "index": _describe(index),
        "machine": machine(),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "total_s": round(time.perf_counter() - started, 1),
    }


def _embedder(name: str) -> Embedder:
    from embeddings.factory import EmbedderConfig, build_embedder

    return build_embedder(EmbedderConfig(backend=name))


def _seed_pool(embedder: Embedder, config: BenchConfig) -> Any:
    with tqdm(desc="seed pool (encode or cache)", unit="text", leave=False) as bar:
        return build_seed_pool(embedder, config.encoder, per_group=config.per_group, progress=bar.update)


def _build(
    generator: PoolGenerator, dim: int, config: BenchConfig
) -> tuple[Any, InMemoryStore[Candidate], float, float]:
    """Generate the pool chunk by chunk into the index and the store.

    Returns:
        The index, the store, the generation wall time, and the CPU time (all threads) spent in ``index.add``.
    """
    index = build_index(dim, config.index, expected_size=config.size)
    store: InMemoryStore[Candidate] = InMemoryStore()
    gen_s = cpu_s = 0.0
    chunks = generator.chunks(config.size)
    with tqdm(total=config.size, desc=f"build {config.size:,}", unit="vec", leave=False) as bar:
        while True:
            t = time.perf_counter()
            chunk = next(chunks, None)
            if chunk is None:
                break
            for candidate in chunk.candidates:
                store.put(candidate)
            gen_s += time.perf_counter() - t
            cpu = time.process_time()
            index.add(chunk.ids, chunk.vectors)
            cpu_s += time.process_time() - cpu
            bar.update(len(chunk.ids))
    return index, store, gen_s, cpu_s


def _search_series(index: Any, queries: FloatMatrix, config: BenchConfig) -> dict[str, Any]:
    """Index search alone vs the exact numpy scan over the same stored vectors, and recall@50."""
    vectors, ids = _stored(index)
    rows = [q[None, :] for q in queries]
    found = index.search(queries, K)
    exact = exact_search(vectors, ids, queries, K)
    recall = np.mean([len(set(a.ids.tolist()) & set(b.ids.tolist())) / K for a, b in zip(found, exact, strict=True)])
    timed = time_interleaved(
        rows,
        {"search": lambda q: index.search(q, K), "exact": lambda q: exact_search(vectors, ids, q, K)},
        warmup=config.warmup,
        repeats=config.repeats,
        label="search vs exact scan",
    )
    searched = summary_ms(timed["search"], len(rows), "search")
    scanned = summary_ms(timed["exact"], len(rows), "exact")
    return {
        **searched,
        **scanned,
        "speedup_p99": round(scanned["exact_p99_ms"] / max(searched["search_p99_ms"], 1e-6), 2),
        "recall_at_50": round(float(recall), 4),
    }


def _stored(index: Any) -> tuple[FloatMatrix, Any]:
    if isinstance(index, FaissIndex):
        return index.vectors, index.ids
    if isinstance(index, ExactIndex):
        return index._store.vectors, index._store.ids
    raise TypeError(f"cannot read the vectors of {type(index).__name__}")


def _rules() -> tuple[RuleSetProvider, str]:
    """The real rule sets from ``regions`` when importable, else no rules."""
    try:
        from regions import load_rule_sets

        return load_rule_sets(), "regions.load_rule_sets"
    except ImportError:
        return StaticRuleSetProvider(), "matching.StaticRuleSetProvider (regions not available)"


def _rule_date(rules: RuleSetProvider) -> date:
    """Today if a rule set is in force, else the first date of 2026 (the shipped passerelle-2026 set)."""
    today = date.today()
    try:
        rules.in_force(today)
        return today
    except Exception:
        return date(2026, 6, 1)


def _service(
    embedder: Embedder, index: Any, store: InMemoryStore[Candidate], vacancies: list[Vacancy], rules: RuleSetProvider
) -> MatchingService:
    vacancy_index = ExactIndex(embedder.dim)
    service = MatchingService(
        embedder=embedder,
        candidate_index=index,
        vacancy_index=vacancy_index,
        candidates=store,
        vacancies=InMemoryStore(vacancies),
        rules=rules,
    )
    service.index_vacancies(vacancies)
    return service


def _describe(index: Any) -> dict[str, Any]:
    if isinstance(index, FaissIndex):
        cfg = index.config
        return {
            "class": "FaissIndex",
            "mode": index.mode,
            "nlist": index.nlist,
            "nprobe": cfg.nprobe,
            "refine_factor": cfg.refine_factor,
            "exact_threshold": cfg.exact_threshold,
        }
    return {"class": type(index).__name__, "mode": "exact"}
