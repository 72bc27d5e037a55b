"""Labelled titles for training and evaluation, and fitting the classifier's model from them."""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from occupations._data import read_rows
from occupations._text import normalise
from occupations.config import ClassifierConfig
from occupations.model import TitleModel
from occupations.taxonomy import Taxonomy

log = logging.getLogger(__name__)

EXAMPLE_TITLES_FILE = "example_titles.csv.gz"
EncodeFn = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class LabelledTitles:
    """Parallel lists of texts, their unit-group codes, their language ("en", "fr", "es") and label weights.

    ``weights`` (one per row, in (0, 1]) says how much a label is trusted: 1 for StatCan's own titles, the
    mapping strength for ESCO's weak labels; None means 1 for every row.
    """

    texts: list[str]
    codes: list[str]
    languages: list[str]
    weights: list[float] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def row_weights(self) -> list[float]:
        """One weight per row (1.0 when none were given)."""
        return self.weights if self.weights is not None else [1.0] * len(self.texts)

    def subset(self, rows: Sequence[int] | np.ndarray) -> LabelledTitles:
        """The rows at the given positions."""
        weights = self.row_weights()
        return LabelledTitles(
            [self.texts[i] for i in rows],
            [self.codes[i] for i in rows],
            [self.languages[i] for i in rows],
            None if self.weights is None else [weights[i] for i in rows],
        )

    def __add__(self, other: LabelledTitles) -> LabelledTitles:
        weights = None if self.weights is None and other.weights is None else self.row_weights() + other.row_weights()
        return LabelledTitles(
            self.texts + other.texts, self.codes + other.codes, self.languages + other.languages, weights
        )


def example_titles(*, deduplicate: bool = True) -> LabelledTitles:
    """StatCan's ~49k English and French example titles, read from the package data.

    Args:
        deduplicate: keep one row per (normalised title, code).

    Returns:
        The titles in file order.
    """
    seen: set[tuple[str, str]] = set()
    texts, codes, languages = [], [], []
    for row in read_rows(EXAMPLE_TITLES_FILE):
        key = (normalise(row["title"]), row["code"])
        if deduplicate and (key in seen or not key[0]):
            continue
        seen.add(key)
        texts.append(row["title"])
        codes.append(row["code"])
        languages.append(row["lang"])
    return LabelledTitles(texts, codes, languages)


def official_titles(taxonomy: Taxonomy) -> LabelledTitles:
    """The English and French unit-group titles (1,032 rows)."""
    units = list(taxonomy)
    return LabelledTitles(
        [u.title_en for u in units] + [u.title_fr for u in units],
        [u.code for u in units] * 2,
        ["en"] * len(units) + ["fr"] * len(units),
    )


def duty_texts(taxonomy: Taxonomy) -> LabelledTitles:
    """Lead statements and main duties (English only), one row each."""
    texts, codes = [], []
    for unit in taxonomy:
        for text in (unit.lead_statement, *unit.main_duties):
            if len(text.split()) >= 3:
                texts.append(text)
                codes.append(unit.code)
    return LabelledTitles(texts, codes, ["en"] * len(texts))


def _fit_svm(
    x: sparse.csr_matrix, codes: Sequence[str], c: float, weights: Sequence[float] | None = None
) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    from sklearn.svm import LinearSVC

    # liblinear visits the rows in a random order: seeded, so that a refit of the same rows gives the same model
    svm = LinearSVC(C=c, dual=True, max_iter=2000, random_state=0)
    svm.fit(x, np.asarray(codes), sample_weight=None if weights is None else np.asarray(weights, dtype=np.float64))
    coef = np.asarray(svm.coef_, dtype=np.float32)
    coef[np.abs(coef) < 1e-3] = 0.0  # sparse storage; changes margins by well under 1 %
    return (
        np.asarray(svm.classes_),
        sparse.csr_matrix(coef.T),
        np.asarray(svm.intercept_, dtype=np.float32),
    )


