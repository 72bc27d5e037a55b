"""``/api/v1/me``: the current account, its settings, its personal access tokens, and deleting it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from sqlalchemy import delete
from sqlmodel import col, select

from api import audit
from api.accounts.lifecycle import delete_account
from api.accounts.me_view import me_detail
from api.accounts.schemas import MeDetail, MeUpdate, TokenCreate, TokenCreated, TokenPublic, TokensPublic
from api.accounts.secrets import hash_secret
from api.auth import new_token
from api.db.account_tables import AccessToken
from api.db.workflow_tables import as_utc
from api.deps import CurrentUserDep, ServiceDep, SessionDep
from api.schemas import RecordId

router = APIRouter(prefix="/api/v1", tags=["accounts"])
MAX_TOKENS = 20


@router.get("/me", response_model=MeDetail)
def read_me(user: CurrentUserDep, session: SessionDep) -> MeDetail:
    """The current account: role, name, regions, the employer or candidate it owns, e-mail and settings."""
    return me_detail(session, user)


@router.patch("/me", response_model=MeDetail)
def update_me(body: MeUpdate, user: CurrentUserDep, session: SessionDep) -> MeDetail:
    """Change the name, the language of e-mails, or switch the strong-match digest on or off."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    for name, value in changes.items():
        setattr(user, name, value)
    session.add(user)
    if "digest_enabled" in changes:
        audit.record(session, user, "account.digest_" + ("on" if body.digest_enabled else "off"), "user", user.id)
    session.commit()
    return me_detail(session, user)


@router.delete("/me", status_code=204)
def remove_me(user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> Response:
    """Delete the account and everything personal in it; every session and token stops working at once."""
    delete_account(session, services, user)
    response = Response(status_code=204)
    response.delete_cookie("psl_session", path="/")
    response.delete_cookie("psl_csrf", path="/")
    return response


def _public(row: AccessToken) -> TokenPublic:
    assert row.id is not None
    return TokenPublic(
        id=row.id,
        name=row.name,
        hint=row.hint,
        created_at=as_utc(row.created_at),
        last_used_at=as_utc(row.last_used_at) if row.last_used_at is not None else None,
    )


@router.get("/me/tokens", response_model=TokensPublic)
def list_tokens(user: CurrentUserDep, session: SessionDep) -> TokensPublic:
    """The account's personal access tokens (names and first characters; never the tokens)."""
    rows = session.exec(select(AccessToken).where(AccessToken.user_id == user.id).order_by(col(AccessToken.id)))
    return TokensPublic(data=[_public(r) for r in rows.all()])


@router.post("/me/tokens", status_code=201, response_model=TokenCreated)
def create_token(body: TokenCreate, user: CurrentUserDep, session: SessionDep) -> TokenCreated:
    """Make a personal access token for an API client (``Authorization: Bearer …``); it is shown once."""
    assert user.id is not None
    count = len(session.exec(select(AccessToken.id).where(AccessToken.user_id == user.id)).all())
    if count >= MAX_TOKENS:
        raise HTTPException(409, f"at most {MAX_TOKENS} personal access tokens: revoke one first")
    clear = new_token()
    row = AccessToken(user_id=user.id, name=body.name.strip(), token_hash=hash_secret(clear), hint=clear[:10])
    session.add(row)
    session.flush()
    audit.record(session, user, "token.create", "access_token", row.id)
    session.commit()
    return TokenCreated(token=clear, **_public(row).model_dump())


@router.delete("/me/tokens/{token_id}", status_code=204)
def revoke_token(token_id: RecordId, user: CurrentUserDep, session: SessionDep) -> Response:
    """Revoke one of the account's personal access tokens (404 for another account's)."""
    result = session.execute(
        delete(AccessToken).where(col(AccessToken.id) == token_id, col(AccessToken.user_id) == user.id)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise HTTPException(404, f"token {token_id} not found")
    audit.record(session, user, "token.revoke", "access_token", token_id)
    session.commit()
    return Response(status_code=204)
