"""The candidate's flow in a real browser: profile, résumé upload with the occupation to confirm, explained
matches, an invitation accepted (after which the employer sees the contact details), export and deletion."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser._server import Server

pytestmark = pytest.mark.browser

RESUME = """Ana Reyes, welder
Six years of MIG and TIG welding of structural steel in a fabrication shop in Cebu.
Reading blueprints, fitting and assembling beams, quality control of welds. Welding certificate (TESDA NC II).
"""


def _create_profile(page: Any) -> None:
    page.get_by_label("Nom").fill("Ana Reyes")
    page.get_by_label("Courriel").fill("ana.reyes@example.org")
    page.get_by_label("Pays").select_option("PH")
    page.get_by_label("Statut d'immigration").select_option("temporary_worker")
    page.get_by_label("Années d'expérience").fill("6")
    page.get_by_label("Scolarité").select_option("VOCATIONAL")
    page.get_by_label("Niveau de français").select_option("B1")
    page.get_by_label("02 Saguenay–Lac-Saint-Jean").check()
    page.get_by_role("button", name="Créer mon profil").click()
    expect(page.locator("#resume-section")).to_be_visible()


def _upload_resume(page: Any, folder: Path, server: Server) -> None:
    resume = folder / "ana-reyes-resume.txt"
    resume.write_text(RESUME, encoding="utf-8")
    page.get_by_label("Fichier du CV (PDF, DOCX ou texte, 5 Mo max.)").set_input_files(str(resume))
    expect(page.locator("#extracted")).to_be_hidden()  # nothing understood yet: no text, no codes
    page.get_by_role("button", name="Téléverser").click()
    expect(page.locator("#status")).to_have_text("Ce que nous avons compris")
    expect(page.locator("#extracted")).to_be_visible()
    with server.api("newcomer") as client:
        me = client.get("/me").json()
        extracted = client.get(f"/candidates/{me['candidate_id']}").json()
    assert "TIG welding" in extracted["text"]
    expect(page.locator("#detected-language")).to_have_text(extracted["language"])
    choices = page.locator("#occupation-choices input[type=checkbox]")
    expect(choices).to_have_count(len(extracted["occupations"]))
    expect(choices.first).to_be_visible()
    if extracted["occupations"][0]["preselected"]:
        expect(choices.first).to_be_checked()
    else:  # a low-confidence guess is shown but not ticked: the candidate ticks it
        expect(choices.first).not_to_be_checked()
        choices.first.check()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator("#status")).to_have_text("Professions confirmées.")


def _employer_invites(page: Any, server: Server, candidate_id: int) -> Any:
    page.goto(f"{server.base_url}/employer/vacancies/{server.vacancy_id}")
    card = page.locator(f"li[data-candidate-id='{candidate_id}']")
    expect(card).to_be_visible()
    expect(card.locator(".contact")).to_have_count(0)
    card.get_by_label("Message d'invitation (facultatif)").fill("Venez nous rencontrer à Saguenay.")
    card.get_by_role("button", name="Inviter").click()
    expect(card.locator(".invitation")).to_contain_text("en attente")
    return card


def test_candidate_uploads_a_resume_sees_matches_and_accepts_an_invitation(
    sign_in: Callable[[str], Any],
    server: Server,
    shot: Callable[[Any, str], Path],
    tmp_path: Path,
    assert_labelled: Callable[[Any], None],
) -> None:
    page = sign_in("newcomer")
    assert page.url.endswith("/candidate")
    _create_profile(page)
    _upload_resume(page, tmp_path, server)
    assert_labelled(page)
    shot(page, "candidate-profile")
    with server.api("newcomer") as client:
        candidate_id = client.get("/me").json()["candidate_id"]
        profile = client.get(f"/candidates/{candidate_id}").json()
    assert profile["email"] == "ana.reyes@example.org" and profile["regions_open"] == ["02"]
    assert profile["occupations"], "the confirmed occupation was not saved"

    page.get_by_role("link", name="Offres pour moi").click()
    match = page.locator(f"#matches li[data-vacancy-id='{server.vacancy_id}']")
    expect(match).to_contain_text("Soudeur-assembleur")
    expect(match.locator("[role=meter]")).to_have_count(6)
    expect(page.locator("#rule-set-id")).not_to_have_text("…")
    shot(page, "candidate-matches")

    employer = sign_in("employer")
    card = _employer_invites(employer, server, candidate_id)

    page.get_by_role("link", name="Invitations").click()
    invitation = page.locator(".invitation-item", has_text="Soudeur-assembleur")
    expect(invitation).to_contain_text("Venez nous rencontrer à Saguenay.")
    invitation.get_by_role("button", name="Accepter").click()
    expect(invitation.locator(".invitation-status")).to_have_text("acceptée")
    shot(page, "candidate-invitations")

    employer.reload()
    expect(card.locator(".contact")).to_contain_text("Ana Reyes")
    expect(card.locator(".contact")).to_contain_text("ana.reyes@example.org")
    expect(card.locator(".invitation")).to_contain_text("acceptée")
    shot(employer, "employer-contact-after-acceptance")
    employer.get_by_role("link", name="Invitations").click()
    expect(employer.locator(".invitation-item", has_text=f"#{candidate_id}")).to_contain_text("acceptée")


def test_candidate_exports_then_deletes_their_data(sign_in: Callable[[str], Any], server: Server) -> None:
    page = sign_in("leaver_co")
    page.get_by_role("link", name="Mes données").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger mes données").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "andres.quintero@example.org" in json.dumps(exported, ensure_ascii=False)

    page.get_by_role("button", name="Supprimer mes données").click()
    expect(page.get_by_text("Confirmez-vous la suppression définitive de vos données ?")).to_be_visible()
    page.get_by_role("button", name="Oui, supprimer définitivement").click()
    expect(page.locator("#status")).to_have_text("Vos données ont été supprimées.")

    candidate_id = server.candidate_ids["leaver_co"]
    with server.api("leaver_co") as client:
        assert client.get(f"/candidates/{candidate_id}").status_code in {401, 404}
    with server.api("advisor") as client:
        shortlist = client.get(f"/vacancies/{server.vacancy_id}/shortlist").json()
    assert candidate_id not in [e["candidate_id"] for e in shortlist["data"]]


def test_candidate_declines_an_invitation_and_keeps_their_contact_private(
    sign_in: Callable[[str], Any], server: Server
) -> None:
    candidate_id = server.candidate_ids["cook_sn"]
    with server.api("employer") as client:
        created = client.post("/invitations", json={"vacancy_id": server.vacancy_id, "candidate_id": candidate_id})
    assert created.status_code == 201, created.text

    page = sign_in("cook_sn")
    page.get_by_role("link", name="Invitations").click()
    invitation = page.locator(f"#invitation-{created.json()['id']}")
    expect(invitation.locator(".invitation-status")).to_have_text("en attente")
    invitation.get_by_role("button", name="Refuser").click()

    expect(invitation.locator(".invitation-status")).to_have_text("refusée")
    expect(invitation.get_by_role("button", name="Accepter")).to_have_count(0)
    with server.api("employer") as client:
        entries = client.get(f"/vacancies/{server.vacancy_id}/shortlist").json()["data"]
    mine = next(e for e in entries if e["candidate_id"] == candidate_id)
    assert mine["invitation"]["status"] == "declined"
    assert mine["candidate"]["contact"] is None
