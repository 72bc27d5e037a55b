"""Human-readable explanations of matches, in French or English."""

from __future__ import annotations

from typing import Any, Literal

from matching.models import Match

Lang = Literal["fr", "en"]

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


def explain(match: Match, lang: Lang = "fr") -> str:
    """A few lines a person can read: total, each dimension, each rule and the rule set.

    Args:
        match: the match to explain.
        lang: "fr" or "en".

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
        reason = c.reason_fr if fr else c.reason_en
        lines.append(f"  [{c.rule}] {c.delta:+.3f}  {reason}")
    lines.append(f"  {'jeu de règles' if fr else 'rule set'}: {match.rule_set_id or '-'}")
    return "\n".join(lines)


def match_to_dict(match: Match) -> dict[str, Any]:
    """A JSON-ready view of a match, with both languages."""
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
        "rules": [
            {
                "rule": c.rule,
                "delta": round(c.delta, 6),
                "reason_fr": c.reason_fr,
                "reason_en": c.reason_en,
                "flags": sorted(c.flags),
            }
            for c in match.contributions
        ],
        "rule_set_id": match.rule_set_id,
        "flags": sorted(match.flags),
        "channels": sorted(match.channels),
    }
