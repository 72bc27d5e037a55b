"""Tables of the review workflow: reviews, invitations, outcomes (job offers, hires, arrivals, follow-ups),
review requests, voluntary self-identification and the audit log.

They refer to vacancies, candidates and users by id without a database foreign key, so that the
workflow module does not depend on the core tables' names; erasing a candidate's file is done explicitly
by ``api.routes.workflow_store.forget_candidate`` rather than by a cascade nobody sees. The audit log keeps
ids, roles and actions only, never names or contact details.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
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


class ShortlistAppearance(SQLModel, table=True):
    """A candidate was shown in a shortlist of a vacancy (first time recorded): its employer may invite them.

    Recorded rather than recomputed: a shortlist changes as files come and go, and an employer who saw a
    candidate yesterday may invite them today; checking an invitation is then one primary-key lookup.
    """

    __tablename__ = "shortlist_appearance"

    vacancy_id: int = Field(primary_key=True)
    candidate_id: int = Field(primary_key=True, index=True)
    first_seen_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


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
    model_version: str | None = Field(default=None, max_length=300, description="Embedder fingerprint.")
    classifier_version: str | None = Field(default=None, max_length=120, description="Title classifier artefact.")
    index_change_id: int | None = Field(default=None, description="Last index change the vector indexes reflect.")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OfferStatus(StrEnum):
    """Where a job offer stands: the candidate answers once; an accepted offer may become a hire."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    HIRED = "hired"


class JobOffer(SQLModel, table=True):
    """A job offer made by a vacancy's employer to a candidate who accepted its invitation (one per invitation).

    The dates of the file are kept here: ``matched_at`` (when both records existed, so the pair could match),
    ``invited_at`` (the invitation), ``offered_at``, ``decided_at`` (the candidate's answer) and ``hired_at``.
    ``fast_track`` and ``rule_set_id`` are copied from the invitation (the match when it was sent).
    """

    __tablename__ = "job_offer"
    __table_args__ = (UniqueConstraint("invitation_id", name="uq_job_offer_invitation"),)

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(index=True)
    vacancy_id: int = Field(index=True)
    candidate_id: int = Field(index=True)
    region_code: str = Field(max_length=2, index=True)
    offered_by_id: int
    status: str = Field(default=OfferStatus.PENDING.value, max_length=16, index=True)
    fast_track: bool = False
    rule_set_id: str | None = Field(default=None, max_length=120)
    wage_hourly: float | None = None
    message: str = Field(default="", max_length=4000)
    matched_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    invited_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    offered_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    hired_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class Arrival(SQLModel, table=True):
    """A candidate's arrival in Québec and the municipality where they live and work (one per candidate).

    ``outside_boundary`` is whether that municipality lies outside the Montréal boundary of the rule set in
    force when the arrival was recorded (measure 4.1: living and working in the regions).
    """

    __tablename__ = "arrival"

    candidate_id: int = Field(primary_key=True)
    arrived_on: date
    municipality_code: str = Field(max_length=5)
    municipality_name: str = Field(max_length=200)
    region_code: str = Field(max_length=2, index=True)
    outside_boundary: bool = False
    recorded_by_id: int
    recorded_by_role: str = Field(max_length=16)
    recorded_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class FollowUp(SQLModel, table=True):
    """A follow-up 6 or 12 months after arrival: still living and working there, and where."""

    __tablename__ = "follow_up"

    candidate_id: int = Field(primary_key=True)
    months: int = Field(primary_key=True)
    seen_on: date
    living_there: bool
    working_there: bool
    municipality_code: str = Field(max_length=5)
    region_code: str = Field(max_length=2)
    outside_boundary: bool = False
    recorded_by_id: int
    recorded_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class SelfIdentification(SQLModel, table=True):
    """Voluntary self-identified gender of a candidate, kept apart from the profile and never shown to employers.

    It is read only by the candidate and, as counts, by the bias audit.
    """

    __tablename__ = "self_identification"

    candidate_id: int = Field(primary_key=True)
    gender: str = Field(max_length=32)
    at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class ReviewRequest(SQLModel, table=True):
    """A candidate's request that a person review an automated ranking (Québec's Law 25), and its answer."""

    __tablename__ = "review_request"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(index=True)
    vacancy_id: int | None = Field(default=None, index=True)
    message: str = Field(max_length=4000)
    status: str = Field(default="open", max_length=16, index=True)
    answer: str | None = Field(default=None, max_length=4000)
    answered_by_id: int | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False))
    answered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


WORKFLOW_TABLE_NAMES = (
    "review",
    "invitation",
    "audit_event",
    "job_offer",
    "arrival",
    "follow_up",
    "self_identification",
    "review_request",
    "shortlist_appearance",
)
"""The tables this module adds to ``SQLModel.metadata`` (for migrations and tests)."""
