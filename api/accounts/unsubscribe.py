"""The digest's one-click unsubscribe link: a signed user id (no expiry; using it twice changes nothing)."""

from __future__ import annotations

from sqlmodel import Session

from api import audit
from api.accounts.secrets import signed, unsign
from api.accounts.service import AccountError
from api.db.tables import User

PURPOSE = "unsubscribe-digest"


def unsubscribe_token(key: bytes, user_id: int) -> str:
    """The token of a user's unsubscribe link."""
    return signed(key, PURPOSE, str(user_id))


def unsubscribe(session: Session, key: bytes, token: str) -> User:
    """Switch the digest off for the user the token names.

    Raises:
        AccountError: 400 for a forged token.
    """
    value = unsign(key, PURPOSE, token.strip())
    user = session.get(User, int(value)) if value is not None and value.isdigit() else None
    if user is None or user.deleted_at is not None:
        raise AccountError(400, "invalid unsubscribe link", "link_invalid")
    if user.digest_enabled:
        user.digest_enabled = False
        session.add(user)
        audit.record(session, user, "account.digest_off", "user", user.id, None, {"via": "link"})
        session.commit()
    return user
