"""The shipped 2026 rule set inside a real MatchingService, on real places and real diagnostic codes."""

from __future__ import annotations

from datetime import date

import pytest

from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import InMemoryStore, MatchingService, Shortlist, explain
from matching.models import Candidate, Vacancy
from regions import FLAG_FAST_TRACK, FLAG_NOT_OPEN, FLAG_REGIONAL, Geography, RuleSetRegistry
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import GASPE, JOLIETTE, LAVAL, MIRABEL, SAGUENAY, SAINT_JEROME, TERREBONNE

ON = date(2026, 6, 1)
DEFICIT, BALANCE = "72106", "10021"  # welders: 'Déficit'; bank managers: 'Équilibre'
TEXT = "Soudeur MIG TIG, lecture de plans, cinq ans d'expérience."


def three_welders(region: str) -> list[Candidate]:
    """Same résumé and facts; only where they are willing to live differs."""
    return [
        make_candidate(id=1, text=TEXT, occupation=DEFICIT, regions=(region,)),
        make_candidate(id=2, text=TEXT, occupation=DEFICIT, open_to_all=True),
        make_candidate(id=3, text=TEXT, occupation=DEFICIT, regions=("06",)),
    ]


def shortlist(registry: RuleSetRegistry, vacancy: Vacancy, candidates: list[Candidate], on: date = ON) -> Shortlist:
    embedder = HashingEmbedder(dim=128)
    service = MatchingService(
        embedder=embedder,
        candidate_index=ExactIndex(embedder.dim),
        vacancy_index=ExactIndex(embedder.dim),
        candidates=InMemoryStore(candidates),
        vacancies=InMemoryStore([vacancy]),
        rules=registry,
    )
    service.index_candidates(candidates)
    return service.shortlist(vacancy, k=10, on=on)


@pytest.mark.parametrize(
    ("code", "regional", "on", "rule_set"),
    [
        (SAGUENAY, True, ON, "passerelle-2026"),
        (JOLIETTE, True, ON, "passerelle-2026"),
        (SAINT_JEROME, True, ON, "passerelle-2026"),
        (GASPE, True, ON, "passerelle-2026"),
        (LAVAL, False, ON, "passerelle-2026"),
        # The 2026 boundary is "hors Montréal et Laval": CMM suburbs count as the regions...
        (TERREBONNE, True, ON, "passerelle-2026"),
        (MIRABEL, True, ON, "passerelle-2026"),
        # ...whereas the 2025 set's "hors CMM" leaves them out.
        (TERREBONNE, False, date(2025, 6, 1), "passerelle-2025"),
        (MIRABEL, False, date(2025, 6, 1), "passerelle-2025"),
        (JOLIETTE, True, date(2025, 6, 1), "passerelle-2025"),
    ],
)
def test_deficit_vacancy_ranks_willing_candidates_first_and_keeps_everyone(
    geo: Geography, registry: RuleSetRegistry, code: str, regional: bool, on: date, rule_set: str
) -> None:
    place = geo.by_code(code)
    vacancy = make_vacancy(id=50, description=TEXT, municipality=code, region=place.region_code, occupation=DEFICIT)
    result = shortlist(registry, vacancy, three_welders(place.region_code), on)
    assert result.rule_set_id == rule_set
    by_id = {m.candidate_id: m for m in result.matches}
    assert sorted(by_id) == [1, 2, 3]  # nobody is dropped
    assert all(FLAG_FAST_TRACK in m.flags for m in result.matches)  # same 'Déficit' unit group
    for cid in (1, 2):
        assert (FLAG_REGIONAL in by_id[cid].flags) is regional
    if place.region_code == "06":
        return
    assert FLAG_NOT_OPEN in by_id[3].flags and by_id[3].rank == 3
    if regional:
        # Both willing candidates reach the cap: 0.05+0.05 and 0.04+0.05 are both scaled down to 0.08, so the
        # named-region/all-regions difference vanishes when the fast track also fires (tie broken by id).
        assert [m.candidate_id for m in result.matches] == [1, 2, 3]
        assert by_id[1].total > by_id[3].total
        assert by_id[1].rule_delta == pytest.approx(0.08) and by_id[2].rule_delta == pytest.approx(0.08)
        assert place.name in explain(by_id[1], "fr") and place.name in explain(by_id[1], "en")
    else:
        assert by_id[1].rule_delta == pytest.approx(0.05)  # the fast track alone
    for m in result.matches:
        assert m.total == m.base_score + sum(c.delta for c in m.contributions)


def test_balance_vacancy_in_gaspe_is_not_fast_tracked(geo: Geography, registry: RuleSetRegistry) -> None:
    vacancy = make_vacancy(
        id=51,
        title="Directeur de banque",
        description="Gestion de succursale",
        municipality=GASPE,
        region="11",
        occupation=BALANCE,
    )
    candidates = [make_candidate(id=1, text="Directeur de succursale bancaire", occupation=BALANCE, regions=("11",))]
    match = shortlist(registry, vacancy, candidates).matches[0]
    assert match.flags == {FLAG_REGIONAL}
    assert [c.rule for c in match.contributions] == ["regional_priority"]
    assert (
        "Gaspé" in match.contributions[0].reason_fr and "outside Montréal and Laval" in match.contributions[0].reason_en
    )
    # The other rules of the set say why they did not apply.
    why = {c.rule: c for c in match.why_not}
    assert sorted(why) == ["fast_track", "lmia_freeze", "simplified_lmia"]
    assert "'Équilibre' (balance)" in why["fast_track"].reason_en
    assert "10021" in why["simplified_lmia"].reason_en and "partial list" in why["simplified_lmia"].reason_en
    assert "outside the low-wage LMIA freeze territory" in why["lmia_freeze"].reason_en
