"""Job offer, answer, hire, arrival and follow-ups through the API (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, show_shortlist, vacancy_body


def _post(client: TestClient, token: str, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
    response = client.post(path, json=body or {}, headers=auth(token))
    assert response.status_code == status, response.text
    return response.json()


def _accepted_invitation(client: TestClient, make_user: MakeUser, employer: str, vacancy: int) -> tuple[int, int, str]:
    _, token = make_user("candidate")
    cid = _post(client, token, "/api/v1/candidates", candidate_body(), status=201)["id"]
    assert cid in show_shortlist(client, employer, vacancy)  # an employer invites whom a shortlist showed
    invitation = _post(client, employer, "/api/v1/invitations", {"vacancy_id": vacancy, "candidate_id": cid}, 201)
    _post(client, token, f"/api/v1/invitations/{invitation['id']}/accept")
    return int(invitation["id"]), int(cid), token


def test_offer_needs_an_accepted_invitation_and_is_made_once(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    _, intruder = make_user("employer")
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(), status=201)["id"]
    _, token = make_user("candidate")
    cid = _post(client, token, "/api/v1/candidates", candidate_body(), status=201)["id"]
    assert cid in show_shortlist(client, employer, vacancy)
    pending = _post(client, employer, "/api/v1/invitations", {"vacancy_id": vacancy, "candidate_id": cid}, 201)
    assert "accepted" in _post(client, employer, f"/api/v1/invitations/{pending['id']}/offer", status=409)["detail"]
    _post(client, token, f"/api/v1/invitations/{pending['id']}/accept")
    _post(client, intruder, f"/api/v1/invitations/{pending['id']}/offer", status=404)
    _post(client, token, f"/api/v1/invitations/{pending['id']}/offer", status=403)
    offer = _post(client, employer, f"/api/v1/invitations/{pending['id']}/offer", {"message": "Bienvenue"}, 201)
    assert offer["status"] == "pending" and offer["wage_hourly"] == 27.5 and offer["region_code"] == "02"
    assert offer["fast_track"] is True and offer["matched_at"] <= offer["invited_at"] <= offer["offered_at"]
    _post(client, employer, f"/api/v1/invitations/{pending['id']}/offer", status=409)
    mine = client.get("/api/v1/offers", headers=auth(token)).json()
    assert [o["id"] for o in mine["data"]] == [offer["id"]]
    assert client.get("/api/v1/offers", headers=auth(intruder)).json()["count"] == 0


def test_the_candidate_answers_once_and_a_second_answer_is_a_conflict(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(), status=201)["id"]
    invitation, _, token = _accepted_invitation(client, make_user, employer, vacancy)
    _, other = make_user("candidate")
    offer = _post(client, employer, f"/api/v1/invitations/{invitation}/offer", status=201)
    _post(client, other, f"/api/v1/offers/{offer['id']}/accept", status=404)
    _post(client, employer, f"/api/v1/offers/{offer['id']}/hire", status=409)  # not accepted yet
    assert _post(client, token, f"/api/v1/offers/{offer['id']}/accept")["status"] == "accepted"
    conflict = _post(client, token, f"/api/v1/offers/{offer['id']}/decline", status=409)
    assert "accepted" in conflict["detail"]
    _post(client, token, f"/api/v1/offers/{offer['id']}/accept", status=409)


def test_hires_close_positions_and_fill_the_vacancy(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(positions=2), status=201)["id"]
    offers = []
    for _ in range(3):
        invitation, _, token = _accepted_invitation(client, make_user, employer, vacancy)
        offer = _post(client, employer, f"/api/v1/invitations/{invitation}/offer", status=201)
        _post(client, token, f"/api/v1/offers/{offer['id']}/accept")
        offers.append(offer["id"])
    first = _post(client, employer, f"/api/v1/offers/{offers[0]}/hire")
    assert (first["positions_hired"], first["filled"], first["offer"]["status"]) == (1, False, "hired")
    _post(client, employer, f"/api/v1/offers/{offers[0]}/hire", status=409)  # hired already
    second = _post(client, employer, f"/api/v1/offers/{offers[1]}/hire")
    assert (second["positions_hired"], second["filled"]) == (2, True)
    assert client.get(f"/api/v1/vacancies/{vacancy}", headers=auth(employer)).json()["status"] == "closed"
    assert "already hired" in _post(client, employer, f"/api/v1/offers/{offers[2]}/hire", status=409)["detail"]


def test_arrival_and_follow_ups_by_the_candidate_or_an_advisor(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    cid = _post(client, token, "/api/v1/candidates", candidate_body(regions_open=["02"]), status=201)["id"]
    _, advisor = make_user("advisor", regions=["02"])
    _, stranger = make_user("advisor", regions=["11"])
    _, employer = make_user("employer")
    arrived = (date.today() - timedelta(days=400)).isoformat()
    follow = {"seen_on": date.today().isoformat(), "living_there": True, "working_there": True, "municipality": "Alma"}
    early = client.put(f"/api/v1/candidates/{cid}/follow-ups/12", json=follow, headers=auth(advisor))
    assert early.status_code == 409 and "arrival" in early.json()["detail"]
    body = {"arrived_on": arrived, "municipality": "Saguenay"}
    assert client.put(f"/api/v1/candidates/{cid}/arrival", json=body, headers=auth(stranger)).status_code == 404
    assert client.put(f"/api/v1/candidates/{cid}/arrival", json=body, headers=auth(employer)).status_code == 403
    future = {"arrived_on": (date.today() + timedelta(days=3)).isoformat(), "municipality": "Saguenay"}
    assert client.put(f"/api/v1/candidates/{cid}/arrival", json=future, headers=auth(token)).status_code == 422
    unknown = client.put(
        f"/api/v1/candidates/{cid}/arrival", json={**body, "municipality": "Nullepart"}, headers=auth(token)
    )
    assert unknown.status_code == 422
    stored = client.put(f"/api/v1/candidates/{cid}/arrival", json=body, headers=auth(token)).json()
    assert stored["municipality_code"] == "94068" and stored["region_code"] == "02" and stored["outside_boundary"]
    assert client.put(f"/api/v1/candidates/{cid}/follow-ups/9", json=follow, headers=auth(advisor)).status_code == 422
    saved = client.put(f"/api/v1/candidates/{cid}/follow-ups/12", json=follow, headers=auth(advisor)).json()
    assert saved["months"] == 12 and saved["region_code"] == "02" and saved["living_there"]
    outcomes = client.get(f"/api/v1/candidates/{cid}/outcomes", headers=auth(advisor)).json()
    assert outcomes["arrival"]["arrived_on"] == arrived and [f["months"] for f in outcomes["follow_ups"]] == [12]
