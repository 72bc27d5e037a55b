"""Sign-in attempts are limited per account and per client address: a clear 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.accounts_world import PASSWORD, mail_app_client, mailbox, verified_account
from tests.api.mailbox import Mailbox

_ = mailbox


@pytest.fixture
def limited(tmp_path: Path, database_url: str, mailbox: Mailbox) -> Iterator[TestClient]:
    limits = {"signin_max_per_account": 3, "signin_max_per_ip": 5, "signin_window_seconds": 600}
    with mail_app_client(tmp_path, database_url, mailbox, accounts=limits) as client:
        yield client


def _try(client: TestClient, email: str, password: str = "wrong password", ip: str | None = None) -> int:
    return client.post("/api/v1/auth/signin", json={"email": email, "password": password}).status_code


def test_an_account_is_locked_after_its_failures_even_with_the_right_password(
    limited: TestClient, mailbox: Mailbox
) -> None:
    verified_account(limited, mailbox, "target@example.org")
    assert [_try(limited, "target@example.org") for _ in range(3)] == [401, 401, 401]
    blocked = limited.post("/api/v1/auth/signin", json={"email": "target@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_signins"
    wait = int(blocked.headers["Retry-After"])
    assert 590 <= wait <= 600


def test_one_client_address_is_limited_across_accounts(limited: TestClient, mailbox: Mailbox) -> None:
    verified_account(limited, mailbox, "other@example.org")
    codes = [_try(limited, f"guess{i}@example.org") for i in range(5)]
    assert codes == [401] * 5
    refused = limited.post("/api/v1/auth/signin", json={"email": "other@example.org", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def test_successful_sign_ins_are_not_counted(limited: TestClient, mailbox: Mailbox) -> None:
    verified_account(limited, mailbox, "fine@example.org")
    assert [_try(limited, "fine@example.org", PASSWORD) for _ in range(6)] == [200] * 6
