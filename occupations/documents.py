"""Code a whole vacancy or résumé into ranked CNP/NOC 2021 unit groups with calibrated confidences.

Usage (the API, ``passerelle classify-documents`` and the evaluation all go through this)::

    from occupations import load_classifier
    from occupations.documents import classify_document

    clf = load_classifier()
    result = classify_document(clf, "vacancy", description, title="Infirmière / infirmier", lang="fr")
    result.codes          # [OccupationCode("31301", 0.93, CLASSIFIED), ...] best first, calibrated
    result.needs_review   # True when no code, or the best confidence < ClassifierConfig.review_below
    result.language       # "fr" (declared, else guessed from the text)
    # the same through the classifier: clf.classify_document("resume", text, lang="es")

``kind`` is "vacancy", "resume" or "title". A vacancy is coded from its title first (weight 0.7; the given
title, else the one of its first three short lines that agrees best with the whole text) and its description
(0.3). A résumé from its headline (0.35), the job
titles next to its experience's date ranges (0.4 shared, recent and long jobs first) and the whole text
(0.25); see :mod:`occupations.sections`. Each part's raw distribution is mixed with these weights, then the
top-1 is calibrated for the kind. Empty or garbage text gives no code and ``needs_review=True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.models import OccupationCode
from occupations._text import has_words, normalise
from occupations.classifier import TitleClassifier
from occupations.sections import Segment, choose_title, resume_segments, vacancy_segments

KINDS = ("vacancy", "resume", "title")


@dataclass(frozen=True)
class DocumentInput:
    """One document to code: its kind, text, optional title (vacancies) and optional declared language."""

    kind: str
    text: str
    title: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class DocumentCodes:
    """Ranked codes of a document (calibrated confidences), whether a person must choose, and the parts used."""

    codes: list[OccupationCode]
    needs_review: bool
    language: str | None
    segments: list[Segment] = field(default_factory=list)


def segments_of(doc: DocumentInput) -> list[Segment]:
    """The weighted parts of a document that carry its occupation.

    Raises:
        ValueError: ``doc.kind`` is not one of :data:`KINDS`.
    """
    if doc.kind == "vacancy":
        return vacancy_segments(doc.text, doc.title)
    if doc.kind == "resume":
        return resume_segments(doc.text)
    if doc.kind == "title":
        text = (doc.title or doc.text).strip()
        return [Segment("title", text, 1.0)] if text else []
    raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {doc.kind!r}")


def classify_document(
    classifier: TitleClassifier,
    kind: str,
    text: str,
    *,
    title: str | None = None,
    lang: str | None = None,
    k: int = 5,
) -> DocumentCodes:
    """Code one vacancy, résumé or title.

    Args:
        classifier: the loaded classifier.
        kind: "vacancy", "resume" or "title".
        text: the document's text (French, English or Spanish).
        title: the vacancy's title when known (ignored for résumés).
        lang: "fr", "en" or "es" when known; guessed from the text otherwise.
        k: how many codes to return.

    Returns:
        The ranked codes and ``needs_review``.

    Raises:
        ValueError: unknown ``kind``.
    """
    return classify_documents(classifier, [DocumentInput(kind, text, title, lang)], k=k)[0]


def classify_documents(
    classifier: TitleClassifier, docs: Sequence[DocumentInput], *, k: int = 5
) -> list[DocumentCodes]:
    """Code many documents at once (one batch through the model: much faster than one at a time).

    Raises:
        ValueError: a document has an unknown ``kind``.
    """
    parts = [[s for s in segments_of(d) if has_words(normalise(s.text))] for d in docs]
    languages = _languages(classifier, docs, parts)
    flat = [(i, s) for i, segs in enumerate(parts) for s in segs]
    results = [DocumentCodes([], True, languages[i], parts[i]) for i in range(len(docs))]
    if not flat:
        return results
    embed = [s.role != "body" or classifier.config.embed_body for _, s in flat]
    probs, evidence = classifier.distributions([s.text for _, s in flat], [languages[i] for i, _ in flat], embed)
    for i, (doc, kept) in enumerate(zip(docs, _rows_kept(parts, probs, evidence), strict=True)):
        segments = [segment for segment, _ in kept]
        mixed = np.zeros(probs.shape[1], dtype=np.float64)
        mass = 0.0
        for segment, row in kept:
            if evidence[row]:
                mixed += segment.weight * probs[row]
                mass += segment.weight
        results[i] = DocumentCodes([], True, languages[i], segments)
        if mass > 0:
            codes = classifier.ranked(mixed / mass, k, doc.kind if doc.kind != "title" else "title")
            results[i] = DocumentCodes(codes, classifier.needs_review(codes), languages[i], segments)
    return results


def _rows_kept(parts: list[list[Segment]], probs: np.ndarray, evidence: np.ndarray) -> list[list[tuple[Segment, int]]]:
    """Each document's segments to mix with their row in ``probs`` (rows in order of ``parts``): an untitled
    vacancy's title candidates reduced to one (:func:`choose_title`), the one that agrees best with the whole
    text (the probability that the candidate and the body, each coded alone, give the same code), else the one
    coded with the most confidence. A slogan ("¡TRABAJO EN CANADÁ!") or an employer's name can be coded
    confidently, but rarely as the duties below it are."""
    out, start = [], 0
    for segs in parts:
        rows = range(start, start + len(segs))
        body = next((r for r, s in zip(rows, segs, strict=True) if s.role == "body" and evidence[r]), None)
        confidence = [
            0.0 if not evidence[r] else float(probs[r] @ probs[body]) if body is not None else float(probs[r].max())
            for r in rows
        ]
        out.append([(segment, start + j) for j, segment in choose_title(segs, confidence)])
        start += len(segs)
    return out


def _languages(
    classifier: TitleClassifier, docs: Sequence[DocumentInput], parts: list[list[Segment]]
) -> list[str | None]:
    """The declared language of each document, else one guess from its longest part (used for all its parts)."""
    out: list[str | None] = []
    for doc, segs in zip(docs, parts, strict=True):
        declared = (doc.lang or "").strip().lower()[:2] or None
        if declared is None and segs:
            longest = max(segs, key=lambda s: len(s.text)).text
            declared = classifier.languages([longest], [None])[0]
        out.append(declared)
    return out
