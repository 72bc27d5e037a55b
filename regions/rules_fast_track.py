"""Rule ``fast_track``: the fast track for urgent needs (plan measure 4.4).

A vacancy occupation diagnosed urgent in Québec's 2024–2028 diagnosis (province-wide) and a candidate with
that occupation → the flag ``fast_track_eligible`` and a bounded boost. Otherwise a why-not record: no code,
a code not urgent (its diagnosis named), a code not sure enough, or a candidate with another occupation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from matching.models import OccupationCode, RuleContribution, Vacancy
from matching.ports import PairContext
from regions.diagnostics import DIAGNOSTIC_EN, Diagnostic, Diagnostics, OccupationDiagnostic
from regions.rules_registry import MAX_RULE_BOOST, Reason, RuleConfig, RuleContext, register_rule

NAME = "fast_track"
FLAG_FAST_TRACK = "fast_track_eligible"
_SHORTAGE = frozenset({Diagnostic.DEFICIT, Diagnostic.SLIGHT_DEFICIT})
_DIAGNOSTIC_ES = {
    Diagnostic.DEFICIT: "déficit",
    Diagnostic.SLIGHT_DEFICIT: "déficit leve",
    Diagnostic.BALANCE: "equilibrio",
    Diagnostic.SLIGHT_SURPLUS: "excedente leve",
    Diagnostic.NOT_PUBLISHED: "no publicado",
}

REASONS = {
    "eligible": Reason(
        "Traitement accéléré : la profession {code} ({title_fr}) est en « {diag} » au diagnostic 2024–2028 et "
        "le candidat a {how_fr} ({delta:+.3f})",
        "Fast track: occupation {code} ({title_en}) is diagnosed '{diag}' ({diag_en}) for 2024–2028 and the "
        "candidate has {how_en} ({delta:+.3f})",
        "Vía rápida: la ocupación {code} ({title_en}) tiene el diagnóstico «{diag}» ({diag_es}) 2024–2028 y el "
        "candidato tiene {how_es} ({delta:+.3f})",
    ),
    "no_code": Reason(
        "l'offre n'a pas de profession (code CNP) assez sûre : pas de traitement accéléré",
        "the vacancy has no occupation code sure enough: no fast track",
        "la oferta no tiene un código de ocupación suficientemente seguro: sin vía rápida",
    ),
    "not_urgent": Reason(
        "la profession {code} ({title_fr}) est en « {diag} » au diagnostic 2024–2028, pas en pénurie retenue "
        "({urgent}) : pas de traitement accéléré",
        "occupation {code} ({title_en}) is diagnosed '{diag}' ({diag_en}) for 2024–2028, not one of the urgent "
        "diagnostics ({urgent}): no fast track",
        "la ocupación {code} ({title_en}) tiene el diagnóstico «{diag}» ({diag_es}) 2024–2028, que no está "
        "entre los urgentes ({urgent_es}): sin vía rápida",
    ),
    "other_occupation": Reason(
        "la profession {code} ({title_fr}) est urgente (« {diag} »), mais le candidat n'a pas {level_fr} "
        "(candidat : {candidate}) : pas de traitement accéléré",
        "occupation {code} ({title_en}) is urgent ('{diag}'), but the candidate does not have {level_en} "
        "(candidate: {candidate}): no fast track",
        "la ocupación {code} ({title_en}) es urgente («{diag}»), pero el candidato no tiene {level_es} "
        "(candidato: {candidate}): sin vía rápida",
    ),
}


class FastTrackConfig(RuleConfig):
    """``[rules.fast_track]``: which diagnoses are urgent, the boost, how strict the occupation match is."""

    weight_fields = ("boost",)

    urgent_diagnostics: frozenset[Diagnostic] = Field(
        frozenset({Diagnostic.DEFICIT}),
        description="Diagnostics counted as urgent: ['Déficit'], optionally with 'Léger déficit'.",
    )
    boost: float = Field(0.05, ge=0, le=MAX_RULE_BOOST, description="Added to a fast-track eligible pair's score.")
    match_level: Literal["unit_group", "minor_group"] = Field(
        "unit_group", description="Same 5-digit unit group, or (weaker) the same 4-digit minor group."
    )
    min_confidence: float = Field(
        0.0, ge=0, le=1, description="Least confidence of the vacancy's and the candidate's codes."
    )

    @field_validator("urgent_diagnostics", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        """Compose accents (NFC), so that a "Déficit" typed with a combining accent is still recognised."""
        if isinstance(value, list | tuple | set | frozenset):
            items = [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
            if len(set(items)) != len(items):
                raise ValueError("each diagnostic may be listed only once")
            return items
        return value

    @field_validator("urgent_diagnostics")
    @classmethod
    def _shortage_only(cls, value: frozenset[Diagnostic]) -> frozenset[Diagnostic]:
        """Urgent means in shortage: 'Déficit', optionally with 'Léger déficit'."""
        if Diagnostic.DEFICIT not in value or not value <= _SHORTAGE:
            raise ValueError("expected ['Déficit'] or ['Déficit', 'Léger déficit'] (urgent means in shortage)")
        return value


@register_rule(NAME)
class FastTrack:
    """The fast track for urgent needs (see the module docstring).

    Args:
        config: urgent diagnostics, boost and how strict the occupation match is.
        context: the diagnosis (and the set's sources).
    """

    Config = FastTrackConfig
    name = NAME

    def __init__(self, config: FastTrackConfig, context: RuleContext) -> None:
        self.config = config
        self.diagnostics: Diagnostics = context.diagnostics
        self.sources = context.cite(config.sources, NAME)
        self._urgent = {c: self.diagnostics.get(c) for c in self.diagnostics.codes_with(*config.urgent_diagnostics)}
        self._urgent_label = " + ".join(sorted(d.value for d in config.urgent_diagnostics))
        self._urgent_label_es = " + ".join(_DIAGNOSTIC_ES[d] for d in sorted(config.urgent_diagnostics))
        self._made: dict[tuple[str, ...], RuleContribution] = {}
        self._sides: dict[tuple[OccupationCode, ...], tuple[OccupationDiagnostic, ...] | RuleContribution] = {}
        self._memo: tuple[Vacancy, tuple[OccupationDiagnostic, ...] | RuleContribution] | None = None

    def urgent(self, code: str) -> OccupationDiagnostic | None:
        """The diagnosis row of ``code`` when it is urgent under this config, else None."""
        return self._urgent.get(code.strip())

    def urgent_for(self, vacancy_code: OccupationCode) -> OccupationDiagnostic | None:
        """The diagnosis row when a vacancy's code is urgent and sure enough (``min_confidence``; a code a person
        confirmed always is), else None."""
        if vacancy_code.weight < self.config.min_confidence:
            return None
        return self.urgent(vacancy_code.code)

    def vacancy_facts(self, vacancy: Vacancy, on: date) -> Mapping[str, object]:
        """``fast_track``: whether one of the vacancy's (sure enough) codes is urgent."""
        return {"fast_track": any(self.urgent_for(code) is not None for code in vacancy.occupations)}

    def _matches(self, urgent_code: str, candidate_code: OccupationCode) -> bool:
        if candidate_code.weight < self.config.min_confidence:
            return False
        width = 5 if self.config.match_level == "unit_group" else 4
        return candidate_code.code[:width] == urgent_code[:width]

    def contribute(self, pair: PairContext) -> RuleContribution:
        """The boost when eligible, else the why-not record.

        The vacancy's side (its urgent codes, or its why-not) is worked out once per vacancy object (the
        service asks about one vacancy's pairs in a row); contributions are shared by code. The boost is weighed
        like the occupation dimension: in full when both codes were confirmed by a person (or given), times the
        less sure code's confidence otherwise.
        """
        memo = self._memo
        if memo is None or memo[0] is not pair.vacancy:
            memo = self._memo = (pair.vacancy, self._vacancy_side(pair.vacancy.occupations))
        side = memo[1]
        if isinstance(side, RuleContribution):
            return side
        candidate_codes = pair.candidate.occupations
        for row in side:
            for candidate_code in candidate_codes:
                if self._matches(row.code, candidate_code):
                    v_weight = max(c.weight for c in pair.vacancy.occupations if c.code == row.code)
                    sure = round(min(v_weight, candidate_code.weight), 2)
                    key = (row.code, candidate_code.code, str(sure))
                    made = self._made.get(key)
                    if made is None:
                        made = self._made[key] = self._eligible(row, candidate_code.code, sure)
                    return made
        other = (side[0].code, *(c.code for c in candidate_codes))
        made = self._made.get(other)
        if made is None:
            made = self._made[other] = self._why("other_occupation", side[0], candidate_codes)
        return made

    def _vacancy_side(
        self, vacancy_codes: tuple[OccupationCode, ...]
    ) -> tuple[OccupationDiagnostic, ...] | RuleContribution:
        """The vacancy's urgent rows, or (none urgent) its why-not record, which no candidate changes."""
        found = self._sides.get(vacancy_codes)
        if found is None:
            urgent_rows = tuple(row for code in vacancy_codes if (row := self.urgent_for(code)) is not None)
            found = self._sides[vacancy_codes] = urgent_rows or self._not_urgent(vacancy_codes)
        return found

    def _not_urgent(self, vacancy_codes: tuple[OccupationCode, ...]) -> RuleContribution:
        sure = [c for c in vacancy_codes if c.weight >= self.config.min_confidence and c.code in self.diagnostics]
        if not sure:
            return REASONS["no_code"].make(NAME, applied=False)
        return self._why("not_urgent", self.diagnostics.get(sure[0].code), ())

    def _words(self, row: OccupationDiagnostic) -> dict[str, object]:
        d = row.diagnostic
        return {
            "code": row.code,
            "title_fr": row.title_fr,
            "title_en": row.title_en,
            "diag": d.value,
            "diag_en": DIAGNOSTIC_EN[d],
            "diag_es": _DIAGNOSTIC_ES[d],
            "urgent": self._urgent_label,
            "urgent_es": self._urgent_label_es,
        }

    def _why(
        self, kind: str, row: OccupationDiagnostic, candidate_codes: tuple[OccupationCode, ...]
    ) -> RuleContribution:
        unit = self.config.match_level == "unit_group"
        levels = (
            ("cette profession", "this occupation", "esta ocupación")
            if unit
            else (
                "une profession du même groupe intermédiaire",
                "an occupation of its minor group",
                "una ocupación de su grupo",
            )
        )
        return REASONS[kind].make(
            NAME,
            applied=False,
            candidate=", ".join(c.code for c in candidate_codes) or "—",
            level_fr=levels[0],
            level_en=levels[1],
            level_es=levels[2],
            values=self._words(row),
        )

    def _eligible(self, row: OccupationDiagnostic, candidate_code: str, sure: float = 1.0) -> RuleContribution:
        same = candidate_code == row.code
        how = (
            ("la même profession", "the same occupation", "la misma ocupación")
            if same
            else (
                f"une profession du même groupe intermédiaire ({candidate_code})",
                f"an occupation of the same minor group ({candidate_code})",
                f"una ocupación del mismo grupo ({candidate_code})",
            )
        )
        if sure < 1.0:  # a guessed code counts by its confidence
            how = (
                f"{how[0]}, code deviné compté à {sure:.0%}",
                f"{how[1]}, guessed code counted at {sure:.0%}",
                f"{how[2]}, código adivinado contado al {sure:.0%}",
            )
        return REASONS["eligible"].make(
            NAME,
            applied=True,
            delta=self.config.boost * sure,
            flags=frozenset({FLAG_FAST_TRACK}),
            sources=self.sources,
            how_fr=how[0],
            how_en=how[1],
            how_es=how[2],
            values=self._words(row),
        )
