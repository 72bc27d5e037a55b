"""The priority-rule stage: a separate, logged step that re-orders scored pairs and never drops one.

Every rule of the set answers for every pair: what it did (an applied contribution) or why it did not apply
(a why-not record, ``applied=False``, delta 0). :func:`evaluate_rules` returns both; :func:`apply_rules` only the
applied ones (what the total adds up). :func:`rule_facts` and :func:`pair_flags` are the generic questions the
edges ask a rule set (never its concrete rule classes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import cast

from matching.errors import RuleSetError
from matching.models import Candidate, RuleContribution, Vacancy
from matching.ports import PairContext, PriorityRule, RuleSet, VacancyFactsRule


@dataclass(frozen=True)
class StaticRuleSet:
    """A rule set held in memory: an id, its rules, and a cap on the total boost one pair can gain."""

    id: str
    rules: Sequence[PriorityRule] = ()
    max_total_boost: float = 0.0


@dataclass(frozen=True)
class StaticRuleSetProvider:
    """Always the same rule set (tests, the demo before rule files exist)."""

    rule_set: StaticRuleSet = field(default_factory=lambda: StaticRuleSet(id="none"))

    def in_force(self, on: date) -> StaticRuleSet:
        return self.rule_set


def apply_rules(
    pair: PairContext, rules: Sequence[PriorityRule], max_total_boost: float
) -> tuple[RuleContribution, ...]:
    """The applied contributions for one pair (see :func:`evaluate_rules`), without the why-not records."""
    return evaluate_rules(pair, rules, max_total_boost)[0]


@lru_cache(maxsize=256)
def _generic_why_not(rule: str) -> RuleContribution:
    return RuleContribution(
        rule=rule,
        delta=0.0,
        reason_fr=f"règle {rule} : ne s'applique pas à cette paire",
        reason_en=f"rule {rule}: does not apply to this pair",
        reason_es=f"regla {rule}: no se aplica a este par",
        applied=False,
    )


def evaluate_rules(
    pair: PairContext, rules: Sequence[PriorityRule], max_total_boost: float
) -> tuple[tuple[RuleContribution, ...], tuple[RuleContribution, ...]]:
    """Ask every rule about one pair; scale the applied boosts (and penalties) down to the cap.

    Args:
        pair: the scored pair.
        rules: the rules in force, applied in order.
        max_total_boost: the most all positive deltas may add up to, and all negative deltas may take away
            (<= 0 means no cap). A bounded penalty re-orders; an unbounded one would silently drop the pair.

    Returns:
        (applied, why_not): the applied contributions, whose deltas sum to what the rules add to the base
        score, and one why-not record (delta 0) for each rule that did not apply, in rule order.

    Raises:
        RuleSetError: a rule returned a NaN or infinite delta (it would make the whole ranking meaningless),
            or a non-zero delta in a why-not record.
    """
    found: list[RuleContribution] = []
    why_not: list[RuleContribution] = []
    gain = loss = 0.0
    for rule in rules:
        c = rule.contribute(pair)
        if c is None:
            why_not.append(_generic_why_not(rule.name))
            continue
        delta = c.delta
        if not c.applied:
            if delta != 0:
                raise RuleSetError(f"rule {c.rule!r} did not apply but returned a delta {delta!r}")
            why_not.append(c)
        elif not math.isfinite(delta):
            raise RuleSetError(f"rule {c.rule!r} returned a non-finite delta {delta!r}")
        else:
            found.append(c)
            if delta > 0:
                gain += delta
            elif delta < 0:
                loss -= delta
    if max_total_boost > 0:
        for sign, total in ((1.0, gain), (-1.0, loss)):
            if total > max_total_boost:
                factor = max_total_boost / total
                found = [_scaled(c, factor, max_total_boost) if c.delta * sign > 0 else c for c in found]
    return tuple(found), tuple(why_not)


def rule_facts(rule_set: RuleSet, vacancy: Vacancy, on: date) -> dict[str, object]:
    """What the rules of a set say about a vacancy alone, merged (rules that know nothing add nothing).

    Args:
        rule_set: the set in force.
        vacancy: the vacancy (its municipality, region, occupations, wage, sector).
        on: the date the facts are for.

    Returns:
        Facts by name, e.g. ``{"outside_boundary": True, "fast_track": True, "lmia_freeze": False}``.
    """
    facts: dict[str, object] = {}
    for rule in rule_set.rules:
        if _tells_vacancy_facts(type(rule)):
            facts.update(cast(VacancyFactsRule, rule).vacancy_facts(vacancy, on))
    return facts


@lru_cache(maxsize=256)
def _tells_vacancy_facts(kind: type) -> bool:
    """Whether a rule class implements :class:`VacancyFactsRule` (a method-only protocol, so the class decides).

    ``isinstance`` against a runtime-checkable protocol inspects the object on every call; it was a tenth of the
    time of presenting a candidate's matches.
    """
    return callable(getattr(kind, "vacancy_facts", None))


def pair_flags(rule_set: RuleSet, vacancy: Vacancy, candidate: Candidate, on: date) -> frozenset[str]:
    """The flags the set in force puts on one pair (``fast_track_eligible``, ``lmia_freeze``…)."""
    applied, _ = evaluate_rules(PairContext(vacancy, candidate, 0.0, on), rule_set.rules, rule_set.max_total_boost)
    return frozenset().union(*(c.flags for c in applied))


@lru_cache(maxsize=4096)
def _scaled(c: RuleContribution, factor: float, cap: float) -> RuleContribution:
    """``c`` scaled to fit the cap (memoised: rules share contributions, so the same few recur on every pair)."""
    return replace(
        c,
        delta=c.delta * factor,
        reason_fr=f"{c.reason_fr} (ramené à {c.delta * factor:+.3f} : total des règles plafonné à {cap:g})",
        reason_en=f"{c.reason_en} (scaled to {c.delta * factor:+.3f}: rule total capped at {cap:g})",
        reason_es=f"{c.reason_es} (reducido a {c.delta * factor:+.3f}: total de las reglas limitado a {cap:g})"
        if c.reason_es
        else "",
    )
