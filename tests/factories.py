"""Factories for domain objects: tests say only what matters to them."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from matching.models import (
    Candidate,
    CandidateStatus,
    EducationLevel,
    FrenchLevel,
    OccupationCode,
    Vacancy,
)

_ids = itertools.count(1)


def codes(*values: str, confidence: float = 1.0) -> tuple[OccupationCode, ...]:
    return tuple(OccupationCode(v, confidence) for v in values)


def make_candidate(
    *,
    id: int | None = None,
    text: str = "Soudeur avec cinq ans d'expérience en soudage MIG et TIG.",
    occupation: str | None = "72106",
    regions: tuple[str, ...] = (),
    open_to_all: bool = False,
    years: float = 5.0,
    french: FrenchLevel = FrenchLevel.B2,
    **overrides: Any,
) -> Candidate:
    fields: dict[str, Any] = {
        "id": id if id is not None else next(_ids),
        "text": text,
        "language": "fr",
        "occupations": codes(occupation) if occupation else (),
        "years_experience": years,
        "education": EducationLevel.VOCATIONAL,
        "french": french,
        "regions_open": frozenset(regions),
        "open_to_all_regions": open_to_all,
        "country": "MX",
        "status": CandidateStatus.TEMPORARY_WORKER,
        "available_from": date(2027, 1, 1),
    }
    fields.update(overrides)
    return Candidate(**fields)


def make_vacancy(
    *,
    id: int | None = None,
    title: str = "Soudeur-assembleur",
    description: str = "Souder des pièces d'acier en atelier, lire des plans.",
    occupation: str | None = "72106",
    region: str = "02",
    municipality: str = "94068",
    french: FrenchLevel = FrenchLevel.B1,
    years: float = 2.0,
    **overrides: Any,
) -> Vacancy:
    fields: dict[str, Any] = {
        "id": id if id is not None else next(_ids),
        "title": title,
        "description": description,
        "language": "fr",
        "municipality_code": municipality,
        "region_code": region,
        "occupations": codes(occupation) if occupation else (),
        "positions": 1,
        "french_required": french,
        "experience_required": years,
        "start_date": date(2027, 2, 1),
    }
    fields.update(overrides)
    return Vacancy(**fields)
