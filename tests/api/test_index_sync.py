"""The database is the source of truth: saved indexes are reloaded, caught up, or rebuilt at start."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def _start(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        assert client.app.state.services.worker.wait_ready(60)  # type: ignore[attr-defined]
        yield client


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


def _late_changes(settings: Settings, deleted: int) -> int:
    """Commit, outside the server, a new candidate and the deletion of another, with their change rows."""
    from api.db.session import make_engine

    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        user, _ = create_user(session, Role.CANDIDATE, name="late")
        assert user.id is not None
        row = CandidateRow(user_id=user.id, name="Late", email="late@example.org", text="Boulanger pâtissier")
        session.add(row)
        session.flush()
        assert row.id is not None
        late = row.id
        session.delete(session.get(CandidateRow, deleted))
        record_change(session, "candidates", late)
        record_change(session, "candidates", deleted)
        session.commit()
    engine.dispose()
    return late


def test_changes_after_the_watermark_are_replayed(api_settings: Settings) -> None:
    with _start(api_settings) as client:
        ids = _seed(client, 3)
    late = _late_changes(api_settings, ids[0])  # committed while no server runs: the saved index lags behind
    with _start(api_settings) as client:
        index = client.app.state.services.sync.index("candidates")  # type: ignore[attr-defined]
        assert late in index and ids[0] not in index
        assert _status(client) == (3, True)


def test_changes_committed_by_another_process_are_applied_by_polling(api_settings: Settings) -> None:
    with _start(api_settings) as client:
        ids = _seed(client, 3)
        late = _late_changes(api_settings, ids[0])  # nobody wakes the worker: its poll must find the change
        index = client.app.state.services.sync.index("candidates")  # type: ignore[attr-defined]
        deadline = time.monotonic() + 5
        while not (late in index and ids[0] not in index) and time.monotonic() < deadline:
            time.sleep(0.05)
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


def test_saving_prunes_only_changes_older_than_the_retention(api_settings: Settings) -> None:
    from datetime import timedelta

    from sqlmodel import select

    from api.db.tables import IndexChange, utcnow

    with _start(api_settings) as client:
        ids = _seed(client, 5)
        services: AppServices = client.app.state.services  # type: ignore[attr-defined]
        with Session(services.engine) as session:
            for change in session.exec(select(IndexChange).where(IndexChange.record_id.in_(ids[:2]))):  # type: ignore[attr-defined]
                change.at = utcnow() - timedelta(days=30)
                session.add(change)
            session.commit()
    with Session(services.engine) as session:
        left = session.exec(select(IndexChange.record_id)).all()
    assert sorted(left) == ids[2:]  # a replica that is behind can still read the recent changes
    with _start(api_settings) as client:
        assert _status(client) == (5, True)
        index = client.app.state.services.sync.index("candidates")  # type: ignore[attr-defined]
        assert all(i in index for i in ids)
