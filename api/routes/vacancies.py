"""Vacancies: create, list, read, update, close, and the ranked shortlist of candidates."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Query
from sqlmodel import Session, col, select

from api import audit
from api.auth import Role, user_regions
from api.db.repository import (
    accepted_candidates,
    candidate_occupations,
    to_codes,
    vacancy_occupations,
    vacancy_to_domain,
    workflow_state,
)
from api.db.tables import CandidateRow, Employer, User, VacancyRow, utcnow
from api.deps import AppServices, CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes._access import get_vacancy
from api.routes._enrich import apply_place, apply_rule_facts, detect_language, resolve_codes
from api.routes._persist import save_indexed
from api.routes._present import (
    candidate_anonymous,
    employer_names,
    invitation_state,
    match_parts,
    review_state,
    vacancy_public,
)
from api.schemas import (
    ShortlistEntry,
    ShortlistPublic,
    VacanciesPublic,
    VacancyCreate,
    VacancyPublic,
    VacancyUpdate,
)
from matching.errors import InvalidInputError

_NULLABLE = {"wage_hourly", "start_date"}
router = APIRouter(prefix="/api/v1/vacancies", tags=["vacancies"])


def present(services: AppServices, session: Session, row: VacancyRow) -> VacancyPublic:
    """One vacancy as the API shows it."""
    assert row.id is not None
    employer = session.get(Employer, row.employer_id)
    links = vacancy_occupations(session, [row.id]).get(row.id, [])
    return vacancy_public(services, row, links, employer.name if employer else "")


@router.post("", status_code=201, response_model=VacancyPublic)
def create_vacancy(
    body: VacancyCreate, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> VacancyPublic:
    """Post a vacancy (employers). The municipality is a name or a 5-digit code; occupations are classified
    from the title and description when none are given."""
    require_role(user, Role.EMPLOYER)
    if user.employer_id is None:
        raise HTTPException(403, "this employer account has no employer record")
    municipality = services.geography.resolve(body.municipality)
    text = f"{body.title}\n{body.description}".strip()
    language = detect_language(text)
    codes = resolve_codes(services, body.occupation_codes, text, language)
    fields = body.model_dump(exclude={"municipality", "occupation_codes"})
    row = VacancyRow(
        employer_id=user.employer_id,
        language=language,
        municipality_code="",
        municipality_name="",
        region_code="",
        **fields,
    )
    apply_place(row, municipality)
    apply_rule_facts(services, row, codes, date.today())
    save_indexed(services, session, "vacancies", row, codes)
    return present(services, session, row)


def _listing_query(user: User):  # type: ignore[no-untyped-def]
    stmt = select(VacancyRow).order_by(col(VacancyRow.id).desc())
    if user.role == Role.EMPLOYER:
        return stmt.where(VacancyRow.employer_id == (user.employer_id or -1))
    if user.role == Role.ADVISOR:
        return stmt.where(col(VacancyRow.region_code).in_(user_regions(user)))
    return stmt


@router.get("", response_model=VacanciesPublic)
def list_vacancies(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    status: str | None = Query(None, pattern="^(open|closed)$"),
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0),
) -> VacanciesPublic:
    """Vacancies the account may see: an employer its own, an advisor its regions', an admin all."""
    require_role(user, Role.EMPLOYER, Role.ADVISOR, Role.ADMIN)
    stmt = _listing_query(user)
    if status:
        stmt = stmt.where(VacancyRow.status == status)
    rows = list(session.exec(stmt.offset(offset).limit(limit)).all())
    ids = [r.id for r in rows if r.id is not None]
    links = vacancy_occupations(session, ids)
    names = employer_names(session, [r.employer_id for r in rows])
    data = [vacancy_public(services, r, links.get(r.id or 0, []), names.get(r.employer_id, "")) for r in rows]
    return VacanciesPublic(data=data, count=len(data))


