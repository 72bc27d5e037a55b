"""The database is the source of truth: saved indexes are reloaded, caught up, or rebuilt at start."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
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
        deadline = time.monotonic() + 20  # a foreign change waits up to 5 s for its writer's vector, then is encoded
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


def test_a_rebuild_is_built_aside_while_searches_use_the_live_index(
    api_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import numpy as np

    from api.db import index_sync

    with _start(api_settings) as client:
        ids = _seed(client, 4)
        services: AppServices = client.app.state.services  # type: ignore[attr-defined]
        slot = services.sync.index("candidates")
        live = slot.current
        inside, release = threading.Event(), threading.Event()
        real = index_sync.load_vectors

        def slow(*args: object) -> object:
            inside.set()
            release.wait(10)
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(index_sync, "load_vectors", slow)
        rebuild = threading.Thread(target=services.sync.rebuild, args=("candidates",))
        rebuild.start()
        assert inside.wait(10)
        assert slot.current is live and len(slot) == 4  # not an empty index while the new one fills
        query = services.embedder.encode_queries(["Soudeur MIG TIG"])
        assert len(slot.search(np.asarray(query), 10)[0].ids) == 4
        release.set()
        rebuild.join(10)
        assert slot.current is not live and all(i in slot for i in ids)


def test_build_settings_rebuild_and_search_settings_apply_after_restart(tmp_path: Path, database_url: str) -> None:
    from tests.api.conftest import make_settings

    def settings(**index: object) -> Settings:
        values = {"backend": "faiss", "exact_threshold": 40, **index}
        return make_settings(tmp_path / "var", database_url, index=values)

    with _start(settings(nprobe=2)) as client:
        _seed(client, 45)
        assert client.app.state.services.sync.index("candidates").current.mode == "ivf_sq8"  # type: ignore[attr-defined]
    meta_path = tmp_path / "var" / "index" / "candidates.json"
    saved = json.loads(meta_path.read_text())
    with _start(settings(nprobe=5)) as client:
        index = client.app.state.services.sync.index("candidates").current  # type: ignore[attr-defined]
        assert index.config.nprobe == 5 and index._index.nprobe == 5  # search setting applied on load
    assert json.loads(meta_path.read_text())["fingerprint"] == saved["fingerprint"]  # loaded, not rebuilt
    with _start(settings(nprobe=5, exact_threshold=100)) as client:
        index = client.app.state.services.sync.index("candidates").current  # type: ignore[attr-defined]
        assert index.mode == "flat" and len(index) == 45  # a build setting changed: rebuilt with it
    assert json.loads(meta_path.read_text())["fingerprint"] != saved["fingerprint"]


def test_two_writers_each_encode_their_own_changes_at_once(tmp_path: Path, database_url: str) -> None:
    """Two processes write at the same moment: neither waits for the other's vector before indexing its own.

    Before, a batch mixing a change of this process with a fresh one of another was applied all or nothing, and
    encoded only when every change in it was local or past its grace: each process waited for the other's vector
    while the other waited for its own, until the grace ran out (under steady writes, for ever).
    """
    from tests.api.conftest import make_settings

    one = make_settings(tmp_path / "one", database_url, index_foreign_grace_seconds=600, write_wait_seconds=0)
    two = make_settings(tmp_path / "two", database_url, index_foreign_grace_seconds=600, write_wait_seconds=0)
    with _start(one) as first, _start(two) as second:
        a: AppServices = first.app.state.services  # type: ignore[attr-defined]
        b: AppServices = second.app.state.services  # type: ignore[attr-defined]
        a.worker.stop()
        b.worker.stop()
        written = {}
        for services, client, name in ((a, first, "Ana"), (b, second, "Bea")):
            with Session(services.engine) as session:
                _, token = create_user(session, Role.CANDIDATE, name=name)
            body = candidate_body(name=name, email=f"{name}@example.org", text=f"{name} soudeuse MIG TIG")
            response = client.post("/api/v1/candidates", json=body, headers=auth(token))
            assert response.status_code == 201, response.text
            written[name] = (response.json()["id"], int(response.headers["X-Change-Id"]))
        last = max(change for _, change in written.values())
        for _ in range(3):  # each process's own change is encoded at its first step, the other's vector then read
            a.sync.step()
            b.sync.step()
        for services in (a, b):
            assert services.sync.applied >= last
            assert all(record in services.sync.index("candidates") for record, _ in written.values())
