"""What the service works out from a document: language, occupations, and a vacancy's rule-set facts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from api import components
from api.db.tables import VacancyRow
from api.deps import AppServices
from matching.models import CodeSource, OccupationCode
from regions.geography import Municipality


def resolve_codes(
    services: AppServices,
    given: Sequence[str] | None,
    text: str,
    language: str | None,
    kind: str = "resume",
    title: str | None = None,
) -> list[OccupationCode]:
    """Validated given codes, or the document classifier's best codes when none were given.

    Args:
        services: the components.
        given: codes sent by the client (``None`` or empty: classify).
        text: the document text to classify (a vacancy's description, a résumé).
        language: its language, when known.
        kind: "vacancy" (coded from its title first) or "resume" (headline and job titles first).
        title: a vacancy's title.

    Returns:
        Occupation codes, best first (empty when nothing can be classified, or while the classifier warms up:
        the record is saved without codes and a person picks them in the search box).
    """
    if given:
        return [OccupationCode(services.occupations.validate(code), 1.0, CodeSource.GIVEN) for code in given]
    if services.occupations.classifier_state != "ready":
        return []  # warming up (or unavailable): the record is saved now, a person picks its codes later
    settings = services.settings
    found = services.occupations.classify_document(kind, text, title, language, settings.classify_k)
    kept = [o for i, o in enumerate(found) if i == 0 or o.confidence >= settings.classify_min_confidence]
    return [OccupationCode(o.code, o.confidence, CodeSource.CLASSIFIED) for o in kept]


LANGUAGE_SAMPLE = 5000  # characters: the start of a document tells its language (a 100 KB résumé took 1.7 s whole)


def detect_language(text: str) -> str:
    """The language of a text ("fr", "en", "es", …), read from its first ``LANGUAGE_SAMPLE`` characters."""
    return components.detect_language(text[:LANGUAGE_SAMPLE])


def apply_place(row: VacancyRow, municipality: Municipality) -> None:
    """Set a vacancy's municipality and region."""
    row.municipality_code = municipality.code
    row.municipality_name = municipality.name
    row.region_code = municipality.region_code


def apply_rule_facts(services: AppServices, row: VacancyRow, codes: Sequence[OccupationCode], on: date) -> None:
    """Set ``outside_boundary``, ``diagnostic`` and ``fast_track`` from the rule set in force.

    Args:
        services: the components.
        row: the vacancy (its municipality already set).
        codes: its occupation codes, best first.
        on: the date whose rule set applies.
    """
    municipality = services.geography.by_code(row.municipality_code)
    facts = components.vacancy_facts(
        services.rules, services.occupations, municipality, codes, on, wage_hourly=row.wage_hourly, naics=row.naics
    )
    row.outside_boundary = facts.outside_boundary
    row.diagnostic = facts.diagnostic
    row.fast_track = facts.fast_track
