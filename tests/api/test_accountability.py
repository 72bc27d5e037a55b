"""Audit provenance, retention purge, review requests, self-identification, the ranking notice and the bias audit
through the API (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session, select

from api.db.workflow_tables import AuditEvent, utc_now
from api.deps import AppServices
from api.settings import Settings
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, vacancy_body


def _post(client: TestClient, token: str, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
    response = client.post(path, json=body or {}, headers=auth(token))
    assert response.status_code == status, response.text
    return response.json()


def _candidate(client: TestClient, make_user: MakeUser, **fields: Any) -> tuple[int, str]:
    _, token = make_user("candidate")
    return int(_post(client, token, "/api/v1/candidates", candidate_body(**fields), 201)["id"]), token


def test_shortlist_views_and_decisions_store_what_produced_the_ranking(
    client: TestClient, services: AppServices, make_user: MakeUser
) -> None:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    _, admin = make_user("admin")
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(), 201)["id"]
    cid, _ = _candidate(client, make_user)
    assert client.get(f"/api/v1/vacancies/{vacancy}/shortlist", headers=auth(advisor)).status_code == 200
    _post(client, advisor, f"/api/v1/vacancies/{vacancy}/reviews/{cid}", {"decision": "approved"})
    events = client.get("/api/v1/audit?object_type=vacancy", headers=auth(admin)).json()["data"]
    by_action = {e["action"]: e for e in events}
    model, classifier = services.versions()
    for action in ("shortlist.view", "review.set"):
        event = by_action[action]
        assert event["rule_set_id"] == "passerelle-2026"
        assert event["model_version"] == model and model.startswith("HashingEmbedder:")
        assert event["classifier_version"] == classifier == "none"
        assert event["index_change_id"] is not None and event["index_change_id"] >= 2


def test_retention_purge_deletes_old_events_and_is_itself_audited(
    client: TestClient, services: AppServices, make_user: MakeUser
) -> None:
    _, admin = make_user("admin")
    _, advisor = make_user("advisor", regions=["02"])
    with Session(services.engine) as session:
        old = AuditEvent(actor_role="system", action="test.old", object_type="x", at=utc_now() - timedelta(days=200))
        recent = AuditEvent(
            actor_role="system", action="test.recent", object_type="x", at=utc_now() - timedelta(days=170)
        )
        session.add_all([old, recent])
        session.commit()
    assert client.post("/api/v1/audit/purge", headers=auth(advisor)).status_code == 403
    result = _post(client, admin, "/api/v1/audit/purge")
    assert result["deleted"] == 1 and result["retention_days"] == 183
    with Session(services.engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "test.old" not in actions and "test.recent" in actions
    purge = [e for e in client.get("/api/v1/audit?action=audit.purge", headers=auth(admin)).json()["data"]]
    assert len(purge) == 1 and purge[0]["detail"]["deleted"] == 1 and purge[0]["actor_role"] == "admin"


def test_retention_under_six_months_is_refused(tmp_path: Any) -> None:
    with pytest.raises(ValidationError, match="183"):
        Settings(data_dir=tmp_path, audit_retention_days=30)


def test_a_candidate_asks_for_a_review_and_an_advisor_of_its_region_answers_once(
    client: TestClient, make_user: MakeUser
) -> None:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    _, far = make_user("advisor", regions=["11"])
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(), 201)["id"]
    _, token = _candidate(client, make_user, regions_open=["02"])
    _post(client, employer, "/api/v1/review-requests", {"message": "x"}, 403)
    assert client.post("/api/v1/review-requests", json={"message": ""}, headers=auth(token)).status_code == 422
    request = _post(client, token, "/api/v1/review-requests", {"vacancy_id": vacancy, "message": "Pourquoi 12e ?"}, 201)
    assert request["status"] == "open"
    assert [r["id"] for r in client.get("/api/v1/review-requests", headers=auth(advisor)).json()["data"]] == [
        request["id"]
    ]
    assert client.get("/api/v1/review-requests", headers=auth(far)).json()["count"] == 0
    _post(client, far, f"/api/v1/review-requests/{request['id']}/answer", {"answer": "non"}, 404)
    answered = _post(
        client, advisor, f"/api/v1/review-requests/{request['id']}/answer", {"answer": "Revu : rang confirmé."}
    )
    assert answered["status"] == "answered" and answered["answer"] == "Revu : rang confirmé."
    _post(client, advisor, f"/api/v1/review-requests/{request['id']}/answer", {"answer": "encore"}, 409)
    mine = client.get("/api/v1/review-requests", headers=auth(token)).json()["data"]
    assert mine[0]["answer"] == "Revu : rang confirmé."


def test_self_identified_gender_is_the_candidates_own_and_never_shown_to_employers(
    client: TestClient, make_user: MakeUser
) -> None:
    _, employer = make_user("employer")
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(), 201)["id"]
    cid, token = _candidate(client, make_user)
    _, other = make_user("candidate")
    path = f"/api/v1/candidates/{cid}/self-identification"
    assert client.put(path, json={"gender": "woman"}, headers=auth(other)).status_code == 404
    assert client.put(path, json={"gender": "femme"}, headers=auth(token)).status_code == 422
    assert client.put(path, json={"gender": "woman"}, headers=auth(token)).json() == {"gender": "woman"}
    assert client.get(path, headers=auth(token)).json() == {"gender": "woman"}
    assert client.get(path, headers=auth(employer)).status_code == 403
    shortlist = client.get(f"/api/v1/vacancies/{vacancy}/shortlist", headers=auth(employer)).text
    assert "woman" not in shortlist and "gender" not in shortlist
    assert client.put(path, json={"gender": None}, headers=auth(token)).json() == {"gender": None}


def test_ranking_notice_reads_the_live_weights_and_rule_set(
    client: TestClient, services: AppServices, make_user: MakeUser
) -> None:
    _, token = make_user("candidate")
    notice = client.get("/api/v1/ranking-notice", headers=auth(token)).json()
    weights = {f["name"]: f["weight"] for f in notice["factors"]}
    assert weights == {k: round(v, 4) for k, v in services.settings.matching.weights.as_mapping().items()}
    assert notice["rule_set"]["id"] == "passerelle-2026"
    assert notice["rule_set"]["rules"] == ["regional_priority", "fast_track", "simplified_lmia", "lmia_freeze"]
    assert notice["rule_set"]["parameters"]["rules"]["regional_priority"]["boundary"] == "montreal_laval"
    assert notice["retention_days"] == 183 and notice["embedder"] == "hashing"


def test_bias_audit_of_a_vacancy_and_of_a_region(client: TestClient, make_user: MakeUser) -> None:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"])
    vacancy = _post(client, employer, "/api/v1/vacancies", vacancy_body(), 201)["id"]
    for country, regions in (("MX", ["02"]), ("MX", ["02"]), ("GT", ["11"]), ("GT", ["11"])):
        cid, token = _candidate(client, make_user, country=country, regions_open=regions)
        client.put(f"/api/v1/candidates/{cid}/self-identification", json={"gender": "woman"}, headers=auth(token))
    assert client.get(f"/api/v1/vacancies/{vacancy}/bias-audit", headers=auth(employer)).status_code == 403
    report = client.get(f"/api/v1/vacancies/{vacancy}/bias-audit?k=2", headers=auth(advisor)).json()
    assert report["pool_size"] == 4 and report["k"] == 2
    country = next(d for d in report["dimensions"] if d["dimension"] == "country")
    rows = {r["category"]: r for r in country["selection"]["rows"]}
    assert rows["MX"]["rate"] == 1.0 and rows["MX"]["impact_ratio"] == 1.0  # open to region 02: ranked first
    assert rows["GT"]["rate"] == 0.0 and rows["GT"]["impact_ratio"] == 0.0
    impacts = {i["rule"]: i for i in country["rules"]}
    assert "*" in impacts and "regional_priority" in impacts
    gender = next(d for d in report["dimensions"] if d["dimension"] == "gender")
    assert gender["selection"]["rows"][0]["category"] == "woman" and gender["selection"]["unknown_candidates"] == 0
    region = client.get("/api/v1/bias-audit?region=02&k=2", headers=auth(advisor)).json()
    assert region["vacancies"] == 1 and region["pool_size"] == 4
    assert client.get("/api/v1/bias-audit?region=11", headers=auth(advisor)).status_code == 404
    assert client.get("/api/v1/bias-audit?month=2020-01", headers=auth(advisor)).json()["vacancies"] == 0