def strongest_labels(titles: LabelledTitles) -> LabelledTitles:
    """Weakly labelled rows reduced to each title's strongest code(s); rows of weight 1 are all kept.

    A one-vs-rest SVM given one title under three codes learns it as positive *and* negative for each of them;
    the nearest-title table keeps every weighted code instead.
    """
    weights = titles.row_weights()
    best: dict[tuple[str, str], float] = {}
    keys = [(lang, normalise(text)) for text, lang in zip(titles.texts, titles.languages, strict=True)]
    for key, weight in zip(keys, weights, strict=True):
        best[key] = max(best.get(key, 0.0), weight)
    keep = [i for i, (key, w) in enumerate(zip(keys, weights, strict=True)) if w >= 1.0 or w >= best[key] - 1e-9]
    return titles.subset(keep)


def fit_model(
    titles: LabelledTitles,
    config: ClassifierConfig,
    *,
    encode: EncodeFn | None = None,
    extra: LabelledTitles | None = None,
) -> TitleModel:
    """Fit the TF-IDF vectorisers, the linear SVM and (with ``encode``) the nearest-title embedding table.

    Args:
        titles: labelled titles (also stored for the embedding look-up).
        config: hyper-parameters.
        encode: texts -> unit-norm rows (the multilingual encoder); None for a lexical-only model.
        extra: more labelled texts for the SVM only (e.g. duties).

    Returns:
        The fitted model.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    started = time.perf_counter()
    svm_rows = strongest_labels(titles + extra if extra is not None else titles)
    docs = [normalise(t) for t in svm_rows.texts]
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, dtype=np.float32)
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
    char.fit(docs)
    word.fit(docs)
    model = TitleModel(char=char, word=word, temperature=config.temperature)
    trust = svm_rows.weights
    classes, weights, intercept = _fit_svm(model.features(docs), svm_rows.codes, config.svm_c, trust)
    model.set_linear(classes, weights, intercept)
    model.set_vocabulary([normalise(t) for t in titles.texts], titles.languages)
    log.info("linear model fitted in %.1f s", time.perf_counter() - started)
    if encode is not None and config.use_embedding:
        pairs = (config.same_language_weight, config.other_language_weight)
        spanish = (config.spanish_same_weight, config.spanish_other_weight)
        rows = (titles.codes, titles.languages, titles.row_weights())
        vectors = _encode_all(encode, titles.texts)
        model.set_neighbours(vectors, rows, pairs, spanish)
        model.correct_hubs(config.hub_correction, config.hub_neighbours, config.cosine_power)
        log.info("embedding table built in %.1f s", time.perf_counter() - started)
        if config.mlp_hidden > 0 and config.mlp_weight > 0:
            _fit_network(model, titles, vectors, config)
            log.info("embedding network fitted in %.1f s", time.perf_counter() - started)
    return model


def _fit_network(model: TitleModel, titles: LabelledTitles, vectors: np.ndarray, config: ClassifierConfig) -> None:
    """One hidden layer from a title's embedding to its unit group, on each title's strongest code(s), weighted."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    keys = [(lang, normalise(t)) for t, lang in zip(titles.texts, titles.languages, strict=True)]
    strongest = strongest_labels(titles)
    row = {key: i for i, key in enumerate(keys)}
    picked = [row[(lang, normalise(t))] for t, lang in zip(strongest.texts, strongest.languages, strict=True)]
    network = MLPClassifier(
        hidden_layer_sizes=(config.mlp_hidden,), alpha=1e-4, batch_size=256, max_iter=config.mlp_epochs, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)  # a fixed number of passes, by design
        network.fit(vectors[picked], np.asarray(strongest.codes), sample_weight=np.asarray(strongest.row_weights()))
    model.set_network(network, config.mlp_weight)


def _encode_all(encode: EncodeFn, texts: Sequence[str], batch: int = 512) -> np.ndarray:
    """Embeddings of ``texts``, each distinct text encoded once (ESCO repeats a title under several codes)."""
    unique = list(dict.fromkeys(texts))
    parts = [np.asarray(encode(unique[i : i + batch]), dtype=np.float32) for i in range(0, len(unique), batch)]
    row = {text: i for i, text in enumerate(unique)}
    return np.vstack(parts)[[row[t] for t in texts]]
