"""Tables of self-service accounts and e-mail: console sessions, personal access tokens, e-mail links,
sign-in attempts (rate limit), the durable mail outbox and the strong matches already announced.

Every secret (session cookie, CSRF token, access token, e-mail link) is stored only as a SHA-256 hash.
Times are timezone-aware UTC columns.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, DateTime, Text
from sqlmodel import Field, SQLModel


def now_utc() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class AuthSession(SQLModel, table=True):
    """A signed-in browser: the HttpOnly cookie's hash and its CSRF token's hash."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    csrf_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class AccessToken(SQLModel, table=True):
    """A personal access token a user made for an API client; shown once, revocable."""

    __tablename__ = "access_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    hint: str = Field(max_length=16, description="The first characters, to recognise it in a list.")
    created_at: datetime = Field(default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False))
    last_used_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class EmailToken(SQLModel, table=True):
    """A single-use, expiring link sent by e-mail (``verify`` the address, or ``reset`` the password)."""

    __tablename__ = "email_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class SigninAttempt(SQLModel, table=True):
    """One failed sign-in, counted per account (e-mail) and per client address for the rate limit."""

    __tablename__ = "signin_attempt"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    email: str = Field(max_length=320, index=True)
    ip: str = Field(max_length=64, index=True)


class OutboxMessage(SQLModel, table=True):
    """A rendered e-mail waiting for, or done with, delivery: queued in the transaction of its cause."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False))
    recipient: str = Field(max_length=320)
    template: str = Field(max_length=64, index=True)
    language: str = Field(max_length=8)
    subject: str = Field(max_length=300)
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="queued", max_length=16, index=True, description="queued, sending, sent, failed")
    attempts: int = 0
    next_attempt_at: datetime = Field(
        default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False, index=True)
    )
    last_error: str = Field(default="", max_length=1000)
    sent_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class MatchNotice(SQLModel, table=True):
    """A strong match already announced to the candidate in a digest (never announced twice)."""

    __tablename__ = "match_notice"

    candidate_id: int = Field(primary_key=True)
    vacancy_id: int = Field(primary_key=True)
    at: datetime = Field(default_factory=now_utc, sa_column=Column(DateTime(timezone=True), nullable=False))


ACCOUNT_TABLE_NAMES = ("auth_session", "access_token", "email_token", "signin_attempt", "outbox", "match_notice")
