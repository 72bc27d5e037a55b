"""Self-service employers wait for an advisor of their region (or an admin): they may post vacancies, but their
shortlist answers 403 "awaiting verification" and they cannot invite. Admins create advisors (API and CLI)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.accounts_world import follow, mailbox, mclient, sign_in, verified_account
from tests.api.conftest import MakeUser, auth
from tests.api.mailbox import Mailbox
from tests.api.payloads import candidate_body, vacancy_body

_ = (mailbox, mclient)


def _employer(mclient: TestClient, mailbox: Mailbox, email: str = "boss@fjord.example") -> tuple[dict[str, str], int]:
    verified_account(mclient, mailbox, email, role="employer")
    csrf = sign_in(mclient, email)
    created = mclient.post("/api/v1/vacancies", json=vacancy_body(), headers=csrf)
    assert created.status_code == 201, created.text  # posting is allowed while waiting
    return csrf, int(created.json()["id"])


def test_an_unverified_employer_posts_but_sees_no_shortlist_until_an_advisor_of_its_region_verifies(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    _, candidate = make_user("candidate")
    candidate_id = mclient.post("/api/v1/candidates", json=candidate_body(), headers=auth(candidate)).json()["id"]
    csrf, vacancy_id = _employer(mclient, mailbox)
    me = mclient.get("/api/v1/me").json()
    assert me["employer_verified"] is False

    waiting = mclient.get(f"/api/v1/vacancies/{vacancy_id}/shortlist")
    assert waiting.status_code == 403 and waiting.json()["code"] == "awaiting_verification"
    invite = {"vacancy_id": vacancy_id, "candidate_id": candidate_id}
    assert mclient.post("/api/v1/invitations", json=invite, headers=csrf).status_code == 403

    _, elsewhere = make_user("advisor", regions=["06"])
    _, advisor = make_user("advisor", regions=["02"])
    assert mclient.get("/api/v1/employers?status=pending", headers=auth(elsewhere)).json()["count"] == 0
    pending = mclient.get("/api/v1/employers?status=pending", headers=auth(advisor)).json()["data"]
    assert [(e["name"], e["region_code"], e["contact_email"]) for e in pending] == [
        ("Soudures du Fjord", "02", "boss@fjord.example")
    ]
    employer_id = pending[0]["id"]
    assert mclient.post(f"/api/v1/employers/{employer_id}/verify", headers=auth(elsewhere)).status_code == 404
    assert mclient.post(f"/api/v1/employers/{employer_id}/verify", headers=auth(candidate)).status_code == 403
    verified = mclient.post(f"/api/v1/employers/{employer_id}/verify", headers=auth(advisor))
    assert verified.status_code == 200 and verified.json()["verified"] is True

    told = mailbox.wait_for("boss@fjord.example", count=2)[-1]
    assert told.message["Subject"] == "Votre compte employeur est vérifié"
    assert mclient.get(f"/api/v1/vacancies/{vacancy_id}/shortlist").status_code == 200
    assert mclient.post("/api/v1/invitations", json=invite, headers=csrf).status_code == 201
    assert mclient.get("/api/v1/employers?status=pending", headers=auth(advisor)).json()["count"] == 0


def test_an_admin_verifies_any_employer_and_employers_made_by_admins_start_verified(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    _, vacancy_id = _employer(mclient, mailbox, "other@boss.example")
    _, admin = make_user("admin")
    pending = mclient.get("/api/v1/employers?status=pending", headers=auth(admin)).json()["data"]
    assert len(pending) == 1
    assert mclient.post(f"/api/v1/employers/{pending[0]['id']}/verify", headers=auth(admin)).status_code == 200
    assert mclient.get(f"/api/v1/vacancies/{vacancy_id}/shortlist").status_code == 200

    _, old_style = make_user("employer")
    assert mclient.get("/api/v1/me", headers=auth(old_style)).json()["employer_verified"] is True


def test_admins_create_advisors_who_choose_their_password_by_e_mail(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    _, admin = make_user("admin")
    _, advisor = make_user("advisor", regions=["02"])
    body = {"name": "Julie Tremblay", "email": "julie@quebec.example", "regions": ["2", "09"], "language": "fr"}
    assert mclient.post("/api/v1/admin/advisors", json=body, headers=auth(advisor)).status_code == 403
    assert (
        mclient.post("/api/v1/admin/advisors", json={**body, "regions": ["99"]}, headers=auth(admin)).status_code == 422
    )
    made = mclient.post("/api/v1/admin/advisors", json=body, headers=auth(admin))
    assert made.status_code == 201 and made.json()["regions"] == ["02", "09"]
    assert mclient.post("/api/v1/admin/advisors", json=body, headers=auth(admin)).status_code == 409

    token = follow(mclient, mailbox.wait_for("julie@quebec.example")[0], "/reset")
    assert (
        mclient.post("/api/v1/auth/reset", json={"token": token, "password": "julie's passphrase"}).status_code == 200
    )
    sign_in(mclient, "julie@quebec.example", "julie's passphrase")
    me = mclient.get("/api/v1/me").json()
    assert (me["role"], me["regions"]) == ("advisor", ["02", "09"])
