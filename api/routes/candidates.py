"""Candidates: create a profile, upload a résumé, read, update, export, delete, and ranked matches.

Thin handlers over :class:`api.services.CandidateService`; a write answers with its change id in ``X-Change-Id``,
and ``GET …/matches?after=<change id>`` waits (bounded) until the index reflects that change. The upload is a
plain ``def``: reading the file, extracting its text and classifying it run in the thread pool, never on the event
loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response, UploadFile

from api.deps import CurrentUserDep, ServiceDep, SessionDep
from api.routes._written import CHANGE_HEADER, IndexCaughtUp, answer
from api.schemas import CandidateCreate, CandidatePublic, CandidateUpdate, MatchesPublic, RecordId
from api.services import CandidateService

router = APIRouter(prefix="/api/v1/candidates", tags=["candidates"])


@router.post("", status_code=201, response_model=CandidatePublic)
def create_candidate(
    body: CandidateCreate, user: CurrentUserDep, session: SessionDep, services: ServiceDep, response: Response
) -> CandidatePublic:
    """Create the profile of the current candidate account (one per account)."""
    return answer(response, CandidateService(services, session).create(user, body))


@router.post("/{candidate_id}/resume", response_model=CandidatePublic)
def upload_resume(
    candidate_id: RecordId,
    file: UploadFile,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    response: Response,
) -> CandidatePublic:
    """Replace the résumé with an uploaded PDF, DOCX or text file (at most 5 MB)."""
    data = file.file.read(services.settings.max_upload_bytes + 1)
    written = CandidateService(services, session).upload_resume(
        user, candidate_id, data, file.filename or "", file.content_type or ""
    )
    return answer(response, written)


@router.get("/{candidate_id}", response_model=CandidatePublic)
def read_candidate(
    candidate_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> CandidatePublic:
    """The profile (the candidate, an advisor of a region it is open to, an admin)."""
    return CandidateService(services, session).read(user, candidate_id)


@router.patch("/{candidate_id}", response_model=CandidatePublic)
def update_candidate(
    candidate_id: RecordId,
    body: CandidateUpdate,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    response: Response,
) -> CandidatePublic:
    """Change the profile; a new text is re-read (language, facts, occupations unless given)."""
    return answer(response, CandidateService(services, session).update(user, candidate_id, body))


@router.delete("/{candidate_id}", status_code=204)
def delete_candidate(
    candidate_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> Response:
    """Erase the candidate's file: profile, résumé, occupations, reviews, invitations, its index entry and the
    name on its account (the audit log keeps ids only)."""
    change = CandidateService(services, session).delete(user, candidate_id)
    return Response(status_code=204, headers={CHANGE_HEADER: str(change)})


@router.get("/{candidate_id}/export")
def export_candidate(
    candidate_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> dict[str, Any]:
    """Everything held about the candidate, as JSON (profile, occupations, invitations, reviews)."""
    return CandidateService(services, session).export(user, candidate_id)


@router.get("/{candidate_id}/matches", response_model=MatchesPublic)
def matches(
    candidate_id: RecordId,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    after: IndexCaughtUp,
    limit: int = Query(50, ge=1, le=500),
) -> MatchesPublic:
    """Ranked, explained open vacancies for a candidate."""
    return CandidateService(services, session).matches(user, candidate_id, limit, after)
