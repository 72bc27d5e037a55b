"""Retrieval edge cases: filters and stale index ids must not shrink a shortlist, rule deltas stay bounded."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from matching import (
    InMemoryStore,
    MatchingConfig,
    PairContext,
    RuleContribution,
    RuleSetError,
)
from tests.factories import make_candidate, make_vacancy
from tests.matching.conftest import ServiceFactory


def test_hard_filter_looks_further_instead_of_returning_too_few(make_service: ServiceFactory) -> None:
    # The 40 best text matches are not open to region 02; 20 weaker ones are. Asked for 10, we want 10.
    closed = [make_candidate(id=i, text="Soudeur soudage acier MIG", regions=("06",)) for i in range(1, 101)]
    willing = [make_candidate(id=1000 + i, text="Soudeur", regions=("02",)) for i in range(20)]
    config = MatchingConfig(exclude_not_open_region=True, min_fetch=10, occupation_channel_k=0)
    service = make_service([*closed, *willing], config=config)
    shortlist = service.shortlist(make_vacancy(region="02", description="soudage acier MIG"), k=10)
    assert len(shortlist.matches) == 10
    assert all(m.candidate_id >= 1000 for m in shortlist.matches)
    assert shortlist.filtered_out["not_open_to_region"] >= 40


def test_index_ids_missing_from_the_store_are_reported_and_replaced(make_service: ServiceFactory) -> None:
    candidates = [make_candidate(id=i, text=f"Soudeur soudage acier {i}") for i in range(1, 301)]
    service = make_service(candidates, config=MatchingConfig(min_fetch=10, overfetch=1, occupation_channel_k=0))
    store = service._candidates.store
    assert isinstance(store, InMemoryStore)
    for i in range(1, 296):  # deleted from the database, still in the index
        store.delete(i)
    shortlist = service.shortlist(make_vacancy(), k=5)
    assert sorted(m.candidate_id for m in shortlist.matches) == [296, 297, 298, 299, 300]
    assert shortlist.filtered_out["missing_from_store"] > 0


def test_limit_zero_reads_nothing_from_the_occupation_channel() -> None:
    assert list(InMemoryStore([make_candidate(id=1)]).ids_with_occupations(["72106"], 0)) == []


@dataclass(frozen=True)
class Fixed:
    delta: float

    @property
    def name(self) -> str:
        return "fixed"

    def contribute(self, pair: PairContext) -> RuleContribution:
        return RuleContribution(self.name, self.delta, "fixe", "fixed")


def test_a_non_finite_delta_is_refused(make_service: ServiceFactory) -> None:
    service = make_service([make_candidate(id=1)], rules=[Fixed(float("nan"))], max_total_boost=0.1)
    with pytest.raises(RuleSetError, match="non-finite"):
        service.shortlist(make_vacancy(), k=1)


def test_penalties_are_bounded_like_boosts(make_service: ServiceFactory) -> None:
    service = make_service([make_candidate(id=1)], rules=[Fixed(-5.0)], max_total_boost=0.1)
    match = service.shortlist(make_vacancy(), k=1).matches[0]
    assert match.rule_delta == pytest.approx(-0.1)
    assert match.total == match.base_score + match.rule_delta
    assert "capped at 0.1" in match.contributions[0].reason_en
