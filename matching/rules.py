"""The priority-rule stage: a separate, logged step that re-orders scored pairs and never drops one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from matching.errors import RuleSetError
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
    """Collect each rule's contribution for one pair, scaling boosts (and penalties) down to the cap.

    Args:
        pair: the scored pair.
        rules: the rules in force, applied in order.
        max_total_boost: the most all positive deltas may add up to, and all negative deltas may take away
            (<= 0 means no cap). A bounded penalty re-orders; an unbounded one would silently drop the pair.

    Returns:
        The contributions; their deltas sum to what the rules add to the base score.

    Raises:
        RuleSetError: a rule returned a NaN or infinite delta (it would make the whole ranking meaningless).
    """
    found = [c for rule in rules if (c := rule.contribute(pair)) is not None]
    for c in found:
        if not math.isfinite(c.delta):
            raise RuleSetError(f"rule {c.rule!r} returned a non-finite delta {c.delta!r}")
    if max_total_boost <= 0:
        return tuple(found)
    for sign in (1.0, -1.0):
        total = sum(c.delta for c in found if c.delta * sign > 0) * sign
        if total > max_total_boost:
            found = [_scaled(c, max_total_boost / total, max_total_boost) if c.delta * sign > 0 else c for c in found]
    return tuple(found)


@lru_cache(maxsize=4096)
def _scaled(c: RuleContribution, factor: float, cap: float) -> RuleContribution:
    """``c`` scaled to fit the cap (memoised: rules share contributions, so the same few recur on every pair)."""
    return replace(
        c,
        delta=c.delta * factor,
        reason_fr=f"{c.reason_fr} (ramené à {c.delta * factor:+.3f} : total des règles plafonné à {cap:g})",
        reason_en=f"{c.reason_en} (scaled to {c.delta * factor:+.3f}: rule total capped at {cap:g})",
    )
