"""The OpenAPI document names every error a route answers, with one error body, and ``/docs`` loads its
JavaScript and CSS from the app itself (it works without the Internet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import make_settings
from tests.api.test_authz_matrix import MATRIX


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("openapi") / "var"
    app = create_app(make_settings(folder, f"sqlite:///{folder / 'unused.db'}"))
    return TestClient(app, headers={"Accept-Language": "en"})  # the API answers in French by default


def _operation(document: dict[str, object], route: str) -> dict[str, object]:
    method, path = route.split(" ", 1)
    return document["paths"][path][method.lower()]  # type: ignore[index,no-any-return]


def test_every_status_of_the_authorization_matrix_is_documented(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for route, case in MATRIX.items():
        documented = {int(s) for s in _operation(document, route)["responses"]}  # type: ignore[attr-defined]
        errors = {status for status in case.expected if status >= 400}
        assert errors <= documented, f"{route}: {sorted(errors - documented)} not documented"


def test_routes_document_the_errors_their_shape_implies(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    patch = _operation(document, "PATCH /api/v1/vacancies/{vacancy_id}")
    assert {"400", "401", "403", "404", "413", "422"} <= set(patch["responses"])  # type: ignore[arg-type]
    upload = _operation(document, "POST /api/v1/candidates/{candidate_id}/resume")
    assert {"413", "415", "422"} <= set(upload["responses"])  # type: ignore[arg-type]
    accept = _operation(document, "POST /api/v1/invitations/{invitation_id}/accept")
    assert "409" in accept["responses"]  # type: ignore[operator]
    assert _operation(document, "GET /api/v1/me")["security"] == [{"bearerAuth": []}]
    assert "bearerAuth" in document["components"]["securitySchemes"]


def test_every_error_answer_uses_the_one_error_body(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["ErrorBody"]["required"]) == {"detail", "code"}
    assert "HTTPValidationError" not in schemas
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                ref = response["content"]["application/json"]["schema"]["$ref"]
                expected = "ValidationErrorBody" if status == "422" else "ErrorBody"
                assert ref == f"#/components/schemas/{expected}", (method, path, status)
                assert response["description"], (method, path, status)


def test_errors_outside_routes_carry_a_code(client: TestClient) -> None:
    unknown = client.get("/api/v1/nothing-here")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Not Found", "code": "not_found"}
    wrong_method = client.put("/api/v1/regions")
    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == "method_not_allowed"


def test_docs_load_their_scripts_and_styles_from_the_app(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(u.startswith("/") for u in urls), f"external assets: {urls}"
    assert not re.search(r"https?://", page.text.replace("http://www.w3.org", "")), "the page names a remote host"
    kinds = {}
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        kinds[Path(url).suffix] = (asset.headers["content-type"], len(asset.content))
    assert kinds[".js"][0].startswith(("application/javascript", "text/javascript")) and kinds[".js"][1] > 500_000
    assert kinds[".css"][0].startswith("text/css") and kinds[".css"][1] > 50_000
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN: not served
