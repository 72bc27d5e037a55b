"""The candidate's side of the market: search open vacancies, say "I'm interested", list one's interests."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session, col, select

from api import audit, market
from api.auth import Role
from api.db.market_tables import Interest
from api.db.repository import candidate_occupations, candidate_to_domain, use_session, vacancy_occupations
from api.db.session import begin_write
from api.db.tables import CandidateRow, User, VacancyRow
from api.deps import AppServices, CurrentUserDep, ServiceDep, SessionDep, require_role
from api.errors import ApiError
from api.routes import _resume
from api.routes._present import employer_names, match_parts, vacancy_public
from api.routes.market_schemas import InterestPublic, InterestsPublic, SearchEntry, SearchPublic
from api.routes.workflow_access import not_found, own_candidate
from api.schemas import RecordId

router = APIRouter(prefix="/api/v1", tags=["market"])

RegionQuery = Annotated[str | None, Query(pattern=r"^(0?[1-9]|1[0-7])$", description="Region code, 01 to 17.")]
OccupationQuery = Annotated[
    str | None, Query(pattern=r"^\d{1,5}$", description="CNP/NOC 2021 code or its first digits (a broader group).")
]


def _candidate(session: Session, user: User, request: Request) -> CandidateRow:
    require_role(user, Role.CANDIDATE)
    row = own_candidate(session, user)
    if row is None or row.id is None:
        raise ApiError(409, "profile_needed", "create your candidate profile first")
    return row


@router.get("/open-vacancies", response_model=SearchPublic)
def search_open_vacancies(
    request: Request,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    q: str = Query("", max_length=200, description="Words of the title, description, place or employer."),
    region: RegionQuery = None,
    occupation: OccupationQuery = None,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=5000),
) -> SearchPublic:
    """Open vacancies for the current candidate by text, region and occupation, each explained like a match.

    Vacancies holding every word of ``q`` come first, then those close in meaning (a Spanish query finds French
    vacancies); within each group, the best match for the candidate's profile first.
    """
    row = _candidate(session, user, request)
    assert row.id is not None
    candidate = candidate_to_domain(row, candidate_occupations(session, [row.id]).get(row.id, []))
    filters = {k: v for k, v in {"region": region and region.zfill(2), "occupation": occupation}.items() if v}
    with use_session(session):
        query = _resume.query_vector(services, candidate)
        result = market.search(services, session, candidate, query, q, **filters)
    page = result.hits[offset : offset + limit]
    data = _entries(services, session, row.id, page)
    begin_write(session)
    detail = {"count": len(data), "total": result.total, "filters": sorted(filters)}
    audit.record(session, user, "vacancies.search", "candidate", row.id, result.rule_set_id, detail)
    session.commit()
    return SearchPublic(
        candidate_id=row.id, rule_set_id=result.rule_set_id, total=result.total, count=len(data), data=data
    )


def _entries(
    services: AppServices, session: Session, candidate_id: int, hits: list[market.SearchHit]
) -> list[SearchEntry]:
    ids = [h.match.vacancy_id for h in hits]
    rows = {r.id: r for r in session.exec(select(VacancyRow).where(col(VacancyRow.id).in_(ids))).all()}
    links = vacancy_occupations(session, ids)
    names = employer_names(session, [r.employer_id for r in rows.values()])
    interested = market.interests_of(session, candidate_id, ids)
    return [
        SearchEntry(
            vacancy_id=h.match.vacancy_id,
            vacancy=vacancy_public(services, rows[v], links.get(v, []), names.get(rows[v].employer_id, "")),
            interested=v in interested,
            text_hit=h.text_hit,
            similarity=None if h.similarity is None else round(h.similarity, 4),
            **match_parts(h.match),
        )
        for h in hits
        if (v := h.match.vacancy_id) in rows
    ]


def _open_vacancy(session: Session, vacancy_id: int) -> VacancyRow:
    vacancy = session.get(VacancyRow, vacancy_id)
    if vacancy is None:
        raise not_found("vacancy", vacancy_id)
    return vacancy


@router.post("/vacancies/{vacancy_id}/interest", response_model=InterestPublic, status_code=201)
def say_interested(
    vacancy_id: RecordId, request: Request, response: Response, user: CurrentUserDep, session: SessionDep
) -> InterestPublic:
    """The current candidate is interested in an open vacancy: it is flagged (still anonymous) in its shortlist.

    Saying it again changes nothing and answers 200; a closed vacancy answers 409.
    """
    row = _candidate(session, user, request)
    vacancy = _open_vacancy(session, vacancy_id)
    if vacancy.status != "open":
        raise ApiError(409, "vacancy_closed", f"vacancy {vacancy_id} is closed")
    assert row.id is not None
    begin_write(session)
    interest, created = market.add_interest(session, vacancy_id, row.id)
    if created:
        audit.record(session, user, "interest.create", "vacancy", vacancy_id, None, {"candidate_id": row.id})
        session.commit()
    else:
        response.status_code = 200
    return InterestPublic.of(interest, vacancy.title)


@router.delete("/vacancies/{vacancy_id}/interest", status_code=204)
def withdraw_interest(vacancy_id: RecordId, request: Request, user: CurrentUserDep, session: SessionDep) -> Response:
    """Withdraw the current candidate's interest (204, also when there was none)."""
    row = _candidate(session, user, request)
    found = session.exec(
        select(Interest).where(Interest.vacancy_id == vacancy_id, Interest.candidate_id == row.id)
    ).first()
    if found is not None:
        begin_write(session)
        session.delete(found)
        audit.record(session, user, "interest.delete", "vacancy", vacancy_id, None, {"candidate_id": row.id})
        session.commit()
    return Response(status_code=204)


@router.get("/interests", response_model=InterestsPublic)
def list_interests(request: Request, user: CurrentUserDep, session: SessionDep) -> InterestsPublic:
    """The vacancies the current candidate said it is interested in, newest first."""
    row = _candidate(session, user, request)
    rows = session.exec(
        select(Interest, VacancyRow.title)
        .join(VacancyRow, col(VacancyRow.id) == col(Interest.vacancy_id))
        .where(Interest.candidate_id == row.id)
        .order_by(col(Interest.id).desc())
    ).all()
    data = [InterestPublic.of(interest, title) for interest, title in rows]
    return InterestsPublic(data=data, count=len(data))
