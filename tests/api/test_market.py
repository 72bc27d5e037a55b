"""The candidate's side: searching open vacancies with explanations, "I'm interested", and what the shortlist
then shows the advisor and the employer (flagged, still anonymous, no country or status for the employer)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import MakeUser, auth
from tests.api.payloads import NURSE_CV, candidate_body, vacancy_body

DIMENSIONS = {"occupation", "text", "experience", "french", "region", "availability"}


def _market(client: TestClient, make_user: MakeUser) -> dict[str, Any]:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02", "11"])
    posted = {
        "welder_saguenay": vacancy_body(),
        "welder_gaspe": vacancy_body(title="Soudeur de chantier", municipality="Gaspé"),
        "cook_gaspe": vacancy_body(
            title="Cuisinier",
            description="Préparer les plats du restaurant, gérer la cuisine et les menus.",
            municipality="Gaspé",
            occupation_codes=["63200"],
        ),
    }
    ids: dict[str, Any] = {"employer": employer, "advisor": advisor}
    for key, body in posted.items():
        response = client.post("/api/v1/vacancies", json=body, headers=auth(employer))
        assert response.status_code == 201, response.text
        ids[key] = response.json()["id"]
    people = {
        "welder": candidate_body(name="Ana Pérez", email="ana@example.org", country="GUATEMALA"),
        "nurse": candidate_body(
            name="Mei Chen", email="mei@example.org", text=NURSE_CV, occupation_codes=["31301"], country="ph"
        ),
    }
    for key, body in people.items():
        _, token = make_user("candidate")
        response = client.post("/api/v1/candidates", json=body, headers=auth(token))
        assert response.status_code == 201, response.text
        ids[key], ids[f"{key}_token"] = response.json()["id"], token
    return ids


def _search(client: TestClient, token: str, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/open-vacancies", params=params, headers=auth(token))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_search_by_text_region_and_occupation_explains_each_result(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    found = _search(client, w["welder_token"], q="soudeur")
    ids = [e["vacancy_id"] for e in found["data"]]
    assert set(ids) >= {w["welder_saguenay"], w["welder_gaspe"]} and found["total"] == len(ids)
    first = found["data"][0]
    assert first["text_hit"] is True and set(first["dimensions"]) == DIMENSIONS
    assert first["rule_set_id"] == "passerelle-2026" and first["interested"] is False
    assert ids.index(w["welder_saguenay"]) < ids.index(w["welder_gaspe"])  # open to region 02 only
    assert first["vacancy"]["employer_name"] and first["vacancy"]["wage_hourly"] == 27.5

    in_02 = _search(client, w["welder_token"], region="2")
    assert [e["vacancy_id"] for e in in_02["data"]] == [w["welder_saguenay"]]
    cooks = _search(client, w["welder_token"], occupation="632")
    assert [e["vacancy_id"] for e in cooks["data"]] == [w["cook_gaspe"]]
    everything = _search(client, w["welder_token"])
    assert everything["total"] == 3 and everything["data"][0]["similarity"] is None
    page = _search(client, w["welder_token"], limit=1, offset=1)
    assert page["count"] == 1 and page["total"] == 3
    assert page["data"][0]["vacancy_id"] == everything["data"][1]["vacancy_id"]
    assert _search(client, w["welder_token"], q="xqzwv plomberie")["data"] == []


def test_search_refuses_bad_filters_and_needs_a_profile(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    for bad in ({"region": "18"}, {"occupation": "72a"}, {"limit": 0}, {"q": "x" * 201}):
        response = client.get("/api/v1/open-vacancies", params=bad, headers=auth(w["welder_token"]))
        assert response.status_code == 422, bad
    _, newcomer = make_user("candidate")
    response = client.get("/api/v1/open-vacancies", headers=auth(newcomer) | {"Accept-Language": "es"})
    assert response.status_code == 409 and response.json()["detail"] == "Primero cree su perfil."
    assert client.get("/api/v1/open-vacancies", headers=auth(w["employer"])).status_code == 403


def test_interest_is_recorded_once_and_withdrawn(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    path = f"/api/v1/vacancies/{w['welder_saguenay']}/interest"
    first = client.post(path, headers=auth(w["welder_token"]))
    assert first.status_code == 201 and first.json()["candidate_id"] == w["welder"]
    assert client.post(path, headers=auth(w["welder_token"])).status_code == 200
    listed = client.get("/api/v1/interests", headers=auth(w["welder_token"])).json()
    assert [i["vacancy_id"] for i in listed["data"]] == [w["welder_saguenay"]]
    assert listed["data"][0]["vacancy_title"] == "Soudeur-assembleur"
    found = _search(client, w["welder_token"], q="soudeur")
    assert {e["vacancy_id"]: e["interested"] for e in found["data"]}[w["welder_saguenay"]] is True
    assert client.post("/api/v1/vacancies/999999/interest", headers=auth(w["welder_token"])).status_code == 404
    assert client.delete(path, headers=auth(w["welder_token"])).status_code == 204
    assert client.get("/api/v1/interests", headers=auth(w["welder_token"])).json()["count"] == 0
    client.post(f"/api/v1/vacancies/{w['cook_gaspe']}/close", headers=auth(w["employer"]))
    closed = client.post(f"/api/v1/vacancies/{w['cook_gaspe']}/interest", headers=auth(w["welder_token"]))
    assert closed.status_code == 409


def test_an_interested_candidate_is_flagged_and_listed_even_outside_the_top_k(
    client: TestClient, make_user: MakeUser
) -> None:
    w = _market(client, make_user)
    vacancy = w["welder_saguenay"]
    top1 = client.get(f"/api/v1/vacancies/{vacancy}/shortlist?limit=1", headers=auth(w["employer"])).json()
    assert [e["candidate_id"] for e in top1["data"]] == [w["welder"]]
    client.post(f"/api/v1/vacancies/{vacancy}/interest", headers=auth(w["nurse_token"]))

    for reader in ("employer", "advisor"):
        french = {**auth(w[reader]), "Accept-Language": "fr"}
        body = client.get(f"/api/v1/vacancies/{vacancy}/shortlist?limit=1", headers=french).json()
        entries = {e["candidate_id"]: e for e in body["data"]}
        assert list(entries) == [w["welder"], w["nurse"]], reader  # the nurse ranks below: added after the top 1
        nurse = entries[w["nurse"]]
        assert nurse["interested"] is True and nurse["via_interest"] is True and nurse["rank"] == 2
        assert entries[w["welder"]]["interested"] is False and entries[w["welder"]]["via_interest"] is False
        assert set(nurse["dimensions"]) == DIMENSIONS
        assert nurse["candidate"]["alias"] == f"Candidat·e #{w['nurse']}" and nurse["candidate"]["contact"] is None
    wide = client.get(f"/api/v1/vacancies/{vacancy}/shortlist?limit=10", headers=auth(w["employer"])).json()
    nurse = next(e for e in wide["data"] if e["candidate_id"] == w["nurse"])
    assert nurse["interested"] is True and nurse["via_interest"] is False  # ranked on its own: only flagged


def test_employers_never_see_country_or_status_advisors_do(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    path = f"/api/v1/vacancies/{w['welder_saguenay']}/shortlist"
    employer = client.get(path, headers=auth(w["employer"]))
    for entry in employer.json()["data"]:
        assert "country" not in entry["candidate"] and "status" not in entry["candidate"]
    assert (
        '"GT"' not in employer.text
        and "temporary_worker" not in employer.text
        and "ana@example.org" not in employer.text
    )
    advisor = client.get(path, headers=auth(w["advisor"])).json()["data"]
    welder = next(e for e in advisor if e["candidate_id"] == w["welder"])
    assert welder["candidate"]["country"] == "GT"  # "GUATEMALA" was stored as its ISO code
    assert welder["candidate"]["status"] == "temporary_worker"
    assert (
        client.get(f"/api/v1/vacancies/{w['welder_saguenay']}/fairness", headers=auth(w["employer"])).status_code == 403
    )
    assert client.get(f"/api/v1/candidates/{w['welder']}", headers=auth(w["employer"])).status_code == 403


def test_the_alias_follows_the_reader_language(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    path = f"/api/v1/vacancies/{w['welder_saguenay']}/shortlist"
    for lang, alias in (("es-MX,es;q=0.9", "Candidato/a #"), ("en", "Candidate #"), ("de", "Candidat·e #")):
        entry = client.get(path, headers=auth(w["employer"]) | {"Accept-Language": lang}).json()["data"][0]
        assert entry["candidate"]["alias"] == f"{alias}{entry['candidate_id']}", lang


def test_unknown_countries_are_refused_with_suggestions(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    response = client.post("/api/v1/candidates", json=candidate_body(country="Guatamala"), headers=auth(token))
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["type"] == "country_unknown" and "Guatemala (GT)" in error["msg"]


def test_an_invitation_shows_the_vacancy_before_the_candidate_accepts(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    client.get(f"/api/v1/vacancies/{w['welder_saguenay']}/shortlist", headers=auth(w["employer"]))  # shown first
    body = {"vacancy_id": w["welder_saguenay"], "candidate_id": w["welder"], "message": "Bonjour Ana"}
    assert client.post("/api/v1/invitations", json=body, headers=auth(w["employer"])).status_code == 201
    invitation = client.get("/api/v1/invitations", headers=auth(w["welder_token"])).json()["data"][0]
    assert invitation["status"] == "pending" and invitation["message"] == "Bonjour Ana"
    vacancy = invitation["vacancy"]
    assert vacancy["employer_name"] == "employer test" and vacancy["municipality_name"] == "Saguenay"
    assert (vacancy["region_code"], vacancy["region_name"]) == ("02", "Saguenay–Lac-Saint-Jean")
    assert vacancy["wage_hourly"] == 27.5 and vacancy["start_date"] == "2027-02-01" and vacancy["positions"] == 2
    assert vacancy["description"].startswith("Souder des pièces")
    matches = client.get(f"/api/v1/candidates/{w['welder']}/matches", headers=auth(w["welder_token"])).json()
    assert all(m["interested"] is False for m in matches["data"])


def test_matches_search_and_shortlists_carry_spanish_explanations(client: TestClient, make_user: MakeUser) -> None:
    w = _market(client, make_user)
    spanish = {**auth(w["welder_token"]), "Accept-Language": "es"}
    matches = client.get(f"/api/v1/candidates/{w['welder']}/matches", headers=spanish).json()["data"]
    found = _search(client, w["welder_token"], q="soudeur")["data"]
    shortlist = client.get(
        f"/api/v1/vacancies/{w['welder_saguenay']}/shortlist?explain=why_not", headers=auth(w["advisor"])
    ).json()["data"]
    for entry in (*matches, *found, *shortlist):
        for name, dim in entry["dimensions"].items():
            assert dim["detail_es"] and dim["detail_es"] != dim["detail_fr"], (name, dim)
        for rule in (*entry["rules"], *(entry.get("why_not") or ())):
            assert rule["reason_es"] and rule["reason_es"] != rule["reason_fr"], rule
    saguenay = next(m for m in matches if m["vacancy_id"] == w["welder_saguenay"])
    assert saguenay["dimensions"]["text"]["detail_es"].startswith("similitud semántica de los textos")
    assert any(r["reason_es"].startswith("Prioridad Passerelle: oferta en Saguenay") for r in saguenay["rules"])
    assert any(e.get("why_not") for e in shortlist)  # the why-not records were asked for and checked
