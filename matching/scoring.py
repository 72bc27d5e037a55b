"""Explicit per-dimension scores of a (vacancy, candidate) pair, like Job Bank's comparison chart.

Every dimension is a number in [0, 1] with a sentence in French, English and Spanish saying where it comes from.
The base score is the weighted mean of the dimensions, so it is in [0, 1] too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from pydantic import BaseModel, Field, model_validator

from matching.models import Candidate, CodeSource, DimensionScore, FrenchLevel, OccupationCode, Vacancy
from matching.ports import OccupationSimilarity

DIMENSIONS = ("occupation", "text", "experience", "french", "region", "availability")

# Occupations with no common ancestor in the NOC hierarchy still get a little credit when their TEER (training,
# education, experience and responsibilities) is the same (0.10) or adjacent (0.05).
TEER_CREDIT = 0.10

# Depth of the shared code prefix -> similarity. NOC 2021 codes: 1 digit broad category, 2 major group,
# 3 sub-major group, 4 minor group, 5 unit group.
_PREFIX_SIMILARITY = {5: 1.0, 4: 0.8, 3: 0.6, 2: 0.4, 1: 0.2, 0: 0.0}
_LEVEL_NAMES = {
    5: ("même groupe de base", "same unit group", "mismo grupo de base"),
    4: ("même groupe intermédiaire", "same minor group", "mismo grupo intermedio"),
    3: ("même sous-grand groupe", "same sub-major group", "mismo subgrupo principal"),
    2: ("même grand groupe", "same major group", "mismo grupo principal"),
    1: ("même catégorie générale", "same broad category", "misma categoría general"),
    0: ("professions sans lien", "unrelated occupations", "ocupaciones sin relación"),
}
Words = tuple[str, str, str]  # one sentence in French, English and Spanish


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


class MemoSimilarity:
    """Remembers a taxonomy's answers per code pair (at most 516² of them), off the per-pair hot path."""

    def __init__(self, taxonomy: OccupationSimilarity) -> None:
        self._taxonomy = taxonomy
        self._similarity: dict[tuple[str, str], float] = {}
        self._gap: dict[tuple[str, str], int] = {}

    def similarity(self, a: str, b: str) -> float:
        key = (a, b)
        found = self._similarity.get(key)
        if found is None:
            found = self._similarity[key] = self._taxonomy.similarity(a, b)
        return found

    def teer_gap(self, a: str, b: str) -> int:
        key = (a, b)
        found = self._gap.get(key)
        if found is None:
            found = self._gap[key] = self._taxonomy.teer_gap(a, b)
        return found


class PairValues(NamedTuple):
    """The numbers behind a pair's dimensions, computed without any text (the hot path).

    ``occupation_pair`` names the (vacancy code, candidate code) that gave most of the occupation score, and
    ``occupation_certainty`` the share of that dimension the codes carried (the rest is the text similarity).
    """

    occupation: float
    text: float
    experience: float
    french: float
    region: float
    availability: float
    occupation_pair: tuple[OccupationCode, OccupationCode] | None
    text_similarity: float
    occupation_certainty: float = 1.0

    def weighted(self, weights: Mapping[str, float]) -> float:
        """The base score: the weighted mean of the six dimensions (``weights`` normalised)."""
        return (
            self.occupation * weights["occupation"]
            + self.text * weights["text"]
            + self.experience * weights["experience"]
            + self.french * weights["french"]
            + self.region * weights["region"]
            + self.availability * weights["availability"]
        )


def _teer_credit(gap: int) -> float:
    """Credit for occupations outside a shared hierarchy that sit at the same or a neighbouring TEER."""
    return TEER_CREDIT * max(0.0, 1.0 - gap / 2.0)


def pair_weight(v: OccupationCode, c: OccupationCode) -> float:
    """How much a pair of codes counts: the weight of the less sure one (1.0 when both were confirmed)."""
    return min(v.weight, c.weight)


Atom = tuple[tuple[OccupationCode, ...], float]  # codes taken together, and the probability they are right


