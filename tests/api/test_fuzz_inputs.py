"""Hostile inputs get a 4xx with a message, never a 500, and change nothing stored: integers past 2⁶³−1 in
every id and offset, null for a field that cannot be null, lone surrogates and NUL in every string, inputs far
larger than their limit (the 422 does not quote them back), and concurrent creation of one profile.

Every test runs on SQLite and on PostgreSQL (one started app per database for the module).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Session, select

from api.db.tables import CandidateRow
from api.routes.workflow_schemas import InvitationCreate, ReviewIn
from api.schemas import MAX_ID, MAX_OFFSET, CandidateCreate, CandidateUpdate, VacancyCreate, VacancyUpdate
from tests.api.live import Live, run_at_once, started_live
from tests.api.payloads import candidate_body, vacancy_body
from tests.api.workflow_world import DATABASES, World, build_world, started_app

INT64_MAX = 2**63 - 1


@pytest.fixture(scope="module", params=DATABASES)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with started_app(request, tmp_path_factory) as client:
        yield build_world(client, client.app.state.services.engine)  # type: ignore[attr-defined]


REQUIRED_QUERY = {"q": "sague", "k": 5}
"""Values of the required query parameters (others are left out)."""


def _integer_params(client: TestClient) -> list[tuple[str, str, str, str, int]]:
    """(method, path, where, name, maximum) of every integer parameter, read from the OpenAPI document."""
    found = []
    for path, item in client.get("/openapi.json").json()["paths"].items():
        for method, operation in item.items():
            in_query = {p["name"] for p in operation.get("parameters", []) if p.get("required") and p["in"] == "query"}
            assert in_query <= REQUIRED_QUERY.keys()
            for param in operation.get("parameters", []):
                schema = param["schema"]
                schema = next((s for s in schema.get("anyOf", []) if s.get("type") == "integer"), schema)
                if schema.get("type") == "integer":
                    assert "maximum" in schema, f"{method} {path}: {param['name']} has no upper bound"
                    found.append((method.upper(), path, param["in"], param["name"], int(schema["maximum"])))
    return found


def _fill(path: str, world: World, **values: int) -> str:
    ids = {"vacancy_id": world.ids["V"], "candidate_id": world.ids["C1"], "invitation_id": world.ids["I"]}
    ids.update(values)
    others = {name: 1 for name in re.findall(r"{(\w+_id)}", path) if name not in ids}  # offers, requests…
    others.update({"months": 6} if "{months}" in path and "months" not in ids else {})
    return path.format(**ids, **others)


def test_integers_past_int64_are_422_on_every_route(world: World) -> None:
    """Ids past 2³¹−1 (32-bit columns on PostgreSQL) and offsets past 2⁶³−1 are 422; the largest accepted is not
    a server error."""
    params = _integer_params(world.client)
    routes_with_ids = {(m, p) for m, p, where, _, _ in params if where == "path"}
    assert len(routes_with_ids) >= 12, "the OpenAPI document lost its integer parameters"
    offsets = {top for *_, name, top in params if name == "offset"}
    assert MAX_OFFSET == INT64_MAX and MAX_OFFSET in offsets and max(offsets) <= INT64_MAX
    assert {top for _, _, where, name, top in params if where == "path" and name.endswith("_id")} == {MAX_ID}
    for method, path, where, name, largest in params:
        for value, allowed in (
            (largest + 1, {422}),
            (INT64_MAX + 1, {422}),
            (largest, {200, 204, 403, 404, 409, 422, 503}),
        ):
            url = _fill(path, world, **({name: value} if where == "path" else {}))
            query = {**REQUIRED_QUERY, **({name: value} if where == "query" else {})}
            extra: dict[str, Any] = {"json": {}} if method in {"POST", "PATCH", "PUT"} else {}
            if "resume" in path:
                extra = {"files": {"file": ("cv.txt", b"Soudeur MIG", "text/plain")}}
            response = world.call("admin", method, url, params=query, **extra)
            if response.status_code == 403:  # a role the admin is not: ask as the role that may
                role = "candidate" if "invitations/" in path else "advisor" if "reviews" in path else "employer"
                response = world.call(role, method, url, params=query, **extra)
            assert response.status_code in allowed, f"{method} {url} {query}: {response.status_code} {response.text}"
            locations = [e["loc"] for e in response.json().get("errors", [])] if response.status_code == 422 else []
            if value > largest:
                assert [where, name] in locations
            else:  # the largest id is accepted (a body may still be incomplete)
                assert [where, name] not in locations
    for too_big in (MAX_ID + 1, INT64_MAX + 1):
        body = {"vacancy_id": too_big, "candidate_id": world.ids["C1"]}
        assert world.call("employer", "POST", "/api/v1/invitations", json=body).status_code == 422


def _non_nullable(model: type[BaseModel]) -> list[str]:
    nullable: frozenset[str] = getattr(model, "nullable", frozenset())
    return [name for name in model.model_fields if name not in nullable]


def test_null_for_a_field_that_cannot_be_null_is_422_and_changes_nothing(world: World) -> None:
    vacancy, candidate = f"/api/v1/vacancies/{world.ids['V']}", f"/api/v1/candidates/{world.ids['C1']}"
    for role, path, model in (("employer", vacancy, VacancyUpdate), ("candidate", candidate, CandidateUpdate)):
        before = world.call(role, "GET", path).json()
        for name in _non_nullable(model):
            response = world.call(role, "PATCH", path, json={name: None})
            assert response.status_code == 422, f"{name}: {response.status_code} {response.text}"
            assert response.json()["errors"][0]["loc"] == ["body", name]
            assert "cannot be null" in response.json()["detail"]
        assert world.call(role, "GET", path).json() == before
    assert world.call("employer", "PATCH", vacancy, json={"municipality": None}).status_code == 422
    cleared = world.call("employer", "PATCH", vacancy, json={"wage_hourly": None, "start_date": None})
    assert cleared.status_code == 200 and cleared.json()["wage_hourly"] is None


def _string_fields(model: type[BaseModel]) -> list[str]:
    schema = model.model_json_schema()["properties"]
    return [name for name, prop in schema.items() if "string" in str(prop) and "enum" not in str(prop)]


BODIES: list[tuple[str, str, str, type[BaseModel]]] = [
    ("employer", "POST", "/api/v1/vacancies", VacancyCreate),
    ("employer", "PATCH", "/api/v1/vacancies/{vacancy_id}", VacancyUpdate),
    ("other_candidate", "PATCH", "/api/v1/candidates/{C2}", CandidateUpdate),
    ("advisor", "POST", "/api/v1/vacancies/{vacancy_id}/reviews/{candidate_id}", ReviewIn),
    ("employer", "POST", "/api/v1/invitations", InvitationCreate),
]


def _valid_body(model: type[BaseModel], world: World) -> dict[str, Any]:
    if model is VacancyCreate:
        return vacancy_body()
    if model is InvitationCreate:
        return {"vacancy_id": world.ids["V"], "candidate_id": world.ids["C2"]}
    return {}


@pytest.mark.parametrize("bad", ["\\ud800", "\\udfff tail", "\\u0000"], ids=["lone-high", "lone-low", "nul"])
def test_lone_surrogates_and_nul_in_any_string_are_422(world: World, bad: str) -> None:
    assert "email" in _string_fields(CandidateCreate)
    for role, method, template, model in BODIES:
        path = template.replace("{C2}", str(world.ids["C2"]))
        path = _fill(path, world)
        for name in _string_fields(model):
            body = _valid_body(model, world)
            raw = httpx.Request("POST", "http://x", json={**body, name: "PLACEHOLDER"}).content
            raw = raw.replace(b"PLACEHOLDER", f"ab{bad}".encode())
            headers = {**world.headers(role), "content-type": "application/json"}
            response = world.client.request(method, path, content=raw, headers=headers)
            assert response.status_code == 422, f"{method} {path} {name}={bad}: {response.status_code}"
            assert response.json()["errors"][0]["loc"][:2] == ["body", name], response.text


def test_a_422_never_quotes_a_large_input_back(world: World) -> None:
    huge = "é" * 400_000  # 0.8 MB of JSON: under the body limit, far over the field's 300 characters
    response = world.call("employer", "PATCH", f"/api/v1/vacancies/{world.ids['V']}", json={"title": huge})
    assert response.status_code == 422
    assert len(response.content) < 2000 and "éééé" not in response.text
    assert response.json()["code"] == "validation_error" and "input" not in response.json()["errors"][0]
    codes = world.call("employer", "POST", "/api/v1/vacancies", json=vacancy_body(occupation_codes=["7" * 100_000]))
    assert codes.status_code == 422 and len(codes.content) < 2000


@pytest.fixture(scope="module", params=DATABASES)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with started_live(request, tmp_path_factory) as server:
        yield server


def test_concurrent_creation_of_one_profile_is_one_201_and_409s(live: Live) -> None:
    for _ in range(3):
        user, token = live.make_user("candidate")
        with live.client(token) as http:
            answers = run_at_once([partial(http.post, "/api/v1/candidates", json=candidate_body()) for _ in range(6)])
        assert sorted(r.status_code for r in answers) == [201, 409, 409, 409, 409, 409], [r.text for r in answers]
        assert {r.json()["code"] for r in answers if r.status_code == 409} == {"profile_exists"}
        with Session(live.engine) as session:
            assert len(session.exec(select(CandidateRow).where(CandidateRow.user_id == user.id)).all()) == 1
