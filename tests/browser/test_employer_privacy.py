"""No employer page tells a candidate's country or status, nor the contact details of anyone who has not accepted
one of the employer's invitations, in any of the console's languages, at desktop width and on a phone.

The pages are every ``/employer…`` page of the web router plus the employer's navigation; the text looked at is
what the page shows (``innerText``) and its whole HTML (attributes such as ``title`` and ``data-*`` included) but
the message catalogue that every page embeds."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from api.routes.web import NAV, router
from tests.browser._server import SEED_CANDIDATES, Server
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.browser
# Country names of the seeded candidates (MX, GT, FR, SN, CO) and the status labels, as the console writes them.
COUNTRIES = {
    "fr": ("Mexique", "Guatemala", "Sénégal", "Colombie"),
    "en": ("Mexico", "Guatemala", "Senegal", "Colombia"),
    "es": ("México", "Guatemala", "Senegal", "Colombia"),
}
STATUSES = {
    "fr": ("Sélectionné·e par le Québec", "Travailleur·euse temporaire", "travailleur temporaire"),
    "en": ("Selected by Québec", "Temporary worker", "temporary worker"),
    "es": ("Seleccionado/a por Quebec", "Trabajador/a temporal", "trabajador temporal"),
}
# The page's HTML without the message catalogue every page embeds (script#labels: every label, of no one).
HTML_WITHOUT_CATALOGUE = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelector("script#labels")?.remove();
  return copy.outerHTML;
}"""
# The ranking notice is about no one: it may name statuses in general (not countries).
ABOUT_NO_ONE = {"/how-rankings-work"}
# "France" is not looked for: the page's own language menu and texts may name the country of the language.


def employer_pages(vacancy_id: int) -> list[str]:
    """Every page an employer can open: the web router's /employer… paths and the employer's navigation."""
    paths = {r.path for r in router.routes if getattr(r, "path", "").startswith("/employer")}  # type: ignore[attr-defined]
    paths |= {href for href, _ in NAV["employer"]}
    return sorted(p.replace("{vacancy_id}", str(vacancy_id)) for p in paths)


def _accepted_contacts(server: Server) -> set[str]:
    """Names and e-mails of the candidates who accepted one of the employer's invitations (theirs may show)."""
    with server.api("employer") as client:
        invitations = client.get("/invitations", params={"limit": 200}).json()["data"]
    accepted = {i["candidate_id"] for i in invitations if i["status"] == "accepted"}
    return {
        detail
        for candidate in SEED_CANDIDATES
        if server.candidate_ids[candidate["key"]] in accepted
        for detail in (candidate["name"], candidate["email"])
    }


@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_no_employer_page_shows_country_status_or_contact_before_acceptance(
    size: str, sign_in: Callable[..., Any], server: Server
) -> None:
    pages = employer_pages(server.vacancy_id)
    assert {"/employer", "/employer/invitations", f"/employer/vacancies/{server.vacancy_id}"} <= set(pages)
    shared = _accepted_contacts(server)
    secrets = {s for c in SEED_CANDIDATES for s in (c["name"], c["email"])} - shared
    page = sign_in("employer", size)
    shortlist_cards = 0
    for lang in ("fr", "en", "es"):
        page.context.add_cookies([{"name": "lang", "value": lang, "url": server.base_url}])
        for path in pages:
            page.goto(f"{server.base_url}{path}")
            page.wait_for_selector("body[data-ready]")
            page.wait_for_load_state("networkidle", timeout=15_000)  # the page's lists have loaded
            expect(page.locator("html")).to_have_attribute("lang", lang)
            if path.endswith(f"/vacancies/{server.vacancy_id}"):
                expect(page.locator("#shortlist > li.match").first).to_be_visible()
                shortlist_cards = page.locator("#shortlist > li.match").count()
            shown, html = page.locator("body").inner_text(), page.evaluate(HTML_WITHOUT_CATALOGUE)
            for secret in sorted(secrets):
                assert secret not in html, f"{path} ({lang}, {size}) shows {secret!r} before acceptance"
            words = COUNTRIES[lang] if path in ABOUT_NO_ONE else (*COUNTRIES[lang], *STATUSES[lang])
            for word in words:
                assert not re.search(re.escape(word), shown, re.IGNORECASE), f"{path} ({lang}, {size}): {word!r}"
                assert word not in html, f"{path} ({lang}, {size}): {word!r} in the HTML"
    assert shortlist_cards > 0  # the shortlist did show candidates: the check above looked at real cards
