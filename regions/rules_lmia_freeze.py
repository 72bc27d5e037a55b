"""Rule ``lmia_freeze``: Québec's suspension of low-wage LMIA processing on the island of Montréal and in Laval.

A temporary-worker candidate and a vacancy whose municipality lies in a frozen territory (a region, from its
own start date, until the freeze's end), whose hourly wage is below the high-wage threshold in force that day
(dated values), and whose sector is not exempt (NAICS prefixes of a ``sectors`` list) → the flag
``lmia_freeze`` and the reason "not eligible for a low-wage LMIA until <end>". The pair is never dropped (an
optional ``penalty`` ≤ 0 may lower it; 0 by default). Otherwise a why-not record says which condition failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matching.models import CandidateStatus, RuleContribution, Vacancy
from matching.ports import PairContext
from regions.rules_lists import SectorRow
from regions.rules_registry import MAX_RULE_BOOST, Reason, RuleConfig, RuleContext, Source, register_rule

NAME = "lmia_freeze"
FLAG_FREEZE = "lmia_freeze"

REASONS = {
    "frozen": Reason(
        "Non admissible à une EIMT à bas salaire jusqu'au {until} : offre à {place}, territoire où le Québec "
        "suspend le traitement des EIMT à bas salaire depuis le {since} (traitement simplifié compris), salaire "
        "{wage:.2f} $/h sous le seuil de haut salaire de {threshold:.2f} $/h en vigueur depuis le {threshold_from}, "
        "secteur non exempté ({sector_fr}) ; la paire reste dans la liste",
        "Not eligible for a low-wage LMIA until {until}: vacancy in {place}, where Québec suspends the processing "
        "of low-wage LMIAs since {since} (simplified processing included), wage ${wage:.2f}/h below the high-wage "
        "threshold ${threshold:.2f}/h in force since {threshold_from}, sector not exempt ({sector_en}); the pair "
        "stays in the list",
        "No elegible a una EIMT de salario bajo hasta el {until}: oferta en {place}, donde Quebec suspende el "
        "trámite de las EIMT de salario bajo desde el {since} (trámite simplificado incluido), salario "
        "{wage:.2f} $/h bajo el umbral de salario alto de {threshold:.2f} $/h vigente desde el {threshold_from}, "
        "sector no exento ({sector_es}); el par sigue en la lista",
    ),
    "status": Reason(
        "candidat non travailleur temporaire : la suspension des EIMT à bas salaire ne le concerne pas",
        "candidate is not a temporary worker: the low-wage LMIA freeze does not concern them",
        "el candidato no es trabajador temporal: la suspensión de las EIMT de salario bajo no le concierne",
    ),
    "outside": Reason(
        "offre à {place}, hors du territoire de la suspension des EIMT à bas salaire ({territory}) : pas de gel",
        "vacancy in {place}, outside the low-wage LMIA freeze territory ({territory}): no freeze",
        "oferta en {place}, fuera del territorio de la suspensión de las EIMT de salario bajo ({territory}): "
        "sin congelación",
    ),
    "dates": Reason(
        "le {on}, la suspension à {place} (du {since} au {until}) n'est pas en vigueur : pas de gel",
        "on {on}, the freeze in {place} ({since} to {until}) is not in force: no freeze",
        "el {on}, la suspensión en {place} (del {since} al {until}) no está vigente: sin congelación",
    ),
    "no_wage": Reason(
        "salaire horaire non indiqué : impossible de dire si la suspension des EIMT à bas salaire s'applique "
        "(seuil {threshold:.2f} $/h) — à vérifier",
        "hourly wage not given: cannot tell whether the low-wage LMIA freeze applies (threshold "
        "${threshold:.2f}/h) — to check",
        "salario por hora no indicado: no se puede saber si aplica la suspensión (umbral {threshold:.2f} $/h) — "
        "a verificar",
    ),
    "high_wage": Reason(
        "salaire {wage:.2f} $/h au moins égal au seuil de haut salaire de {threshold:.2f} $/h (depuis le "
        "{threshold_from}) : pas à bas salaire, pas de gel",
        "wage ${wage:.2f}/h at or above the high-wage threshold ${threshold:.2f}/h (since {threshold_from}): "
        "not low-wage, no freeze",
        "salario {wage:.2f} $/h igual o superior al umbral de salario alto de {threshold:.2f} $/h (desde el "
        "{threshold_from}): no es salario bajo, sin congelación",
    ),
    "exempt": Reason(
        "secteur SCIAN {naics} ({label_fr}) exempté de la suspension : pas de gel",
        "sector NAICS {naics} ({label_en}) is exempt from the freeze: no freeze",
        "sector SCIAN {naics} ({label_es}) exento de la suspensión: sin congelación",
    ),
    "no_threshold": Reason(
        "aucun seuil de haut salaire connu le {on} : pas de gel appliqué",
        "no high-wage threshold known on {on}: no freeze applied",
        "ningún umbral de salario alto conocido el {on}: sin congelación",
    ),
}


class Territory(BaseModel):
    """A frozen territory: an administrative region and the day the freeze began there."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str = Field(pattern=r"^\d{2}$", description="Administrative region code (06 Montréal, 13 Laval).")
    starts: date = Field(description="First day of the freeze in that region.")
    sources: tuple[str, ...] = ()


