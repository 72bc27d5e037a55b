"""Who is calling: bearer tokens (an account's own token or a personal access token) and console sessions.

Tokens are random, shown once, and stored only as a SHA-256 hash. A request with an ``Authorization`` header
is judged by it alone; otherwise the ``psl_session`` cookie names a server-side session, and a state-changing
request (POST, PATCH, PUT, DELETE) must also carry that session's CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum

from fastapi import HTTPException, Request
from sqlmodel import Session, select

from api.db.account_tables import AccessToken, now_utc
from api.db.tables import Employer, User
from api.db.workflow_tables import as_utc

TOKEN_PREFIX = "psl_"


class Role(StrEnum):
    """What an account may do."""

    EMPLOYER = "employer"
    CANDIDATE = "candidate"
    ADVISOR = "advisor"
    ADMIN = "admin"


def new_token() -> str:
    """A fresh bearer token (256 random bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token (hex SHA-256; tokens are random, so no salt or stretching is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_regions(user: User) -> list[str]:
    """The region codes of an advisor account."""
    return [r for r in user.regions.split(",") if r]


def create_user(
    session: Session,
    role: Role,
    *,
    name: str = "",
    regions: Sequence[str] = (),
    employer_name: str | None = None,
    token: str | None = None,
    commit: bool = True,
) -> tuple[User, str]:
    """Create an account (and, for an employer, its employer record) and return its token once.

    Args:
        session: an open session.
        role: the account's role.
        name: the person's or company's display name.
        regions: advisor regions ("01".."17").
        employer_name: the employer record's name (defaults to ``name``), employers only.
        token: a chosen token (tests); a random one otherwise.
        commit: commit now (True), or only flush and let the caller commit a batch.

    Returns:
        The stored user and the clear-text token, which is not kept anywhere.
    """
    clear = token or new_token()
    user = User(role=role.value, name=name, token_hash=hash_token(clear), regions=",".join(sorted(regions)))
    if role is Role.EMPLOYER:
        # made by an administrator: verified from the start (self-service employers wait for an advisor)
        employer = Employer(name=employer_name or name or "Employer", verified_at=now_utc())
        session.add(employer)
        session.flush()
        user.employer_id = employer.id
    session.add(user)
    if commit:
        session.commit()
        session.refresh(user)
    else:
        session.flush()
    return user, clear


_TOUCH_EVERY = timedelta(minutes=5)


def user_for_token(session: Session, token: str) -> User | None:
    """The live account holding ``token`` (its own token or one of its personal access tokens), or None."""
    digest = hash_token(token)
    user = session.exec(select(User).where(User.token_hash == digest)).first()
    if user is None:
        personal = session.exec(select(AccessToken).where(AccessToken.token_hash == digest)).first()
        if personal is None:
            return None
        user = session.get(User, personal.user_id)
        now = now_utc()
        if personal.last_used_at is None or as_utc(personal.last_used_at) < now - _TOUCH_EVERY:
            personal.last_used_at = now
            session.add(personal)
            session.commit()
    return user if user is not None and user.deleted_at is None else None


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def authenticate(request: Request, session: Session) -> User:
    """The account behind a request: its bearer token, or else its session cookie (CSRF-checked on writes).

    Raises:
        HTTPException: 401 without valid credentials, 403 for a cookie write without the CSRF token.
    """
    from api.accounts.sessions import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, csrf_matches, find_session
    from api.errors import ApiError

    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if header or not cookie:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized("missing bearer token")
        user = user_for_token(session, token.strip())
        if user is None:
            raise _unauthorized("invalid or revoked token")
        return user
    row = find_session(session, cookie)
    found = session.get(User, row.user_id) if row is not None else None
    if row is None or found is None or found.deleted_at is not None:
        raise ApiError(401, "session_ended", "your session has ended: sign in again", {"WWW-Authenticate": "Bearer"})
    if request.method not in SAFE_METHODS and not csrf_matches(row, request.headers.get(CSRF_HEADER)):
        raise ApiError(403, "csrf_failed", "missing or wrong CSRF token (X-CSRF-Token header): reload the page")
    return found
