"""Review workflow through the API: reviews, invitations and their answers, contact sharing, audit, erasure.

Every test runs on SQLite and on a real PostgreSQL. The tests of this module share one started app per database
(``client`` is overridden at module scope to save start-ups); each builds its own accounts and objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.db.workflow_tables import Invitation, Review
from api.deps import AppServices
from api.routes import workflow_reviews
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, vacancy_body
from tests.api.workflow_world import DATABASES, started_app, user_maker


@pytest.fixture(scope="module", params=DATABASES)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with started_app(request, tmp_path_factory) as started:
        yield started


@pytest.fixture
def make_user(client: TestClient) -> MakeUser:
    return user_maker(client)  # type: ignore[no-any-return]


@pytest.fixture
def services(client: TestClient) -> AppServices:
    found: AppServices = client.app.state.services  # type: ignore[attr-defined]
    return found


def _post(client: TestClient, token: str, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, json=body, headers=auth(token))


def _setup(client: TestClient, make_user: MakeUser, municipality: str = "94068", region: str = "02") -> dict[str, Any]:
    """An employer's welder vacancy in Saguenay (02), two welders abroad, an advisor of 02 and an admin."""
    _, employer = make_user("employer", name="Soudures Saguenay")
    _, advisor = make_user("advisor", regions=[region], name="Conseillère Tremblay")
    _, admin = make_user("admin")
    w: dict[str, Any] = {"employer": employer, "advisor": advisor, "admin": admin}
    body = vacancy_body(positions=1, municipality=municipality)
    w["vacancy"] = _post(client, employer, "/api/v1/vacancies", body).json()["id"]
    for key, name in (("ana", "Ana Pérez"), ("luis", "Luis Gómez")):
        _, token = make_user("candidate")
        body = candidate_body(name=name, email=f"{key}@example.org")
        w[key] = _post(client, token, "/api/v1/candidates", body).json()["id"]
        w[f"{key}_token"] = token
    return w


def _shortlist_entry(client: TestClient, token: str, vacancy: int, candidate: int) -> dict[str, Any]:
    body = client.get(f"/api/v1/vacancies/{vacancy}/shortlist", headers=auth(token)).json()
    return next(e for e in body["data"] if e["candidate_id"] == candidate)


def test_review_approve_annotate_and_clear(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user)
    path = f"/api/v1/vacancies/{w['vacancy']}/reviews/{w['ana']}"
    first = _post(client, w["advisor"], path, {"decision": "approved", "note": "Très bon profil"})
    assert first.status_code == 200, first.text
    assert first.json() | {"at": None} == {
        "vacancy_id": w["vacancy"],
        "candidate_id": w["ana"],
        "decision": "approved",
        "note": "Très bon profil",
        "reviewer": "Conseillère Tremblay",
        "at": None,
    }
    noted = _post(client, w["advisor"], path, {"note": "Appel prévu mardi"}).json()
    assert (noted["decision"], noted["note"]) == ("approved", "Appel prévu mardi")
    seen_by_advisor = _shortlist_entry(client, w["advisor"], w["vacancy"], w["ana"])["review"]
    assert (seen_by_advisor["decision"], seen_by_advisor["note"]) == ("approved", "Appel prévu mardi")
    assert seen_by_advisor["reviewer"] == "Conseillère Tremblay"
    seen_by_employer = _shortlist_entry(client, w["employer"], w["vacancy"], w["ana"])["review"]
    assert (seen_by_employer["decision"], seen_by_employer["note"], seen_by_employer["reviewer"]) == (
        "approved",
        "",
        "",
    )
    cleared = _post(client, w["advisor"], path, {"decision": None}).json()
    assert (cleared["decision"], cleared["note"]) == (None, "Appel prévu mardi")
    rejected = _post(client, w["advisor"], path, {"decision": "rejected"}).json()
    assert rejected["decision"] == "rejected"


