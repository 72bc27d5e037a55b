"""Crash recovery: kill -9 the real server in the middle of a concurrent import, restart, and check that every
acknowledged record is there and that the index matches the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlmodel import Session

from api.auth import Role, create_user
from api.db.migrate import migrate
from api.db.session import make_engine
from tests.api.conftest import auth
from tests.api.payloads import candidate_body
from tests.api.pg import free_port

REPO = Path(__file__).resolve().parents[2]
N_CANDIDATES = 60


def _env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PASSERELLE_DATA_DIR": str(data_dir),
        "PASSERELLE_DATABASE_URL": database_url,
        "PASSERELLE_EMBEDDER__BACKEND": "hashing",
        "PASSERELLE_INDEX__BACKEND": "faiss",
        "PASSERELLE_INDEX_SAVE_EVERY": "7",
        "PASSERELLE_LOAD_DEMO": "false",
        "PASSERELLE_CLASSIFY_DOCUMENTS": "false",
        **{f"PASSERELLE_{k.upper()}": v for k, v in extra.items()},
    }


def _server(data_dir: Path, database_url: str, port: int, **extra: str) -> subprocess.Popen[bytes]:
    env = _env(data_dir, database_url, **extra)
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "api.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    log = (data_dir / f"server-{port}.log").open("wb")
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server exited during start"
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("server did not start in time")


def _accounts(database_url: str, n: int) -> tuple[str, list[str]]:
    migrate(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        _, admin = create_user(session, Role.ADMIN, name="admin")
        tokens = [create_user(session, Role.CANDIDATE, name=f"c{i}", commit=False)[1] for i in range(n)]
        session.commit()
    engine.dispose()
    return admin, tokens


def test_acknowledged_records_survive_kill_9(tmp_path: Path, database_url: str) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir(parents=True, exist_ok=True)
    admin, tokens = _accounts(database_url, N_CANDIDATES)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _server(data_dir, database_url, port)
    acknowledged: dict[int, str] = {}
    lock = threading.Lock()
    try:
        _wait_ready(base, proc)

        def post(i: int) -> None:
            body = candidate_body(name=f"Personne {i}", email=f"p{i}@example.org", text=f"Soudeur {i} MIG TIG acier")
            try:
                response = httpx.post(f"{base}/api/v1/candidates", json=body, headers=auth(tokens[i]), timeout=10)
            except httpx.HTTPError:
                return
            if response.status_code == 201:
                with lock:
                    acknowledged[response.json()["id"]] = body["name"]

        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(post, i) for i in range(N_CANDIDATES)]
            while len(acknowledged) < N_CANDIDATES // 3:
                time.sleep(0.01)
            os.kill(proc.pid, signal.SIGKILL)
            for future in futures:
                future.result()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert N_CANDIDATES // 3 <= len(acknowledged) < N_CANDIDATES

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _server(data_dir, database_url, port)
    try:
        _wait_ready(base, proc)
        for candidate_id, name in acknowledged.items():
            response = httpx.get(f"{base}/api/v1/candidates/{candidate_id}", headers=auth(admin), timeout=10)
            assert response.status_code == 200, candidate_id
            assert response.json()["name"] == name
        health = httpx.get(f"{base}/api/v1/admin/health", headers=auth(admin), timeout=10).json()
        assert health["in_sync"], health
        assert health["indexes"]["candidates"]["indexed"] >= len(acknowledged)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def _worker(data_dir: Path, database_url: str) -> subprocess.Popen[bytes]:
    log = (data_dir / "worker.log").open("ab")
    cmd = [sys.executable, "-m", "api.cli", "worker"]
    return subprocess.Popen(cmd, cwd=REPO, env=_env(data_dir, database_url), stdout=log, stderr=subprocess.STDOUT)


def _indexed(base: str, admin: str) -> int:
    health = httpx.get(f"{base}/api/v1/admin/health", headers=auth(admin), timeout=10).json()
    return int(health["indexes"]["candidates"]["indexed"])


def test_kill_9_of_the_index_worker_mid_import_loses_nothing(tmp_path: Path, database_url: str) -> None:
    server_dir, worker_dir = tmp_path / "server", tmp_path / "worker"
    for folder in (server_dir, worker_dir):
        folder.mkdir(parents=True)
    admin, tokens = _accounts(database_url, N_CANDIDATES)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = _server(server_dir, database_url, port, index_embed="false")  # encoding is the worker's job
    worker = _worker(worker_dir, database_url)
    acknowledged: list[int] = []
    try:
        _wait_ready(base, server)
        with ThreadPoolExecutor(max_workers=8) as pool:
            bodies = [candidate_body(name=f"P {i}", email=f"p{i}@example.org", text=f"Soudeur {i}") for i in range(60)]
            futures = [
                pool.submit(httpx.post, f"{base}/api/v1/candidates", json=b, headers=auth(t), timeout=20)
                for b, t in zip(bodies, tokens, strict=True)
            ]
            while sum(f.done() for f in futures) < N_CANDIDATES // 3:
                time.sleep(0.01)
            os.kill(worker.pid, signal.SIGKILL)  # mid-import: some vectors stored, some not
            acknowledged = [f.result().json()["id"] for f in futures if f.result().status_code == 201]
        worker.wait(timeout=10)
        assert len(acknowledged) == N_CANDIDATES  # the server answers at commit, worker or not
        worker = _worker(worker_dir, database_url)
        deadline = time.monotonic() + 60
        while _indexed(base, admin) < N_CANDIDATES and time.monotonic() < deadline:
            time.sleep(0.2)
        health = httpx.get(f"{base}/api/v1/admin/health", headers=auth(admin), timeout=10).json()
        assert health["in_sync"], health
    finally:
        for proc in (server, worker):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
