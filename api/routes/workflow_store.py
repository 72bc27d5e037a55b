"""Database reads and writes of the review workflow.

``contact_visible`` and ``workflow_state`` (what the shortlist shows) live in ``api.db.repository``; the
candidate deletion calls :func:`forget_candidate` here.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, delete, select

from api.db.workflow_tables import Invitation, Review, as_utc


def review_to_dict(review: Review) -> dict[str, Any]:
    """The decision part of a review, as in ``ShortlistEntry.review``."""
    return {
        "decision": review.decision,
        "note": review.note,
        "reviewer": review.reviewer_name,
        "at": as_utc(review.at).isoformat(),
    }


def get_review(session: Session, vacancy_id: int, candidate_id: int) -> Review | None:
    """The current review of a pair, if any."""
    return session.exec(
        select(Review).where(Review.vacancy_id == vacancy_id, Review.candidate_id == candidate_id)
    ).first()


def get_invitation_for_pair(session: Session, vacancy_id: int, candidate_id: int) -> Invitation | None:
    """The invitation of a pair, if any (there is at most one)."""
    return session.exec(
        select(Invitation).where(Invitation.vacancy_id == vacancy_id, Invitation.candidate_id == candidate_id)
    ).first()


def forget_candidate(session: Session, candidate_id: int) -> int:
    """Delete a candidate's reviews and invitations (erasure of its file); the caller commits.

    The audit log keeps its events: they hold ids and roles only.

    Args:
        session: the open database session.
        candidate_id: the candidate being deleted.

    Returns:
        How many rows were deleted.
    """
    removed = 0
    for table in (Review, Invitation):
        result = session.exec(delete(table).where(col(table.candidate_id) == candidate_id))
        removed += int(result.rowcount or 0)
    return removed
