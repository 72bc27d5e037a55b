"""The console's page shells without a browser: every page renders in French by default and in English with the
cookie, static files stay inside their folder, and every label the templates and scripts use exists in both
languages. (These tests need no Chromium and are not marked ``browser``.)"""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routes.web import STATIC_DIR, WEB_DIR, router
from api.web.i18n import _LABELS, labels, pick_language

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
    "/candidate/invitations": ("Mes invitations", "My invitations"),
    "/candidate/data": ("Mes données", "My data"),
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


def test_the_language_is_french_unless_the_cookie_says_english() -> None:
    assert pick_language(None) == "fr"
    assert pick_language("en") == "en"
    assert pick_language("de") == "fr"


def test_every_label_used_by_templates_and_scripts_exists_in_both_languages() -> None:
    used: set[str] = set()
    for template in (WEB_DIR / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\.(\w+)", template.read_text(encoding="utf-8")))
        used |= set(re.findall(r"\bt\[\"(\w+)\"\]", template.read_text(encoding="utf-8")))
    for script in (STATIC_DIR / "js").glob("*.js"):
        used |= set(re.findall(r"\bt\(\"(\w+)\"", script.read_text(encoding="utf-8")))

    missing = sorted(used - set(_LABELS))
    assert not missing, f"labels used but not defined: {missing}"
    assert len(used) > 50
    assert all(fr.strip() and en.strip() for fr, en in _LABELS.values())
    assert not set(_LABELS) & set(dir(dict)), "a label named like a dict method is unreachable as t.name in Jinja"
