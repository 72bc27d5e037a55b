"""Invariants of the priority-rule stage with the real rules, data and random weights (Hypothesis).

Ranking = ``matching.apply_rules`` on each pair + ``matching.top_k`` on the totals, as the service does;
the last test runs the whole ``MatchingService``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import InMemoryStore, MatchingService, PairContext, RuleContribution, apply_rules, top_k
from matching.models import Candidate, CandidateStatus, Vacancy
from matching.rules import evaluate_rules
from regions import Boundary, Diagnostics, Geography, PasserelleRuleSet, build_rule_set, load_rule_sets
from regions._synthetic import synthetic_population
from regions.impact import FixedProvider
from regions.rulesets import RuleSetFile
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import GASPE, JOLIETTE, LAVAL, MIRABEL, MONTREAL, SAGUENAY, SAINT_JEROME, TERREBONNE

ON = date(2026, 6, 1)
DAYS = [date(2025, 6, 1), date(2026, 3, 1), ON, date(2027, 1, 15)]  # 2025 set, 2026 transition, 2026, after the freeze
PLACES = [SAGUENAY, LAVAL, TERREBONNE, JOLIETTE, MIRABEL, SAINT_JEROME, GASPE, MONTREAL]
REGIONS = ["02", "06", "11", "13", "14", "15"]
CODES = ["72106", "72100", "31301", "10021", "21231", "13110", "62020"]
SHIPPED = load_rule_sets().get("passerelle-2026").spec  # sources and lists of the shipped set

boosts = st.floats(0.0, 0.5, allow_nan=False)
specs = st.builds(
    lambda rp, rp_all, ft, cap, boundary, urgent, level, lmia, penalty: SHIPPED.model_copy(
        update={
            "id": "prop",
            "max_total_boost": cap,
            "rules": {
                "regional_priority": {"boundary": boundary, "boost_named_region": rp, "boost_all_regions": rp_all},
                "fast_track": {"boost": ft, "match_level": level, "urgent_diagnostics": urgent},
                "simplified_lmia": {**SHIPPED.rules["simplified_lmia"], "boost": lmia},
                "lmia_freeze": {**SHIPPED.rules["lmia_freeze"], "penalty": penalty},
            },
        }
    ),
    boosts,
    boosts,
    boosts,
    st.floats(0.001, 0.5),
    st.sampled_from([b.value for b in Boundary]),
    st.sampled_from([["Déficit"], ["Déficit", "Léger déficit"]]),
    st.sampled_from(["unit_group", "minor_group"]),
    boosts,
    st.floats(-0.5, 0.0, allow_nan=False),
)
vacancies = st.builds(
    lambda place, code, wage, naics: (place, code, wage, naics),
    st.sampled_from(PLACES),
    st.sampled_from(CODES),
    st.one_of(st.none(), st.floats(15.0, 60.0, allow_nan=False)),
    st.sampled_from(["", "23", "311", "5611", "62"]),
)
people = st.lists(
    st.tuples(
        st.frozensets(st.sampled_from(REGIONS), max_size=3),
        st.booleans(),
        st.sampled_from(CODES),
        st.floats(0.0, 1.0, allow_nan=False),
        st.sampled_from(list(CandidateStatus)),
    ),
    min_size=1,
    max_size=25,
)


@dataclass(frozen=True)
class Ranked:
    order: list[int]
    base: dict[int, float]
    total: dict[int, float]
    contributions: dict[int, tuple[RuleContribution, ...]]


def rank(vacancy: Vacancy, pool: list[tuple[Candidate, float]], rule_set: PasserelleRuleSet, on: date = ON) -> Ranked:
    contributions = {
        c.id: apply_rules(PairContext(vacancy, c, base, on), rule_set.rules, rule_set.max_total_boost)
        for c, base in pool
    }
    base = {c.id: b for c, b in pool}
    total = {cid: base[cid] + sum(x.delta for x in contributions[cid]) for cid in base}
    ids = np.asarray(list(total), dtype=np.int64)
    kept, _ = top_k(ids, np.asarray(list(total.values())), len(ids))
    return Ranked(kept.tolist(), base, total, contributions)


def make_pool(geo: Geography, vacancy: tuple[str, str, float | None, str], rows):  # type: ignore[no-untyped-def]
    place, code, wage, naics = vacancy
    region = geo.by_code(place).region_code
    v = make_vacancy(municipality=place, region=region, occupation=code, wage_hourly=wage, naics=naics)
    pool = [
        (make_candidate(id=i, regions=tuple(sorted(r)), open_to_all=everywhere, occupation=occ, status=status), base)
        for i, (r, everywhere, occ, base, status) in enumerate(rows, start=1)
    ]
    return v, pool


def build(spec: RuleSetFile, geo: Geography, diagnostics: Diagnostics, zero: bool = False) -> PasserelleRuleSet:
    return build_rule_set(spec, geography=geo, diagnostics=diagnostics, zero_weights=zero)


@given(spec=specs, vacancy=vacancies, rows=people)
def test_rules_are_deterministic(geo, diagnostics, spec, vacancy, rows) -> None:  # type: ignore[no-untyped-def]
    v, pool = make_pool(geo, vacancy, rows)
    first = rank(v, pool, build(spec, geo, diagnostics))
    again = rank(v, pool, build(spec, geo, diagnostics))
    assert first == again


@given(spec=specs, vacancy=vacancies, rows=people)
def test_zero_weights_keep_the_base_score_order(geo, diagnostics, spec, vacancy, rows) -> None:  # type: ignore[no-untyped-def]
    v, pool = make_pool(geo, vacancy, rows)
    ranked = rank(v, pool, build(spec, geo, diagnostics, zero=True))
    ids = np.asarray([c.id for c, _ in pool], dtype=np.int64)
    by_base, _ = top_k(ids, np.asarray([b for _, b in pool]), len(pool))
    assert ranked.order == by_base.tolist()
    assert all(c.delta == 0 for cs in ranked.contributions.values() for c in cs)


@given(spec=specs, vacancy=vacancies, rows=people, on=st.sampled_from(DAYS))
def test_no_candidate_disappears_and_totals_add_up(geo, diagnostics, spec, vacancy, rows, on) -> None:  # type: ignore[no-untyped-def]
    v, pool = make_pool(geo, vacancy, rows)
    rule_set = build(spec, geo, diagnostics)
    ranked = rank(v, pool, rule_set, on)
    assert sorted(ranked.order) == sorted(c.id for c, _ in pool)
    for cid, contributions in ranked.contributions.items():
        deltas = [c.delta for c in contributions]
        assert ranked.total[cid] == pytest.approx(ranked.base[cid] + sum(deltas))
        assert all(-0.5 <= d <= 0.5 for d in deltas)
        assert sum(d for d in deltas if d > 0) <= spec.max_total_boost + 1e-12
        assert -sum(d for d in deltas if d < 0) <= spec.max_total_boost + 1e-12


@given(spec=specs, vacancy=vacancies, rows=people, on=st.sampled_from(DAYS))
def test_every_rule_answers_every_pair_applied_or_why_not(geo, diagnostics, spec, vacancy, rows, on) -> None:  # type: ignore[no-untyped-def]
    v, pool = make_pool(geo, vacancy, rows)
    rule_set = build(spec, geo, diagnostics)
    for candidate, base in pool:
        applied, why_not = evaluate_rules(PairContext(v, candidate, base, on), rule_set.rules, rule_set.max_total_boost)
        assert sorted(c.rule for c in (*applied, *why_not)) == sorted(rule_set.rule_names)
        for c in why_not:
            assert not c.applied and c.delta == 0 and not c.flags and c.reason_fr and c.reason_en and c.reason_es
        frozen = any("lmia_freeze" in c.flags for c in applied)
        if frozen:  # marked, never dropped: a temporary worker, in Montréal or Laval, below the threshold
            assert candidate.status is CandidateStatus.TEMPORARY_WORKER and v.region_code in {"06", "13"}
            assert v.wage_hourly is not None and v.wage_hourly < 34.62 and on <= date(2026, 12, 31)


@given(spec=specs, vacancy=vacancies, rows=people)
def test_a_boost_never_lowers_a_rank(geo, diagnostics, spec, vacancy, rows) -> None:  # type: ignore[no-untyped-def]
    v, pool = make_pool(geo, vacancy, rows)
    ranked = rank(v, pool, build(spec, geo, diagnostics))
    base_order = rank(v, pool, build(spec, geo, diagnostics, zero=True)).order
    position = {cid: i for i, cid in enumerate(ranked.order)}
    boosted = {cid for cid, total in ranked.total.items() if total > ranked.base[cid]}
    for cid in boosted:
        # Same ranking with this one boost removed: the candidate would not rank higher.
        others = np.asarray([ranked.total[o] if o != cid else ranked.base[o] for o in ranked.order])
        without, _ = top_k(np.asarray(ranked.order, dtype=np.int64), others, len(others))
        assert position[cid] <= without.tolist().index(cid)
    for i, a in enumerate(base_order):
        for b in base_order[i + 1 :]:
            if a in boosted and b not in boosted:
                assert position[a] < position[b]


def test_service_records_rule_set_and_contributions(geo: Geography, diagnostics: Diagnostics) -> None:
    population = synthetic_population(geo, diagnostics, vacancies=8, candidates=150, seed=3)
    embedder = HashingEmbedder(dim=128)
    index = ExactIndex(embedder.dim)
    rule_set = build_rule_set(
        SHIPPED.model_copy(update={"id": "svc"}),
        geography=geo,
        diagnostics=diagnostics,
    )

    def service(rs: PasserelleRuleSet) -> MatchingService:
        return MatchingService(
            embedder=embedder,
            candidate_index=index,
            vacancy_index=ExactIndex(embedder.dim),
            candidates=InMemoryStore(population.candidates),
            vacancies=InMemoryStore(population.vacancies),
            rules=FixedProvider(rs),
        )

    with_rules, without = service(rule_set), service(rule_set.with_zero_weights())
    with_rules.index_candidates(population.candidates)
    boosted = 0
    for vacancy in population.vacancies:
        after = with_rules.shortlist(vacancy, k=500, on=ON)
        before = without.shortlist(vacancy, k=500, on=ON)
        assert {m.candidate_id for m in after.matches} == {m.candidate_id for m in before.matches}
        assert after.rule_set_id == "svc" and before.rule_set_id == "svc+zero"
        for m in after.matches:
            assert m.rule_set_id == "svc"
            assert m.total == pytest.approx(m.base_score + sum(c.delta for c in m.contributions))
            assert m.flags == frozenset().union(*(c.flags for c in m.contributions))
            assert sorted(c.rule for c in (*m.contributions, *m.why_not)) == sorted(rule_set.rule_names)
            boosted += m.rule_delta > 0
        base_sorted = sorted(before.matches, key=lambda m: (-m.base_score, m.candidate_id))
        assert [m.candidate_id for m in before.matches] == [m.candidate_id for m in base_sorted]
    assert boosted > 0  # the rules did fire on this population


@given(spec=specs, places=st.lists(vacancies, min_size=1, max_size=4), rows=people, reverse=st.booleans())
def test_shared_rule_objects_answer_like_fresh_ones(geo, diagnostics, spec, places, rows, reverse) -> None:  # type: ignore[no-untyped-def]
    # The rules memoise places and contributions: the answer must not depend on what they saw before.
    pairs = [(v, c) for place in places for v, pool in [make_pool(geo, place, rows)] for c, _ in pool]
    shared = build(spec, geo, diagnostics)
    order = list(reversed(pairs)) if reverse else pairs
    seen = {
        (v.id, c.id): apply_rules(PairContext(v, c, 0.5, ON), shared.rules, shared.max_total_boost) for v, c in order
    }
    for v, c in pairs:
        fresh = build(spec, geo, diagnostics)
        assert seen[(v.id, c.id)] == apply_rules(PairContext(v, c, 0.5, ON), fresh.rules, fresh.max_total_boost)
