"""Rule ``regional_priority``: Passerelle pour l'emploi en région (plan measure 4.1).

Vacancy outside the set's boundary and candidate open to its region (or to all regions) → a bounded boost and
the flag ``regional_priority``; candidate not open to the vacancy's region → delta 0 and the flag
``not_open_to_region`` (the pair stays); otherwise a why-not record (inside the boundary, place unknown).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import Field

from matching.models import RuleContribution, Vacancy
from matching.ports import PairContext
from regions.boundaries import Boundary, is_inside, region_is_outside
from regions.rules_registry import MAX_RULE_BOOST, Reason, RuleConfig, RuleContext, register_rule

NAME = "regional_priority"
FLAG_REGIONAL = "regional_priority"
FLAG_NOT_OPEN = "not_open_to_region"

BOUNDARY_NAMES: dict[Boundary, tuple[str, str, str]] = {
    Boundary.CMM: (
        "la Communauté métropolitaine de Montréal (CMM)",
        "the Montréal Metropolitan Community (CMM)",
        "la Comunidad metropolitana de Montreal (CMM)",
    ),
    Boundary.MONTREAL_LAVAL: ("Montréal et Laval", "Montréal and Laval", "Montreal y Laval"),
}

REASONS = {
    "boost": Reason(
        "Priorité Passerelle : offre à {place}, hors de {inside_fr}, candidat ouvert à {how_fr} ({delta:+.3f})",
        "Passerelle priority: vacancy in {place}, outside {inside_en}, candidate open to {how_en} ({delta:+.3f})",
        "Prioridad Passerelle: oferta en {place}, fuera de {inside_es}, candidato abierto a {how_es} ({delta:+.3f})",
    ),
    "not_open": Reason(
        "Candidat non ouvert à la région de l'offre, {place} : signalé, non retiré",
        "Candidate not open to the vacancy's region, {place}: flagged, not removed",
        "Candidato no abierto a la región de la oferta, {place}: señalado, no retirado",
    ),
    "inside": Reason(
        "offre à {place}, à l'intérieur de la limite « {inside_fr} » : pas de priorité régionale",
        "vacancy in {place}, inside the boundary '{inside_en}': no regional priority",
        "oferta en {place}, dentro del límite «{inside_es}»: sin prioridad regional",
    ),
    "cut": Reason(
        "offre dans la région {place} sans municipalité, région coupée par la limite « {inside_fr} » : "
        "pas de priorité régionale",
        "vacancy in region {place} without a municipality, a region the boundary '{inside_en}' cuts: "
        "no regional priority",
        "oferta en la región {place} sin municipio, región cortada por el límite «{inside_es}»: sin prioridad regional",
    ),
    "unknown": Reason(
        "lieu de l'offre inconnu : pas de priorité régionale",
        "vacancy's place unknown: no regional priority",
        "lugar de la oferta desconocido: sin prioridad regional",
    ),
}


_HOW_NAMED = ("cette région", "this region", "esta región")
_HOW_ALL = ("toutes les régions", "all regions", "todas las regiones")


class RegionalPriorityConfig(RuleConfig):
    """``[rules.regional_priority]``: boundary and boosts."""

    weight_fields = ("boost_named_region", "boost_all_regions")

    boundary: Boundary = Field(Boundary.CMM, description="What counts as the Montréal area (not the regions).")
    boost_named_region: float = Field(
        0.05, ge=0, le=MAX_RULE_BOOST, description="Added when the candidate listed the vacancy's region."
    )
    boost_all_regions: float = Field(
        0.04, ge=0, le=MAX_RULE_BOOST, description="Added when the candidate is open to all regions."
    )


@register_rule(NAME)
class RegionalPriority:
    """Passerelle regional priority (see the module docstring).

    Args:
        config: boundary and boosts.
        context: the geography (and the set's sources, cited in the reasons).
    """

    Config = RegionalPriorityConfig
    name = NAME

    def __init__(self, config: RegionalPriorityConfig, context: RuleContext) -> None:
        self.config = config
        self.geography = context.geography
        self.sources = context.cite(config.sources, NAME)
        # What the rule says depends only on the vacancy's place and how the candidate is open to it:
        # places and contributions are built once and shared (both immutable).
        self._places: dict[tuple[str, str], tuple[str, str, bool | None] | None] = {}
        self._made: dict[tuple[str, str, str], RuleContribution] = {}

    def vacancy_outside(self, vacancy: Vacancy) -> bool | None:
        """Whether the vacancy is outside the boundary; None when its place is unknown or its region alone
        cannot tell (a region cut by the CMM, without a municipality)."""
        if vacancy.municipality_code in self.geography.municipalities:
            m = self.geography.municipalities[vacancy.municipality_code]
            return not is_inside(m, self.config.boundary)
        if vacancy.region_code in self.geography.regions:
            return region_is_outside(vacancy.region_code, self.config.boundary)
        return None

    def vacancy_facts(self, vacancy: Vacancy, on: date) -> Mapping[str, object]:
        """``outside_boundary`` (False when unknown) and the ``boundary`` name."""
        return {"outside_boundary": bool(self.vacancy_outside(vacancy)), "boundary": self.config.boundary.value}

    def _place(self, vacancy: Vacancy) -> tuple[str, str, bool | None] | None:
        key = (vacancy.municipality_code, vacancy.region_code)
        if key not in self._places:
            geo = self.geography
            where: tuple[str, str] | None = None
            if vacancy.municipality_code in geo.municipalities:
                m = geo.municipalities[vacancy.municipality_code]
                where = m.region_code, f"{m.name} ({m.region_code} {m.region_name})"
            elif vacancy.region_code in geo.regions:
                region = geo.regions[vacancy.region_code]
                where = region.code, f"{region.code} {region.name}"
            self._places[key] = None if where is None else (*where, self.vacancy_outside(vacancy))
        return self._places[key]

    def contribute(self, pair: PairContext) -> RuleContribution:
        """The rule's contribution to one pair, or its why-not record."""
        place = self._place(pair.vacancy)
        if place is None:
            kind, label = "unknown", ""
        else:
            region_code, label, outside = place
            if not pair.candidate.is_open_to(region_code):
                kind = "not_open"
            elif outside is None:
                kind = "cut"
            elif not outside:
                kind = "inside"
            else:
                kind = "named" if region_code in pair.candidate.regions_open else "all"
        key = (pair.vacancy.municipality_code, pair.vacancy.region_code, kind)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._make(kind, label)
        return made

    def _make(self, kind: str, place: str) -> RuleContribution:
        fr, en, es = BOUNDARY_NAMES[self.config.boundary]
        names = {"place": place, "inside_fr": fr, "inside_en": en, "inside_es": es}
        if kind == "not_open":
            return REASONS[kind].make(NAME, applied=True, flags=frozenset({FLAG_NOT_OPEN}), values=names)
        if kind in ("unknown", "cut", "inside"):
            return REASONS[kind].make(NAME, applied=False, sources=self.sources, values=names)
        named = kind == "named"
        delta = self.config.boost_named_region if named else self.config.boost_all_regions
        how = _HOW_NAMED if named else _HOW_ALL
        return REASONS["boost"].make(
            NAME,
            applied=True,
            delta=delta,
            flags=frozenset({FLAG_REGIONAL}),
            sources=self.sources,
            how_fr=how[0],
            how_en=how[1],
            how_es=how[2],
            values=names,
        )
