"""The demo in memory: the demo records, the configured encoder, a vector index, the shipped rule sets."""

from __future__ import annotations

from typing import Literal, cast

from embeddings.factory import EmbedderConfig, build_embedder
from embeddings.index_factory import build_index
from matching import Candidate, InMemoryStore, MatchingService, Vacancy
from occupations.taxonomy import load_taxonomy
from regions.geography import load_geography
from regions.rulesets import load_rule_sets

Backend = Literal["usem", "minilm", "hashing"]


def build_demo_service(backend: str = "usem") -> tuple[MatchingService, list[Vacancy], list[Candidate]]:
    """A matching service over the demo data, entirely in memory.

    Args:
        backend: the embedder backend ("usem", "minilm" or "hashing").

    Returns:
        The service (both indexes filled), the demo vacancies and the demo candidates.
    """
    from api.demo.records import load_demo

    if backend not in ("usem", "minilm", "hashing"):
        raise ValueError(f"unknown embedder backend {backend!r}: expected usem, minilm or hashing")
    geography = load_geography()
    region_of = {code: m.region_code for code, m in geography.municipalities.items()}
    vacancies, candidates = load_demo(region_of)
    embedder = build_embedder(EmbedderConfig(backend=cast(Backend, backend)))
    service = MatchingService(
        embedder=embedder,
        candidate_index=build_index(embedder.dim, expected_size=len(candidates)),
        vacancy_index=build_index(embedder.dim, expected_size=len(vacancies)),
        candidates=InMemoryStore(candidates),
        vacancies=InMemoryStore(vacancies),
        rules=load_rule_sets(geography=geography),
        taxonomy=load_taxonomy(),
    )
    service.index_candidates(candidates)
    service.index_vacancies(vacancies)
    return service, vacancies, candidates
