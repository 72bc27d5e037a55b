"""Explicit per-dimension scores of a (vacancy, candidate) pair, like Job Bank's comparison chart.

Every dimension is a number in [0, 1] with a sentence in French and English saying where it comes from.
The base score is the weighted mean of the dimensions, so it is in [0, 1] too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, Field, model_validator

from matching.models import Candidate, DimensionScore, FrenchLevel, OccupationCode, Vacancy
from matching.ports import OccupationSimilarity

DIMENSIONS = ("occupation", "text", "experience", "french", "region", "availability")

# Depth of the shared code prefix -> similarity. NOC 2021 codes: 1 digit broad category, 2 major group,
# 3 sub-major group, 4 minor group, 5 unit group.
_PREFIX_SIMILARITY = {5: 1.0, 4: 0.8, 3: 0.6, 2: 0.4, 1: 0.2, 0: 0.0}
_LEVEL_NAMES = {
    5: ("même groupe de base", "same unit group"),
    4: ("même groupe intermédiaire", "same minor group"),
    3: ("même sous-grand groupe", "same sub-major group"),
    2: ("même grand groupe", "same major group"),
    1: ("même catégorie générale", "same broad category"),
    0: ("professions sans lien", "unrelated occupations"),
}


class ScoringWeights(BaseModel):
    """Weight of each dimension in the base score. They are normalised, so only their ratios matter."""

    occupation: float = Field(0.35, ge=0, description="Same or related CNP/NOC 2021 unit group.")
    text: float = Field(0.25, ge=0, description="Semantic similarity of the résumé and the vacancy text.")
    experience: float = Field(0.15, ge=0, description="Years of experience against the years required.")
    french: float = Field(0.10, ge=0, description="French level against the level required.")
    region: float = Field(0.10, ge=0, description="Candidate open to the vacancy's region.")
    availability: float = Field(0.05, ge=0, description="Available by the vacancy's start date.")

    @model_validator(mode="after")
    def _not_all_zero(self) -> ScoringWeights:
        if sum(self.as_mapping().values()) <= 0:
            raise ValueError("at least one dimension weight must be positive")
        return self

    def as_mapping(self) -> dict[str, float]:
        """Weights by dimension, normalised to sum to 1 (so weighted scores add up to the base score)."""
        raw = {name: float(getattr(self, name)) for name in DIMENSIONS}
        total = sum(raw.values())
        return {name: value / total for name, value in raw.items()} if total > 0 else raw


def shared_prefix(a: str, b: str) -> int:
    """Number of leading characters two codes share (0..5)."""
    depth = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        depth += 1
    return min(depth, 5)


def teer_of(code: str) -> int | None:
    """TEER category of a NOC 2021 code: its second digit (0..5), or None for a malformed code."""
    return int(code[1]) if len(code) >= 2 and code[1].isdigit() else None


class PrefixSimilarity:
    """Hierarchy similarity computed from the code digits alone (no taxonomy needed)."""

    def similarity(self, a: str, b: str) -> float:
        return _PREFIX_SIMILARITY[shared_prefix(a, b)]

    def teer_gap(self, a: str, b: str) -> int:
        ta, tb = teer_of(a), teer_of(b)
        return abs(ta - tb) if ta is not None and tb is not None else 5


def _occupation(
    vacancy: Vacancy, candidate: Candidate, taxonomy: OccupationSimilarity, weight: float
) -> DimensionScore:
    if not vacancy.occupations or not candidate.occupations:
        return DimensionScore("occupation", 0.0, weight, "aucun code CNP à comparer", "no CNP/NOC code to compare")
    best: tuple[float, OccupationCode, OccupationCode] | None = None
    for v in vacancy.occupations:
        for c in candidate.occupations:
            certainty = 0.5 + 0.5 * min(v.confidence, c.confidence)
            value = taxonomy.similarity(v.code, c.code) * certainty
            if best is None or value > best[0]:
                best = (value, v, c)
    assert best is not None
    value, v, c = best
    fr, en = _LEVEL_NAMES[shared_prefix(v.code, c.code)]
    gap = taxonomy.teer_gap(v.code, c.code)
    sure = min(v.confidence, c.confidence)
    return DimensionScore(
        "occupation",
        value,
        weight,
        f"{fr} (offre {v.code}, candidat {c.code}, écart FEER {gap}, certitude {sure:.2f})",
        f"{en} (vacancy {v.code}, candidate {c.code}, TEER gap {gap}, confidence {sure:.2f})",
    )


def _text(similarity: float, weight: float) -> DimensionScore:
    value = min(1.0, max(0.0, similarity))
    return DimensionScore(
        "text",
        value,
        weight,
        f"similarité sémantique des textes {similarity:.2f}",
        f"semantic text similarity {similarity:.2f}",
    )


def _experience(vacancy: Vacancy, candidate: Candidate, weight: float) -> DimensionScore:
    need, has = vacancy.experience_required, candidate.years_experience
    value = 1.0 if need <= 0 else min(1.0, has / need)
    return DimensionScore(
        "experience",
        value,
        weight,
        f"{has:g} an(s) d'expérience pour {need:g} demandé(s)",
        f"{has:g} year(s) of experience for {need:g} required",
    )


def _french(vacancy: Vacancy, candidate: Candidate, weight: float) -> DimensionScore:
    need, has = vacancy.french_required, candidate.french
    value = 1.0 if has >= need else max(0.0, 1.0 - (need - has) / 3.0)

    def label(level: FrenchLevel, none: str) -> str:
        return none if level is FrenchLevel.NONE else level.name

    return DimensionScore(
        "french",
        value,
        weight,
        f"français {label(has, 'aucun')} pour {label(need, 'aucun')} demandé",
        f"French {label(has, 'none')} for {label(need, 'none')} required",
    )


def _region(vacancy: Vacancy, candidate: Candidate, weight: float) -> DimensionScore:
    if not vacancy.region_code:
        return DimensionScore("region", 0.5, weight, "région de l'offre inconnue", "vacancy region unknown")
    if candidate.is_open_to(vacancy.region_code):
        how_fr = "toutes les régions" if candidate.open_to_all_regions else f"la région {vacancy.region_code}"
        how_en = "all regions" if candidate.open_to_all_regions else f"region {vacancy.region_code}"
        return DimensionScore("region", 1.0, weight, f"ouvert à {how_fr}", f"open to {how_en}")
    return DimensionScore(
        "region",
        0.0,
        weight,
        f"n'a pas indiqué la région {vacancy.region_code}",
        f"has not listed region {vacancy.region_code}",
    )


def _availability(vacancy: Vacancy, candidate: Candidate, weight: float) -> DimensionScore:
    start, ready = vacancy.start_date, candidate.available_from
    if start is None or ready is None:
        return DimensionScore("availability", 1.0, weight, "pas de date à comparer", "no dates to compare")
    late = (ready - start).days
    if late <= 0:
        return DimensionScore(
            "availability", 1.0, weight, f"disponible le {ready:%Y-%m-%d}", f"available on {ready:%Y-%m-%d}"
        )
    value = max(0.0, 1.0 - late / 180.0)
    return DimensionScore(
        "availability",
        value,
        weight,
        f"disponible {late} jour(s) après le début",
        f"available {late} day(s) after the start",
    )


def score_pair(
    vacancy: Vacancy,
    candidate: Candidate,
    *,
    text_similarity: float,
    taxonomy: OccupationSimilarity,
    weights: ScoringWeights,
) -> dict[str, DimensionScore]:
    """Score one pair on every dimension.

    Args:
        vacancy: the job offer.
        candidate: the person.
        text_similarity: cosine similarity of their embeddings.
        taxonomy: hierarchy similarity between occupation codes.
        weights: weight of each dimension.

    Returns:
        The dimensions by name, in ``DIMENSIONS`` order.
    """
    w = weights.as_mapping()
    return {
        "occupation": _occupation(vacancy, candidate, taxonomy, w["occupation"]),
        "text": _text(text_similarity, w["text"]),
        "experience": _experience(vacancy, candidate, w["experience"]),
        "french": _french(vacancy, candidate, w["french"]),
        "region": _region(vacancy, candidate, w["region"]),
        "availability": _availability(vacancy, candidate, w["availability"]),
    }


def base_score(dimensions: Mapping[str, DimensionScore]) -> float:
    """Weighted mean of the dimension scores, in [0, 1]."""
    total_weight = sum(d.weight for d in dimensions.values())
    if total_weight <= 0:
        return 0.0
    return sum(d.weighted for d in dimensions.values()) / total_weight


def days_between(a: date, b: date) -> int:
    return (b - a).days