@router.get("/{vacancy_id}", response_model=VacancyPublic)
def read_vacancy(vacancy_id: int, user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> VacancyPublic:
    """One vacancy (its employer, an advisor of its region, an admin)."""
    return present(services, session, get_vacancy(session, user, vacancy_id))


@router.patch("/{vacancy_id}", response_model=VacancyPublic)
def update_vacancy(
    vacancy_id: int, body: VacancyUpdate, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> VacancyPublic:
    """Change a vacancy; its occupations are re-classified when the text changes and none were given."""
    row = get_vacancy(session, user, vacancy_id, write=True)
    changes = body.model_dump(exclude_unset=True)
    place = services.geography.resolve(changes.pop("municipality")) if "municipality" in changes else None
    given = changes.pop("occupation_codes", None)
    for name, value in changes.items():
        if value is None and name not in _NULLABLE:
            raise InvalidInputError(f"field {name!r} cannot be null")
        setattr(row, name, value)
    text = f"{row.title}\n{row.description}".strip()
    text_changed = "title" in changes or "description" in changes
    if text_changed:
        row.language = detect_language(text)
    codes = None
    if given or (text_changed and not _has_given_codes(session, vacancy_id)):
        codes = resolve_codes(services, given, text, row.language) or None
    if place is not None:
        apply_place(row, place)
    current = codes if codes is not None else to_codes(vacancy_occupations(session, [vacancy_id]).get(vacancy_id, []))
    apply_rule_facts(services, row, current, date.today())
    row.updated_at = utcnow()
    save_indexed(services, session, "vacancies", row, codes)
    return present(services, session, row)


def _has_given_codes(session: Session, vacancy_id: int) -> bool:
    links = vacancy_occupations(session, [vacancy_id]).get(vacancy_id, [])
    return any(link.source == "given" for link in links)


@router.post("/{vacancy_id}/close", response_model=VacancyPublic)
def close_vacancy(vacancy_id: int, user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> VacancyPublic:
    """Close a vacancy: it leaves the vacancy index and candidates' matches."""
    row = get_vacancy(session, user, vacancy_id, write=True)
    row.status = "closed"
    row.updated_at = utcnow()
    save_indexed(services, session, "vacancies", row, None)
    return present(services, session, row)


@router.get("/{vacancy_id}/shortlist", response_model=ShortlistPublic)
def shortlist(
    vacancy_id: int,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    limit: int = Query(50, ge=1, le=500),
) -> ShortlistPublic:
    """Ranked, explained candidates for a vacancy; anonymous unless they accepted an invitation for it."""
    row = get_vacancy(session, user, vacancy_id)
    vacancy = vacancy_to_domain(row, vacancy_occupations(session, [vacancy_id]).get(vacancy_id, []))
    result = services.service.shortlist(vacancy, k=min(limit, services.settings.shortlist_limit_max))
    ids = [m.candidate_id for m in result.matches]
    rows = {r.id: r for r in session.exec(select(CandidateRow).where(col(CandidateRow.id).in_(ids))).all()}
    links = candidate_occupations(session, ids)
    accepted = accepted_candidates(session, vacancy_id, ids)
    reviews, invitations = workflow_state(session, vacancy_id, ids)
    data = [
        ShortlistEntry(
            candidate_id=m.candidate_id,
            candidate=candidate_anonymous(
                services, rows[m.candidate_id], links.get(m.candidate_id, []), show_contact=m.candidate_id in accepted
            ),
            review=review_state(reviews.get(m.candidate_id), internal=user.role != Role.EMPLOYER),
            invitation=invitation_state(invitations.get(m.candidate_id)),
            **match_parts(m),
        )
        for m in result.matches
        if m.candidate_id in rows
    ]
    audit.record(session, user, "shortlist.view", "vacancy", vacancy_id, result.rule_set_id, {"count": len(data)})
    session.commit()
    return ShortlistPublic(vacancy_id=vacancy_id, rule_set_id=result.rule_set_id, count=len(data), data=data)
