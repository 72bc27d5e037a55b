"""Outcomes, audits and the ranking notice in a real browser: an offer accepted, a hire and an arrival show in the
monthly indicator charts and their CSV export; the fairness page shows the bias audit; the notice page shows the
live weights and rules, and a candidate's request for a human review is answered by the advisor."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser._server import SEED_VACANCY, Server

pytestmark = pytest.mark.browser


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _history(server: Server) -> None:
    """The employer hires the Mexican welder on a new vacancy, who records the arrival the same day (so that
    offer was not received abroad), and makes an offer to the Guatemalan welder, still abroad."""
    with server.api("employer") as employer, server.api("welder_mx") as welder, server.api("welder_gt") as other:
        vacancy = _ok(employer.post("/vacancies", json={**SEED_VACANCY, "title": "Soudeur de nuit", "positions": 3}))
        _ok(employer.get(f"/vacancies/{vacancy['id']}/shortlist", params={"limit": 200}))  # whom it may invite
        cid = server.candidate_ids["welder_mx"]
        invitation = _ok(employer.post("/invitations", json={"vacancy_id": vacancy["id"], "candidate_id": cid}))
        _ok(welder.post(f"/invitations/{invitation['id']}/accept"))
        offer = _ok(employer.post(f"/invitations/{invitation['id']}/offer", json={"message": "Bienvenue"}))
        _ok(welder.post(f"/offers/{offer['id']}/accept"))
        _ok(employer.post(f"/offers/{offer['id']}/hire"))
        arrival = {"arrived_on": date.today().isoformat(), "municipality": "Saguenay"}
        assert welder.put(f"/candidates/{cid}/arrival", json=arrival).status_code == 200
        gt = {"vacancy_id": vacancy["id"], "candidate_id": server.candidate_ids["welder_gt"]}
        invitation = _ok(employer.post("/invitations", json=gt))
        _ok(other.post(f"/invitations/{invitation['id']}/accept"))
        _ok(employer.post(f"/invitations/{invitation['id']}/offer"))


def _bar_sum(page: Any, chart: str, series: str) -> float:
    values = page.locator(f"#mchart-{chart} rect.bar.{series}").evaluate_all(
        "(bars) => bars.map((b) => Number(b.dataset.value))"
    )
    return float(sum(values))


def test_indicator_charts_and_csv_show_offers_hires_and_arrivals(
    sign_in: Callable[[str], Any], server: Server, shot: Callable[[Any, str], Path]
) -> None:
    _history(server)
    page = sign_in("advisor")
    page.goto(f"{server.base_url}/advisor/indicators")
    with server.api("advisor") as client:
        totals = client.get("/indicators/monthly").json()["totals"]
    expect(page.locator("#mchart-abroad svg rect.bar")).to_have_count(len(totals))
    this_month = totals[-1]
    assert this_month["offers_abroad"] >= 1 and this_month["hires"] >= 1 and this_month["placed_in_regions"] >= 1
    assert _bar_sum(page, "abroad", "s1") == sum(r["offers_abroad"] for r in totals)
    assert _bar_sum(page, "placed", "s1") == sum(r["hires"] for r in totals)
    assert _bar_sum(page, "placed", "s2") == sum(r["placed_in_regions"] for r in totals)
    assert _bar_sum(page, "priority", "s2") == sum(r["priority_files"] for r in totals)
    expect(page.locator("#mchart-abroad .legend")).to_contain_text("offre reçue à l'étranger")
    with server.api("advisor") as client:
        files = client.get("/indicators/fast-track-files").json()
    assert files["count"] >= 1
    expect(page.locator("#fast-track-files tbody tr")).to_have_count(files["count"])
    expect(page.locator("#fast-track-files tbody tr").first).to_contain_text(files["data"][0]["offered_on"])
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger en CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("passerelle-indicators-regions-")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    mine = [r for r in rows if r["region_code"] == "all"]
    assert [int(r["hires"]) for r in mine] == [r["hires"] for r in totals]
    page.get_by_label("Région", exact=True).select_option("02")
    page.get_by_role("button", name="Mettre à jour").click()
    expect(page.locator("#mchart-abroad svg rect.bar")).to_have_count(len(totals))

    page.get_by_label("Taille du haut de liste (k)").fill("3")
    page.get_by_role("button", name="Calculer l'audit").click()
    with server.api("advisor") as client:
        audit = client.get(
            "/bias-audit", params={"region": "02", "k": 3, "month": date.today().strftime("%Y-%m")}
        ).json()
    assert audit["vacancies"] >= 2
    expect(page.locator("#region-audit-summary")).to_contain_text(f"{audit['vacancies']} offre(s)")
    status = next(d for d in audit["dimensions"] if d["dimension"] == "status")
    expect(page.locator("#region-audit-status tbody tr")).to_have_count(len(status["selection"]["rows"]))
    shot(page, "advisor-indicators-monthly")


def test_candidate_states_a_gender_that_employers_never_see(sign_in: Callable[[str], Any], server: Server) -> None:
    page = sign_in("welder_fr")
    page.get_by_label("Genre").select_option("woman")
    page.locator("#self-id-form").get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#status")).to_contain_text("Auto-identification enregistrée.")
    cid = server.candidate_ids["welder_fr"]
    with server.api("welder_fr") as client:
        assert client.get(f"/candidates/{cid}/self-identification").json() == {"gender": "woman"}
    with server.api("employer") as client:
        assert "woman" not in client.get(f"/vacancies/{server.vacancy_id}/shortlist").text


def test_fairness_page_shows_the_bias_audit(
    sign_in: Callable[[str], Any], server: Server, shot: Callable[[Any, str], Path]
) -> None:
    page = sign_in("advisor")
    page.goto(f"{server.base_url}/advisor/vacancies/{server.vacancy_id}/fairness")
    page.get_by_label("Taille du haut de liste (k)").fill("2")
    page.get_by_role("button", name="Mettre à jour").click()
    with server.api("advisor") as client:
        audit = client.get(f"/vacancies/{server.vacancy_id}/bias-audit", params={"k": 2}).json()
    country = next(d for d in audit["dimensions"] if d["dimension"] == "country")
    rows = page.locator("#audit-country table[data-dimension='country'] tbody tr")
    expect(rows).to_have_count(len(country["selection"]["rows"]))
    expect(rows.first.locator("th")).to_have_text(country["selection"]["rows"][0]["category"])
    expect(rows.first.locator("td[data-ratio]")).to_have_text("1.00")
    expect(page.locator("#audit-summary")).to_contain_text(f"bassin de {audit['pool_size']} candidats")
    expect(page.locator("#audit-gender table tbody tr th")).to_have_text(["Femme"])  # only welder_fr said
    shot(page, "advisor-bias-audit")


def test_notice_shows_live_weights_and_a_review_request_is_answered(
    sign_in: Callable[[str], Any], server: Server, shot: Callable[[Any, str], Path]
) -> None:
    candidate = sign_in("cook_sn")
    candidate.get_by_role("link", name="Comment on classe").click()
    candidate.wait_for_url("**/how-rankings-work")
    expect(candidate.locator("#notice-factors tbody tr")).to_have_count(6)
    expect(candidate.locator("tr[data-factor='occupation'] td.num")).to_have_text("35 %")
    expect(candidate.locator("#notice-rule-set")).to_contain_text("passerelle-")
    candidate.get_by_label("Votre demande").fill("Pourquoi suis-je 5e pour l'offre de cuisinier ?")
    candidate.get_by_role("button", name="Envoyer la demande").click()
    expect(candidate.locator("#review-requests li")).to_contain_text("En attente d'une réponse.")

    advisor = sign_in("advisor")
    advisor.goto(f"{server.base_url}/how-rankings-work")
    item = advisor.locator("#review-requests li", has_text="Pourquoi suis-je 5e")
    item.get_by_label("Réponse :").fill("Revu : votre expérience est prise en compte, rang confirmé.")
    item.get_by_role("button", name="Répondre").click()
    expect(item).to_contain_text("rang confirmé")
    shot(advisor, "advisor-review-requests")
    candidate.reload()
    expect(candidate.locator("#review-requests li")).to_contain_text("rang confirmé")


def test_offer_hire_and_arrival_from_the_invitations_pages(sign_in: Callable[[str], Any], server: Server) -> None:
    cid = server.candidate_ids["welder_fr"]  # leaver_co erases their data in test_candidate.py
    with server.api("employer") as employer, server.api("welder_fr") as candidate_api:
        vacancy = _ok(employer.post("/vacancies", json={**SEED_VACANCY, "title": "Soudeur de chantier naval"}))
        _ok(employer.get(f"/vacancies/{vacancy['id']}/shortlist", params={"limit": 200}))  # whom it may invite
        invitation = _ok(employer.post("/invitations", json={"vacancy_id": vacancy["id"], "candidate_id": cid}))
        _ok(candidate_api.post(f"/invitations/{invitation['id']}/accept"))
    item = f"#invitation-{invitation['id']}"

    employer_page = sign_in("employer")
    employer_page.goto(f"{server.base_url}/employer/invitations")
    employer_page.locator(item).get_by_role("button", name="Faire une offre d'emploi").click()
    expect(employer_page.locator(f"{item} .offer-block")).to_contain_text("Offre d'emploi en attente de réponse")

    candidate_page = sign_in("welder_fr")
    candidate_page.goto(f"{server.base_url}/candidate/invitations")
    candidate_page.locator(item).get_by_role("button", name="Accepter l'offre d'emploi").click()
    expect(candidate_page.locator(f"{item} .offer-block")).to_contain_text("Offre d'emploi acceptée")

    employer_page.reload()
    employer_page.locator(item).get_by_role("button", name="Confirmer l'embauche").click()
    expect(employer_page.locator(f"{item} .offer-block")).to_contain_text("Embauche confirmée")

    candidate_page.reload()
    candidate_page.locator(item).get_by_label("Date d'arrivée au Québec").fill(date.today().isoformat())
    candidate_page.locator(item).get_by_label("Municipalité où vous vivez et travaillez").fill("Alma")
    candidate_page.locator(item).get_by_role("button", name="Enregistrer l'arrivée").click()
    expect(candidate_page.locator("#status")).to_contain_text("Arrivée enregistrée")
    with server.api("welder_fr") as client:
        arrival = client.get(f"/candidates/{cid}/outcomes").json()["arrival"]
    assert (arrival["municipality_name"], arrival["region_code"]) == ("Alma", "02")
