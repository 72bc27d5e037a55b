"""The FAISS vector index: exact (IDMap Flat) while small, an approximate index (IVF or HNSW) once large.

The float32 vectors live in a :class:`~embeddings._store.VectorStore` beside the FAISS structure. FAISS only
proposes candidates (``k × refine_factor`` of them); they are re-scored exactly from the store, so scores equal
the exact inner products, ties break by ascending id, and ``score_ids`` is exact. The store also lets the index
switch type or retrain when it grows, without reconstructing vectors from FAISS.
"""

from __future__ import annotations

import math
import os
import threading
from typing import Any

import numpy as np

from embeddings._persist import load_arrays, save_arrays
from embeddings._rwlock import ReadWriteLock
from embeddings._store import VectorStore, check_ids, check_k, check_matrix, check_vector
from embeddings.exact_index import exact_search
from embeddings.index_config import IndexConfig
from matching.ports import FloatMatrix, FloatVector, Hits, IdArray

__all__ = ["SEARCH_SETTINGS", "FaissIndex", "IndexConfig"]
SEARCH_SETTINGS = ("nprobe", "refine_factor", "hnsw_ef_search", "search_threads", "build_threads")


_threads = threading.local()


def _set_threads(count: int | None) -> None:
    """Limit FAISS to ``count`` OpenMP threads in the calling thread, once per thread (None: leave as is).

    OpenMP keeps the setting per thread, so each server thread sets it the first time it searches or builds,
    rather than around every call.
    """
    if count is None or getattr(_threads, "count", None) == count:
        return
    import faiss

    faiss.omp_set_num_threads(count)
    _threads.count = count


