"""The shortlist of a *stored* vacancy: its vector is already stored, so no query is encoded.

This is the API's path for ``GET /vacancies/{id}/shortlist`` (``api/db/vectors.py``): retrieval, scoring, priority
rules, top-k and explanations, with the vacancy's stored vector. It is timed with the index under test and, in the
same run and interleaved call by call, with an exact numpy scan over the same stored vectors in its place.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np

from benchmarks.timing import summary_ms, time_interleaved
from embeddings.exact_index import exact_search
from matching import InMemoryStore, MatchingService, RuleSetProvider
from matching.models import Candidate, Vacancy
from matching.ports import FloatMatrix, FloatVector, Hits, IdArray

K = 50


class ExactView:
    """A read-only ``VectorIndex`` that scans the vectors of another index exactly (no copy)."""

    def __init__(self, vectors: FloatMatrix, ids: IdArray, scorer: Any) -> None:
        self._vectors, self._ids, self._scorer = vectors, ids, scorer

    @property
    def dim(self) -> int:
        return int(self._vectors.shape[1])

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        raise NotImplementedError("read-only view")

    def remove(self, ids: IdArray) -> int:
        raise NotImplementedError("read-only view")

    def search(self, queries: FloatMatrix, k: int) -> list[Hits]:
        return exact_search(self._vectors, self._ids, queries, k)

    def score_ids(self, query: FloatVector, ids: IdArray) -> FloatVector:
        scores: FloatVector = self._scorer.score_ids(query, ids)
        return scores

    def __len__(self) -> int:
        return int(self._ids.shape[0])

    def __contains__(self, item: object) -> bool:
        return bool(np.any(self._ids == item))


def stored_series(
    service: MatchingService,
    index: Any,
    stored: tuple[FloatMatrix, IdArray],
    store: InMemoryStore[Candidate],
    vacancies: list[Vacancy],
    queries: FloatMatrix,
    rules: RuleSetProvider,
    on: date,
    warmup: int,
    repeats: int,
) -> dict[str, Any]:
    """Stored-vacancy shortlists with the index and with the exact scan, p50/p95/p99 and p99 over every call."""
    exact = MatchingService(
        embedder=service.embedder,
        candidate_index=ExactView(stored[0], stored[1], index),
        vacancy_index=ExactView(queries, np.arange(len(queries), dtype=np.int64), index),
        candidates=store,
        vacancies=InMemoryStore(vacancies),
        rules=rules,
    )
    items = list(range(len(vacancies)))
    timed = time_interleaved(
        items,
        {
            "stored": lambda i: service.shortlist(vacancies[i], k=K, on=on, query=queries[i]),
            "stored_exact": lambda i: exact.shortlist(vacancies[i], k=K, on=on, query=queries[i]),
        },
        warmup=warmup,
        repeats=repeats,
        label="stored-vacancy shortlist vs exact",
    )
    ann = summary_ms(timed["stored"], len(items), "stored_shortlist")
    scan = summary_ms(timed["stored_exact"], len(items), "stored_exact_shortlist")
    return {**ann, **scan, "stored_shortlist_max_ms": round(max(timed["stored"]) * 1000, 3)}
