"""Résumé uploads: PDF, DOCX and text are read; bad files get a JSON message and change nothing stored."""

from __future__ import annotations

import io

import docx
import httpx
from fastapi.testclient import TestClient

from tests.api.conftest import MakeUser, auth
from tests.api.payloads import candidate_body

NURSE = "Infirmière auxiliaire, huit ans en soins de longue durée. Montréal, Québec."


def make_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer holds ``text`` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _profile(client: TestClient, make_user: MakeUser) -> tuple[str, str]:
    _, token = make_user("candidate")
    cid = client.post("/api/v1/candidates", json=candidate_body(), headers=auth(token)).json()["id"]
    return token, f"/api/v1/candidates/{cid}"


def _upload(client: TestClient, path: str, token: str, name: str, data: bytes, kind: str) -> httpx.Response:
    return client.post(f"{path}/resume", files={"file": (name, data, kind)}, headers=auth(token))


def test_pdf_docx_and_text_are_read(client: TestClient, make_user: MakeUser) -> None:
    token, path = _profile(client, make_user)
    pdf = _upload(
        client, path, token, "cv.pdf", make_pdf("Registered nurse, eight years in hospitals"), "application/pdf"
    )
    assert pdf.status_code == 200, pdf.text
    body = pdf.json()
    assert "Registered nurse" in body["text"] and body["resume_filename"] == "cv.pdf"
    word = _upload(client, path, token, "cv.docx", make_docx(NURSE), "application/octet-stream")
    assert word.status_code == 200, word.text
    assert word.json()["text"] == NURSE
    latin = _upload(client, path, token, "cv.txt", NURSE.encode("cp1252"), "text/plain")
    assert latin.status_code == 200, latin.text
    assert latin.json()["text"] == NURSE


def test_bad_files_are_refused_and_nothing_is_lost(client: TestClient, make_user: MakeUser) -> None:
    token, path = _profile(client, make_user)
    before = client.get(path, headers=auth(token)).json()
    cases = {
        "corrupt.pdf": (b"%PDF-1.4\n garbage \x00\x01 not a pdf", "application/pdf", 422, "PDF"),
        "notzip.docx": (b"this is not a zip archive", "application/octet-stream", 422, "DOCX"),
        "empty.txt": (b"", "text/plain", 422, "empty"),
        "blank.txt": (b"   \n\n  ", "text/plain", 422, "empty"),
        "photo.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png", 415, "unsupported"),
        "big.txt": (b"a" * (5 * 1024 * 1024 + 1), "text/plain", 413, "limit"),
    }
    for name, (data, kind, status, words) in cases.items():
        response = _upload(client, path, token, name, data, kind)
        assert response.status_code == status, (name, response.text)
        detail = response.json()["detail"]
        assert words.lower() in detail.lower(), (name, detail)
    missing = client.post(f"{path}/resume", headers=auth(token))
    assert missing.status_code == 422
    assert "file" in str(missing.json()["detail"])
    assert client.get(path, headers=auth(token)).json() == before


def test_upload_is_for_the_owner(client: TestClient, make_user: MakeUser) -> None:
    _, path = _profile(client, make_user)
    _, stranger = make_user("candidate")
    _, employer = make_user("employer")
    assert _upload(client, path, stranger, "cv.txt", b"Soudeur", "text/plain").status_code == 404
    assert _upload(client, path, employer, "cv.txt", b"Soudeur", "text/plain").status_code == 403
