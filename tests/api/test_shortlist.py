"""Shortlists and matches: ranking with explanations, anonymity until an invitation is accepted, access, audit."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.db.workflow_tables import AuditEvent, Invitation
from api.deps import AppServices
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import NURSE_CV, candidate_body, vacancy_body

DIMENSIONS = {"occupation", "text", "experience", "french", "region", "availability"}


def _world(client: TestClient, make_user: MakeUser) -> dict[str, int | str]:
    _, employer = make_user("employer")
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    _, advisor = make_user("advisor", regions=["02"])
    ids: dict[str, int | str] = {"employer": employer, "advisor": advisor, "vacancy": vid}
    people = {
        "open_welder": candidate_body(name="Ana Pérez", email="ana@example.org"),
        "closed_welder": candidate_body(name="Luis Gómez", email="luis@example.org", regions_open=["06"]),
        "nurse": candidate_body(name="Mei Chen", email="mei@example.org", text=NURSE_CV, occupation_codes=["31301"]),
    }
    for key, body in people.items():
        _, token = make_user("candidate")
        ids[key] = client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"]
        ids[f"{key}_token"] = token
    return ids


def test_shortlist_ranks_and_explains(client: TestClient, make_user: MakeUser) -> None:
    w = _world(client, make_user)
    response = client.get(f"/api/v1/vacancies/{w['vacancy']}/shortlist?limit=10", headers=auth(str(w["employer"])))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rule_set_id"] == "passerelle-2026"
    order = [e["candidate_id"] for e in body["data"]]
    assert order[0] == w["open_welder"]
    assert order.index(w["closed_welder"]) < order.index(w["nurse"])
    first = body["data"][0]
    assert set(first["dimensions"]) == DIMENSIONS
    assert first["rank"] == 1 and first["rule_set_id"] == "passerelle-2026"
    assert abs(first["total"] - first["base_score"] - sum(r["delta"] for r in first["rules"])) < 1e-5
    # The employer does not see the rules that look at the candidate's status (they would tell it); the advisor does.
    assert {r["rule"] for r in first["rules"]} == {"regional_priority", "fast_track"}
    assert first["fast_track"] is True and "simplified_lmia" not in first["flags"]
    advised = client.get(f"/api/v1/vacancies/{w['vacancy']}/shortlist?limit=10", headers=auth(str(w["advisor"])))
    seen = next(e for e in advised.json()["data"] if e["candidate_id"] == first["candidate_id"])
    simplified = {"simplified_lmia"} if date.today() <= date(2027, 2, 23) else set()  # the 2026 list's end
    assert {r["rule"] for r in seen["rules"]} == {"regional_priority", "fast_track", *simplified}
    assert ("simplified_lmia" in seen["flags"]) is bool(simplified)
    assert all(r["reason_fr"] and r["reason_en"] and r["applied"] for r in first["rules"])
    assert first["review"] is None and first["invitation"] is None
    assert first["why_not"] is None  # only on request


def test_shortlist_why_not_on_request(client: TestClient, make_user: MakeUser) -> None:
    w = _world(client, make_user)
    path = f"/api/v1/vacancies/{w['vacancy']}/shortlist?limit=10&explain=why_not"
    shown = client.get(path, headers=auth(str(w["employer"]))).json()["data"]
    for entry in shown:  # the status rules' records are the advisor's, never the employer's
        assert not {"lmia_freeze", "simplified_lmia"} & {r["rule"] for r in (*entry["rules"], *entry["why_not"])}
    body = client.get(path, headers=auth(str(w["advisor"]))).json()
    by_id = {e["candidate_id"]: e for e in body["data"]}
    welder = by_id[w["open_welder"]]
    answered = sorted(r["rule"] for r in (*welder["rules"], *welder["why_not"]))
    assert answered == ["fast_track", "lmia_freeze", "regional_priority", "simplified_lmia"]  # every rule answers
    assert "lmia_freeze" in [r["rule"] for r in welder["why_not"]]
    freeze = next(r for r in welder["why_not"] if r["rule"] == "lmia_freeze")
    assert freeze["applied"] is False and freeze["delta"] == 0 and freeze["flags"] == []
    assert "Saguenay" in freeze["reason_fr"] and "outside the low-wage LMIA freeze territory" in freeze["reason_en"]
    assert freeze["reason_es"] and any("visahq.com" in s for s in freeze["sources"])
    nurse = by_id[w["nurse"]]
    answered = sorted(r["rule"] for r in (*nurse["rules"], *nurse["why_not"]))
    assert answered == ["fast_track", "lmia_freeze", "regional_priority", "simplified_lmia"]
    bad = client.get(f"/api/v1/vacancies/{w['vacancy']}/shortlist?explain=everything", headers=auth(str(w["employer"])))
    assert bad.status_code == 422


def test_laval_low_wage_vacancy_marks_temporary_workers(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    low = vacancy_body(municipality="Laval", wage_hourly=20.0, naics="5617")
    created = client.post("/api/v1/vacancies", json=low, headers=auth(employer))
    assert created.status_code == 201, created.text
    vacancy = created.json()
    assert vacancy["naics"] == "5617" and vacancy["outside_boundary"] is False
    frozen = date.today() <= date(2026, 12, 31)  # the freeze's reported end: the server ranks on today's date
    assert vacancy["rule_facts"]["lmia_freeze"] is frozen
    _, token = make_user("candidate")
    body = candidate_body(regions_open=["13"])
    client.post("/api/v1/candidates", json=body, headers=auth(token))
    path = f"/api/v1/vacancies/{vacancy['id']}/shortlist?explain=why_not"
    shown = client.get(path, headers=auth(employer)).json()["data"]
    assert shown and all("lmia_freeze" not in e["flags"] for e in shown)  # it would tell the employer the status
    _, advisor = make_user("advisor", regions=["13"])
    entries = client.get(path, headers=auth(advisor)).json()["data"]
    assert entries and all(("lmia_freeze" in e["flags"]) is frozen for e in entries)  # marked, never dropped
    said = next(r for r in (*entries[0]["rules"], *entries[0]["why_not"]) if r["rule"] == "lmia_freeze")
    if frozen:
        assert vacancy["rule_facts"]["lmia_freeze_until"] == "2026-12-31"
        assert said["reason_en"].startswith("Not eligible for a low-wage LMIA until 2026-12-31: vacancy in Laval")
    else:
        assert "is not in force" in said["reason_en"]
    high = client.patch(f"/api/v1/vacancies/{vacancy['id']}", json={"wage_hourly": 40.0}, headers=auth(employer))
    assert high.status_code == 200 and high.json()["rule_facts"]["lmia_freeze"] is False
    cleared = client.patch(f"/api/v1/vacancies/{vacancy['id']}", json={"naics": None}, headers=auth(employer))
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["naics"] is None
    bad = client.post("/api/v1/vacancies", json=vacancy_body(naics="ab"), headers=auth(employer))
    assert bad.status_code == 422


def test_employer_sees_anonymous_candidates_until_acceptance(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    w = _world(client, make_user)
    path = f"/api/v1/vacancies/{w['vacancy']}/shortlist"
    text = client.get(path, headers=auth(str(w["employer"]))).text
    for secret in ("Ana Pérez", "ana@example.org", "Luis", "mei@example.org", "Soudeur MIG"):
        assert secret not in text
    entry = client.get(path, headers=auth(str(w["employer"])) | {"Accept-Language": "fr"}).json()["data"][0]
    assert entry["candidate"]["alias"] == f"Candidat·e #{w['open_welder']}"
    assert entry["candidate"]["contact"] is None
    with Session(services.engine) as session:
        session.add(
            Invitation(
                vacancy_id=int(w["vacancy"]),
                candidate_id=int(w["open_welder"]),
                invited_by_id=1,
                invited_by_role="employer",
                status="accepted",
            )
        )
        session.commit()
    entries = client.get(path, headers=auth(str(w["employer"]))).json()["data"]
    by_id = {e["candidate_id"]: e for e in entries}
    assert by_id[w["open_welder"]]["candidate"]["contact"] == {"name": "Ana Pérez", "email": "ana@example.org"}
    assert by_id[w["open_welder"]]["invitation"]["status"] == "accepted"
    assert by_id[w["nurse"]]["candidate"]["contact"] is None


def test_shortlist_access_and_audit(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    w = _world(client, make_user)
    path = f"/api/v1/vacancies/{w['vacancy']}/shortlist"
    _, other_employer = make_user("employer")
    _, advisor_02 = make_user("advisor", regions=["02"])
    _, advisor_06 = make_user("advisor", regions=["06"])
    _, admin = make_user("admin")
    assert client.get(path, headers=auth(other_employer)).status_code == 404
    assert client.get(path, headers=auth(advisor_06)).status_code == 404
    assert client.get(path, headers=auth(str(w["open_welder_token"]))).status_code == 403
    assert client.get(path, headers=auth(advisor_02)).status_code == 200
    assert client.get(path, headers=auth(admin)).status_code == 200
    assert client.get("/api/v1/vacancies/999999/shortlist", headers=auth(admin)).status_code == 404
    with Session(services.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "shortlist.view")).all()
    assert [(e.actor_role, e.object_id, e.rule_set_id) for e in events] == [
        ("advisor", w["vacancy"], "passerelle-2026"),
        ("admin", w["vacancy"], "passerelle-2026"),
    ]


def test_candidate_matches_rank_open_vacancies_only(client: TestClient, make_user: MakeUser) -> None:
    w = _world(client, make_user)
    employer = str(w["employer"])
    far = client.post("/api/v1/vacancies", json=vacancy_body(municipality="Laval"), headers=auth(employer)).json()
    closed = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()
    client.post(f"/api/v1/vacancies/{closed['id']}/close", headers=auth(employer))
    token = str(w["open_welder_token"])
    response = client.get(f"/api/v1/candidates/{w['open_welder']}/matches", headers=auth(token))
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    order = [m["vacancy_id"] for m in data]
    assert closed["id"] not in order
    assert order.index(w["vacancy"]) < order.index(far["id"])
    assert data[0]["vacancy"]["title"] == "Soudeur-assembleur"
    assert set(data[0]["dimensions"]) == DIMENSIONS
    other = client.get(f"/api/v1/candidates/{w['nurse']}/matches", headers=auth(token))
    assert other.status_code == 404
    assert client.get(f"/api/v1/candidates/{w['nurse']}/matches", headers=auth(employer)).status_code == 403


def test_matches_without_resume_use_occupation_titles(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(text=None), headers=auth(token)).json()["id"]
    response = client.get(f"/api/v1/candidates/{cid}/matches", headers=auth(token))
    assert response.status_code == 200, response.text
    assert [m["vacancy_id"] for m in response.json()["data"]] == [vid]
    _, bare_token = make_user("candidate")
    bare = client.post(
        "/api/v1/candidates", json=candidate_body(text=None, occupation_codes=None), headers=auth(bare_token)
    ).json()["id"]
    empty = client.get(f"/api/v1/candidates/{bare}/matches", headers=auth(bare_token))
    assert empty.status_code == 422
    assert "résumé" in empty.json()["detail"]


def test_candidate_without_resume_is_shortlisted_by_occupation(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(text=None), headers=auth(token)).json()["id"]
    assert cid in services.sync.index("candidates")
    _, employer = make_user("employer")
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    data = client.get(f"/api/v1/vacancies/{vid}/shortlist", headers=auth(employer)).json()["data"]
    assert [e["candidate_id"] for e in data] == [cid]
    assert services.sync.status("candidates").in_sync
