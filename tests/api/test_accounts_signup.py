"""Sign-up, e-mail verification through a real SMTP server, sign-in with a session cookie, CSRF, sign-out."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from api.db.account_tables import AuthSession, EmailToken, now_utc
from api.db.tables import User
from tests.api.accounts_world import PASSWORD, follow, mailbox, mclient, sign_in, sign_up, verified_account
from tests.api.mailbox import Mailbox
from tests.api.payloads import candidate_body

_ = (mailbox, mclient)


def test_candidate_signs_up_follows_the_link_and_signs_in(mclient: TestClient, mailbox: Mailbox) -> None:
    sign_up(mclient, "Ana.Lopez@Example.org", language="es")
    received = mailbox.wait_for("ana.lopez@example.org")[0]
    assert received.message["Subject"] == "Confirme su correo electrónico para Passerelle"
    assert received.message["Content-Language"] == "es"
    assert received.message["From"] == "Passerelle <no-reply@passerelle.test>"

    refused = mclient.post("/api/v1/auth/signin", json={"email": "ana.lopez@example.org", "password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "email_not_verified"

    token = follow(mclient, received, "/verify")
    assert mclient.post("/api/v1/auth/verify", json={"token": token}).json()["status"] == "verified"
    again = mclient.post("/api/v1/auth/verify", json={"token": token})
    assert again.status_code == 400 and again.json()["code"] == "link_invalid"

    signed = mclient.post("/api/v1/auth/signin", json={"email": " ANA.LOPEZ@example.org ", "password": PASSWORD})
    assert signed.status_code == 200
    cookie = signed.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookie if c.startswith("psl_session="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    csrf_cookie = next(c for c in cookie if c.startswith("psl_csrf="))
    assert "HttpOnly" not in csrf_cookie
    me = mclient.get("/api/v1/me").json()
    assert (me["role"], me["email"], me["language"], me["email_verified"]) == (
        "candidate",
        "ana.lopez@example.org",
        "es",
        True,
    )


def test_the_password_is_stored_as_argon2_and_the_link_as_a_hash(mclient: TestClient, mailbox: Mailbox) -> None:
    sign_up(mclient, "hash@example.org")
    token = follow(mclient, mailbox.wait_for("hash@example.org")[0], "/verify")
    engine = mclient.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == "hash@example.org")).one()
        links = session.exec(select(EmailToken).where(EmailToken.user_id == user.id)).all()
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert len(links) == 1 and links[0].token_hash not in token and token.split(".")[0] not in links[0].token_hash


def test_forged_and_expired_links_are_refused(mclient: TestClient, mailbox: Mailbox) -> None:
    sign_up(mclient, "late@example.org")
    token = follow(mclient, mailbox.wait_for("late@example.org")[0], "/verify")
    value, _, signature = token.rpartition(".")
    forged = f"{value}.{'0' * len(signature)}"
    assert mclient.post("/api/v1/auth/verify", json={"token": forged}).status_code == 400
    assert mclient.post("/api/v1/auth/verify", json={"token": "x"}).status_code == 400
    engine = mclient.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.execute(update(EmailToken).values(expires_at=now_utc() - timedelta(seconds=1)))
        session.commit()
    expired = mclient.post("/api/v1/auth/verify", json={"token": token})
    assert expired.status_code == 400 and expired.json()["code"] == "link_invalid"

    resent = mclient.post("/api/v1/auth/verify/resend", json={"email": "late@example.org"})
    assert resent.status_code == 202
    fresh = follow(mclient, mailbox.wait_for("late@example.org", count=2)[-1], "/verify")
    assert mclient.post("/api/v1/auth/verify", json={"token": fresh}).status_code == 200


def test_sign_up_rules(mclient: TestClient, mailbox: Mailbox) -> None:
    base = {"email": "rules@example.org", "password": PASSWORD, "name": "R"}
    assert mclient.post("/api/v1/auth/signup", json={**base, "role": "advisor"}).status_code == 422
    short = mclient.post("/api/v1/auth/signup", json={**base, "role": "candidate", "password": "short"})
    assert short.status_code == 422 and short.json()["code"] == "password_length"
    bad_mail = mclient.post("/api/v1/auth/signup", json={**base, "role": "candidate", "email": "not-an-address"})
    assert bad_mail.status_code == 422
    no_company = mclient.post("/api/v1/auth/signup", json={**base, "role": "employer"})
    assert no_company.status_code == 422 and no_company.json()["code"] == "employer_fields"
    bad_region = mclient.post(
        "/api/v1/auth/signup", json={**base, "role": "employer", "company_name": "X", "region": "42"}
    )
    assert bad_region.status_code == 422
    assert mclient.post("/api/v1/auth/signup", json={**base, "role": "candidate"}).status_code == 202
    taken = mclient.post("/api/v1/auth/signup", json={**base, "role": "candidate", "email": "RULES@example.org"})
    assert taken.status_code == 202  # the same answer as for a new address (see the test below)
    taken_no_company = mclient.post("/api/v1/auth/signup", json={**base, "role": "employer"})
    assert taken_no_company.json()["code"] == "employer_fields"  # checked before the address, like a new one


INTRUDER_PASSWORD = "not the owner's password"


def _signup(client: TestClient, email: str, **extra: object) -> Any:
    body = {
        "email": email,
        "password": INTRUDER_PASSWORD,
        "role": "candidate",
        "name": "Intruso",
        "language": "fr",
        **extra,
    }
    return client.post("/api/v1/auth/signup", json=body)


def test_sign_up_answers_the_same_whether_or_not_the_address_is_taken_and_tells_the_owner(
    mclient: TestClient, mailbox: Mailbox
) -> None:
    verified_account(mclient, mailbox, "owner@example.org", name="Lucía", language="es")
    engine = mclient.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        users_before = len(session.exec(select(User)).all())
    fresh = _signup(mclient, "newcomer@example.org")
    taken = _signup(mclient, " Owner@Example.org ", role="employer", company_name="X", region="02")
    assert fresh.status_code == taken.status_code == 202
    assert fresh.json() == taken.json() and fresh.headers.get("content-type") == taken.headers.get("content-type")

    notice = mailbox.wait_for("owner@example.org", count=2)[-1]  # after its own verification e-mail
    assert notice.message["Subject"] == "Alguien intentó crear una cuenta de Passerelle con su correo"  # owner's lang
    assert "Hola, Lucía" in notice.body and "no se creó ninguna cuenta nueva" in notice.body
    assert notice.link("/signin").startswith("http") and notice.link("/forgot").startswith("http")
    assert "/verify" not in notice.body and "token=" not in notice.body  # no link that would act on the account

    with Session(engine) as session:
        users = session.exec(select(User)).all()
        owner = next(u for u in users if u.email == "owner@example.org")
    assert len(users) == users_before + 1  # only the new address got an account
    assert owner.role == "candidate" and owner.name == "Lucía" and owner.employer_id is None  # untouched
    intruder = {"email": "owner@example.org", "password": INTRUDER_PASSWORD}
    assert mclient.post("/api/v1/auth/signin", json=intruder).status_code == 401  # the password did not change
    assert (
        mclient.post("/api/v1/auth/signin", json={"email": "owner@example.org", "password": PASSWORD}).status_code
        == 200
    )

    again = _signup(mclient, "owner@example.org")
    assert again.status_code == 202 and again.json() == fresh.json()
    mailbox.wait_for("newcomer@example.org")
    time.sleep(0.5)  # the mailer had time to send a second notice, if one had been queued
    notices = [m for m in mailbox.inbox if "owner@example.org" in m.recipients]
    assert len(notices) == 2  # verification + one notice: a second attempt within the hour sends nothing more


def test_cookie_writes_need_the_csrf_token(mclient: TestClient, mailbox: Mailbox) -> None:
    verified_account(mclient, mailbox, "csrf@example.org")
    csrf = sign_in(mclient, "csrf@example.org")
    body = candidate_body(email="csrf@example.org")
    missing = mclient.post("/api/v1/candidates", json=body)
    assert missing.status_code == 403 and missing.json()["code"] == "csrf_failed"
    wrong = mclient.post("/api/v1/candidates", json=body, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert mclient.patch("/api/v1/me", json={"language": "en"}).status_code == 403
    assert mclient.get("/api/v1/me").status_code == 200  # reads need no token
    assert mclient.post("/api/v1/candidates", json=body, headers=csrf).status_code == 201
    assert mclient.patch("/api/v1/me", json={"language": "en"}, headers=csrf).json()["language"] == "en"


def test_sign_out_ends_the_session_and_expired_sessions_end(mclient: TestClient, mailbox: Mailbox) -> None:
    verified_account(mclient, mailbox, "out@example.org")
    csrf = sign_in(mclient, "out@example.org")
    cookie = mclient.cookies.get("psl_session")
    assert mclient.post("/api/v1/auth/signout").status_code == 403  # a cookie write without CSRF
    assert mclient.post("/api/v1/auth/signout", headers=csrf).status_code == 204
    mclient.cookies.set("psl_session", cookie or "")
    assert mclient.get("/api/v1/me").status_code == 401

    sign_in(mclient, "out@example.org")
    engine = mclient.app.state.services.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.execute(update(AuthSession).values(expires_at=now_utc() - timedelta(seconds=1)))
        session.commit()
    ended = mclient.get("/api/v1/me")
    assert ended.status_code == 401 and ended.json()["code"] == "session_ended"


def test_wrong_password_and_unknown_address_get_the_same_answer(mclient: TestClient, mailbox: Mailbox) -> None:
    verified_account(mclient, mailbox, "same@example.org")
    wrong = mclient.post("/api/v1/auth/signin", json={"email": "same@example.org", "password": "wrong password"})
    unknown = mclient.post("/api/v1/auth/signin", json={"email": "nobody@example.org", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "signin_failed"
    spanish = mclient.post(
        "/api/v1/auth/signin",
        json={"email": "same@example.org", "password": "wrong password"},
        headers={"Accept-Language": "es-GT,es;q=0.9"},
    )
    assert spanish.json()["detail"] == "Correo electrónico o contraseña incorrectos."


def test_existing_bearer_tokens_still_work_and_can_open_a_console_session(client: TestClient, make_user) -> None:  # type: ignore[no-untyped-def]
    _, token = make_user("advisor", regions=["02"])
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["role"] == "advisor"
    refused = client.post("/api/v1/auth/token-signin", json={"token": "psl_unknown"})
    assert refused.status_code == 401
    signed = client.post("/api/v1/auth/token-signin", json={"token": token})
    assert signed.status_code == 200 and signed.json()["me"]["role"] == "advisor"
    assert client.get("/api/v1/me").json()["role"] == "advisor"  # by the cookie now
