"""The optimised shortlist path gives exactly what a straightforward implementation gives.

``reference_shortlist`` below is the service's algorithm written plainly (per-pair scoring with no memo, the
occupation channel read record by record from the store, a full lexsort for every top-k, every explanation
built from ``ScoringWeights``), as the service was before it was made fast at 1M candidates. Random pools with
the real rule sets (regional priority, fast track, LMIA rules) must give equal shortlists: the same ids, ranks,
totals, base scores, dimensions, contributions, flags, channels, retrieved counts and filter counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import Candidate, InMemoryStore, MatchingConfig, MatchingService, RuleSetProvider, Vacancy
from matching.models import (
    CandidateStatus,
    CodeSource,
    EducationLevel,
    FrenchLevel,
    Match,
    OccupationCode,
    Shortlist,
)
from matching.ports import PairContext
from matching.ranking import top_k
from matching.rules import evaluate_rules
from matching.scoring import MemoSimilarity, PrefixSimilarity, describe_pair, pair_values

DIM = 32
ON = date(2026, 6, 1)
# A few unit groups sharing prefixes at every depth, so that every level of the hierarchy similarity occurs.
CODES = ("72106", "72100", "72310", "73300", "75110", "94100", "94101", "94110", "33102", "31301", "21232")
REGIONS = tuple(f"{i:02d}" for i in range(1, 18))


@pytest.fixture(scope="module")
def rules() -> RuleSetProvider:
    regions = pytest.importorskip("regions")
    provider: RuleSetProvider = regions.load_rule_sets()
    return provider


@pytest.fixture(scope="module")
def municipalities() -> list[tuple[str, str]]:
    regions = pytest.importorskip("regions")
    geography = regions.load_geography()
    towns = sorted(geography.municipalities.values(), key=lambda m: m.code)
    picked = [(m.code, m.region_code) for m in towns[:: max(1, len(towns) // 40)]]
    return [*picked, ("", "02"), ("", ""), ("99999", "06")]  # region only, no place, an unknown code


def _codes(rng: np.random.Generator) -> tuple[OccupationCode, ...]:
    count = int(rng.choice([0, 1, 1, 1, 2, 3]))
    picked = rng.choice(CODES, size=count, replace=False).tolist()
    sources = [CodeSource.GIVEN, CodeSource.CONFIRMED, CodeSource.CLASSIFIED]
    made = []
    for code in picked:
        source = sources[int(rng.integers(3))]
        confidence = 1.0 if source is not CodeSource.CLASSIFIED else round(float(rng.uniform(0.05, 0.99)), 2)
        made.append(OccupationCode(code, confidence, source))
    return tuple(made)


def _candidate(rng: np.random.Generator, record_id: int) -> Candidate:
    regions = frozenset(rng.choice(REGIONS, size=int(rng.integers(0, 4)), replace=False).tolist())
    return Candidate(
        id=record_id,
        text=f"candidate {record_id}",
        occupations=_codes(rng),
        years_experience=float(rng.choice([0.0, 1.0, 2.5, 5.0, 12.0])),
        education=EducationLevel(int(rng.integers(7))),
        french=FrenchLevel(int(rng.integers(7))),
        regions_open=regions,
        open_to_all_regions=bool(rng.random() < 0.3),
        country=str(rng.choice(["MX", "GT", "FR", "MA"])),
        status=list(CandidateStatus)[int(rng.integers(3))],
        available_from=None if rng.random() < 0.1 else date(2026, 9, 1) + timedelta(days=int(rng.integers(0, 400))),
    )


def _vacancy(rng: np.random.Generator, record_id: int, places: list[tuple[str, str]]) -> Vacancy:
    municipality, region = places[int(rng.integers(len(places)))]
    return Vacancy(
        id=record_id,
        title=f"vacancy {record_id}",
        municipality_code=municipality,
        region_code=region,
        occupations=_codes(rng),
        french_required=FrenchLevel(int(rng.integers(7))),
        experience_required=float(rng.choice([0.0, 1.0, 3.0, 8.0])),
        wage_hourly=None if rng.random() < 0.3 else float(rng.uniform(15, 60)),
        start_date=None if rng.random() < 0.1 else date(2026, 10, 1) + timedelta(days=int(rng.integers(0, 200))),
        naics=str(rng.choice(["", "31", "3361", "62", "722511"])),
    )


@dataclass
class Pool:
    service: MatchingService
    index: ExactIndex
    store: InMemoryStore[Candidate]
    vacancies: list[Vacancy]
    queries: np.ndarray


def _pool(seed: int, size: int, rules: RuleSetProvider, places: list[tuple[str, str]], config: MatchingConfig) -> Pool:
    rng = np.random.default_rng(seed)
    candidates = [_candidate(rng, i) for i in range(1, size + 1)]
    store = InMemoryStore(candidates)
    index = ExactIndex(DIM)
    vectors = rng.standard_normal((size, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index.add(np.arange(1, size + 1, dtype=np.int64), vectors)
    for i in rng.choice(np.arange(1, size + 1), size=size // 10, replace=False).tolist():
        if rng.random() < 0.5:
            store.delete(i)  # still in the index: "missing_from_store"
        else:
            store.put(_candidate(rng, i))  # new codes, and now the newest record of them
    vacancies = [_vacancy(rng, 10_000 + j, places) for j in range(6)]
    queries = vectors[rng.integers(size, size=len(vacancies))] + 0.5 * rng.standard_normal((len(vacancies), DIM))
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    service = MatchingService(
        embedder=HashingEmbedder(dim=DIM),
        candidate_index=index,
        vacancy_index=ExactIndex(DIM),
        candidates=store,
        vacancies=InMemoryStore(vacancies),
        rules=rules,
        config=config,
    )
    return Pool(service, index, store, vacancies, queries)


def _reference_channel_ids(store: InMemoryStore[Candidate], codes: list[str], limit: int) -> list[int]:
    """Ids carrying any code, code by code, newest record first, each id once, at most ``limit``."""
    newest_first = list(reversed(list(store)))  # the store keeps records in the order they were (re)put
    found: dict[int, None] = {}
    if limit <= 0:
        return []
    for code in codes:
        for record in newest_first:
            if any(o.code == code for o in record.occupations):
                found[record.id] = None
                if len(found) >= limit:
                    return list(found)
    return list(found)


def _reference_top(ids: list[int], scores: list[float], k: int) -> list[int]:
    return [i for _, i in sorted(zip((-s for s in scores), ids, strict=True))][:k]


def reference_shortlist(
    pool: Pool, vacancy: Vacancy, query: np.ndarray, rules: RuleSetProvider, config: MatchingConfig, k: int
) -> Shortlist:
    """The service's shortlist, computed plainly."""
    rule_set = rules.in_force(ON)
    taxonomy = MemoSimilarity(PrefixSimilarity())
    weights = config.weights.as_mapping()
    codes = [o.code for o in vacancy.occupations]
    fetch = max(k * config.overfetch, config.min_fetch)
    while True:
        hits = pool.index.search(query[None, :], fetch)[0]
        sims = {int(i): float(s) for i, s in zip(hits.ids, hits.scores, strict=True)}
        channels: dict[int, set[str]] = {i: {"vector"} for i in sims}
        if codes and config.occupation_channel_k > 0:
            by_code = np.asarray(
                _reference_channel_ids(pool.store, codes, config.occupation_channel_limit), dtype=np.int64
            )
            if by_code.size:
                scores = pool.index.score_ids(query, by_code)
                known = [(int(i), float(s)) for i, s in zip(by_code, scores, strict=True) if not np.isnan(s)]
                best = set(_reference_top([i for i, _ in known], [s for _, s in known], config.occupation_channel_k))
                for i, s in known:
                    if i in best:
                        sims.setdefault(i, s)
                        channels.setdefault(i, set()).add("occupation")
        filtered: dict[str, int] = {}
        records = {i: r for i in sims if (r := pool.store.get(i)) is not None}
        if len(records) < len(sims):
            filtered["missing_from_store"] = len(sims) - len(records)
        scored = {}
        for record_id, candidate in records.items():
            if config.exclude_not_open_region and vacancy.region_code and not candidate.is_open_to(vacancy.region_code):
                filtered["not_open_to_region"] = filtered.get("not_open_to_region", 0) + 1
                continue
            values = pair_values(vacancy, candidate, text_similarity=sims[record_id], taxonomy=taxonomy)
            base = values.weighted(weights)
            applied, why_not = evaluate_rules(
                PairContext(vacancy, candidate, base, ON), rule_set.rules, rule_set.max_total_boost
            )
            scored[record_id] = (candidate, base, values, applied, why_not, base + sum(c.delta for c in applied))
        if len(scored) >= k or len(hits.ids) < fetch or fetch >= config.max_fetch:
            break
        fetch = min(2 * fetch, config.max_fetch)
    order = _reference_top(list(scored), [s[5] for s in scored.values()], k)
    matches = []
    for rank, record_id in enumerate(order, start=1):
        candidate, base, values, applied, why_not, total = scored[record_id]
        matches.append(
            Match(
                vacancy_id=vacancy.id,
                candidate_id=candidate.id,
                rank=rank,
                total=total,
                base_score=base,
                dimensions=describe_pair(values, vacancy, candidate, taxonomy=taxonomy, weights=config.weights),
                contributions=applied,
                rule_set_id=rule_set.id,
                flags=frozenset().union(*(c.flags for c in applied)),
                channels=frozenset(channels[record_id]),
                why_not=why_not,
            )
        )
    return Shortlist(tuple(matches), rule_set.id, retrieved=len(sims), filtered_out=filtered)


