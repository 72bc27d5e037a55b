"""Timing the classifier: single-title latency (p50/p95) and batch throughput, on real example titles."""

from __future__ import annotations

import time

import numpy as np

from occupations.classifier import TitleClassifier
from occupations.training import example_titles


def measure_speed(classifier: TitleClassifier, *, singles: int = 300, batch: int = 10_000) -> dict[str, float]:
    """Time ``classify`` one title at a time, then ``classify_many`` on a batch.

    Args:
        classifier: a loaded classifier.
        singles: number of titles classified one by one (after 20 warm-up calls).
        batch: number of titles classified in one call (cycled from the example titles).

    Returns:
        Wall-clock ``single_p50_ms``, ``single_p95_ms``, ``batch_seconds``, and the CPU time of this process
        (``single_cpu_p50_ms``, ``batch_cpu_seconds``), which tells the cost on a machine shared with others.
    """
    titles = example_titles().texts
    rng = np.random.default_rng(0)
    picked = [titles[i] for i in rng.choice(len(titles), size=singles + 20, replace=False)]
    for title in picked[:20]:
        classifier.classify(title)
    times, cpu = [], []
    for title in picked[20:]:
        started, started_cpu = time.perf_counter(), time.process_time()
        classifier.classify(title)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    many = [titles[i % len(titles)] for i in rng.permutation(batch)]
    started, started_cpu = time.perf_counter(), time.process_time()
    classifier.classify_many(many, k=5)
    return {
        "single_p50_ms": float(np.percentile(times, 50)),
        "single_p95_ms": float(np.percentile(times, 95)),
        "single_cpu_p50_ms": float(np.percentile(cpu, 50)),
        "batch_titles": float(batch),
        "batch_seconds": time.perf_counter() - started,
        "batch_cpu_seconds": time.process_time() - started_cpu,
    }


def measure_document_speed(classifier: TitleClassifier, *, singles: int = 60, batch: int = 1000) -> dict[str, float]:
    """Time :func:`occupations.documents.classify_document` one document at a time, then 1,000 résumés at once.

    The documents are the evaluation's written vacancies and résumés, and the real English résumés when the
    reference folder is there (cycled to reach the counts).

    Args:
        classifier: a loaded classifier.
        singles: documents coded one by one (after 5 warm-up calls).
        batch: résumés coded through :func:`occupations.documents.classify_documents` in one call.

    Returns:
        Wall-clock ``document_p50_ms``, ``document_p95_ms``, ``resumes_batch_seconds`` (and CPU times).
    """
    from occupations.documents import DocumentInput, classify_document, classify_documents
    from occupations.evaluation_sets import real_resumes, written_documents

    docs = written_documents() + real_resumes()
    for doc in docs[:5]:
        classify_document(classifier, doc.kind, doc.text, title=doc.title)
    times, cpu = [], []
    for i in range(singles):
        doc = docs[i % len(docs)]
        started, started_cpu = time.perf_counter(), time.process_time()
        classify_document(classifier, doc.kind, doc.text, title=doc.title)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    resumes = [d for d in docs if d.kind == "resume"]
    many = [DocumentInput("resume", resumes[i % len(resumes)].text) for i in range(batch)]
    started, started_cpu = time.perf_counter(), time.process_time()
    classify_documents(classifier, many)
    return {
        "document_p50_ms": float(np.percentile(times, 50)),
        "document_p95_ms": float(np.percentile(times, 95)),
        "document_cpu_p50_ms": float(np.percentile(cpu, 50)),
        "mean_document_chars": float(np.mean([len(d.text) for d in docs])),
        "resumes_batch": float(batch),
        "resumes_batch_seconds": time.perf_counter() - started,
        "resumes_batch_cpu_seconds": time.process_time() - started_cpu,
    }
