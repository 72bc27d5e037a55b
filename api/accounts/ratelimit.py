"""Sign-in rate limit: failed attempts counted per e-mail address and per client address in a sliding window.

Attempts live in the database, so the limit holds across processes (``serve --workers N``) and restarts.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from api.db.account_tables import SigninAttempt, now_utc
from api.db.session import begin_write
from api.db.workflow_tables import as_utc
from api.errors import ApiError
from api.settings import AccountSettings


def _retry_after(session: Session, column: object, value: str, since: datetime, limit: int, window: float) -> int:
    """Seconds until the oldest counted attempt leaves the window, or 0 when under ``limit``."""
    where = [col(column) == value, col(SigninAttempt.at) > since]
    count = session.exec(select(func.count()).select_from(SigninAttempt).where(*where)).one()
    if int(count) < limit:
        return 0
    oldest = session.exec(
        select(SigninAttempt.at).where(*where).order_by(col(SigninAttempt.at).desc()).offset(limit - 1)
    ).first()
    if oldest is None:
        return 1
    return max(1, math.ceil((as_utc(oldest) + timedelta(seconds=window) - now_utc()).total_seconds()))


def check(session: Session, settings: AccountSettings, email: str, ip: str) -> None:
    """Refuse with 429 and ``Retry-After`` when the account or the address used up its attempts.

    Raises:
        HTTPException: 429 too many failed sign-ins.
    """
    window = settings.signin_window_seconds
    since = now_utc() - timedelta(seconds=window)
    wait = max(
        _retry_after(session, SigninAttempt.email, email, since, settings.signin_max_per_account, window),
        _retry_after(session, SigninAttempt.ip, ip, since, settings.signin_max_per_ip, window),
    )
    if wait:
        raise ApiError(
            429,
            "too_many_signins",
            f"too many failed sign-ins: try again in {wait} seconds",
            headers={"Retry-After": str(wait)},
        )


def record_failure(session: Session, settings: AccountSettings, email: str, ip: str) -> None:
    """Count a failed attempt (and forget attempts older than the window)."""
    begin_write(session)
    old = now_utc() - timedelta(seconds=settings.signin_window_seconds)
    session.execute(delete(SigninAttempt).where(col(SigninAttempt.at) < old))
    session.add(SigninAttempt(email=email, ip=ip[:64]))
    session.commit()
