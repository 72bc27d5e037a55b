"""Console sessions: an HttpOnly, SameSite=Lax cookie naming a server-side row, and a per-session CSRF token.

The CSRF token is also given to the page in a readable (not HttpOnly) ``SameSite=Strict`` cookie; scripts send
it back in the ``X-CSRF-Token`` header of every POST/PATCH/PUT/DELETE, and the server compares its hash with
the session's. Another site can neither read that cookie nor set the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import Response
from sqlalchemy import delete
from sqlmodel import Session, col, select

from api.accounts.secrets import hash_secret, new_secret, same
from api.db.account_tables import AccessToken, AuthSession, now_utc
from api.db.workflow_tables import as_utc

SESSION_COOKIE = "psl_session"
CSRF_COOKIE = "psl_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class NewSession:
    """A session just opened: its cookie value and CSRF token (neither is stored in clear)."""

    cookie: str
    csrf: str
    max_age: int


def open_session(session: Session, user_id: int, lifetime: timedelta) -> NewSession:
    """Add a session row for ``user_id`` (the caller commits)."""
    cookie, csrf = new_secret(), new_secret()
    session.add(
        AuthSession(
            user_id=user_id,
            token_hash=hash_secret(cookie),
            csrf_hash=hash_secret(csrf),
            expires_at=now_utc() + lifetime,
        )
    )
    return NewSession(cookie=cookie, csrf=csrf, max_age=int(lifetime.total_seconds()))


def find_session(session: Session, cookie: str) -> AuthSession | None:
    """The live session of a cookie value, or None (unknown or expired)."""
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_secret(cookie))).first()
    if row is None or as_utc(row.expires_at) <= now_utc():
        return None
    return row


def csrf_matches(row: AuthSession, header: str | None) -> bool:
    """Whether the request's ``X-CSRF-Token`` is this session's token."""
    return bool(header) and same(hash_secret(header or ""), row.csrf_hash)


def close_session(session: Session, cookie: str) -> None:
    """Delete the session of a cookie value (sign-out)."""
    session.execute(delete(AuthSession).where(col(AuthSession.token_hash) == hash_secret(cookie)))


def revoke_sessions(session: Session, user_id: int, *, tokens: bool = False) -> None:
    """Delete every session of ``user_id`` (and, with ``tokens``, every personal access token)."""
    session.execute(delete(AuthSession).where(col(AuthSession.user_id) == user_id))
    if tokens:
        session.execute(delete(AccessToken).where(col(AccessToken.user_id) == user_id))


def set_cookies(response: Response, new: NewSession, *, secure: bool) -> None:
    """Put the session and CSRF cookies on a response."""
    response.set_cookie(
        SESSION_COOKIE, new.cookie, max_age=new.max_age, httponly=True, samesite="lax", secure=secure, path="/"
    )
    response.set_cookie(
        CSRF_COOKIE, new.csrf, max_age=new.max_age, httponly=False, samesite="strict", secure=secure, path="/"
    )


def clear_cookies(response: Response) -> None:
    """Remove both cookies (sign-out)."""
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
