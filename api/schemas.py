"""HTTP models of the core resources (vacancies, candidates, matches, the current account).

Levels are the names of ``matching.models.FrenchLevel`` / ``EducationLevel``; the shapes follow
``notes/API_CONTRACT.md``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from regions.countries import UnknownCountryError, normalize_country

French = Literal["NONE", "A1", "A2", "B1", "B2", "C1", "C2"]
Education = Literal["NONE", "SECONDARY", "VOCATIONAL", "COLLEGE", "BACHELOR", "MASTER", "DOCTORATE"]
Status = Literal["selected_quebec", "temporary_worker", "other"]
RoleName = Literal["employer", "candidate", "advisor", "admin"]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

MAX_ID = 2**31 - 1
"""Largest id accepted: ids are INTEGER columns, 32-bit on PostgreSQL; above it, 422 (not a database error)."""
MAX_OFFSET = 2**63 - 1
"""Largest listing offset accepted (a signed 64-bit integer, what SQL's OFFSET takes)."""
TEXT_MAX_CHARS = 200_000
"""Longest résumé text, sent as JSON or extracted from an uploaded file."""

RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="The record's id.")]
"""A record id in a path: 1 to 2³¹−1 (a larger integer is a 422, not a database error)."""
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
"""A listing offset: 0 to 2⁶³−1."""
Code = Annotated[str, Field(max_length=8)]
"""One occupation code as sent (checked by ``_check_codes``)."""
RegionCode = Annotated[str, Field(max_length=4)]
"""One region code as sent (checked by ``_check_regions``)."""


def _valid_text(value: Any) -> Any:
    """Refuse a string (or list of strings) that is not valid Unicode or holds NUL.

    JSON may carry a lone surrogate (``"\\ud800"``), which cannot be stored as UTF-8; PostgreSQL text cannot hold
    the NUL character.
    """
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, str):
            continue
        try:
            item.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"text is not valid Unicode: lone surrogate at character {exc.start}") from None
        if "\x00" in item:
            raise ValueError(f"text must not contain the NUL character (at character {item.index(chr(0))})")
    return value


class InputModel(BaseModel):
    """Base of request bodies: every string is valid Unicode without NUL (else 422 on that field)."""

    _text = field_validator("*", mode="after")(_valid_text)