def test_one_current_review_per_match_and_history_in_audit(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    w = _setup(client, make_user)
    _, colleague = make_user("advisor", regions=["02", "03"], name="Conseiller Roy")
    path = f"/api/v1/vacancies/{w['vacancy']}/reviews/{w['ana']}"
    _post(client, w["advisor"], path, {"decision": "approved"})
    second = _post(client, colleague, path, {"decision": "rejected", "note": "Français insuffisant"}).json()
    assert second["reviewer"] == "Conseiller Roy"
    with Session(services.engine) as session:
        reviews = session.exec(select(Review).where(Review.vacancy_id == w["vacancy"])).all()
    assert [(r.candidate_id, r.decision) for r in reviews] == [(w["ana"], "rejected")]
    params = {"action": "review.set", "object_type": "vacancy", "object_id": w["vacancy"]}
    audit = client.get("/api/v1/audit", params=params, headers=auth(w["admin"])).json()
    events = audit["data"]
    assert audit["count"] == len(events) == 2
    history = [e["detail"] for e in reversed(events)]
    assert {h["candidate_id"] for h in history} == {w["ana"]}
    assert [(h["previous_decision"], h["decision"]) for h in history] == [(None, "approved"), ("approved", "rejected")]
    assert all(e["rule_set_id"] == "passerelle-2026" for e in events)


def test_review_of_unknown_candidate_or_vacancy_is_404(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user)
    unknown_candidate = _post(client, w["advisor"], f"/api/v1/vacancies/{w['vacancy']}/reviews/999999", {})
    assert unknown_candidate.status_code == 404
    assert unknown_candidate.json() == {"detail": "candidate 999999 not found", "code": "not_found"}
    assert _post(client, w["advisor"], f"/api/v1/vacancies/999999/reviews/{w['ana']}", {}).status_code == 404
    bad = _post(client, w["advisor"], f"/api/v1/vacancies/{w['vacancy']}/reviews/{w['ana']}", {"decision": "maybe"})
    assert bad.status_code == 422


def test_invitation_accepted_shares_contact_with_that_vacancy_only(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user)
    other_vacancy = _post(client, w["employer"], "/api/v1/vacancies", vacancy_body(title="Soudeur de nuit")).json()[
        "id"
    ]
    created = _post(
        client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["ana"]}
    )
    assert created.status_code == 201, created.text
    invitation = created.json()
    assert invitation["status"] == "pending" and invitation["decided_at"] is None
    assert invitation["vacancy_title"] == "Soudeur-assembleur" and invitation["message"] == ""
    assert "Ana" not in created.text and "ana@example.org" not in created.text
    pending = _shortlist_entry(client, w["employer"], w["vacancy"], w["ana"])
    assert pending["candidate"]["contact"] is None and pending["invitation"]["status"] == "pending"
    listed = client.get("/api/v1/invitations", headers=auth(w["ana_token"])).json()
    assert [i["id"] for i in listed["data"]] == [invitation["id"]] and listed["count"] == 1
    accepted = _post(client, w["ana_token"], f"/api/v1/invitations/{invitation['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["decided_at"] is not None
    entry = _shortlist_entry(client, w["employer"], w["vacancy"], w["ana"])
    assert entry["candidate"]["contact"] == {"name": "Ana Pérez", "email": "ana@example.org"}
    elsewhere = _shortlist_entry(client, w["employer"], other_vacancy, w["ana"])
    assert elsewhere["candidate"]["contact"] is None
    luis = _shortlist_entry(client, w["employer"], w["vacancy"], w["luis"])
    assert luis["candidate"]["contact"] is None


def test_declined_invitation_keeps_candidate_anonymous(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user)
    body = {"vacancy_id": w["vacancy"], "candidate_id": w["luis"], "message": "Seriez-vous disponible en mars ?"}
    invitation = _post(client, w["advisor"], "/api/v1/invitations", body).json()
    declined = _post(client, w["luis_token"], f"/api/v1/invitations/{invitation['id']}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    entry = _shortlist_entry(client, w["employer"], w["vacancy"], w["luis"])
    assert entry["candidate"]["contact"] is None and entry["invitation"]["status"] == "declined"
    again = _post(client, w["luis_token"], f"/api/v1/invitations/{invitation['id']}/accept")
    assert again.status_code == 409 and "already declined" in again.json()["detail"]


def test_duplicate_and_closed_vacancy_invitations_are_409(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user)
    body = {"vacancy_id": w["vacancy"], "candidate_id": w["ana"]}
    assert _post(client, w["employer"], "/api/v1/invitations", body).status_code == 201
    duplicate = _post(client, w["advisor"], "/api/v1/invitations", body)
    assert duplicate.status_code == 409 and "already invited" in duplicate.json()["detail"]
    _post(client, w["employer"], f"/api/v1/vacancies/{w['vacancy']}/close")
    closed = _post(
        client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["luis"]}
    )
    assert closed.status_code == 409 and "closed" in closed.json()["detail"]
    unknown = _post(client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": 99999})
    assert unknown.status_code == 404


def test_invitation_listing_per_role(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user, municipality="Rimouski", region="01")  # the only vacancy of region 01 here
    _, far_advisor = make_user("advisor", regions=["11"])
    _, other_employer = make_user("employer")
    first = _post(client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["ana"]})
    second = _post(client, w["advisor"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["luis"]})
    ids = {first.json()["id"], second.json()["id"]}

    def listed(token: str, **params: str) -> set[int]:
        body = client.get("/api/v1/invitations", params=params, headers=auth(token)).json()
        assert body["count"] == len(body["data"])
        return {i["id"] for i in body["data"]}

    assert listed(w["employer"]) == ids
    assert listed(w["advisor"]) == ids
    assert ids <= listed(w["admin"])
    assert listed(w["ana_token"]) == {first.json()["id"]}
    assert listed(far_advisor) == set() and listed(other_employer) == set()
    _post(client, w["ana_token"], f"/api/v1/invitations/{first.json()['id']}/accept")
    assert listed(w["employer"], status="accepted") == {first.json()["id"]}
    assert listed(w["employer"], status="pending") == {second.json()["id"]}


def test_fast_track_snapshot_follows_the_rule_set(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    w = _setup(client, make_user)
    receptionist = vacancy_body(
        title="Réceptionniste", description="Accueil de la clientèle.", occupation_codes=["14101"]
    )
    plain = _post(client, w["employer"], "/api/v1/vacancies", receptionist).json()["id"]
    _post(client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["ana"]})
    _post(client, w["employer"], "/api/v1/invitations", {"vacancy_id": plain, "candidate_id": w["luis"]})
    with Session(services.engine) as session:
        rows = {i.vacancy_id: i for i in session.exec(select(Invitation)).all()}
    assert rows[w["vacancy"]].fast_track is True  # welder (Déficit) and a welder
    assert rows[plain].fast_track is False  # receptionist (Équilibre)
    assert rows[w["vacancy"]].rule_set_id == "passerelle-2026"


def test_audit_records_workflow_without_personal_data(client: TestClient, make_user: MakeUser) -> None:
    w = _setup(client, make_user)
    _post(client, w["advisor"], f"/api/v1/vacancies/{w['vacancy']}/reviews/{w['ana']}", {"decision": "approved"})
    invitation = _post(
        client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["ana"]}
    ).json()
    _post(client, w["ana_token"], f"/api/v1/invitations/{invitation['id']}/accept")
    client.get(f"/api/v1/vacancies/{w['vacancy']}/shortlist", headers=auth(w["employer"]))
    response = client.get("/api/v1/audit", params={"limit": 3}, headers=auth(w["admin"]))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 4 and len(body["data"]) == 3
    full = client.get("/api/v1/audit", headers=auth(w["admin"])).json()["data"]
    actions = [(e["action"], e["actor_role"]) for e in reversed(full)]
    assert actions[-4:] == [
        ("review.set", "advisor"),
        ("invitation.create", "employer"),
        ("invitation.accept", "candidate"),
        ("shortlist.view", "employer"),
    ]
    assert all(e["rule_set_id"] == "passerelle-2026" and e["at"] for e in full[:4])
    assert "Ana" not in response.text and "ana@example.org" not in str(full)


