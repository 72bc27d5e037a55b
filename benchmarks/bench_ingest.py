"""Ingest and classification throughput: résumés per second through the document pipeline.

The pipeline is: text extraction (``embeddings.documents.extract_text``) → language detection
(``embeddings.language.detect_language``) → occupation classification (the ``occupations`` classifier) →
embedding → index add. Stages whose module has not landed
are skipped, and the result names the stages that really ran (``ingest_stages``), so a number is never
presented as covering more than it does. Résumés are written as DOCX files (python-docx) before timing.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from tqdm import tqdm

from benchmarks.pool import SeedPool
from matching.ports import Embedder, VectorIndex

_BATCH = 32


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split(". "):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _documents_function(name: str) -> Callable[..., Any] | None:
    """A function of ``embeddings.documents`` (built by another engineer), or None before it lands."""
    try:
        module = importlib.import_module("embeddings.documents")
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


def _extractor() -> tuple[Callable[[bytes, str], str], str]:
    extract_text = _documents_function("extract_text")
    if extract_text is None:
        return _docx_text, "extract(python-docx, local fallback)"

    def extract(data: bytes, name: str) -> str:
        return str(extract_text(data, name))

    return extract, "extract(embeddings.documents.extract_text)"


def _docx_text(data: bytes, name: str) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _language() -> tuple[Callable[[str], str], str]:
    """``embeddings.language.detect_language`` when it has landed, else py3langid directly."""
    module: Any = None
    with contextlib.suppress(ImportError):
        module = importlib.import_module("embeddings.language")
    detect = getattr(module, "detect_language", None)
    if callable(detect):
        return (lambda text: str(detect(text))), "language(embeddings.language.detect_language)"
    import py3langid

    return (lambda text: str(py3langid.classify(text)[0])), "language(py3langid, local fallback)"


def load_title_classifier(encoder: Embedder | None) -> tuple[Any | None, str]:
    """The ``occupations`` title classifier (trained and cached under ``var/`` on first use), or None.

    Args:
        encoder: the multilingual encoder to share with the classifier (None lets it load its own).

    Returns:
        The classifier (or None when the package is unusable) and a description for the results.
    """
    try:
        from occupations import load_classifier

        return load_classifier(encoder=encoder), "occupations.load_classifier"
    except Exception as e:  # a missing or broken optional stage must not sink the benchmark
        return None, f"occupations classifier not available ({type(e).__name__}: {e})"


def ingest_throughput(
    embedder: Embedder,
    index: VectorIndex,
    pool: SeedPool,
    count: int,
    *,
    first_id: int,
    classifier: tuple[Any | None, str] = (None, "classification not requested"),
) -> dict[str, Any]:
    """Push ``count`` DOCX résumés through the pipeline into ``index`` (then remove them again).

    Args:
        embedder: the document encoder.
        index: the benchmark's index (the new ids are removed afterwards).
        pool: source of résumé texts.
        count: résumés to ingest (0 skips, giving null).
        first_id: first id to use (above the pool's ids).
        classifier: the title classifier and its description (see :func:`load_title_classifier`).

    Returns:
        ``ingest_per_s`` and ``ingest_stages``.
    """
    if count == 0:
        return {"ingest_per_s": None, "ingest_stages": []}
    texts = [pool.texts[i % len(pool.texts)] for i in range(0, count * 7, 7)]
    files = [_docx_bytes(t) for t in texts]
    extract, e_name = _extractor()
    detect, l_name = _language()
    model, c_name = classifier
    ids = np.arange(first_id, first_id + count, dtype=np.int64)
    start = time.perf_counter()
    for lo in tqdm(range(0, count, _BATCH), desc="ingest", leave=False):
        batch = [extract(data, f"resume-{lo + j}.docx") for j, data in enumerate(files[lo : lo + _BATCH])]
        languages = [detect(text) for text in batch]
        if model is not None:
            model.classify_many(batch, k=5, languages=languages)
        index.add(ids[lo : lo + _BATCH], embedder.encode_documents(batch))
    elapsed = time.perf_counter() - start
    index.remove(ids)
    stages = [
        e_name,
        l_name,
        f"classify({c_name})" if model is not None else f"no classification: {c_name}",
        "embed",
        "index",
    ]
    return {"ingest_per_s": round(count / elapsed, 1), "ingest_stages": stages}


def classify_throughput(pool: SeedPool, count: int, classifier: tuple[Any | None, str]) -> dict[str, Any]:
    """Title classifications per second with the ``occupations`` classifier, or null when it is absent.

    Args:
        pool: titles are taken from its unit groups' example titles (EN and FR).
        count: titles to classify (at least 1 when measuring).
        classifier: the title classifier and its description (see :func:`load_title_classifier`).

    Returns:
        ``classify_per_s`` and ``classify_note``.
    """
    model, name = classifier
    if model is None or count == 0:
        return {"classify_per_s": None, "classify_note": name}
    titles = [g.titles_fr[0] if i % 2 else g.titles_en[0] for i, g in enumerate(pool.groups)][: max(count, 1)]
    model.classify(titles[0], k=5)  # warm-up
    start = time.perf_counter()
    for title in titles:
        model.classify(title, k=5)  # one title at a time, as an employer types it
    elapsed = time.perf_counter() - start
    return {"classify_per_s": round(len(titles) / elapsed, 1), "classify_note": name}
