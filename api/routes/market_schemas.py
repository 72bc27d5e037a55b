"""HTTP models of the candidate's side of the market (search results, interests)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from api.db.market_tables import Interest
from api.db.workflow_tables import as_utc
from api.schemas import MatchEntry


class SearchEntry(MatchEntry):
    text_hit: bool = Field(description="The vacancy holds every word of the query.")
    similarity: float | None = Field(description="Cosine similarity of the query text to the vacancy (no query: null).")


class SearchPublic(BaseModel):
    candidate_id: int
    rule_set_id: str | None
    total: int = Field(description="Vacancies found in all (this page holds `count` of them).")
    count: int
    data: list[SearchEntry]


class InterestPublic(BaseModel):
    vacancy_id: int
    vacancy_title: str
    candidate_id: int
    created_at: datetime

    @classmethod
    def of(cls, interest: Interest, vacancy_title: str) -> InterestPublic:
        return cls(
            vacancy_id=interest.vacancy_id,
            vacancy_title=vacancy_title,
            candidate_id=interest.candidate_id,
            created_at=as_utc(interest.created_at),
        )


class InterestsPublic(BaseModel):
    data: list[InterestPublic]
    count: int
