"""The matching service: retrieve -> score -> priority rules -> top-k -> explained matches."""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

import numpy as np
from pydantic import BaseModel, Field

from matching.errors import EmptyTextError
from matching.models import Candidate, Match, RuleContribution, Shortlist, Vacancy
from matching.ports import (
    Embedder,
    FloatVector,
    OccupationSimilarity,
    PairContext,
    RecordStore,
    RuleSet,
    RuleSetProvider,
    VectorIndex,
)
from matching.ranking import top_k
from matching.rules import evaluate_rules
from matching.scoring import (
    MemoSimilarity,
    OccupationMemo,
    PairValues,
    PrefixSimilarity,
    ScoringWeights,
    describe_pair,
    pair_values,
)

log = logging.getLogger("passerelle.matching")
# a pair is left out only when its bound is below the k-th total by more than float rounding of the capped deltas
_PRUNE_MARGIN = 1e-9

D = TypeVar("D", Candidate, Vacancy)


class MatchingConfig(BaseModel):
    """How the service retrieves and ranks."""

    weights: ScoringWeights = Field(default_factory=ScoringWeights, description="Dimension weights.")
    overfetch: int = Field(4, ge=1, description="Fetch k × overfetch neighbours from the vector index.")
    min_fetch: int = Field(100, ge=1, description="Fetch at least this many neighbours.")
    max_fetch: int = Field(
        10_000,
        ge=1,
        description=(
            "Most neighbours fetched when filters or ids missing from the store leave fewer than k records: "
            "the fetch doubles up to this bound."
        ),
    )
    occupation_channel_limit: int = Field(
        5000, ge=0, description="Most records read by occupation code before vector re-scoring."
    )
    occupation_channel_k: int = Field(
        100, ge=0, description="Records kept from the occupation channel (best text similarity first)."
    )
    exclude_not_open_region: bool = Field(
        False, description="Hard filter: drop candidates not open to the vacancy's region (reported)."
    )


@dataclass(frozen=True)
class _Side(Generic[D]):
    index: VectorIndex
    store: RecordStore[D]


