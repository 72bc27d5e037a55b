"""The benchmark command on a tiny pool (fake encoder), the guard, and the pool generator."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from api.commands import bench
from benchmarks import pool as pool_module
from benchmarks.generator import PoolGenerator
from benchmarks.guard import guard_failures
from benchmarks.pool import SeedPool, build_seed_pool
from embeddings.hashing import HashingEmbedder

REQUIRED = (
    "size",
    "shortlist_p50_ms",
    "shortlist_p99_ms",
    "search_p99_ms",
    "exact_p99_ms",
    "recall_at_50",
    "build_s",
    "rss_mb",
    "ingest_per_s",
    "classify_per_s",
)


@pytest.fixture
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pool_module, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture
def seed_pool(shared_data: Path, isolated_cache: Path) -> SeedPool:
    return build_seed_pool(HashingEmbedder(64), "hashing64", per_group=2, data=shared_data)


def _cli() -> typer.Typer:
    app = typer.Typer()
    bench.register(app)
    app.command("noop")(lambda: None)  # a second command keeps typer from collapsing the group
    return app


def test_bench_command_writes_every_metric_for_a_tiny_pool(
    shared_data: Path, isolated_cache: Path, tmp_path: Path
) -> None:
    out = tmp_path / "results" / "tiny.json"
    args = ["bench", "--size", "2000", "--out", str(out), "--queries", "20", "--repeats", "1"]
    args += ["--encoder", "hashing", "--per-group", "2", "--ingest-docs", "8", "--no-classify"]
    result = CliRunner().invoke(_cli(), args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in REQUIRED:
        assert key in data, key
    assert data["size"] == 2000 and data["queries"] == 20
    assert data["recall_at_50"] == 1.0  # 2k is below the exact threshold: the index is exact
    assert data["index"]["mode"] == "flat"
    assert 0 < data["shortlist_p50_ms"] <= data["shortlist_p99_ms"]
    assert data["ingest_per_s"] > 0 and "embed" in data["ingest_stages"]
    assert data["classify_per_s"] is None and "skipped" in data["classify_note"]
    assert data["rule_provider"]
    assert data["machine"]["cores"] >= 1
    assert data["guard"]["checked"] is False
    assert list(isolated_cache.glob("pool-hashing-*.npy"))  # the seed pool was cached


def test_guard_passes_and_fails_on_recall_and_speed_ratio() -> None:
    good = {"recall_at_50": 0.99, "search_p99_ms": 2.0, "exact_p99_ms": 40.0}
    assert guard_failures(good) == []
    assert "recall@50" in guard_failures({**good, "recall_at_50": 0.97})[0]
    assert "5× below" in guard_failures({**good, "search_p99_ms": 9.0})[0]


def test_generator_is_deterministic_normalised_and_aligned(seed_pool: SeedPool) -> None:
    first = list(PoolGenerator(seed_pool, seed=3).chunks(1200, chunk=500))
    again = list(PoolGenerator(seed_pool, seed=3).chunks(1200, chunk=500))
    vectors = np.concatenate([c.vectors for c in first])
    assert vectors.shape == (1200, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(vectors, np.concatenate([c.vectors for c in again]))
    ids = np.concatenate([c.ids for c in first])
    assert ids.tolist() == list(range(1, 1201))
    people = [p for c in first for p in c.candidates]
    assert [p.id for p in people] == ids.tolist()
    codes = {g.code for g in seed_pool.groups}
    assert all(p.occupations and p.occupations[0].code in codes for p in people)
    assert all(p.text in seed_pool.texts for p in people[:50])


def test_derived_vectors_stay_near_their_occupation(seed_pool: SeedPool) -> None:
    chunk = next(PoolGenerator(seed_pool, seed=5).chunks(300))
    group_index = {g.code: i for i, g in enumerate(seed_pool.groups)}
    hits = 0
    for person, vector in zip(chunk.candidates, chunk.vectors, strict=True):
        nearest_text = int(np.argmax(seed_pool.vectors @ vector))
        hits += int(seed_pool.group_of[nearest_text] == group_index[person.occupations[0].code])
    assert hits / 300 > 0.8


def test_vacancies_are_in_real_municipalities(seed_pool: SeedPool) -> None:
    towns = {t.code: t.region for t in seed_pool.towns}
    vacancies = PoolGenerator(seed_pool).vacancies(40)
    assert [v.id for v in vacancies] == list(range(1, 41))
    assert all(towns[v.municipality_code] == v.region_code for v in vacancies)
    assert {v.language for v in vacancies} == {"fr", "en"}
    assert all(v.text.strip() for v in vacancies)


def test_report_table_has_one_row_per_result() -> None:
    from benchmarks.report import table

    row = {
        "size": 10000,
        "index": {"mode": "ivf_sq8", "nlist": 100, "nprobe": 32},
        "recall_at_50": 0.995,
        "classify_per_s": None,
        "machine": {"load_avg_1m": 1.5},
    }
    lines = table([row, {**row, "size": 100000}]).splitlines()
    assert len(lines) == 4
    assert "| 10,000 | ivf_sq8 (100 lists, nprobe 32) |" in lines[2]
    assert "0.995" in lines[2] and "n/a" in lines[2]


def test_best_of_repeats_keeps_each_querys_fastest_round() -> None:
    from benchmarks.timing import best_of_repeats, summary_ms

    rounds = [0.001, 0.030, 0.002, 0.001, 0.002, 0.020]  # 2 rounds × 3 queries; pre-emptions in each round
    assert best_of_repeats(rounds, 3) == [0.001, 0.002, 0.002]
    summary = summary_ms(rounds, 3, "search")
    assert summary["search_p99_ms"] == pytest.approx(2.0, abs=0.01)
    assert summary["search_p99_all_ms"] > 20.0
