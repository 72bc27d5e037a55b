"""The fitted classifier: TF-IDF n-grams -> linear SVM margins, plus nearest known titles in a multilingual space.

Score of a unit group for a text = SVM margin
  + ``same_weight``  x best cosine to that group's known titles in the text's language
  + ``other_weight`` x best cosine to its known titles in the other language (English <-> French).
The second term finds the translation of a title even when no word is shared. Spanish has its own table
(ESCO's Spanish titles and the Latin-American list, each cosine scaled by its label weight) and its own pair
of weights: ``spanish_weights[0]`` x best Spanish-title cosine + ``spanish_weights[1]`` x best English/French
cosine; any other language gets the best over every table at ``other_weight``. Confidences are a softmax
at ``temperature`` (calibrated afterwards by :mod:`occupations.calibration`).

A small network (one hidden layer) trained from a title's embedding to its unit group adds
``network_weight`` x its log-probability of each group (floored at -10), for every language: it generalises across
the wording of titles where the nearest known title does not.

Two optional refinements of the English/French tables (see :func:`hub_offsets`; off by default, see
``ClassifierConfig.hub_correction``): a known title's cosine is lowered by how
close that title is, on average, to its nearest titles of the other language (a "hub" — a generic title near
every query — stops attracting them; the CSLS correction of cross-lingual retrieval), and for English and French
texts each best cosine is raised to ``cosine_power`` before it is weighted, so a near-exact match counts much more
than a loosely related title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

FloatArray = np.ndarray[Any, np.dtype[np.float32]]
_BLOCK = 256
GRAPH_NEIGHBOURS = 100
GRAPH_MAX_BATCH = 8
LANGUAGES = ("en", "fr", "es")
NETWORK_FLOOR = -10.0


@dataclass
class Scores:
    """Combined scores of a batch of texts (rows) over the model's classes (columns)."""

    combined: FloatArray
    known_words: np.ndarray[Any, np.dtype[np.int64]]
    best_cosine: FloatArray


