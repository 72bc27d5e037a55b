"""API errors follow Accept-Language (French by default, English, Spanish) and keep a stable code; the place
names people use (former municipalities, postal codes) are accepted, unknown ones answered with suggestions."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, vacancy_body

FR, ES = {"Accept-Language": "fr"}, {"Accept-Language": "es-GT,es;q=0.9"}
NO_LANGUAGE = {"Accept-Language": ""}  # the client's default header (English) replaced by none: French


def _post_vacancy(client: TestClient, token: str, headers: dict[str, str], **fields: Any) -> Any:
    return client.post("/api/v1/vacancies", json=vacancy_body(**fields), headers=auth(token) | headers)


def test_ambiguous_municipality_in_three_languages(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    answers = {
        lang: _post_vacancy(client, employer, headers, municipality="Clermont")
        for lang, headers in (("default", NO_LANGUAGE), ("es", ES), ("en", {}))
    }
    for response in answers.values():
        assert response.status_code == 422 and response.json()["code"] == "ambiguous_municipality"
        assert len(response.json()["candidates"]) == 2
    assert answers["default"].json()["detail"].startswith("Plusieurs municipalités s'appellent « Clermont »")
    assert "Clermont (15035, Ville, région 03 Capitale-Nationale)" in answers["default"].json()["detail"]
    assert answers["es"].json()["detail"].startswith("Varios municipios se llaman «Clermont»")
    assert answers["es"].headers["content-language"] == "es"
    assert "ambiguous" in answers["en"].json()["detail"]


def test_former_names_and_postal_codes_place_a_vacancy_and_unknown_names_get_suggestions(
    client: TestClient, make_user: MakeUser
) -> None:
    _, employer = make_user("employer")
    for typed in ("Chicoutimi", "G7H 5B8"):
        created = _post_vacancy(client, employer, FR, municipality=typed)
        assert created.status_code == 201, created.text
        assert (created.json()["municipality_name"], created.json()["region_code"]) == ("Saguenay", "02")
    unknown = _post_vacancy(client, employer, FR, municipality="Chicotimi")
    body = unknown.json()
    assert unknown.status_code == 422 and body["code"] == "unknown_municipality"
    assert body["suggestions"][0].startswith("Saguenay (94068")
    assert body["detail"].startswith("Municipalité du Québec inconnue : « Chicotimi ». Vouliez-vous dire : Saguenay")
    spanish = _post_vacancy(client, employer, ES, municipality="Springfield").json()
    assert spanish["detail"] == "Municipio de Quebec desconocido: «Springfield»." and spanish["suggestions"] == []


@pytest.mark.parametrize(
    ("name", "content", "code", "french", "spanish"),
    [
        ("cv.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported_document", "n'est ni un PDF", "no es un PDF"),
        ("cv.txt", b"", "empty_document", "ne contient aucun texte lisible", "no contiene texto legible"),
        ("cv.pdf", b"%PDF-1.4 broken", "corrupt_document", "est endommagé", "está dañado"),
    ],
)
def test_upload_errors_are_localized(
    client: TestClient, make_user: MakeUser, name: str, content: bytes, code: str, french: str, spanish: str
) -> None:
    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()["id"]
    path = f"/api/v1/candidates/{cid}/resume"
    for headers, words in ((FR, french), (ES, spanish)):
        response = client.post(path, files={"file": (name, content)}, headers=auth(token) | headers)
        assert response.status_code in (415, 422) and response.json()["code"] == code, response.text
        assert words in response.json()["detail"] and name in response.json()["detail"]


def test_validation_errors_name_the_field_and_the_reason_in_the_language(
    client: TestClient, make_user: MakeUser
) -> None:
    _, token = make_user("candidate")
    bad = candidate_body(country="Guatamala", email="pas-un-courriel")
    french = client.post("/api/v1/candidates", json=bad, headers=auth(token) | FR).json()
    assert french["code"] == "validation_error"
    assert "Pays\u00a0: pays inconnu ; vouliez-vous dire : Guatemala (GT) ?" in french["detail"]
    assert "Courriel\u00a0: format invalide" in french["detail"]
    assert {tuple(e["loc"]) for e in french["errors"]} == {("body", "country"), ("body", "email")}
    assert all("input" not in e for e in french["errors"])  # the input is never sent back
    spanish = client.post("/api/v1/candidates", json=bad, headers=auth(token) | ES).json()
    assert spanish["detail"].startswith("Corrija lo siguiente:") and "País: país desconocido" in spanish["detail"]
    english = client.post("/api/v1/candidates", json=bad, headers=auth(token)).json()
    assert english["detail"].startswith("invalid request:") and "country: unknown country" in english["detail"]


def test_authentication_and_state_errors_are_localized(client: TestClient, make_user: MakeUser) -> None:
    missing = client.get("/api/v1/me", headers=ES)
    assert missing.status_code == 401 and missing.json()["code"] == "not_authenticated"
    assert missing.json()["detail"].startswith("Inicie sesión") and missing.headers["www-authenticate"] == "Bearer"
    _, candidate = make_user("candidate")
    need = client.get("/api/v1/open-vacancies", headers=auth(candidate) | NO_LANGUAGE).json()
    assert need == {"detail": "Créez d'abord votre profil.", "code": "profile_needed"}
    forbidden = client.get("/api/v1/vacancies", headers=auth(candidate) | FR).json()
    assert forbidden == {"detail": "Votre rôle ne permet pas cette action.", "code": "forbidden"}
