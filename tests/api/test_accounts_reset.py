"""Password reset by e-mail through a real SMTP server: single use, signs out every session, no enumeration."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.accounts_world import PASSWORD, follow, mailbox, mclient, sign_in, verified_account
from tests.api.mailbox import Mailbox

_ = (mailbox, mclient)
NEW_PASSWORD = "a brand new passphrase"


def test_reset_by_e_mail_changes_the_password_once_and_signs_out_other_sessions(
    mclient: TestClient, mailbox: Mailbox
) -> None:
    verified_account(mclient, mailbox, "reset@example.org", language="en")
    sign_in(mclient, "reset@example.org")
    other_device = mclient.cookies.get("psl_session")
    assert mclient.get("/api/v1/me").status_code == 200

    answer = mclient.post("/api/v1/auth/reset/request", json={"email": "Reset@Example.org"})
    assert answer.status_code == 202
    received = mailbox.wait_for("reset@example.org", count=2)[-1]
    assert received.message["Subject"] == "Reset your Passerelle password"
    token = follow(mclient, received, "/reset")

    short = mclient.post("/api/v1/auth/reset", json={"token": token, "password": "short"})
    assert short.status_code == 422  # the link is not used up by a refused password
    done = mclient.post("/api/v1/auth/reset", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 200
    again = mclient.post("/api/v1/auth/reset", json={"token": token, "password": "yet another passphrase"})
    assert again.status_code == 400

    mclient.cookies.set("psl_session", other_device or "")
    assert mclient.get("/api/v1/me").status_code == 401, "the session opened before the reset still works"
    old = mclient.post("/api/v1/auth/signin", json={"email": "reset@example.org", "password": PASSWORD})
    assert old.status_code == 401
    sign_in(mclient, "reset@example.org", NEW_PASSWORD)


def test_a_newer_reset_link_replaces_the_older_one(mclient: TestClient, mailbox: Mailbox) -> None:
    verified_account(mclient, mailbox, "twice@example.org")
    for _ in range(2):
        mclient.post("/api/v1/auth/reset/request", json={"email": "twice@example.org"})
    first, second = mailbox.wait_for("twice@example.org", count=3)[1:3]
    old_token, new_token = follow(mclient, first, "/reset"), follow(mclient, second, "/reset")
    assert mclient.post("/api/v1/auth/reset", json={"token": old_token, "password": NEW_PASSWORD}).status_code == 400
    assert mclient.post("/api/v1/auth/reset", json={"token": new_token, "password": NEW_PASSWORD}).status_code == 200


def test_a_reset_link_cannot_verify_and_a_verify_link_cannot_reset(mclient: TestClient, mailbox: Mailbox) -> None:
    from tests.api.accounts_world import sign_up

    sign_up(mclient, "cross@example.org")
    verify_token = follow(mclient, mailbox.wait_for("cross@example.org")[0], "/verify")
    assert mclient.post("/api/v1/auth/reset", json={"token": verify_token, "password": NEW_PASSWORD}).status_code == 400
    assert mclient.post("/api/v1/auth/verify", json={"token": verify_token}).status_code == 200


def test_the_answer_is_the_same_for_an_unknown_address_and_nothing_is_sent(
    mclient: TestClient, mailbox: Mailbox
) -> None:
    verified_account(mclient, mailbox, "known@example.org")
    known = mclient.post("/api/v1/auth/reset/request", json={"email": "known@example.org"})
    unknown = mclient.post("/api/v1/auth/reset/request", json={"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()
    mailbox.wait_for("known@example.org", count=2)
    assert not [m for m in mailbox.inbox if "unknown@example.org" in m.recipients]
