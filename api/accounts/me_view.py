"""The current account as ``/me`` and sign-in show it."""

from __future__ import annotations

from sqlmodel import Session, select

from api.accounts.schemas import MeDetail
from api.auth import user_regions
from api.db.tables import CandidateRow, Employer, User


def me_detail(session: Session, user: User) -> MeDetail:
    """Role, name, regions, owned employer or candidate, e-mail and settings."""
    assert user.id is not None
    candidate_id = session.exec(select(CandidateRow.id).where(CandidateRow.user_id == user.id)).first()
    employer = session.get(Employer, user.employer_id) if user.employer_id is not None else None
    return MeDetail(
        id=user.id,
        role=user.role,
        name=user.name,
        regions=user_regions(user),
        employer_id=user.employer_id,
        candidate_id=candidate_id,
        email=user.email,
        email_verified=user.email_verified_at is not None,
        language=user.language,
        digest_enabled=user.digest_enabled,
        employer_verified=(employer.verified_at is not None) if employer is not None else None,
    )
