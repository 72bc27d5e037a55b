"""Domain objects of the matching core: frozen dataclasses, no framework."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class FrenchLevel(IntEnum):
    """Spoken and written French, on the CEFR scale that Québec's own 12-level scale maps to."""

    NONE = 0
    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6


class EducationLevel(IntEnum):
    """Highest completed education, ordered."""

    NONE = 0
    SECONDARY = 1
    VOCATIONAL = 2  # DEP / trade diploma
    COLLEGE = 3  # DEC / college diploma
    BACHELOR = 4
    MASTER = 5
    DOCTORATE = 6


class CandidateStatus(StrEnum):
    """Why the candidate is abroad and heading to Québec."""

    SELECTED_QUEBEC = "selected_quebec"
    TEMPORARY_WORKER = "temporary_worker"
    OTHER = "other"


class CodeSource(StrEnum):
    """Where an occupation code comes from: sent with the record, guessed by the classifier, or confirmed by a
    person (the candidate, the employer, or an advisor correcting it)."""

    GIVEN = "given"
    CLASSIFIED = "classified"
    CONFIRMED = "confirmed"


@dataclass(frozen=True, slots=True)
class OccupationCode:
    """A CNP/NOC 2021 unit group attached to a document, with how sure we are of it.

    ``confidence`` is the classifier's (1.0 for a code given with the record or picked by a person); ``weight``
    is how much the code counts in matching: fully once a person confirmed it, else by its confidence.
    """

    code: str
    confidence: float = 1.0
    source: CodeSource = CodeSource.GIVEN

    @property
    def weight(self) -> float:
        """1.0 for a confirmed code, else its confidence (clipped to [0, 1]; a given code has 1.0)."""
        if self.source is CodeSource.CONFIRMED:
            return 1.0
        return min(1.0, max(0.0, self.confidence))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person abroad with a résumé. ``regions_open`` holds region codes ("01".."17")."""

    id: int
    text: str
    language: str = "fr"
    occupations: tuple[OccupationCode, ...] = ()
    years_experience: float = 0.0
    education: EducationLevel = EducationLevel.NONE
    french: FrenchLevel = FrenchLevel.NONE
    regions_open: frozenset[str] = frozenset()
    open_to_all_regions: bool = False
    country: str = ""
    status: CandidateStatus = CandidateStatus.OTHER
    available_from: date | None = None

    def is_open_to(self, region_code: str) -> bool:
        return self.open_to_all_regions or region_code in self.regions_open


@dataclass(frozen=True, slots=True)
class Vacancy:
    """A job offer posted by an employer for one site in Québec."""

    id: int
    title: str
    description: str = ""
    language: str = "fr"
    municipality_code: str = ""
    region_code: str = ""
    occupations: tuple[OccupationCode, ...] = ()
    positions: int = 1
    french_required: FrenchLevel = FrenchLevel.NONE
    experience_required: float = 0.0
    education_required: EducationLevel = EducationLevel.NONE
    wage_hourly: float | None = None
    start_date: date | None = None
    end_date: date | None = None
    naics: str = ""  # NAICS sector code of the employer's activity (2 to 6 digits), "" when not given

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}".strip()


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One explicit dimension of a pair's score, in [0, 1], with the words that explain it (fr, en, es)."""

    name: str
    score: float
    weight: float
    detail_fr: str
    detail_en: str
    detail_es: str = ""

    def detail(self, lang: str) -> str:
        """The sentence in ``lang`` ("fr", "en" or "es"); French for any other language or a missing one."""
        found = {"en": self.detail_en, "es": self.detail_es}.get(lang, "")
        return found or self.detail_fr

    @property
    def weighted(self) -> float:
        return self.score * self.weight


@dataclass(frozen=True, slots=True)
class RuleContribution:
    """What one priority rule did to one pair: a bounded score delta, flags and its reasons.

    ``applied=False`` is a why-not record: the rule looked at the pair and did not apply (delta 0, no flags),
    and the reasons say why. ``sources`` are the URLs (with their dates) of the lists or thresholds cited.
    """

    rule: str
    delta: float
    reason_fr: str
    reason_en: str
    flags: frozenset[str] = frozenset()
    applied: bool = True
    reason_es: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A ranked, explained pair. ``total == base_score + sum(c.delta for c in contributions)``."""

    vacancy_id: int
    candidate_id: int
    rank: int
    total: float
    base_score: float
    dimensions: Mapping[str, DimensionScore] = field(hash=False)  # a dict: excluded so a Match stays hashable
    contributions: tuple[RuleContribution, ...] = ()
    rule_set_id: str | None = None
    flags: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    why_not: tuple[RuleContribution, ...] = ()  # the rules of the set that did not apply, and why

    @property
    def rule_delta(self) -> float:
        return sum(c.delta for c in self.contributions)


@dataclass(frozen=True, slots=True)
class Shortlist:
    """The answer to one matching request: the ranked matches and how they were obtained."""

    matches: tuple[Match, ...]
    rule_set_id: str | None
    retrieved: int
    filtered_out: Mapping[str, int] = field(default_factory=dict)
