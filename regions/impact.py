"""How a rule set changes the top-k: the same shortlists ranked with the set and with its zero-weight twin,
or with two rule sets (``passerelle rules impact --compare passerelle-2025``).

The baseline is the same rule set with every boost at 0 (``build_rule_set(..., zero_weights=True)``): it
ranks by the base score alone but still flags pairs, so "fast-track eligible" and "open to the region" can be
counted on both sides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from matching.models import Match, Shortlist, Vacancy
from matching.ports import RuleSet, RuleSetProvider
from matching.service import MatchingService
from regions.rules import FLAG_FAST_TRACK, FLAG_FREEZE, FLAG_REGIONAL, FLAG_REVIEW, FLAG_SIMPLIFIED
from regions.rulesets import PasserelleRuleSet


@dataclass(frozen=True)
class FixedProvider:
    """A provider that always answers the same set (to apply a draft or a past set on any date)."""

    rule_set: RuleSet

    def in_force(self, on: date) -> RuleSet:
        return self.rule_set


_PRIORITY = frozenset({FLAG_REGIONAL, FLAG_FAST_TRACK})


@dataclass(frozen=True)
class TopKShares:
    """Shares of the top-k matches (over all vacancies) carrying a property.

    ``prioritised`` counts pairs either rule favours; with positive boosts it can only grow from before to
    after, whereas a single rule's share may shrink when the other rule's pairs overtake its own.
    """

    matches: int
    open_to_region: float
    regional_priority: float
    fast_track: float
    prioritised: float
    simplified_lmia: float = 0.0
    lmia_freeze: float = 0.0


@dataclass(frozen=True)
class ImpactReport:
    """Before (zero weights) / after (the rule set) comparison of the top-k.

    Attributes:
        mean_abs_rank_shift: mean |rank before - rank after| over candidates in either top-k.
        mean_gain_boosted: mean (rank before - rank after) of top-k candidates the set boosted (> 0: moved up).
        changed_vacancies: share of vacancies whose top-k (as a set) changed.
        mean_entered: mean number of candidates per vacancy that entered the top-k.
    """

    rule_set_id: str
    k: int
    vacancies: int
    before: TopKShares
    after: TopKShares
    mean_abs_rank_shift: float
    mean_gain_boosted: float
    changed_vacancies: float
    mean_entered: float


def _open(match: Match) -> bool:
    """Whether the candidate is open to the vacancy's region, read from the score's region dimension."""
    region = match.dimensions.get("region")
    return region is not None and region.score >= 1.0


def _shares(tops: Sequence[Sequence[Match]]) -> TopKShares:
    flat = [m for top in tops for m in top]
    n = len(flat) or 1
    return TopKShares(
        matches=len(flat),
        open_to_region=sum(_open(m) for m in flat) / n,
        regional_priority=sum(FLAG_REGIONAL in m.flags for m in flat) / n,
        fast_track=sum(FLAG_FAST_TRACK in m.flags for m in flat) / n,
        prioritised=sum(bool(m.flags & _PRIORITY) for m in flat) / n,
        simplified_lmia=sum(bool(m.flags & {FLAG_SIMPLIFIED, FLAG_REVIEW}) for m in flat) / n,
        lmia_freeze=sum(FLAG_FREEZE in m.flags for m in flat) / n,
    )


@dataclass
class _Shifts:
    absolute: list[int]
    boosted: list[int]
    changed: int = 0
    entered: int = 0

    def add(self, before: Shortlist, after: Shortlist, k: int) -> None:
        rank_b = {m.candidate_id: m.rank for m in before.matches}
        rank_a = {m.candidate_id: m.rank for m in after.matches}
        depth = max(len(before.matches), len(after.matches)) + 1
        top_b = {m.candidate_id for m in before.matches[:k]}
        top_a = {m.candidate_id for m in after.matches[:k]}
        for cid in top_b | top_a:
            self.absolute.append(abs(rank_b.get(cid, depth) - rank_a.get(cid, depth)))
        for m in after.matches[:k]:
            if m.rule_delta > 0:
                self.boosted.append(rank_b.get(m.candidate_id, depth) - m.rank)
        self.changed += top_a != top_b
        self.entered += len(top_a - top_b)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def day_in(rule_set: PasserelleRuleSet, reference: date) -> date:
    """``reference`` when the set covers it, else the same day of the year inside the set's period."""
    spec = rule_set.spec
    if spec.covers(reference):
        return reference
    try:
        moved = reference.replace(year=spec.effective_from.year)
    except ValueError:  # 29 February
        moved = reference.replace(year=spec.effective_from.year, day=28)
    if moved < spec.effective_from:
        return spec.effective_from
    return min(moved, spec.effective_to) if spec.effective_to else moved


def measure_impact(
    make_service: Callable[[RuleSetProvider], MatchingService],
    vacancies: Sequence[Vacancy],
    rule_set: PasserelleRuleSet,
    *,
    k: int = 20,
    depth: int = 200,
    on: date | None = None,
) -> ImpactReport:
    """Rank each vacancy's candidates with the set and with its zero-weight twin, and compare the top-k.

    Args:
        make_service: builds a matching service over the candidates for a rule-set provider.
        vacancies: the vacancies to shortlist.
        rule_set: the set to measure (drafts included).
        k: size of the top-k compared.
        depth: how many ranked candidates to keep per side, to locate those that left the top-k.
        on: date passed to the service (the set's first day by default).

    Returns:
        The comparison.
    """
    day = on or rule_set.spec.effective_from
    return compare_rule_sets(
        make_service, vacancies, (rule_set.with_zero_weights(), day), (rule_set, day), k=k, depth=depth
    )


def compare_rule_sets(
    make_service: Callable[[RuleSetProvider], MatchingService],
    vacancies: Sequence[Vacancy],
    before_set: tuple[RuleSet, date],
    after_set: tuple[RuleSet, date],
    *,
    k: int = 20,
    depth: int = 200,
) -> ImpactReport:
    """Rank each vacancy's candidates with two rule sets (each on its own day) and compare the top-k.

    Args:
        make_service: builds a matching service over the candidates for a rule-set provider.
        vacancies: the vacancies to shortlist.
        before_set: the first set and the day it is applied on.
        after_set: the second set and its day.
        k: size of the top-k compared.
        depth: how many ranked candidates to keep per side, to locate those that left the top-k.

    Returns:
        The comparison ("before" = the first set); ``rule_set_id`` is the second set's id.
    """
    without = make_service(FixedProvider(before_set[0]))
    with_rules = make_service(FixedProvider(after_set[0]))
    shifts = _Shifts([], [])
    tops_b: list[tuple[Match, ...]] = []
    tops_a: list[tuple[Match, ...]] = []
    depth = max(depth, k)
    for vacancy in vacancies:
        before = without.shortlist(vacancy, k=depth, on=before_set[1])
        after = with_rules.shortlist(vacancy, k=depth, on=after_set[1])
        shifts.add(before, after, k)
        tops_b.append(before.matches[:k])
        tops_a.append(after.matches[:k])

    n = len(vacancies) or 1
    return ImpactReport(
        rule_set_id=after_set[0].id,
        k=k,
        vacancies=len(vacancies),
        before=_shares(tops_b),
        after=_shares(tops_a),
        mean_abs_rank_shift=_mean(shifts.absolute),
        mean_gain_boosted=_mean(shifts.boosted),
        changed_vacancies=shifts.changed / n,
        mean_entered=shifts.entered / n,
    )