def test_deleting_a_candidate_removes_its_reviews_and_invitations(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    w = _setup(client, make_user)
    _post(client, w["advisor"], f"/api/v1/vacancies/{w['vacancy']}/reviews/{w['ana']}", {"note": "à rappeler"})
    _post(client, w["employer"], "/api/v1/invitations", {"vacancy_id": w["vacancy"], "candidate_id": w["ana"]})
    assert client.delete(f"/api/v1/candidates/{w['ana']}", headers=auth(w["ana_token"])).status_code == 204
    with Session(services.engine) as session:
        assert session.exec(select(Review).where(Review.candidate_id == w["ana"])).all() == []
        assert session.exec(select(Invitation).where(Invitation.candidate_id == w["ana"])).all() == []
    assert client.get("/api/v1/invitations", headers=auth(w["employer"])).json()["count"] == 0


def test_concurrent_first_reviews_end_in_one_review(
    client: TestClient, make_user: MakeUser, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two advisors reviewing the same match at once: the loser of the insert race updates the winner's row."""
    w = _setup(client, make_user)
    with Session(services.engine) as session:  # the other advisor's review lands first
        session.add(Review(vacancy_id=w["vacancy"], candidate_id=w["ana"], reviewer_id=1, decision="rejected"))
        session.commit()
    real_get = workflow_reviews.get_review
    calls: list[int] = []

    def stale_get(session: Session, vacancy_id: int, candidate_id: int) -> Review | None:
        calls.append(1)
        return None if len(calls) == 1 else real_get(session, vacancy_id, candidate_id)

    monkeypatch.setattr(workflow_reviews, "get_review", stale_get)
    path = f"/api/v1/vacancies/{w['vacancy']}/reviews/{w['ana']}"
    response = _post(client, w["advisor"], path, {"note": "vu"})
    assert response.status_code == 200, response.text
    assert (response.json()["decision"], response.json()["note"]) == ("rejected", "vu")
    assert len(calls) == 2
    with Session(services.engine) as session:
        rows = session.exec(select(Review).where(Review.vacancy_id == w["vacancy"])).all()
    assert len(rows) == 1
