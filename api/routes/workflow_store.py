"""Database reads and writes of the review workflow.

``contact_visible`` and ``workflow_state`` (what the shortlist shows) live in ``api.db.repository``; the
candidate deletion calls :func:`forget_candidate` here. The indicator and fairness reads are at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, delete, func, select

from api.db.repository import split_codes
from api.db.tables import CandidateRow, VacancyRow
from api.db.workflow_tables import (
    Arrival,
    FollowUp,
    Invitation,
    JobOffer,
    Review,
    ReviewRequest,
    SelfIdentification,
    ShortlistAppearance,
    utc_now,
)
from api.routes.workflow_metrics import VacancyFacts


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


def record_appearances(session: Session, vacancy_id: int, candidate_ids: Sequence[int]) -> None:
    """Remember that a shortlist of a vacancy showed these candidates (already known pairs are kept as they are).

    One ``INSERT … ON CONFLICT DO NOTHING`` statement, executed for the rows (one compiled statement, cached,
    whatever the number of rows), in the caller's transaction; the caller commits.

    Args:
        session: the open database session.
        vacancy_id: the vacancy whose shortlist was shown.
        candidate_ids: the candidates it showed.
    """
    if not candidate_ids:
        return
    now = utc_now()
    rows = [{"vacancy_id": vacancy_id, "candidate_id": c, "first_seen_at": now} for c in sorted(set(candidate_ids))]
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    session.connection().execute(insert(ShortlistAppearance).on_conflict_do_nothing(), rows)


def has_appeared(session: Session, vacancy_id: int, candidate_id: int) -> bool:
    """Whether a shortlist of the vacancy ever showed the candidate (a primary-key lookup)."""
    return session.get(ShortlistAppearance, (vacancy_id, candidate_id)) is not None


def forget_candidate(session: Session, candidate_id: int) -> int:
    """Delete a candidate's reviews, invitations, offers, arrival, follow-ups, self-identification, review
    requests and shortlist appearances (erasure of its file); the caller commits.

    The audit log keeps its events: they hold ids and roles only. Accepted invitations go too, so the
    indicators stop counting an erased candidate; keeping them would also risk handing them to a future
    file that reuses the id (SQLite may reuse the highest rowid after a delete).

    Args:
        session: the open database session.
        candidate_id: the candidate being deleted.

    Returns:
        How many rows were deleted.
    """
    removed = 0
    tables = (Review, Invitation, JobOffer, Arrival, FollowUp, SelfIdentification, ReviewRequest, ShortlistAppearance)
    for table in tables:
        result = session.exec(delete(table).where(col(table.candidate_id) == candidate_id))
        removed += int(result.rowcount or 0)
    return removed


def candidates_by_region(session: Session, region_codes: Sequence[str]) -> tuple[dict[str, int], int]:
    """Candidate files open to each region, and distinct files open to at least one of them.

    One grouped scan of the candidate table (by the stored region list), split here.

    Args:
        session: the open database session.
        region_codes: the regions reported.

    Returns:
        (count per region code, distinct total).
    """
    wanted = set(region_codes)
    stmt = select(CandidateRow.regions_open, CandidateRow.open_to_all_regions, func.count()).group_by(
        col(CandidateRow.regions_open), col(CandidateRow.open_to_all_regions)
    )
    per_region: dict[str, int] = dict.fromkeys(region_codes, 0)
    total = 0
    for regions_open, open_to_all, count in session.exec(stmt):
        hit = wanted if open_to_all else wanted & set(split_codes(regions_open))
        for code in hit:
            per_region[code] += int(count)
        total += int(count) if hit else 0
    return per_region, total


def vacancy_facts(session: Session, region_codes: Sequence[str]) -> list[VacancyFacts]:
    """What the indicators need of the vacancies of some regions."""
    stmt = select(VacancyRow).where(col(VacancyRow.region_code).in_(list(region_codes)))
    return [
        VacancyFacts(v.id or 0, v.region_code, v.status, v.positions, v.outside_boundary) for v in session.exec(stmt)
    ]


def pool_counts(session: Session, column: Literal["country", "status"]) -> dict[str, int]:
    """How many candidate files carry each country (or status)."""
    field = col(CandidateRow.country) if column == "country" else col(CandidateRow.status)
    return {str(v): int(n) for v, n in session.exec(select(field, func.count()).group_by(field))}


def candidate_traits(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Country and status of some candidates, by id."""
    if not ids:
        return {}
    stmt = select(CandidateRow.id, CandidateRow.country, CandidateRow.status).where(col(CandidateRow.id).in_(list(ids)))
    return {int(i or 0): (c, s) for i, c, s in session.exec(stmt)}
