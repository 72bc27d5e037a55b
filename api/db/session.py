"""Database engine and sessions: a SQLite file in WAL mode by default, PostgreSQL when configured."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

# One session per request, one for the index worker, one for the change-log listener: the server's thread pool
# (40 threads) plus a margin fits in pool + overflow, so a burst waits for a thread, not for a connection.
POOL_SIZE = 10
POOL_OVERFLOW = 40
POOL_TIMEOUT = 30.0


def sqlite_url(data_dir: Path) -> str:
    """The default database: ``passerelle.db`` inside the data directory."""
    return f"sqlite:///{(data_dir / 'passerelle.db').resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine for ``url``.

    Args:
        url: a SQLAlchemy URL (``sqlite:///...`` or ``postgresql+psycopg://...``).

    Returns:
        The engine; SQLite connections get WAL mode, full sync, foreign keys and a busy timeout.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            pool_timeout=POOL_TIMEOUT,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=POOL_TIMEOUT
    )


def is_postgres(engine: Engine) -> bool:
    """Whether the engine talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def begin_write(session: Session) -> None:
    """Start the session's write transaction now, on a fresh snapshot.

    The reads done so far (the account, the record) are committed away first. On SQLite the write transaction
    then starts with ``BEGIN IMMEDIATE``: it waits for the write lock (busy timeout) instead of failing with
    "database is locked" when a read transaction tries to become a write one after another writer committed.
    """
    session.commit()
    session.expire_all()  # what is read from now on comes from the write transaction's snapshot
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session outside a request (commands, background sync); the caller commits."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
