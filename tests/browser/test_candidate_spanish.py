"""A candidate abroad, in Spanish, end to end in a real browser with a real SMTP server on 127.0.0.1, at desktop width
and on a phone: signs up, confirms the address from the e-mail, signs in, fills the profile, uploads a Spanish
résumé, searches the vacancies, says "Me interesa", reads its matches explained in Spanish, receives the invitation
by e-mail (in Spanish), reads the vacancy's details and accepts it. The employer's side is in the browser too, at the
same width: it finds the candidate flagged "intéressé·e" in its shortlist, anonymous, invites them, and sees the
contact details once they accept, never the country or status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.api.mailbox import Mailbox
from tests.browser._server import Server
from tests.browser.conftest import VIEWPORTS, assert_fits, context_options

pytestmark = pytest.mark.browser

RESUME = """Carmen López — soldadora
Ocho años de experiencia en soldadura MIG y TIG de estructuras de acero en un taller de Guatemala.
Lectura de planos, armado de vigas y control de calidad de las soldaduras. Francés A2.
"""
PASSWORD = "una contraseña muy segura"


def _open(browser: Any, size: str) -> tuple[Any, Any]:
    context = browser.new_context(**context_options(size, locale="es-MX"))
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


def _sign_up_and_in(page: Any, server: Server, mailbox: Mailbox, email: str) -> None:
    page.goto(f"{server.base_url}/signup")
    page.wait_for_selector("body[data-ready]")
    expect(page.locator("html")).to_have_attribute("lang", "es")  # Accept-Language of a Spanish-speaking browser
    expect(page.get_by_label("candidato/a")).to_be_checked()
    page.get_by_label("Su nombre").fill("Carmen López")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(page.locator("#signup-done")).to_contain_text(email)
    verify = mailbox.wait_for_subject(email, "Confirme su correo electrónico")
    link = verify.link("/verify")
    assert link.startswith(server.base_url), link
    page.goto(link)
    page.wait_for_selector("body[data-ready]")
    expect(page.get_by_role("status")).to_have_text("Correo confirmado. Ya puede iniciar sesión.")
    page.goto(f"{server.base_url}/signin")
    page.wait_for_selector("body[data-ready]")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    page.wait_for_url("**/candidate")
    page.wait_for_selector("body[data-ready]")


def _profile(page: Any, email: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi perfil")
    expect(page.get_by_label("País")).to_have_value("")  # nothing chosen for the person
    expect(page.get_by_label("Situación migratoria")).to_have_value("")
    page.get_by_label("Nombre").fill("Carmen López")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("País").select_option(label="Guatemala")
    page.get_by_label("Situación migratoria").select_option(label="Trabajador/a temporal")
    page.get_by_label("Años de experiencia").fill("8")
    page.get_by_label("Nivel de francés").select_option("A2")
    page.get_by_text("¿Qué significan los niveles?").click()
    expect(page.locator("#french-help")).to_contain_text("NCLC 3–4 · TCF 200–299")
    page.get_by_label("02 Saguenay–Lac-Saint-Jean").check()
    page.get_by_role("button", name="Crear mi perfil").click()
    expect(page.locator("#status")).to_have_text("Guardado.")


def _resume(page: Any, folder: Path) -> None:
    resume = folder / "carmen-lopez-cv.txt"
    resume.write_text(RESUME, encoding="utf-8")
    page.get_by_label("Archivo del currículum (PDF, DOCX o texto, 5 MB máx.)").set_input_files(str(resume))
    page.get_by_role("button", name="Subir").click()
    expect(page.locator("#extracted")).to_be_visible()
    expect(page.locator("#detected-language")).to_have_text("es")
    choices = page.locator("#occupation-choices input[type=checkbox]")
    if choices.count():
        if not choices.first.is_checked():  # a low-confidence guess is shown but not ticked: the candidate ticks it
            choices.first.check()
        page.get_by_role("button", name="Confirmar").click()
        expect(page.locator("#status")).to_have_text("Profesiones confirmadas.")


def _search_and_say_interested(page: Any, server: Server) -> None:
    page.get_by_role("link", name="Buscar ofertas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buscar ofertas")
    page.get_by_label("Región").select_option("02")
    page.get_by_label("Código CNP (o sus primeras cifras)").fill("72106")
    # The page lists every vacancy on load. Once that list is shown, mark its cards: the search's own cards are the
    # unmarked ones (a click on a card of the first list would be lost when this answer replaces it).
    expect(page.locator("#search-count")).not_to_be_empty()
    page.evaluate("() => document.querySelectorAll('#results > li').forEach((li) => { li.dataset.stale = '1'; })")
    page.get_by_role("button", name="Buscar", exact=True).click()
    card = page.locator(f"#results > li[data-vacancy-id='{server.vacancy_id}']:not([data-stale])")
    expect(card).to_contain_text("Soudures du Fjord inc.")
    expect(card.locator(".dims")).to_be_visible()  # explained like a match
    card.get_by_role("button", name="Me interesa").click()
    expect(page.locator("#status")).to_have_text("Interés señalado al empleador (de forma anónima)")
    expect(card.locator("button.interest")).to_have_attribute("aria-pressed", "true")
    expect(card.locator("button.interest")).to_have_text("✓ Interesado/a")


def _employer_invites(employer: Any, server: Server, candidate_id: int, email: str) -> None:
    """In the employer's console: the candidate is in the shortlist, flagged interested, with no contact, country or
    status; the employer invites them from their card."""
    employer.goto(f"{server.base_url}/employer/vacancies/{server.vacancy_id}")
    employer.wait_for_selector("body[data-ready]")
    card = employer.locator(f"#shortlist > li.match[data-candidate-id='{candidate_id}']")
    expect(card).to_be_visible()
    expect(card.locator("h2")).to_contain_text(f"Candidat·e #{candidate_id}")
    expect(card.locator(".badge.interested")).to_be_visible()
    expect(card.locator(".contact")).to_have_count(0)
    _no_personal_details(employer, card, email)
    assert_fits(employer)
    card.get_by_label("Message d'invitation (facultatif)").fill("¡Hola! Venga a Saguenay.")
    card.get_by_role("button", name="Inviter").click()
    expect(card.locator(".invitation")).to_be_visible()
    assert_fits(employer)


def _no_personal_details(employer: Any, card: Any, email: str) -> None:
    """Nothing on the page tells this candidate's contact, country or status (the other width's Carmen, who
    accepted earlier, may show her own contact on her card)."""
    text = employer.locator("body").inner_text()
    for secret in (email, "Guatemala", "temporaire"):
        assert secret not in text, f"the employer's page shows {secret!r} before acceptance"
    assert "Carmen" not in card.inner_text()


def _matches_explained_in_spanish(page: Any, server: Server) -> None:
    """The matches page explains the vacancy in Spanish: dimension labels, their sentences and the rules' reasons."""
    page.get_by_role("link", name="Ofertas para mí").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofertas para mí")
    card = page.locator(f"li[data-vacancy-id='{server.vacancy_id}']")
    dims = card.locator(".dims")
    expect(dims).to_contain_text("Región")
    expect(dims).to_contain_text("abierto a la región 02")  # the sentence behind the region score, in Spanish
    expect(dims).to_contain_text("similitud semántica de los textos")
    expect(dims).not_to_contain_text("ouvert à la région")
    expect(card.locator(".rules")).to_contain_text("Prioridad Passerelle: oferta en Saguenay")


