"""Human-readable explanations of matches, in French, English or Spanish."""

from __future__ import annotations

from typing import Any, Literal

from matching.models import Match, RuleContribution

Lang = Literal["fr", "en", "es"]

_DIMENSION_LABELS: dict[str, tuple[str, str, str]] = {
    "occupation": ("Profession (CNP)", "Occupation (NOC)", "Ocupación (CNP)"),
    "text": ("Similarité du texte", "Text similarity", "Similitud del texto"),
    "experience": ("Expérience", "Experience", "Experiencia"),
    "french": ("Français", "French", "Francés"),
    "region": ("Région", "Region", "Región"),
    "availability": ("Disponibilité", "Availability", "Disponibilidad"),
}
# The few words of explain()'s own lines: (fr, en, es).
_WORDS: dict[str, tuple[str, str, str]] = {
    "rules": ("règles", "rules", "reglas"),
    "not_applied": ("non appliquée", "not applied", "no aplicada"),
    "rule_set": ("jeu de règles", "rule set", "conjunto de reglas"),
}
_INDEX: dict[str, int] = {"fr": 0, "en": 1, "es": 2}


def _word(key: str, lang: Lang) -> str:
    return _WORDS[key][_INDEX.get(lang, 0)]


def dimension_label(name: str, lang: Lang = "fr") -> str:
    """The dimension's name for people, in ``lang`` (the raw name for an unknown dimension)."""
    return _DIMENSION_LABELS.get(name, (name, name, name))[_INDEX.get(lang, 0)]


def _reason(c: RuleContribution, lang: Lang) -> str:
    if lang == "es" and c.reason_es:
        return c.reason_es
    return c.reason_fr if lang == "fr" else c.reason_en


def explain(match: Match, lang: Lang = "fr", *, why_not: bool = False) -> str:
    """A few lines a person can read: total, each dimension, each rule and the rule set.

    Args:
        match: the match to explain.
        lang: "fr", "en" or "es".
        why_not: also list the rules of the set that did not apply, with why.

    Returns:
        Multi-line text.
    """
    lines = [
        f"#{match.rank} score {match.total:.3f} "
        f"(base {match.base_score:.3f}, {_word('rules', lang)} {match.rule_delta:+.3f})"
    ]
    for name, dim in match.dimensions.items():
        detail = dim.detail(lang)
        lines.append(f"  {dimension_label(name, lang):<22} {dim.score:.2f} × {dim.weight:.2f}  {detail}")
    for c in match.contributions:
        lines.append(f"  [{c.rule}] {c.delta:+.3f}  {_reason(c, lang)}")
    if why_not:
        for c in match.why_not:
            lines.append(f"  ({c.rule}) {_word('not_applied', lang)}  {_reason(c, lang)}")
    lines.append(f"  {_word('rule_set', lang)}: {match.rule_set_id or '-'}")
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
    """A JSON-ready view of a match, in the three languages (and the why-not records of the other rules)."""
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
                "detail_es": d.detail_es,
            }
            for name, d in match.dimensions.items()
        },
        "rules": [rule_to_dict(c) for c in match.contributions],
        "why_not": [rule_to_dict(c) for c in match.why_not],
        "rule_set_id": match.rule_set_id,
        "flags": sorted(match.flags),
        "channels": sorted(match.channels),
    }
