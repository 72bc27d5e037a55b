"""The fitted classifier: TF-IDF n-grams -> linear SVM margins, plus the best cosine to a known title per group.

Score of a unit group for a text = SVM margin + ``embedding_weight`` x (highest cosine between the text's
multilingual embedding and the embeddings of that group's known titles). Confidences are a softmax of the
scores at ``temperature``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

FloatArray = np.ndarray[Any, np.dtype[np.float32]]
_BLOCK = 256


@dataclass
class Scores:
    """Combined scores of a batch of texts (rows) over the model's classes (columns)."""

    combined: FloatArray
    known_words: np.ndarray[Any, np.dtype[np.int64]]
    best_cosine: FloatArray


@dataclass
class TitleModel:
    """Everything the classifier learned; pickled as one artefact by :mod:`occupations.classifier`."""

    char: Any
    word: Any
    temperature: float
    classes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    weights: sparse.csr_matrix | None = None
    intercept: FloatArray = field(default_factory=lambda: np.empty(0, dtype=np.float32))
    neighbours: FloatArray | None = None
    neighbour_starts: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    neighbour_classes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    embedding_weight: float = 0.0

    def features(self, docs: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised char and word TF-IDF rows of normalised texts."""
        from sklearn.preprocessing import normalize

        stacked = sparse.hstack([self.char.transform(docs), self.word.transform(docs)]).tocsr()
        return sparse.csr_matrix(normalize(stacked))

    def set_linear(self, classes: np.ndarray, weights: sparse.csr_matrix, intercept: FloatArray) -> None:
        """Store the SVM: class labels, (features x classes) weights and intercepts."""
        self.classes, self.weights, self.intercept = classes, weights, intercept

    def set_neighbours(self, vectors: FloatArray, codes: Sequence[str], weight: float) -> None:
        """Store title embeddings grouped by class, for the per-class best cosine."""
        index = np.searchsorted(self.classes, np.asarray(codes))
        order = np.argsort(index, kind="stable")
        self.neighbours = np.ascontiguousarray(vectors[order], dtype=np.float32)
        sorted_index = index[order]
        self.neighbour_classes = np.unique(sorted_index)
        self.neighbour_starts = np.searchsorted(sorted_index, self.neighbour_classes)
        self.embedding_weight = weight

    @property
    def uses_embedding(self) -> bool:
        """Whether the nearest-title embedding signal is part of the scores."""
        return self.neighbours is not None and self.embedding_weight > 0

    def scores(
        self, docs: Sequence[str], vectors: FloatArray | None = None, *, embedding_weight: float | None = None
    ) -> Scores:
        """Combined scores for normalised texts and (when the model uses them) their embeddings.

        Args:
            docs: normalised texts.
            vectors: their unit-norm embeddings, one row each; ignored by a lexical-only model.
            embedding_weight: overrides the stored weight (e.g. for Spanish).

        Returns:
            Scores of shape ``(len(docs), len(classes))``.
        """
        assert self.weights is not None, "model not fitted"
        x = self.features(docs)
        combined = np.asarray((x @ self.weights).toarray(), dtype=np.float32) + self.intercept
        known = np.asarray((self.word.transform(docs) > 0).sum(axis=1)).ravel().astype(np.int64)
        best = np.zeros(len(docs), dtype=np.float32)
        weight = self.embedding_weight if embedding_weight is None else embedding_weight
        if self.uses_embedding and vectors is not None and len(docs):
            near = self.nearest(vectors)
            combined += weight * near
            best = near.max(axis=1)
        return Scores(combined, known, best)

    def nearest(self, vectors: FloatArray) -> FloatArray:
        """Highest cosine between each row and the known titles of each class (0 for a class with none)."""
        assert self.neighbours is not None
        out = np.zeros((len(vectors), len(self.classes)), dtype=np.float32)
        for start in range(0, len(vectors), _BLOCK):
            sims = vectors[start : start + _BLOCK] @ self.neighbours.T
            out[start : start + _BLOCK, self.neighbour_classes] = np.maximum.reduceat(
                sims, self.neighbour_starts, axis=1
            )
        return out

    def confidences(self, combined: FloatArray) -> FloatArray:
        """Softmax of combined scores at the model's temperature, row-wise."""
        z = combined / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float32)