def _atoms(codes: tuple[OccupationCode, ...]) -> list[Atom]:
    """A side's codes as a distribution: a person's codes (weight 1) together with probability 1, else each
    guessed code with its confidence (rescaled when they add up to more than 1)."""
    sure = tuple(c for c in codes if c.weight >= 1.0)
    if sure:
        return [(sure, 1.0)]
    total = sum(c.weight for c in codes)
    scale = 1.0 / total if total > 1.0 else 1.0
    return [((c,), c.weight * scale) for c in codes]


def _related(a: OccupationCode, b: OccupationCode, taxonomy: OccupationSimilarity) -> float:
    return max(taxonomy.similarity(a.code, b.code), _teer_credit(taxonomy.teer_gap(a.code, b.code)))


OccupationTerms = tuple[float, tuple[OccupationCode, OccupationCode] | None, float]


def occupation_terms(
    vacancy_codes: tuple[OccupationCode, ...],
    candidate_codes: tuple[OccupationCode, ...],
    taxonomy: OccupationSimilarity,
) -> OccupationTerms:
    """The part of the occupation dimension that depends on the codes alone (see :func:`pair_values`).

    The dimension is the expected hierarchy similarity under both sides' codes, the unknown rest taken from the
    text. A person's codes count fully; guessed codes count by their confidence, and the probability that neither
    side's guesses hold the true code is filled by the text similarity. So a wrong low-confidence guess costs
    little, a confirmed code weighs fully, and without codes the text stands in.

    Returns:
        (the expected hierarchy similarity under both sides' codes, the pair that contributed most, the
        probability mass the codes carried); the value is ``expected + (1 - mass) * text``.
    """
    expected, mass = 0.0, 0.0
    best: tuple[float, tuple[OccupationCode, OccupationCode] | None] = (-1.0, None)
    for v_codes, p_v in _atoms(vacancy_codes):
        for c_codes, p_c in _atoms(candidate_codes):
            related, pair = max(
                ((_related(v, c, taxonomy), (v, c)) for v in v_codes for c in c_codes), key=lambda x: x[0]
            )
            expected += p_v * p_c * related
            mass += p_v * p_c
            if p_v * p_c * related > best[0] or best[1] is None:
                best = (p_v * p_c * related, pair)
    return expected, best[1], mass


class OccupationMemo:
    """Remembers :func:`occupation_terms` per (vacancy codes, candidate codes): a shortlist scores hundreds of
    candidates against one vacancy's codes, and candidates share few distinct code tuples.

    Args:
        taxonomy: hierarchy similarity between occupation codes.
        max_size: entries kept; the memo is emptied when it is full (the answers are cheap to recompute).
    """

    def __init__(self, taxonomy: OccupationSimilarity, max_size: int = 200_000) -> None:
        self._taxonomy = taxonomy
        self._max_size = max_size
        self._terms: dict[tuple[tuple[OccupationCode, ...], tuple[OccupationCode, ...]], OccupationTerms] = {}

    def __call__(
        self, vacancy_codes: tuple[OccupationCode, ...], candidate_codes: tuple[OccupationCode, ...]
    ) -> OccupationTerms:
        key = (vacancy_codes, candidate_codes)
        found = self._terms.get(key)
        if found is None:
            if len(self._terms) >= self._max_size:
                self._terms.clear()
            found = self._terms[key] = occupation_terms(vacancy_codes, candidate_codes, self._taxonomy)
        return found


