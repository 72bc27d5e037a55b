"""Vacancies: create, list, read, update, close, and the ranked shortlist of candidates.

Thin handlers over :class:`api.services.VacancyService`; a write answers with its change id in ``X-Change-Id``,
and ``GET …/shortlist?after=<change id>`` waits (bounded) until the index reflects that change.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from api.auth import Role
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes._written import IndexCaughtUp, answer
from api.schemas import (
    Offset,
    RecordId,
    ShortlistPublic,
    VacanciesPublic,
    VacancyCreate,
    VacancyPublic,
    VacancyUpdate,
)
from api.services import VacancyService
from api.web.i18n import negotiate

router = APIRouter(prefix="/api/v1/vacancies", tags=["vacancies"])


@router.post("", status_code=201, response_model=VacancyPublic)
def create_vacancy(
    body: VacancyCreate, user: CurrentUserDep, session: SessionDep, services: ServiceDep, response: Response
) -> VacancyPublic:
    """Post a vacancy (employers). The municipality is a name or a 5-digit code; occupations are classified
    from the title and description when none are given."""
    return answer(response, VacancyService(services, session).create(user, body))


@router.get("", response_model=VacanciesPublic)
def list_vacancies(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    status: str | None = Query(None, pattern="^(open|closed)$"),
    limit: int = Query(500, ge=1, le=5000),
    offset: Offset = 0,
) -> VacanciesPublic:
    """Vacancies the account may see: an employer its own, an advisor its regions', an admin all."""
    require_role(user, Role.EMPLOYER, Role.ADVISOR, Role.ADMIN)
    return VacancyService(services, session).listing(user, status, limit, offset)


@router.get("/{vacancy_id}", response_model=VacancyPublic)
def read_vacancy(
    vacancy_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> VacancyPublic:
    """One vacancy (its employer, an advisor of its region, an admin)."""
    return VacancyService(services, session).read(user, vacancy_id)


@router.patch("/{vacancy_id}", response_model=VacancyPublic)
def update_vacancy(
    vacancy_id: RecordId,
    body: VacancyUpdate,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    response: Response,
) -> VacancyPublic:
    """Change a vacancy; its occupations are re-classified when the text changes and none were given."""
    return answer(response, VacancyService(services, session).update(user, vacancy_id, body))


@router.post("/{vacancy_id}/close", response_model=VacancyPublic)
def close_vacancy(
    vacancy_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep, response: Response
) -> VacancyPublic:
    """Close a vacancy: it leaves the vacancy index and candidates' matches."""
    return answer(response, VacancyService(services, session).close(user, vacancy_id))


@router.get("/{vacancy_id}/shortlist", response_model=ShortlistPublic)
def shortlist(
    vacancy_id: RecordId,
    request: Request,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    after: IndexCaughtUp,
    limit: int = Query(50, ge=1, le=500),
    explain: str | None = Query(
        None, pattern="^why_not$", description="'why_not': also list each rule that did not apply, and why."
    ),
) -> ShortlistPublic:
    """Ranked, explained candidates for a vacancy; anonymous unless they accepted an invitation for it.

    Candidates who said they are interested are flagged and, when outside the top ``limit``, added (scored the
    same way) with ``via_interest``. Employers never see country or status; advisors and admins do.
    """
    lang = negotiate(request.headers.get("accept-language"))
    return VacancyService(services, session).shortlist(
        user, vacancy_id, limit, after, lang=lang, why_not=explain == "why_not"
    )
