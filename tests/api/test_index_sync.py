"""The database is the source of truth: saved indexes are reloaded, caught up, or rebuilt at start."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.app import create_app
from api.auth import Role, create_user
from api.db.repository import record_change
from api.db.tables import CandidateRow
from api.deps import AppServices
from api.settings import Settings
from tests.api.conftest import auth
from tests.api.payloads import candidate_body


def _start(settings: Settings) -> TestClient:
    return TestClient(create_app(settings))


def _seed(client: TestClient, n: int) -> list[int]:
    services: AppServices = client.app.state.services  # type: ignore[attr-defined]
    ids = []
    for i in range(n):
        with Session(services.engine) as session:
            _, token = create_user(session, Role.CANDIDATE, name=f"c{i}")
        body = candidate_body(name=f"Personne {i}", email=f"p{i}@example.org", text=f"Soudeur numéro {i} MIG TIG")
        ids.append(client.post("/api/v1/candidates", json=body, headers=auth(token)).json()["id"])
    return ids


def _status(client: TestClient) -> tuple[int, bool]:
    services: AppServices = client.app.state.services  # type: ignore[attr-defined]
    status = services.sync.status("candidates")
    return status.indexed, status.in_sync


def test_restart_reloads_the_saved_index(api_settings: Settings) -> None:
    with _start(api_settings) as client:
        ids = _seed(client, 4)
    assert (api_settings.index_dir / "candidates.idx").exists()
    with _start(api_settings) as client:
        assert _status(client) == (4, True)
        index = client.app.state.services.sync.index("candidates")  # type: ignore[attr-defined]
        assert all(i in index for i in ids)


def test_missing_or_corrupt_index_is_rebuilt(api_settings: Settings) -> None:
    with _start(api_settings) as client:
        _seed(client, 3)
    (api_settings.index_dir / "candidates.idx").unlink()
    with _start(api_settings) as client:
        assert _status(client) == (3, True)
    (api_settings.index_dir / "candidates.idx").write_bytes(b"not an index")
    with _start(api_settings) as client:
        assert _status(client) == (3, True)


def test_changes_after_the_watermark_are_replayed(api_settings: Settings) -> None:
    with _start(api_settings) as client:
        ids = _seed(client, 3)
        services: AppServices = client.app.state.services  # type: ignore[attr-defined]
        engine = services.engine
        with Session(engine) as session:  # committed, but the process "dies" before indexing it
            user, _ = create_user(session, Role.CANDIDATE, name="late")
            assert user.id is not None
            row = CandidateRow(user_id=user.id, name="Late", email="late@example.org", text="Boulanger pâtissier")
            session.add(row)
            session.flush()
            assert row.id is not None
            late = row.id
            gone = session.get(CandidateRow, ids[0])
            session.delete(gone)
            record_change(session, "candidates", late)
            record_change(session, "candidates", ids[0])
            session.commit()
        assert _status(client) == (3, False)
        services.sync.save_all = lambda: None  # type: ignore[method-assign]
    with _start(api_settings) as client:
        index = client.app.state.services.sync.index("candidates")  # type: ignore[attr-defined]
        assert late in index and ids[0] not in index
        assert _status(client) == (3, True)


def test_index_from_another_embedder_is_rebuilt(api_settings: Settings) -> None:
    with _start(api_settings) as client:
        _seed(client, 2)
    meta_path = api_settings.index_dir / "candidates.json"
    meta = json.loads(meta_path.read_text())
    meta["fingerprint"] = "SomeOtherModel:512"
    meta_path.write_text(json.dumps(meta))
    with _start(api_settings) as client:
        assert _status(client) == (2, True)
    assert json.loads(meta_path.read_text())["fingerprint"] != "SomeOtherModel:512"


def test_saving_prunes_the_change_log(api_settings: Settings) -> None:
    from sqlmodel import select

    from api.db.tables import IndexChange

    with _start(api_settings) as client:
        ids = _seed(client, 5)
        services: AppServices = client.app.state.services  # type: ignore[attr-defined]
    with Session(services.engine) as session:
        left = session.exec(select(IndexChange).where(IndexChange.side == "candidates")).all()
    assert len(left) == 1
    with _start(api_settings) as client:
        assert _status(client) == (5, True)
        index = client.app.state.services.sync.index("candidates")  # type: ignore[attr-defined]
        assert all(i in index for i in ids)