def pair_values(
    vacancy: Vacancy,
    candidate: Candidate,
    *,
    text_similarity: float,
    taxonomy: OccupationSimilarity,
    memo: OccupationMemo | None = None,
) -> PairValues:
    """Every dimension of one pair as a number in [0, 1].

    Args:
        vacancy: the job offer.
        candidate: the person.
        text_similarity: cosine similarity of their embeddings.
        taxonomy: hierarchy similarity between occupation codes.
        memo: remembered occupation terms (built on ``taxonomy``); the values are the same with or without.

    Returns:
        The values (explain them with :func:`describe_pair`).
    """
    text = min(1.0, max(0.0, text_similarity))
    if memo is None:
        expected, best, certainty = occupation_terms(vacancy.occupations, candidate.occupations, taxonomy)
    else:
        expected, best, certainty = memo(vacancy.occupations, candidate.occupations)
    occupation = expected + (1.0 - certainty) * text
    need_years, has_years = vacancy.experience_required, candidate.years_experience
    need_fr, has_fr = vacancy.french_required, candidate.french
    region = 1.0 if vacancy.region_code and candidate.is_open_to(vacancy.region_code) else 0.0
    region = region if vacancy.region_code else 0.5  # an unknown region neither helps nor hurts
    start, ready = vacancy.start_date, candidate.available_from
    late = (ready - start).days if start is not None and ready is not None else 0
    return PairValues(
        occupation=occupation,
        text=text,
        experience=1.0 if need_years <= 0 else min(1.0, has_years / need_years),
        french=1.0 if has_fr >= need_fr else max(0.0, 1.0 - (need_fr - has_fr) / 3.0),
        region=region,
        availability=1.0 if late <= 0 else max(0.0, 1.0 - late / 180.0),
        occupation_pair=best,
        text_similarity=text_similarity,
        occupation_certainty=certainty,
    )


_SOURCE_WORDS = {
    CodeSource.GIVEN: ("donné", "given", "indicado"),
    CodeSource.CONFIRMED: ("confirmé", "confirmed", "confirmado"),
    CodeSource.CLASSIFIED: ("deviné", "guessed", "estimado"),
}


def _code_words(occ: OccupationCode) -> Words:
    fr, en, es = _SOURCE_WORDS[occ.source]
    if occ.source is CodeSource.CLASSIFIED:
        sure = f"{occ.confidence:.0%}"
        return f"{occ.code} {fr} à {sure}", f"{occ.code} {en} at {sure}", f"{occ.code} {es} al {sure}"
    return f"{occ.code} {fr}", f"{occ.code} {en}", f"{occ.code} {es}"


def _occupation_words(values: PairValues, taxonomy: OccupationSimilarity) -> Words:
    text = values.text
    if values.occupation_pair is None:
        return (
            f"aucun code CNP à comparer : la similarité des textes ({text:.2f}) en tient lieu",
            f"no CNP/NOC code to compare: the text similarity ({text:.2f}) stands in",
            f"no hay código CNP que comparar: se usa en su lugar la similitud de los textos ({text:.2f})",
        )
    v, c = values.occupation_pair
    fr, en, es = _LEVEL_NAMES[shared_prefix(v.code, c.code)]
    gap = taxonomy.teer_gap(v.code, c.code)
    sure = values.occupation_certainty
    (v_fr, v_en, v_es), (c_fr, c_en, c_es) = _code_words(v), _code_words(c)
    head_fr = f"{fr} (offre {v_fr}, candidat {c_fr}, écart FEER {gap})"
    head_en = f"{en} (vacancy {v_en}, candidate {c_en}, TEER gap {gap})"
    head_es = f"{es} (oferta {v_es}, candidato {c_es}, diferencia de TEER {gap})"
    if sure >= 1.0 - 1e-9:
        return f"{head_fr} : comptés pleinement", f"{head_en}: counted fully", f"{head_es}: cuentan por completo"
    return (
        f"{head_fr} ; codes devinés comptés à {sure:.0%} selon leur confiance, le reste selon la similarité "
        f"des textes ({text:.2f})",
        f"{head_en}; guessed codes counted at {sure:.0%} by their confidence, the rest from the text "
        f"similarity ({text:.2f})",
        f"{head_es}; los códigos estimados cuentan al {sure:.0%} según su confianza, y el resto según la "
        f"similitud de los textos ({text:.2f})",
    )


def _french_words(vacancy: Vacancy, candidate: Candidate) -> Words:
    def label(level: FrenchLevel, none: str) -> str:
        return none if level is FrenchLevel.NONE else level.name

    need, has = vacancy.french_required, candidate.french
    return (
        f"français {label(has, 'aucun')} pour {label(need, 'aucun')} demandé",
        f"French {label(has, 'none')} for {label(need, 'none')} required",
        (f"francés {has.name}" if has is not FrenchLevel.NONE else "sin francés")
        + (f" (se requiere {need.name})" if need is not FrenchLevel.NONE else " (no se requiere)"),
    )


