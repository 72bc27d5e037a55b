"""Limits before work: a body over its limit is refused before it is read (and before authentication), on a
real server; an upload has its own limit; the text extracted from a résumé is capped like a JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.schemas import TEXT_MAX_CHARS
from tests.api.conftest import MakeUser, auth, make_settings
from tests.api.live import live_server, raw_exchange
from tests.api.payloads import candidate_body
from tests.api.workflow_world import user_maker

MB = 1024 * 1024
UPLOAD_LIMIT = 300_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("limits") / "var"
    settings = make_settings(folder, f"sqlite:///{folder / 'passerelle.db'}", max_upload_bytes=UPLOAD_LIMIT)
    with live_server(create_app(settings)) as url:
        yield url


def _status_and_body(answer: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head, "no answer from the server"
    return int(head.split(b" ", 2)[1]), json.loads(body)


def test_50_mb_declared_before_auth_is_refused_without_reading_it(server: str) -> None:
    head = (
        b"POST /api/v1/vacancies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 52428800\r\n\r\n"
    )
    answer = raw_exchange(server, head, body_chunks=None, wait=5)  # not one byte of the body is sent
    status, body = _status_and_body(answer)
    assert status == 413
    assert body["code"] == "body_too_large" and "1048576 bytes" in str(body["detail"])


def test_chunked_body_is_cut_off_at_the_limit_while_it_streams(server: str) -> None:
    head = (
        b"POST /api/v1/vacancies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"x" * 65536
    endless = (b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(800))  # 50 MB offered, never terminated
    status, body = _status_and_body(raw_exchange(server, head, endless, wait=10))
    assert status == 413 and body["code"] == "body_too_large"


def test_invalid_content_length_is_400(server: str) -> None:
    head = b"POST /api/v1/vacancies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n"
    answer = raw_exchange(server, head, wait=5)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_upload_limit_applies_to_multipart_and_json_limit_to_the_rest(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var", f"sqlite:///{tmp_path / 'p.db'}", max_upload_bytes=UPLOAD_LIMIT)
    with TestClient(create_app(settings)) as client:
        _, token = user_maker(client)("candidate")
        created = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
        path = f"/api/v1/candidates/{created.json()['id']}"
        fits = ("cv.txt", b"Soudeur MIG. " * (UPLOAD_LIMIT // 20), "text/plain")
        assert client.post(f"{path}/resume", files={"file": fits}, headers=auth(token)).status_code == 200
        before = client.get(path, headers=auth(token)).json()
        too_big = ("cv.txt", b"a" * (UPLOAD_LIMIT + 70_000), "text/plain")
        refused = client.post(f"{path}/resume", files={"file": too_big}, headers=auth(token))
        assert refused.status_code == 413 and refused.json()["code"] == "body_too_large"
        json_over = client.patch(path, content=b'{"text": "' + b"a" * MB + b'"}', headers=auth(token))
        assert json_over.status_code == 413 and json_over.json()["code"] == "body_too_large"
        assert client.get(path, headers=auth(token)).json() == before


def test_extracted_resume_text_is_capped_like_json_text(client: TestClient, make_user: MakeUser) -> None:
    _, token = make_user("candidate")
    created = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token))
    path = f"/api/v1/candidates/{created.json()['id']}"
    before = client.get(path, headers=auth(token)).json()
    words = ("soudure " * (TEXT_MAX_CHARS // 8 + 10)).encode()  # 200,080 characters, 0.2 MB: under the file limit
    refused = client.post(f"{path}/resume", files={"file": ("cv.txt", words, "text/plain")}, headers=auth(token))
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "text_too_long" and "200000" in refused.json()["detail"]
    assert client.get(path, headers=auth(token)).json() == before
    as_json = client.patch(path, json={"text": "a" * (TEXT_MAX_CHARS + 1)}, headers=auth(token))
    assert as_json.status_code == 422 and as_json.json()["errors"][0]["loc"] == ["body", "text"]
    fits = client.post(f"{path}/resume", files={"file": ("cv.txt", words[:-200], "text/plain")}, headers=auth(token))
    assert fits.status_code == 200, fits.text
