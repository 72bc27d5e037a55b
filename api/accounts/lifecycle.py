"""Deleting an account, verifying employers, and advisors made by an administrator."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from fastapi import HTTPException
from sqlalchemy import delete
from sqlmodel import Session, col, select

from api import audit, privacy
from api.accounts import links
from api.accounts.links import Purpose
from api.accounts.secrets import hash_secret, new_secret
from api.accounts.service import AccountError, normalize_email
from api.accounts.sessions import revoke_sessions
from api.auth import Role, user_regions
from api.db.account_tables import EmailToken, now_utc
from api.db.repository import record_change
from api.db.session import begin_write
from api.db.tables import CandidateRow, Employer, User, VacancyRow
from api.deps import AppServices
from api.mail import queue_mail
from api.mail.render import mail_language
from api.services.writes import after_commit


def _close_company_vacancies(session: Session, user: User) -> list[int]:
    """Close the open vacancies of an employer whose last live account is ``user`` (the caller commits).

    Returns:
        The ids of the vacancies closed (each needs a change-log row, so the indexes drop it).
    """
    if user.role != Role.EMPLOYER.value or user.employer_id is None:
        return []
    others = session.exec(
        select(User.id).where(User.employer_id == user.employer_id, User.id != user.id, col(User.deleted_at).is_(None))
    ).first()
    if others is not None:
        return []  # the company still has an account that answers for its vacancies
    rows = session.exec(
        select(VacancyRow).where(VacancyRow.employer_id == user.employer_id, VacancyRow.status == "open")
    ).all()
    for row in rows:
        row.status = "closed"
        row.updated_at = now_utc()
        session.add(row)
    return [row.id for row in rows if row.id is not None]


def delete_account(session: Session, services: AppServices, user: User) -> None:
    """Erase the account, then its candidate file.

    First transaction: its sessions, personal access tokens and e-mail links (all deleted), the e-mails queued or
    sent to its address and the sign-in attempts with it (``api.privacy.erase_by_email``), its password,
    address and name; its own bearer token is replaced, so it can no longer sign in. An employer's last account
    also closes the company's open vacancies (they leave search, matches and the indexes; the rows stay, with
    their invitations and offers, for the indicators). Then the candidate file with its index entry
    (``CandidateService.delete``). The user row stays, without personal data, because the audit log refers to
    its id."""
    from api.services.candidates import CandidateService

    assert user.id is not None
    begin_write(session)
    revoke_sessions(session, user.id, tokens=True)
    session.execute(delete(EmailToken).where(col(EmailToken.user_id) == user.id))  # used ones too
    privacy.erase_by_email(session, [user.email or ""])
    closed = _close_company_vacancies(session, user)
    user.token_hash = hash_secret(new_secret())
    user.email = None
    user.password_hash = None
    user.name = ""
    user.digest_enabled = False
    user.deleted_at = now_utc()
    session.add(user)
    audit.record(session, user, "account.delete", "user", user.id, None, {"vacancies_closed": closed})
    changes = [record_change(session, "vacancies", vacancy_id) for vacancy_id in closed]
    session.commit()
    for change in changes:
        after_commit(services, change)
    candidate_id = session.exec(select(CandidateRow.id).where(CandidateRow.user_id == user.id)).first()
    if candidate_id is not None:
        CandidateService(services, session).delete(user, candidate_id)


def visible_employers(session: Session, user: User, pending: bool | None) -> list[Employer]:
    """Employers an advisor may verify (its regions) or an admin (all), optionally only pending/verified ones."""
    stmt = select(Employer).order_by(col(Employer.id))
    if user.role == Role.ADVISOR.value:
        stmt = stmt.where(col(Employer.region_code).in_(user_regions(user)))
    if pending is True:
        stmt = stmt.where(col(Employer.verified_at).is_(None))
    elif pending is False:
        stmt = stmt.where(col(Employer.verified_at).is_not(None))
    return list(session.exec(stmt).all())


def verify_employer(session: Session, actor: User, employer_id: int, base: str) -> Employer:
    """Mark an employer verified (an advisor of its region, or an admin) and tell its accounts by e-mail.

    Raises:
        HTTPException: 404 when the employer is not in the advisor's regions (or does not exist).
    """
    employer = session.get(Employer, employer_id)
    allowed = employer is not None and (
        actor.role == Role.ADMIN.value or (employer.region_code or "") in user_regions(actor)
    )
    if employer is None or not allowed:
        raise HTTPException(404, f"employer {employer_id} not found")
    if employer.verified_at is None:
        employer.verified_at, employer.verified_by_id = now_utc(), actor.id
        session.add(employer)
        for account in session.exec(select(User).where(User.employer_id == employer_id)).all():
            if account.email and account.deleted_at is None:
                context = {"name": account.name, "link": f"{base}/employer"}
                queue_mail(
                    session, to=account.email, template="employer_verified", language=account.language, context=context
                )
        audit.record(session, actor, "employer.verify", "employer", employer_id)
        session.commit()
    return employer


def create_advisor(
    session: Session, settings_key: bytes, *, name: str, email: str, regions: Sequence[str], language: str, base: str
) -> User:
    """An advisor account with a verified address; a link to choose its password is e-mailed (valid 48 h).

    Raises:
        AccountError: 409 when the address is taken.
    """
    address = normalize_email(email)
    if session.exec(select(User.id).where(User.email == address)).first() is not None:
        raise AccountError(409, "an account already uses this e-mail address", "email_taken")
    user = User(
        role=Role.ADVISOR.value,
        name=name.strip(),
        token_hash=hash_secret(new_secret()),
        regions=",".join(sorted(regions)),
        email=address,
        email_verified_at=now_utc(),
        language=mail_language(language),
    )
    session.add(user)
    session.flush()
    send_password_link(session, settings_key, user, base)
    session.commit()
    return user


def send_password_link(session: Session, key: bytes, user: User, base: str) -> None:
    """Queue a 48-hour link to choose a password (accounts made by an administrator); the caller commits."""
    assert user.id is not None and user.email is not None
    token = links.issue(session, key, user.id, Purpose.RESET, timedelta(hours=48))
    context = {"name": user.name, "link": f"{base}/reset?token={token}", "minutes": 48 * 60}
    queue_mail(session, to=user.email, template="reset", language=user.language, context=context)
