"""The id -> vector store shared by the exact and the FAISS index, and the array-contract checks.

Both indexes keep their float32 vectors here: it answers ``score_ids`` exactly, re-ranks approximate
candidates, and lets the FAISS index retrain or rebuild without asking FAISS to give its vectors back.
Removal swaps the last row into the hole, so rows stay dense and the matrix never has gaps.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.errors import EmbeddingDimensionError
from matching.ports import FloatMatrix, FloatVector, Hits, IdArray

_GROWTH = 1.5
_LUT_MIN = 1 << 20  # ids below this always get the dense table (8 MiB at most)


def check_ids(ids: object) -> IdArray:
    """Validate an id array: 1-D, integer. Returns it as int64."""
    if not isinstance(ids, np.ndarray):
        raise TypeError(f"ids must be a numpy array, got {type(ids).__name__}")
    if ids.ndim != 1:
        raise ValueError(f"ids must be 1-D, got shape {ids.shape}")
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must be integers (int64), got {ids.dtype}")
    out: IdArray = ids.astype(np.int64, copy=False)
    if out.size and int(out.min()) < 0:
        raise ValueError("ids must be >= 0 (-1 is FAISS's padding)")
    return out


def check_matrix(vectors: object, dim: int, what: str = "vectors") -> FloatMatrix:
    """Validate a matrix: numpy, 2-D, float32, ``dim`` columns, finite. Returns it C-contiguous."""
    if not isinstance(vectors, np.ndarray):
        raise TypeError(f"{what} must be a numpy array, got {type(vectors).__name__}")
    if vectors.ndim != 2:
        raise ValueError(f"{what} must be 2-D (rows × dim), got shape {vectors.shape}")
    if vectors.dtype != np.float32:
        raise TypeError(f"{what} must be float32, got {vectors.dtype}")
    if vectors.shape[1] != dim:
        raise EmbeddingDimensionError(dim, int(vectors.shape[1]))
    if not np.isfinite(vectors).all():
        raise ValueError(f"{what} contain NaN or infinity")
    out: FloatMatrix = np.ascontiguousarray(vectors)
    return out


def check_vector(query: object, dim: int) -> FloatVector:
    """Validate one query vector: numpy, 1-D, float32, length ``dim``."""
    if not isinstance(query, np.ndarray):
        raise TypeError(f"query must be a numpy array, got {type(query).__name__}")
    if query.ndim != 1:
        raise ValueError(f"query must be 1-D, got shape {query.shape}")
    if query.dtype != np.float32:
        raise TypeError(f"query must be float32, got {query.dtype}")
    if query.shape[0] != dim:
        raise EmbeddingDimensionError(dim, int(query.shape[0]))
    out: FloatVector = query
    return out


def check_k(k: int) -> int:
    """k must be a non-negative int."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    return int(k)


def rank_rows(ids: IdArray, scores: npt.NDArray[Any], k: int) -> Hits:
    """Best ``k`` of one query's (id, score) pairs: descending score, ties by ascending id.

    Args:
        ids: candidate ids (unique).
        scores: their float32 scores.
        k: how many to keep.

    Returns:
        The hits, at most ``k``.
    """
    n = ids.shape[0]
    if n > k > 0:
        # Keep every row tied with the k-th best so that the tie-break by id below is exact.
        kth = np.partition(scores, n - k)[n - k]
        keep = scores >= kth
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores.astype(np.float64)))[:k]
    return Hits(ids[order].astype(np.int64), scores[order].astype(np.float32))


