"""The write path and serving: writes never wait for the index, reads never wait for writes, read-your-writes with
``?after=<change id>``, one connection per request, uploads off the event loop, stored vectors reused."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from api.db.vectors import query_vector, text_sha
from api.deps import AppServices
from api.settings import Settings
from tests.api.conftest import MakeUser, auth, make_settings
from tests.api.payloads import NURSE_CV, WELDER_CV, candidate_body, vacancy_body


@pytest.fixture
def api_settings(tmp_path: Path, database_url: str) -> Settings:
    """Writes answer at commit (no wait for the index); a read waits at most 1 s for ``?after``."""
    return make_settings(tmp_path / "var", database_url, write_wait_seconds=0.0, read_wait_seconds=1.0)


def _change(response: Any) -> int:
    assert response.status_code in (200, 201, 204), response.text
    return int(response.headers["X-Change-Id"])


def _shortlist(client: TestClient, vacancy: int, token: str, after: int | None = None) -> Any:
    query = f"?after={after}" if after is not None else ""
    return client.get(f"/api/v1/vacancies/{vacancy}/shortlist{query}", headers=auth(token))


def test_a_write_answers_at_commit_and_reads_do_not_wait_for_the_index(
    client: TestClient, make_user: MakeUser, blocked_encoder: threading.Event
) -> None:
    _, employer = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer))
    vid, first = created.json()["id"], _change(created)
    _, token = make_user("candidate")
    response = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    change = _change(response)  # answered while the worker is stuck encoding: the request did not embed
    assert change > first
    now = _shortlist(client, vid, employer)  # a read does not wait for the pending write
    assert now.status_code == 200 and now.json()["count"] == 0
    late = _shortlist(client, vid, employer, after=change)
    assert late.status_code == 503 and "has not applied change" in late.json()["detail"]
    assert late.headers["Retry-After"] == "1"
    blocked_encoder.set()
    seen = _shortlist(client, vid, employer, after=change)
    assert seen.status_code == 200, seen.text
    assert [e["candidate_id"] for e in seen.json()["data"]] == [response.json()["id"]]


def test_every_write_answers_with_increasing_change_ids_and_matches_read_them(
    client: TestClient, make_user: MakeUser
) -> None:
    _, employer = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer))
    vid = created.json()["id"]
    changes = [_change(created)]
    changes.append(_change(client.patch(f"/api/v1/vacancies/{vid}", json={"positions": 3}, headers=auth(employer))))
    _, token = make_user("candidate")
    posted = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    cid = posted.json()["id"]
    changes.append(_change(posted))
    matches = client.get(f"/api/v1/candidates/{cid}/matches?after={changes[-1]}", headers=auth(token))
    assert [m["vacancy_id"] for m in matches.json()["data"]] == [vid]
    changes.append(_change(client.post(f"/api/v1/vacancies/{vid}/close", headers=auth(employer))))
    matches = client.get(f"/api/v1/candidates/{cid}/matches?after={changes[-1]}", headers=auth(token))
    assert matches.json()["data"] == []  # the close is applied before the answer
    changes.append(_change(client.delete(f"/api/v1/candidates/{cid}", headers=auth(token))))
    assert changes == sorted(changes) and len(set(changes)) == len(changes)


def test_readyz_reports_the_replica_and_healthz_is_liveness(client: TestClient) -> None:
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_request_holds_one_database_connection(
    client: TestClient, services: AppServices, make_user: MakeUser
) -> None:
    _, employer = make_user("employer")
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    tokens = []
    for text in (WELDER_CV, NURSE_CV):
        _, token = make_user("candidate")
        tokens.append(token)
        posted = client.post("/api/v1/candidates", json=candidate_body(text=text), headers=auth(token))
        last, cid = _change(posted), posted.json()["id"]
    held: dict[int, int] = defaultdict(int)
    most: dict[int, int] = defaultdict(int)

    def checkout(*_: object) -> None:
        me = threading.get_ident()
        held[me] += 1
        most[me] = max(most[me], held[me])

    def checkin(*_: object) -> None:
        held[threading.get_ident()] -= 1

    event.listen(services.engine, "checkout", checkout)
    event.listen(services.engine, "checkin", checkin)
    try:
        assert _shortlist(client, vid, employer, after=last).status_code == 200
        assert client.get(f"/api/v1/candidates/{cid}/matches", headers=auth(tokens[-1])).status_code == 200
    finally:
        event.remove(services.engine, "checkout", checkout)
        event.remove(services.engine, "checkin", checkin)
    assert most and max(most.values()) == 1, dict(most)


def test_a_stored_vacancy_and_candidate_are_not_encoded_again(
    client: TestClient, services: AppServices, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, employer = make_user("employer")
    vid = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    _, token = make_user("candidate")
    posted = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    cid, change = posted.json()["id"], _change(posted)
    assert _shortlist(client, vid, employer, after=change).status_code == 200
    calls: list[int] = []
    real = services.embedder.encode_queries
    monkeypatch.setattr(services.embedder, "encode_queries", lambda texts: calls.append(len(texts)) or real(texts))
    shortlist = _shortlist(client, vid, employer)
    matches = client.get(f"/api/v1/candidates/{cid}/matches", headers=auth(token))
    assert shortlist.json()["data"][0]["candidate_id"] == cid
    assert matches.json()["data"][0]["vacancy_id"] == vid
    assert calls == []
    edited = client.patch(f"/api/v1/vacancies/{vid}", json={"title": "Soudeur de nuit"}, headers=auth(employer))
    assert _shortlist(client, vid, employer, after=_change(edited)).status_code == 200
    assert calls == []  # the new text's vector, stored by the worker
    with Session(services.engine) as session:
        old = text_sha(services.sync.vector_fingerprint, f"Soudeur-assembleur\n{vacancy_body()['description']}")
        assert query_vector(session, "vacancies", vid, old) is None  # a vector of the old text is never used


def test_the_upload_runs_off_the_event_loop(
    client: TestClient, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.routes import _resume

    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()["id"]
    inside, release = threading.Event(), threading.Event()
    real = _resume.extract

    def slow(*args: Any) -> str:
        inside.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(_resume, "extract", slow)
    results: list[int] = []

    def upload() -> None:
        files = {"file": ("cv.txt", WELDER_CV.encode(), "text/plain")}
        results.append(client.post(f"/api/v1/candidates/{cid}/resume", files=files, headers=auth(token)).status_code)

    thread = threading.Thread(target=upload)
    thread.start()
    assert inside.wait(10)
    started = time.monotonic()
    assert client.get("/healthz").status_code == 200  # the event loop is free while the file is read
    assert not release.is_set() and time.monotonic() - started < 5
    release.set()
    thread.join(20)
    assert results == [200]