class MatchingService:
    """Ranked, explained matches in both directions.

    Args:
        embedder: encodes texts (queries and documents).
        candidate_index: vectors of candidates' résumés.
        vacancy_index: vectors of vacancies.
        candidates: candidate records.
        vacancies: vacancy records.
        rules: the rule set in force at a date.
        taxonomy: occupation similarity (defaults to the code-prefix hierarchy).
        config: retrieval and ranking parameters.
    """

    def __init__(
        self,
        *,
        embedder: Embedder,
        candidate_index: VectorIndex,
        vacancy_index: VectorIndex,
        candidates: RecordStore[Candidate],
        vacancies: RecordStore[Vacancy],
        rules: RuleSetProvider,
        taxonomy: OccupationSimilarity | None = None,
        config: MatchingConfig | None = None,
    ) -> None:
        self.embedder = embedder
        self.rules = rules
        self.taxonomy: OccupationSimilarity = MemoSimilarity(taxonomy or PrefixSimilarity())
        self._occupation_memo = OccupationMemo(self.taxonomy)
        self.config = config or MatchingConfig()
        self._candidates = _Side(candidate_index, candidates)
        self._vacancies = _Side(vacancy_index, vacancies)

    # -- indexing -------------------------------------------------------------------------------------

    def index_candidates(self, candidates: Sequence[Candidate]) -> None:
        """Embed and (re)index candidates' résumés."""
        self._index(self._candidates.index, [c.id for c in candidates], [c.text for c in candidates])

    def index_vacancies(self, vacancies: Sequence[Vacancy]) -> None:
        """Embed and (re)index vacancies."""
        self._index(self._vacancies.index, [v.id for v in vacancies], [v.text for v in vacancies])

    def _index(self, index: VectorIndex, ids: list[int], texts: list[str]) -> None:
        if not ids:
            return
        for record_id, text in zip(ids, texts, strict=True):
            if not text.strip():
                raise EmptyTextError(f"text of record {record_id}")
        vectors = self.embedder.encode_documents(texts)
        index.add(np.asarray(ids, dtype=np.int64), vectors)

    # -- matching -------------------------------------------------------------------------------------

    def shortlist(
        self, vacancy: Vacancy, *, k: int = 50, on: date | None = None, query: FloatVector | None = None
    ) -> Shortlist:
        """Top-k candidates for a vacancy.

        Args:
            vacancy: the vacancy (need not be indexed).
            k: how many matches to return.
            on: the date whose rule set applies (today by default).
            query: the vacancy's query vector, when already computed.

        Returns:
            The ranked, explained shortlist.
        """
        vector = query if query is not None else self._encode_query(vacancy.text)
        return self._match(
            vector,
            [o.code for o in vacancy.occupations],
            self._candidates,
            k,
            on,
            lambda c: (vacancy, c),
        )

    def matches_for(
        self, candidate: Candidate, *, k: int = 50, on: date | None = None, query: FloatVector | None = None
    ) -> Shortlist:
        """Top-k vacancies for a candidate (same dimensions and rules as the shortlist)."""
        vector = query if query is not None else self._encode_query(candidate.text)
        return self._match(
            vector,
            [o.code for o in candidate.occupations],
            self._vacancies,
            k,
            on,
            lambda v: (v, candidate),
        )

    def matches_among(
        self,
        candidate: Candidate,
        vacancy_ids: Sequence[int],
        *,
        on: date | None = None,
        query: FloatVector | None = None,
    ) -> Shortlist:
        """Some vacancies (a search's results) ranked and explained for a candidate, like :meth:`matches_for`.

        Ids not in the vacancy index or the store are left out and counted in ``filtered_out``.
        """
        vector = query if query is not None else self._encode_query(candidate.text)
        return self._match_ids(vector, vacancy_ids, self._vacancies, on, lambda v: (v, candidate))

    def shortlist_among(
        self,
        vacancy: Vacancy,
        candidate_ids: Sequence[int],
        *,
        on: date | None = None,
        query: FloatVector | None = None,
    ) -> Shortlist:
        """Some candidates (those interested in the vacancy) ranked and explained, like :meth:`shortlist`."""
        vector = query if query is not None else self._encode_query(vacancy.text)
        return self._match_ids(vector, candidate_ids, self._candidates, on, lambda c: (vacancy, c))

    def vacancy_similarities(self, query: str | FloatVector, vacancy_ids: Sequence[int]) -> dict[int, float]:
        """Cosine similarity of a free-text query (or a query vector) to some indexed vacancies (ids not indexed
        are left out)."""
        if not vacancy_ids:
            return {}
        ids = np.asarray(list(vacancy_ids), dtype=np.int64)
        vector = self._encode_query(query) if isinstance(query, str) else query
        scores = self._vacancies.index.score_ids(vector, ids)
        return {int(i): float(s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True) if not np.isnan(s)}

    def _match_ids(
        self,
        vector: FloatVector,
        record_ids: Sequence[int],
        side: _Side[D],
        on: date | None,
        make_pair: Callable[[D], tuple[Vacancy, Candidate]],
    ) -> Shortlist:
        on = on or date.today()
        rule_set = self.rules.in_force(on)
        ids = np.asarray(sorted(set(record_ids)), dtype=np.int64)
        scores = side.index.score_ids(vector, ids) if ids.size else np.zeros(0, dtype=np.float32)
        sims = {int(i): float(s) for i, s in zip(ids.tolist(), scores.tolist(), strict=True) if not np.isnan(s)}
        scored, filtered = self._score(sims, side, make_pair, rule_set, on)
        if len(sims) < ids.size:
            filtered["not_indexed"] = int(ids.size) - len(sims)
        order = sorted(scored, key=lambda record_id: (-scored[record_id].total, record_id))
        weights = self.config.weights.as_mapping()
        matches = tuple(
            scored[record_id].to_match(rank, rule_set.id, {"given"}, self.taxonomy, weights)
            for rank, record_id in enumerate(order, start=1)
        )
        return Shortlist(matches, rule_set.id, retrieved=len(sims), filtered_out=filtered)

    def _encode_query(self, text: str) -> FloatVector:
        if not text.strip():
            raise EmptyTextError()
        matrix = self.embedder.encode_queries([text])
        return np.asarray(matrix[0], dtype=np.float32)

    def _retrieve(
        self, vector: FloatVector, codes: list[str], side: _Side[D], fetch: int
    ) -> tuple[dict[int, float], _Channels, bool]:
        """Neighbours from the vector index and the occupation channel; the flag says the index has no more."""
        cfg = self.config
        hits = side.index.search(vector[None, :], fetch)[0]
        sims = dict(zip(hits.ids.tolist(), hits.scores.tolist(), strict=True))
        by_vector = set(sims)
        by_occupation: set[int] = set()
        if codes and cfg.occupation_channel_k > 0:
            by_code = np.asarray(side.store.ids_with_occupations(codes, cfg.occupation_channel_limit), np.int64)
            if by_code.size:
                scores = side.index.score_ids(vector, by_code)
                known = ~np.isnan(scores)
                if not known.all():
                    by_code, scores = by_code[known], scores[known]
                keep_ids, keep_scores = top_k(by_code, scores, cfg.occupation_channel_k)
                kept = keep_ids.tolist()
                for i, s in zip(kept, keep_scores.tolist(), strict=True):
                    sims.setdefault(i, s)
                by_occupation.update(kept)
        return sims, _Channels(by_vector, by_occupation), len(hits.ids) < fetch

    def _match(
        self,
        vector: FloatVector,
        codes: list[str],
        side: _Side[D],
        k: int,
        on: date | None,
        make_pair: Callable[[D], tuple[Vacancy, Candidate]],
    ) -> Shortlist:
        on = on or date.today()
        rule_set = self.rules.in_force(on)
        cfg = self.config
        fetch = max(k * cfg.overfetch, cfg.min_fetch)
        while True:
            sims, channels, exhausted = self._retrieve(vector, codes, side, fetch)
            scored, filtered = self._score(sims, side, make_pair, rule_set, on, k)
            if len(scored) >= k or exhausted or fetch >= cfg.max_fetch:
                break
            fetch = min(2 * fetch, cfg.max_fetch)  # filters or stale ids ate the over-fetch: look further
        ids = np.fromiter(scored, dtype=np.int64, count=len(scored))
        totals = np.fromiter((s.total for s in scored.values()), dtype=np.float64, count=len(scored))
        kept, _ = top_k(ids, totals, k)
        weights = cfg.weights.as_mapping()
        matches = tuple(
            scored[record_id].to_match(rank, rule_set.id, channels.of(record_id), self.taxonomy, weights)
            for rank, record_id in enumerate(kept.tolist(), start=1)
        )
        if log.isEnabledFor(logging.INFO):
            log.info(
                "matched rule_set=%s retrieved=%d scored=%d returned=%d filtered=%s",
                rule_set.id,
                len(sims),
                len(scored),
                len(matches),
                filtered,
            )
        return Shortlist(matches, rule_set.id, retrieved=len(sims), filtered_out=filtered)

    def _score(
        self,
        sims: dict[int, float],
        side: _Side[D],
        make_pair: Callable[[D], tuple[Vacancy, Candidate]],
        rule_set: RuleSet,
        on: date,
        k: int | None = None,
    ) -> tuple[dict[int, _Scored], dict[str, int]]:
        """Score the retrieved records; with ``k``, only those that may still enter the ``k`` best.

        The rules' applied boosts add at most ``max_total_boost`` to a base score. So once ``k`` pairs have totals,
        a pair whose base plus that cap is below the k-th best total cannot enter, and its rules are not asked.
        Pairs are taken by descending base score, so the rest are left out at once: the ``k`` best are exactly
        those of scoring every pair (``tests/matching/test_service_pruning.py``).
        """
        records = side.store.get_many(list(sims))
        filtered: dict[str, int] = {}
        if len(records) < len(sims):
            # Index ids with no record (deleted, closed, or an index ahead of the store): reported, not hidden.
            filtered["missing_from_store"] = len(sims) - len(records)
            log.warning("%d index ids have no record in the store", len(sims) - len(records))
        weights = self.config.weights.as_mapping()
        rules, cap = rule_set.rules, rule_set.max_total_boost
        taxonomy, memo = self.taxonomy, self._occupation_memo
        hard_filter = self.config.exclude_not_open_region
        based: list[tuple[float, int, Vacancy, Candidate, PairValues]] = []
        for record_id, record in records.items():
            vacancy, candidate = make_pair(record)
            if hard_filter and self._hard_filtered(vacancy, candidate):
                filtered["not_open_to_region"] = filtered.get("not_open_to_region", 0) + 1
                continue
            values = pair_values(vacancy, candidate, text_similarity=sims[record_id], taxonomy=taxonomy, memo=memo)
            based.append((values.weighted(weights), record_id, vacancy, candidate, values))
        limit = k if k is not None and cap > 0 and len(based) > k > 0 else 0  # 0: every pair is asked
        prune = limit > 0
        if prune:
            based.sort(key=lambda b: (-b[0], b[1]))
        best: list[float] = []  # min-heap of the k best totals so far
        scored: dict[int, _Scored] = {}
        for base, record_id, vacancy, candidate, values in based:
            if prune and len(best) == limit and base + cap + _PRUNE_MARGIN < best[0]:
                break
            contributions, why_not = evaluate_rules(PairContext(vacancy, candidate, base, on), rules, cap)
            total = base + sum(c.delta for c in contributions)
            scored[record_id] = _Scored(vacancy, candidate, base, values, contributions, why_not, total)
            if prune:
                if len(best) < limit:
                    heapq.heappush(best, total)
                elif total > best[0]:
                    heapq.heapreplace(best, total)
        return scored, filtered

    def _hard_filtered(self, vacancy: Vacancy, candidate: Candidate) -> bool:
        return (
            self.config.exclude_not_open_region
            and bool(vacancy.region_code)
            and not candidate.is_open_to(vacancy.region_code)
        )


