"""A person confirms or corrects occupation codes through the API; the search box; the warm-up state."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.components import BackgroundClassifier
from api.db.repository import SqlCandidateStore
from api.db.tables import CandidateOccupation, VacancyOccupation
from api.db.workflow_tables import AuditEvent
from api.deps import AppServices
from matching.models import CodeSource, OccupationCode
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import WELDER_CV, candidate_body, vacancy_body


class _Guess:
    """A classifier that guesses the armed forces for a welder, at 1 %, and the right code second."""

    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        guesses = [
            OccupationCode("44200", 0.01, CodeSource.CLASSIFIED),
            OccupationCode("72106", 0.008, CodeSource.CLASSIFIED),
            OccupationCode("72100", 0.3, CodeSource.CLASSIFIED),
        ]
        return guesses[:k]


def _candidate(client: TestClient, token: str, services: AppServices, **overrides: object) -> dict[str, Any]:
    services.occupations.classifier = _Guess()
    body = candidate_body(occupation_codes=None, regions_open=["02"], **overrides)
    response = client.post("/api/v1/candidates", json=body, headers=auth(token))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_low_confidence_guesses_are_stored_as_classified_and_not_preselected(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, token = make_user("candidate")
    created = _candidate(client, token, services)
    occupations = created["occupations"]
    assert isinstance(occupations, list)
    by_code = {o["code"]: o for o in occupations}
    assert by_code["44200"]["source"] == "classified" and by_code["44200"]["confidence"] == 0.01
    assert by_code["44200"]["preselected"] is False  # below occupation_preselect_confidence (0.5)


def test_the_candidate_confirms_its_own_codes(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    user, token = make_user("candidate")
    created = _candidate(client, token, services)
    cid = created["id"]
    response = client.put(f"/api/v1/candidates/{cid}/occupations", json={"codes": ["72106"]}, headers=auth(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["action"] == "confirm"
    assert [(o["code"], o["source"], o["preselected"]) for o in body["occupations"]] == [("72106", "confirmed", True)]
    assert body["occupations"][0]["confidence"] == 0.008  # the classifier's figure is kept for the record
    with Session(services.engine) as session:
        links = session.exec(select(CandidateOccupation).where(CandidateOccupation.candidate_id == cid)).all()
        assert [(link.code, link.confirmed_by) for link in links] == [("72106", user.id)]
        assert links[0].confirmed_at is not None
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "occupation.confirm")).one()
        assert event.detail == {"before": ["44200", "72106", "72100"], "after": ["72106"]}
    # the matching service reads the confirmed code, counted fully
    candidate = SqlCandidateStore(services.engine).get_many([cid])[cid]
    assert [(o.code, o.weight) for o in candidate.occupations] == [("72106", 1.0)]


def test_a_new_resume_keeps_the_confirmed_codes(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    _, token = make_user("candidate")
    cid = _candidate(client, token, services)["id"]
    client.put(f"/api/v1/candidates/{cid}/occupations", json={"codes": ["72106"]}, headers=auth(token))
    files = {"file": ("cv.txt", WELDER_CV.encode(), "text/plain")}
    upload = client.post(f"/api/v1/candidates/{cid}/resume", files=files, headers=auth(token))
    assert upload.status_code == 200, upload.text
    assert [(o["code"], o["source"]) for o in upload.json()["occupations"]] == [("72106", "confirmed")]
    patched = client.patch(
        f"/api/v1/candidates/{cid}", json={"text": WELDER_CV + " Chef d'équipe."}, headers=auth(token)
    )
    assert [(o["code"], o["source"]) for o in patched.json()["occupations"]] == [("72106", "confirmed")]


def test_an_advisor_corrects_a_candidate_in_its_regions_only(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    _, token = make_user("candidate")
    cid = _candidate(client, token, services)["id"]
    advisor, advisor_token = make_user("advisor", regions=["02"])
    _, elsewhere = make_user("advisor", regions=["06"])
    url = f"/api/v1/candidates/{cid}/occupations"
    assert client.put(url, json={"codes": ["72106"]}, headers=auth(elsewhere)).status_code == 404
    response = client.put(url, json={"codes": ["72106", "72100"]}, headers=auth(advisor_token))
    assert response.status_code == 200 and response.json()["action"] == "correct"
    with Session(services.engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "occupation.correct")).one()
        assert (event.actor_id, event.object_type, event.object_id) == (advisor.id, "candidate", cid)


def test_other_people_cannot_confirm(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    _, token = make_user("candidate")
    cid = _candidate(client, token, services)["id"]
    _, other = make_user("candidate")
    _, employer = make_user("employer")
    url = f"/api/v1/candidates/{cid}/occupations"
    assert client.put(url, json={"codes": ["72106"]}, headers=auth(other)).status_code == 404
    assert client.put(url, json={"codes": ["72106"]}, headers=auth(employer)).status_code == 403


def test_bad_codes_are_clear_4xx(client: TestClient, make_user: MakeUser, services: AppServices) -> None:
    _, token = make_user("candidate")
    cid = _candidate(client, token, services)["id"]
    url = f"/api/v1/candidates/{cid}/occupations"
    assert client.put(url, json={"codes": ["99999"]}, headers=auth(token)).status_code in {404, 422}
    assert client.put(url, json={"codes": []}, headers=auth(token)).status_code == 422
    assert client.put(url, json={"codes": ["1" * 5000]}, headers=auth(token)).status_code == 422


def test_the_employer_confirms_and_an_advisor_corrects_a_vacancy(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    services.occupations.classifier = _Guess()
    employer, token = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(occupation_codes=None), headers=auth(token)).json()
    vid = created["id"]
    assert created["fast_track"] is False  # the welding code was only a 0.8 % guess
    url = f"/api/v1/vacancies/{vid}/occupations"
    confirmed = client.put(url, json={"codes": ["72106"]}, headers=auth(token))
    assert confirmed.status_code == 200 and confirmed.json()["action"] == "confirm"
    vacancy = client.get(f"/api/v1/vacancies/{vid}", headers=auth(token)).json()
    assert vacancy["fast_track"] is True  # 72106 is in shortage: the confirmed code counts
    _, other_employer = make_user("employer")
    assert client.put(url, json={"codes": ["72100"]}, headers=auth(other_employer)).status_code == 404
    _, elsewhere = make_user("advisor", regions=["06"])
    assert client.put(url, json={"codes": ["72100"]}, headers=auth(elsewhere)).status_code == 404
    advisor, advisor_token = make_user("advisor", regions=["02"])
    corrected = client.put(url, json={"codes": ["72100"]}, headers=auth(advisor_token))
    assert corrected.status_code == 200 and corrected.json()["action"] == "correct"
    with Session(services.engine) as session:
        links = session.exec(select(VacancyOccupation).where(VacancyOccupation.vacancy_id == vid)).all()
        assert [(link.code, link.source, link.confirmed_by) for link in links] == [("72100", "confirmed", advisor.id)]
    assert employer.id is not None


def test_search_finds_titles_in_three_languages_without_accents(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("employer")

    def codes(q: str, lang: str) -> list[str]:
        response = client.get("/api/v1/occupations/search", params={"q": q, "lang": lang}, headers=auth(token))
        assert response.status_code == 200, response.text
        return [hit["code"] for hit in response.json()["data"]]

    assert codes("soudeur", "fr")[0] == "72106"
    assert "72106" in codes("soldador", "es")
    assert "31301" in codes("infirmiere", "fr")
    assert "31301" in codes("registered nurse", "en")
    assert codes("72106", "fr") == ["72106"]
    found = client.get("/api/v1/occupations/search", params={"q": "soud"}, headers=auth(token)).json()["data"][0]
    assert found["title_fr"].startswith("Soudeurs") and found["title_en"].startswith("Welders")
    assert client.get("/api/v1/occupations/search", params={"q": "x" * 101}, headers=auth(token)).status_code == 422
    assert client.get("/api/v1/occupations/search", params={"q": "soud"}).status_code == 401


def _slow_classifier(release: threading.Event) -> Callable[[], _Guess]:
    def load() -> _Guess:
        release.wait(30)
        return _Guess()

    return load


def test_while_the_classifier_warms_up_records_are_still_saved(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    release = threading.Event()
    services.occupations.classifier = BackgroundClassifier(_slow_classifier(release), wait_seconds=10)
    try:
        _, token = make_user("candidate")
        status = client.get("/api/v1/status", headers=auth(token)).json()
        assert status == {"ready": False, "classifier": "warming"}
        body = candidate_body(occupation_codes=None)
        created = client.post("/api/v1/candidates", json=body, headers=auth(token))
        assert created.status_code == 201 and created.json()["occupations"] == []  # codes can be added later
        _, employer = make_user("employer")
        posted = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer))
        assert posted.status_code == 201 and posted.json()["occupations"][0]["code"] == "72106"
        suggest = client.get("/api/v1/occupations/suggest", params={"q": "soudeur"}, headers=auth(employer))
        assert suggest.status_code == 503 and "warming up" in suggest.json()["detail"]
        cid = created.json()["id"]
        picked = client.put(f"/api/v1/candidates/{cid}/occupations", json={"codes": ["72106"]}, headers=auth(token))
        assert picked.status_code == 200
    finally:
        release.set()
