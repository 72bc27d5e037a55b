"""The employer's flow in a real browser: post a vacancy with live CNP suggestions and municipality completion,
see its anonymous shortlist, edit it, and read the API's message when something is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser._server import SEED_CANDIDATES, Server

pytestmark = pytest.mark.browser


def test_employer_posts_a_vacancy_and_sees_its_anonymous_shortlist(
    sign_in: Callable[[str], Any],
    server: Server,
    shot: Callable[[Any, str], Path],
    assert_labelled: Callable[[Any], None],
) -> None:
    page = sign_in("employer")
    assert page.url.endswith("/employer")
    page.get_by_role("link", name="Publier une offre").first.click()
    page.wait_for_url("**/employer/vacancies/new")

    assert_labelled(page)
    page.get_by_label("Titre du poste").press_sequentially("Soudeur de structures d'acier", delay=20)
    first = page.locator("#suggestion-list .suggestion").first
    expect(first).to_be_visible()
    with server.api("employer") as client:
        suggested = client.get("/occupations/suggest", params={"q": "Soudeur de structures d'acier"}).json()["data"]
    expect(first).to_contain_text(suggested[0]["code"])
    first.locator("input[type=checkbox]").check()
    assert_labelled(page)
    shot(page, "employer-suggestions")
    page.get_by_label("Description").fill("Soudage MIG de poutres et de charpentes en atelier, lecture de plans.")
    page.get_by_label("Municipalité").press_sequentially("Sague", delay=30)
    expect(page.locator("#municipality-options option")).not_to_have_count(0)
    page.get_by_label("Municipalité").fill("Saguenay (Saguenay–Lac-Saint-Jean)")
    page.get_by_label("Nombre de postes").fill("3")
    page.get_by_label("Français exigé").select_option("B1")
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(re.compile(r".*/employer/vacancies/\d+$"))

    vacancy_id = int(page.url.rsplit("/", 1)[1])
    with server.api("employer") as client:
        vacancy = client.get(f"/vacancies/{vacancy_id}").json()
        shortlist = client.get(f"/vacancies/{vacancy_id}/shortlist").json()
    assert vacancy["municipality_code"] == "94068"
    assert vacancy["positions"] == 3
    assert vacancy["french_required"] == "B1"
    assert suggested[0]["code"] in [o["code"] for o in vacancy["occupations"]]
    assert shortlist["count"] > 0
    expect(page.locator("#shortlist > li.match")).to_have_count(shortlist["count"])
    expect(page.locator("#shortlist h2").first).to_contain_text("Candidat·e #")
    body = page.locator("#shortlist").inner_text()
    for candidate in SEED_CANDIDATES:
        assert candidate["name"] not in body and candidate["email"] not in body
    expect(page.locator("#shortlist .contact")).to_have_count(0)
    expect(page.get_by_role("button", name="Approuver")).to_have_count(0)
    shot(page, "employer-shortlist")

    page.get_by_role("button", name="Fermer l'offre").click()
    expect(page.locator("#vacancy .badge.closed")).to_have_text("fermée")
    with server.api("employer") as client:
        assert client.get(f"/vacancies/{vacancy_id}").json()["status"] == "closed"


def test_employer_edits_a_vacancy(sign_in: Callable[[str], Any], server: Server) -> None:
    page = sign_in("employer")
    page.goto(f"{server.base_url}/employer/vacancies/{server.vacancy_id}/edit")
    expect(page.get_by_label("Titre du poste")).to_have_value("Soudeur-assembleur / soudeuse-assembleuse")
    expect(page.locator("#suggestion-list input[value='72106']")).to_be_checked()

    page.get_by_label("Salaire horaire ($)").fill("30.25")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/employer/vacancies/{server.vacancy_id}")

    with server.api("employer") as client:
        vacancy = client.get(f"/vacancies/{server.vacancy_id}").json()
    assert vacancy["wage_hourly"] == pytest.approx(30.25)
    assert [o["code"] for o in vacancy["occupations"]] == ["72106"]


def test_employer_sees_the_api_message_for_an_unknown_municipality(
    sign_in: Callable[[str], Any], server: Server
) -> None:
    page = sign_in("employer")
    page.goto(f"{server.base_url}/employer/vacancies/new")
    page.get_by_label("Titre du poste").fill("Soudeur")
    page.get_by_label("Description").fill("Soudage en atelier.")
    page.get_by_label("Municipalité").fill("Atlantide-sur-Mer")
    with server.api("employer") as client:
        refused = client.post(
            "/vacancies",
            json={"title": "Soudeur", "description": "Soudage en atelier.", "municipality": "Atlantide-sur-Mer"},
        )
    assert refused.status_code >= 400

    page.get_by_role("button", name="Publier").click()

    expect(page.locator("#error")).to_be_visible()
    expect(page.locator("#error")).to_contain_text(refused.json()["detail"])
    assert page.url.endswith("/employer/vacancies/new")
