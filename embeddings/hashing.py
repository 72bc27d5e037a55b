"""A deterministic, dependency-free fake embedder for tests, demos and benchmarks of the matching path.

Each text becomes a bag of hashed features (accent-folded lower-case words and the character trigrams inside
them), signed by a second hash bit to reduce collision bias, then L2-normalised. Texts sharing words are
therefore similar; texts sharing nothing are near-orthogonal. It knows no language: "nurse" and "infirmière"
are unrelated to it. Use a real model (``embeddings.usem``) where cross-lingual quality matters.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np

from matching.ports import FloatMatrix

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (``"Infirmière"`` → ``"infirmiere"``).

    Args:
        text: any Unicode text.

    Returns:
        The folded text; characters without an ASCII base keep their combining-free form.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _features(text: str) -> list[str]:
    words = _WORD.findall(fold(text))
    feats = [f"w:{w}" for w in words]
    for w in words:
        padded = f"<{w}>"
        feats.extend(f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2))
    return feats


class HashingEmbedder:
    """Hashed words and character trigrams into ``dim`` float32 dimensions, L2-normalised.

    Deterministic across processes (CRC32, not Python's salted ``hash``). An empty or wordless text maps
    to the zero vector, which has similarity 0 with everything.

    Args:
        dim: output dimension (at least 8).
        word_weight: weight of a whole-word feature relative to a trigram (words dominate, trigrams give
            tolerance to inflection such as "soudeur"/"soudeurs").
    """

    symmetric = True  # queries and documents are encoded alike: a stored document vector serves as a query

    def __init__(self, dim: int = 256, *, word_weight: float = 2.0) -> None:
        if dim < 8:
            raise ValueError(f"dim must be at least 8, got {dim}")
        self._dim = dim
        self._word_weight = float(word_weight)

    @property
    def dim(self) -> int:
        """Output dimension."""
        return self._dim

    def encode_documents(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode documents (résumés, vacancies).

        Args:
            texts: the texts; a bare ``str`` is refused to avoid encoding it character by character.

        Returns:
            A ``(len(texts), dim)`` float32 array with unit-norm rows (zero rows for empty texts).
        """
        return self._encode(texts)

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode queries; identical to documents for this symmetric fake.

        Args:
            texts: the texts.

        Returns:
            A ``(len(texts), dim)`` float32 array with unit-norm rows.
        """
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> FloatMatrix:
        if isinstance(texts, str):
            raise TypeError("expected a sequence of texts, got a single str")
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{row}] is {type(text).__name__}, expected str")
            for feat in _features(text):
                h = zlib.crc32(feat.encode("utf-8"))
                sign = 1.0 if (h >> 31) & 1 else -1.0
                weight = self._word_weight if feat.startswith("w:") else 1.0
                out[row, h % self._dim] += sign * weight
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out
