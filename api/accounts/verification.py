"""Employer verification gate: a self-service employer sees shortlists (and invites) only once an advisor of
its region or an admin verified it."""

from __future__ import annotations

from sqlmodel import Session

from api.auth import Role
from api.db.tables import Employer, User

AWAITING = "your employer account is awaiting verification by an advisor of your region: shortlists open after it"


def employer_verified(session: Session, user: User) -> bool:
    """Whether an employer account's company was verified (other roles: True)."""
    if user.role != Role.EMPLOYER.value:
        return True
    employer = session.get(Employer, user.employer_id) if user.employer_id is not None else None
    return employer is not None and employer.verified_at is not None


def require_verified_employer(session: Session, user: User) -> None:
    """403 "awaiting verification" for an employer nobody verified yet.

    Raises:
        HTTPException: 403.
    """
    if not employer_verified(session, user):
        from api.errors import ApiError  # here: api.errors imports the services, which import this module

        raise ApiError(403, "awaiting_verification", AWAITING)
