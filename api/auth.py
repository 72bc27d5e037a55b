"""Bearer tokens and accounts: tokens are random, shown once, and stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from enum import StrEnum

from sqlmodel import Session, select

from api.db.tables import Employer, User

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
        employer = Employer(name=employer_name or name or "Employer")
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


def user_for_token(session: Session, token: str) -> User | None:
    """The account holding ``token``, or None."""
    return session.exec(select(User).where(User.token_hash == hash_token(token))).first()
