"""Outcomes of a match after the invitation: job offer, the candidate's answer, hire, arrival, follow-ups.

An accepted invitation to talk is not a job offer, and a job offer is not a hire (PRODUCT.md). The steps:

1. the vacancy's employer makes a job offer to a candidate who accepted its invitation (one per invitation);
2. the candidate accepts or declines it, once: the answer is a conditional update, a second answer is a 409;
3. the employer records the hire of an accepted offer; when the hires reach the vacancy's positions the
   vacancy is filled and closed (it leaves the index);
4. the candidate, or an advisor who can read the file, records the arrival in Québec and the municipality
   where they live and work, then follow-ups at 6 and 12 months.

Every step writes an audit event in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from api import audit, components
from api.auth import Role, user_regions
from api.db.repository import record_change
from api.db.session import begin_write
from api.db.tables import CandidateRow, User, VacancyRow
from api.db.workflow_tables import (
    Arrival,
    FollowUp,
    Invitation,
    InvitationStatus,
    JobOffer,
    OfferStatus,
    as_utc,
    utc_now,
)
from api.deps import AppServices, require_role
from api.routes._access import get_candidate
from api.services.errors import ConflictError, NotFoundError
from api.services.writes import after_commit
from matching.errors import InvalidInputError, RuleSetError

FOLLOW_UP_MONTHS = (6, 12)


def _not_found(kind: str, object_id: int) -> NotFoundError:
    return NotFoundError(f"{kind} {object_id} not found")


def _own_vacancy(session: Session, user: User, vacancy_id: int) -> VacancyRow:
    vacancy = session.get(VacancyRow, vacancy_id)
    if vacancy is None or user.employer_id is None or vacancy.employer_id != user.employer_id:
        raise _not_found("vacancy", vacancy_id)
    return vacancy


def make_offer(session: Session, user: User, invitation_id: int, wage_hourly: float | None, message: str) -> JobOffer:
    """The employer of the invitation's vacancy offers the job to the candidate who accepted the invitation.

    Args:
        session: the request's session.
        user: the current account (an employer).
        invitation_id: the accepted invitation.
        wage_hourly: the hourly wage offered (the vacancy's when None).
        message: a note to the candidate.

    Returns:
        The committed offer (409 when the invitation is not accepted or already has an offer).
    """
    require_role(user, Role.EMPLOYER)
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise _not_found("invitation", invitation_id)
    vacancy = _own_vacancy(session, user, invitation.vacancy_id)
    if invitation.status != InvitationStatus.ACCEPTED.value:
        raise ConflictError(f"invitation {invitation_id} is {invitation.status}: an offer needs an accepted one")
    candidate = session.get(CandidateRow, invitation.candidate_id)
    if candidate is None:
        raise _not_found("invitation", invitation_id)
    matched = max(as_utc(vacancy.created_at), as_utc(candidate.created_at))
    begin_write(session)
    offer = JobOffer(
        invitation_id=invitation_id,
        vacancy_id=vacancy.id or 0,
        candidate_id=invitation.candidate_id,
        region_code=vacancy.region_code,
        offered_by_id=user.id or 0,
        fast_track=invitation.fast_track,
        rule_set_id=invitation.rule_set_id,
        wage_hourly=wage_hourly if wage_hourly is not None else vacancy.wage_hourly,
        message=message,
        matched_at=matched,
        invited_at=as_utc(invitation.created_at),
    )
    session.add(offer)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        raise ConflictError(f"invitation {invitation_id} already has a job offer") from exc
    detail = {"candidate_id": offer.candidate_id, "vacancy_id": offer.vacancy_id, "fast_track": offer.fast_track}
    audit.record(session, user, "offer.create", "job_offer", offer.id, offer.rule_set_id, detail)
    session.commit()
    return offer


def _transition(session: Session, offer: JobOffer, source: OfferStatus, target: OfferStatus, stamp: str) -> None:
    """Move an offer from ``source`` to ``target`` only if it still is in ``source`` (409 otherwise)."""
    moment = utc_now()
    result = session.execute(
        update(JobOffer)
        .where(col(JobOffer.id) == offer.id, col(JobOffer.status) == source.value)
        .values({"status": target.value, stamp: moment})
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        current = session.get(JobOffer, offer.id)
        state = current.status if current is not None else "gone"
        raise ConflictError(f"job offer {offer.id} is {state}, not {source.value}")
    session.refresh(offer)


def answer_offer(session: Session, user: User, offer_id: int, accept: bool) -> JobOffer:
    """The candidate accepts or declines a job offer, once.

    Args:
        session: the request's session.
        user: the current account (the candidate the offer is for).
        offer_id: the offer.
        accept: True to accept.

    Returns:
        The updated offer.
    """
    require_role(user, Role.CANDIDATE)
    offer = session.get(JobOffer, offer_id)
    candidate = session.get(CandidateRow, offer.candidate_id) if offer is not None else None
    if offer is None or candidate is None or candidate.user_id != user.id:
        raise _not_found("job offer", offer_id)
    target = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    begin_write(session)
    _transition(session, offer, OfferStatus.PENDING, target, "decided_at")
    action = "offer.accept" if accept else "offer.decline"
    detail = {"vacancy_id": offer.vacancy_id, "fast_track": offer.fast_track}
    audit.record(session, user, action, "job_offer", offer.id, offer.rule_set_id, detail)
    session.commit()
    return offer


def hired_count(session: Session, vacancy_id: int) -> int:
    """How many of a vacancy's offers became hires."""
    stmt = select(func.count()).where(JobOffer.vacancy_id == vacancy_id, JobOffer.status == OfferStatus.HIRED.value)
    return int(session.exec(stmt).one())


def hire(services: AppServices, session: Session, user: User, offer_id: int) -> tuple[JobOffer, int, bool]:
    """The employer records the hire of an accepted offer; the vacancy closes when all its positions are hired.

    The count of hires is read in the write transaction (``begin_write``: SQLite's write lock, and the offer's
    conditional update on PostgreSQL), so two hires at once cannot exceed the positions.

    Args:
        services: the components (the index worker, to take a filled vacancy out of the index).
        session: the request's session.
        user: the current account (the vacancy's employer).
        offer_id: an accepted offer.

    Returns:
        (offer, positions hired, whether the vacancy is now filled).
    """
    require_role(user, Role.EMPLOYER)
    offer = session.get(JobOffer, offer_id)
    if offer is None:
        raise _not_found("job offer", offer_id)
    _own_vacancy(session, user, offer.vacancy_id)
    begin_write(session)
    vacancy = session.get(VacancyRow, offer.vacancy_id, with_for_update=True)
    assert vacancy is not None
    if hired_count(session, offer.vacancy_id) >= max(vacancy.positions, 1):
        session.rollback()
        raise ConflictError(f"all {vacancy.positions} position(s) of vacancy {vacancy.id} are already hired")
    _transition(session, offer, OfferStatus.ACCEPTED, OfferStatus.HIRED, "hired_at")
    hired = hired_count(session, offer.vacancy_id)
    filled = hired >= max(vacancy.positions, 1)
    change_id = None
    if filled and vacancy.status == "open":
        vacancy.status = "closed"
        vacancy.updated_at = utc_now()
        session.add(vacancy)
    detail = {"vacancy_id": offer.vacancy_id, "hired": hired, "positions": vacancy.positions, "filled": filled}
    audit.record(session, user, "offer.hire", "job_offer", offer.id, offer.rule_set_id, detail)
    if filled:
        change_id = record_change(session, "vacancies", offer.vacancy_id)  # last, just before the commit
    session.commit()
    if change_id is not None:
        after_commit(services, change_id)
    return offer, hired, filled


def _place(services: AppServices, municipality: str, on: date) -> tuple[str, str, str, bool]:
    """(code, name, region, outside the boundary in force on ``on``) of a municipality name or code (or 422)."""
    found = services.geography.resolve(municipality)
    try:
        facts = components.vacancy_facts(services.rules, services.occupations, found, [], on)
    except RuleSetError:  # before the first rule set: the boundary of today's
        facts = components.vacancy_facts(services.rules, services.occupations, found, [], date.today())
    return found.code, found.name, found.region_code, facts.outside_boundary


def _readable_file(session: Session, user: User, candidate_id: int) -> CandidateRow:
    require_role(user, Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
    return get_candidate(session, user, candidate_id)


def record_arrival(
    services: AppServices, session: Session, user: User, candidate_id: int, arrived_on: date, municipality: str
) -> Arrival:
    """Record (or correct) a candidate's arrival in Québec and where they live and work.

    Args:
        services: the components (geography, rule sets).
        session: the request's session.
        user: the candidate itself, an advisor who can read the file, or an admin.
        candidate_id: the candidate.
        arrived_on: the day of arrival (not in the future).
        municipality: name or 5-digit code of the municipality where they live and work.

    Returns:
        The stored arrival.
    """
    _readable_file(session, user, candidate_id)
    if arrived_on > date.today():
        raise InvalidInputError(f"arrival date {arrived_on.isoformat()} is in the future")
    code, name, region, outside = _place(services, municipality, arrived_on)
    begin_write(session)
    arrival = session.get(Arrival, candidate_id)
    previous = arrival.arrived_on.isoformat() if arrival is not None else None
    arrival = arrival or Arrival(
        candidate_id=candidate_id,
        arrived_on=arrived_on,
        municipality_code=code,
        municipality_name=name,
        region_code=region,
        recorded_by_id=user.id or 0,
        recorded_by_role=str(user.role),
    )
    arrival.arrived_on, arrival.municipality_code, arrival.municipality_name = arrived_on, code, name
    arrival.region_code, arrival.outside_boundary = region, outside
    arrival.recorded_by_id, arrival.recorded_by_role = user.id or 0, str(user.role)
    arrival.recorded_at = utc_now()
    session.add(arrival)
    detail = {"region_code": region, "outside_boundary": outside, "previous_arrival": previous}
    audit.record(session, user, "arrival.set", "candidate", candidate_id, None, detail)
    session.commit()
    return arrival


def record_follow_up(
    services: AppServices,
    session: Session,
    user: User,
    candidate_id: int,
    months: int,
    answers: tuple[date, bool, bool, str],
) -> FollowUp:
    """Record (or correct) the 6- or 12-month follow-up of an arrived candidate.

    Args:
        services: the components.
        session: the request's session.
        user: the candidate itself, an advisor who can read the file, or an admin.
        candidate_id: the candidate.
        months: 6 or 12.
        answers: (day of the follow-up, still living there, still working there, municipality now).

    Returns:
        The stored follow-up (409 when no arrival was recorded).
    """
    _readable_file(session, user, candidate_id)
    if months not in FOLLOW_UP_MONTHS:
        raise InvalidInputError(f"a follow-up is at 6 or 12 months, not {months}")
    seen_on, living, working, municipality = answers
    arrival = session.get(Arrival, candidate_id)
    if arrival is None:
        raise ConflictError(f"candidate {candidate_id} has no recorded arrival yet")
    if seen_on < arrival.arrived_on or seen_on > date.today():
        raise InvalidInputError(f"follow-up date {seen_on.isoformat()} is before the arrival or in the future")
    code, _, region, outside = _place(services, municipality, seen_on)
    begin_write(session)
    follow = session.get(FollowUp, (candidate_id, months)) or FollowUp(
        candidate_id=candidate_id,
        months=months,
        seen_on=seen_on,
        living_there=living,
        working_there=working,
        municipality_code=code,
        region_code=region,
        recorded_by_id=user.id or 0,
    )
    follow.seen_on, follow.living_there, follow.working_there = seen_on, living, working
    follow.municipality_code, follow.region_code, follow.outside_boundary = code, region, outside
    follow.recorded_by_id, follow.recorded_at = user.id or 0, utc_now()
    session.add(follow)
    detail = {"months": months, "living_there": living, "working_there": working, "region_code": region}
    audit.record(session, user, "follow_up.set", "candidate", candidate_id, None, detail)
    session.commit()
    return follow


def offers_visible(session: Session, user: User) -> list[JobOffer]:
    """The job offers a user may list: a candidate's own, an employer's vacancies', an advisor's regions', all."""
    stmt = select(JobOffer).order_by(col(JobOffer.id).desc())
    if user.role == Role.CANDIDATE:
        mine = select(CandidateRow.id).where(CandidateRow.user_id == user.id)
        stmt = stmt.where(col(JobOffer.candidate_id).in_(mine))
    elif user.role == Role.EMPLOYER:
        own = select(VacancyRow.id).where(VacancyRow.employer_id == (user.employer_id or -1))
        stmt = stmt.where(col(JobOffer.vacancy_id).in_(own))
    elif user.role == Role.ADVISOR:
        stmt = stmt.where(col(JobOffer.region_code).in_(user_regions(user)))
    return list(session.exec(stmt.limit(1000)).all())


def as_day(moment: datetime | None) -> date | None:
    """The UTC day of a stored time."""
    return as_utc(moment).date() if moment is not None else None
