"""The exact reference index: a brute-force numpy inner-product scan over the stored vectors."""

from __future__ import annotations

import os

import numpy as np

from embeddings._persist import load_arrays, save_arrays
from embeddings._rwlock import ReadWriteLock
from embeddings._store import VectorStore, check_ids, check_k, check_matrix, check_vector, rank_rows
from matching.ports import FloatMatrix, FloatVector, Hits, IdArray

_BLOCK_CELLS = 1 << 24  # at most 16M scores (64 MB) materialised per block of queries


def exact_search(vectors: FloatMatrix, ids: IdArray, queries: FloatMatrix, k: int) -> list[Hits]:
    """Brute-force top-k by inner product, ties by ascending id.

    Args:
        vectors: stored rows (n × dim, float32).
        ids: the id of each row (n, int64, unique).
        queries: query rows (q × dim, float32).
        k: results per query.

    Returns:
        One ``Hits`` per query, best first, ``min(k, n)`` long.
    """
    n = vectors.shape[0]
    out: list[Hits] = []
    if n == 0 or k == 0:
        empty = Hits(np.zeros(0, np.int64), np.zeros(0, np.float32))
        return [empty for _ in range(queries.shape[0])]
    block = max(1, _BLOCK_CELLS // n)
    for start in range(0, queries.shape[0], block):
        scores = queries[start : start + block] @ vectors.T
        out.extend(rank_rows(ids, row, k) for row in scores)
    return out


class ExactIndex:
    """Exact inner-product index in numpy: the reference every other ``VectorIndex`` is tested against.

    Args:
        dim: vector dimension.
        capacity: rows to pre-allocate (optional).
    """

    kind = "exact"

    def __init__(self, dim: int, *, capacity: int = 0) -> None:
        self._store = VectorStore(dim, capacity)
        self._lock = ReadWriteLock()  # concurrent searches; add/remove exclusive

    @property
    def dim(self) -> int:
        return self._store.dim

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, item: object) -> bool:
        return item in self._store

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        """Add vectors; an id already present is replaced.

        Args:
            ids: int64 ids, one per row.
            vectors: float32 rows (L2-normalised for cosine scores).
        """
        ids = check_ids(ids)
        vectors = check_matrix(vectors, self.dim)
        if ids.shape[0] != vectors.shape[0]:
            raise ValueError(f"{ids.shape[0]} ids for {vectors.shape[0]} vectors")
        with self._lock.write():
            self._store.upsert(ids, vectors)

    def remove(self, ids: IdArray) -> int:
        """Remove ids; returns how many were present."""
        ids = check_ids(ids)
        with self._lock.write():
            return int(self._store.delete(ids).shape[0])

    def search(self, queries: FloatMatrix, k: int) -> list[Hits]:
        """Top-k per query row, best first, ties by ascending id.

        Args:
            queries: float32 rows of the index dimension.
            k: results per query (more than ``len(self)`` returns all).

        Returns:
            One ``Hits`` per query.
        """
        queries = check_matrix(queries, self.dim, "queries")
        k = check_k(k)
        with self._lock.read():
            return exact_search(self._store.vectors, self._store.ids, queries, k)

    def score_ids(self, query: FloatVector, ids: IdArray) -> FloatVector:
        """Inner product of ``query`` with each id's vector (NaN for an absent id)."""
        query = check_vector(query, self.dim)
        ids = check_ids(ids)
        with self._lock.read():
            return self._store.score_ids(query, ids)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to ``path`` atomically (temp file + rename)."""
        with self._lock.read():
            save_arrays(path, {"kind": self.kind, "dim": self.dim}, ids=self._store.ids, vectors=self._store.vectors)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ExactIndex:
        """Read an index written by :meth:`save`."""
        meta, arrays = load_arrays(path)
        if meta.get("kind") != cls.kind:
            raise ValueError(f"{path} holds a {meta.get('kind')!r} index, not {cls.kind!r}")
        index = cls(int(meta["dim"]), capacity=arrays["ids"].shape[0])
        index.add(arrays["ids"], arrays["vectors"])
        return index
