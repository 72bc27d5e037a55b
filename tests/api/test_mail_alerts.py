"""E-mail alerts: one message per new invitation (queued with it), and the digest of new strong matches, which a
candidate switches off in the account settings or with the one-click link of the digest itself."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.deps import AppServices
from api.mail.alerts import send_digests
from tests.api.accounts_world import follow, mailbox, mclient, sign_in, verified_account
from tests.api.conftest import MakeUser, auth
from tests.api.mailbox import Mailbox
from tests.api.payloads import NURSE_CV, candidate_body, vacancy_body

_ = (mailbox, mclient)


def _services(client: TestClient) -> AppServices:
    found: AppServices = client.app.state.services  # type: ignore[attr-defined]
    return found


def test_each_new_invitation_e_mails_the_candidate_in_their_language(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    verified_account(mclient, mailbox, "lucia@example.org", language="es", name="Lucía")
    csrf = sign_in(mclient, "lucia@example.org")
    body = candidate_body(name="Lucía Hernández", email="lucia@example.org")
    candidate_id = mclient.post("/api/v1/candidates", json=body, headers=csrf).json()["id"]
    _, employer = make_user("employer")
    vacancy_id = mclient.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]

    mclient.get(f"/api/v1/vacancies/{vacancy_id}/shortlist", headers=auth(employer))  # employers invite from it
    invite = {"vacancy_id": vacancy_id, "candidate_id": candidate_id, "message": "Venga a vernos."}
    assert mclient.post("/api/v1/invitations", json=invite, headers=auth(employer)).status_code == 201
    mail = mailbox.wait_for("lucia@example.org", count=2)[-1]
    assert mail.message["Subject"] == "Nueva invitación: Soudeur-assembleur"
    assert "Venga a vernos." in mail.body and "Saguenay" in mail.body
    assert mail.link("/candidate/invitations").startswith("http://testserver/")

    assert mclient.post("/api/v1/invitations", json=invite, headers=auth(employer)).status_code == 409
    _, advisor = make_user("advisor", regions=["02"])
    second = mclient.post("/api/v1/vacancies", json=vacancy_body(title="Soudeur de nuit"), headers=auth(employer))
    invite2 = {"vacancy_id": second.json()["id"], "candidate_id": candidate_id}
    assert mclient.post("/api/v1/invitations", json=invite2, headers=auth(advisor)).status_code == 201
    mails = mailbox.wait_for("lucia@example.org", count=3)
    assert len(mails) == 3, "the refused invitation sent a message"  # verify + two invitations


def test_profile_e_mail_is_used_for_accounts_without_a_verified_address(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    _, candidate = make_user("candidate")
    body = candidate_body(email="profile@example.org")
    candidate_id = mclient.post("/api/v1/candidates", json=body, headers=auth(candidate)).json()["id"]
    _, employer = make_user("employer")
    vacancy_id = mclient.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    mclient.get(f"/api/v1/vacancies/{vacancy_id}/shortlist", headers=auth(employer))
    invite = {"vacancy_id": vacancy_id, "candidate_id": candidate_id}
    assert mclient.post("/api/v1/invitations", json=invite, headers=auth(employer)).status_code == 201
    assert mailbox.wait_for("profile@example.org")[0].message["Subject"].startswith("Nouvelle invitation")


def _world(mclient: TestClient, mailbox: Mailbox, make_user: MakeUser) -> tuple[dict[str, str], int, str]:
    verified_account(mclient, mailbox, "digest@example.org", language="en")
    csrf = sign_in(mclient, "digest@example.org")
    candidate_id = mclient.post("/api/v1/candidates", json=candidate_body(email="digest@example.org"), headers=csrf)
    _, employer = make_user("employer")
    mclient.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer))
    weak = vacancy_body(title="Infirmière", description=NURSE_CV, occupation_codes=["31301"], french_required="C1")
    mclient.post("/api/v1/vacancies", json=weak, headers=auth(employer))
    matches = mclient.get(f"/api/v1/candidates/{candidate_id.json()['id']}/matches").json()["data"]
    totals = sorted((m["total"] for m in matches), reverse=True)
    assert len(totals) == 2 and totals[0] > totals[1]
    _services(mclient).settings.accounts.digest_min_score = (totals[0] + totals[1]) / 2
    return csrf, candidate_id.json()["id"], employer


def test_the_digest_announces_new_strong_matches_once(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    _, _, employer = _world(mclient, mailbox, make_user)
    services = _services(mclient)
    assert send_digests(services, "http://testserver") == 1
    digest = mailbox.wait_for("digest@example.org", count=2)[-1]
    assert digest.message["Subject"] == "1 new vacancy matches your profile"
    assert "Soudeur-assembleur" in digest.body and "Infirmière" not in digest.body
    assert digest.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert send_digests(services, "http://testserver") == 0, "the same match was announced twice"

    mclient.post("/api/v1/vacancies", json=vacancy_body(title="Soudeur TIG"), headers=auth(employer))
    assert send_digests(services, "http://testserver") == 1
    assert "Soudeur TIG" in mailbox.wait_for("digest@example.org", count=3)[-1].body


def test_switching_the_digest_off_in_the_settings_stops_it(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    csrf, _, _ = _world(mclient, mailbox, make_user)
    assert mclient.patch("/api/v1/me", json={"digest_enabled": False}, headers=csrf).json()["digest_enabled"] is False
    assert send_digests(_services(mclient), "http://testserver") == 0
    assert mclient.patch("/api/v1/me", json={"digest_enabled": True}, headers=csrf).status_code == 200
    assert send_digests(_services(mclient), "http://testserver") == 1


def test_the_one_click_unsubscribe_link_switches_it_off(
    mclient: TestClient, mailbox: Mailbox, make_user: MakeUser
) -> None:
    _, _, employer = _world(mclient, mailbox, make_user)
    assert send_digests(_services(mclient), "http://testserver") == 1
    digest = mailbox.wait_for("digest@example.org", count=2)[-1]
    token = follow(mclient, digest, "/unsubscribe")
    assert str(digest.message["List-Unsubscribe"]).strip() == f"<{digest.link('/unsubscribe')}>"
    forged = mclient.post("/api/v1/auth/unsubscribe", json={"token": token[:-2] + "00"})
    assert forged.status_code == 400
    bare = TestClient(mclient.app)  # no session needed
    assert bare.post("/api/v1/auth/unsubscribe", json={"token": token}).json()["status"] == "unsubscribed"
    assert bare.post("/api/v1/auth/unsubscribe", json={"token": token}).status_code == 200  # twice is fine
    assert mclient.get("/api/v1/me").json()["digest_enabled"] is False
    mclient.post("/api/v1/vacancies", json=vacancy_body(title="Soudeur TIG"), headers=auth(employer))
    assert send_digests(_services(mclient), "http://testserver") == 0
