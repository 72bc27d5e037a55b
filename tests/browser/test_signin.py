"""Signing in, landing on one's own home, the language toggle and keyboard use, in a real browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser._server import Server

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-CA")
    yield context.new_page()
    context.close()


def test_unknown_token_shows_the_api_message(page: Any, server: Server) -> None:
    page.goto(f"{server.base_url}/signin")
    page.wait_for_selector("body[data-ready]")
    with server.api("advisor") as client:
        client.headers["Authorization"] = "Bearer psl_not_a_real_token"
        refused = client.get("/me")
    assert refused.status_code == 401

    page.get_by_label("Jeton d'accès", exact=True).fill("psl_not_a_real_token")
    page.get_by_role("button", name="Entrer avec le jeton").click()

    expect(page.get_by_role("alert")).to_contain_text(refused.json()["detail"])
    assert page.url.endswith("/signin")


@pytest.mark.parametrize(
    ("account", "home", "heading"),
    [
        ("advisor", "/advisor", "Offres de mes régions"),
        ("employer", "/employer", "Mes offres"),
        ("newcomer", "/candidate", "Mon profil"),
    ],
)
def test_each_role_signs_in_with_the_keyboard_and_lands_on_its_home(
    page: Any, server: Server, account: str, home: str, heading: str
) -> None:
    page.goto(f"{server.base_url}/signin")
    expect(page.locator("#email")).to_be_focused()  # focused once the script is ready
    page.locator("#token").focus()
    page.keyboard.type(server.tokens[account])
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="Entrer avec le jeton")
    expect(submit).to_be_focused()
    outline = submit.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline == "solid 3px", f"no visible focus ring on the sign-in button: {outline}"
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{home}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_a_page_of_another_role_sends_the_visitor_to_their_own_home(
    sign_in: Callable[[str], Any], server: Server
) -> None:
    page = sign_in("employer")
    page.goto(f"{server.base_url}/advisor/indicators")
    page.wait_for_url("**/employer")


def test_pages_without_a_session_send_to_sign_in_and_sign_out_ends_it(page: Any, server: Server) -> None:
    page.goto(f"{server.base_url}/candidate/matches")
    page.wait_for_url("**/signin")
    page.wait_for_selector("body[data-ready]")
    page.get_by_label("Jeton d'accès", exact=True).fill(server.tokens["advisor"])
    page.get_by_role("button", name="Entrer avec le jeton").click()
    page.wait_for_url("**/advisor")

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/signin?signed_out=1")
    expect(page.get_by_role("status")).to_have_text("Vous êtes déconnecté·e.")
    page.goto(f"{server.base_url}/advisor")
    page.wait_for_url("**/signin")


def test_language_toggle_switches_labels_and_is_remembered(sign_in: Callable[[str], Any], server: Server) -> None:
    page = sign_in("advisor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres de mes régions")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vacancies in my regions")
    summary = page.locator(f"tr[data-vacancy-id='{server.vacancy_id}'] .summary")
    summary.scroll_into_view_if_needed()  # summaries load for rows on screen; other tests add vacancies above it
    expect(summary).to_contain_text("candidates")
    page.get_by_role("link", name="Indicators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicators by region")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs par région")
