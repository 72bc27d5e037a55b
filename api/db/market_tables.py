"""Tables of the candidate's side of the market: a candidate's interest in a vacancy.

Like the workflow tables, they refer to vacancies and candidates by id without a database foreign key; a
candidate's erasure deletes them explicitly (``api.privacy``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.db.workflow_tables import utc_now


class Interest(SQLModel, table=True):
    """A candidate said "I'm interested" in a vacancy: it is then flagged, still anonymous, in its shortlist."""

    __tablename__ = "interest"
    __table_args__ = (UniqueConstraint("vacancy_id", "candidate_id", name="uq_interest_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(index=True)
    candidate_id: int = Field(index=True)
    created_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


MARKET_TABLE_NAMES = ("interest",)
"""The tables this module adds to ``SQLModel.metadata`` (for migrations and tests)."""