@dataclass(frozen=True, slots=True)
class _Channels:
    """The ids each retrieval channel brought (the channels of a record are only named for returned matches)."""

    vector: set[int]
    occupation: set[int]

    def of(self, record_id: int) -> set[str]:
        found = {"vector"} if record_id in self.vector else set()
        if record_id in self.occupation:
            found.add("occupation")
        return found


@dataclass(frozen=True, slots=True)
class _Scored:
    vacancy: Vacancy
    candidate: Candidate
    base: float
    values: PairValues
    contributions: tuple[RuleContribution, ...]
    why_not: tuple[RuleContribution, ...] = ()
    total: float = float("nan")  # base + the rules' deltas (computed once, by the caller)

    def to_match(
        self,
        rank: int,
        rule_set_id: str,
        channels: set[str],
        taxonomy: OccupationSimilarity,
        weights: Mapping[str, float],
    ) -> Match:
        """The explained match (the dimension texts are only written for the pairs that are returned)."""
        flags: frozenset[str] = frozenset().union(*(c.flags for c in self.contributions))
        return Match(
            vacancy_id=self.vacancy.id,
            candidate_id=self.candidate.id,
            rank=rank,
            total=self.total,
            base_score=self.base,
            dimensions=describe_pair(self.values, self.vacancy, self.candidate, taxonomy=taxonomy, weights=weights),
            contributions=self.contributions,
            rule_set_id=rule_set_id,
            flags=flags,
            channels=frozenset(channels),
            why_not=self.why_not,
        )
