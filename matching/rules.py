"""The priority-rule stage: a separate, logged step that re-orders scored pairs and never drops one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from matching.models import RuleContribution
from matching.ports import PairContext, PriorityRule


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
    """Collect each rule's contribution for one pair, scaling positive boosts down to the cap.

    Args:
        pair: the scored pair.
        rules: the rules in force, applied in order.
        max_total_boost: the most all positive deltas may add up to (<= 0 means no cap).

    Returns:
        The contributions; their deltas sum to what the rules add to the base score.
    """
    found = [c for rule in rules if (c := rule.contribute(pair)) is not None]
    positive = sum(c.delta for c in found if c.delta > 0)
    if max_total_boost > 0 and positive > max_total_boost:
        factor = max_total_boost / positive
        found = [
            replace(
                c,
                delta=c.delta * factor,
                reason_fr=f"{c.reason_fr} (plafonné à {max_total_boost:g})",
                reason_en=f"{c.reason_en} (capped at {max_total_boost:g})",
            )
            if c.delta > 0
            else c
            for c in found
        ]
    return tuple(found)