@dataclass
class NeighbourTable:
    """Unit-norm embeddings of known titles of one language, sorted by class index.

    Batches are scored exactly (one matrix product). A few queries at a time go through an HNSW graph when
    one was built (:meth:`build_graph`): the best :data:`GRAPH_NEIGHBOURS` titles are exact, every class
    not among them gets the lowest of those cosines (an upper bound of its true best cosine).
    """

    vectors: FloatArray
    starts: np.ndarray[Any, np.dtype[np.int64]]
    class_index: np.ndarray[Any, np.dtype[np.int64]]
    row_class: np.ndarray[Any, np.dtype[np.int64]]
    graph: Any = None
    row_weight: FloatArray | None = None
    row_offset: FloatArray | None = None

    @classmethod
    def build(
        cls, vectors: FloatArray, index: np.ndarray[Any, np.dtype[np.int64]], weights: FloatArray | None = None
    ) -> NeighbourTable:
        """Group rows by class index (``index[i]`` is the class of ``vectors[i]``; ``weights[i]`` its label weight)."""
        order = np.argsort(index, kind="stable")
        ordered = index[order]
        present = np.unique(ordered)
        rows = np.ascontiguousarray(vectors[order], dtype=np.float32)
        scaled = None
        if weights is not None and np.any(weights < 1.0):
            scaled = np.asarray(weights, dtype=np.float32)[order]
        return cls(rows, np.searchsorted(ordered, present), present, ordered, row_weight=scaled)

    def build_graph(self) -> None:
        """Build the HNSW graph used for single queries (tens of seconds for ~25k titles)."""
        import faiss

        graph = faiss.IndexHNSWFlat(self.vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = 64
        graph.add(self.vectors)
        graph.hnsw.efSearch = 128
        self.graph = graph

    def best(self, queries: FloatArray, n_classes: int, *, batch_size: int | None = None) -> FloatArray:
        """Highest cosine (clipped at 0) between each query and the titles of each class; 0 for none.

        ``batch_size`` (default: the number of queries) chooses between the graph and the exact product, so a
        caller that leaves out some rows of its batch gets the same path as for the whole batch.
        """
        if self.graph is not None and (batch_size or len(queries)) <= GRAPH_MAX_BATCH:
            return self._best_graph(queries, n_classes)
        out = np.zeros((len(queries), n_classes), dtype=np.float32)
        for start in range(0, len(queries), _BLOCK):
            sims = queries[start : start + _BLOCK] @ self.vectors.T
            if self.row_weight is not None:
                sims *= self.row_weight
            if self.row_offset is not None:
                sims -= self.row_offset
            out[start : start + _BLOCK, self.class_index] = np.maximum.reduceat(sims, self.starts, axis=1)
        if self.row_offset is not None:  # a text not embedded (zero row) must not gain the negative offsets
            out[~np.any(queries != 0, axis=1)] = 0.0
        return np.maximum(out, 0.0)

    def _best_graph(self, queries: FloatArray, n_classes: int) -> FloatArray:
        sims, ids = self.graph.search(np.ascontiguousarray(queries, dtype=np.float32), GRAPH_NEIGHBOURS)
        if self.row_weight is not None:
            sims = sims * np.where(ids >= 0, self.row_weight[np.maximum(ids, 0)], 0.0)
        if self.row_offset is not None:
            sims = sims - np.where(ids >= 0, self.row_offset[np.maximum(ids, 0)], 0.0)
        out = np.empty((len(queries), n_classes), dtype=np.float32)
        for row in range(len(queries)):
            found = ids[row] >= 0
            out[row] = sims[row, found].min() if found.any() else 0.0
            np.maximum.at(out[row], self.row_class[ids[row, found]], sims[row, found])
        return np.maximum(out, 0.0)


def floored_log_probs(probs: np.ndarray, columns: np.ndarray, n_classes: int) -> FloatArray:
    """Log-probabilities of a classifier over ``columns`` of ``n_classes``, floored at :data:`NETWORK_FLOOR`
    (a class it never saw gets the floor)."""
    out = np.full((len(probs), n_classes), NETWORK_FLOOR, dtype=np.float32)
    out[:, columns] = np.maximum(np.log(np.maximum(probs, 1e-30)), NETWORK_FLOOR)
    return out


def hub_offsets(first: FloatArray, second: FloatArray, k: int) -> tuple[FloatArray, FloatArray]:
    """How much of a hub each title is: the mean of its ``k`` highest cosines to the titles of the other table.

    One matrix product serves both directions (rows of ``first`` against ``second``, and the transpose).

    Args:
        first: unit-norm rows of one table (e.g. the English titles).
        second: unit-norm rows of the other (the French titles).
        k: how many nearest titles are averaged (at most the other table's size).

    Returns:
        ``(offsets of first's rows, offsets of second's rows)``, float32.
    """
    k_first, k_second = max(1, min(k, len(second))), max(1, min(k, len(first)))
    out_first = np.zeros(len(first), dtype=np.float32)
    top_second = np.full((k_second, len(second)), -np.inf, dtype=np.float32)
    for start in range(0, len(first), _BLOCK):
        sims = first[start : start + _BLOCK] @ second.T
        out_first[start : start + _BLOCK] = np.partition(sims, -k_first, axis=1)[:, -k_first:].mean(axis=1)
        top_second = np.partition(np.concatenate([top_second, sims]), -k_second, axis=0)[-k_second:]
    return out_first, top_second.mean(axis=0).astype(np.float32)


@dataclass
class TitleModel:
    """Everything the classifier learned; pickled as one artefact by :mod:`occupations.classifier`."""

    char: Any
    word: Any
    temperature: float
    classes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    weights: sparse.csr_matrix | None = None
    intercept: FloatArray = field(default_factory=lambda: np.empty(0, dtype=np.float32))
    neighbours: dict[str, NeighbourTable] = field(default_factory=dict)
    same_weight: float = 0.0
    other_weight: float = 0.0
    spanish_weights: tuple[float, float] = (0.0, 0.0)
    vocabulary: dict[str, frozenset[str]] = field(default_factory=dict)
    cosine_power: float = 1.0
    network: Any = None
    network_weight: float = 0.0
    network_columns: np.ndarray[Any, np.dtype[np.int64]] = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def features(self, docs: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised char and word TF-IDF rows of normalised texts."""
        return self._features(docs)[0]

    def _features(self, docs: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        import sklearn

        # The inputs are our own strings: skip scikit-learn's per-call validation (a few ms per title).
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            words = self.word.transform(docs)
            chars = self.char.transform(docs)
        stacked = sparse.hstack([chars, words], format="csr", dtype=np.float32)
        norms = np.sqrt(np.asarray(stacked.multiply(stacked).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms).astype(np.float32) @ stacked), words

    def set_linear(self, classes: np.ndarray, weights: sparse.csr_matrix, intercept: FloatArray) -> None:
        """Store the SVM: class labels, (features x classes) weights and intercepts."""
        self.classes, self.weights, self.intercept = classes, weights, intercept

    def set_neighbours(
        self,
        vectors: FloatArray,
        titles: tuple[Sequence[str], Sequence[str], Sequence[float]],
        weights: tuple[float, float],
        spanish_weights: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        """Store title embeddings per language (``titles`` = codes, languages, label weights) and the weights."""
        codes, languages, label_weights = titles
        index = np.searchsorted(self.classes, np.asarray(codes)).astype(np.int64)
        langs = np.asarray(languages)
        trust = np.asarray(label_weights, dtype=np.float32)
        self.neighbours = {
            lang: NeighbourTable.build(vectors[langs == lang], index[langs == lang], trust[langs == lang])
            for lang in LANGUAGES
            if np.any(langs == lang)
        }
        self.same_weight, self.other_weight = weights
        self.spanish_weights = spanish_weights

    def correct_hubs(self, strength: float, k: int, power: float = 1.0) -> None:
        """Lower each English/French title's cosines by ``strength`` x its hub offset (centred on the mean offset
        of both tables, so cosines keep their scale) and raise EN/FR texts' best cosines to ``power``."""
        self.cosine_power = power
        en, fr = self.neighbours.get("en"), self.neighbours.get("fr")
        if strength <= 0 or en is None or fr is None:
            return
        hubs_en, hubs_fr = hub_offsets(en.vectors, fr.vectors, k)
        centre = float(np.concatenate([hubs_en, hubs_fr]).mean())
        en.row_offset = (strength * (hubs_en - centre)).astype(np.float32)
        fr.row_offset = (strength * (hubs_fr - centre)).astype(np.float32)

    def set_network(self, network: Any, weight: float) -> None:
        """Store the embedding -> unit group network (a fitted scikit-learn ``MLPClassifier``) and its weight."""
        self.network, self.network_weight = network, weight
        self.network_columns = np.searchsorted(self.classes, np.asarray(network.classes_)).astype(np.int64)

    def _network_term(self, vectors: FloatArray) -> FloatArray:
        """``network_weight`` x the network's log-probabilities, floored at -10 (0 for a text not embedded)."""
        import sklearn

        term = np.zeros((len(vectors), len(self.classes)), dtype=np.float32)
        live = np.flatnonzero(np.any(vectors != 0, axis=1))
        if len(live):
            with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
                probs = self.network.predict_proba(np.asarray(vectors[live], dtype=np.float32))
            term[live] = self.network_weight * floored_log_probs(probs, self.network_columns, len(self.classes))
        return term

    def build_graphs(self) -> None:
        """Build the HNSW graphs that make single-title classification fast."""
        for table in self.neighbours.values():
            table.build_graph()

    def set_vocabulary(self, docs: Sequence[str], languages: Sequence[str]) -> None:
        """Remember the words seen in each language, to guess the language of a title."""
        words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        for doc, lang in zip(docs, languages, strict=True):
            if lang in words:
                words[lang].update(doc.split())
        self.vocabulary = {lang: frozenset(w) for lang, w in words.items()}

    @property
    def uses_embedding(self) -> bool:
        """Whether the nearest-title embedding signal is part of the scores."""
        return bool(self.neighbours) and (self.same_weight > 0 or self.other_weight > 0)

    def scores(self, docs: Sequence[str], vectors: FloatArray | None, languages: Sequence[str]) -> Scores:
        """Combined scores for normalised texts, their embeddings and their languages.

        Args:
            docs: normalised texts.
            vectors: their unit-norm embeddings, one row each (ignored by a lexical-only model).
            languages: "en", "fr", or anything else (treated as a third language, e.g. "es").

        Returns:
            Scores of shape ``(len(docs), len(classes))``.
        """
        assert self.weights is not None, "model not fitted"
        x, words = self._features(docs)
        combined = np.asarray((x @ self.weights).toarray(), dtype=np.float32) + self.intercept
        known = np.diff(words.indptr).astype(np.int64)
        best = np.zeros(len(docs), dtype=np.float32)
        if self.uses_embedding and vectors is not None and len(docs):
            near = self._nearest(vectors)
            combined += self._embedding_term(near, np.asarray(languages))
            if self.network is not None and self.network_weight > 0:
                combined += self._network_term(vectors)
            best = np.max([near[lang].max(axis=1) for lang in LANGUAGES], axis=0)
        return Scores(combined, known, best)

    def _nearest(self, vectors: FloatArray) -> dict[str, FloatArray]:
        """Best cosine per class in each language's table; a zero row (a text not embedded) gets zeros.

        Zero rows are left out of the search (a long document's body is scored by its words only): their
        cosines are all 0 anyway, and the search over ~130k titles is most of a document's time.
        """
        n = len(self.classes)
        live = np.flatnonzero(np.any(vectors != 0, axis=1))
        near = {}
        for lang in LANGUAGES:
            table = self.neighbours.get(lang)
            if table is not None and len(live) == len(vectors):
                near[lang] = table.best(vectors, n)
                continue
            near[lang] = np.zeros((len(vectors), n), dtype=np.float32)
            if table is not None and len(live):
                near[lang][live] = table.best(vectors[live], n, batch_size=len(vectors))
        return near

    def _embedding_term(self, near: dict[str, FloatArray], langs: np.ndarray) -> FloatArray:
        """Weighted best cosines per language of each text (see the module docstring)."""
        both = np.maximum(near["en"], near["fr"])
        term = np.zeros_like(both)
        for lang, rows in ((lang, langs == lang) for lang in ("en", "fr", "es")):
            if not rows.any():
                continue
            if lang == "es":
                term[rows] = self.spanish_weights[0] * near["es"][rows] + self.spanish_weights[1] * both[rows]
            else:
                same, other = near[lang][rows], near["fr" if lang == "en" else "en"][rows]
                if self.cosine_power != 1.0:
                    same, other = same**self.cosine_power, other**self.cosine_power
                term[rows] = self.same_weight * same + self.other_weight * other
        rest = ~np.isin(langs, ("en", "fr", "es"))
        if rest.any():
            term[rest] = self.other_weight * np.maximum(both[rest], near["es"][rest])
        return term

    def confidences(self, combined: FloatArray) -> FloatArray:
        """Softmax of combined scores at the model's temperature, row-wise."""
        z = combined / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float32)
