"""Tables of the review workflow: reviews, invitations and the audit log.

They refer to vacancies, candidates and users by id without a database foreign key, so that the
workflow module does not depend on the core tables' names; erasing a candidate's file is done explicitly
by ``api.routes.workflow_store.forget_candidate`` rather than by a cascade nobody sees. The audit log keeps
ids, roles and actions only, never names or contact details.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Read back a stored time as UTC (SQLite returns naive datetimes).

    Args:
        moment: a datetime from the database.

    Returns:
        The same instant, timezone-aware in UTC.
    """
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ReviewDecision(StrEnum):
    """What an advisor decided about one match; a note alone leaves the decision empty."""

    APPROVED = "approved"
    REJECTED = "rejected"


class InvitationStatus(StrEnum):
    """Where an invitation stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Review(SQLModel, table=True):
    """The current review of one (vacancy, candidate) match; earlier versions live in the audit log."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("vacancy_id", "candidate_id", name="uq_review_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(index=True)
    candidate_id: int = Field(index=True)
    decision: str | None = Field(default=None, max_length=16)
    note: str = Field(default="", max_length=4000)
    reviewer_id: int
    reviewer_name: str = Field(default="", max_length=200)
    rule_set_id: str | None = Field(default=None, max_length=120)
    at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class Invitation(SQLModel, table=True):
    """An invitation to apply, sent by a vacancy's employer or an advisor of its region to a candidate.

    ``fast_track`` and ``rule_set_id`` are a snapshot of the match when the invitation was sent: an accepted
    invitation on a fast-track-eligible match is a priority file (plan measure 4.4).
    """

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("vacancy_id", "candidate_id", name="uq_invitation_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(index=True)
    candidate_id: int = Field(index=True)
    invited_by_id: int
    invited_by_role: str = Field(max_length=16)
    status: str = Field(default=InvitationStatus.PENDING.value, max_length=16, index=True)
    message: str = Field(default="", max_length=4000)
    fast_track: bool = False
    rule_set_id: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class AuditEvent(SQLModel, table=True):
    """One audited act: who (user id and role), when, on what, under which rule set."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    actor_id: int | None = Field(default=None, index=True)
    actor_role: str = Field(max_length=16)
    action: str = Field(max_length=64, index=True)
    object_type: str = Field(max_length=32)
    object_id: int | None = Field(default=None)
    rule_set_id: str | None = Field(default=None, max_length=120)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


WORKFLOW_TABLE_NAMES = ("review", "invitation", "audit_event")
"""The tables this module adds to ``SQLModel.metadata`` (for migrations and tests)."""
