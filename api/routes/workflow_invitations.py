"""Invitations: a vacancy's employer or an advisor of its region invites a candidate, who accepts or declines.

One invitation per (vacancy, candidate): inviting again answers 409 whatever its status (a declined invitation
is the candidate's answer). Once accepted, that vacancy's shortlist shows the candidate's name and e-mail.

An employer invites only candidates a shortlist of that vacancy has shown, an advisor only candidates it may
read (``workflow_access.actionable_candidate``); any other id is the same 404 as an id that does not exist.
The answer is one conditional update (``… WHERE status = 'pending'``): of two answers, the second gets 409,
and an answer, once given, is never overwritten.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import true, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from api import audit, market
from api.accounts.http import base_url, wake_mailer
from api.accounts.verification import require_verified_employer
from api.auth import Role, user_regions
from api.db.tables import User, VacancyRow
from api.db.workflow_tables import Invitation, InvitationStatus, as_utc, utc_now
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.errors import ApiError
from api.mail.alerts import queue_invitation_alert
from api.routes.workflow_access import (
    actionable_candidate,
    own_candidate,
    own_invitation,
    pair_fast_track,
    visible_vacancy,
)
from api.routes.workflow_schemas import InvitationCreate, InvitationPublic, InvitationsPublic
from api.routes.workflow_store import get_invitation_for_pair
from api.schemas import Offset, RecordId

router = APIRouter(prefix="/api/v1/invitations", tags=["workflow"])


def invitation_public(invitation: Invitation, vacancy_title: str) -> InvitationPublic:
    """A stored invitation as the API shows it (no contact details: they are in the shortlist)."""
    assert invitation.id is not None
    return InvitationPublic(
        id=invitation.id,
        vacancy_id=invitation.vacancy_id,
        vacancy_title=vacancy_title,
        candidate_id=invitation.candidate_id,
        status=invitation.status,
        message=invitation.message,
        created_at=as_utc(invitation.created_at),
        decided_at=as_utc(invitation.decided_at) if invitation.decided_at is not None else None,
    )


def _conflict(existing: Invitation) -> ApiError:
    return ApiError(
        409,
        "invitation_exists",
        f"candidate {existing.candidate_id} was already invited to vacancy {existing.vacancy_id} "
        f"(invitation {existing.id}, {existing.status})",
    )


@router.post("", status_code=201, response_model=InvitationPublic)
def create_invitation(
    body: InvitationCreate, request: Request, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> InvitationPublic:
    """Invite a candidate to apply to a vacancy: its employer (a candidate its shortlist has shown), or an advisor
    of its region (a candidate the advisor may read). The candidate is told by e-mail (queued with it)."""
    require_role(user, Role.EMPLOYER, Role.ADVISOR)
    vacancy = visible_vacancy(session, user, body.vacancy_id)
    require_verified_employer(session, user)  # 403 "awaiting verification" for a new employer
    candidate = actionable_candidate(session, user, body.vacancy_id, body.candidate_id)
    if vacancy.status != "open":
        raise ApiError(409, "vacancy_closed", f"vacancy {body.vacancy_id} is closed: no new invitations")
    existing = get_invitation_for_pair(session, body.vacancy_id, body.candidate_id)
    if existing is not None:
        raise _conflict(existing)
    fast_track, rule_set_id = pair_fast_track(services, session, vacancy, candidate)
    invitation = Invitation(
        vacancy_id=body.vacancy_id,
        candidate_id=body.candidate_id,
        invited_by_id=user.id or 0,
        invited_by_role=user.role,
        message=body.message or "",
        fast_track=fast_track,
        rule_set_id=rule_set_id,
    )
    session.add(invitation)
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        found = get_invitation_for_pair(session, body.vacancy_id, body.candidate_id)
        raise (_conflict(found) if found else ApiError(409, "conflict", "invitation conflict")) from exc
    detail = {"candidate_id": body.candidate_id, "fast_track": fast_track}
    audit.record(session, user, "invitation.create", "invitation", invitation.id, rule_set_id, detail)
    queue_invitation_alert(session, services, candidate, vacancy, invitation.message, base_url(request, services))
    session.commit()
    wake_mailer(request)
    return invitation_public(invitation, vacancy.title)


def _scope(session: Session, user: User) -> Any:
    """The invitations a user may list, as a WHERE clause (None: none at all)."""
    if user.role == Role.CANDIDATE:
        candidate = own_candidate(session, user)
        return Invitation.candidate_id == candidate.id if candidate is not None else None
    if user.role == Role.EMPLOYER:
        return VacancyRow.employer_id == user.employer_id if user.employer_id is not None else None
    if user.role == Role.ADVISOR:
        return col(VacancyRow.region_code).in_(user_regions(user))
    return true()


@router.get("", response_model=InvitationsPublic)
def list_invitations(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    status: InvitationStatus | None = Query(None, description="Only invitations with this status."),
    limit: int = Query(100, ge=1, le=1000),
    offset: Offset = 0,
) -> InvitationsPublic:
    """Invitations of the caller: a candidate's own, an employer's vacancies', an advisor's regions', all for admins.

    Each carries its vacancy's employer, place, wage, start date and description, which the candidate reads before
    accepting (accepting shares the candidate's name and e-mail)."""
    scope = _scope(session, user)
    if scope is None:
        return InvitationsPublic(data=[], count=0)
    joined = col(VacancyRow.id) == col(Invitation.vacancy_id)
    where = [scope] if status is None else [scope, Invitation.status == status.value]
    rows = session.exec(
        select(Invitation, VacancyRow.title)
        .join(VacancyRow, joined)
        .where(*where)
        .order_by(col(Invitation.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    total = session.exec(select(func.count()).select_from(Invitation).join(VacancyRow, joined).where(*where)).one()
    data = [invitation_public(i, title) for i, title in rows]
    market.attach_vacancies(services, session, data)
    return InvitationsPublic(data=data, count=int(total))


def _decide(session: Session, user: User, invitation_id: int, outcome: InvitationStatus) -> InvitationPublic:
    require_role(user, Role.CANDIDATE)
    invitation = own_invitation(session, user, invitation_id)
    answered = session.exec(
        update(Invitation)
        .where(col(Invitation.id) == invitation_id, col(Invitation.status) == InvitationStatus.PENDING.value)
        .values(status=outcome.value, decided_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    if answered.rowcount != 1:  # answered meanwhile (or before): the first answer stands
        session.rollback()
        session.refresh(invitation)
        raise ApiError(409, "invitation_answered", f"invitation {invitation_id} was already {invitation.status}")
    detail = {"vacancy_id": invitation.vacancy_id, "fast_track": invitation.fast_track}
    action = "invitation.accept" if outcome is InvitationStatus.ACCEPTED else "invitation.decline"
    audit.record(session, user, action, "invitation", invitation.id, invitation.rule_set_id, detail)
    session.commit()
    session.refresh(invitation)
    vacancy = session.get(VacancyRow, invitation.vacancy_id)
    return invitation_public(invitation, vacancy.title if vacancy is not None else "")


@router.post("/{invitation_id}/accept", response_model=InvitationPublic)
def accept_invitation(invitation_id: RecordId, user: CurrentUserDep, session: SessionDep) -> InvitationPublic:
    """Accept an invitation (the invited candidate): the employer then sees the candidate's name and e-mail."""
    return _decide(session, user, invitation_id, InvitationStatus.ACCEPTED)


@router.post("/{invitation_id}/decline", response_model=InvitationPublic)
def decline_invitation(invitation_id: RecordId, user: CurrentUserDep, session: SessionDep) -> InvitationPublic:
    """Decline an invitation (the invited candidate); the employer stays without contact details."""
    return _decide(session, user, invitation_id, InvitationStatus.DECLINED)
