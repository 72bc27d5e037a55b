"""``/api/v1/employers``: advisors see the employers of their regions waiting for verification and verify
them; ``/api/v1/admin/advisors``: admins create advisor accounts."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from sqlmodel import Session, col, select

from api.accounts.http import base_url, http_error, key_of, wake_mailer
from api.accounts.lifecycle import create_advisor, verify_employer, visible_employers
from api.accounts.schemas import AdvisorCreate, AdvisorCreated, EmployerPublic, EmployersPublic
from api.accounts.service import AccountError
from api.auth import Role, user_regions
from api.db.tables import Employer, User
from api.db.workflow_tables import as_utc
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.schemas import RecordId

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def _contacts(session: Session, employer_ids: list[int]) -> dict[int, str]:
    rows = session.exec(
        select(User.employer_id, User.email).where(
            col(User.employer_id).in_(employer_ids), col(User.email).is_not(None)
        )
    ).all()
    return {int(eid): str(email) for eid, email in rows if eid is not None}


def _public(row: Employer, contact: str | None) -> EmployerPublic:
    assert row.id is not None
    return EmployerPublic(
        id=row.id,
        name=row.name,
        region_code=row.region_code,
        verified=row.verified_at is not None,
        verified_at=as_utc(row.verified_at) if row.verified_at is not None else None,
        created_at=as_utc(row.created_at),
        contact_email=contact,
    )


@router.get("/employers", response_model=EmployersPublic)
def list_employers(
    user: CurrentUserDep,
    session: SessionDep,
    status: str | None = Query(None, pattern="^(pending|verified)$", description="pending or verified."),
) -> EmployersPublic:
    """Employers of the advisor's regions (all for admins), with who signed them up."""
    require_role(user, Role.ADVISOR, Role.ADMIN)
    pending = None if status is None else status == "pending"
    rows = visible_employers(session, user, pending)
    contacts = _contacts(session, [r.id for r in rows if r.id is not None])
    return EmployersPublic(data=[_public(r, contacts.get(r.id or 0)) for r in rows], count=len(rows))


@router.post("/employers/{employer_id}/verify", response_model=EmployerPublic)
def verify(
    employer_id: RecordId, request: Request, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> EmployerPublic:
    """Verify an employer of one's region (advisor) or any (admin): its shortlists open; it is told by e-mail."""
    require_role(user, Role.ADVISOR, Role.ADMIN)
    row = verify_employer(session, user, employer_id, base_url(request, services))
    wake_mailer(request)
    return _public(row, _contacts(session, [employer_id]).get(employer_id))


@router.post("/admin/advisors", status_code=201, response_model=AdvisorCreated)
def add_advisor(
    body: AdvisorCreate, request: Request, user: CurrentUserDep, session: SessionDep, services: ServiceDep
) -> AdvisorCreated:
    """Create an advisor account (admins); the advisor receives a link to choose a password."""
    require_role(user, Role.ADMIN)
    try:
        advisor = create_advisor(
            session,
            key_of(services),
            name=body.name,
            email=body.email,
            regions=body.regions,
            language=body.language,
            base=base_url(request, services),
        )
    except AccountError as exc:
        raise http_error(exc) from None
    wake_mailer(request)
    assert advisor.id is not None and advisor.email is not None
    return AdvisorCreated(id=advisor.id, name=advisor.name, email=advisor.email, regions=user_regions(advisor))
