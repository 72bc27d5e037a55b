"""Long texts: split into overlapping word windows, encode every window, pool into one vector per text.

Sentence encoders have a useful window: all-MiniLM-L6-v2 silently truncates at 256 word pieces, so the end
of a long résumé (often where its latest occupation is) is never seen. The model adapters therefore encode
texts through :func:`encode_pooled`, with one of three strategies, chosen per model by measurement
(``python -m embeddings.encoder_eval``, long-résumé rows; numbers in the README, section *embeddings*):

- ``mean``: texts longer than ``max_words`` become windows overlapping by ``overlap_words``; the unit window
  vectors are averaged and re-normalised. Best for models that truncate (all-MiniLM-L6-v2).
- ``whole``: the text goes to the model in one piece (its first ``max_whole_words`` words). Best for USE,
  which has no window limit and already averages over all its tokens; window-averaging measured worse there.
- ``truncate``: only the first window, the baseline the measurement compares against.

The helpers :func:`check_texts` and :func:`l2_normalise` are shared by the adapters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from matching.errors import EmptyTextError
from matching.ports import FloatMatrix

Pooling = Literal["mean", "whole", "truncate"]
EncodeFn = Callable[[list[str]], np.ndarray]
"""Encodes a batch of short texts into a ``(n, dim)`` array (any float dtype, any norm)."""


class ChunkingConfig(BaseModel):
    """How long texts are cut into windows and pooled back into one vector."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_words: int = Field(
        default=120,
        ge=8,
        description="Words per window; a text with at most this many words is encoded whole.",
    )
    overlap_words: int = Field(
        default=30, ge=0, description="Words shared by two consecutive windows, so no phrase is cut in two."
    )
    pooling: Pooling = Field(
        default="mean",
        description="'mean' averages the unit vectors of the windows; 'whole' encodes the text in one piece "
        "(capped at max_words * max_windows words); 'truncate' keeps only the first window (the baseline).",
    )
    max_windows: int = Field(
        default=64, ge=1, description="Cap on windows per text, bounding the cost of a pathological document."
    )
    max_whole_words: int = Field(
        default=768,
        ge=8,
        description="With pooling 'whole', words given to the model at most (the start of the text). The cost "
        "grows with the length: 0.23 s for 1,000 words against 1.8 s for 7,680 with USE on 2 cores. On the "
        "retrieval evaluation (benchmarks/retrieval_eval.py, 117 real résumés of median 832 words among 193), "
        "768 words gave service P@10 0.861 and cosine 0.761, against 0.852 and 0.761 for 1,500 words, at half "
        "the cost of a long upload.",
    )

    @model_validator(mode="after")
    def _overlap_below_window(self) -> ChunkingConfig:
        if self.overlap_words >= self.max_words:
            raise ValueError(f"overlap_words ({self.overlap_words}) must be below max_words ({self.max_words})")
        return self


def check_texts(texts: Sequence[str]) -> list[str]:
    """Validate a batch of texts for a real model.

    Args:
        texts: a sequence of strings (not a bare ``str``).

    Returns:
        The texts as a list.

    Raises:
        TypeError: a bare string was passed, or an element is not a string.
        EmptyTextError: an element is empty or whitespace only (a model would return noise for it).
    """
    if isinstance(texts, str):
        raise TypeError("expected a sequence of texts, got a single str")
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is {type(text).__name__}, expected str")
        if not text.strip():
            raise EmptyTextError(f"texts[{i}]")
    return out


def l2_normalise(matrix: np.ndarray, dim: int) -> FloatMatrix:
    """Return ``matrix`` as a C-contiguous 2-D float32 array with unit-norm rows.

    Args:
        matrix: an ``(n, dim)`` array (a 1-D array of length ``dim`` is read as one row).
        dim: the expected number of columns.

    Returns:
        The normalised float32 copy (zero rows stay zero).

    Raises:
        ValueError: wrong shape, or NaN/infinite values.
    """
    arr = np.asarray(matrix, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != dim:
        raise ValueError(f"encoder returned shape {arr.shape}, expected (n, {dim})")
    if not np.isfinite(arr).all():
        raise ValueError("encoder returned NaN or infinite values")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    out = np.ascontiguousarray(arr / np.where(norms > 0, norms, 1.0), dtype=np.float32)
    return out


def split_windows(text: str, config: ChunkingConfig) -> list[str]:
    """Cut ``text`` into overlapping windows of whole words.

    Args:
        text: the text; whitespace between words is collapsed to one space in windows.
        config: window size, overlap and cap.

    Returns:
        ``[text]`` when it has at most ``max_words`` words (unchanged), else the windows in order; with
        ``pooling="truncate"`` only the first window; with ``pooling="whole"`` the text itself (cut at
        ``max_words * max_windows`` words).
    """
    words = text.split()
    if len(words) <= config.max_words:
        return [text]
    if config.pooling == "whole":
        cap = min(config.max_words * config.max_windows, config.max_whole_words)
        return [text] if len(words) <= cap else [" ".join(words[:cap])]
    step = config.max_words - config.overlap_words
    starts = list(range(0, len(words) - config.overlap_words, step))[: config.max_windows]
    windows = [" ".join(words[s : s + config.max_words]) for s in starts]
    return windows[:1] if config.pooling == "truncate" else windows


def encode_pooled(
    encode: EncodeFn, texts: Sequence[str], dim: int, config: ChunkingConfig, batch_size: int = 64
) -> FloatMatrix:
    """Encode texts of any length to one unit vector each, by windows and mean pooling.

    Args:
        encode: the model's batch encoder for short texts.
        texts: validated texts (see :func:`check_texts`).
        dim: the model's output dimension.
        config: how to cut and pool.
        batch_size: windows per call to ``encode``.

    Returns:
        A ``(len(texts), dim)`` float32 array with unit-norm rows.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    windows: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        parts = split_windows(text, config)
        windows.extend(parts)
        owner.extend([i] * len(parts))
    if not windows:
        return np.zeros((0, dim), dtype=np.float32)
    vectors = np.concatenate(
        [l2_normalise(encode(windows[s : s + batch_size]), dim) for s in range(0, len(windows), batch_size)]
    )
    pooled = np.zeros((len(texts), dim), dtype=np.float32)
    np.add.at(pooled, np.asarray(owner, dtype=np.int64), vectors)
    return l2_normalise(pooled, dim)
