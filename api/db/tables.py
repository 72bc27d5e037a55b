"""SQLModel tables of the API: accounts, employers, candidates, vacancies, occupation links, index change log.

Enumerated values (levels, status) are stored as their names ("B2", "BACHELOR", "selected_quebec"); lists of
region codes as comma-separated text. The workflow tables (reviews, invitations, audit) live in
``api/db/workflow_tables.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


_NO_ID_REUSE = {"sqlite_autoincrement": True}  # ids of deleted rows are never given to new ones (audit log)


class Employer(SQLModel, table=True):
    """A company posting vacancies."""

    __table_args__ = _NO_ID_REUSE

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    region_code: str | None = Field(default=None, max_length=2, index=True, description="Where it hires (sign-up).")
    verified_at: datetime | None = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), nullable=True),
        description="When an advisor of its region or an admin verified it; shortlists stay closed until then.",
    )
    verified_by_id: int | None = Field(default=None, description="The advisor or admin who verified it.")


class User(SQLModel, table=True):
    """An account. Its bearer token is stored only as a SHA-256 hash; its password (self-service accounts)
    only as an argon2 hash. Sessions, personal access tokens and e-mail links live in ``account_tables``."""

    __table_args__ = _NO_ID_REUSE

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=16, index=True)
    name: str = Field(default="", max_length=200)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    regions: str = Field(default="", max_length=200, description="Advisor regions, comma-separated codes.")
    employer_id: int | None = Field(default=None, foreign_key="employer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    email: str | None = Field(default=None, max_length=320, unique=True, index=True, description="Lower-cased.")
    password_hash: str | None = Field(default=None, max_length=200)
    email_verified_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    language: str = Field(default="fr", max_length=8, description="Language of its e-mails: fr, en or es.")
    digest_enabled: bool = Field(default=True, description="Receives the digest of new strong matches.")
    deleted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class CandidateRow(SQLModel, table=True):
    """A candidate's profile and résumé text: everything personal about one person."""

    __tablename__ = "candidate"
    __table_args__ = _NO_ID_REUSE

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True, index=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    text: str = Field(default="")
    language: str = Field(default="fr", max_length=8)
    years_experience: float = 0.0
    education: str = Field(default="NONE", max_length=16)
    french: str = Field(default="NONE", max_length=8)
    regions_open: str = Field(default="", max_length=200)
    open_to_all_regions: bool = False
    country: str = Field(default="", max_length=80)
    status: str = Field(default="other", max_length=32)
    available_from: date | None = None
    resume_filename: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class VacancyRow(SQLModel, table=True):
    """A vacancy posted by an employer for one site."""

    __tablename__ = "vacancy"
    __table_args__ = _NO_ID_REUSE

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employer.id", index=True)
    title: str = Field(max_length=300)
    description: str = Field(default="")
    language: str = Field(default="fr", max_length=8)
    municipality_code: str = Field(max_length=5)
    municipality_name: str = Field(max_length=200)
    region_code: str = Field(max_length=2, index=True)
    positions: int = 1
    wage_hourly: float | None = None
    french_required: str = Field(default="NONE", max_length=8)
    experience_required: float = 0.0
    education_required: str = Field(default="NONE", max_length=16)
    start_date: date | None = None
    status: str = Field(default="open", max_length=8, index=True)
    outside_boundary: bool = False
    diagnostic: str | None = Field(default=None, max_length=40)
    fast_track: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    naics: str | None = Field(default=None, max_length=6)  # NAICS sector (lmia_freeze exemptions)


class CandidateOccupation(SQLModel, table=True):
    """One CNP/NOC 2021 code of a candidate (the occupation retrieval channel reads this)."""

    __tablename__ = "candidate_occupation"

    candidate_id: int = Field(foreign_key="candidate.id", primary_key=True, ondelete="CASCADE")
    code: str = Field(max_length=5, primary_key=True, index=True)
    position: int = 0
    confidence: float = 1.0
    source: str = Field(default="given", max_length=16, description="given, classified or confirmed.")
    confirmed_by: int | None = Field(default=None, description="Account that confirmed or corrected the code.")
    confirmed_at: datetime | None = None


class VacancyOccupation(SQLModel, table=True):
    """One CNP/NOC 2021 code of a vacancy."""

    __tablename__ = "vacancy_occupation"

    vacancy_id: int = Field(foreign_key="vacancy.id", primary_key=True, ondelete="CASCADE")
    code: str = Field(max_length=5, primary_key=True, index=True)
    position: int = 0
    confidence: float = 1.0
    source: str = Field(default="given", max_length=16, description="given, classified or confirmed.")
    confirmed_by: int | None = Field(default=None, description="Account that confirmed or corrected the code.")
    confirmed_at: datetime | None = None


class IndexChange(SQLModel, table=True):
    """Change log of indexed records, written in the same transaction as the record.

    The saved vector index remembers the last ``seq`` it reflects (its watermark); at start the changes after
    it are replayed, so an index saved before a crash catches up with the database.
    """

    __tablename__ = "index_change"

    seq: int | None = Field(default=None, primary_key=True)
    side: str = Field(max_length=16, index=True)
    record_id: int
    at: datetime = Field(default_factory=utcnow)


class RecordVector(SQLModel, table=True):
    """The stored embedding of one record's text, computed once and read by every index replica.

    ``text_sha`` is the SHA-256 of the embedder fingerprint and the indexed text: a replica reuses the vector only
    when it matches the record's current text, so a stale vector is never indexed. ``query`` holds the query-side
    vector of asymmetric embedders (None when queries and documents are encoded alike).
    """

    __tablename__ = "record_vector"

    side: str = Field(max_length=16, primary_key=True)
    record_id: int = Field(primary_key=True)
    text_sha: str = Field(max_length=64)
    vector: bytes
    query: bytes | None = None
    at: datetime = Field(default_factory=utcnow)
