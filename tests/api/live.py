"""A real HTTP server (uvicorn) on 127.0.0.1 in a thread, for tests that need a real socket: bodies that
stream, requests from several threads at once, the schema fuzzer."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.app import create_app
from api.auth import Role, create_user
from api.db.tables import User
from tests.api.conftest import make_settings, new_pg_database
from tests.api.pg import free_port


@dataclass
class Live:
    """A started server: its URL and its database engine."""

    base_url: str
    engine: Engine

    def make_user(self, role: str, *, regions: tuple[str, ...] | list[str] = (), name: str = "") -> tuple[User, str]:
        """Create an account directly in the database: (user, token)."""
        with Session(self.engine, expire_on_commit=False) as session:
            return create_user(session, Role(role), name=name or f"{role} live", regions=regions)

    def client(self, token: str) -> httpx.Client:
        """An HTTP client of the server signed in with ``token``."""
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60)


@contextmanager
def started_live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A real server on a new database (``request.param``: "sqlite" or "postgresql")."""
    folder = tmp_path_factory.mktemp(f"live-{request.param}") / "var"
    url = f"sqlite:///{folder / 'passerelle.db'}"
    if request.param == "postgresql":
        url = new_pg_database(request.getfixturevalue("pg"))
    app = create_app(make_settings(folder, url))
    with live_server(app) as base:
        yield Live(base, app.state.services.engine)


def run_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in real threads released together by a barrier; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` (lifespan included) on a free port of 127.0.0.1; yields its base URL, then stops it."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def raw_exchange(base_url: str, head: bytes, body_chunks: Iterator[bytes] | None = None, wait: float = 10) -> bytes:
    """Send a raw HTTP/1.1 request head (and body chunks, from another thread) and read the answer.

    The body is sent from a thread so that a server answering before it has read everything is seen as
    such: the answer is read while the body may still be on its way (or never finished).

    Args:
        base_url: "http://127.0.0.1:port".
        head: the request line and headers, ending with a blank line.
        body_chunks: bytes to send after the head, if any.
        wait: seconds to wait for the answer.

    Returns:
        The bytes of the answer received before the server closed the connection or ``wait`` ran out.
    """
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(head)

        def send_body() -> None:
            try:
                for chunk in body_chunks or iter(()):
                    sock.sendall(chunk)
            except OSError:  # the server answered and closed the connection: expected
                pass

        sender = threading.Thread(target=send_body, daemon=True)
        sender.start()
        received = b""
        try:
            while b"\r\n\r\n" not in received or not _complete(received):
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        except (TimeoutError, ConnectionResetError):
            pass
        return received


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False
