"""The interfaces the core asks of the outside world. Adapters outside ``matching/`` implement them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple, Protocol, TypeVar, runtime_checkable

import numpy as np

from matching.models import Candidate, OccupationCode, RuleContribution, Vacancy

FloatMatrix = np.ndarray[tuple[int, int], np.dtype[np.float32]]
FloatVector = np.ndarray[tuple[int], np.dtype[np.float32]]
IdArray = np.ndarray[tuple[int], np.dtype[np.int64]]


class Hits(NamedTuple):
    """Results of one query: ids best first, with their inner-product scores. Never contains -1."""

    ids: IdArray
    scores: FloatVector


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows. Documents and queries may be encoded differently."""

    @property
    def dim(self) -> int: ...

    def encode_documents(self, texts: Sequence[str]) -> FloatMatrix: ...

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix: ...


@runtime_checkable
class VectorIndex(Protocol):
    """A mutable inner-product index keyed by int64 ids."""

    @property
    def dim(self) -> int: ...

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        """Add vectors; an id already present is replaced (update)."""
        ...

    def remove(self, ids: IdArray) -> int:
        """Remove ids; return how many were present."""
        ...

    def search(self, queries: FloatMatrix, k: int) -> list[Hits]:
        """Top-k per query row, best first, ties by ascending id; fewer than k when the index is small."""
        ...

    def score_ids(self, query: FloatVector, ids: IdArray) -> FloatVector:
        """Inner product of ``query`` with the stored vector of each id (NaN for an absent id)."""
        ...

    def __len__(self) -> int: ...

    def __contains__(self, item: object) -> bool: ...


@runtime_checkable
class OccupationClassifier(Protocol):
    """Free text to ranked CNP/NOC 2021 unit groups."""

    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]: ...


@runtime_checkable
class OccupationSimilarity(Protocol):
    """How close two unit groups are in the NOC hierarchy, for the occupation dimension."""

    def similarity(self, a: str, b: str) -> float:
        """1.0 for the same unit group, less the higher their common ancestor; 0.0 when nothing shared."""
        ...

    def teer_gap(self, a: str, b: str) -> int: ...


T = TypeVar("T")


@runtime_checkable
class RecordStore(Protocol[T]):
    """Read access to candidates or vacancies, for the retrieval and scoring steps."""

    def get_many(self, ids: Sequence[int]) -> dict[int, T]: ...

    def ids_with_occupations(self, codes: Sequence[str], limit: int) -> list[int] | IdArray:
        """Ids of records carrying any of ``codes`` (the occupation channel), at most ``limit``, newest first
        (a list, or an int64 array, which saves the channel a conversion)."""
        ...


CandidateStore = RecordStore[Candidate]
VacancyStore = RecordStore[Vacancy]


class PairContext(NamedTuple):
    """What a priority rule sees of one scored pair."""

    vacancy: Vacancy
    candidate: Candidate
    base_score: float
    on: date


@runtime_checkable
class PriorityRule(Protocol):
    """A configurable re-ordering stage: it adds a bounded delta and flags; it never drops a pair.

    ``contribute`` answers for every pair: an applied contribution, or a why-not record
    (``RuleContribution(applied=False)``, delta 0) saying why the rule did not apply. ``None`` is tolerated
    (the stage then records a generic why-not).
    """

    @property
    def name(self) -> str: ...

    def contribute(self, pair: PairContext) -> RuleContribution | None: ...


@runtime_checkable
class VacancyFactsRule(Protocol):
    """A rule that can also say what it knows about a vacancy alone (its "rule facts").

    Facts are plain JSON values keyed by name (``outside_boundary``, ``fast_track``, ``lmia_freeze``…);
    the API stores or shows them without knowing which rule produced them.
    """

    def vacancy_facts(self, vacancy: Vacancy, on: date) -> Mapping[str, object]: ...


@runtime_checkable
class RuleSet(Protocol):
    """A dated, versioned bundle of priority rules."""

    @property
    def id(self) -> str: ...

    @property
    def rules(self) -> Sequence[PriorityRule]: ...

    @property
    def max_total_boost(self) -> float: ...


@runtime_checkable
class RuleSetProvider(Protocol):
    """Picks the rule set in force at a date."""

    def in_force(self, on: date) -> RuleSet: ...
