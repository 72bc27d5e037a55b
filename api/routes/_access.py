"""Object-level access checks: a foreign object is reported as missing (404), a wrong role as 403."""

from __future__ import annotations

from sqlmodel import Session

from api.auth import Role, user_regions
from api.db.repository import split_codes
from api.db.tables import CandidateRow, User, VacancyRow
from api.deps import require_role
from api.services.errors import NotFoundError


def vacancy_visible(user: User, row: VacancyRow) -> bool:
    """Whether ``user`` may read this vacancy: its employer, an advisor of its region, or an admin."""
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.EMPLOYER:
        return user.employer_id is not None and row.employer_id == user.employer_id
    if user.role == Role.ADVISOR:
        return row.region_code in user_regions(user)
    return False


def get_vacancy(session: Session, user: User, vacancy_id: int, *, write: bool = False) -> VacancyRow:
    """The vacancy if ``user`` may read it (or change it, with ``write``); 403 for a wrong role, 404 otherwise.

    Args:
        session: the request's session.
        user: the current account.
        vacancy_id: the vacancy asked for.
        write: changes are for its employer and admins only.

    Returns:
        The row.
    """
    if write:
        require_role(user, Role.EMPLOYER, Role.ADMIN)
    else:
        require_role(user, Role.EMPLOYER, Role.ADVISOR, Role.ADMIN)
    row = session.get(VacancyRow, vacancy_id)
    if row is None or not vacancy_visible(user, row):
        raise NotFoundError(f"vacancy {vacancy_id} not found")
    return row


def candidate_visible(user: User, row: CandidateRow) -> bool:
    """The candidate itself, an advisor of a region it is open to, or an admin."""
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.CANDIDATE:
        return row.user_id == user.id
    if user.role == Role.ADVISOR:
        return row.open_to_all_regions or bool(set(split_codes(row.regions_open)) & set(user_regions(user)))
    return False


def get_candidate(session: Session, user: User, candidate_id: int, *, write: bool = False) -> CandidateRow:
    """The candidate if ``user`` may read it (or change it, with ``write``: itself and admins).

    Args:
        session: the request's session.
        user: the current account.
        candidate_id: the candidate asked for.
        write: update, upload, delete.

    Returns:
        The row.
    """
    if write:
        require_role(user, Role.CANDIDATE, Role.ADMIN)
    else:
        require_role(user, Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
    row = session.get(CandidateRow, candidate_id)
    if row is None or not candidate_visible(user, row):
        raise NotFoundError(f"candidate {candidate_id} not found")
    return row
