"""The two priority rules of the Québec plan: Passerelle regional priority and the urgent-needs fast track.

Both implement ``matching.ports.PriorityRule``: they add a bounded delta, flags and a bilingual reason to a
scored pair, and never drop it. Their parameters come from a rule-set file (see ``regions.rulesets``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from matching.models import OccupationCode, RuleContribution, Vacancy
from matching.ports import PairContext
from regions.boundaries import BOUNDARY_LABELS, Boundary, is_inside, region_is_outside
from regions.diagnostics import DIAGNOSTIC_EN, Diagnostic, Diagnostics, OccupationDiagnostic
from regions.geography import Geography

MAX_RULE_BOOST = 0.5
FLAG_REGIONAL = "regional_priority"
FLAG_NOT_OPEN = "not_open_to_region"
FLAG_FAST_TRACK = "fast_track_eligible"


class RegionalPriorityWeights(BaseModel):
    """The ``[regional_priority]`` section of a rule-set file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="Whether the rule runs at all.")
    boost_named_region: float = Field(
        0.05,
        ge=0,
        le=MAX_RULE_BOOST,
        description="Added when the vacancy is outside the boundary and the candidate listed its region.",
    )
    boost_all_regions: float = Field(
        0.04,
        ge=0,
        le=MAX_RULE_BOOST,
        description="Added when the vacancy is outside the boundary and the candidate is open to all regions.",
    )


class RegionalPriorityConfig(RegionalPriorityWeights):
    """Parameters of :class:`RegionalPriority`."""

    boundary: Boundary = Field(Boundary.CMM, description="What counts as the Montréal area (not the regions).")


def _where(vacancy: Vacancy, geography: Geography) -> tuple[str, str] | None:
    """(region code, place label) of a vacancy, or None when it has no known municipality or region."""
    if vacancy.municipality_code in geography.municipalities:
        m = geography.municipalities[vacancy.municipality_code]
        return m.region_code, f"{m.name} ({m.region_code} {m.region_name})"
    if vacancy.region_code in geography.regions:
        region = geography.regions[vacancy.region_code]
        return region.code, f"{region.code} {region.name}"
    return None


class RegionalPriority:
    """Passerelle pour l'emploi en région: favour regional vacancies for candidates open to their region.

    - vacancy outside the boundary and candidate open to its region (or to all regions) → a bounded boost
      and the flag ``regional_priority``;
    - candidate not open to the vacancy's region → a zero delta, the flag ``not_open_to_region`` and the
      reason (the pair stays in the ranking);
    - otherwise (vacancy inside the boundary, or its location unknown) → no contribution.

    Args:
        config: boundary and boosts.
        geography: Québec geography (``regions.load_geography()``).
    """

    name = "regional_priority"

    def __init__(self, config: RegionalPriorityConfig, geography: Geography) -> None:
        self.config = config
        self.geography = geography
        # The rule runs on every scored pair: what it says depends only on the vacancy's place and on how the
        # candidate is open to it, so places and contributions are built once and shared (both immutable).
        self._places: dict[tuple[str, str], tuple[str, str, bool | None]] = {}
        self._made: dict[tuple[str, str, str], RuleContribution] = {}

    def vacancy_outside(self, vacancy: Vacancy) -> bool | None:
        """Whether the vacancy is outside the boundary; None when its municipality and region are unknown
        or its region alone cannot tell (e.g. a region cut by the CMM without a municipality)."""
        if vacancy.municipality_code in self.geography.municipalities:
            m = self.geography.municipalities[vacancy.municipality_code]
            return not is_inside(m, self.config.boundary)
        if vacancy.region_code in self.geography.regions:
            return region_is_outside(vacancy.region_code, self.config.boundary)
        return None

    def contribute(self, pair: PairContext) -> RuleContribution | None:
        """The rule's contribution to one pair (see the class docstring)."""
        if not self.config.enabled:
            return None
        key = (pair.vacancy.municipality_code, pair.vacancy.region_code)
        place = self._places.get(key)
        if place is None:
            where = _where(pair.vacancy, self.geography)
            if where is None:
                return None
            place = self._places[key] = (*where, self.vacancy_outside(pair.vacancy))
        region_code, label, outside = place
        if not pair.candidate.is_open_to(region_code):
            kind = FLAG_NOT_OPEN
        elif not outside:
            return None
        else:
            kind = "named" if region_code in pair.candidate.regions_open else "all"
        made = self._made.get((*key, kind))
        if made is None:
            made = self._made[(*key, kind)] = self._make(kind, label)
        return made

    def _make(self, kind: str, place: str) -> RuleContribution:
        if kind == FLAG_NOT_OPEN:
            return RuleContribution(
                rule=self.name,
                delta=0.0,
                reason_fr=f"Candidat non ouvert à la région de l'offre, {place} : signalé, non retiré",
                reason_en=f"Candidate not open to the vacancy's region, {place}: flagged, not removed",
                flags=frozenset({FLAG_NOT_OPEN}),
            )
        inside_fr, inside_en = BOUNDARY_LABELS[self.config.boundary]
        if kind == "named":
            delta, how_fr, how_en = self.config.boost_named_region, "cette région", "this region"
        else:
            delta, how_fr, how_en = self.config.boost_all_regions, "toutes les régions", "all regions"
        return RuleContribution(
            rule=self.name,
            delta=delta,
            reason_fr=(
                f"Priorité Passerelle : offre à {place}, hors de {inside_fr}, candidat ouvert à {how_fr} ({delta:+.3f})"
            ),
            reason_en=(
                f"Passerelle priority: vacancy in {place}, outside {inside_en}, "
                f"candidate open to {how_en} ({delta:+.3f})"
            ),
            flags=frozenset({FLAG_REGIONAL}),
        )


