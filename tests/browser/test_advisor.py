"""The advisor's flow in a real browser: vacancies of their regions, an explained shortlist, review and invite,
the fairness view and the indicators by region."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser._server import Server

pytestmark = pytest.mark.browser

DIMENSION_LABELS = ["Profession", "Similarité du texte", "Expérience", "Français", "Région", "Disponibilité"]


def test_advisor_lands_on_the_vacancies_of_their_regions(sign_in: Callable[[str], Any], server: Server) -> None:
    page = sign_in("advisor")

    assert page.url.endswith("/advisor")
    row = page.locator(f"#vacancies tr[data-vacancy-id='{server.vacancy_id}']")
    expect(row).to_contain_text("Soudeur-assembleur")
    expect(row).to_contain_text("Saguenay")
    expect(row.locator(".summary")).to_contain_text("candidat·e·s")
    expect(page.locator("#whoami")).to_contain_text("Julie Tremblay")

    page.get_by_label("Filtrer (titre, employeur, municipalité, région)").fill("cuisinier")
    expect(row).to_be_hidden()
    page.get_by_label("Filtrer (titre, employeur, municipalité, région)").fill("SOUDURES du fjord")
    expect(row).to_be_visible()


def test_advisor_reviews_notes_and_invites_from_the_explained_shortlist(
    sign_in: Callable[[str], Any],
    server: Server,
    shot: Callable[[Any, str], Path],
    artifacts: Path,
    assert_labelled: Callable[[Any], None],
) -> None:
    page = sign_in("advisor")
    page.click(f"#vacancies tr[data-vacancy-id='{server.vacancy_id}'] td:first-child a")
    page.wait_for_url(f"**/advisor/vacancies/{server.vacancy_id}")
    with server.api("advisor") as client:
        expected = client.get(f"/vacancies/{server.vacancy_id}/shortlist").json()

    cards = page.locator("#shortlist > li.match")
    expect(cards).to_have_count(expected["count"])
    expect(page.locator("#rule-set-id")).to_have_text(expected["rule_set_id"])
    card = page.locator(f"li[data-candidate-id='{server.candidate_ids['welder_mx']}']")
    expect(card.locator(".dim-name")).to_have_text(DIMENSION_LABELS)
    expect(card.locator("[role=meter]")).to_have_count(6)
    expect(card.locator(".badge.passerelle")).to_have_text("Passerelle")
    expect(card.locator(".rules")).to_contain_text(expected["rule_set_id"])
    expect(card).not_to_contain_text("Lucía")
    # The rules that did not apply are there, collapsed: one summary line, the reasons shown on opening it.
    with server.api("advisor") as client:
        path = f"/vacancies/{server.vacancy_id}/shortlist?explain=why_not"
        explained = {e["candidate_id"]: e for e in client.get(path).json()["data"]}
    why_not = explained[server.candidate_ids["welder_mx"]]["why_not"]
    details = card.locator("details.why-not")
    assert why_not, "the seeded vacancy (outside Montréal and Laval) leaves at least the freeze rule unapplied"
    expect(details).to_have_count(1)
    expect(details).not_to_have_attribute("open", "")
    expect(details.locator("summary")).to_have_text(f"Règles non appliquées, et pourquoi ({len(why_not)})")
    expect(details.locator("li.why-not").first).not_to_be_visible()
    details.locator("summary").click()
    expect(details.locator("li.why-not")).to_have_count(len(why_not))
    expect(details.locator("li.why-not").first).to_contain_text(why_not[0]["reason_fr"][:40])
    details.locator("summary").click()

    # The best-ranked seeded candidate, so that the README screenshot shows the review near the top.
    seeded = set(server.candidate_ids.values())
    reviewed_id = next(e["candidate_id"] for e in expected["data"] if e["candidate_id"] in seeded)
    card = page.locator(f"li[data-candidate-id='{reviewed_id}']")
    assert_labelled(page)

    # Keyboard: Enter on "Rejeter" rejects, focus stays on the button, Enter again clears the decision.
    card.get_by_role("button", name="Rejeter").focus()
    page.keyboard.press("Enter")
    expect(card.locator(".review-state")).to_contain_text("Rejeté·e")
    expect(card.get_by_role("button", name="Rejeter")).to_be_focused()
    page.keyboard.press("Enter")
    expect(card.locator(".review-state")).to_have_text("Non évalué·e")

    card.get_by_role("button", name="Approuver").click()
    expect(card.locator(".review-state")).to_contain_text("Approuvé·e")
    expect(card.get_by_role("button", name="Approuver")).to_have_attribute("aria-pressed", "true")
    card.get_by_label("Note").fill("Soudure MIG confirmée par téléphone.")
    card.get_by_role("button", name="Enregistrer la note").click()
    expect(page.locator("#status")).to_have_text("Enregistré.")
    card.get_by_label("Message d'invitation (facultatif)").fill("Votre profil nous intéresse.")
    card.get_by_role("button", name="Inviter").click()
    expect(card.locator(".invitation")).to_contain_text("en attente")
    shot(page, "advisor-shortlist")
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.evaluate(
        "document.activeElement.blur(); document.getElementById('status').hidden = true; window.scrollTo(0, 0)"
    )
    page.screenshot(path=str(artifacts / "advisor-shortlist-top.png"))

    with server.api("advisor") as client:
        entries = client.get(f"/vacancies/{server.vacancy_id}/shortlist").json()["data"]
    mine = next(e for e in entries if e["candidate_id"] == reviewed_id)
    assert mine["review"]["decision"] == "approved"
    assert mine["review"]["note"] == "Soudure MIG confirmée par téléphone."
    assert mine["invitation"]["status"] == "pending"


def test_advisor_sees_the_fairness_of_a_shortlist(
    sign_in: Callable[[str], Any], server: Server, shot: Callable[[Any, str], Path]
) -> None:
    page = sign_in("advisor")
    page.goto(f"{server.base_url}/advisor/vacancies/{server.vacancy_id}/fairness")
    page.get_by_label("Taille du haut de liste (k)").fill("2")
    page.get_by_role("button", name="Mettre à jour").click()
    with server.api("advisor") as client:
        report = client.get(f"/vacancies/{server.vacancy_id}/fairness", params={"k": 2}).json()

    expect(page.locator("#fairness-intro")).to_contain_text(f"de {report['pool_size']} candidat")
    countries = page.locator("#by-country tbody th")
    expect(countries).to_have_text([row["value"] for row in report["by_country"]])
    expect(page.locator("#by-status tbody tr")).to_have_count(len(report["by_status"]))
    shot(page, "advisor-fairness")


def test_advisor_sees_indicator_charts_by_region(
    sign_in: Callable[[str], Any], server: Server, shot: Callable[[Any, str], Path]
) -> None:
    page = sign_in("advisor")
    page.get_by_role("link", name="Indicateurs").click()
    page.wait_for_url("**/advisor/indicators")
    with server.api("advisor") as client:
        report = client.get("/indicators").json()

    for chart in ("offers_received_abroad", "fast_track_files", "vacancies_filled"):
        expect(page.locator(f"#chart-{chart} li")).to_have_count(len(report["data"]))
    saguenay = next(r for r in report["data"] if r["region_code"] == "02")
    row = page.locator("#indicator-table tbody tr", has_text="Saguenay")
    expect(row.locator("td").nth(1)).to_have_text(str(saguenay["vacancies_open"]))
    shot(page, "advisor-indicators")
