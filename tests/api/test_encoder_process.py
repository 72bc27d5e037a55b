"""The server's default: its index worker encodes in a child process (``index_encoder_process``), so encoding never
holds the request threads' GIL. A write is encoded there and found by a read; a killed child is replaced; stopping
the app ends the child. (The child itself: ``tests/embeddings/test_encoder_process.py``.)"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.app import create_app
from api.auth import Role, create_user
from api.db.migrate import migrate
from api.deps import AppServices, build_service
from api.settings import Settings
from embeddings.encoder_process import ProcessEmbedder
from tests.api.conftest import MakeUser, auth, hold_encoding, make_settings
from tests.api.payloads import candidate_body, vacancy_body


@pytest.fixture
def api_settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path / "var", database_url, index_encoder_process=True)


def _child(services: AppServices) -> ProcessEmbedder:
    encoder = services.sync._embedder
    assert isinstance(encoder, ProcessEmbedder)
    return encoder


def _shortlisted(client: TestClient, employer: str, vacancy: int) -> list[int]:
    shortlist = client.get(f"/api/v1/vacancies/{vacancy}/shortlist", headers=auth(employer))
    assert shortlist.status_code == 200, shortlist.text
    return [entry["candidate_id"] for entry in shortlist.json()["data"]]


def test_the_index_worker_encodes_in_its_own_process(
    client: TestClient, services: AppServices, make_user: MakeUser
) -> None:
    child = _child(services)
    _, employer = make_user("employer")
    vacancy = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    _, candidate = make_user("candidate")
    posted = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(candidate))
    assert posted.status_code == 201, posted.text
    assert child.pid is not None and child.pid != os.getpid()
    assert _shortlisted(client, employer, vacancy) == [posted.json()["id"]]
    # the stored vector is the one the request threads' embedder would make
    assert services.sync._embedder is not services.embedder
    text = candidate_body()["text"]
    assert np.allclose(child.encode_documents([text]), services.embedder.encode_documents([text]))


def test_a_killed_encoder_process_is_replaced(client: TestClient, services: AppServices, make_user: MakeUser) -> None:
    child = _child(services)
    _, employer = make_user("employer")
    vacancy = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
    first = child.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    _, candidate = make_user("candidate")
    posted = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(candidate))
    assert posted.status_code == 201, posted.text
    assert _shortlisted(client, employer, vacancy) == [posted.json()["id"]]
    assert child.pid not in (None, first)


def test_stopping_the_app_ends_the_encoder_process(api_settings: Settings) -> None:
    with TestClient(create_app(api_settings)) as client:
        services: AppServices = client.app.state.services  # type: ignore[attr-defined]
        assert services.worker.wait_ready(60)
        with Session(services.engine, expire_on_commit=False) as session:
            _, employer = create_user(session, Role.EMPLOYER, name="employer test")
        created = client.post("/api/v1/vacancies", json=vacancy_body(), headers=auth(employer))
        assert created.status_code == 201, created.text
        assert services.worker.wait_applied(int(created.headers["X-Change-Id"]), 30)
        child = _child(services)
        pid = child.pid
        assert pid is not None and Path(f"/proc/{pid}").exists()
    assert child.pid is None
    assert _ended(pid)


def _ended(pid: int) -> bool:
    """Whether the process has ended (a zombie not yet reaped counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_the_replica_is_ready_only_once_its_encoder_has_loaded(
    api_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Otherwise the first writes after start wait for the model's load (the index lag's whole tail under load)."""
    settings = api_settings.model_copy(update={"index_encoder_process": False})
    migrate(settings.database_url)
    services = build_service(settings)
    loaded = hold_encoding(services, monkeypatch)  # the model "loads" until the event is set
    services.worker.start()
    try:
        assert not services.worker.wait_ready(1.0)
        loaded.set()
        assert services.worker.wait_ready(20)
    finally:
        loaded.set()
        services.worker.stop()
        services.engine.dispose()
