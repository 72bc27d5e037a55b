"""Vacancies: create with a name or code, classification and validation of codes, rule facts, list, update, close."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.deps import AppServices
from matching.models import CodeSource, OccupationCode
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import vacancy_body


def test_create_vacancy_by_code_sets_place_region_and_rule_facts(client: TestClient, make_user: MakeUser) -> None:
    user, token = make_user("employer", name="Soudures Saguenay inc.")
    response = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(token))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["employer_id"] == user.employer_id
    assert body["employer_name"] == "Soudures Saguenay inc."
    assert (body["municipality_code"], body["municipality_name"]) == ("94068", "Saguenay")
    assert (body["region_code"], body["region_name"]) == ("02", "Saguenay–Lac-Saint-Jean")
    assert body["outside_boundary"] is True
    assert body["occupations"][0]["code"] == "72106"
    assert body["occupations"][0]["source"] == "given"
    assert body["occupations"][0]["title_fr"]
    assert body["diagnostic"] == "Déficit"
    assert body["fast_track"] is True
    assert body["status"] == "open"


def test_create_vacancy_by_name_inside_the_cmm(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    response = client.post("/api/v1/vacancies", json=vacancy_body(municipality="Laval"), headers=auth(token))
    assert response.status_code == 201, response.text
    assert response.json()["region_code"] == "13"
    assert response.json()["outside_boundary"] is False


def test_unknown_and_ambiguous_municipality_are_422_with_a_message(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    unknown = client.post("/api/v1/vacancies", json=vacancy_body(municipality="Atlantis"), headers=auth(token))
    assert unknown.status_code == 422
    assert "Atlantis" in unknown.json()["detail"]
    ambiguous = client.post("/api/v1/vacancies", json=vacancy_body(municipality="Clermont"), headers=auth(token))
    assert ambiguous.status_code == 422
    assert "ambiguous" in ambiguous.json()["detail"]
    assert len(ambiguous.json()["candidates"]) >= 2


def test_unknown_occupation_code_is_422(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    response = client.post("/api/v1/vacancies", json=vacancy_body(occupation_codes=["99999"]), headers=auth(token))
    assert response.status_code == 422
    assert "99999" in response.json()["detail"]


def test_missing_field_and_wrong_type_are_422(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    body = vacancy_body()
    del body["title"]
    missing = client.post("/api/v1/vacancies", json=body, headers=auth(token))
    assert missing.status_code == 422
    assert "title" in str(missing.json()["detail"])
    wrong = client.post("/api/v1/vacancies", json=vacancy_body(positions="many"), headers=auth(token))
    assert wrong.status_code == 422
    assert "positions" in str(wrong.json()["detail"])


def test_only_employers_post_vacancies(client: TestClient, make_user: MakeUser) -> None:
    for role in ("candidate", "advisor", "admin"):
        _, token = make_user(role, regions=["02"] if role == "advisor" else [])
        assert client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(token)).status_code == 403
    assert client.post("/api/v1/vacancies", json=vacancy_body()).status_code == 401
    assert client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth("psl_wrong")).status_code == 401


def test_listing_is_scoped_by_owner_and_region(client: TestClient, make_user: MakeUser) -> None:
    _, mine = make_user("employer")
    _, other = make_user("employer")
    a = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(mine)).json()
    b = client.post("/api/v1/vacancies", json=vacancy_body(municipality="Gaspé"), headers=auth(other)).json()
    _, advisor_02 = make_user("advisor", regions=["02"])
    _, admin = make_user("admin")

    def ids(token: str) -> set[int]:
        listing = client.get("/api/v1/vacancies", headers=auth(token)).json()
        assert listing["count"] == len(listing["data"])
        return {v["id"] for v in listing["data"]}

    assert ids(mine) == {a["id"]}
    assert ids(other) == {b["id"]}
    assert ids(advisor_02) == {a["id"]}
    assert ids(admin) == {a["id"], b["id"]}
    assert client.get(f"/api/v1/vacancies/{b['id']}", headers=auth(mine)).status_code == 404
    assert client.get(f"/api/v1/vacancies/{b['id']}", headers=auth(advisor_02)).status_code == 404


def test_update_moves_and_reclassifies_facts(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(token)).json()
    patched = client.patch(
        f"/api/v1/vacancies/{created['id']}",
        json={"municipality": "Montréal", "positions": 5, "occupation_codes": ["31301"]},
        headers=auth(token),
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["region_code"], body["positions"], body["outside_boundary"]) == ("06", 5, False)
    assert [o["code"] for o in body["occupations"]] == ["31301"]
    assert body["title"] == created["title"]


def test_bad_update_changes_nothing(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(token)).json()
    path = f"/api/v1/vacancies/{created['id']}"
    bad = client.patch(path, json={"title": "Nouveau titre", "municipality": "Atlantis"}, headers=auth(token))
    assert bad.status_code == 422
    bad_code = client.patch(path, json={"title": "Autre", "occupation_codes": ["12345"]}, headers=auth(token))
    assert bad_code.status_code == 422
    after = client.get(path, headers=auth(token)).json()
    assert after == created


def test_close_removes_from_vacancy_index(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    _, token = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(token)).json()
    assert created["id"] in services.sync.index("vacancies")
    closed = client.post(f"/api/v1/vacancies/{created['id']}/close", headers=auth(token))
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert created["id"] not in services.sync.index("vacancies")
    assert services.sync.status("vacancies").in_sync


class _Classifier:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        self.seen.append(text)
        return [OccupationCode("72106", 0.8, CodeSource.CLASSIFIED), OccupationCode("72100", 0.1)][:k]


def test_occupations_are_classified_when_none_given(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    classifier = _Classifier()
    services.occupations.classifier = classifier
    _, token = make_user("employer")
    body = client.post("/api/v1/vacancies", json=vacancy_body(occupation_codes=None), headers=auth(token)).json()
    first = body["occupations"][0]
    assert (first["code"], first["source"]) == ("72106", "classified")
    assert body["occupations"][0]["confidence"] == 0.8
    assert "Soudeur-assembleur" in classifier.seen[0] and "pièces d'acier" in classifier.seen[0]


def test_noc_2016_codes_are_mapped_or_listed(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    welder = client.post("/api/v1/vacancies", json=vacancy_body(occupation_codes=["7237"]), headers=auth(token))
    assert welder.status_code == 201, welder.text
    assert welder.json()["occupations"][0]["code"] == "72106"
    zeros = client.post("/api/v1/vacancies", json=vacancy_body(occupation_codes=["10"]), headers=auth(token))
    assert zeros.json()["occupations"][0]["code"] == "00010"


def test_null_for_a_required_field_is_422(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(token)).json()
    response = client.patch(f"/api/v1/vacancies/{created['id']}", json={"title": None}, headers=auth(token))
    assert response.status_code == 422
    assert "title" in response.json()["detail"]
    cleared = client.patch(f"/api/v1/vacancies/{created['id']}", json={"wage_hourly": None}, headers=auth(token))
    assert cleared.status_code == 200 and cleared.json()["wage_hourly"] is None