def _drop_null(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Show the fields of a :class:`PatchModel` that refuse ``null`` as not nullable."""
    nullable: frozenset[str] = getattr(model, "nullable", frozenset())
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf")
        if name in nullable or not options:
            continue
        kept = [o for o in options if o.get("type") != "null"]
        if len(kept) == 1:
            del prop["anyOf"]
            prop.update(kept[0])
        prop.pop("default", None)


class PatchModel(InputModel):
    """Base of partial updates: a field left out keeps its value; ``null`` is refused except in ``nullable``.

    The refused ``null`` is a 422 on that field, and the OpenAPI document shows those fields as not nullable.
    """

    model_config = ConfigDict(json_schema_extra=_drop_null)
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("cannot be null: leave the field out to keep its value")
        return value


def _check_codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    cleaned = [v.strip() for v in values]
    for value in cleaned:
        if not (value.isdigit() and 1 <= len(value) <= 5):
            raise ValueError(f"occupation code {value[:8]!r} must be a 5-digit CNP/NOC 2021 code (or a NOC 2016 code)")
    return cleaned


def _check_country(value: str | None) -> str | None:
    """An ISO 3166 alpha-2 code from a code or a name ("GUATEMALA", "gt" -> "GT"); unknown ones are refused."""
    if value is None:
        return None
    try:
        return normalize_country(value)
    except UnknownCountryError as exc:
        raise PydanticCustomError(
            "country_unknown",
            "unknown country {value}: give an ISO 3166 code such as GT or a country name{hint}",
            {
                "value": repr(exc.text[:80]),
                "hint": f"; did you mean: {', '.join(exc.suggestions)}" if exc.suggestions else "",
                "suggestions": list(exc.suggestions),
            },
        ) from exc


def _check_regions(values: list[str]) -> list[str]:
    cleaned = sorted({v.strip().zfill(2) for v in values})
    for value in cleaned:
        if not (value.isdigit() and 1 <= int(value) <= 17):
            raise ValueError(f"region {value[:4]!r} is not a Québec administrative region (01 to 17)")
    return cleaned


class MePublic(BaseModel):
    id: int
    role: RoleName
    name: str
    regions: list[str]
    employer_id: int | None
    candidate_id: int | None


class OccupationPublic(BaseModel):
    code: str
    title_fr: str
    title_en: str
    confidence: float = Field(description="The classifier's confidence (1.0 for a code picked by a person).")
    source: Literal["given", "classified", "confirmed"]
    preselected: bool = Field(
        True, description="Whether the console pre-ticks it: a person's code, or a guess sure enough."
    )


class VacancyCreate(InputModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20_000)
    municipality: str = Field(min_length=1, max_length=200, description="Municipality name or 5-digit code.")
    positions: int = Field(1, ge=1, le=1000)
    wage_hourly: float | None = Field(None, ge=0, le=1000)
    french_required: French = "NONE"
    experience_required: float = Field(0, ge=0, le=60)
    education_required: Education = "NONE"
    start_date: date | None = None
    occupation_codes: list[Code] | None = Field(None, max_length=5)
    naics: str | None = Field(
        None,
        pattern=r"^\d{2,6}$",
        description="NAICS (SCIAN) sector code of the activity, 2 to 6 digits (e.g. 23 construction, 311 food).",
    )

    _codes = field_validator("occupation_codes")(_check_codes)


class VacancyUpdate(PatchModel):
    """Fields to change; ``wage_hourly``, ``start_date`` and ``naics`` may be set to null to clear them."""

    nullable: ClassVar[frozenset[str]] = frozenset({"wage_hourly", "start_date", "naics"})

    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20_000)
    municipality: str | None = Field(None, min_length=1, max_length=200)
    positions: int | None = Field(None, ge=1, le=1000)
    wage_hourly: float | None = Field(None, ge=0, le=1000)
    french_required: French | None = None
    experience_required: float | None = Field(None, ge=0, le=60)
    education_required: Education | None = None
    start_date: date | None = None
    occupation_codes: list[Code] | None = Field(None, max_length=5)
    naics: str | None = Field(
        None,
        pattern=r"^\d{2,6}$",
        description="NAICS (SCIAN) sector code of the activity, 2 to 6 digits (e.g. 23 construction, 311 food).",
    )

    _codes = field_validator("occupation_codes")(_check_codes)


class VacancyPublic(BaseModel):
    id: int
    employer_id: int
    employer_name: str
    title: str
    description: str
    language: str
    municipality_code: str
    municipality_name: str
    region_code: str
    region_name: str
    occupations: list[OccupationPublic]
    positions: int
    wage_hourly: float | None
    french_required: French
    experience_required: float
    education_required: Education
    start_date: date | None
    status: Literal["open", "closed"]
    outside_boundary: bool
    diagnostic: str | None
    fast_track: bool
    created_at: datetime
    naics: str | None = None
    rule_facts: dict[str, bool | str | None] = Field(
        default_factory=dict,
        description="What the rule set in force says about the vacancy today (outside_boundary, fast_track, "
        "simplified_lmia, lmia_freeze, lmia_freeze_until…), from every rule that knows something.",
    )


class VacanciesPublic(BaseModel):
    data: list[VacancyPublic]
    count: int


class CandidateCreate(InputModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL_PATTERN)
    text: str | None = Field(None, max_length=TEXT_MAX_CHARS)
    occupation_codes: list[Code] | None = Field(None, max_length=5)
    years_experience: float = Field(0, ge=0, le=60)
    education: Education = "NONE"
    french: French = "NONE"
    regions_open: list[RegionCode] = Field(default_factory=list, max_length=17)
    open_to_all_regions: bool = False
    country: str = Field(min_length=2, max_length=80, description="ISO 3166 alpha-2 code or country name.")
    status: Status
    available_from: date | None = None

    _codes = field_validator("occupation_codes")(_check_codes)
    _regions = field_validator("regions_open")(_check_regions)
    _country = field_validator("country")(_check_country)


class CandidateUpdate(PatchModel):
    """Fields to change; ``available_from`` may be set to null to clear it."""

    nullable: ClassVar[frozenset[str]] = frozenset({"available_from"})

    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, min_length=3, max_length=320, pattern=EMAIL_PATTERN)
    text: str | None = Field(None, max_length=TEXT_MAX_CHARS)
    occupation_codes: list[Code] | None = Field(None, max_length=5)
    years_experience: float | None = Field(None, ge=0, le=60)
    education: Education | None = None
    french: French | None = None
    regions_open: list[RegionCode] | None = Field(None, max_length=17)
    open_to_all_regions: bool | None = None
    country: str | None = Field(None, min_length=2, max_length=80, description="ISO 3166 alpha-2 code or name.")
    status: Status | None = None
    available_from: date | None = None

    _codes = field_validator("occupation_codes")(_check_codes)
    _country = field_validator("country")(_check_country)

    @field_validator("regions_open")
    @classmethod
    def _regions(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _check_regions(values)


class CandidatePublic(BaseModel):
    id: int
    name: str
    email: str
    text: str
    language: str
    occupations: list[OccupationPublic]
    years_experience: float
    education: Education
    french: French
    regions_open: list[str]
    open_to_all_regions: bool
    country: str
    status: Status
    available_from: date | None
    resume_filename: str | None
    created_at: datetime
    updated_at: datetime


class Contact(BaseModel):
    name: str
    email: str


class CandidateAnonymous(BaseModel):
    """A candidate as an employer sees it: no name, e-mail, résumé, country or status (Québec Charter ss. 10, 16);
    the contact appears once the candidate accepts an invitation for the vacancy."""

    id: int
    alias: str
    occupations: list[OccupationPublic]
    years_experience: float
    education: Education
    french: French
    regions_open: list[str]
    open_to_all_regions: bool
    contact: Contact | None


class CandidateForAdvisor(CandidateAnonymous):
    """What advisors and admins see in a shortlist: the anonymous profile plus country and status (fairness)."""

    country: str
    status: Status


class DimensionPublic(BaseModel):
    score: float
    weight: float
    detail_fr: str
    detail_en: str
    detail_es: str = Field("", description="The same sentence in Spanish.")


class RulePublic(BaseModel):
    rule: str
    delta: float
    reason_fr: str
    reason_en: str
    flags: list[str]
    applied: bool = Field(True, description="False: a why-not record (the rule did not apply, and why).")
    reason_es: str = ""
    sources: list[str] = Field(default_factory=list, description="URL (date) of each list or threshold cited.")


class ReviewState(BaseModel):
    decision: Literal["approved", "rejected"] | None
    note: str
    reviewer: str
    at: datetime


class InvitationState(BaseModel):
    id: int
    status: Literal["pending", "accepted", "declined"]


class _MatchBase(BaseModel):
    rank: int
    total: float
    base_score: float
    dimensions: dict[str, DimensionPublic]
    rules: list[RulePublic]
    flags: list[str]
    fast_track: bool
    rule_set_id: str | None
    why_not: list[RulePublic] | None = Field(
        None, description="With ?explain=why_not: every rule of the set that did not apply, with why."
    )


class ShortlistEntry(_MatchBase):
    candidate_id: int
    candidate: CandidateForAdvisor | CandidateAnonymous
    review: ReviewState | None
    invitation: InvitationState | None
    interested: bool = Field(False, description="The candidate said it is interested in this vacancy.")
    via_interest: bool = Field(
        False, description="Listed because the candidate is interested, though it did not rank in the top k."
    )


class ShortlistPublic(BaseModel):
    vacancy_id: int
    rule_set_id: str | None
    count: int
    data: list[ShortlistEntry]


class MatchEntry(_MatchBase):
    vacancy_id: int
    vacancy: VacancyPublic
    interested: bool = Field(False, description="The candidate said it is interested in this vacancy.")


class MatchesPublic(BaseModel):
    candidate_id: int
    rule_set_id: str | None
    count: int
    data: list[MatchEntry]