def _region_words(vacancy: Vacancy, candidate: Candidate) -> Words:
    code = vacancy.region_code
    if not code:
        return "région de l'offre inconnue", "vacancy region unknown", "se desconoce la región de la oferta"
    if candidate.open_to_all_regions:
        return "ouvert à toutes les régions", "open to all regions", "abierto a todas las regiones"
    if code in candidate.regions_open:
        return f"ouvert à la région {code}", f"open to region {code}", f"abierto a la región {code}"
    return (
        f"n'a pas indiqué la région {code}",
        f"has not listed region {code}",
        f"no indicó la región {code}",
    )


def _availability_words(vacancy: Vacancy, candidate: Candidate) -> Words:
    start, ready = vacancy.start_date, candidate.available_from
    if start is None or ready is None:
        return "pas de date à comparer", "no dates to compare", "no hay fechas que comparar"
    late = (ready - start).days
    if late <= 0:
        day = f"{ready:%Y-%m-%d}"
        return f"disponible le {day}", f"available on {day}", f"disponible desde el {day}"
    return (
        f"disponible {late} jour(s) après le début",
        f"available {late} day(s) after the start",
        f"disponible {late} día(s) después del inicio",
    )


def describe_pair(
    values: PairValues,
    vacancy: Vacancy,
    candidate: Candidate,
    *,
    taxonomy: OccupationSimilarity,
    weights: ScoringWeights | Mapping[str, float],
) -> dict[str, DimensionScore]:
    """The explained dimensions of a pair whose values are known (only done for pairs that are shown).

    Args:
        values: from :func:`pair_values`.
        vacancy: the job offer.
        candidate: the person.
        taxonomy: hierarchy similarity between occupation codes (for the TEER gap).
        weights: weight of each dimension, or their normalised mapping (``ScoringWeights.as_mapping()``,
            computed once per shortlist rather than once per match).

    Returns:
        The dimensions by name, in ``DIMENSIONS`` order.
    """
    w = weights.as_mapping() if isinstance(weights, ScoringWeights) else weights
    has, need = candidate.years_experience, vacancy.experience_required
    words: dict[str, Words] = {
        "occupation": _occupation_words(values, taxonomy),
        "text": (
            f"similarité sémantique des textes {values.text_similarity:.2f}",
            f"semantic text similarity {values.text_similarity:.2f}",
            f"similitud semántica de los textos {values.text_similarity:.2f}",
        ),
        "experience": (
            f"{has:g} an(s) d'expérience pour {need:g} demandé(s)",
            f"{has:g} year(s) of experience for {need:g} required",
            f"{has:g} año(s) de experiencia para {need:g} requerido(s)",
        ),
        "french": _french_words(vacancy, candidate),
        "region": _region_words(vacancy, candidate),
        "availability": _availability_words(vacancy, candidate),
    }
    return {
        name: DimensionScore(name, float(getattr(values, name)), w[name], fr, en, es)
        for name, (fr, en, es) in words.items()
    }


def score_pair(
    vacancy: Vacancy,
    candidate: Candidate,
    *,
    text_similarity: float,
    taxonomy: OccupationSimilarity,
    weights: ScoringWeights,
) -> dict[str, DimensionScore]:
    """Score one pair on every dimension, with the words that explain each number.

    Args:
        vacancy: the job offer.
        candidate: the person.
        text_similarity: cosine similarity of their embeddings.
        taxonomy: hierarchy similarity between occupation codes.
        weights: weight of each dimension.

    Returns:
        The dimensions by name, in ``DIMENSIONS`` order.
    """
    values = pair_values(vacancy, candidate, text_similarity=text_similarity, taxonomy=taxonomy)
    return describe_pair(values, vacancy, candidate, taxonomy=taxonomy, weights=weights)


def base_score(dimensions: Mapping[str, DimensionScore]) -> float:
    """Weighted mean of the dimension scores, in [0, 1]."""
    total_weight = sum(d.weight for d in dimensions.values())
    if total_weight <= 0:
        return 0.0
    return sum(d.weighted for d in dimensions.values()) / total_weight