class Threshold(BaseModel):
    """A dated value of the high-wage threshold (provincial median hourly wage + 20 %)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    starts: date = Field(description="First day the value applies (or is first cited).")
    hourly: float = Field(gt=0, le=1000, description="Dollars per hour.")
    sources: tuple[str, ...] = ()


class LmiaFreezeConfig(RuleConfig):
    """``[rules.lmia_freeze]``: territories, end date, dated thresholds, exempt sectors, penalty."""

    weight_fields = ("penalty",)

    territories: tuple[Territory, ...] = Field(min_length=1)
    ends: date = Field(description="Last day of the freeze (as reported).")
    thresholds: tuple[Threshold, ...] = Field(min_length=1)
    exempt_sectors: str | None = Field(None, description="Name of a 'sectors' list of exempt NAICS prefixes.")
    statuses: tuple[CandidateStatus, ...] = (CandidateStatus.TEMPORARY_WORKER,)
    penalty: float = Field(0.0, ge=-MAX_RULE_BOOST, le=0, description="Added to a frozen pair (0: mark only).")

    @model_validator(mode="after")
    def _sorted(self) -> LmiaFreezeConfig:
        starts = [t.starts for t in self.thresholds]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise ValueError("thresholds must be listed by strictly increasing 'starts'")
        return self


@register_rule(NAME, reveals_status=True)
class LmiaFreeze:
    """The Montréal/Laval low-wage LMIA freeze (see the module docstring)."""

    Config = LmiaFreezeConfig
    name = NAME

    def __init__(self, config: LmiaFreezeConfig, context: RuleContext) -> None:
        self.config = config
        self.geography = context.geography
        self._territory = {t.region: t for t in config.territories}
        self._exempt: tuple[SectorRow, ...] = ()
        list_sources: tuple[str, ...] = ()
        if config.exempt_sectors:
            sectors = context.list(config.exempt_sectors, NAME)
            if sectors.spec.kind != "sectors":
                raise ValueError(f"list {sectors.name!r} is of kind {sectors.spec.kind!r}, not 'sectors'")
            self._exempt = tuple(sorted(sectors.sector_rows(), key=lambda r: -len(r.naics_prefix)))
            list_sources = sectors.spec.sources
        self._context = context
        self._base_sources = self._cite(tuple(config.sources) + tuple(list_sources))
        self._day: date | None = None
        self._made: dict[tuple[object, ...], RuleContribution] = {}

    def _cite(self, ids: tuple[str, ...]) -> tuple[Source, ...]:
        return self._context.cite(ids, NAME)

    def threshold(self, on: date) -> Threshold | None:
        """The high-wage threshold in force on ``on`` (the last one started by then)."""
        started = [t for t in self.config.thresholds if t.starts <= on]
        return started[-1] if started else None

    def _place(self, vacancy: Vacancy) -> tuple[str, str]:
        m = self.geography.municipalities.get(vacancy.municipality_code)
        if m is not None:
            return m.region_code, f"{m.name} ({m.region_code} {m.region_name})"
        region = self.geography.regions.get(vacancy.region_code)
        return (region.code, f"{region.code} {region.name}") if region else ("", "?")

    def _exempt_row(self, naics: str) -> SectorRow | None:
        return next((r for r in self._exempt if naics.startswith(r.naics_prefix)), None) if naics else None

    def frozen_until(self, vacancy: Vacancy, on: date) -> date | None:
        """The freeze's end when it applies to this vacancy (for a temporary worker) on ``on``, else None."""
        verdict = self._verdict(vacancy, on)
        return self.config.ends if verdict[0] == "frozen" else None

    def vacancy_facts(self, vacancy: Vacancy, on: date) -> Mapping[str, object]:
        """``lmia_freeze`` (for a temporary worker) and ``lmia_freeze_until`` (ISO date or None)."""
        until = self.frozen_until(vacancy, on)
        return {"lmia_freeze": until is not None, "lmia_freeze_until": until.isoformat() if until else None}

    def _verdict(self, vacancy: Vacancy, on: date) -> tuple[str, dict[str, object], tuple[Source, ...]]:
        region, place = self._place(vacancy)
        words: dict[str, object] = {"place": place, "on": on.isoformat(), "until": self.config.ends.isoformat()}
        territory = self._territory.get(region)
        if territory is None:
            listed = ", ".join(
                f"{t.region} {self._region_name(t.region)} ({t.starts}…)" for t in self.config.territories
            )
            return "outside", {**words, "territory": listed}, self._base_sources
        sources = self._base_sources + self._cite(territory.sources)
        words["since"] = territory.starts.isoformat()
        if not territory.starts <= on <= self.config.ends:
            return "dates", words, sources
        threshold = self.threshold(on)
        if threshold is None:
            return "no_threshold", words, sources
        sources = sources + self._cite(threshold.sources)
        words |= {"threshold": threshold.hourly, "threshold_from": threshold.starts.isoformat()}
        if vacancy.wage_hourly is None:
            return "no_wage", words, sources
        words["wage"] = vacancy.wage_hourly
        if vacancy.wage_hourly >= threshold.hourly:
            return "high_wage", words, sources
        exempt = self._exempt_row(vacancy.naics)
        if exempt is not None:
            labels = {f"label_{k}": getattr(exempt, f"label_{k}") or exempt.sector for k in ("fr", "en", "es")}
            return "exempt", {**words, "naics": vacancy.naics, **labels}, sources
        given = f"SCIAN {vacancy.naics}" if vacancy.naics else None
        words |= {
            "sector_fr": given or "secteur non indiqué",
            "sector_en": f"NAICS {vacancy.naics}" if vacancy.naics else "sector not given",
            "sector_es": given or "sector no indicado",
        }
        return "frozen", words, sources

    def _region_name(self, code: str) -> str:
        region = self.geography.regions.get(code)
        return region.name if region else ""

    def contribute(self, pair: PairContext) -> RuleContribution:
        """The freeze mark when it applies, else the why-not record (memoised per day)."""
        if pair.on != self._day:
            self._day, self._made = pair.on, {}
        v = pair.vacancy
        concerned = pair.candidate.status in self.config.statuses
        key = (v.municipality_code, v.region_code, v.wage_hourly, v.naics, concerned)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._decide(v, pair.on, concerned)
        return made

    def _decide(self, vacancy: Vacancy, on: date, concerned: bool) -> RuleContribution:
        if not concerned:
            return REASONS["status"].make(NAME, applied=False)
        kind, words, sources = self._verdict(vacancy, on)
        if kind != "frozen":
            return REASONS[kind].make(NAME, applied=False, sources=sources, values=words)
        return REASONS[kind].make(
            NAME, applied=True, delta=self.config.penalty, flags=frozenset({FLAG_FREEZE}), sources=sources, values=words
        )
