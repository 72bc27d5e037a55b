"""Privacy: the export and the erasure cover every table that holds a candidate's data, and no API answer gives an
employer a candidate's country, status or contact details before the candidate accepts an invitation."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import SQLModel

from api.deps import AppServices
from api.privacy import NOT_PERSONAL, candidate_tables
from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body, show_shortlist, vacancy_body

SECRETS = ("Ana Pérez", "ana.secret@example.org", "GT", "Guatemala", "temporary_worker")
# How the candidate's status reads in prose, in rule reasons for instance ("the candidate is a temporary worker").
STATUS_WORDS = ("temporary worker", "travailleur temporaire", "travailleur·euse temporaire", "trabajador temporal")
LANGUAGES = ("fr", "en", "es")
# Answers about no one (how ranking works, the rules in force) may name statuses in general.
ABOUT_NO_ONE = ("/api/v1/ranking-notice",)


def test_every_table_is_either_erased_and_exported_or_says_why_it_stays() -> None:
    names = {t.name for t in SQLModel.metadata.sorted_tables}
    by_candidate = {t.name for t in candidate_tables()}
    assert {"candidate_occupation", "review", "invitation", "interest"} <= by_candidate
    unclassified = names - by_candidate - NOT_PERSONAL.keys()
    assert not unclassified, (
        f"tables neither erased/exported by candidate_id nor listed in NOT_PERSONAL: {unclassified}"
    )
    assert not by_candidate & NOT_PERSONAL.keys()


def _file(client: TestClient, make_user: MakeUser) -> dict[str, Any]:
    _, employer = make_user("employer")
    _, advisor = make_user("advisor", regions=["02"], name="Julie Conseillère")
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    _, token = make_user("candidate")
    body = candidate_body(name="Ana Pérez", email="ana.secret@example.org", country="Guatemala")
    cid = client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"]
    review = {"decision": "approved", "note": "profil solide"}
    assert client.post(f"/api/v1/vacancies/{vid}/reviews/{cid}", json=review, headers=auth(advisor)).status_code == 200
    assert client.post(f"/api/v1/vacancies/{vid}/interest", headers=auth(token)).status_code == 201
    client.get(f"/api/v1/vacancies/{vid}/shortlist", headers=auth(employer))  # an employer invites whom it was shown
    invitation = {"vacancy_id": vid, "candidate_id": cid, "message": "Bonjour"}
    assert cid in show_shortlist(client, employer, vid)  # an employer invites whom a shortlist showed
    sent = client.post("/api/v1/invitations", json=invitation, headers=auth(employer))
    assert sent.status_code == 201, sent.text
    _outcomes(client, employer, token, cid)
    return {
        "employer": employer,
        "advisor": advisor,
        "token": token,
        "vacancy": vid,
        "candidate": cid,
        "inv": sent.json()["id"],
    }


def _outcomes(client: TestClient, employer: str, token: str, cid: int) -> None:
    """A second vacancy's offer accepted, an arrival, a follow-up, a self-identification and a review request."""
    other = client.post("/api/v1/vacancies", json=vacancy_body(title="Soudeur 2"), headers=auth(employer)).json()["id"]
    client.get(f"/api/v1/vacancies/{other}/shortlist?limit=200", headers=auth(employer))  # whom it may invite
    inv = client.post("/api/v1/invitations", json={"vacancy_id": other, "candidate_id": cid}, headers=auth(employer))
    assert client.post(f"/api/v1/invitations/{inv.json()['id']}/accept", headers=auth(token)).status_code == 200
    offer = client.post(f"/api/v1/invitations/{inv.json()['id']}/offer", headers=auth(employer))
    assert offer.status_code == 201, offer.text
    arrival = {"arrived_on": (date.today() - timedelta(days=200)).isoformat(), "municipality": "Saguenay"}
    assert client.put(f"/api/v1/candidates/{cid}/arrival", json=arrival, headers=auth(token)).status_code == 200
    follow = {"seen_on": date.today().isoformat(), "living_there": True, "working_there": True, "municipality": "Alma"}
    assert client.put(f"/api/v1/candidates/{cid}/follow-ups/6", json=follow, headers=auth(token)).status_code == 200
    gender = client.put(f"/api/v1/candidates/{cid}/self-identification", json={"gender": "woman"}, headers=auth(token))
    assert gender.status_code == 200
    ask = client.post("/api/v1/review-requests", json={"message": "Revoir ?"}, headers=auth(token))
    assert ask.status_code == 201


def _count(services: AppServices, table: str, candidate_id: int) -> int:
    with services.engine.connect() as connection:
        return int(
            connection.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE candidate_id = :c'), {"c": candidate_id}
            ).scalar_one()
        )


