"""Fixtures of the account tests: the app with its mail going to a real SMTP server on 127.0.0.1, and
helpers that sign people up and in as a browser would (following the e-mailed links)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import make_settings
from tests.api.mailbox import Mailbox, Received

PASSWORD = "correct horse battery"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A running SMTP server."""
    box = Mailbox()
    box.start()
    yield box
    box.stop()


def mail_app_client(tmp_path: Path, database_url: str, mailbox: Mailbox, **overrides: object) -> TestClient:
    """A client of the app whose mail goes to ``mailbox`` (start it with ``with``)."""
    mail = mailbox.smtp_settings(**overrides.pop("mail", {}))  # type: ignore[arg-type]
    settings = make_settings(tmp_path / "var", database_url, mail=mail, **overrides)
    return TestClient(create_app(settings))


@pytest.fixture
def mclient(tmp_path: Path, database_url: str, mailbox: Mailbox) -> Iterator[TestClient]:
    """The started app, mail to ``mailbox``."""
    with mail_app_client(tmp_path, database_url, mailbox) as client:
        yield client


def token_of(link: str) -> str:
    """The ``token`` parameter of an e-mailed link."""
    return parse_qs(urlsplit(link).query)["token"][0]


def follow(client: TestClient, received: Received, path: str) -> str:
    """Open the link of an e-mail in the app (its page must answer) and return the link's token."""
    link = received.link(path)
    parts = urlsplit(link)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200, page.text
    return token_of(link)


def sign_up(client: TestClient, email: str, role: str = "candidate", **extra: object) -> None:
    body: dict[str, object] = {"email": email, "password": PASSWORD, "role": role, "name": extra.pop("name", "Ana")}
    if role == "employer":
        body.update(company_name="Soudures du Fjord", region="02")
    body.update(extra)
    answer = client.post("/api/v1/auth/signup", json=body)
    assert answer.status_code == 202, answer.text


def verified_account(
    client: TestClient, mailbox: Mailbox, email: str, role: str = "candidate", **extra: object
) -> None:
    """Sign up and follow the verification link."""
    sign_up(client, email, role, **extra)
    token = follow(client, mailbox.wait_for(email)[-1], "/verify")
    assert client.post("/api/v1/auth/verify", json={"token": token}).status_code == 200


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Sign in (the client keeps the cookies) and return the CSRF header for writes."""
    answer = client.post("/api/v1/auth/signin", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    return {"X-CSRF-Token": answer.json()["csrf_token"]}
