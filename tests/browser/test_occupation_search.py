"""The occupation search box in a real browser: a candidate finds and confirms an occupation by typing a Spanish
title without accents, with the keyboard; an employer adds a code to a vacancy from the search; an advisor
corrects a candidate's code from the shortlist. Each choice is checked through the API."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser._server import SEED_VACANCY, Server

pytestmark = pytest.mark.browser


def _search(page: Any, scope: Any, text: str) -> Any:
    box = scope.get_by_role("combobox", name="Chercher une profession")
    box.press_sequentially(text, delay=25)
    results = scope.get_by_role("listbox")
    expect(results.get_by_role("option").first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    return box


def test_candidate_confirms_an_occupation_found_in_the_search_box(
    sign_in: Callable[[str], Any],
    server: Server,
    shot: Callable[[Any, str], Path],
    assert_labelled: Callable[[Any], None],
) -> None:
    page = sign_in("welder_mx")
    expect(page.locator("#extracted")).to_be_visible()
    box = _search(page, page.locator("#occupation-form"), "enfermera")  # no accent needed, Spanish title
    options = page.locator("#occupation-form [role=option]")
    expect(options.first).to_contain_text("31301")
    assert_labelled(page)
    shot(page, "occupation-search-results")
    box.press("ArrowDown")
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-0$"))
    box.press("Enter")
    added = page.locator("#occupation-choices input[value='31301']")
    expect(added).to_be_checked()
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    page.locator("#occupation-choices input[value='72106']").uncheck()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator("#status")).to_have_text("Professions confirmées.")
    with server.api("welder_mx") as client:
        profile = client.get(f"/candidates/{server.candidate_ids['welder_mx']}").json()
    assert [(o["code"], o["source"]) for o in profile["occupations"]] == [("31301", "confirmed")]
    page.reload()
    page.wait_for_selector("body[data-ready]")
    expect(page.locator("#occupation-choices input[value='31301']")).to_be_checked()
    expect(page.locator("#occupation-choices")).to_contain_text("confirmée")
    with server.api("welder_mx") as client:  # the other tests expect the seeded welder
        client.put(f"/candidates/{server.candidate_ids['welder_mx']}/occupations", json={"codes": ["72106"]})


def test_employer_adds_a_code_from_the_search_and_an_advisor_corrects_a_candidate(
    sign_in: Callable[[str], Any], server: Server, shot: Callable[[Any, str], Path]
) -> None:
    with server.api("employer") as client:  # a vacancy of its own, so the other tests keep the seeded one
        vacancy_id = client.post("/vacancies", json=SEED_VACANCY).raise_for_status().json()["id"]
    page = sign_in("employer")
    page.goto(f"{server.base_url}/employer/vacancies/{vacancy_id}/edit")
    page.wait_for_selector("body[data-ready]")
    box = _search(page, page.locator("#suggestions"), "chaudronn")
    page.locator("#suggestions [role=option]").first.click()
    ticked = page.locator("#suggestion-list input:checked")
    expect(ticked).to_have_count(2)  # the vacancy's welding code and the one picked
    picked = [v for v in ticked.evaluate_all("els => els.map((e) => e.value)") if v != "72106"]
    expect(box).to_have_value("")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/employer/vacancies/\d+$"))
    with server.api("employer") as client:
        codes = [o["code"] for o in client.get(f"/vacancies/{vacancy_id}").json()["occupations"]]
    assert codes == ["72106", *picked]

    advisor = sign_in("advisor")
    advisor.goto(f"{server.base_url}/advisor/vacancies/{server.vacancy_id}")
    candidate_id = server.candidate_ids["welder_gt"]
    card = advisor.locator(f"li[data-candidate-id='{candidate_id}']")
    card.get_by_text("Corriger la profession").click()
    _search(advisor, card, "soldador")
    card.get_by_role("option").filter(has_text="72106").first.click()
    card.get_by_role("button", name="Enregistrer la correction").click()
    expect(advisor.locator("#status")).to_contain_text("corrigée")
    shot(advisor, "advisor-code-correction")
    with server.api("advisor") as client:
        profile = client.get(f"/candidates/{candidate_id}").json()
    assert [(o["code"], o["source"]) for o in profile["occupations"]] == [("72106", "confirmed")]
    expect(card.get_by_text("Corriger la profession")).to_be_focused()
