"""A read told to wait for a change (``?after=``) waits on the event loop: with a single request thread, other
requests are answered meanwhile, and the read answers as soon as the change is applied. And the server as it runs
by default: start-up objects frozen out of the garbage collector while the app runs, unfrozen when it stops."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.deps import AppServices
from api.settings import Settings
from tests.api.conftest import MakeUser, auth, make_settings
from tests.api.payloads import candidate_body, vacancy_body


@pytest.fixture
def api_settings(tmp_path: Path, database_url: str) -> Settings:
    """One request thread; writes answer at commit; a read waits at most 8 s for ``?after``; start-up objects
    frozen (the server's default, off in other tests)."""
    return make_settings(
        tmp_path / "var",
        database_url,
        server_threads=1,
        write_wait_seconds=0.0,
        read_wait_seconds=8.0,
        gc_freeze=True,
    )


def test_a_waiting_read_holds_no_request_thread(
    client: TestClient, make_user: MakeUser, blocked_encoder: threading.Event
) -> None:
    _, employer = make_user("employer")
    created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer))
    vacancy = created.json()["id"]
    _, candidate = make_user("candidate")
    posted = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(candidate))
    change = int(posted.headers["X-Change-Id"])  # not applied: the worker is held in its encoder
    answers: dict[str, Any] = {}

    def wait_for_the_change() -> None:
        url = f"/api/v1/vacancies/{vacancy}/shortlist?after={change}"
        answers["shortlist"] = client.get(url, headers=auth(employer))
        answers["at"] = time.monotonic()

    waiting = threading.Thread(target=wait_for_the_change)
    waiting.start()
    time.sleep(0.5)
    assert waiting.is_alive()  # it waits for the change
    started = time.monotonic()
    for _ in range(5):  # the only request thread is free: these are answered at once
        assert client.get("/api/v1/me", headers=auth(employer)).status_code == 200
        plain = client.get(f"/api/v1/vacancies/{vacancy}/shortlist", headers=auth(employer))
        assert plain.status_code == 200 and plain.json()["count"] == 0
    assert time.monotonic() - started < 4
    assert waiting.is_alive()
    released = time.monotonic()
    blocked_encoder.set()
    waiting.join(10)
    shortlist = answers["shortlist"]
    assert shortlist.status_code == 200, shortlist.text
    assert [e["candidate_id"] for e in shortlist.json()["data"]] == [posted.json()["id"]]
    assert answers["at"] - released < 3


def test_a_change_not_applied_in_time_gets_a_503_that_says_so(
    client: TestClient, make_user: MakeUser, blocked_encoder: threading.Event, services: AppServices
) -> None:
    services.settings.read_wait_seconds = 0.3
    _, token = make_user("candidate")
    posted = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    change, candidate = int(posted.headers["X-Change-Id"]), posted.json()["id"]
    started = time.monotonic()
    late = client.get(f"/api/v1/candidates/{candidate}/matches?after={change}", headers=auth(token))
    assert late.status_code == 503 and "has not applied change" in late.json()["detail"]
    assert time.monotonic() - started < 3  # the wait was the dependency's alone, not again in the service


def test_start_up_objects_are_frozen_while_the_app_runs_and_released_when_it_stops(app: FastAPI) -> None:
    assert gc.get_freeze_count() == 0
    with TestClient(app) as client:
        assert gc.get_freeze_count() > 10_000  # the models, taxonomy and rows built at start
        assert client.get("/healthz").status_code == 200
    assert gc.get_freeze_count() == 0
