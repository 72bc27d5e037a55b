"""Rule ``simplified_lmia``: Québec's list of occupations eligible for simplified LMIA processing.

A temporary-worker candidate and a vacancy whose occupation is on a list in force on the day (and, by default,
the candidate has that occupation) → the flag ``simplified_lmia``; a code listed only for some job titles gets
``simplified_lmia_review`` instead (a person checks the title). A code removed from a list still counts until
the end of its transition (list-level ``transition_until`` or a row's ``valid_until``). Lists are data files
(``[lists.*]`` of kind ``occupations``); a partial list says so in every reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from pydantic import Field

from matching.models import CandidateStatus, OccupationCode, RuleContribution, Vacancy
from matching.ports import PairContext
from regions.rules_lists import OccupationRow, RuleList
from regions.rules_registry import MAX_RULE_BOOST, Reason, RuleConfig, RuleContext, Source, register_rule

NAME = "simplified_lmia"
FLAG_SIMPLIFIED = "simplified_lmia"
FLAG_REVIEW = "simplified_lmia_review"

REASONS = {
    "listed": Reason(
        "EIMT simplifiée : la profession {code} ({title_fr}) figure sur la liste {list} du Québec des professions "
        "admissibles au traitement simplifié ({period}){when_fr}{review_fr} ; candidat travailleur temporaire"
        "{partial_fr}",
        "Simplified LMIA: occupation {code} ({title_en}) is on Québec's list {list} of occupations eligible for "
        "simplified processing ({period}){when_en}{review_en}; the candidate is a temporary worker{partial_en}",
        "EIMT simplificada: la ocupación {code} ({title_en}) está en la lista {list} de Quebec de ocupaciones "
        "elegibles al trámite simplificado ({period}){when_es}{review_es}; el candidato es trabajador temporal"
        "{partial_es}",
    ),
    "status": Reason(
        "candidat au statut « {status_fr} », pas travailleur temporaire : l'EIMT simplifiée ne le concerne pas",
        "candidate's status is '{status_en}', not a temporary worker: simplified LMIA processing does not apply",
        "la situación del candidato es «{status_es}», no trabajador temporal: la EIMT simplificada no aplica",
    ),
    "not_listed": Reason(
        "la profession de l'offre ({codes}) ne figure sur aucune liste de traitement simplifié en vigueur le "
        "{on}{partial_fr}",
        "the vacancy's occupation ({codes}) is on no simplified-processing list in force on {on}{partial_en}",
        "la ocupación de la oferta ({codes}) no está en ninguna lista de trámite simplificado vigente el "
        "{on}{partial_es}",
    ),
    "other_occupation": Reason(
        "la profession {code} de l'offre est sur la liste {list}, mais pas le candidat (candidat : {candidate}) : "
        "pas d'EIMT simplifiée pour cette paire",
        "the vacancy's occupation {code} is on list {list}, but the candidate's is not (candidate: {candidate}): "
        "no simplified LMIA for this pair",
        "la ocupación {code} de la oferta está en la lista {list}, pero no la del candidato (candidato: "
        "{candidate}): sin EIMT simplificada para este par",
    ),
}
_STATUS: dict[str, tuple[str, str, str]] = {
    "selected_quebec": ("sélectionné par le Québec", "selected by Québec", "seleccionado por Quebec"),
    "temporary_worker": ("travailleur temporaire", "temporary worker", "trabajador temporal"),
    "other": ("autre", "other", "otra"),
}


class SimplifiedLmiaConfig(RuleConfig):
    """``[rules.simplified_lmia]``: the lists, who is concerned, the (optional) boost."""

    weight_fields = ("boost",)

    lists: tuple[str, ...] = Field(min_length=1, description="Names of the set's occupation lists, oldest first.")
    statuses: tuple[CandidateStatus, ...] = Field(
        (CandidateStatus.TEMPORARY_WORKER,), description="Candidate statuses the rule concerns."
    )
    candidate_same_code: bool = Field(True, description="The candidate must have the listed occupation too.")
    min_confidence: float = Field(
        0.5, ge=0, le=1, description="Least weight of a code (its confidence; 1 once confirmed)."
    )
    boost: float = Field(0.0, ge=0, le=MAX_RULE_BOOST, description="Added to a flagged pair (0: flag only).")


@dataclass(frozen=True)
class _Entry:
    row: OccupationRow
    rule_list: RuleList
    start: date | None
    end: date | None
    transition_end: date | None

    def status_on(self, on: date) -> str | None:
        """'in_force', 'transition' or None on that day."""
        if self.start is not None and on < self.start:
            return None
        if self.end is None or on <= self.end:
            return "in_force"
        if self.transition_end is not None and on <= self.transition_end:
            return "transition"
        return None


def _period(entry: _Entry) -> str:
    return f"{entry.start or '…'} → {entry.end or '…'}"


@register_rule(NAME, reveals_status=True)
class SimplifiedLmia:
    """Simplified LMIA processing (see the module docstring)."""

    Config = SimplifiedLmiaConfig
    name = NAME

    def __init__(self, config: SimplifiedLmiaConfig, context: RuleContext) -> None:
        self.config = config
        self.lists = tuple(context.list(name, NAME) for name in config.lists)
        for rule_list in self.lists:
            if rule_list.spec.kind != "occupations":
                raise ValueError(f"list {rule_list.name!r} is of kind {rule_list.spec.kind!r}, not 'occupations'")
        self._sources: dict[str, tuple[Source, ...]] = {
            rl.name: context.cite(tuple(rl.spec.sources) + tuple(config.sources), NAME) for rl in self.lists
        }
        self._order = {rl.name: i for i, rl in enumerate(self.lists)}
        self._entries: dict[str, list[_Entry]] = {}
        for rl in self.lists:
            for row in rl.occupation_rows():
                end = row.effective_to or rl.spec.effective_to
                entry = _Entry(
                    row,
                    rl,
                    row.effective_from or rl.spec.effective_from,
                    end,
                    row.valid_until or rl.spec.transition_until,
                )
                self._entries.setdefault(row.noc_2021, []).append(entry)
        self._day: date | None = None
        self._made: dict[tuple[str, ...], RuleContribution] = {}
        self._memo: tuple[Vacancy, date, list[tuple[str, tuple[_Entry, str]]] | RuleContribution] | None = None

    def listed(self, code: str, on: date) -> tuple[_Entry, str] | None:
        """The entry that makes ``code`` count on ``on`` (in force before transition, newest list first)."""
        found = [(e, s) for e in self._entries.get(code, ()) if (s := e.status_on(on)) is not None]
        found.sort(key=lambda es: (es[1] != "in_force", -self._order[es[0].rule_list.name]))
        return found[0] if found else None

    def _sure(self, codes: tuple[OccupationCode, ...]) -> list[str]:
        return [c.code for c in codes if c.weight >= self.config.min_confidence]

    def vacancy_facts(self, vacancy: Vacancy, on: date) -> Mapping[str, object]:
        """``simplified_lmia`` / ``simplified_lmia_review``: a vacancy code is on a list in force that day."""
        hits = [hit for code in self._sure(vacancy.occupations) if (hit := self.listed(code, on))]
        review = bool(hits) and all(e.row.only_some_titles for e, _ in hits)
        return {"simplified_lmia": bool(hits) and not review, "simplified_lmia_review": review}

    def contribute(self, pair: PairContext) -> RuleContribution:
        """The flag when the pair qualifies, else the why-not record.

        The vacancy's side (its listed codes that day, or its why-not) is worked out once per vacancy object and
        day; contributions are shared by code and reset when the day changes.
        """
        if pair.on != self._day:
            self._day, self._made = pair.on, {}
        candidate = pair.candidate
        if candidate.status not in self.config.statuses:
            return self._shared(("status", candidate.status.value), lambda: self._status(candidate.status))
        memo = self._memo
        if memo is None or memo[0] is not pair.vacancy or memo[1] != pair.on:
            memo = self._memo = (pair.vacancy, pair.on, self._vacancy_side(pair))
        side = memo[2]
        if isinstance(side, RuleContribution):
            return side
        mine = {c.code for c in candidate.occupations if c.weight >= self.config.min_confidence}
        for code, (entry, status) in side:
            if code in mine or not self.config.candidate_same_code:
                return self._shared(
                    ("listed", code, entry.rule_list.name, status), partial(self._listed, code, entry, status)
                )
        code, (entry, _) = side[0]
        codes = ", ".join(o.code for o in candidate.occupations) or "—"
        return self._shared(
            ("other", code, codes),
            lambda: REASONS["other_occupation"].make(
                NAME, applied=False, code=code, list=entry.rule_list.name, candidate=codes
            ),
        )

    def _shared(self, key: tuple[str, ...], make: Callable[[], RuleContribution]) -> RuleContribution:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make()
        return made

    @staticmethod
    def _status(status: CandidateStatus) -> RuleContribution:
        fr, en, es = _STATUS.get(status.value, (status.value,) * 3)
        return REASONS["status"].make(NAME, applied=False, status_fr=fr, status_en=en, status_es=es)

    def _vacancy_side(self, pair: PairContext) -> list[tuple[str, tuple[_Entry, str]]] | RuleContribution:
        """The vacancy's listed codes that day, or (none) its why-not record, which no candidate changes."""
        hits = [(code, hit) for code in self._sure(pair.vacancy.occupations) if (hit := self.listed(code, pair.on))]
        if hits:
            return hits
        codes = ", ".join(o.code for o in pair.vacancy.occupations) or "—"
        return self._shared(("not_listed", codes), lambda: self._not_listed(codes, pair.on))

    def _not_listed(self, codes: str, on: date) -> RuleContribution:
        lists = self._lists_on(on)
        return REASONS["not_listed"].make(
            NAME,
            applied=False,
            codes=codes,
            on=on.isoformat(),
            sources=tuple(s for rl in lists for s in self._sources[rl.name]),
            values=self._partial(lists),
        )

    def _lists_on(self, on: date) -> list[RuleList]:
        """The lists whose period (or transition) covers ``on``."""
        found = []
        for rl in self.lists:
            start, end = rl.spec.effective_from, rl.spec.transition_until or rl.spec.effective_to
            if (start is None or start <= on) and (end is None or on <= end):
                found.append(rl)
        return found

    @staticmethod
    def _partial(lists: Sequence[RuleList]) -> dict[str, str]:
        notes = [(rl.name, rl.partial_note()) for rl in lists if rl.spec.partial]
        if not notes:
            return {"partial_fr": "", "partial_en": "", "partial_es": ""}
        return {
            f"partial_{lang}": " (" + "; ".join(f"{name}: {n[i]}" for name, n in notes) + ")"
            for i, lang in enumerate(("fr", "en", "es"))
        }

    def _listed(self, code: str, entry: _Entry, status: str) -> RuleContribution:
        row = entry.row
        review = bool(row.only_some_titles)
        when = ("", "", "")
        if status == "transition":
            end = entry.transition_end
            when = (
                f", retirée de la liste mais comptée jusqu'à la fin de la transition le {end}",
                f", removed from the list but counted until the end of its transition on {end}",
                f", retirada de la lista pero contada hasta el fin de la transición el {end}",
            )
        named = row.code_source not in ("", "page")
        note = (
            (
                " (code attribué d'après le nom de la profession dans la source)",
                " (code assigned from the occupation's name in the source)",
                " (código asignado según el nombre de la ocupación en la fuente)",
            )
            if named
            else ("", "", "")
        )
        rev = (
            (
                " ; inscrite pour certains titres seulement : à vérifier",
                "; listed for some titles only: to review",
                "; inscrita solo para algunos títulos: a revisar",
            )
            if review
            else ("", "", "")
        )
        return REASONS["listed"].make(
            NAME,
            applied=True,
            delta=self.config.boost,
            flags=frozenset({FLAG_REVIEW if review else FLAG_SIMPLIFIED}),
            sources=self._sources[entry.rule_list.name],
            code=code,
            title_fr=row.title_fr or code,
            title_en=row.title_en or code,
            list=entry.rule_list.name,
            period=_period(entry),
            when_fr=when[0] + note[0],
            when_en=when[1] + note[1],
            when_es=when[2] + note[2],
            review_fr=rev[0],
            review_en=rev[1],
            review_es=rev[2],
            values=self._partial([entry.rule_list]),
        )