class FastTrackWeights(BaseModel):
    """The ``[fast_track]`` section of a rule-set file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="Whether the rule runs at all.")
    boost: float = Field(0.05, ge=0, le=MAX_RULE_BOOST, description="Added to a fast-track eligible pair's score.")
    match_level: Literal["unit_group", "minor_group"] = Field(
        "unit_group",
        description=(
            "How the candidate's occupation must match the urgent one: the same 5-digit unit group, or "
            "(weaker) the same 4-digit minor group."
        ),
    )
    min_confidence: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Least confidence of the vacancy's and the candidate's codes (classified codes carry one).",
    )


class FastTrackConfig(FastTrackWeights):
    """Parameters of :class:`FastTrack`."""

    urgent_diagnostics: frozenset[Diagnostic] = Field(
        frozenset({Diagnostic.DEFICIT}),
        description="Diagnostics of the 2024–2028 diagnosis that make an occupation urgent.",
    )


class FastTrack:
    """Fast track for urgent needs: a vacancy whose occupation is urgent and a candidate with that occupation.

    The pair gets the flag ``fast_track_eligible`` and a bounded boost. Urgency comes from the Québec
    2024–2028 diagnosis (province-wide).

    Args:
        config: urgent diagnostics, boost and how strict the occupation match is.
        diagnostics: the diagnosis (``regions.load_diagnostics()``).
    """

    name = "fast_track"

    def __init__(self, config: FastTrackConfig, diagnostics: Diagnostics) -> None:
        self.config = config
        self.diagnostics = diagnostics
        # Urgent rows by code, computed once: the rule runs on every scored pair of every shortlist.
        self._urgent = {code: diagnostics.get(code) for code in diagnostics.codes_with(*config.urgent_diagnostics)}
        self._made: dict[tuple[str, str], RuleContribution] = {}

    def urgent(self, code: str) -> OccupationDiagnostic | None:
        """The diagnosis row of ``code`` when it is urgent under this config, else None."""
        return self._urgent.get(code.strip())

    def urgent_for(self, vacancy_code: OccupationCode) -> OccupationDiagnostic | None:
        """The diagnosis row when a vacancy's code is urgent and sure enough (``min_confidence``), else None."""
        if vacancy_code.confidence < self.config.min_confidence:
            return None
        return self.urgent(vacancy_code.code)

    def _matches(self, urgent_code: str, candidate_code: OccupationCode) -> bool:
        if candidate_code.confidence < self.config.min_confidence:
            return False
        width = 5 if self.config.match_level == "unit_group" else 4
        return candidate_code.code[:width] == urgent_code[:width]

    def contribute(self, pair: PairContext) -> RuleContribution | None:
        """The rule's contribution to one pair: the boost when eligible, else None.

        Both codes must reach ``min_confidence``: a vacancy's low-confidence alternative code (classified
        vacancies carry several) does not make it urgent.
        """
        if not self.config.enabled:
            return None
        for vacancy_code in pair.vacancy.occupations:
            row = self.urgent_for(vacancy_code)
            if row is None:
                continue
            for candidate_code in pair.candidate.occupations:
                if self._matches(row.code, candidate_code):
                    key = (row.code, candidate_code.code)
                    made = self._made.get(key)
                    if made is None:
                        made = self._made[key] = self._eligible(row, candidate_code.code)
                    return made
        return None

    def _eligible(self, row: OccupationDiagnostic, candidate_code: str) -> RuleContribution:
        delta = self.config.boost
        same = candidate_code == row.code
        how_fr = "la même profession" if same else f"une profession du même groupe intermédiaire ({candidate_code})"
        how_en = "the same occupation" if same else f"an occupation of the same minor group ({candidate_code})"
        return RuleContribution(
            rule=self.name,
            delta=delta,
            reason_fr=(
                f"Traitement accéléré : la profession {row.code} ({row.title_fr}) est en « {row.diagnostic.value} » "
                f"au diagnostic 2024–2028 et le candidat a {how_fr} ({delta:+.3f})"
            ),
            reason_en=(
                f"Fast track: occupation {row.code} ({row.title_en}) is diagnosed "
                f"'{row.diagnostic.value}' ({DIAGNOSTIC_EN[row.diagnostic]}) for 2024–2028 and the candidate "
                f"has {how_en} ({delta:+.3f})"
            ),
            flags=frozenset({FLAG_FAST_TRACK}),
        )
