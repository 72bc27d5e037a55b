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
