"""Object-level checks of the workflow routes: whose vacancy, whose candidate file, whose invitation.

Order of the checks follows the contract: a role that may never do the action gets 403; an object that does
not exist or is not the caller's gets the same 404 (same status, same body), so existence is not revealed.

Who may act on a candidate file for a vacancy (review, annotate, invite):

- an advisor: a file it may read, open to one of its regions or to all (``candidate_visible``);
- an employer: a file a shortlist of that vacancy has shown (``shortlist_appearance``), never one by raw id;
- an admin: any file.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from api.auth import Role
from api.db.repository import candidate_occupations, candidate_to_domain, vacancy_occupations, vacancy_to_domain
from api.db.tables import CandidateRow, User, VacancyRow
from api.db.workflow_tables import Invitation
from api.deps import AppServices
from api.errors import ApiError
from api.routes._access import candidate_visible, vacancy_visible
from api.routes.workflow_store import has_appeared
from matching.rules import pair_flags
from regions.rules import FLAG_FAST_TRACK


def not_found(kind: str, object_id: int) -> ApiError:
    """The one 404 for a missing or foreign object."""
    return ApiError(404, "not_found", f"{kind} {object_id} not found")


def visible_vacancy(session: Session, user: User, vacancy_id: int) -> VacancyRow:
    """The vacancy if ``user`` may act on it, else 404.

    Args:
        session: the open database session.
        user: the current user (its role already checked).
        vacancy_id: the vacancy asked for.

    Returns:
        The vacancy row.
    """
    vacancy = session.get(VacancyRow, vacancy_id)
    if vacancy is None or not vacancy_visible(user, vacancy):
        raise not_found("vacancy", vacancy_id)
    return vacancy


def actionable_candidate(session: Session, user: User, vacancy_id: int, candidate_id: int) -> CandidateRow:
    """The candidate file if ``user`` may act on it for this vacancy (module docstring), else the one 404.

    Args:
        session: the open database session.
        user: the current user (its role already checked, the vacancy already visible to it).
        vacancy_id: the vacancy the action is about.
        candidate_id: the candidate asked for.

    Returns:
        The candidate row.
    """
    if user.role == Role.EMPLOYER and not has_appeared(session, vacancy_id, candidate_id):
        raise not_found("candidate", candidate_id)
    candidate = session.get(CandidateRow, candidate_id)
    if candidate is None or (user.role == Role.ADVISOR and not candidate_visible(user, candidate)):
        raise not_found("candidate", candidate_id)
    return candidate


def own_candidate(session: Session, user: User) -> CandidateRow | None:
    """The candidate file of a candidate account, if it created one."""
    return session.exec(select(CandidateRow).where(CandidateRow.user_id == user.id)).first()


def own_invitation(session: Session, user: User, invitation_id: int) -> Invitation:
    """An invitation addressed to the current candidate, else 404."""
    invitation = session.get(Invitation, invitation_id)
    candidate = own_candidate(session, user)
    if invitation is None or candidate is None or invitation.candidate_id != candidate.id:
        raise not_found("invitation", invitation_id)
    return invitation


def pair_fast_track(
    services: AppServices, session: Session, vacancy: VacancyRow, candidate: CandidateRow
) -> tuple[bool, str]:
    """Whether a match is fast-track eligible now, and the id of the rule set in force.

    Eligible when a rule of the set in force flags the pair ``fast_track_eligible`` (asked of the core
    through ``matching.rules.pair_flags``, whatever the set's rules).

    Args:
        services: the application services (rule sets).
        session: the open database session.
        vacancy: the vacancy.
        candidate: the candidate.

    Returns:
        (eligible, rule_set_id).
    """
    assert vacancy.id is not None and candidate.id is not None
    v_links = vacancy_occupations(session, [vacancy.id]).get(vacancy.id, [])
    c_links = candidate_occupations(session, [candidate.id]).get(candidate.id, [])
    today = date.today()
    rule_set = services.rules.in_force(today)
    flags = pair_flags(rule_set, vacancy_to_domain(vacancy, v_links), candidate_to_domain(candidate, c_links), today)
    return FLAG_FAST_TRACK in flags, rule_set.id
