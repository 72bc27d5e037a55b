"""Shared fixtures of the API tests: the app on a fresh database (SQLite file, or a real PostgreSQL), a client,
and account factories.

Every test that uses ``client`` runs twice: ``[sqlite]`` and ``[postgresql]``. The PostgreSQL cluster is started
once per session; without its binaries those runs are skipped with the reason, except under ``CI=true`` where
they fail.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.app import create_app
from api.auth import Role, create_user
from api.db.migrate import migrate
from api.db.tables import User
from api.deps import AppServices
from api.settings import Settings
from tests.api.pg import PgCluster, missing_reason, pg_cluster

_db_numbers = itertools.count(1)
MakeUser = Callable[..., tuple[User, str]]


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL cluster for the whole session."""
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true but PostgreSQL cannot be started: {reason}")
        pytest.skip(reason)
    with pg_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_database(pg: PgCluster) -> str:
    """One database for the session, migrated once; tests empty it rather than create one each (faster)."""
    name = f"passerelle_test_{os.getpid()}"
    with psycopg.connect(host=pg.host, port=pg.port, user=pg.user, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg.url(name)
    migrate(url)
    return url


def new_pg_database(cluster: PgCluster) -> str:
    """Create an empty database in the cluster (no tables yet) and return its URL."""
    name = f"passerelle_test_{os.getpid()}_{next(_db_numbers)}"
    with psycopg.connect(
        host=cluster.host, port=cluster.port, user=cluster.user, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


def empty_pg_database(cluster: PgCluster, url: str) -> None:
    """Delete every row of every table (the schema stays at the latest migration) and reset the ids."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(host=cluster.host, port=cluster.port, user=cluster.user, dbname=name) as conn:
        conn.execute("SET lock_timeout = '20s'")
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            quoted = ", ".join(f'"{t}"' for t in tables)
            conn.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        conn.commit()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database at the latest migration: a SQLite file in the test's folder, or the session's
    PostgreSQL database emptied for this test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'passerelle.db'}"
    url: str = request.getfixturevalue("pg_database")
    empty_pg_database(request.getfixturevalue("pg"), url)
    return url


def make_settings(data_dir: Path, database_url: str, **overrides: object) -> Settings:
    """Test settings: hashing embedder, exact index, no demo data, no classifier (tests may set one).

    A write waits for this process's index to apply it (``write_wait_seconds``), so a test can search right after
    writing; the tests of read-your-writes set it to 0 and use ``?after=<change id>``.
    """
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "load_demo": False,
        "embedder": {"backend": "hashing"},
        "index": {"backend": "exact"},
        "classify_documents": False,
        "write_wait_seconds": 10.0,
        "gc_freeze": False,  # tests/api/test_after_wait.py checks it on
        "index_encoder_process": False,  # tests/api/test_encoder_process.py checks it on
    }
    # cheap argon2id for tests (production: 3 passes, 64 MiB, 4 lanes); other account settings may be overridden
    accounts = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
    accounts.update(overrides.pop("accounts", {}))  # type: ignore[arg-type]
    values.update(overrides, accounts=accounts)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def api_settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings of the app under test (data folder in ``tmp_path``)."""
    return make_settings(tmp_path / "var", database_url)


@pytest.fixture
def app(api_settings: Settings) -> FastAPI:
    """The application (not started)."""
    return create_app(api_settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of the started application (lifespan run: migrations, services, indexes).

    It asks for English (the API answers in French by default): the tests read the routes' own English messages;
    ``tests/api/test_error_languages.py`` checks French, Spanish and the default.
    """
    with TestClient(app, headers={"Accept-Language": "en"}) as test_client:
        assert test_client.app.state.services.worker.wait_ready(60), "the index replica did not load"  # type: ignore[attr-defined]
        yield test_client


@pytest.fixture
def services(client: TestClient) -> AppServices:
    """The started app's services (engine, matching service, index sync…)."""
    found: AppServices = client.app.state.services  # type: ignore[attr-defined]
    return found


@pytest.fixture
def make_user(request: pytest.FixtureRequest) -> MakeUser:
    """Create an account: ``make_user("advisor", regions=["02"], name="…") -> (User, token)``.

    The account is made in the app the test runs: the mail app (``mclient``) when the test asks for it, else
    ``client``. Starting the other app too would put two mail senders on one outbox, and the folder one could take
    a message the test waits for on its SMTP server.
    """
    started = "mclient" if "mclient" in request.fixturenames else "client"
    services: AppServices = request.getfixturevalue(started).app.state.services

    def make(role: str | Role, *, regions: tuple[str, ...] | list[str] = (), name: str = "") -> tuple[User, str]:
        chosen = Role(role)
        with Session(services.engine, expire_on_commit=False) as session:
            return create_user(session, chosen, name=name or f"{chosen.value} test", regions=regions)

    return make


def auth(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def hold_encoding(services: AppServices, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the index worker's (in-process) encoder wait until the returned event is set (or 20 s)."""
    release = threading.Event()
    real = services.embedder.encode_documents

    def slow(texts: Any) -> Any:
        release.wait(20)
        return real(texts)

    monkeypatch.setattr(services.embedder, "encode_documents", slow)
    return release


@pytest.fixture
def blocked_encoder(services: AppServices, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The started app's index worker encoder waits until the returned event is set (or 20 s)."""
    release = hold_encoding(services, monkeypatch)
    yield release
    release.set()
