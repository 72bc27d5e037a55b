"""Candidates: create a profile, upload a résumé, read, update, export, delete, and ranked matches."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Response, UploadFile
from sqlmodel import Session, col, select

from api import audit
from api.auth import Role
from api.db.repository import (
    candidate_occupations,
    candidate_to_domain,
    record_change,
    set_candidate_occupations,
    vacancy_occupations,
)
from api.db.tables import CandidateRow, User, VacancyRow, utcnow
from api.deps import AppServices, CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes import _resume
from api.routes._access import get_candidate
from api.routes._persist import save_indexed
from api.routes._present import candidate_public, employer_names, match_parts, vacancy_public
from api.routes.workflow_store import forget_candidate
from api.schemas import CandidateCreate, CandidatePublic, CandidateUpdate, MatchEntry, MatchesPublic
from matching.errors import InvalidInputError
from matching.models import OccupationCode

router = APIRouter(prefix="/api/v1/candidates", tags=["candidates"])


def present(services: AppServices, session: Session, row: CandidateRow) -> CandidatePublic:
    """The full profile."""
    assert row.id is not None
    return candidate_public(services, row, candidate_occupations(session, [row.id]).get(row.id, []))


@router.post("", status_code=201, response_model=CandidatePublic)
def create_candidate(
    body: CandidateCreate, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> CandidatePublic:
    """Create the profile of the current candidate account (one per account)."""
    require_role(user, Role.CANDIDATE)
    if session.exec(select(CandidateRow.id).where(CandidateRow.user_id == user.id)).first() is not None:
        raise HTTPException(409, "this account already has a candidate profile: use PATCH to change it")
    assert user.id is not None
    fields = body.model_dump(exclude={"occupation_codes", "regions_open", "text"})
    row = CandidateRow(user_id=user.id, regions_open=",".join(body.regions_open), text="", **fields)
    codes = _resume.apply_text(services, row, body.text or "", body.model_fields_set, body.occupation_codes)
    save_indexed(services, session, "candidates", row, codes)
    return present(services, session, row)


@router.post("/{candidate_id}/resume", response_model=CandidatePublic)
async def upload_resume(
    candidate_id: int, file: UploadFile, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> CandidatePublic:
    """Replace the résumé with an uploaded PDF, DOCX or text file (at most 5 MB)."""
    row = get_candidate(session, user, candidate_id, write=True)
    data = await file.read(services.settings.max_upload_bytes + 1)
    text = _resume.extract(services, data, file.filename or "", file.content_type or "")
    given = [link for link in candidate_occupations(session, [candidate_id]).get(candidate_id, [])]
    keep_given = [c.code for c in given if c.source == "given"]
    codes = _resume.apply_text(services, row, text, set(), keep_given or None)
    row.resume_filename = (file.filename or "resume")[:255]
    row.updated_at = utcnow()
    save_indexed(services, session, "candidates", row, codes)
    return present(services, session, row)


@router.get("/{candidate_id}", response_model=CandidatePublic)
def read_candidate(
    candidate_id: int, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> CandidatePublic:
    """The profile (the candidate, an advisor of a region it is open to, an admin)."""
    return present(services, session, get_candidate(session, user, candidate_id))


@router.patch("/{candidate_id}", response_model=CandidatePublic)
def update_candidate(
    candidate_id: int, body: CandidateUpdate, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> CandidatePublic:
    """Change the profile; a new text is re-read (language, facts, occupations unless given)."""
    row = get_candidate(session, user, candidate_id, write=True)
    changes = body.model_dump(exclude_unset=True)
    given = changes.pop("occupation_codes", None)
    text = changes.pop("text", None)
    if "regions_open" in changes:
        changes["regions_open"] = ",".join(changes["regions_open"] or [])
    for name, value in changes.items():
        if value is None and name not in {"available_from"}:
            raise InvalidInputError(f"field {name!r} cannot be null")
        setattr(row, name, value)
    codes: list[OccupationCode] | None = None
    if text is not None:
        codes = _resume.apply_text(services, row, text, set(body.model_fields_set), given)
    elif given:
        codes = _resume.given_codes(services, given)
    row.updated_at = utcnow()
    save_indexed(services, session, "candidates", row, codes)
    return present(services, session, row)


@router.delete("/{candidate_id}", status_code=204)
def delete_candidate(candidate_id: int, user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> Response:
    """Erase the candidate's file: profile, résumé, occupations, reviews, invitations, its index entry and the
    name on its account (the audit log keeps ids only)."""
    row = get_candidate(session, user, candidate_id, write=True)
    with services.sync.lock:
        set_candidate_occupations(session, candidate_id, [])
        forget_candidate(session, candidate_id)
        account = session.get(User, row.user_id)
        if account is not None and account.role == Role.CANDIDATE.value:
            account.name = ""  # the account stays (its token can create a new profile), without the person's name
            session.add(account)
        session.delete(row)
        record_change(session, "candidates", candidate_id)
        audit.record(session, user, "candidate.delete", "candidate", candidate_id)
        session.commit()
        services.sync.apply("candidates", [candidate_id])
    return Response(status_code=204)


@router.get("/{candidate_id}/export")
def export_candidate(
    candidate_id: int, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> dict[str, Any]:
    """Everything held about the candidate, as JSON (profile, occupations, invitations, reviews)."""
    row = get_candidate(session, user, candidate_id, write=True)
    return _resume.export(services, session, row, present(services, session, row))


@router.get("/{candidate_id}/matches", response_model=MatchesPublic)
def matches(
    candidate_id: int,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    limit: int = Query(50, ge=1, le=500),
) -> MatchesPublic:
    """Ranked, explained open vacancies for a candidate."""
    row = get_candidate(session, user, candidate_id)
    candidate = candidate_to_domain(row, candidate_occupations(session, [candidate_id]).get(candidate_id, []))
    query = _resume.query_vector(services, candidate)
    result = services.service.matches_for(candidate, k=min(limit, services.settings.shortlist_limit_max), query=query)
    ids = [m.vacancy_id for m in result.matches]
    rows = {r.id: r for r in session.exec(select(VacancyRow).where(col(VacancyRow.id).in_(ids))).all()}
    links = vacancy_occupations(session, ids)
    names = employer_names(session, [r.employer_id for r in rows.values()])
    data = [
        MatchEntry(
            vacancy_id=m.vacancy_id,
            vacancy=vacancy_public(
                services, rows[m.vacancy_id], links.get(m.vacancy_id, []), names.get(rows[m.vacancy_id].employer_id, "")
            ),
            **match_parts(m),
        )
        for m in result.matches
        if m.vacancy_id in rows
    ]
    audit.record(session, user, "matches.view", "candidate", candidate_id, result.rule_set_id, {"count": len(data)})
    session.commit()
    return MatchesPublic(candidate_id=candidate_id, rule_set_id=result.rule_set_id, count=len(data), data=data)
