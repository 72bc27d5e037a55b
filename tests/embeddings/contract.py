"""``VectorIndexContract``: the behaviour every ``VectorIndex`` must have, run against each implementation.

A test class inherits the mixin and defines ``make_index(dim)``. The expected answers come from a
brute-force numpy scan written here, independently of ``ExactIndex``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings.index_factory import load_index
from matching.errors import EmbeddingDimensionError
from matching.ports import FloatMatrix, IdArray, VectorIndex

DIM = 16


def unit_rows(rng: np.random.Generator, n: int, dim: int = DIM) -> FloatMatrix:
    """``n`` random L2-normalised float32 rows."""
    rows = rng.standard_normal((n, dim)).astype(np.float32)
    out: FloatMatrix = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return out


def brute_force(ids: IdArray, vectors: FloatMatrix, query: FloatMatrix, k: int) -> list[int]:
    """Reference top-k: descending inner product, ties by ascending id."""
    scores = (vectors @ query[0]).astype(np.float64)
    order = np.lexsort((ids, -scores))[:k]
    return [int(i) for i in ids[order]]


class VectorIndexContract:
    """Mixin of contract tests; subclasses provide ``make_index`` (and may move the ids with ``id_base``)."""

    id_base = 0

    def make_index(self, dim: int) -> VectorIndex:
        raise NotImplementedError

    def filled(self, rng: np.random.Generator, n: int = 300) -> tuple[VectorIndex, IdArray, FloatMatrix]:
        index = self.make_index(DIM)
        ids = rng.choice(10 * n, size=n, replace=False).astype(np.int64) + self.id_base
        vectors = unit_rows(rng, n)
        for start in range(0, n, 100):  # several adds, so growth paths run too
            index.add(ids[start : start + 100], vectors[start : start + 100])
        return index, ids, vectors

    def test_satisfies_the_port(self) -> None:
        assert isinstance(self.make_index(DIM), VectorIndex)
        assert self.make_index(DIM).dim == DIM

    def test_empty_index_returns_no_hits(self, rng: np.random.Generator) -> None:
        index = self.make_index(DIM)
        hits = index.search(unit_rows(rng, 2), 5)
        assert len(hits) == 2
        assert all(h.ids.size == 0 and h.scores.size == 0 for h in hits)
        assert len(index) == 0

    def test_add_counts_and_contains(self, rng: np.random.Generator) -> None:
        index, ids, _ = self.filled(rng)
        assert len(index) == 300
        assert int(ids[0]) in index and np.int64(ids[-1]) in index
        assert 10**9 not in index and "x" not in index

    def test_ranking_equals_brute_force(self, rng: np.random.Generator) -> None:
        index, ids, vectors = self.filled(rng)
        for query in unit_rows(rng, 10):
            hits = index.search(query[None, :], 20)[0]
            assert hits.ids.tolist() == brute_force(ids, vectors, query[None, :], 20)
            expected = np.array([vectors[ids.tolist().index(i)] @ query for i in hits.ids.tolist()])
            np.testing.assert_allclose(hits.scores, expected, atol=1e-5)
            assert hits.ids.dtype == np.int64 and hits.scores.dtype == np.float32

    def test_batch_search_equals_single_searches(self, rng: np.random.Generator) -> None:
        index, _, _ = self.filled(rng)
        queries = unit_rows(rng, 5)
        batch = index.search(queries, 10)
        for query, hits in zip(queries, batch, strict=True):
            assert index.search(query[None, :], 10)[0].ids.tolist() == hits.ids.tolist()

    def test_update_replaces_the_vector(self, rng: np.random.Generator) -> None:
        index, ids, _ = self.filled(rng)
        target = unit_rows(rng, 1)
        index.add(ids[:1], target)
        assert len(index) == 300
        hits = index.search(target, 3)[0]
        assert int(hits.ids[0]) == int(ids[0])
        assert hits.scores[0] == pytest.approx(1.0, abs=1e-5)
        assert index.score_ids(target[0], ids[:1])[0] == pytest.approx(1.0, abs=1e-5)

    def test_duplicate_ids_in_one_add_keep_the_last(self, rng: np.random.Generator) -> None:
        index = self.make_index(DIM)
        rows = unit_rows(rng, 3)
        index.add(np.array([7, 7, 8], dtype=np.int64), rows)
        assert len(index) == 2
        assert index.score_ids(rows[1], np.array([7], np.int64))[0] == pytest.approx(1.0, abs=1e-5)

    def test_remove_returns_count_and_forgets(self, rng: np.random.Generator) -> None:
        index, ids, vectors = self.filled(rng)
        gone = ids[:50]
        assert index.remove(np.concatenate([gone, np.array([10**9], np.int64)])) == 50
        assert index.remove(gone) == 0
        assert len(index) == 250
        assert int(gone[0]) not in index
        hits = index.search(vectors[:50], 300)
        assert all(not set(h.ids.tolist()) & set(gone.tolist()) for h in hits)
        assert all(len(h.ids) == 250 for h in hits)

    def test_k_larger_than_len_returns_everything_once(self, rng: np.random.Generator) -> None:
        index = self.make_index(DIM)
        rows = unit_rows(rng, 4)
        index.add(np.arange(4, dtype=np.int64) + 100, rows)
        hits = index.search(rows[:1], 50)[0]
        assert sorted(hits.ids.tolist()) == [100, 101, 102, 103]
        assert index.search(rows[:1], 0)[0].ids.size == 0

    def test_never_returns_minus_one(self, rng: np.random.Generator) -> None:
        index, ids, _ = self.filled(rng, 120)
        index.remove(ids[:110])
        for hits in index.search(unit_rows(rng, 20), 100):
            assert -1 not in hits.ids.tolist()
            assert len(hits.ids) == 10

    def test_ties_break_by_ascending_id(self, rng: np.random.Generator) -> None:
        index = self.make_index(DIM)
        row = unit_rows(rng, 1)
        index.add(np.array([30, 10, 20], dtype=np.int64), np.repeat(row, 3, axis=0))
        index.add(np.array([5], dtype=np.int64), unit_rows(rng, 1))
        assert index.search(row, 3)[0].ids.tolist() == [10, 20, 30]

    def test_score_ids_are_inner_products_and_nan_when_absent(self, rng: np.random.Generator) -> None:
        index, ids, vectors = self.filled(rng)
        query = unit_rows(rng, 1)[0]
        asked = np.array([ids[3], 10**9, ids[7]], dtype=np.int64)
        scores = index.score_ids(query, asked)
        assert scores.dtype == np.float32 and scores.shape == (3,)
        assert scores[0] == pytest.approx(float(vectors[3] @ query), abs=1e-5)
        assert np.isnan(scores[1])
        assert scores[2] == pytest.approx(float(vectors[7] @ query), abs=1e-5)
        assert index.score_ids(query, np.zeros(0, np.int64)).shape == (0,)

    def test_save_load_round_trip(self, rng: np.random.Generator, tmp_path: Path) -> None:
        index, ids, _ = self.filled(rng)
        index.remove(ids[:10])
        path = tmp_path / "sub" / "index.npz"
        index.save(path)  # type: ignore[attr-defined]
        assert [p.name for p in path.parent.iterdir()] == ["index.npz"]  # no temp file left behind
        loaded = load_index(path)
        assert type(loaded) is type(index) and len(loaded) == 290 and loaded.dim == DIM
        queries = unit_rows(rng, 5)
        for a, b in zip(index.search(queries, 15), loaded.search(queries, 15), strict=True):
            assert a.ids.tolist() == b.ids.tolist()
            np.testing.assert_allclose(a.scores, b.scores)
        loaded.add(ids[:1], unit_rows(rng, 1))
        assert len(loaded) == 291

    def test_wrong_dimension_is_refused(self, rng: np.random.Generator) -> None:
        index = self.make_index(DIM)
        with pytest.raises(EmbeddingDimensionError):
            index.add(np.array([1], np.int64), unit_rows(rng, 1, DIM + 1))
        with pytest.raises(EmbeddingDimensionError):
            index.search(unit_rows(rng, 1, DIM - 1), 3)
        with pytest.raises(EmbeddingDimensionError):
            index.score_ids(unit_rows(rng, 1, DIM + 2)[0], np.array([1], np.int64))

    def test_bad_arrays_are_refused(self, rng: np.random.Generator) -> None:
        index = self.make_index(DIM)
        rows = unit_rows(rng, 2)
        with pytest.raises(TypeError):
            index.add(np.array([1, 2], np.int64), rows.astype(np.float64))
        with pytest.raises(ValueError):
            index.add(np.array([1, 2], np.int64), rows[0])
        with pytest.raises(ValueError):
            index.add(np.array([1, 2, 3], np.int64), rows)
        with pytest.raises(TypeError):
            index.add(np.array([1.5, 2.5]), rows)
        with pytest.raises(ValueError):
            index.add(np.array([-1, 2], np.int64), rows)
        with pytest.raises(ValueError):
            index.search(rows, -1)
        with pytest.raises(TypeError):
            index.search(rows.tolist(), 3)  # type: ignore[arg-type]
        assert len(index) == 0
