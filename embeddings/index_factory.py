"""Build or load the vector index: the one place that turns an :class:`IndexConfig` into a ``VectorIndex``."""

from __future__ import annotations

import os

from embeddings._persist import read_meta
from embeddings.exact_index import ExactIndex
from embeddings.faiss_index import FaissIndex
from embeddings.index_config import IndexConfig
from matching.ports import VectorIndex


def build_index(dim: int, config: IndexConfig | None = None, expected_size: int = 0) -> VectorIndex:
    """An empty index for ``dim``-dimensional vectors.

    With the FAISS backend the structure follows the size: exact (IDMap Flat) below
    ``config.exact_threshold`` vectors, ``config.ann_type`` (IVF-SQ8 by default) at or above it, retrained
    when the index outgrows its IVF lists.

    Args:
        dim: vector dimension (the embedder's ``dim``).
        config: index parameters (defaults when None).
        expected_size: vectors expected, to pre-allocate and size the IVF lists (0 if unknown).

    Returns:
        A :class:`FaissIndex`, or an :class:`ExactIndex` when ``config.backend == "exact"``.
    """
    config = config or IndexConfig()
    if config.backend == "exact":
        return ExactIndex(dim, capacity=expected_size)
    return FaissIndex(dim, config, expected_size=expected_size)


def load_index(path: str | os.PathLike[str]) -> VectorIndex:
    """Load an index saved by ``ExactIndex.save`` or ``FaissIndex.save``, whichever kind the file holds.

    Args:
        path: the saved file.

    Returns:
        The index, ready to search.
    """
    kind = read_meta(path).get("kind")
    if kind == ExactIndex.kind:
        return ExactIndex.load(path)
    if kind == FaissIndex.kind:
        return FaissIndex.load(path)
    raise ValueError(f"{path}: unknown index kind {kind!r}")
