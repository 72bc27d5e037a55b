"""Self-service accounts end to end in a real browser, with a real SMTP server on 127.0.0.1, at desktop width and
at 390 px: (a) an employer signs up, confirms its address from the e-mail, waits for verification, is verified by
an advisor, posts a vacancy and invites a candidate (who gets the e-mail); (b) a password reset by e-mail."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.api.mailbox import Mailbox
from tests.browser._server import SEED_CANDIDATES, Server
from tests.browser.conftest import UI_TIMEOUT_MS, VIEWPORTS, assert_fits, context_options

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[[str], Any]]:
    """Fresh browser contexts at a named width; script errors and CSP refusals fail the test."""
    contexts: list[Any] = []
    problems: list[str] = []

    def make(width: str) -> Any:
        context = browser.new_context(**context_options(width))
        context.set_default_timeout(UI_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, problems


_fits = assert_fits


def _open_link(page: Any, link: str, base: str) -> None:
    assert link.startswith(base), f"the e-mail links to {link}, not to the server {base}"
    page.goto(link)
    page.wait_for_selector("body[data-ready]")


def _sign_in_with_password(page: Any, email: str, password: str) -> None:
    page.wait_for_selector("body[data-ready]")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url(lambda url: "/signin" not in url)
    page.wait_for_selector("body[data-ready]")


def _sign_up_employer(page: Any, server: Server, email: str, company: str) -> None:
    page.goto(f"{server.base_url}/signup")
    page.wait_for_selector("body[data-ready]")
    _fits(page)
    page.get_by_label("employeur").check()
    page.get_by_label("Votre nom").fill("Marie Gagnon")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Nom de l'entreprise").fill(company)
    page.get_by_label("Région où vous embauchez").select_option("02")
    _fits(page)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("#signup-done")).to_contain_text(email)


def _post_vacancy(page: Any, title: str) -> int:
    page.get_by_role("link", name="Publier une offre").first.click()
    page.wait_for_url("**/employer/vacancies/new")
    page.wait_for_selector("body[data-ready]")
    page.get_by_label("Titre du poste").press_sequentially(title, delay=10)
    first = page.locator("#suggestion-list .suggestion").first
    expect(first).to_be_visible()
    first.locator("input[type=checkbox]").check()
    _fits(page)  # long CNP titles with their badges once pushed the form to 701 px on a phone
    page.get_by_label("Description").fill("Soudage MIG de poutres et de charpentes en atelier, lecture de plans.")
    page.get_by_label("Municipalité").fill("94068")  # Saguenay
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(re.compile(r".*/employer/vacancies/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_employer_signs_up_is_verified_by_an_advisor_posts_and_invites(
    width: str,
    new_page: Callable[[str], Any],
    sign_in: Callable[..., Any],
    server: Server,
    mailbox: Mailbox,
    shot: Callable[[Any, str], Path],
) -> None:
    email, company = f"marie.{width}@fjord.example", f"Charpentes du Fjord ({width})"
    page = new_page(width)
    _sign_up_employer(page, server, email, company)
    shot(page, f"accounts-signup-{width}")

    verify = mailbox.wait_for_subject(email, "Confirmez votre adresse")
    _open_link(page, verify.link("/verify"), server.base_url)
    expect(page.get_by_role("status")).to_have_text("Adresse confirmée. Vous pouvez vous connecter.")
    _fits(page)
    page.get_by_role("link", name="Se connecter").click()
    _sign_in_with_password(page, email, PASSWORD)
    assert page.url.endswith("/employer")
    expect(page.locator("#awaiting")).to_contain_text("attend la vérification")

    title = f"Soudeur de structures d'acier {width}"
    _fits(page)
    vacancy_id = _post_vacancy(page, title)  # allowed while waiting
    # The shortlist answers 403 awaiting verification: the page says why, in the reader's language.
    expect(page.get_by_role("alert")).to_contain_text(
        "Votre compte employeur attend la vérification d'un·e conseiller·ère de votre région : "
        "les listes de candidatures s'ouvriront ensuite."
    )
    expect(page.locator("#awaiting")).to_be_visible()
    expect(page.locator("#shortlist > li.match")).to_have_count(0)
    _fits(page)

    advisor = sign_in("advisor", width)
    advisor.goto(f"{server.base_url}/advisor/employers")
    advisor.wait_for_selector("body[data-ready]")
    _fits(advisor)
    advisor.get_by_role("button", name=f"Vérifier {company}").click()
    expect(advisor.get_by_role("status")).to_have_text("Employeur vérifié.")
    _fits(advisor)
    mailbox.wait_for_subject(email, "compte employeur est vérifié")

    page.reload()
    page.wait_for_selector("body[data-ready]")
    expect(page.locator("#awaiting")).to_have_count(0)
    card = page.locator("#shortlist > li.match").first
    expect(card).to_be_visible()
    candidate_id = int(card.get_attribute("data-candidate-id") or 0)
    card.get_by_label("Message d'invitation (facultatif)").fill("Venez visiter l'atelier.")
    _fits(page)
    card.get_by_role("button", name="Inviter").click()
    expect(card.locator(".invitation")).to_be_visible()
    _fits(page)
    shot(page, f"accounts-employer-invited-{width}")

    keys = {cid: key for key, cid in server.candidate_ids.items()}
    contact = next(c["email"] for c in SEED_CANDIDATES if c["key"] == keys[candidate_id])
    invitation = mailbox.wait_for_subject(contact, title)
    assert "Venez visiter l'atelier." in invitation.body
    assert invitation.link("/candidate/invitations").startswith(server.base_url)
    assert vacancy_id > 0


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
def test_password_reset_by_e_mail_signs_out_other_devices(
    width: str, new_page: Callable[[str], Any], server: Server, mailbox: Mailbox, shot: Callable[[Any, str], Path]
) -> None:
    email = f"oubli.{width}@example.org"
    with httpx.Client(base_url=f"{server.base_url}/api/v1", timeout=30) as api:
        body = {"email": email, "password": PASSWORD, "role": "candidate", "name": "Awa", "language": "fr"}
        assert api.post("/auth/signup", json=body).status_code == 202
        token = mailbox.wait_for_subject(email, "Confirmez").link("/verify").split("token=")[1]
        assert api.post("/auth/verify", json={"token": token}).status_code == 200

    other_device = new_page("desktop")
    other_device.goto(f"{server.base_url}/signin")
    _sign_in_with_password(other_device, email, PASSWORD)
    assert other_device.url.endswith("/candidate")

    page = new_page(width)
    page.goto(f"{server.base_url}/signin")
    page.wait_for_selector("body[data-ready]")
    _fits(page)
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.wait_for_url("**/forgot")
    page.wait_for_selector("body[data-ready]")
    page.get_by_label("Courriel").fill(email)
    page.get_by_role("button", name="Envoyer le lien").click()
    expect(page.get_by_role("status")).to_contain_text("un lien de réinitialisation est parti")
    _fits(page)

    reset = mailbox.wait_for_subject(email, "Réinitialisez votre mot de passe")
    _open_link(page, reset.link("/reset"), server.base_url)
    _fits(page)
    page.get_by_label("Nouveau mot de passe").fill("nouveau mot de passe")
    page.get_by_label("Confirmez le mot de passe").fill("autre chose encore")
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_role("alert")).to_contain_text("Les deux mots de passe diffèrent.")
    page.get_by_label("Confirmez le mot de passe").fill("nouveau mot de passe")
    page.get_by_role("button", name="Changer le mot de passe").click()
    expect(page.get_by_role("status")).to_contain_text("Mot de passe changé")
    shot(page, f"accounts-reset-{width}")

    page.get_by_role("link", name="Se connecter").click()
    page.wait_for_url("**/signin")
    page.wait_for_selector("body[data-ready]")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)  # the old one
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("Erreur : Adresse courriel ou mot de passe incorrect.")
    assert page.url.endswith("/signin")
    _fits(page)
    _sign_in_with_password(page, email, "nouveau mot de passe")
    assert page.url.endswith("/candidate")

    other_device.reload()
    other_device.wait_for_url("**/signin?expired=1")
