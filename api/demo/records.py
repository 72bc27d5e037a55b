"""Turn the demo JSON lines into domain objects (for the in-memory demo and the benchmarks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from api.demo.generate import DATA_DIR, read_jsonl
from matching.models import (
    Candidate,
    CandidateStatus,
    CodeSource,
    EducationLevel,
    FrenchLevel,
    OccupationCode,
    Vacancy,
)

RegionOf = dict[str, str]  # municipality geo code -> region code


def _codes(values: list[str]) -> tuple[OccupationCode, ...]:
    return tuple(OccupationCode(code, 1.0, CodeSource.GIVEN) for code in values)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def vacancy_from_record(record_id: int, row: dict[str, Any], region_of: RegionOf) -> Vacancy:
    """A demo vacancy row as a domain ``Vacancy`` (region looked up from the municipality code)."""
    return Vacancy(
        id=record_id,
        title=row["title"],
        description=row["description"],
        language=row["language"],
        municipality_code=row["municipality_code"],
        region_code=region_of.get(row["municipality_code"], ""),
        occupations=_codes(row["occupation_codes"]),
        positions=int(row["positions"]),
        french_required=FrenchLevel[row["french_required"]],
        experience_required=float(row["experience_required"]),
        education_required=EducationLevel[row["education_required"]],
        wage_hourly=row.get("wage_hourly"),
        start_date=_date(row.get("start_date")),
    )


def candidate_from_record(record_id: int, row: dict[str, Any]) -> Candidate:
    """A demo candidate row as a domain ``Candidate``."""
    return Candidate(
        id=record_id,
        text=row["text"],
        language=row["language"],
        occupations=_codes(row["occupation_codes"]),
        years_experience=float(row["years_experience"]),
        education=EducationLevel[row["education"]],
        french=FrenchLevel[row["french"]],
        regions_open=frozenset(row["regions_open"]),
        open_to_all_regions=bool(row["open_to_all_regions"]),
        country=row["country"],
        status=CandidateStatus(row["status"]),
        available_from=_date(row.get("available_from")),
    )


def load_demo(region_of: RegionOf, folder: Path = DATA_DIR) -> tuple[list[Vacancy], list[Candidate]]:
    """Read the demo files as domain objects, numbered from 1 in file order.

    Args:
        region_of: municipality geo code -> region code.
        folder: where ``vacancies.jsonl`` and ``candidates.jsonl`` are.

    Returns:
        The vacancies and the candidates.
    """
    vacancies = [
        vacancy_from_record(i, row, region_of) for i, row in enumerate(read_jsonl(folder / "vacancies.jsonl"), start=1)
    ]
    candidates = [
        candidate_from_record(i, row) for i, row in enumerate(read_jsonl(folder / "candidates.jsonl"), start=1)
    ]
    return vacancies, candidates
