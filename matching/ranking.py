"""Deterministic top-k: highest score first, ties broken by ascending id."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from matching.ports import IdArray

Scores = npt.NDArray[np.floating[Any]]


def top_k(ids: IdArray, scores: Scores, k: int) -> tuple[IdArray, Scores]:
    """Select the ``k`` best (id, score) pairs.

    Args:
        ids: int64 ids, unique.
        scores: one finite score per id (any float dtype; it is kept).
        k: how many to keep; more than ``len(ids)`` keeps them all.

    Returns:
        The kept ids and scores, sorted by descending score then ascending id.
    """
    if ids.shape != scores.shape:
        raise ValueError(f"ids {ids.shape} and scores {scores.shape} differ in shape")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    n = ids.shape[0]
    if n == 0 or k == 0:
        return ids[:0].astype(np.int64), scores[:0]
    negated = -scores.astype(np.float64)
    if n > 2 * k:
        # Only the scores at or above the k-th best can be kept (ties at the k-th included): sort those alone.
        kth = np.partition(negated, k - 1)[k - 1]
        if not np.isnan(kth):
            head = np.flatnonzero(negated <= kth)
            order = head[np.lexsort((ids[head], negated[head]))][:k]
            return ids[order].astype(np.int64), scores[order]
    order = np.lexsort((ids, negated))[: min(k, n)]
    return ids[order].astype(np.int64), scores[order]
