"""Sign-up, e-mail verification, sign-in and password reset: the account rules, independent of HTTP.

Every function takes the request's session and commits its own change together with the e-mail it causes
(queued in the outbox in the same transaction). Errors are ``AccountError`` with the HTTP status to answer.
No answer tells whether an address has an account: a sign-up with a taken address answers like any other and
e-mails the owner instead (``signup_taken``), as the reset request and the verification resend do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, func, select

from api import audit
from api.accounts import links, passwords, ratelimit
from api.accounts.links import LinkError, Purpose
from api.accounts.secrets import hash_secret, new_secret
from api.accounts.sessions import NewSession, open_session, revoke_sessions
from api.auth import Role
from api.db.account_tables import OutboxMessage, now_utc
from api.db.session import begin_write
from api.db.tables import Employer, User
from api.mail import queue_mail
from api.mail.render import mail_language
from api.settings import Settings


class AccountError(Exception):
    """An account rule refused the request; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


@dataclass(frozen=True)
class SignUp:
    """What a person gives to open an account."""

    email: str
    password: str
    role: Role
    name: str
    language: str
    company_name: str = ""
    region: str | None = None


def normalize_email(email: str) -> str:
    """Addresses are compared lower-cased and without surrounding spaces."""
    return email.strip().lower()


def check_new_password(password: str) -> None:
    """Refuse passwords that are too short or absurdly long (422)."""
    if not passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH:
        raise AccountError(
            422,
            f"the password needs {passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters",
            "password_length",
        )


def user_by_email(session: Session, email: str) -> User | None:
    """The live account of an address."""
    user = session.exec(select(User).where(User.email == normalize_email(email))).first()
    return user if user is not None and user.deleted_at is None else None


def _send_link(session: Session, settings: Settings, key: bytes, user: User, purpose: Purpose, base: str) -> None:
    assert user.id is not None and user.email is not None
    if purpose is Purpose.VERIFY:
        lifetime = timedelta(hours=settings.accounts.verify_hours)
        extra: dict[str, object] = {"hours": round(settings.accounts.verify_hours)}
    else:
        lifetime = timedelta(minutes=settings.accounts.reset_minutes)
        extra = {"minutes": round(settings.accounts.reset_minutes)}
    links.revoke_all(session, user.id, purpose)
    token = links.issue(session, key, user.id, purpose, lifetime)
    path = "/verify" if purpose is Purpose.VERIFY else "/reset"
    context = {"name": user.name, "link": f"{base}{path}?token={token}", **extra}
    queue_mail(session, to=user.email, template=purpose.value, language=user.language, context=context)


TAKEN_NOTICE_EVERY = timedelta(hours=1)
"""At most one ``signup_taken`` e-mail per address in this time: sign-ups cannot be used to flood a mailbox."""


def _tell_owner(session: Session, owner: User, base: str) -> None:
    """E-mail the owner of a taken address that someone tried to sign up with it (once an hour at most)."""
    assert owner.email is not None
    since = now_utc() - TAKEN_NOTICE_EVERY
    recent = session.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            col(OutboxMessage.recipient) == owner.email,
            col(OutboxMessage.template) == "signup_taken",
            col(OutboxMessage.created_at) > since,
        )
    ).one()
    if int(recent):
        return
    context = {"name": owner.name, "link": f"{base}/signin", "reset_link": f"{base}/forgot"}
    queue_mail(session, to=owner.email, template="signup_taken", language=owner.language, context=context)
    audit.record(session, None, "account.signup_taken", "user", owner.id)


