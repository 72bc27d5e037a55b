"""Candidates: create, read, update, export, delete (with the index), one profile per account, access."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.deps import AppServices
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import NURSE_CV, candidate_body


def test_create_profile_and_read_it_back(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    _, token = make_user("candidate")
    created = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["name"], body["email"], body["country"]) == ("Ana Pérez", "ana.perez@example.org", "MX")
    assert body["occupations"][0]["code"] == "72106"
    assert body["regions_open"] == ["02"]
    assert client.get(f"/api/v1/candidates/{body['id']}", headers=auth(token)).json() == body
    me = client.get("/api/v1/me", headers=auth(token)).json()
    assert me["candidate_id"] == body["id"]
    assert body["id"] in services.sync.index("candidates")


def test_one_profile_per_account(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    assert client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).status_code == 201
    again = client.post(
        "/api/v1/candidates", json=candidate_body(name="Autre"), headers={**auth(token), "Accept-Language": "en"}
    )
    assert again.status_code == 409 and again.json()["code"] == "profile_exists"
    assert "already" in again.json()["detail"]


def test_profile_validation_messages(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    cases = {
        "french": candidate_body(french="fluent"),
        "regions_open": candidate_body(regions_open=["42"]),
        "email": candidate_body(email="not-an-email"),
        "status": candidate_body(status="tourist"),
    }
    for field, body in cases.items():
        response = client.post("/api/v1/candidates", json=body, headers=auth(token))
        assert response.status_code == 422, field
        assert field in str(response.json()["detail"]), field
    unknown_code = client.post(
        "/api/v1/candidates", json=candidate_body(occupation_codes=["00000"]), headers=auth(token)
    )
    assert unknown_code.status_code == 422
    assert "00000" in unknown_code.json()["detail"]
    assert client.get("/api/v1/me", headers=auth(token)).json()["candidate_id"] is None


def test_update_text_reindexes_and_keeps_given_fields(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()["id"]
    query = services.embedder.encode_queries([NURSE_CV])[0]
    before = float(services.sync.index("candidates").score_ids(query, __import__("numpy").asarray([cid]))[0])
    patched = client.patch(
        f"/api/v1/candidates/{cid}", json={"text": NURSE_CV, "occupation_codes": ["31301"]}, headers=auth(token)
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["text"] == NURSE_CV
    assert [o["code"] for o in patched.json()["occupations"]] == ["31301"]
    after = float(services.sync.index("candidates").score_ids(query, __import__("numpy").asarray([cid]))[0])
    assert after > before + 0.3
    assert patched.json()["years_experience"] == 6


def test_bad_update_keeps_the_stored_profile(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    created = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()
    path = f"/api/v1/candidates/{created['id']}"
    assert client.patch(path, json={"text": "nouveau", "french": "Z9"}, headers=auth(token)).status_code == 422
    assert (
        client.patch(path, json={"text": "nouveau", "occupation_codes": ["1"]}, headers=auth(token)).status_code == 422
    )
    assert client.patch(path, json={"name": None}, headers=auth(token)).status_code == 422
    assert client.get(path, headers=auth(token)).json() == created


def test_export_holds_everything(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    created = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()
    export = client.get(f"/api/v1/candidates/{created['id']}/export", headers=auth(token))
    assert export.status_code == 200
    data = export.json()
    assert data["profile"] == created
    assert data["invitations"] == [] and data["reviews"] == []
    assert data["account"]["role"] == "candidate"


def test_delete_erases_profile_and_index_entry(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()["id"]
    assert cid in services.sync.index("candidates")
    assert client.delete(f"/api/v1/candidates/{cid}", headers=auth(token)).status_code == 204
    assert cid not in services.sync.index("candidates")
    assert client.get(f"/api/v1/candidates/{cid}", headers=auth(token)).status_code == 404
    me = client.get("/api/v1/me", headers=auth(token)).json()
    assert me["candidate_id"] is None and me["name"] == ""
    assert services.sync.status("candidates").in_sync
    again = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    assert again.status_code == 201 and again.json()["id"] != cid


def test_access_to_candidate_files(client: TestClient, make_user: MakeUser) -> None:
    _, owner = make_user("candidate")
    _, stranger = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(owner)).json()["id"]
    _, employer = make_user("employer")
    _, advisor_02 = make_user("advisor", regions=["02"])
    _, advisor_05 = make_user("advisor", regions=["05"])
    _, admin = make_user("admin")
    path = f"/api/v1/candidates/{cid}"
    assert client.get(path, headers=auth(stranger)).status_code == 404
    assert client.get(path, headers=auth(employer)).status_code == 403
    assert client.get(path, headers=auth(advisor_02)).status_code == 200
    assert client.get(path, headers=auth(advisor_05)).status_code == 404
    assert client.get(path, headers=auth(admin)).status_code == 200
    assert client.patch(path, json={"country": "GT"}, headers=auth(stranger)).status_code == 404
    assert client.patch(path, json={"country": "GT"}, headers=auth(advisor_02)).status_code == 403
    assert client.delete(path, headers=auth(stranger)).status_code == 404
    assert client.get(path, headers=auth(owner)).json()["country"] == "MX"


def test_language_is_detected_from_the_text(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    spanish = "Operador de maquinaria agrícola con seis años de experiencia en granjas lecheras de Guatemala."
    body = client.post("/api/v1/candidates", json=candidate_body(text=spanish), headers=auth(token)).json()
    assert body["language"] == "es"
    patched = client.patch(f"/api/v1/candidates/{body['id']}", json={"text": NURSE_CV}, headers=auth(token)).json()
    assert patched["language"] == "en"


def test_facts_from_the_text_fill_only_unset_fields(client: TestClient, make_user: MakeUser) -> None:
    text = "Soudeur MIG et TIG avec 7 ans d'expérience. DEP en soudage-montage. Français courant (C1)."
    body = candidate_body(text=text)
    for name in ("years_experience", "education", "french"):
        del body[name]
    _, token = make_user("candidate")
    filled = client.post("/api/v1/candidates", json=body, headers=auth(token)).json()
    assert (filled["years_experience"], filled["education"], filled["french"]) == (7.0, "VOCATIONAL", "C1")
    _, other = make_user("candidate")
    given = client.post("/api/v1/candidates", json={**body, "french": "A2"}, headers=auth(other)).json()
    assert (given["years_experience"], given["french"]) == (7.0, "A2")


def test_uploaded_resume_fills_facts_still_at_their_default(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    body = candidate_body(text=None, years_experience=0, french="NONE")
    cid = client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"]
    cv = "Registered nurse with 9 years of experience in hospitals. Bachelor of Science in Nursing. French B2."
    files = {"file": ("cv.txt", cv.encode(), "text/plain")}
    uploaded = client.post(f"/api/v1/candidates/{cid}/resume", files=files, headers=auth(token)).json()
    assert (uploaded["years_experience"], uploaded["french"], uploaded["language"]) == (9.0, "B2", "en")
    assert uploaded["education"] == "VOCATIONAL"  # given at creation, kept
