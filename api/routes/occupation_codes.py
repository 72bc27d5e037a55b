"""A person confirms or corrects occupation codes (thin handlers over
:class:`api.services.occupation_codes.OccupationCodeService`).

``PUT /candidates/{id}/occupations`` and ``PUT /vacancies/{id}/occupations`` replace the record's codes with the
chosen ones (``source="confirmed"``); the answer says whether it was the owner's confirmation or a correction,
and carries the change id in ``X-Change-Id``.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, field_validator

from api.auth import Role
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes._written import CHANGE_HEADER
from api.schemas import OccupationPublic, RecordId
from api.services.occupation_codes import OccupationCodeService

router = APIRouter(prefix="/api/v1", tags=["occupations"])


class CodesChosen(BaseModel):
    """The codes a person keeps, best first (those left out are dropped)."""

    codes: list[str] = Field(min_length=1, max_length=5, description="CNP/NOC 2021 codes, best first.")

    @field_validator("codes")
    @classmethod
    def _short(cls, codes: list[str]) -> list[str]:
        if any(len(c) > 10 for c in codes):
            raise ValueError("a CNP/NOC code has at most 5 digits")
        return codes


class CodesConfirmed(BaseModel):
    """The record's codes after the change, and whether it was the owner's confirmation or a correction."""

    object_type: str
    object_id: int
    action: str = Field(description='"confirm" (the record\'s owner) or "correct" (an advisor or admin).')
    occupations: list[OccupationPublic]


@router.put("/candidates/{candidate_id}/occupations", response_model=CodesConfirmed)
def confirm_candidate_codes(
    candidate_id: RecordId,
    body: CodesChosen,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    response: Response,
) -> CodesConfirmed:
    """The candidate confirms its occupations; an advisor of a region it is open to (or an admin) corrects them."""
    require_role(user, Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
    written = OccupationCodeService(services, session).candidate(user, candidate_id, body.codes)
    response.headers[CHANGE_HEADER] = str(written.change_id)
    action, occupations = written.value
    return CodesConfirmed(object_type="candidate", object_id=candidate_id, action=action, occupations=occupations)


@router.put("/vacancies/{vacancy_id}/occupations", response_model=CodesConfirmed)
def confirm_vacancy_codes(
    vacancy_id: RecordId,
    body: CodesChosen,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    response: Response,
) -> CodesConfirmed:
    """The employer confirms its vacancy's occupations; an advisor of its region (or an admin) corrects them."""
    written = OccupationCodeService(services, session).vacancy(user, vacancy_id, body.codes)
    response.headers[CHANGE_HEADER] = str(written.change_id)
    action, occupations = written.value
    return CodesConfirmed(object_type="vacancy", object_id=vacancy_id, action=action, occupations=occupations)