@settings(max_examples=25)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 600),
    k=st.integers(1, 60),
    channel_limit=st.sampled_from([0, 1, 7, 50, 5000]),
    channel_k=st.sampled_from([0, 1, 5, 100]),
    exclude=st.booleans(),
)
def test_the_fast_shortlist_equals_the_plain_reference(
    rules: RuleSetProvider,
    municipalities: list[tuple[str, str]],
    seed: int,
    size: int,
    k: int,
    channel_limit: int,
    channel_k: int,
    exclude: bool,
) -> None:
    config = MatchingConfig(
        min_fetch=20,
        occupation_channel_limit=channel_limit,
        occupation_channel_k=channel_k,
        exclude_not_open_region=exclude,
    )
    pool = _pool(seed, size, rules, municipalities, config)
    for vacancy, query in zip(pool.vacancies, pool.queries, strict=True):
        fast = pool.service.shortlist(vacancy, k=k, on=ON, query=query)
        again = pool.service.shortlist(vacancy, k=k, on=ON, query=query)  # the memo is warm the second time
        expected = reference_shortlist(pool, vacancy, query, rules, config, k)
        assert fast == expected
        assert again == expected
        assert [m.total for m in fast.matches] == [m.total for m in expected.matches]  # exact, not approximately


def test_the_occupation_channel_follows_store_changes() -> None:
    store = InMemoryStore([_candidate(np.random.default_rng(i), i) for i in range(1, 200)])
    codes = ["72106", "94100", "72106"]
    before = list(store.ids_with_occupations(codes, 5000))
    assert before == _reference_channel_ids(store, codes, 5000)
    moved = next(c for c in store if any(o.code == "94100" for o in c.occupations))
    store.put(Candidate(id=moved.id, text="moved", occupations=(OccupationCode("72106"),)))  # newest 72106 now
    moved_first = list(store.ids_with_occupations(codes, 5000))
    assert moved_first == _reference_channel_ids(store, codes, 5000)
    assert moved_first[0] == moved.id
    store.put(Candidate(id=500, text="new", occupations=(OccupationCode("94100"),)))
    assert list(store.ids_with_occupations(["94100"], 1)) == [500]
    store.delete(before[0])
    after = list(store.ids_with_occupations(codes, 5000))
    assert after == _reference_channel_ids(store, codes, 5000)
    assert 500 in after
    assert before[0] not in after
    assert list(store.ids_with_occupations(codes, 3)) == after[:3]
    assert list(store.ids_with_occupations(["94100"], 2)) == _reference_channel_ids(store, ["94100"], 2)


@given(
    scores=st.lists(st.sampled_from([0.0, -0.0, 0.1, 0.25, 0.5, 0.9, 1.0, -0.3]), max_size=300),
    k=st.integers(0, 120),
)
def test_top_k_equals_a_full_sort_with_ties_broken_by_id(scores: list[float], k: int) -> None:
    ids = np.random.default_rng(len(scores)).permutation(len(scores)).astype(np.int64) * 3
    kept, kept_scores = top_k(ids, np.asarray(scores, dtype=np.float32), k)
    assert kept.tolist() == _reference_top(ids.tolist(), [float(np.float32(s)) for s in scores], k)
    assert kept_scores.tolist() == [float(np.float32(scores[int(np.flatnonzero(ids == i)[0])])) for i in kept]
