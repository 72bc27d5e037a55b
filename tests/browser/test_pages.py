"""The console's page shells without a browser: every page renders in French by default, in English or Spanish with
the cookie or Accept-Language, static files stay inside their folder, and every label the templates and scripts use
exists in the fr/en/es catalogue. (These tests need no Chromium and are not marked ``browser``.)"""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routes.web import STATIC_DIR, WEB_DIR, router
from api.web.i18n import LANGUAGES, labels, msgids, pick_language, po_path

PAGES = {
    "/signin": ("Connexion", "Sign in"),
    "/advisor": ("Offres de mes régions", "Vacancies in my regions"),
    "/advisor/vacancies/7": ("Liste de candidatures", "Shortlist"),
    "/advisor/vacancies/7/fairness": ("Équité de la liste", "Shortlist fairness"),
    "/advisor/indicators": ("Indicateurs par région", "Indicators by region"),
    "/employer": ("Mes offres", "My vacancies"),
    "/employer/vacancies/new": ("Publier une offre", "Post a vacancy"),
    "/employer/vacancies/7/edit": ("Modifier l'offre", "Edit the vacancy"),
    "/employer/vacancies/7": ("Liste de candidatures", "Shortlist"),
    "/employer/invitations": ("Invitations envoyées", "Invitations sent"),
    "/candidate": ("Mon profil", "My profile"),
    "/candidate/matches": ("Offres pour moi", "Matching vacancies"),
    "/candidate/search": ("Chercher des offres", "Search vacancies"),
    "/candidate/invitations": ("Mes invitations", "My invitations"),
    "/candidate/data": ("Mes données", "My data"),
    "/how-rankings-work": ("Comment Passerelle classe les candidatures", "How Passerelle ranks applications"),
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def _h1(html: str) -> str:
    found = re.search(r'<h1 id="page-title">(.*?)</h1>', html)
    assert found, "page without its h1"
    return found.group(1).replace("&#39;", "'")


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_page_renders_in_french_by_default_and_in_english_with_the_cookie(client: TestClient, path: str) -> None:
    french, english = PAGES[path]

    page_fr = client.get(path)
    client.cookies.set("lang", "en")
    page_en = client.get(path)
    client.cookies.clear()

    assert page_fr.status_code == 200 and page_en.status_code == 200
    assert '<html lang="fr">' in page_fr.text and _h1(page_fr.text) == french
    assert '<html lang="en">' in page_en.text and _h1(page_en.text) == english
    embedded = re.search(r'<script id="labels" type="application/json">(.*?)</script>', page_en.text, re.S)
    assert embedded and json.loads(embedded.group(1)) == labels("en")


def test_vacancy_pages_refuse_an_id_that_is_not_a_number(client: TestClient) -> None:
    assert client.get("/advisor/vacancies/abc").status_code == 422


def test_root_sends_to_sign_in(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/signin"


def test_static_files_are_served_and_paths_outside_the_folder_are_refused(client: TestClient) -> None:
    script = client.get("/static/js/common.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    outside = client.get("/static/..%2Fi18n.py")  # api/web/i18n.py exists: only the guard refuses it
    assert outside.status_code == 404 and "../i18n.py" in outside.json()["detail"]
    assert client.get("/static/nothing-here.css").status_code == 404


def test_the_language_is_the_cookie_else_accept_language_else_french() -> None:
    assert pick_language(None) == "fr"
    assert pick_language("en") == "en"
    assert pick_language("es") == "es"
    assert pick_language("de") == "fr"
    assert pick_language(None, "es-GT,es;q=0.9,en;q=0.8") == "es"
    assert pick_language(None, "de-DE, en;q=0.5, es;q=0.7") == "es"
    assert pick_language(None, "de, *;q=0.1") == "fr"
    assert pick_language(None, "es;q=0, en") == "en"
    assert pick_language(None, "nonsense;q=abc") == "fr"
    assert pick_language("fr", "es") == "fr", "the menu's choice wins over the browser's"


@pytest.mark.parametrize(("path", "spanish"), [("/signin", "Iniciar sesión"), ("/candidate", "Mi perfil")])
def test_pages_follow_accept_language_on_a_first_visit_and_the_cookie_after(
    client: TestClient, path: str, spanish: str
) -> None:
    page = client.get(path, headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert '<html lang="es">' in page.text and _h1(page.text) == spanish
    assert 'aria-label="Español" title="Español"\n                  aria-pressed="true">ES' in page.text
    client.cookies.set("lang", "en")
    page = client.get(path, headers={"Accept-Language": "es-MX,es;q=0.9"})
    client.cookies.clear()
    assert '<html lang="en">' in page.text


def test_every_msgid_has_a_french_english_and_spanish_translation() -> None:
    french = msgids("fr")
    assert len(french) > 150
    for lang in LANGUAGES:
        assert msgids(lang) == french, f"{po_path(lang)} does not hold the same msgids as the French file"
        text = labels(lang)
        untranslated = [key for key in french if not text[key].strip() or text[key] == key]
        assert not untranslated, f"{lang}: no translation for {untranslated}"
        for key in french:  # a placeholder in French must exist in every language, and no other
            assert re.findall(r"\{(\w+)\}", text[key]) == re.findall(r"\{(\w+)\}", labels("fr")[key]), (lang, key)
    spanish_like_french = [k for k in french if labels("es")[k] == labels("fr")[k] == labels("en")[k]]
    assert len(spanish_like_french) < 8, spanish_like_french  # proper nouns only (Passerelle, Total...)


def test_every_label_used_by_templates_and_scripts_comes_from_the_catalogue() -> None:
    used: set[str] = set()
    for template in (WEB_DIR / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\.(\w+)", template.read_text(encoding="utf-8")))
        used |= set(re.findall(r"\bt\[\"(\w+)\"\]", template.read_text(encoding="utf-8")))
    for script in (STATIC_DIR / "js").glob("*.js"):
        used |= set(re.findall(r"\bt\(\"(\w+)\"", script.read_text(encoding="utf-8")))

    missing = sorted(used - set(msgids()))
    assert not missing, f"labels used but not in the catalogue: {missing}"
    assert len(used) > 50
    assert not set(msgids()) & set(dir(dict)), "a label named like a dict method is unreachable as t.name in Jinja"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_scripts_receive_exactly_the_catalogue_of_the_page_language(client: TestClient, lang: str) -> None:
    client.cookies.set("lang", lang)
    page = client.get("/candidate/matches")
    client.cookies.clear()
    embedded = re.search(r'<script id="labels" type="application/json">(.*?)</script>', page.text, re.S)
    assert embedded and json.loads(embedded.group(1)) == labels(lang)
    assert set(json.loads(embedded.group(1))) == set(msgids(lang))


@pytest.mark.parametrize(
    ("lang", "germany", "first"), [("fr", "Allemagne", "Afghanistan"), ("es", "Alemania", "Afganistán")]
)
def test_the_profile_form_lists_countries_by_name_and_preselects_no_country_nor_status(
    client: TestClient, lang: str, germany: str, first: str
) -> None:
    client.cookies.set("lang", lang)
    html = client.get("/candidate").text
    client.cookies.clear()
    assert f'<option value="DE">{germany}</option>' in html
    assert html.count('<option value="') >= 249 + 3
    country = re.search(r'<select id="country".*?</select>', html, re.S)
    status = re.search(r'<select id="candidate-status".*?</select>', html, re.S)
    assert country and status
    assert country.group(0).count(" selected") == 1 and '<option value="" selected>' in country.group(0)
    assert status.group(0).count(" selected") == 1 and '<option value="" selected>' in status.group(0)
    assert re.search(r'<option value="[A-Z]{2}">' + re.escape(first) + "</option>", country.group(0))
    for level, nclc in (("A1", "NCLC 1–2"), ("B2", "NCLC 7–8"), ("C2", "NCLC 11–12")):
        assert re.search(f'<dt>{level}</dt><dd>[^<]+<span class="equiv">{nclc} · TCF', html), level
