"""HTTP models of the workflow routes: reviews, invitations, indicators, fairness, audit (API_CONTRACT.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas import MAX_ID, InputModel

Decision = Literal["approved", "rejected"]
InvitationStatusName = Literal["pending", "accepted", "declined"]


class ReviewIn(InputModel):
    """An advisor's decision or note on one match. A field left out keeps its current value."""

    decision: Decision | None = Field(
        None, description='"approved", "rejected", or null to clear the decision (a note alone).'
    )
    note: str | None = Field(None, max_length=4000, description="Free text; replaces the current note.")


class ReviewPublic(BaseModel):
    vacancy_id: int
    candidate_id: int
    decision: Decision | None
    note: str
    reviewer: str
    at: datetime


class InvitationCreate(InputModel):
    vacancy_id: int = Field(ge=1, le=MAX_ID)
    candidate_id: int = Field(ge=1, le=MAX_ID)
    message: str | None = Field(None, max_length=4000)


class InvitationVacancy(BaseModel):
    """What a candidate reads about the vacancy before accepting an invitation."""

    employer_name: str
    municipality_name: str
    region_code: str
    region_name: str
    wage_hourly: float | None
    start_date: date | None
    positions: int
    description: str
    status: str


class InvitationPublic(BaseModel):
    id: int
    vacancy_id: int
    vacancy_title: str
    candidate_id: int
    status: InvitationStatusName
    message: str
    created_at: datetime
    decided_at: datetime | None
    vacancy: InvitationVacancy | None = None


class InvitationsPublic(BaseModel):
    data: list[InvitationPublic]
    count: int


class IndicatorCounts(BaseModel):
    candidates: int = Field(description="Candidate files open to the region (or to all regions).")
    vacancies_open: int = Field(description="Open vacancies in the region.")
    offers_received_abroad: int = Field(
        description="Candidates who received a job offer for a vacancy of the region while still abroad (4.3)."
    )
    fast_track_files: int = Field(
        description="Candidates who accepted a job offer on a fast-track-eligible match: priority files (4.4)."
    )
    hires: int = Field(description="Job offers that became hires.")
    vacancies_filled: int = Field(
        description="Vacancies outside the Montréal boundary whose hires reach their positions (4.1)."
    )


class RegionIndicatorsPublic(IndicatorCounts):
    region_code: str
    region_name: str


class IndicatorsPublic(BaseModel):
    data: list[RegionIndicatorsPublic]
    totals: IndicatorCounts


class ShareRowPublic(BaseModel):
    value: str
    top_k_share: float
    pool_share: float
    top_k_count: int
    pool_count: int


class FairnessPublic(BaseModel):
    vacancy_id: int
    rule_set_id: str | None
    k: int
    top_k_size: int
    pool_size: int
    by_country: list[ShareRowPublic]
    by_status: list[ShareRowPublic]


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    actor_role: str
    action: str
    object_type: str
    object_id: int | None
    rule_set_id: str | None
    model_version: str | None
    classifier_version: str | None
    index_change_id: int | None
    detail: dict[str, Any]


class AuditPublic(BaseModel):
    data: list[AuditEventPublic]
    count: int
