"""``/api/v1/auth``: sign-up, e-mail verification, sign-in (password or token), sign-out, password reset,
and the digest's unsubscribe link. Answers that could reveal whether an address has an account
(sign-up, resend, reset request) are the same either way.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlmodel import Session

from api.accounts import service
from api.accounts.http import base_url, client_ip, http_error, key_of, wake_mailer
from api.accounts.me_view import me_detail
from api.accounts.schemas import (
    Accepted,
    EmailBody,
    LinkBody,
    ResetBody,
    SignedIn,
    SignInBody,
    SignUpBody,
    TokenSignInBody,
)
from api.accounts.sessions import SESSION_COOKIE, clear_cookies, close_session, open_session, set_cookies
from api.accounts.unsubscribe import unsubscribe
from api.auth import Role, authenticate, user_for_token
from api.db.tables import User
from api.deps import CurrentUserDep, ServiceDep, SessionDep


def _no_invalid_credentials(request: Request, session: SessionDep) -> None:
    """These endpoints need no sign-in, but a bearer token that is sent must be valid (401 otherwise)."""
    header = request.headers.get("authorization", "")
    if header:
        authenticate(request, session)


router = APIRouter(prefix="/api/v1/auth", tags=["accounts"], dependencies=[Depends(_no_invalid_credentials)])

CHECK_MAIL = "if this address has an account waiting for it, a new link is on its way"
SIGNUP_SENT = "check your e-mail: we sent a message to this address to continue"


@router.post("/signup", status_code=202, response_model=Accepted)
def sign_up(body: SignUpBody, request: Request, session: SessionDep, services: ServiceDep) -> Accepted:
    """Open a candidate or employer account; a verification link is e-mailed (sign-in works once it is used).

    The answer is the same when the address already has an account: its owner is then e-mailed that someone
    tried to sign up with it (sign in or reset the password), and nothing is created."""
    form = service.SignUp(
        email=body.email,
        password=body.password,
        role=Role(body.role),
        name=body.name,
        language=body.language,
        company_name=body.company_name,
        region=body.region,
    )
    try:
        service.sign_up(session, services.settings, key_of(services), form, base_url(request, services))
    except service.AccountError as exc:
        raise http_error(exc) from None
    wake_mailer(request)
    return Accepted(status="verification_sent", detail=SIGNUP_SENT)


@router.post("/verify", response_model=Accepted)
def verify(body: LinkBody, session: SessionDep, services: ServiceDep) -> Accepted:
    """Confirm the e-mail address with the token of its link (single use)."""
    try:
        service.verify_email(session, key_of(services), body.token)
    except service.AccountError as exc:
        raise http_error(exc) from None
    return Accepted(status="verified", detail="your e-mail address is confirmed: you can sign in")


@router.post("/verify/resend", status_code=202, response_model=Accepted)
def resend(body: EmailBody, request: Request, session: SessionDep, services: ServiceDep) -> Accepted:
    """Send a new verification link (the previous ones stop working)."""
    service.resend_verification(session, services.settings, key_of(services), body.email, base_url(request, services))
    wake_mailer(request)
    return Accepted(status="sent", detail=CHECK_MAIL)


def _start_session(
    request: Request, response: Response, session: Session, services: ServiceDep, user: User, csrf: str
) -> SignedIn:
    response.set_cookie("lang", user.language, max_age=31536000, samesite="lax", path="/")
    return SignedIn(me=me_detail(session, user), csrf_token=csrf)


@router.post("/signin", response_model=SignedIn)
def sign_in(
    body: SignInBody, request: Request, response: Response, session: SessionDep, services: ServiceDep
) -> SignedIn:
    """Sign in with e-mail and password: sets the HttpOnly session cookie and the CSRF cookie.

    Failed attempts are limited per address and per client; past the limit the answer is 429 with Retry-After.
    """
    try:
        user, new = service.sign_in(session, services.settings, body.email, body.password, client_ip(request))
    except service.AccountError as exc:
        raise http_error(exc) from None
    set_cookies(response, new, secure=services.settings.accounts.cookie_secure)
    return _start_session(request, response, session, services, user, new.csrf)


@router.post("/token-signin", response_model=SignedIn)
def token_sign_in(
    body: TokenSignInBody, request: Request, response: Response, session: SessionDep, services: ServiceDep
) -> SignedIn:
    """Open a console session with an access token (accounts made by an administrator, personal tokens)."""
    user = user_for_token(session, body.token.strip())
    if user is None:
        raise HTTPException(401, "invalid or revoked token")
    assert user.id is not None
    new = open_session(session, user.id, timedelta(days=services.settings.accounts.session_days))
    session.commit()
    set_cookies(response, new, secure=services.settings.accounts.cookie_secure)
    return _start_session(request, response, session, services, user, new.csrf)


@router.post("/signout", status_code=204)
def sign_out(request: Request, user: CurrentUserDep, session: SessionDep) -> Response:
    """End this browser's session (CSRF-checked like every cookie write)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        close_session(session, cookie)
        session.commit()
    response = Response(status_code=204)
    clear_cookies(response)
    return response


@router.post("/reset/request", status_code=202, response_model=Accepted)
def reset_request(body: EmailBody, request: Request, session: SessionDep, services: ServiceDep) -> Accepted:
    """E-mail a single-use password reset link if the address has an account."""
    service.request_reset(session, services.settings, key_of(services), body.email, base_url(request, services))
    wake_mailer(request)
    return Accepted(status="sent", detail="if this address has an account, a reset link is on its way")


@router.post("/reset", response_model=Accepted)
def reset(body: ResetBody, session: SessionDep, services: ServiceDep) -> Accepted:
    """Choose a new password with the reset link's token; every session of the account is signed out."""
    try:
        service.reset_password(session, key_of(services), body.token, body.password)
    except service.AccountError as exc:
        raise http_error(exc) from None
    return Accepted(status="reset", detail="your password is changed: sign in with it")


@router.post("/unsubscribe", response_model=Accepted)
def unsubscribe_digest(body: LinkBody, session: SessionDep, services: ServiceDep) -> Accepted:
    """Switch off the match digest with the token of its unsubscribe link (no sign-in needed)."""
    try:
        unsubscribe(session, key_of(services), body.token)
    except service.AccountError as exc:
        raise http_error(exc) from None
    return Accepted(status="unsubscribed", detail="you will not receive the match digest any more")
