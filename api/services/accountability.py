"""Accountability: voluntary self-identification, requests for a person to review a ranking, audit purge.

- A candidate may state a gender (or "prefer not to say"), kept in its own table, read back only by the
  candidate and counted (never listed) by the bias audit.
- A candidate may ask that a person review how the engine ranked them (Québec's Law 25, decisions based
  exclusively on automated processing); advisors of the candidate's regions (or of the vacancy's region)
  see the request and answer it once (a second answer is a 409).
- Admins (or the command line) purge audit events older than the retention setting; the purge is audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, update
from sqlmodel import Session, col, select

from api import audit
from api.auth import Role, user_regions
from api.db.session import begin_write
from api.db.tables import CandidateRow, User, VacancyRow
from api.db.workflow_tables import ReviewRequest, SelfIdentification, utc_now
from api.deps import AppServices, require_role
from api.routes._access import candidate_visible
from api.services.errors import ConflictError, NotFoundError

GENDERS = ("woman", "man", "non_binary", "another", "prefer_not_to_say")


def own_file(session: Session, user: User, candidate_id: int) -> CandidateRow:
    """The candidate's own file (404 for anyone else's)."""
    require_role(user, Role.CANDIDATE)
    row = session.get(CandidateRow, candidate_id)
    if row is None or row.user_id != user.id:
        raise NotFoundError(f"candidate {candidate_id} not found")
    return row


def set_gender(session: Session, user: User, candidate_id: int, gender: str | None) -> str | None:
    """Store (or, with None, erase) the candidate's self-identified gender; returns what is stored."""
    own_file(session, user, candidate_id)
    begin_write(session)
    current = session.get(SelfIdentification, candidate_id)
    if gender is None:
        if current is not None:
            session.delete(current)
    elif current is None:
        session.add(SelfIdentification(candidate_id=candidate_id, gender=gender))
    else:
        current.gender, current.at = gender, utc_now()
        session.add(current)
    audit.record(
        session, user, "self_identification.set", "candidate", candidate_id, None, {"given": gender is not None}
    )
    session.commit()
    return gender


def get_gender(session: Session, user: User, candidate_id: int) -> str | None:
    """The candidate's self-identified gender, for the candidate only."""
    own_file(session, user, candidate_id)
    found = session.get(SelfIdentification, candidate_id)
    return found.gender if found is not None else None


def create_request(session: Session, user: User, vacancy_id: int | None, message: str) -> ReviewRequest:
    """A candidate asks a person to review a ranking (of one vacancy, or of their matches in general)."""
    require_role(user, Role.CANDIDATE)
    candidate = session.exec(select(CandidateRow).where(CandidateRow.user_id == user.id)).first()
    if candidate is None or candidate.id is None:
        raise ConflictError("create your candidate file before asking for a review")
    if vacancy_id is not None and session.get(VacancyRow, vacancy_id) is None:
        raise NotFoundError(f"vacancy {vacancy_id} not found")
    candidate_id = candidate.id
    begin_write(session)
    request = ReviewRequest(candidate_id=candidate_id, vacancy_id=vacancy_id, message=message)
    session.add(request)
    session.flush()
    audit.record(session, user, "review_request.create", "review_request", request.id, None, {"vacancy_id": vacancy_id})
    session.commit()
    return request


def _advisor_may_see(session: Session, user: User, request: ReviewRequest) -> bool:
    candidate = session.get(CandidateRow, request.candidate_id)
    if candidate is not None and candidate_visible(user, candidate):
        return True
    vacancy = session.get(VacancyRow, request.vacancy_id) if request.vacancy_id is not None else None
    return vacancy is not None and vacancy.region_code in user_regions(user)


def visible_requests(session: Session, user: User) -> list[ReviewRequest]:
    """The requests a user may read: a candidate's own, those of an advisor's regions, all for admins."""
    require_role(user, Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
    stmt = select(ReviewRequest).order_by(col(ReviewRequest.id).desc()).limit(1000)
    if user.role == Role.CANDIDATE:
        mine = select(CandidateRow.id).where(CandidateRow.user_id == user.id)
        return list(session.exec(stmt.where(col(ReviewRequest.candidate_id).in_(mine))).all())
    if user.role == Role.ADVISOR:
        regions = user_regions(user)
        region_vacancies = select(VacancyRow.id).where(col(VacancyRow.region_code).in_(regions))
        open_to: list[ColumnElement[bool]] = [col(CandidateRow.open_to_all_regions).is_(True)]
        open_to += [col(CandidateRow.regions_open).contains(code) for code in regions]
        candidates = select(CandidateRow.id).where(or_(*open_to))
        stmt = stmt.where(
            or_(col(ReviewRequest.candidate_id).in_(candidates), col(ReviewRequest.vacancy_id).in_(region_vacancies))
        )
        return [r for r in session.exec(stmt).all() if _advisor_may_see(session, user, r)]
    return list(session.exec(stmt).all())


def answer_request(session: Session, user: User, request_id: int, answer: str) -> ReviewRequest:
    """An advisor who can see the request (or an admin) answers it, once."""
    require_role(user, Role.ADVISOR, Role.ADMIN)
    request = session.get(ReviewRequest, request_id)
    if request is None or (user.role == Role.ADVISOR and not _advisor_may_see(session, user, request)):
        raise NotFoundError(f"review request {request_id} not found")
    begin_write(session)
    result = session.execute(
        update(ReviewRequest)
        .where(col(ReviewRequest.id) == request_id, col(ReviewRequest.status) == "open")
        .values(status="answered", answer=answer, answered_by_id=user.id, answered_at=utc_now())
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise ConflictError(f"review request {request_id} was already answered")
    audit.record(session, user, "review_request.answer", "review_request", request_id, None, {})
    session.commit()
    session.refresh(request)
    return request


def purge_audit(services: AppServices, session: Session, user: User | None) -> dict[str, Any]:
    """Purge audit events older than ``settings.audit_retention_days`` (admins; None is the command line)."""
    if user is not None:
        require_role(user, Role.ADMIN)
    return audit.purge(session, user, services.settings.audit_retention_days)
