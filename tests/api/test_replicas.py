"""Two server processes (two "hosts": separate data folders) on one real PostgreSQL, each with its own index
replica kept in step by the change log: a write through one is searchable through the other within 2 s, and kill -9
of either loses no acknowledged record."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from api.auth import Role, create_user
from api.db.migrate import migrate
from api.db.session import make_engine
from tests.api.conftest import auth, new_pg_database
from tests.api.payloads import candidate_body, vacancy_body
from tests.api.pg import PgCluster, free_port
from tests.api.test_kill9 import _server, _wait_ready

pytestmark = pytest.mark.postgres
N = 40


def _accounts(url: str) -> tuple[str, str, list[str]]:
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        _, admin = create_user(session, Role.ADMIN, name="admin")
        _, employer = create_user(session, Role.EMPLOYER, name="Atelier")
        tokens = [create_user(session, Role.CANDIDATE, name=f"c{i}", commit=False)[1] for i in range(N)]
        session.commit()
    engine.dispose()
    return admin, employer, tokens


class _Host:
    def __init__(self, root: Path, name: str, url: str) -> None:
        self.dir = root / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.start()

    def start(self) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = _server(self.dir, self.url, port, index__backend="exact", write_wait_seconds="0")
        _wait_ready(self.base, self.proc)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)


def _shortlisted(host: _Host, vacancy: int, token: str) -> set[int]:
    body = httpx.get(f"{host.base}/api/v1/vacancies/{vacancy}/shortlist?limit=200", headers=auth(token), timeout=10)
    assert body.status_code == 200, body.text
    return {e["candidate_id"] for e in body.json()["data"]}


def _post(host: _Host, i: int, token: str) -> int | None:
    body = candidate_body(name=f"Personne {i}", email=f"p{i}@example.org", text=f"Soudeur {i} MIG TIG acier")
    try:
        response = httpx.post(f"{host.base}/api/v1/candidates", json=body, headers=auth(token), timeout=10)
    except httpx.HTTPError:
        return None
    return int(response.json()["id"]) if response.status_code == 201 else None


def test_two_servers_on_one_postgresql_stay_in_step_and_survive_kill_9(pg: PgCluster, tmp_path: Path) -> None:
    url = new_pg_database(pg)
    admin, employer, tokens = _accounts(url)
    a, b = _Host(tmp_path, "a", url), _Host(tmp_path, "b", url)
    try:
        vacancy = httpx.post(f"{a.base}/api/v1/vacancies", json=vacancy_body(), headers=auth(employer)).json()["id"]
        written = _post(b, 0, tokens[0])
        started = time.monotonic()
        while written not in _shortlisted(a, vacancy, employer):
            assert time.monotonic() - started < 2.0, "a write through B did not reach A's shortlist in 2 s"
            time.sleep(0.05)

        acknowledged: set[int] = {written} if written else set()
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(_post, a if i % 2 else b, i, tokens[i]) for i in range(1, N)]
            while sum(f.done() for f in futures) < N // 3:
                time.sleep(0.01)
            os.kill(a.proc.pid, signal.SIGKILL)
            acknowledged |= {f.result() for f in futures if f.result() is not None}  # type: ignore[misc]
        a.proc.wait(timeout=10)
        assert len(acknowledged) >= N // 2  # B kept accepting writes while A was dead

        deadline = time.monotonic() + 5
        while not acknowledged <= _shortlisted(b, vacancy, employer):
            assert time.monotonic() < deadline, acknowledged - _shortlisted(b, vacancy, employer)
            time.sleep(0.1)
        a.start()  # A's saved replica is behind: it catches up from the change log before /readyz says ready
        assert acknowledged <= _shortlisted(a, vacancy, employer)
        for host in (a, b):
            health = httpx.get(f"{host.base}/api/v1/admin/health", headers=auth(admin), timeout=10).json()
            assert health["in_sync"], health
    finally:
        a.stop()
        b.stop()
