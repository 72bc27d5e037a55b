"""HTTP models of the accountability routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

Gender = Literal["woman", "man", "non_binary", "another", "prefer_not_to_say"]


class FactorPublic(BaseModel):
    name: str
    weight: float = Field(description="Normalised weight in the base score (the weights sum to 1).")
    fr: str
    en: str


class RuleSetNoticePublic(BaseModel):
    id: str
    rules: list[str] = Field(description="Rules of the set, in the order they apply.")
    max_total_boost: float
    parameters: dict[str, Any] = Field(description="The rule set file as loaded: dates, boundary, boosts, sources.")


class RankingNoticePublic(BaseModel):
    factors: list[FactorPublic]
    rule_set: RuleSetNoticePublic
    embedder: str
    model_version: str
    classifier_version: str
    retention_days: int


class ReviewRequestIn(BaseModel):
    vacancy_id: int | None = Field(None, ge=1, description="The vacancy whose ranking to review, if one.")
    message: str = Field(min_length=1, max_length=4000)


class ReviewAnswerIn(BaseModel):
    answer: str = Field(min_length=1, max_length=4000)


class ReviewRequestPublic(BaseModel):
    id: int
    candidate_id: int
    vacancy_id: int | None
    message: str
    status: Literal["open", "answered"]
    answer: str | None
    created_at: datetime
    answered_at: datetime | None


class ReviewRequestsPublic(BaseModel):
    data: list[ReviewRequestPublic]
    count: int


class SelfIdentificationIn(BaseModel):
    gender: Gender | None = Field(description="Voluntary; null erases it.")


class SelfIdentificationPublic(BaseModel):
    gender: Gender | None


class PurgePublic(BaseModel):
    deleted: int
    cutoff: datetime
    retention_days: int
