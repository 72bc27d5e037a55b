"""Reviews: an advisor of the vacancy's region approves, rejects or annotates one match.

There is one current review per (vacancy, candidate); each change is also written to the audit log, which keeps
the history (previous and new decision, whether the note changed, the rule set in force).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api import audit
from api.auth import Role
from api.db.tables import User
from api.db.workflow_tables import Review, as_utc, utc_now
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes.workflow_access import actionable_candidate, visible_vacancy
from api.routes.workflow_schemas import ReviewIn, ReviewPublic
from api.routes.workflow_store import get_review
from api.schemas import RecordId

router = APIRouter(prefix="/api/v1", tags=["workflow"])


def review_public(review: Review) -> ReviewPublic:
    """A stored review as the API shows it."""
    return ReviewPublic(
        vacancy_id=review.vacancy_id,
        candidate_id=review.candidate_id,
        decision=review.decision,
        note=review.note,
        reviewer=review.reviewer_name,
        at=as_utc(review.at),
    )


def _apply(
    session: Session, user: User, vacancy_id: int, candidate_id: int, body: ReviewIn, rule_set_id: str
) -> Review:
    review = get_review(session, vacancy_id, candidate_id)
    previous = review.decision if review is not None else None
    if review is None:
        review = Review(vacancy_id=vacancy_id, candidate_id=candidate_id, reviewer_id=user.id or 0)
    note_changed = "note" in body.model_fields_set and (body.note or "") != review.note
    if "decision" in body.model_fields_set:
        review.decision = body.decision
    if "note" in body.model_fields_set:
        review.note = body.note or ""
    review.reviewer_id = user.id or 0
    review.reviewer_name = user.name
    review.rule_set_id = rule_set_id
    review.at = utc_now()
    session.add(review)
    detail = {
        "candidate_id": candidate_id,
        "decision": review.decision,
        "previous_decision": previous,
        "note_changed": note_changed,
    }
    audit.record(session, user, "review.set", "vacancy", vacancy_id, rule_set_id, detail)
    session.commit()
    return review


@router.post("/vacancies/{vacancy_id}/reviews/{candidate_id}", response_model=ReviewPublic)
def set_review(
    vacancy_id: RecordId,
    candidate_id: RecordId,
    body: ReviewIn,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
) -> ReviewPublic:
    """Approve, reject or annotate a match (advisors of the vacancy's region, on a candidate they may read).

    A field left out of the body keeps its value: ``{"note": "…"}`` annotates without changing the
    decision; ``{"decision": null}`` clears the decision.
    """
    require_role(user, Role.ADVISOR)
    visible_vacancy(session, user, vacancy_id)
    actionable_candidate(session, user, vacancy_id, candidate_id)
    rule_set_id = services.rules.in_force(date.today()).id
    try:
        review = _apply(session, user, vacancy_id, candidate_id, body, rule_set_id)
    except IntegrityError:  # another advisor created the review at the same moment: update it instead
        session.rollback()
        review = _apply(session, user, vacancy_id, candidate_id, body, rule_set_id)
    return review_public(review)