def sign_up(session: Session, settings: Settings, key: bytes, form: SignUp, base: str) -> User | None:
    """Create an unverified candidate or employer account and queue its verification link.

    When the address already has an account, nothing is created and its owner is e-mailed instead (in the
    owner's language): the caller answers the same either way, so sign-up does not reveal who has an account.
    The password is hashed in both cases, so the answer takes as long.

    Returns:
        The new account, or None when the address was taken.

    Raises:
        AccountError: another role, a bad password, a missing company or region (checked before the address,
            so these answers do not depend on it either).
    """
    begin_write(session)  # SQLite: take the write lock now rather than fail upgrading a read
    if form.role not in (Role.CANDIDATE, Role.EMPLOYER):
        raise AccountError(403, "only candidates and employers sign up themselves", "signup_role")
    check_new_password(form.password)
    if form.role is Role.EMPLOYER and (not form.company_name.strip() or not form.region):
        raise AccountError(422, "an employer gives its company name and region", "employer_fields")
    email = normalize_email(form.email)
    password_hash = passwords.hash_password(form.password)
    owner = session.exec(select(User).where(User.email == email)).first()
    if owner is not None:
        _tell_owner(session, owner, base)
        session.commit()
        return None
    user = User(
        role=form.role.value,
        name=form.name.strip(),
        token_hash=hash_secret(new_secret()),  # no bearer token: sessions and personal tokens only
        email=email,
        password_hash=password_hash,
        language=mail_language(form.language),
    )
    if form.role is Role.EMPLOYER:
        employer = Employer(name=form.company_name.strip(), region_code=form.region)
        session.add(employer)
        session.flush()
        user.employer_id = employer.id
    session.add(user)
    session.flush()
    _send_link(session, settings, key, user, Purpose.VERIFY, base)
    audit.record(session, user, "account.signup", "user", user.id, None, {"role": user.role})
    session.commit()
    return user


def resend_verification(session: Session, settings: Settings, key: bytes, email: str, base: str) -> None:
    """Send a fresh verification link to an unverified account (silently nothing otherwise)."""
    begin_write(session)  # SQLite: take the write lock now rather than fail upgrading a read
    user = user_by_email(session, email)
    if user is None or user.email_verified_at is not None:
        return
    _send_link(session, settings, key, user, Purpose.VERIFY, base)
    session.commit()


def verify_email(session: Session, key: bytes, token: str) -> User:
    """Confirm an address from its link (once).

    Raises:
        AccountError: 400 for a forged, expired or used link.
    """
    begin_write(session)  # SQLite: take the write lock now rather than fail upgrading a read
    try:
        user_id = links.consume(session, key, token, Purpose.VERIFY)
    except LinkError as exc:
        raise AccountError(400, str(exc), "link_invalid") from None
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise AccountError(400, "invalid link", "link_invalid")
    user.email_verified_at = user.email_verified_at or now_utc()
    session.add(user)
    audit.record(session, user, "account.verify_email", "user", user.id)
    session.commit()
    return user


def sign_in(session: Session, settings: Settings, email: str, password: str, ip: str) -> tuple[User, NewSession]:
    """Check the password (within the rate limit) and open a console session.

    Raises:
        HTTPException: 429 with Retry-After when the account or the address has too many failures.
        AccountError: 401 wrong e-mail or password, 403 address not verified yet.
    """
    address = normalize_email(email)
    ratelimit.check(session, settings.accounts, address, ip)
    user = user_by_email(session, address)
    if not passwords.check_password(user.password_hash if user else None, password) or user is None:
        ratelimit.record_failure(session, settings.accounts, address, ip)
        raise AccountError(401, "wrong e-mail address or password", "signin_failed")
    if user.email_verified_at is None:
        raise AccountError(403, "confirm your e-mail address first: open the link we sent you", "email_not_verified")
    assert user.id is not None and user.password_hash is not None
    begin_write(session)  # the password is checked outside the write lock; the session is written under it
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.add(user)
    new = open_session(session, user.id, timedelta(days=settings.accounts.session_days))
    session.commit()
    return user, new


def request_reset(session: Session, settings: Settings, key: bytes, email: str, base: str) -> None:
    """Send a reset link if the address has an account; the answer is the same either way."""
    begin_write(session)  # SQLite: take the write lock now rather than fail upgrading a read
    user = user_by_email(session, email)
    if user is None or user.email is None:
        return
    _send_link(session, settings, key, user, Purpose.RESET, base)
    session.commit()


def reset_password(session: Session, key: bytes, token: str, password: str) -> User:
    """Set a new password from a reset link (once) and sign out every session of the account.

    Raises:
        AccountError: a bad password (422) or link (400).
    """
    begin_write(session)  # SQLite: take the write lock now rather than fail upgrading a read
    check_new_password(password)
    try:
        user_id = links.consume(session, key, token, Purpose.RESET)
    except LinkError as exc:
        raise AccountError(400, str(exc), "link_invalid") from None
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise AccountError(400, "invalid link", "link_invalid")
    user.password_hash = passwords.hash_password(password)
    user.email_verified_at = user.email_verified_at or now_utc()  # the link proved the mailbox
    session.add(user)
    revoke_sessions(session, user_id)
    links.revoke_all(session, user_id, Purpose.RESET)
    audit.record(session, user, "account.reset_password", "user", user.id)
    session.commit()
    return user
