"""Database reads of the outcome indicators: job offers with the dates of their file, arrivals, follow-ups."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from api.db.workflow_tables import Arrival, FollowUp, JobOffer, as_utc
from api.routes.outcome_metrics import ArrivalFact, FollowUpFact, OfferFact


def offer_facts(session: Session, region_codes: Sequence[str]) -> list[OfferFact]:
    """Job offers for vacancies of some regions, with the UTC days of their file."""
    stmt = select(JobOffer).where(col(JobOffer.region_code).in_(list(region_codes)))
    return [
        OfferFact(
            vacancy_id=o.vacancy_id,
            candidate_id=o.candidate_id,
            region_code=o.region_code,
            fast_track=o.fast_track,
            status=o.status,
            matched_on=as_utc(o.matched_at).date(),
            invited_on=as_utc(o.invited_at).date(),
            offered_on=as_utc(o.offered_at).date(),
            decided_on=as_utc(o.decided_at).date() if o.decided_at is not None else None,
            hired_on=as_utc(o.hired_at).date() if o.hired_at is not None else None,
        )
        for o in session.exec(stmt)
    ]


def arrival_facts(session: Session, candidate_ids: Sequence[int] | None = None) -> list[ArrivalFact]:
    """Recorded arrivals (of some candidates, or all)."""
    stmt = select(Arrival)
    if candidate_ids is not None:
        stmt = stmt.where(col(Arrival.candidate_id).in_(list(candidate_ids)))
    return [ArrivalFact(a.candidate_id, a.arrived_on, a.region_code, a.outside_boundary) for a in session.exec(stmt)]


def follow_up_facts(session: Session, candidate_ids: Sequence[int]) -> list[FollowUpFact]:
    """Follow-ups of some candidates."""
    stmt = select(FollowUp).where(col(FollowUp.candidate_id).in_(list(candidate_ids)))
    return [
        FollowUpFact(f.candidate_id, f.months, f.seen_on, f.living_there, f.working_there, f.outside_boundary)
        for f in session.exec(stmt)
    ]