def test_export_then_erasure_cover_every_candidate_table(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    w = _file(client, make_user)
    cid = w["candidate"]
    export = client.get(f"/api/v1/candidates/{cid}/export", headers=auth(w["token"])).json()
    assert set(export["held"]) == {t.name for t in candidate_tables()}  # every table, also those empty for this file
    for table in candidate_tables():
        assert len(export["held"][table.name]) == _count(services, table.name, cid), table.name
    for name in ("candidate_occupation", "review", "invitation", "interest"):
        assert export["held"][name], f"{name}: the export misses the candidate's rows"
    assert export["reviews"][0]["note"] == "profil solide" and export["interests"][0]["vacancy_id"] == w["vacancy"]
    assert "Julie" not in json.dumps(export)  # the advisor's name is someone else's data
    assert export["profile"]["country"] == "GT"
    assert "interest.create" in {e["action"] for e in export["audit"]}  # done by the account

    assert client.delete(f"/api/v1/candidates/{cid}", headers=auth(w["token"])).status_code == 204
    for table in candidate_tables():
        assert _count(services, table.name, cid) == 0, f"{table.name} still holds rows of the erased candidate"
    with services.engine.connect() as connection:
        audit = json.dumps([list(r) for r in connection.execute(text("SELECT * FROM audit_event")).all()], default=str)
        changes = [list(r) for r in connection.execute(text("SELECT * FROM index_change")).all()]
    assert "Ana" not in audit and "ana.secret" not in audit
    assert all(len(r) == 4 for r in changes)  # seq, side, record id, time: nothing about the person
    assert client.get(f"/api/v1/vacancies/{w['vacancy']}/shortlist", headers=auth(w["employer"])).json()["count"] >= 0


def _employer_get_paths(client: TestClient, w: dict[str, Any]) -> list[str]:
    """Every GET route of the API, its path parameters filled with the file's ids, the shortlist also with its
    why-not explanations. A route with a parameter this test does not know fails it: add the parameter here."""
    import re

    values = {"vacancy_id": w["vacancy"], "candidate_id": w["candidate"], "invitation_id": w["inv"]}
    values |= {"months": 6, "offer_id": w["inv"], "user_id": w["candidate"], "token_id": 1}
    paths: list[str] = []
    for path, operations in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        if "get" not in operations or not path.startswith("/api/"):
            continue
        names = re.findall(r"{(\w+)}", path)
        unknown = [n for n in names if n not in values]
        assert not unknown, f"{path}: no value for {unknown} in this test"
        paths.append(path.format(**{n: values[n] for n in names}))
    paths.append(f"/api/v1/vacancies/{w['vacancy']}/shortlist?explain=why_not&limit=200")
    return paths


def test_no_api_answer_gives_an_employer_country_status_or_contact_before_acceptance(
    client: TestClient, make_user: MakeUser
) -> None:
    w = _file(client, make_user)
    employer = auth(w["employer"])
    paths = _employer_get_paths(client, w)
    assert len(paths) >= 20, paths  # the enumeration did find the API's routes
    answers = []
    for path in paths:
        for lang in LANGUAGES:
            response = client.get(path, headers=employer | {"Accept-Language": lang})
            assert response.status_code < 500, f"{path}: {response.status_code} {response.text[:200]}"
            answers.append(response)
            text = response.text
            for secret in SECRETS:
                assert secret not in text, f"{path} ({lang}): {secret!r}"
            lowered = "" if path in ABOUT_NO_ONE else text.lower()
            for words in STATUS_WORDS:
                assert words not in lowered, f"{path} ({lang}) tells the status: {words!r}"
            assert '"country"' not in text and '"status":"temporary' not in text, path
    shortlists = [a for a in answers if a.request.url.path.endswith(f"/vacancies/{w['vacancy']}/shortlist")]
    assert shortlists and all(a.status_code == 200 for a in shortlists)
    answers = shortlists
    entry = answers[0].json()["data"][0]
    assert entry["candidate"]["contact"] is None and entry["interested"] is True

    assert client.post(f"/api/v1/invitations/{w['inv']}/accept", headers=auth(w["token"])).status_code == 200
    after = client.get(f"/api/v1/vacancies/{w['vacancy']}/shortlist", headers=employer)
    contact = after.json()["data"][0]["candidate"]["contact"]
    assert contact == {"name": "Ana Pérez", "email": "ana.secret@example.org"}  # shared once accepted
    assert "Guatemala" not in after.text and '"country"' not in after.text and "temporary_worker" not in after.text


def test_mail_and_sign_in_attempts_to_the_person_are_exported_and_erased(
    client: TestClient, make_user: MakeUser, services: AppServices
) -> None:
    from sqlmodel import Session

    from api.db.account_tables import OutboxMessage, SigninAttempt

    _, token = make_user("candidate")
    body = candidate_body(name="Ana Pérez", email="Ana.Mail@example.org")
    cid = client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"]
    with Session(services.engine) as session:
        session.add(
            OutboxMessage(
                recipient="ana.mail@example.org",
                template="invitation",
                language="es",
                subject="Nueva invitación: Soudeur",
                body_text="Hola Ana",
            )
        )
        session.add(
            OutboxMessage(
                recipient="someone.else@example.org",
                template="invitation",
                language="fr",
                subject="Nouvelle invitation",
                body_text="Bonjour",
            )
        )
        session.add(SigninAttempt(email="ana.mail@example.org", ip="203.0.113.7"))
        session.commit()
    export = client.get(f"/api/v1/candidates/{cid}/export", headers=auth(token)).json()
    assert [m["subject"] for m in export["mail"]] == ["Nueva invitación: Soudeur"]
    assert client.delete(f"/api/v1/candidates/{cid}", headers=auth(token)).status_code == 204
    with services.engine.connect() as connection:
        left = connection.execute(text("SELECT recipient FROM outbox")).scalars().all()
        attempts = connection.execute(text("SELECT count(*) FROM signin_attempt")).scalar_one()
    assert left == ["someone.else@example.org"] and attempts == 0
