"""Bias audit figures in the standard form (as NYC Local Law 144 audits report them), without SQL or HTTP.

For one category dimension (country of origin, status, self-identified gender):

- the **selection rate** of a category is the share of its candidates in the pool who land in the top-k;
- the **scoring rate** is the share of its candidates whose score is above the pool's median score;
- the **impact ratio** of a category is its rate divided by the rate of the most selected category, so it lies
  in [0, 1] and that category has 1 (undefined, ``None``, when nobody was selected);
- a category with less than ``min_share`` (2 %) of the pool is **excluded** from the impact ratios and counted;
  so is the unknown category (no value given, or "prefer not to say"), counted apart.

Counts add up across vacancies (sum of the pools and of the selected), which is how the figures aggregate by
region and month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

UNKNOWN = "unknown"
MIN_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Ranked:
    """One candidate of a vacancy's pool: its categories, its scores and each rule's delta."""

    candidate_id: int
    categories: Mapping[str, str]
    total: float
    base: float
    deltas: Mapping[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Tally:
    """Pool and selected counts per category (adds up across vacancies)."""

    pool: Counter[str] = field(default_factory=Counter)
    selected: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.pool.update(other.pool)
        self.selected.update(other.selected)


@dataclass(frozen=True, slots=True)
class RateRow:
    """One category of an audit table."""

    category: str
    pool: int
    selected: int
    rate: float
    impact_ratio: float | None


@dataclass(frozen=True, slots=True)
class RateTable:
    """The included categories (most selected first), and what was left out of the ratios."""

    rows: tuple[RateRow, ...]
    excluded_categories: tuple[str, ...]
    excluded_candidates: int
    unknown_candidates: int


def tally(values: Iterable[str], selected: Iterable[bool]) -> Tally:
    """Count the pool and the selected per category (blank values count as unknown)."""
    counts = Tally()
    for value, chosen in zip(values, selected, strict=True):
        key = value.strip() or UNKNOWN
        counts.pool[key] += 1
        counts.selected[key] += bool(chosen)
    return counts


def rate_table(counts: Tally, min_share: float = MIN_SHARE) -> RateTable:
    """Selection (or scoring) rates and impact ratios of the categories of a tally.

    Args:
        counts: pool and selected counts per category.
        min_share: categories below this share of the pool are excluded from the ratios (and counted).

    Returns:
        The table; impact ratios are None when no included category had anyone selected.
    """
    total = sum(counts.pool.values())
    known = {c: n for c, n in counts.pool.items() if c != UNKNOWN and n > 0}
    included = {c: n for c, n in known.items() if total and n / total >= min_share}
    excluded = sorted(set(known) - set(included))
    rates = {c: counts.selected[c] / n for c, n in included.items()}
    best = max(rates.values(), default=0.0)
    rows = [
        RateRow(c, included[c], counts.selected[c], rates[c], rates[c] / best if best > 0 else None)
        for c in sorted(rates, key=lambda c: (-rates[c], -included[c], c))
    ]
    return RateTable(
        rows=tuple(rows),
        excluded_categories=tuple(excluded),
        excluded_candidates=sum(known[c] for c in excluded),
        unknown_candidates=counts.pool.get(UNKNOWN, 0),
    )


def top_k(pool: Sequence[Ranked], k: int, score: Mapping[int, float] | None = None) -> set[int]:
    """Ids of the k best candidates by ``score`` (their total when None), ties by ascending id."""
    value = score if score is not None else {r.candidate_id: r.total for r in pool}
    ordered = sorted(pool, key=lambda r: (-value[r.candidate_id], r.candidate_id))
    return {r.candidate_id for r in ordered[:k]}


def above_median(pool: Sequence[Ranked]) -> set[int]:
    """Ids of the candidates whose total score is strictly above the pool's median total."""
    if not pool:
        return set()
    totals = sorted(r.total for r in pool)
    middle = len(totals) // 2
    median = totals[middle] if len(totals) % 2 else (totals[middle - 1] + totals[middle]) / 2
    return {r.candidate_id for r in pool if r.total > median}


def selection_tally(pool: Sequence[Ranked], dimension: str, chosen: set[int]) -> Tally:
    """The tally of one dimension for a set of selected ids."""
    return tally([r.categories.get(dimension, "") for r in pool], [r.candidate_id in chosen for r in pool])


def without_rule(pool: Sequence[Ranked], rule: str | None) -> dict[int, float]:
    """Scores with one rule's delta taken out (``None``: the whole rule stage, i.e. the base scores)."""
    if rule is None:
        return {r.candidate_id: r.base for r in pool}
    return {r.candidate_id: r.total - r.deltas.get(rule, 0.0) for r in pool}


def rules_of(pool: Sequence[Ranked]) -> list[str]:
    """The rules that contributed to at least one candidate of the pool, sorted."""
    return sorted({name for r in pool for name in r.deltas})
