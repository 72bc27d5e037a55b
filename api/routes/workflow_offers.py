"""Job offers and hires, arrivals and follow-ups (the steps after an accepted invitation).

The work is in :mod:`api.services.outcomes`; these handlers only parse, call and present.
"""

from __future__ import annotations

from fastapi import APIRouter, Path
from sqlmodel import Session, select

from api.auth import Role
from api.db.tables import VacancyRow
from api.db.workflow_tables import Arrival, FollowUp, JobOffer, as_utc
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes._access import get_candidate
from api.routes.outcome_schemas import (
    ArrivalIn,
    ArrivalPublic,
    FollowUpIn,
    FollowUpPublic,
    HirePublic,
    JobOfferPublic,
    JobOffersPublic,
    OfferCreate,
    OutcomesPublic,
)
from api.schemas import RecordId
from api.services import outcomes

router = APIRouter(prefix="/api/v1", tags=["outcomes"])


def _utc(moment: object) -> object:
    return as_utc(moment) if moment is not None else None  # type: ignore[arg-type]


def offer_public(session: Session, offer: JobOffer) -> JobOfferPublic:
    """A stored job offer as the API shows it."""
    vacancy = session.get(VacancyRow, offer.vacancy_id)
    fields = offer.model_dump(exclude={"offered_by_id", "rule_set_id"})
    for key in ("matched_at", "invited_at", "offered_at", "decided_at", "hired_at"):
        fields[key] = _utc(fields[key])
    return JobOfferPublic(**fields, vacancy_title=vacancy.title if vacancy is not None else "")


@router.post("/invitations/{invitation_id}/offer", status_code=201, response_model=JobOfferPublic)
def make_offer(
    invitation_id: RecordId, user: CurrentUserDep, session: SessionDep, body: OfferCreate | None = None
) -> JobOfferPublic:
    """Offer the job to the candidate who accepted this invitation (the vacancy's employer; one offer each)."""
    body = body or OfferCreate()
    offer = outcomes.make_offer(session, user, invitation_id, body.wage_hourly, body.message or "")
    return offer_public(session, offer)


@router.get("/offers", response_model=JobOffersPublic)
def list_offers(user: CurrentUserDep, session: SessionDep) -> JobOffersPublic:
    """Job offers of the caller: a candidate's own, an employer's vacancies', an advisor's regions', all (admin)."""
    offers = outcomes.offers_visible(session, user)
    return JobOffersPublic(data=[offer_public(session, o) for o in offers], count=len(offers))


@router.post("/offers/{offer_id}/accept", response_model=JobOfferPublic)
def accept_offer(offer_id: RecordId, user: CurrentUserDep, session: SessionDep) -> JobOfferPublic:
    """Accept a job offer (the candidate; once: a second answer is a 409)."""
    return offer_public(session, outcomes.answer_offer(session, user, offer_id, accept=True))


@router.post("/offers/{offer_id}/decline", response_model=JobOfferPublic)
def decline_offer(offer_id: RecordId, user: CurrentUserDep, session: SessionDep) -> JobOfferPublic:
    """Decline a job offer (the candidate; once: a second answer is a 409)."""
    return offer_public(session, outcomes.answer_offer(session, user, offer_id, accept=False))


@router.post("/offers/{offer_id}/hire", response_model=HirePublic)
def hire(offer_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> HirePublic:
    """Record the hire of an accepted offer (the employer); the vacancy closes when all positions are hired."""
    offer, hired, filled = outcomes.hire(services, session, user, offer_id)
    vacancy = session.get(VacancyRow, offer.vacancy_id)
    positions = vacancy.positions if vacancy is not None else 0
    return HirePublic(offer=offer_public(session, offer), positions=positions, positions_hired=hired, filled=filled)


def _arrival_public(arrival: Arrival) -> ArrivalPublic:
    return ArrivalPublic.model_validate(arrival, from_attributes=True)


@router.put("/candidates/{candidate_id}/arrival", response_model=ArrivalPublic)
def set_arrival(
    candidate_id: RecordId, body: ArrivalIn, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> ArrivalPublic:
    """Record the arrival in Québec and the municipality where the candidate lives and works."""
    arrival = outcomes.record_arrival(services, session, user, candidate_id, body.arrived_on, body.municipality)
    return _arrival_public(arrival)


@router.put("/candidates/{candidate_id}/follow-ups/{months}", response_model=FollowUpPublic)
def set_follow_up(
    candidate_id: RecordId,
    body: FollowUpIn,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    months: int = Path(ge=6, le=12, description="6 or 12 (months after arrival)."),
) -> FollowUpPublic:
    """Record the 6- or 12-month follow-up: still living and working there, and the municipality now."""
    answers = (body.seen_on, body.living_there, body.working_there, body.municipality)
    follow = outcomes.record_follow_up(services, session, user, candidate_id, months, answers)
    return FollowUpPublic.model_validate(follow, from_attributes=True)


@router.get("/candidates/{candidate_id}/outcomes", response_model=OutcomesPublic)
def read_outcomes(candidate_id: RecordId, user: CurrentUserDep, session: SessionDep) -> OutcomesPublic:
    """The candidate's arrival and follow-ups (the candidate, advisors who can read the file, admins)."""
    require_role(user, Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
    get_candidate(session, user, candidate_id)
    arrival = session.get(Arrival, candidate_id)
    follows = session.exec(select(FollowUp).where(FollowUp.candidate_id == candidate_id)).all()
    return OutcomesPublic(
        candidate_id=candidate_id,
        arrival=_arrival_public(arrival) if arrival is not None else None,
        follow_ups=[
            FollowUpPublic.model_validate(f, from_attributes=True) for f in sorted(follows, key=lambda f: f.months)
        ],
    )
