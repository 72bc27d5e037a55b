"""The vector indexes: the shared contract for each implementation, FAISS's automatic type switching,
and properties of top-k (the indexes' ranking and ``matching.ranking.top_k``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from embeddings._store import rank_rows
from embeddings.exact_index import ExactIndex, exact_search
from embeddings.faiss_index import FaissIndex, IndexConfig
from embeddings.index_factory import build_index
from matching.ports import VectorIndex
from matching.ranking import top_k
from tests.embeddings.contract import DIM, VectorIndexContract, unit_rows


class TestExactIndex(VectorIndexContract):
    def make_index(self, dim: int) -> VectorIndex:
        return ExactIndex(dim)


class TestFaissFlat(VectorIndexContract):
    def make_index(self, dim: int) -> VectorIndex:
        return FaissIndex(dim, IndexConfig(exact_threshold=10_000))


class TestFaissFlatSparseIds(VectorIndexContract):
    """Ids far apart (no dense id table): the dict path of the store."""

    id_base = 10**12

    def make_index(self, dim: int) -> VectorIndex:
        return FaissIndex(dim, IndexConfig(exact_threshold=10_000))


class TestFaissIvfSq8(VectorIndexContract):
    """IVF above a tiny threshold; every list probed, so the answer must be exact after re-ranking."""

    def make_index(self, dim: int) -> VectorIndex:
        return FaissIndex(dim, IndexConfig(exact_threshold=50, nlist=4, nprobe=4, refine_factor=3))


class TestFaissIvfFlat(VectorIndexContract):
    def make_index(self, dim: int) -> VectorIndex:
        return FaissIndex(dim, IndexConfig(exact_threshold=50, ann_type="ivf_flat", nlist=4, nprobe=4))


class TestFaissHnsw(VectorIndexContract):
    def make_index(self, dim: int) -> VectorIndex:
        config = IndexConfig(exact_threshold=50, ann_type="hnsw", hnsw_ef_search=400, refine_factor=3)
        return FaissIndex(dim, config)


def test_type_follows_size_up_and_down(rng: np.random.Generator) -> None:
    index = FaissIndex(DIM, IndexConfig(exact_threshold=200))
    vectors = unit_rows(rng, 2000)
    ids = np.arange(2000, dtype=np.int64)
    index.add(ids[:150], vectors[:150])
    assert index.mode == "flat" and index.nlist == 0
    index.add(ids[150:400], vectors[150:400])
    assert index.mode == "ivf_sq8"
    first_nlist = index.nlist
    index.add(ids[400:], vectors[400:])
    assert index.nlist >= 2 * first_nlist  # outgrew its lists: retrained
    index.remove(ids[50:])
    assert index.mode == "flat" and len(index) == 50  # below half the threshold: exact again
    hits = index.search(vectors[:1], 5)[0]
    assert hits.ids[0] == 0 and set(hits.ids.tolist()) <= set(range(50))


def test_expected_size_sizes_the_lists_up_front(rng: np.random.Generator) -> None:
    index = FaissIndex(DIM, IndexConfig(exact_threshold=100), expected_size=40_000)
    index.add(np.arange(8000, dtype=np.int64), unit_rows(rng, 8000))
    assert index.mode == "ivf_sq8" and index.nlist == 200  # √40 000, not √8 000


def test_ivf_recall_on_clustered_data_is_high(rng: np.random.Generator) -> None:
    centres = unit_rows(rng, 40, 32)
    rows = centres[rng.integers(0, 40, 6000)] + 0.3 * unit_rows(rng, 6000, 32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    ids = np.arange(6000, dtype=np.int64)
    index = FaissIndex(32, IndexConfig(exact_threshold=1000, nprobe=16))
    index.add(ids, rows)
    queries = rows[:50] + 0.1 * unit_rows(rng, 50, 32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    found = index.search(queries, 50)
    exact = exact_search(rows, ids, queries, 50)
    recall = np.mean([len(set(a.ids.tolist()) & set(b.ids.tolist())) / 50 for a, b in zip(found, exact, strict=True)])
    assert recall >= 0.95


def test_ivf_with_too_few_probed_vectors_falls_back_to_exact(rng: np.random.Generator) -> None:
    rows = unit_rows(rng, 3000)
    index = FaissIndex(DIM, IndexConfig(exact_threshold=100, nlist=50, nprobe=1, refine_factor=1))
    index.add(np.arange(3000, dtype=np.int64), rows)
    hits = index.search(rows[:2], 2900)
    exact = exact_search(rows, np.arange(3000, dtype=np.int64), rows[:2], 2900)
    assert [h.ids.tolist() for h in hits] == [e.ids.tolist() for e in exact]


def test_build_index_picks_the_backend() -> None:
    assert isinstance(build_index(8, IndexConfig(backend="exact")), ExactIndex)
    index = build_index(8, expected_size=10)
    assert isinstance(index, FaissIndex) and index.dim == 8


# -- properties of top-k -------------------------------------------------------------------------------

finite = st.floats(-1.0, 1.0, allow_nan=False, allow_infinity=False, width=32)


@st.composite
def scored_ids(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(0, 60))
    ids = np.asarray(draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True)), np.int64)
    # few distinct values, so ties are common
    scores = draw(arrays(np.float32, n, elements=st.sampled_from([-0.5, 0.0, 0.25, 0.5, 1.0]) | finite))
    return ids, scores


def _check_top_k(ids: np.ndarray, scores: np.ndarray, k: int, got_ids: np.ndarray, got: np.ndarray) -> None:
    assert len(got_ids) == min(k, len(ids))
    assert len(set(got_ids.tolist())) == len(got_ids)
    assert set(got_ids.tolist()) <= set(ids.tolist())
    pairs = list(zip((-got.astype(np.float64)).tolist(), got_ids.tolist(), strict=True))
    assert pairs == sorted(pairs)  # descending score, then ascending id
    if len(got) and len(got) < len(ids):
        assert got.min() >= np.sort(scores)[::-1][len(got) - 1]  # nothing better was left out


@given(scored_ids(), st.integers(0, 80))
def test_ranking_top_k_properties(data: tuple[np.ndarray, np.ndarray], k: int) -> None:
    ids, scores = data
    got_ids, got = top_k(ids, scores, k)
    _check_top_k(ids, scores, k, got_ids, got)
    again_ids, _ = top_k(ids, scores, k)
    assert again_ids.tolist() == got_ids.tolist()


@given(scored_ids(), st.integers(0, 80))
def test_index_rank_rows_properties_and_agreement_with_core(data: tuple[np.ndarray, np.ndarray], k: int) -> None:
    ids, scores = data
    hits = rank_rows(ids, scores, k)
    _check_top_k(ids, scores, k, hits.ids, hits.scores)
    assert hits.ids.tolist() == top_k(ids, scores, k)[0].tolist()


@given(
    arrays(np.float32, st.tuples(st.integers(1, 40), st.just(4)), elements=finite),
    arrays(np.float32, 4, elements=finite),
    st.integers(1, 50),
)
def test_indexes_search_properties(vectors: np.ndarray, query: np.ndarray, k: int) -> None:
    ids = np.arange(len(vectors), dtype=np.int64) * 3
    results = []
    for index in (ExactIndex(4), FaissIndex(4, IndexConfig(exact_threshold=100))):
        index.add(ids, vectors)
        hits = index.search(query[None, :], k)[0]
        _check_top_k(ids, (vectors @ query).astype(np.float32), k, hits.ids, hits.scores)
        assert index.search(query[None, :], k)[0].ids.tolist() == hits.ids.tolist()
        results.append(hits)
    np.testing.assert_allclose(results[0].scores, results[1].scores, atol=1e-5)


@pytest.mark.parametrize("n", [0, 1, 7])
def test_exact_search_shapes(rng: np.random.Generator, n: int) -> None:
    hits = exact_search(unit_rows(rng, n), np.arange(n, dtype=np.int64), unit_rows(rng, 3), 5)
    assert [len(h.ids) for h in hits] == [min(5, n)] * 3


@pytest.mark.parametrize("base", [0, 5_000_000])
def test_store_row_lookup_agrees_with_and_without_the_dense_table(rng: np.random.Generator, base: int) -> None:
    from embeddings._store import VectorStore

    store = VectorStore(DIM)
    ids = rng.choice(3000, size=1000, replace=False).astype(np.int64) + base
    store.upsert(ids, unit_rows(rng, 1000))
    store.delete(ids[:300])
    assert (store._lut is None) == (base > 0)
    asked = np.concatenate([ids, np.array([0, 2999, 10**7], np.int64)])
    expected = [store._row.get(int(i), -1) for i in asked]
    assert store.rows_of(asked).tolist() == expected
    assert all(int(store.ids[r]) == int(i) for i, r in zip(asked, expected, strict=True) if r >= 0)
