"""A shortlist asks the rules only about pairs that may still enter its k best, and loses nothing by it.

The applied boosts of a rule set add at most its cap to a base score, so ``MatchingService._score`` takes pairs by
descending base score and stops once a base plus the cap falls below the k-th best total. These tests compare
with scoring every pair (``shortlist_among`` over the whole pool asks the rules about each one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Candidate, MatchingConfig
from matching.models import RuleContribution
from matching.ports import PairContext
from tests.factories import make_candidate, make_vacancy
from tests.matching.conftest import ServiceFactory

ON = date(2026, 6, 1)
WORDS = ["soudeur", "acier", "camion", "cuisine", "soins", "logiciel", "plans", "MIG", "route", "menu"]
# every candidate is retrieved (a pool of at most 60 under min_fetch), so only the rules' pruning differs
CONFIG = MatchingConfig(min_fetch=100)


@dataclass
class CountedBoost:
    """A rule boosting (or penalising) some ids by their own delta, counting the pairs it is asked about."""

    deltas: dict[int, float]
    asked: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "counted-boost"

    def contribute(self, pair: PairContext) -> RuleContribution | None:
        self.asked.append(pair.candidate.id)
        delta = self.deltas.get(pair.candidate.id)
        if delta is None:
            return None
        return RuleContribution(self.name, delta, "ajusté", "adjusted", frozenset({"adjusted"}))


def _pool(texts: list[list[str]]) -> list[Candidate]:
    return [make_candidate(id=i + 1, text=" ".join(words)) for i, words in enumerate(texts)]


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), min_size=12, max_size=60),
    deltas=st.dictionaries(st.integers(1, 60), st.floats(-0.3, 0.3, allow_nan=False), max_size=30),
    cap=st.sampled_from([0.0, 0.01, 0.05, 0.1, 0.3]),
    k=st.integers(1, 12),
)
def test_the_pruned_shortlist_is_the_top_k_of_scoring_every_pair(
    make_service: ServiceFactory, texts: list[list[str]], deltas: dict[int, float], cap: float, k: int
) -> None:
    pool = _pool(texts)
    vacancy = make_vacancy(description="soudeur acier plans MIG")
    rule = CountedBoost(deltas)
    service = make_service(pool, rules=[rule], max_total_boost=cap, config=CONFIG)
    pruned = service.shortlist(vacancy, k=k, on=ON)
    asked = len(rule.asked)
    rule.asked.clear()
    every = service.shortlist_among(vacancy, [c.id for c in pool], on=ON)
    assert len(rule.asked) == len(pool)
    assert asked <= len(pool)
    expected = every.matches[:k]
    assert [m.candidate_id for m in pruned.matches] == [m.candidate_id for m in expected]
    for got, want in zip(pruned.matches, expected, strict=True):
        assert (got.rank, got.total, got.base_score) == (want.rank, want.total, want.base_score)
        assert got.contributions == want.contributions and got.why_not == want.why_not


def test_rules_are_not_asked_about_pairs_that_cannot_enter(make_service: ServiceFactory) -> None:
    texts = [["soudeur", "acier", "plans", "MIG"][: 1 + i % 4] + ["menu"] * (i % 7) for i in range(60)]
    pool = _pool(texts)
    rule = CountedBoost({c.id: 0.01 for c in pool[::3]})
    service = make_service(pool, rules=[rule], max_total_boost=0.01, config=CONFIG)
    shortlist = service.shortlist(make_vacancy(description="soudeur acier plans MIG"), k=5, on=ON)
    assert len(shortlist.matches) == 5
    assert 5 <= len(rule.asked) < len(pool) // 2
    assert shortlist.retrieved == len(pool)  # every pair was retrieved and given a base score


def test_without_a_cap_every_retrieved_pair_is_asked(make_service: ServiceFactory) -> None:
    pool = _pool([["soudeur"] * (1 + i % 5) for i in range(40)])
    rule = CountedBoost({1: 0.5})
    service = make_service(pool, rules=[rule], max_total_boost=0.0, config=CONFIG)
    shortlist = service.shortlist(make_vacancy(description="soudeur"), k=3, on=ON)
    assert len(rule.asked) == len(pool)  # no cap, no bound on a boost: nothing can be left out
    assert shortlist.matches[0].candidate_id == 1
