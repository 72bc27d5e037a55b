"""Human-readable explanations of matches, in French or English."""

from __future__ import annotations

from typing import Any, Literal

from matching.models import Match, RuleContribution

Lang = Literal["fr", "en", "es"]

_DIMENSION_LABELS: dict[str, tuple[str, str]] = {
    "occupation": ("Profession (CNP)", "Occupation (NOC)"),
    "text": ("Similarité du texte", "Text similarity"),
    "experience": ("Expérience", "Experience"),
    "french": ("Français", "French"),
    "region": ("Région", "Region"),
    "availability": ("Disponibilité", "Availability"),
}


def dimension_label(name: str, lang: Lang = "fr") -> str:
    fr, en = _DIMENSION_LABELS.get(name, (name, name))
    return fr if lang == "fr" else en


def _reason(c: RuleContribution, lang: Lang) -> str:
    if lang == "es" and c.reason_es:
        return c.reason_es
    return c.reason_fr if lang == "fr" else c.reason_en


def explain(match: Match, lang: Lang = "fr", *, why_not: bool = False) -> str:
    """A few lines a person can read: total, each dimension, each rule and the rule set.

    Args:
        match: the match to explain.
        lang: "fr" or "en" ("es": the rules' Spanish reasons where they have one, English labels otherwise).
        why_not: also list the rules of the set that did not apply, with why.

    Returns:
        Multi-line text.
    """
    fr = lang == "fr"
    lines = [
        f"#{match.rank} score {match.total:.3f} "
        f"(base {match.base_score:.3f}"
        f"{', règles' if fr else ', rules'} {match.rule_delta:+.3f})"
    ]
    for name, dim in match.dimensions.items():
        detail = dim.detail_fr if fr else dim.detail_en
        lines.append(f"  {dimension_label(name, lang):<22} {dim.score:.2f} × {dim.weight:.2f}  {detail}")
    for c in match.contributions:
        lines.append(f"  [{c.rule}] {c.delta:+.3f}  {_reason(c, lang)}")
    if why_not:
        for c in match.why_not:
            lines.append(f"  ({c.rule}) {'non appliquée' if fr else 'not applied'}  {_reason(c, lang)}")
    lines.append(f"  {'jeu de règles' if fr else 'rule set'}: {match.rule_set_id or '-'}")
    return "\n".join(lines)


def rule_to_dict(c: RuleContribution) -> dict[str, Any]:
    """A JSON-ready rule contribution or why-not record."""
    return {
        "rule": c.rule,
        "applied": c.applied,
        "delta": round(c.delta, 6),
        "reason_fr": c.reason_fr,
        "reason_en": c.reason_en,
        "reason_es": c.reason_es,
        "flags": sorted(c.flags),
        "sources": list(c.sources),
    }


def match_to_dict(match: Match) -> dict[str, Any]:
    """A JSON-ready view of a match, with both languages (and the why-not records of the other rules)."""
    return {
        "vacancy_id": match.vacancy_id,
        "candidate_id": match.candidate_id,
        "rank": match.rank,
        "total": round(match.total, 6),
        "base_score": round(match.base_score, 6),
        "dimensions": {
            name: {
                "score": round(d.score, 6),
                "weight": d.weight,
                "detail_fr": d.detail_fr,
                "detail_en": d.detail_en,
            }
            for name, d in match.dimensions.items()
        },
        "rules": [rule_to_dict(c) for c in match.contributions],
        "why_not": [rule_to_dict(c) for c in match.why_not],
        "rule_set_id": match.rule_set_id,
        "flags": sorted(match.flags),
        "channels": sorted(match.channels),
    }
