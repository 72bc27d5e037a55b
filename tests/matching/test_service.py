"""The service end to end on records whose right answer is obvious."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import (
    Candidate,
    EmptyTextError,
    MatchingConfig,
    PairContext,
    RuleContribution,
    explain,
    match_to_dict,
)
from matching.scoring import DIMENSIONS
from tests.factories import make_candidate, make_vacancy
from tests.matching.conftest import ServiceFactory

TRADES = {
    "72106": ("Soudeur MIG TIG", "soudage MIG TIG acier structures"),
    "73300": ("Camionneur classe 1", "conduite camion lourd remorque transport routier"),
    "63200": ("Cuisinier", "cuisine restaurant plats cuisson menu"),
    "33102": ("Préposé aux bénéficiaires", "soins patients hygiène hôpital CHSLD"),
    "21232": ("Développeur logiciel", "programmation Python Java logiciel applications"),
}


def _pool() -> tuple[list[Candidate], dict[str, int]]:
    candidates, ids = [], {}
    for n, (code, (title, words)) in enumerate(TRADES.items(), start=1):
        candidates.append(make_candidate(id=n, text=f"{title}. {words}.", occupation=code, open_to_all=True))
        ids[code] = n
    return candidates, ids


def test_each_vacancy_finds_its_trade_first(make_service: ServiceFactory) -> None:
    candidates, ids = _pool()
    service = make_service(candidates)
    for code, (title, words) in TRADES.items():
        vacancy = make_vacancy(title=title, description=words, occupation=code)
        shortlist = service.shortlist(vacancy, k=3, on=date(2026, 6, 1))
        assert shortlist.matches[0].candidate_id == ids[code]
        assert [m.rank for m in shortlist.matches] == [1, 2, 3]


def test_each_candidate_finds_its_vacancy_first(make_service: ServiceFactory) -> None:
    vacancies = [
        make_vacancy(id=100 + n, title=t, description=w, occupation=c) for n, (c, (t, w)) in enumerate(TRADES.items())
    ]
    service = make_service(vacancies=vacancies)
    for n, (code, (title, words)) in enumerate(TRADES.items()):
        found = service.matches_for(make_candidate(text=f"{title} {words}", occupation=code), k=2)
        assert found.matches[0].vacancy_id == 100 + n
        assert found.matches[0].candidate_id > 0


def test_occupation_channel_meets_documents_that_share_no_words(make_service: ServiceFactory) -> None:
    english = make_candidate(id=7, text="Experienced welder, pipe fitting, shipyard.", occupation="72106")
    noise = [make_candidate(id=100 + i, text=f"Soudure acier plan {i}", occupation="63200") for i in range(150)]
    service = make_service([english, *noise], config=MatchingConfig(min_fetch=10, overfetch=1))
    vacancy = make_vacancy(title="Soudeur", description="Soudure acier plan", occupation="72106")
    shortlist = service.shortlist(vacancy, k=5)
    top = shortlist.matches[0]
    assert top.candidate_id == 7
    assert "occupation" in top.channels
    assert top.dimensions["occupation"].score == 1.0


def test_every_match_is_explained_in_both_languages(make_service: ServiceFactory) -> None:
    candidates, _ = _pool()
    service = make_service(candidates)
    match = service.shortlist(make_vacancy(), k=1).matches[0]
    assert tuple(match.dimensions) == DIMENSIONS
    assert all(0.0 <= d.score <= 1.0 for d in match.dimensions.values())
    assert match.rule_set_id == "test-rules"
    fr, en = explain(match, "fr"), explain(match, "en")
    assert "Profession (CNP)" in fr and "Occupation (NOC)" in en
    assert match_to_dict(match)["dimensions"]["occupation"]["detail_en"].startswith("same unit group")


def test_equal_scores_break_ties_by_ascending_id(make_service: ServiceFactory) -> None:
    twins = [make_candidate(id=i, text="Soudeur soudage", occupation="72106") for i in (9, 3, 5)]
    service = make_service(twins)
    ids = [m.candidate_id for m in service.shortlist(make_vacancy(), k=3).matches]
    assert ids == [3, 5, 9]


def test_empty_query_text_is_refused(make_service: ServiceFactory) -> None:
    service = make_service(_pool()[0])
    with pytest.raises(EmptyTextError):
        service.shortlist(make_vacancy(title=" ", description=""), k=3)


def test_hard_filter_is_reported_not_silent(make_service: ServiceFactory) -> None:
    inside = make_candidate(id=1, regions=("02",))
    outside = make_candidate(id=2, regions=("06",))
    service = make_service([inside, outside], config=MatchingConfig(exclude_not_open_region=True))
    shortlist = service.shortlist(make_vacancy(region="02"), k=5)
    assert [m.candidate_id for m in shortlist.matches] == [1]
    assert shortlist.filtered_out == {"not_open_to_region": 1}


@dataclass(frozen=True)
class BoostIds:
    """A test rule: a fixed boost for some candidate ids, a zero-delta mark for the others."""

    boosted: frozenset[int]
    boost: float

    @property
    def name(self) -> str:
        return "boost-ids"

    def contribute(self, pair: PairContext) -> RuleContribution | None:
        if pair.candidate.id in self.boosted:
            return RuleContribution(self.name, self.boost, "bonus", "bonus", frozenset({"boosted"}))
        return RuleContribution(self.name, 0.0, "aucun bonus", "no bonus", frozenset({"marked"}))


WORDS = ["soudeur", "acier", "camion", "cuisine", "soins", "logiciel", "plans", "MIG", "route", "menu"]


@st.composite
def pools(draw: st.DrawFn) -> list[Candidate]:
    n = draw(st.integers(1, 25))
    return [
        make_candidate(
            id=i + 1,
            text=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))),
            occupation=draw(st.sampled_from(["72106", "73300", "63200", "72100"])),
            years=draw(st.integers(0, 10)),
            regions=tuple(draw(st.sets(st.sampled_from(["01", "02", "06"])))),
        )
        for i in range(n)
    ]


@given(pool=pools(), boosted=st.sets(st.integers(1, 25)), boost=st.floats(0.0, 0.3), k=st.integers(1, 30))
def test_rules_reorder_but_never_drop_and_totals_add_up(
    make_service: ServiceFactory, pool: list[Candidate], boosted: set[int], boost: float, k: int
) -> None:
    vacancy = make_vacancy(description="soudeur acier plans MIG")
    plain = make_service(pool).shortlist(vacancy, k=k, on=date(2026, 6, 1))
    ruled = make_service(pool, rules=[BoostIds(frozenset(boosted), boost)]).shortlist(vacancy, k=k, on=date(2026, 6, 1))
    assert len(ruled.matches) == len(plain.matches) == min(k, len(pool))
    if k >= len(pool):
        assert {m.candidate_id for m in ruled.matches} == {c.id for c in pool}
    totals = [m.total for m in ruled.matches]
    assert totals == sorted(totals, reverse=True)
    for m in ruled.matches:
        assert m.total == pytest.approx(m.base_score + sum(c.delta for c in m.contributions))
        assert ("boosted" in m.flags) == (m.candidate_id in boosted)
    plain_rank = {m.candidate_id: m.rank for m in plain.matches}
    for m in ruled.matches:
        if m.candidate_id in boosted and m.candidate_id in plain_rank:
            assert m.rank <= plain_rank[m.candidate_id]


@given(pool=pools())
def test_zero_rules_keep_the_base_order(make_service: ServiceFactory, pool: list[Candidate]) -> None:
    vacancy = make_vacancy(description="camion route")
    plain = make_service(pool).shortlist(vacancy, k=50)
    zero = make_service(pool, rules=[BoostIds(frozenset(c.id for c in pool), 0.0)]).shortlist(vacancy, k=50)
    assert [m.candidate_id for m in zero.matches] == [m.candidate_id for m in plain.matches]
    again = make_service(pool).shortlist(vacancy, k=50)
    assert [m.candidate_id for m in again.matches] == [m.candidate_id for m in plain.matches]


def test_boosts_are_capped_by_the_rule_set(make_service: ServiceFactory) -> None:
    pool = [make_candidate(id=1)]
    rules = [BoostIds(frozenset({1}), 0.2), BoostIds(frozenset({1}), 0.2)]
    match = make_service(pool, rules=rules, max_total_boost=0.1).shortlist(make_vacancy(), k=1).matches[0]
    assert match.rule_delta == pytest.approx(0.1)
    assert all("capped at 0.1" in c.reason_en for c in match.contributions)


def test_matches_are_hashable_values(make_service: ServiceFactory) -> None:
    match = make_service([make_candidate(id=1)]).shortlist(make_vacancy(), k=1).matches[0]
    assert {match, match} == {match}