class FaissIndex:
    """A FAISS inner-product index whose type follows its size (see :class:`IndexConfig`).

    Args:
        dim: vector dimension.
        config: index parameters.
        expected_size: how many vectors are expected (pre-allocates and sizes the IVF lists).
    """

    kind = "faiss"

    def __init__(self, dim: int, config: IndexConfig | None = None, *, expected_size: int = 0) -> None:
        self.config = config or IndexConfig()
        self._store = VectorStore(dim, expected_size)
        self._expected = expected_size
        self._lock = ReadWriteLock()  # searches run concurrently; add/remove/retrain are exclusive
        self._mode = "flat"
        self._dead = 0  # stale entries kept in an HNSW graph (it cannot delete)
        self._nlist = 0
        self._index: Any = self._new_flat()

    # -- the VectorIndex protocol ----------------------------------------------------------------------

    @property
    def dim(self) -> int:
        return self._store.dim

    @property
    def mode(self) -> str:
        """Current structure: 'flat', 'ivf_flat', 'ivf_sq8' or 'hnsw'."""
        return self._mode

    @property
    def nlist(self) -> int:
        """IVF lists of the current structure (0 when not IVF)."""
        return self._nlist if self._mode.startswith("ivf") else 0

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, item: object) -> bool:
        return item in self._store

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        """Add vectors; an id already present is replaced. May switch type or retrain (see class doc).

        Args:
            ids: int64 ids, one per row.
            vectors: float32 rows, L2-normalised.
        """
        ids = check_ids(ids)
        vectors = check_matrix(vectors, self.dim)
        if ids.shape[0] != vectors.shape[0]:
            raise ValueError(f"{ids.shape[0]} ids for {vectors.shape[0]} vectors")
        if ids.shape[0] == 0:
            return
        _set_threads(self.config.build_threads)
        with self._lock.write():
            replaced = self._store.upsert(ids, vectors)
            if self._needs_rebuild():
                self._rebuild()
                return
            self._drop_from_faiss(replaced)
            rows = self._store.rows_of(np.unique(ids))
            self._index.add_with_ids(self._store.vectors[rows], self._store.ids[rows])

    def remove(self, ids: IdArray) -> int:
        """Remove ids; returns how many were present."""
        ids = check_ids(ids)
        _set_threads(self.config.build_threads)
        with self._lock.write():
            removed = self._store.delete(ids)
            if removed.shape[0] == 0:
                return 0
            if self._needs_rebuild():
                self._rebuild()
            else:
                self._drop_from_faiss(removed)
            return int(removed.shape[0])

    def search(self, queries: FloatMatrix, k: int) -> list[Hits]:
        """Top-k per query row, best first, ties by ascending id; never returns FAISS's -1 padding.

        Args:
            queries: float32 rows of the index dimension.
            k: results per query (more than ``len(self)`` returns all).

        Returns:
            One ``Hits`` per query, ``min(k, len(self))`` long.
        """
        queries = check_matrix(queries, self.dim, "queries")
        k = check_k(k)
        _set_threads(self.config.search_threads)
        with self._lock.read():
            n = len(self._store)
            want = min(k, n)
            if want == 0:
                return [Hits(np.zeros(0, np.int64), np.zeros(0, np.float32)) for _ in range(len(queries))]
            fetch = min(want * self.config.refine_factor + self._dead, self._index.ntotal)
            _, found = self._index.search(queries, max(fetch, want))
            hits = [self._store.rerank(q, row, want) for q, row in zip(queries, found, strict=True)]
            return [h if len(h.ids) == want else self._exhaustive(q, want) for q, h in zip(queries, hits, strict=True)]

    def score_ids(self, query: FloatVector, ids: IdArray) -> FloatVector:
        """Exact inner product of ``query`` with each id's vector (NaN for an absent id)."""
        query = check_vector(query, self.dim)
        ids = check_ids(ids)
        with self._lock.read():
            return self._store.score_ids(query, ids)

    @property
    def vectors(self) -> FloatMatrix:
        """Read-only view of the stored vectors (row order of :attr:`ids`), e.g. for an exact baseline."""
        return self._store.vectors

    @property
    def ids(self) -> IdArray:
        """Read-only view of the stored ids."""
        return self._store.ids

    # -- persistence ----------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the vectors and the FAISS structure to ``path`` atomically (temp file + rename)."""
        import faiss

        with self._lock.read():  # a snapshot: searches go on while the file is written
            meta = {
                "kind": self.kind,
                "dim": self.dim,
                "config": self.config.model_dump(),
                "mode": self._mode,
                "dead": self._dead,
                "nlist": self._nlist,
                "expected": self._expected,
            }
            blob = faiss.serialize_index(self._index)
            save_arrays(path, meta, ids=self._store.ids, vectors=self._store.vectors, faiss=blob)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FaissIndex:
        """Read an index written by :meth:`save` (no retraining)."""
        import faiss

        meta, arrays = load_arrays(path)
        if meta.get("kind") != cls.kind:
            raise ValueError(f"{path} holds a {meta.get('kind')!r} index, not {cls.kind!r}")
        index = cls(int(meta["dim"]), IndexConfig(**meta["config"]), expected_size=int(meta["expected"]))
        index._store.reserve(arrays["ids"].shape[0])
        index._store.upsert(arrays["ids"], arrays["vectors"])
        index._index = faiss.deserialize_index(arrays["faiss"])
        index._mode, index._dead, index._nlist = str(meta["mode"]), int(meta["dead"]), int(meta["nlist"])
        index._tune()
        return index

    def apply_search_settings(self, config: IndexConfig) -> None:
        """Use the search settings of ``config`` (nprobe, refine factor, HNSW efSearch, threads) from now on.

        A loaded index keeps the build settings it was made with (a change of those is a rebuild, decided by the
        caller's fingerprint); the search settings come from the current configuration.
        """
        search = {k: getattr(config, k) for k in SEARCH_SETTINGS}
        with self._lock.write():
            self.config = self.config.model_copy(update=search)
            self._tune()

    # -- structure management -------------------------------------------------------------------------

    def _wanted_mode(self) -> str:
        n, threshold = len(self._store), self.config.exact_threshold
        if self._mode == "flat":
            return "flat" if n < threshold else self.config.ann_type
        return self._mode if n >= threshold // 2 else "flat"  # hysteresis on the way down

    def _ideal_nlist(self) -> int:
        n = len(self._store)
        if self.config.nlist is not None:
            return max(1, min(self.config.nlist, n))
        planned = max(n, self._expected)
        return max(1, min(round(self.config.nlist_factor * math.sqrt(planned)), n // 39))

    def _needs_rebuild(self) -> bool:
        mode = self._wanted_mode()
        if mode != self._mode:
            return True
        if mode.startswith("ivf"):
            return self._ideal_nlist() >= 2 * self._nlist
        return mode == "hnsw" and self._dead > len(self._store) // 4

    def _rebuild(self) -> None:
        mode = self._wanted_mode()
        self._mode, self._dead, self._nlist = mode, 0, 0
        if mode == "flat":
            self._index = self._new_flat()
        elif mode == "hnsw":
            self._index = self._new_hnsw()
        else:
            self._nlist = self._ideal_nlist()
            self._index = self._new_ivf(self._nlist)
        self._tune()
        chunk = 65_536
        for start in range(0, len(self._store), chunk):
            self._index.add_with_ids(self._store.vectors[start : start + chunk], self._store.ids[start : start + chunk])

    def _new_flat(self) -> Any:
        import faiss

        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))

    def _new_hnsw(self) -> Any:
        import faiss

        graph = faiss.IndexHNSWFlat(self.dim, self.config.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = self.config.hnsw_ef_construction
        return faiss.IndexIDMap(graph)

    def _new_ivf(self, nlist: int) -> Any:
        import faiss

        quantizer: Any = faiss.IndexFlatIP(self.dim)
        index: Any
        if self.config.ann_type == "ivf_sq8":
            index = faiss.IndexIVFScalarQuantizer(
                quantizer, self.dim, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
        else:
            index = faiss.IndexIVFFlat(quantizer, self.dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = self.config.kmeans_iterations
        index.cp.seed = self.config.seed
        index.cp.max_points_per_centroid = self.config.train_per_list
        index.own_fields = True
        quantizer.this.disown()  # ownership moved to the IVF index
        index.train(self._training_sample(nlist))
        return index

    def _training_sample(self, nlist: int) -> FloatMatrix:
        n = len(self._store)
        size = min(n, nlist * self.config.train_per_list)
        if size == n:
            return self._store.vectors
        rng = np.random.default_rng(self.config.seed)
        rows = np.sort(rng.choice(n, size=size, replace=False))
        sample: FloatMatrix = self._store.vectors[rows]
        return sample

    def _tune(self) -> None:
        if self._mode.startswith("ivf"):
            self._index.nprobe = self.config.nprobe
        elif self._mode == "hnsw":
            import faiss

            graph: Any = faiss.downcast_index(self._index.index)
            graph.hnsw.efSearch = self.config.hnsw_ef_search

    def _drop_from_faiss(self, ids: IdArray) -> None:
        if ids.shape[0] == 0:
            return
        if self._mode == "hnsw":
            self._dead += int(ids.shape[0])  # HNSW cannot delete: stale entries are filtered at re-rank
            return
        self._index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64))

    def _exhaustive(self, query: FloatVector, k: int) -> Hits:
        """Exact fallback when the approximate structure found fewer than ``k`` live ids."""
        return exact_search(self._store.vectors, self._store.ids, query[None, :], k)[0]
