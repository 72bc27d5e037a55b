"""Indicators by region, the fairness view, and the reference routes, through the API (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.deps import AppServices
from matching.models import CodeSource, OccupationCode
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, show_shortlist, vacancy_body


def _post(client: TestClient, token: str, path: str, body: dict[str, Any] | None = None) -> Any:
    response = client.post(path, json=body, headers=auth(token))
    assert response.status_code < 300, response.text
    return response.json()


def _candidate(client: TestClient, make_user: MakeUser, **fields: Any) -> tuple[int, str]:
    _, token = make_user("candidate")
    return int(_post(client, token, "/api/v1/candidates", candidate_body(**fields))["id"]), token


def _accept(client: TestClient, inviter: str, vacancy: int, candidate: tuple[int, str], *, hire: bool = True) -> None:
    """Invitation accepted, job offer accepted, and (by default) the hire."""
    shown = client.get(f"/api/v1/vacancies/{vacancy}/shortlist?limit=200", headers=auth(inviter)).json()["data"]
    assert candidate[0] in {e["candidate_id"] for e in shown}, "an employer invites only whom a shortlist showed"
    invitation = _post(client, inviter, "/api/v1/invitations", {"vacancy_id": vacancy, "candidate_id": candidate[0]})
    _post(client, candidate[1], f"/api/v1/invitations/{invitation['id']}/accept")
    offer = _post(client, inviter, f"/api/v1/invitations/{invitation['id']}/offer")
    _post(client, candidate[1], f"/api/v1/offers/{offer['id']}/accept")
    if hire:
        _post(client, inviter, f"/api/v1/offers/{offer['id']}/hire")


def test_indicators_by_region(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    _, admin = make_user("admin")
    saguenay = _post(client, employer, "/api/v1/vacancies", vacancy_body(positions=1))["id"]
    two_posts = _post(client, employer, "/api/v1/vacancies", vacancy_body(positions=2, title="Soudeur 2"))["id"]
    desk = vacancy_body(title="Réceptionniste", description="Accueil.", occupation_codes=["14101"], positions=1)
    receptionist = _post(client, employer, "/api/v1/vacancies", desk)["id"]
    laval = _post(client, employer, "/api/v1/vacancies", vacancy_body(municipality="Laval"))["id"]
    welder = _candidate(client, make_user, regions_open=["02"])
    other_welder = _candidate(client, make_user, regions_open=[], open_to_all_regions=True)
    clerk = _candidate(client, make_user, regions_open=["02", "13"], occupation_codes=["14101"])
    _candidate(client, make_user, regions_open=["11"])
    talker = _candidate(client, make_user, regions_open=["02"])
    assert talker[0] in show_shortlist(client, employer, saguenay)
    invitation = _post(client, employer, "/api/v1/invitations", {"vacancy_id": saguenay, "candidate_id": talker[0]})
    _post(client, talker[1], f"/api/v1/invitations/{invitation['id']}/accept")  # an invitation to talk: not an offer
    _accept(client, employer, saguenay, welder)  # fills 1 of 1, fast-track
    _accept(client, employer, two_posts, other_welder)  # 1 of 2: not filled yet
    _accept(client, employer, receptionist, clerk)  # fills, not fast-track
    _accept(client, employer, laval, welder, hire=False)  # Laval is inside the CMM: never "filled in the regions"
    _post(client, employer, f"/api/v1/vacancies/{laval}/close")

    mine = client.get("/api/v1/indicators", headers=auth(advisor)).json()
    assert [r["region_code"] for r in mine["data"]] == ["02"]
    assert mine["data"][0] == {
        "region_code": "02",
        "region_name": "Saguenay–Lac-Saint-Jean",
        "candidates": 4,
        "vacancies_open": 1,
        "offers_received_abroad": 3,
        "fast_track_files": 2,
        "hires": 3,
        "vacancies_filled": 2,
    }
    everything = client.get("/api/v1/indicators", headers=auth(admin)).json()
    rows = {r["region_code"]: r for r in everything["data"]}
    assert len(rows) == 17
    assert rows["13"] | {"region_name": ""} == {
        "region_code": "13",
        "region_name": "",
        "candidates": 2,
        "vacancies_open": 0,
        "offers_received_abroad": 1,
        "fast_track_files": 1,
        "hires": 0,
        "vacancies_filled": 0,
    }
    assert rows["11"]["candidates"] == 2 and rows["11"]["offers_received_abroad"] == 0
    assert everything["totals"] == {
        "candidates": 5,
        "vacancies_open": 1,
        "offers_received_abroad": 3,
        "fast_track_files": 2,
        "hires": 3,
        "vacancies_filled": 2,
    }


def test_fairness_compares_top_k_with_the_pool(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body())["id"]
    for i, (country, status) in enumerate(
        [("MX", "temporary_worker"), ("MX", "temporary_worker"), ("GT", "temporary_worker"), ("FR", "selected_quebec")]
    ):
        _candidate(client, make_user, country=country, status=status, email=f"w{i}@example.org")
    nurse = "Registered nurse, eight years in hospital care: medication administration, patient care plans."
    _candidate(client, make_user, country="CO", status="other", text=nurse, occupation_codes=["31301"])
    response = client.get(f"/api/v1/vacancies/{vacancy}/fairness", params={"k": 4}, headers=auth(advisor))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["k"], body["top_k_size"], body["pool_size"]) == (4, 4, 5)
    assert body["rule_set_id"] == "passerelle-2026"
    countries = {r["value"]: r for r in body["by_country"]}
    assert countries["MX"]["pool_share"] == 0.4 and countries["CO"]["pool_share"] == 0.2
    assert countries["MX"]["top_k_share"] == 0.5  # the four welders make the top 4, the nurse does not
    assert countries["CO"]["top_k_share"] == 0.0
    assert body["by_country"][0]["value"] == "MX"
    for column in ("top_k_share", "pool_share"):
        assert abs(sum(r[column] for r in body["by_status"]) - 1.0) < 1e-9
    statuses = {r["value"]: r["top_k_count"] for r in body["by_status"]}
    assert statuses == {"temporary_worker": 3, "selected_quebec": 1, "other": 0}
    assert "example.org" not in response.text


class _Classifier:
    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        found = [OccupationCode("72106", 0.8, CodeSource.CLASSIFIED), OccupationCode("14101", 0.1)]
        return found[:k] if "soud" in text.lower() else []


def test_occupation_suggestions_carry_diagnostic_and_fast_track(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, employer = make_user("employer")
    services.occupations.classifier = _Classifier()
    response = client.get("/api/v1/occupations/suggest", params={"q": "Soudeur", "k": 2}, headers=auth(employer))
    assert response.status_code == 200, response.text
    first, second = response.json()["data"]
    assert first["code"] == "72106" and first["title_fr"].startswith("Soudeurs") and first["title_en"]
    assert (first["score"], first["diagnostic"], first["fast_track"]) == (0.8, "Déficit", True)
    assert (second["code"], second["diagnostic"], second["fast_track"]) == ("14101", "Équilibre", False)
    nothing = client.get("/api/v1/occupations/suggest", params={"q": "zzz"}, headers=auth(employer))
    assert nothing.json() == {"data": []}
    empty = client.get("/api/v1/occupations/suggest", params={"q": ""}, headers=auth(employer))
    assert empty.status_code == 422
    services.occupations.classifier = None
    missing = client.get("/api/v1/occupations/suggest", params={"q": "Soudeur"}, headers=auth(employer))
    assert missing.status_code == 503 and "classifier" in missing.json()["detail"]


def test_regions_and_municipality_autocomplete(client: TestClient, make_user: MakeUser) -> None:
    _, candidate = make_user("candidate")
    regions = client.get("/api/v1/regions", headers=auth(candidate)).json()["data"]
    assert len(regions) == 17 and regions[1] == {"code": "02", "name": "Saguenay–Lac-Saint-Jean"}
    found = client.get("/api/v1/municipalities", params={"q": "sague"}, headers=auth(candidate)).json()["data"]
    assert found[0] == {
        "code": "94068",
        "name": "Saguenay",
        "region_code": "02",
        "region_name": regions[1]["name"],
        "via": "name",
        "matched": "Saguenay",
    }
    former = client.get("/api/v1/municipalities", params={"q": "chicouti"}, headers=auth(candidate)).json()["data"]
    assert [(m["name"], m["via"], m["matched"]) for m in former] == [("Saguenay", "former", "Chicoutimi")]
    postal = client.get("/api/v1/municipalities", params={"q": "G7H 5B8"}, headers=auth(candidate)).json()["data"]
    assert [(m["code"], m["via"]) for m in postal] == [("94068", "postal_code")]
    close = client.get("/api/v1/municipalities", params={"q": "Chicotimi"}, headers=auth(candidate)).json()["data"]
    assert close and close[0]["code"] == "94068"
    accents = client.get("/api/v1/municipalities", params={"q": "gaspe"}, headers=auth(candidate)).json()["data"]
    assert any(m["name"] == "Gaspé" and m["region_code"] == "11" for m in accents)
    by_code = client.get("/api/v1/municipalities", params={"q": "94068"}, headers=auth(candidate)).json()
    assert [m["name"] for m in by_code["data"]] == ["Saguenay"]
    limited = client.get("/api/v1/municipalities", params={"q": "saint", "limit": 3}, headers=auth(candidate))
    assert len(limited.json()["data"]) == 3
    assert client.get("/api/v1/municipalities", params={"q": "xqzw"}, headers=auth(candidate)).json() == {"data": []}
