"""Links sent by e-mail: signed, expiring, single-use tokens stored only as a hash.

A token is ``<random>.<HMAC>``: the signature is checked first (a forged link costs no database lookup), then
the hash of the random part must name an unused, unexpired link of the same purpose. Using one marks it used
with a conditional update, so two clicks racing each other cannot both succeed.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col

from api.accounts.secrets import hash_secret, new_secret, signed, unsign
from api.db.account_tables import EmailToken, now_utc


class Purpose(StrEnum):
    """What a link does."""

    VERIFY = "verify"
    RESET = "reset"


class LinkError(Exception):
    """The link is unknown, forged, expired or already used."""


def issue(session: Session, key: bytes, user_id: int, purpose: Purpose, lifetime: timedelta) -> str:
    """Add a link for ``user_id`` to the session and return its token (shown only in the e-mail)."""
    value = new_secret()
    session.add(
        EmailToken(
            user_id=user_id,
            purpose=purpose.value,
            token_hash=hash_secret(value),
            expires_at=now_utc() + lifetime,
        )
    )
    return signed(key, purpose.value, value)


def consume(session: Session, key: bytes, token: str, purpose: Purpose) -> int:
    """Use a link once and return its user id (the caller commits with the change it allows).

    Raises:
        LinkError: forged, unknown, of another purpose, expired or already used.
    """
    value = unsign(key, purpose.value, token.strip())
    if value is None:
        raise LinkError("invalid link")
    now = now_utc()
    found = session.execute(
        update(EmailToken)
        .where(col(EmailToken.token_hash) == hash_secret(value), col(EmailToken.purpose) == purpose.value)
        .where(col(EmailToken.used_at).is_(None), col(EmailToken.expires_at) > now)
        .values(used_at=now)
        .returning(col(EmailToken.user_id))
    ).first()
    if found is None:
        raise LinkError("this link has expired or was already used")
    return int(found[0])


def revoke_all(session: Session, user_id: int, purpose: Purpose) -> None:
    """Mark every unused link of ``user_id`` for ``purpose`` used (a newer one replaces them)."""
    session.execute(
        update(EmailToken)
        .where(col(EmailToken.user_id) == user_id, col(EmailToken.purpose) == purpose.value)
        .where(col(EmailToken.used_at).is_(None))
        .values(used_at=now_utc())
    )
