"""Helpers of the evaluation (:mod:`occupations.evaluation_run`): grouped folds and an embedding cache.

Titles are de-duplicated after normalisation and folds are grouped by normalised title, so no test title has
a twin in its training folds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from occupations._text import normalise
from occupations.classifier import default_encoder
from occupations.training import LabelledTitles

CACHE_DIR = Path("var/cache")


def fold_ids(titles: LabelledTitles, folds: int) -> np.ndarray:
    """Fold number of each title, grouping by normalised title (round-robin over groups in file order)."""
    groups: dict[str, int] = {}
    for text in titles.texts:
        groups.setdefault(normalise(text), len(groups))
    return np.array([groups[normalise(t)] % folds for t in titles.texts], dtype=np.int64)


def embed_lookup(texts: Sequence[str], cache_dir: Path | None = CACHE_DIR) -> Callable[[Sequence[str]], np.ndarray]:
    """A text -> embedding look-up over ``texts``, encoded once (and cached on disk under ``cache_dir``).

    Args:
        texts: every text that will be looked up.
        cache_dir: where encoded matrices are kept between runs (keyed by the texts); None: no cache.

    Returns:
        A function from a batch of those texts to their unit-norm rows.
    """
    unique = list(dict.fromkeys(texts))
    key = hashlib.sha1("\n".join(unique).encode()).hexdigest()[:16]
    path = cache_dir / f"title-embeddings-{key}.npy" if cache_dir is not None else None
    if path is not None and path.is_file():
        matrix = np.load(path)
    else:
        encoder = default_encoder()
        parts = [encoder.encode_documents(unique[i : i + 1024]) for i in range(0, len(unique), 1024)]
        matrix = np.vstack(parts).astype(np.float16) if parts else np.zeros((0, 1), dtype=np.float16)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, matrix)
    row = {text: i for i, text in enumerate(unique)}

    def lookup(batch: Sequence[str]) -> np.ndarray:
        return np.asarray(matrix[[row[t] for t in batch]], dtype=np.float32)

    return lookup
