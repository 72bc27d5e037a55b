"""HTTP models of the outcome routes: job offers, hires, arrivals, follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

OfferStatusName = Literal["pending", "accepted", "declined", "hired"]


class OfferCreate(BaseModel):
    wage_hourly: float | None = Field(None, gt=0, le=1000, description="Hourly wage offered (the vacancy's if empty).")
    message: str | None = Field(None, max_length=4000)


class JobOfferPublic(BaseModel):
    id: int
    invitation_id: int
    vacancy_id: int
    vacancy_title: str
    candidate_id: int
    region_code: str
    status: OfferStatusName
    fast_track: bool
    wage_hourly: float | None
    message: str
    matched_at: datetime
    invited_at: datetime
    offered_at: datetime
    decided_at: datetime | None
    hired_at: datetime | None


class JobOffersPublic(BaseModel):
    data: list[JobOfferPublic]
    count: int


class HirePublic(BaseModel):
    offer: JobOfferPublic
    positions: int = Field(description="Positions of the vacancy.")
    positions_hired: int = Field(description="Offers of the vacancy that became hires.")
    filled: bool = Field(description="All positions are hired (the vacancy is then closed).")


class ArrivalIn(BaseModel):
    arrived_on: date
    municipality: str = Field(min_length=1, max_length=200, description="Name or 5-digit code where they live/work.")


class ArrivalPublic(BaseModel):
    candidate_id: int
    arrived_on: date
    municipality_code: str
    municipality_name: str
    region_code: str
    outside_boundary: bool


class FollowUpIn(BaseModel):
    seen_on: date
    living_there: bool = Field(description="Still living in the region of arrival.")
    working_there: bool = Field(description="Still working in the region of arrival.")
    municipality: str = Field(min_length=1, max_length=200, description="Where they live now (name or code).")


class FollowUpPublic(BaseModel):
    candidate_id: int
    months: int
    seen_on: date
    living_there: bool
    working_there: bool
    municipality_code: str
    region_code: str
    outside_boundary: bool


class OutcomesPublic(BaseModel):
    candidate_id: int
    arrival: ArrivalPublic | None
    follow_ups: list[FollowUpPublic]


class MonthRowPublic(BaseModel):
    region_code: str = Field(description='A region code, or "all" in totals.')
    month: str = Field(description="YYYY-MM.")
    offers_abroad: int = Field(description="4.3: candidates who received a job offer while abroad.")
    fast_track_offers: int = Field(description="4.4: candidates who received a job offer on a fast-track match.")
    priority_files: int = Field(description="4.4: fast-track job offers accepted (priority files).")
    processing_median_days: float | None = Field(description="4.4: median days from job offer to arrival.")
    processing_p90_days: float | None = Field(description="4.4: 90th percentile of the same.")
    hires: int = Field(description="Job offers that became hires.")
    placed_in_regions: int = Field(description="4.1: hired people who arrived to live and work in the regions.")
    followed_up_12m: int = Field(description="4.1: 12-month follow-ups of people placed in the regions.")
    still_there_12m: int = Field(description="4.1: of those, still living and working in the regions.")


class MonthlyIndicatorsPublic(BaseModel):
    regions: list[str]
    months: list[str]
    data: list[MonthRowPublic]
    totals: list[MonthRowPublic]


class FastTrackFilePublic(BaseModel):
    region_code: str
    vacancy_id: int
    candidate_id: int
    status: OfferStatusName
    matched_on: date
    invited_on: date
    offered_on: date
    decided_on: date | None
    hired_on: date | None
    arrived_on: date | None = Field(description="Arrival in Québec on or after the offer (None: not yet).")
    days_offer_to_arrival: int | None
    days_match_to_arrival: int | None


class FastTrackFilesPublic(BaseModel):
    data: list[FastTrackFilePublic]
    count: int
