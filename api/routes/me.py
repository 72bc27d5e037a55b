"""``GET /api/v1/me``: who the token belongs to."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import select

from api.auth import user_regions
from api.db.tables import CandidateRow
from api.deps import CurrentUserDep, SessionDep
from api.schemas import MePublic

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.get("/me", response_model=MePublic)
def read_me(user: CurrentUserDep, session: SessionDep) -> MePublic:
    """The current account: role, name, advisor regions, and the employer or candidate it owns."""
    candidate_id = session.exec(select(CandidateRow.id).where(CandidateRow.user_id == user.id)).first()
    assert user.id is not None
    return MePublic(
        id=user.id,
        role=user.role,
        name=user.name,
        regions=user_regions(user),
        employer_id=user.employer_id,
        candidate_id=candidate_id,
    )