def _accept(page: Any, server: Server, mailbox: Mailbox, email: str) -> None:
    alert = mailbox.wait_for_subject(email, "Nueva invitación")  # the invitation e-mail, in Spanish
    page.goto(alert.link("/candidate/invitations"))
    page.wait_for_selector("body[data-ready]")
    item = page.locator(".invitation-item").first
    expect(item).to_contain_text("Soudures du Fjord inc.")
    expect(item).to_contain_text("Saguenay (02 Saguenay–Lac-Saint-Jean)")
    expect(item).to_contain_text("28.5 $/h")
    expect(item).to_contain_text("2027-03-01")
    expect(item).to_contain_text("Souder des pièces d'acier")
    expect(item).to_contain_text("¡Hola! Venga a Saguenay.")
    item.get_by_role("button", name="Aceptar").click()
    expect(page.locator(".invitation-item .invitation-status").first).to_have_text("aceptada")


@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_a_spanish_speaking_candidate_signs_up_finds_a_vacancy_says_interested_and_accepts_an_invitation(
    browser: Any,
    server: Server,
    mailbox: Mailbox,
    tmp_path: Path,
    size: str,
    shot: Callable[[Any, str], Any],
    sign_in: Callable[..., Any],
) -> None:
    context, page = _open(browser, size)
    email = f"carmen.lopez.{size}@example.org"
    _sign_up_and_in(page, server, mailbox, email)
    _profile(page, email)
    _resume(page, tmp_path)
    candidate_id = page.evaluate("async () => (await (await fetch('/api/v1/me')).json()).candidate_id")
    assert isinstance(candidate_id, int)
    _search_and_say_interested(page, server)
    _matches_explained_in_spanish(page, server)
    shot(page, f"spanish-{size}-search")
    employer = sign_in("employer", size)
    _employer_invites(employer, server, candidate_id, email)
    shot(employer, f"spanish-{size}-employer-invites")
    _accept(page, server, mailbox, email)
    shot(page, f"spanish-{size}-invitation")
    assert_fits(page)

    employer.reload()
    employer.wait_for_selector("body[data-ready]")
    contact = employer.locator(f"#shortlist > li.match[data-candidate-id='{candidate_id}'] .contact")
    expect(contact).to_contain_text("Carmen López")  # shared once accepted
    expect(contact.get_by_role("link", name=email)).to_have_attribute("href", f"mailto:{email}")
    text = employer.locator("body").inner_text()
    assert "Guatemala" not in text and "temporaire" not in text, "country or status shown to the employer"
    with server.api("employer") as client:
        shortlist = client.get(f"/vacancies/{server.vacancy_id}/shortlist", params={"limit": 50}).text
    assert "Guatemala" not in shortlist and '"GT"' not in shortlist and "temporary_worker" not in shortlist
    assert not page.errors, page.errors  # type: ignore[attr-defined]
    context.close()