class VectorStore:
    """Dense float32 rows with an id -> row map. Not thread-safe (the indexes wrap it)."""

    def __init__(self, dim: int, capacity: int = 0) -> None:
        if dim <= 0:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self._matrix: FloatMatrix = np.zeros((max(capacity, 16), dim), dtype=np.float32)
        self._ids: IdArray = np.zeros(max(capacity, 16), dtype=np.int64)
        self._row: dict[int, int] = {}
        # Dense id -> row table, kept while ids stay small (database ids usually are): vectorised lookups.
        self._lut: npt.NDArray[np.int64] | None = np.full(1024, -1, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, bool) or not isinstance(item, int | np.integer):
            return False
        return int(item) in self._row

    @property
    def vectors(self) -> FloatMatrix:
        """A read-only view of the stored rows (valid until the next change)."""
        view = self._matrix[: len(self._row)]
        view.flags.writeable = False
        return view

    @property
    def ids(self) -> IdArray:
        """A read-only view of the id of each stored row."""
        view = self._ids[: len(self._row)]
        view.flags.writeable = False
        return view

    def reserve(self, capacity: int) -> None:
        """Grow the backing arrays to hold ``capacity`` rows without further copies."""
        if capacity <= self._matrix.shape[0]:
            return
        n = len(self._row)
        matrix = np.empty((capacity, self.dim), dtype=np.float32)
        matrix[:n] = self._matrix[:n]
        ids = np.empty(capacity, dtype=np.int64)
        ids[:n] = self._ids[:n]
        self._matrix, self._ids = matrix, ids

    def upsert(self, ids: IdArray, vectors: FloatMatrix) -> IdArray:
        """Insert or replace rows; the last occurrence wins within one call.

        Returns:
            The ids among ``ids`` that were already stored before the call (replaced).
        """
        last = _last_occurrence(ids)
        ids, vectors = ids[last], vectors[last]
        rows = self._row
        present = np.fromiter((i in rows for i in ids.tolist()), dtype=bool, count=ids.shape[0])
        for i, vector in zip(ids[present].tolist(), vectors[present], strict=True):
            self._matrix[rows[i]] = vector
        new_ids, new_vectors = ids[~present], vectors[~present]
        n, m = len(rows), new_ids.shape[0]
        if n + m > self._matrix.shape[0]:
            self.reserve(max(n + m, int(self._matrix.shape[0] * _GROWTH)))
        self._matrix[n : n + m] = new_vectors
        self._ids[n : n + m] = new_ids
        rows.update(zip(new_ids.tolist(), range(n, n + m), strict=True))
        self._lut_set(new_ids, np.arange(n, n + m, dtype=np.int64))
        replaced: IdArray = ids[present]
        return replaced

    def _lut_set(self, ids: IdArray, rows: npt.NDArray[np.int64]) -> None:
        """Record new rows in the dense table, growing it, or dropping it when ids get too sparse."""
        if self._lut is None or ids.shape[0] == 0:
            return
        top = int(ids.max())
        if top >= self._lut.shape[0]:
            limit = max(4 * len(self._row), _LUT_MIN)
            if top >= limit:
                self._lut = None  # sparse ids: the dict alone answers from now on
                return
            grown = np.full(min(limit, max(top + 1, 2 * self._lut.shape[0])), -1, dtype=np.int64)
            grown[: self._lut.shape[0]] = self._lut
            self._lut = grown
        self._lut[ids] = rows

    def delete(self, ids: IdArray) -> IdArray:
        """Delete the given ids (absent ones are ignored). Returns the ids actually removed."""
        removed: list[int] = []
        for i in dict.fromkeys(ids.tolist()):
            row = self._row.pop(i, None)
            if row is None:
                continue
            removed.append(i)
            if self._lut is not None:
                self._lut[i] = -1
            last = len(self._row)
            if row != last:
                moved = int(self._ids[last])
                self._matrix[row] = self._matrix[last]
                self._ids[row] = moved
                self._row[moved] = row
                if self._lut is not None:
                    self._lut[moved] = row
        return np.asarray(removed, dtype=np.int64)

    def rows_of(self, ids: IdArray) -> npt.NDArray[np.int64]:
        """Row of each id, -1 for an absent id."""
        if self._lut is not None:
            out = np.full(ids.shape[0], -1, dtype=np.int64)
            inside = (ids >= 0) & (ids < self._lut.shape[0])
            out[inside] = self._lut[ids[inside]]
            return out
        get = self._row.get
        return np.fromiter((get(i, -1) for i in ids.tolist()), dtype=np.int64, count=ids.shape[0])

    def score_ids(self, query: FloatVector, ids: IdArray) -> FloatVector:
        """Inner product of ``query`` with each id's row; NaN where the id is absent.

        The rows are gathered into a per-thread buffer that is kept between calls: a fresh gather of thousands
        of rows (the occupation channel reads up to 5,000, 10 MB at 512-d) spends more time faulting in new
        pages than copying. The product is the same BLAS call on the same rows in the same order, so the
        scores are bit for bit those of a fresh gather (BLAS results depend on a row's place in the batch).
        """
        rows = self.rows_of(ids)
        out: FloatVector = np.full(ids.shape[0], np.nan, dtype=np.float32)
        known = rows >= 0
        if not known.any():
            return out
        if not known.all():
            rows = rows[known]
        gathered = _gather_buffer(rows.shape[0], self.dim)
        np.take(self._matrix, rows, axis=0, out=gathered)
        scores = gathered @ query
        if known.all():
            out[:] = scores
        else:
            out[known] = scores
        return out

    def rerank(self, query: FloatVector, candidates: IdArray, k: int) -> Hits:
        """Exact scores for candidate ids (absent and duplicate ids dropped), best ``k`` first."""
        candidates = np.sort(candidates[candidates >= 0])  # np.unique, without its hash table (10x slower here)
        if candidates.shape[0] > 1:
            candidates = candidates[np.concatenate(([True], candidates[1:] != candidates[:-1]))]
        scores = self.score_ids(query, candidates)
        known = ~np.isnan(scores)
        return rank_rows(candidates[known], scores[known], k)


_buffers = threading.local()
_BUFFER_MAX_BYTES = 64 << 20  # larger gathers get a fresh array each time


def _gather_buffer(rows: int, dim: int) -> FloatMatrix:
    """A C-contiguous ``(rows, dim)`` float32 view of this thread's reusable buffer (grown on demand)."""
    size = rows * dim
    if size * 4 > _BUFFER_MAX_BYTES:
        return np.empty((rows, dim), dtype=np.float32)
    held: npt.NDArray[np.float32] | None = getattr(_buffers, "array", None)
    if held is None or held.shape[0] < size:
        grown = 2 * held.shape[0] if held is not None else 0
        held = np.empty(max(size, min(grown, _BUFFER_MAX_BYTES // 4)), dtype=np.float32)
        _buffers.array = held
    view: FloatMatrix = held[:size].reshape(rows, dim)
    return view


def _last_occurrence(ids: IdArray) -> npt.NDArray[np.intp]:
    """Positions keeping only the last occurrence of each id, in their original order."""
    reversed_ids = ids[::-1]
    _, first_in_reversed = np.unique(reversed_ids, return_index=True)
    positions = ids.shape[0] - 1 - first_in_reversed
    return np.sort(positions)
