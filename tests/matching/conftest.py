from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import (
    Candidate,
    InMemoryStore,
    MatchingConfig,
    MatchingService,
    PriorityRule,
    StaticRuleSet,
    StaticRuleSetProvider,
    Vacancy,
)

ServiceFactory = Callable[..., MatchingService]


@pytest.fixture(scope="session")
def make_service() -> ServiceFactory:
    """A service over in-memory stores, the hashing embedder and the exact index, with given records."""

    def build(
        candidates: Sequence[Candidate] = (),
        vacancies: Sequence[Vacancy] = (),
        rules: Sequence[PriorityRule] = (),
        max_total_boost: float = 0.0,
        config: MatchingConfig | None = None,
    ) -> MatchingService:
        embedder = HashingEmbedder(dim=256)
        service = MatchingService(
            embedder=embedder,
            candidate_index=ExactIndex(embedder.dim),
            vacancy_index=ExactIndex(embedder.dim),
            candidates=InMemoryStore(candidates),
            vacancies=InMemoryStore(vacancies),
            rules=StaticRuleSetProvider(StaticRuleSet("test-rules", tuple(rules), max_total_boost)),
            config=config,
        )
        service.index_candidates(list(candidates))
        service.index_vacancies(list(vacancies))
        return service

    return build
