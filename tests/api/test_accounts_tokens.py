"""Personal access tokens (made, listed and revoked by their owner) and account deletion revoking everything."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.db.account_tables import AccessToken, AuthSession
from api.db.tables import CandidateRow, User
from tests.api.accounts_world import PASSWORD, mailbox, mclient, sign_in, verified_account
from tests.api.conftest import MakeUser, auth
from tests.api.mailbox import Mailbox
from tests.api.payloads import candidate_body

_ = (mailbox, mclient)


def test_a_user_creates_lists_uses_and_revokes_personal_tokens(mclient: TestClient, mailbox: Mailbox) -> None:
    verified_account(mclient, mailbox, "api@example.org")
    csrf = sign_in(mclient, "api@example.org")
    made = mclient.post("/api/v1/me/tokens", json={"name": "my script"}, headers=csrf)
    assert made.status_code == 201
    token = made.json()["token"]
    listed = mclient.get("/api/v1/me/tokens").json()["data"]
    assert [(t["name"], t["hint"]) for t in listed] == [("my script", token[:10])]
    assert "token" not in listed[0]

    engine = mclient.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        stored = session.exec(select(AccessToken)).one()
    assert stored.token_hash != token and token not in stored.token_hash

    bare = TestClient(mclient.app)  # no cookies: an API client
    me = bare.get("/api/v1/me", headers=auth(token))
    assert me.status_code == 200 and me.json()["email"] == "api@example.org"
    assert bare.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).status_code == 201  # no CSRF
    assert mclient.get("/api/v1/me/tokens").json()["data"][0]["last_used_at"] is not None

    assert mclient.delete(f"/api/v1/me/tokens/{stored.id}", headers=csrf).status_code == 204
    assert bare.get("/api/v1/me", headers=auth(token)).status_code == 401
    assert mclient.delete(f"/api/v1/me/tokens/{stored.id}", headers=csrf).status_code == 404


def test_one_cannot_revoke_another_accounts_token(client: TestClient, make_user: MakeUser) -> None:
    _, alice = make_user("candidate")
    _, bob = make_user("candidate")
    made = client.post("/api/v1/me/tokens", json={"name": "alice's"}, headers=auth(alice)).json()
    assert client.delete(f"/api/v1/me/tokens/{made['id']}", headers=auth(bob)).status_code == 404
    assert client.get("/api/v1/me", headers=auth(made["token"])).status_code == 200


def test_deleting_the_account_revokes_every_session_and_token(mclient: TestClient, mailbox: Mailbox) -> None:
    verified_account(mclient, mailbox, "gone@example.org")
    csrf = sign_in(mclient, "gone@example.org")
    session_cookie = mclient.cookies.get("psl_session")
    personal = mclient.post("/api/v1/me/tokens", json={"name": "cli"}, headers=csrf).json()["token"]
    created = mclient.post("/api/v1/candidates", json=candidate_body(email="gone@example.org"), headers=csrf)
    candidate_id = created.json()["id"]

    assert mclient.delete("/api/v1/me").status_code == 403  # CSRF applies here too
    assert mclient.delete("/api/v1/me", headers=csrf).status_code == 204

    bare = TestClient(mclient.app)
    assert bare.get("/api/v1/me", headers=auth(personal)).status_code == 401
    bare.cookies.set("psl_session", session_cookie or "")
    assert bare.get("/api/v1/me").status_code == 401
    again = bare.post("/api/v1/auth/signin", json={"email": "gone@example.org", "password": PASSWORD})
    assert again.status_code == 401
    engine = mclient.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        assert session.get(CandidateRow, candidate_id) is None
        assert session.exec(select(AuthSession)).all() == []
        assert session.exec(select(AccessToken)).all() == []
        user = session.exec(select(User).where(User.deleted_at.is_not(None))).one()  # type: ignore[union-attr]
        assert (user.email, user.password_hash, user.name) == (None, None, "")
    # the address is free again for a new account
    assert (
        bare.post(
            "/api/v1/auth/signup",
            json={"email": "gone@example.org", "password": PASSWORD, "role": "candidate", "name": "N"},
        ).status_code
        == 202
    )


def test_deleting_an_account_made_by_an_admin_stops_its_old_token(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    assert client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).status_code == 201
    assert client.delete("/api/v1/me", headers=auth(token)).status_code == 204
    refused = client.get("/api/v1/me", headers=auth(token))
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
    assert client.post("/api/v1/auth/token-signin", json={"token": token}).status_code == 401
