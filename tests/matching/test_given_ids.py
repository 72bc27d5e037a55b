"""Scoring given records (a search's results, a vacancy's interested candidates): same scores as the ranked lists."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import make_candidate, make_vacancy
from tests.matching.conftest import ServiceFactory
from tests.matching.test_service import TRADES, _pool

ON = date(2026, 6, 1)


def test_given_candidates_get_the_shortlist_scores_and_explanations(
    make_service: ServiceFactory,
) -> None:
    candidates, ids = _pool()
    service = make_service(candidates)
    vacancy = make_vacancy(title="Soudeur", description="soudage MIG TIG acier", occupation="72106")
    full = {m.candidate_id: m for m in service.shortlist(vacancy, k=len(candidates), on=ON).matches}
    chosen = [ids["63200"], ids["72106"], 999]  # 999 is in no index
    among = service.shortlist_among(vacancy, chosen, on=ON)
    assert [m.candidate_id for m in among.matches] == [ids["72106"], ids["63200"]]
    assert [m.rank for m in among.matches] == [1, 2]
    for m in among.matches:
        assert m.total == pytest.approx(full[m.candidate_id].total, abs=1e-6)
        assert m.dimensions.keys() == full[m.candidate_id].dimensions.keys()
    assert among.filtered_out == {"not_indexed": 1}


def test_given_vacancies_are_ranked_for_a_candidate_and_a_query_text_is_measured(make_service: ServiceFactory) -> None:
    vacancies = [
        make_vacancy(id=100 + n, title=t, description=w, occupation=c) for n, (c, (t, w)) in enumerate(TRADES.items())
    ]
    service = make_service(vacancies=vacancies)
    candidate = make_candidate(text="Soudeur MIG TIG acier", occupation="72106")
    among = service.matches_among(candidate, [101, 100, 102], on=ON)
    assert among.matches[0].vacancy_id == 100 and {m.vacancy_id for m in among.matches} == {100, 101, 102}
    sims = service.vacancy_similarities("camion remorque transport", [100, 101, 555])
    assert set(sims) == {100, 101} and sims[101] > sims[100]
    assert service.vacancy_similarities("camion", []) == {}
    assert service.matches_among(candidate, [], on=ON).matches == ()


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(min_value=1, max_value=5), min_size=1))
def test_scoring_a_subset_never_changes_a_score(make_service: ServiceFactory, subset: set[int]) -> None:
    candidates, _ = _pool()
    service = make_service(candidates)
    vacancy = make_vacancy(title="Cuisinier", description="cuisine restaurant", occupation="63200")
    full = {m.candidate_id: m.total for m in service.shortlist(vacancy, k=5, on=ON).matches}
    among = service.shortlist_among(vacancy, sorted(subset), on=ON)
    assert {m.candidate_id: m.total for m in among.matches} == pytest.approx({i: full[i] for i in subset}, abs=1e-6)
    totals = [m.total for m in among.matches]
    assert totals == sorted(totals, reverse=True)
